package docx

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/docx/internal/docxtest"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxmltest"
)

// Shorthands for test bodies.
var (
	wp, wr, wtc, wtr, wtbl = docxtest.P, docxtest.R, docxtest.Tc, docxtest.Tr, docxtest.Tbl
	cellP, span            = docxtest.CellP, docxtest.Span
)

const (
	docxNS   = docxtest.NS
	docxRels = docxtest.Rels
	vRestart = docxtest.VRestart
	vCont    = docxtest.VCont
)

// zipOf writes a zip of the given entries, in order.
var zipOf = ooxmltest.Zip

// readOne reads a document that must read, into its one grid.
func readOne(t *testing.T, data []byte, opts Options) *grid.Grid {
	t.Helper()
	grids, err := Read(context.Background(), data, opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 1 {
		t.Fatalf("%d grids, want 1", len(grids))
	}
	return grids[0]
}

// check compares lists of cells.
func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// listCells lists a grid's cells as "row,col[ RxC] pos text".
func listCells(g *grid.Grid) []string {
	var out []string
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			s := fmt.Sprintf("%d,%d", c.Row, c.Col)
			if c.RowSpan != 1 || c.ColSpan != 1 {
				s += fmt.Sprintf(" %dx%d", c.RowSpan, c.ColSpan)
			}
			out = append(out, s+" "+c.Pos.String()+" "+fmt.Sprintf("%q", c.Text))
		}
	}
	return out
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"paragraphs, tabs and breaks",
			wp(wr("项目支出绩效目标申报表")) + "<w:p/>" + wp(wr("项目负责人（签字）：&lt;"), `<w:r><w:tab/><w:tab/><w:t>单位（盖章）：</w:t></w:r>`) +
				wp(wr("第一行"), `<w:r><w:br/></w:r>`, wr("第二行")),
			[]string{`0,0 paragraph 1 "项目支出绩效目标申报表"`, `2,0 paragraph 3 "项目负责人（签字）：<"`, `2,2 paragraph 3 "单位（盖章）："`,
				`3,0 paragraph 4 "第一行"`, `4,0 paragraph 4 "第二行"`}},
		{"runs split mid-word, proofing marks and bookmarks between",
			wp(wr("项"), `<w:proofErr w:type="spellStart"/>`, wr("目名"), `<w:bookmarkStart w:id="0" w:name="a"/>`, wr("称"), `<w:bookmarkEnd w:id="0"/>`, `<w:proofErr w:type="spellEnd"/>`),
			[]string{`0,0 paragraph 1 "项目名称"`}},
		{"tracked changes: insertions count, deletions do not",
			wp(wr("≥"), `<w:del w:id="1" w:author="a"><w:r><w:delText>60</w:delText></w:r></w:del>`,
				`<w:ins w:id="2" w:author="a"><w:r><w:t>63.5</w:t></w:r></w:ins>`, wr("元/人"),
				`<w:moveFrom w:id="3"><w:r><w:t>旧</w:t></w:r></w:moveFrom>`, `<w:moveTo w:id="4"><w:r><w:t>。</w:t></w:r></w:moveTo>`),
			[]string{`0,0 paragraph 1 "≥63.5元/人。"`}},
		{"hidden text, field codes, soft and hard hyphens, symbols",
			wp(`<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>`, `<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>专项业务类</w:t></w:r>`,
				`<w:r><w:noBreakHyphen/></w:r>`, wr("困难"), `<w:r><w:softHyphen/></w:r>`, wr("残疾人"),
				`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`, wr("1"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
				`<w:fldSimple w:instr=" NUMPAGES ">`, wr("2"), `</w:fldSimple>`,
				`<w:r><w:sym w:font="Symbol" w:char="F0B3"/><w:t>12个</w:t><w:sym w:font="Wingdings" w:char="F0AB"/><w:sym w:font="宋体" w:char="2264"/><w:sym w:font="Wingdings" w:char="F021"/></w:r>`),
			[]string{`0,0 paragraph 1 "专项业务类-困难残疾人12≥12个★≤"`}},
		{"symbol fonts' characters typed as text, as LibreOffice saves w:sym",
			wp(`<w:r><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings"/></w:rPr><w:t>`+"\uF0AB"+`</w:t></w:r>`, wr("新建"),
				`<w:r><w:rPr><w:rFonts w:eastAsia="Symbol" w:cs="Symbol" w:ascii="Symbol" w:hAnsi="Symbol"/></w:rPr><w:t>`+"\uF0B3"+`12</w:t></w:r>`,
				`<w:r><w:rPr><w:rFonts w:ascii="Symbol"/></w:rPr><w:t>`+"\uF0FF"+`</w:t></w:r>`, wr("个"+"\uF0B3")),
			[]string{`0,0 paragraph 1 "★新建≥12个\uf0b3"`}},
		{"math text, hyperlinks, content controls, smart tags",
			`<w:sdt><w:sdtPr><w:alias w:val="x"/><w:placeholder><w:docPart w:val="y"/></w:placeholder></w:sdtPr><w:sdtContent>` +
				wp(`<w:hyperlink r:id="x" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`, wr("链接"), `</w:hyperlink>`,
					`<w:smartTag w:uri="u" w:element="e">`, wr("标记"), `</w:smartTag>`, `<m:oMath><m:r><m:t>x²</m:t></m:r></m:oMath>`) +
				`</w:sdtContent></w:sdt>`,
			[]string{`0,0 paragraph 1 "链接标记x²"`}},
		{"a text box is read once, after its paragraph",
			wp(wr("锚"), `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>`+cellP("文本框")+`</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>`+
				`<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>`+cellP("文本框")+`</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>`),
			[]string{`0,0 paragraph 1 "锚"`, `1,0 paragraph 2 "文本框"`}},
		{"a text box in a cell is part of the cell's value",
			wtbl(wtr(wtc("", wp(wr("锚"), `<w:r><w:pict><v:shape><v:textbox><w:txbxContent>`+cellP("框内")+`</w:txbxContent></v:textbox></v:shape></w:pict></w:r>`), cellP("后")))),
			[]string{`0,0 table 1, row 1 "锚\n框内\n后"`}},
		{"grid spans, gridBefore, empty cells, two paragraphs in a cell",
			wtbl(
				wtr(wtc(span(2), cellP("项目名称")), wtc(span(3), cellP("专项业务类"), "<w:p/>", cellP("测试项目"))),
				`<w:tr><w:trPr><w:gridBefore w:val="1"/><w:gridAfter w:val="1"/></w:trPr>`+wtc("", cellP("a"))+wtc("")+wtc(span(2), cellP("b"))+`</w:tr>`,
				wtr(wtc(""), wtc(""))),
			[]string{`0,0 1x2 table 1, row 1 "项目名称"`, `0,2 1x3 table 1, row 1 "专项业务类\n测试项目"`,
				`1,1 table 1, row 2 "a"`, `1,3 1x2 table 1, row 2 "b"`}},
		{"vertical merges span their rows; tabs and breaks in a cell",
			wtbl(
				wtr(wtc(vRestart, cellP("产出指标")), wtc(vRestart, cellP("数量指标")), wtc("", wp(wr("人数"), `<w:r><w:tab/><w:t>甲</w:t><w:br/><w:t>乙</w:t></w:r>`))),
				wtr(wtc(vCont), wtc(vCont), wtc("", cellP("次数"))),
				wtr(wtc(vCont), wtc(vRestart, cellP("质量指标")), wtc("", cellP("合格率"))),
				wtr(wtc(""), wtc(`<w:vMerge w:val="continue"/>`), wtc("", cellP("准确率")))),
			[]string{`0,0 3x1 table 1, row 1 "产出指标"`, `0,1 2x1 table 1, row 1 "数量指标"`, `0,2 table 1, row 1 "人数\t甲\n乙"`,
				`1,2 table 1, row 2 "次数"`,
				`2,1 2x1 table 1, row 3 "质量指标"`, `2,2 table 1, row 3 "合格率"`,
				`3,2 table 1, row 4 "准确率"`}},
		{"a merge over an empty row, text in a continuing cell, a continuation with nothing above",
			wtbl(
				wtr(wtc(vRestart, cellP("上")), wtc("", cellP("x"))),
				wtr(wtc(vCont), wtc("")),
				wtr(wtc(vCont, cellP("下")), wtc(vCont, cellP("孤"))),
				wtr(wtc(""), wtc(vCont))),
			[]string{`0,0 3x1 table 1, row 1 "上\n下"`, `0,1 table 1, row 1 "x"`, `2,1 2x1 table 1, row 3 "孤"`}},
		{"a deleted row is not read and does not break a merge; a deleted cell takes no column",
			wtbl(
				wtr(wtc(vRestart, cellP("产出指标")), wtc("", cellP("一"))),
				`<w:tr><w:trPr><w:del w:id="9" w:author="a"/></w:trPr>`+wtc(vCont)+wtc("", cellP("删"))+`</w:tr>`,
				wtr(wtc(vCont), wtc(`<w:cellDel w:id="8" w:author="a"/>`, cellP("删")), wtc("", cellP("二")))),
			[]string{`0,0 2x1 table 1, row 1 "产出指标"`, `0,1 table 1, row 1 "一"`, `1,1 table 1, row 2 "二"`}},
		{"horizontal merges of old documents",
			wtbl(wtr(wtc(`<w:hMerge w:val="restart"/>`, cellP("项目名称")), wtc(`<w:hMerge/>`), wtc("", cellP("x")), wtc(`<w:hMerge w:val="restart"/>`, cellP("甲")), wtc(`<w:hMerge/>`, cellP("乙")), wtc(`<w:hMerge/>`, cellP("丙")))),
			[]string{`0,0 1x2 table 1, row 1 "项目名称"`, `0,2 table 1, row 1 "x"`, `0,3 1x3 table 1, row 1 "甲\n乙\n丙"`}},
		{"rows and cells wrapped in content controls",
			wtbl(`<w:sdt><w:sdtContent>` + wtr(`<w:customXml w:element="c">`+wtc("", cellP("甲"))+`</w:customXml>`, `<w:sdt><w:sdtPr/><w:sdtContent>`+wtc("", cellP("乙"))+`</w:sdtContent></w:sdt>`) + `</w:sdtContent></w:sdt>`),
			[]string{`0,0 table 1, row 1 "甲"`, `0,1 table 1, row 1 "乙"`}},
		{"a form in a layout table: the frame's paragraphs and table read in place",
			cellP("前言") + wtbl(
				wtr(wtc("", cellP("左")), wtc(span(2), cellP("申报表"), cellP("（2024年度）"),
					wtbl(wtr(wtc(vRestart, cellP("项目名称")), wtc("", cellP("甲"))), wtr(wtc(vCont), wtc("", cellP("乙")))),
					cellP("项目负责人："))),
				wtr(wtc("", cellP("尾")))) +
				wtbl(wtr(wtc("", cellP("表三")))),
			[]string{`0,0 paragraph 1 "前言"`,
				`1,0 table 1, row 1 "左"`,
				`2,1 paragraph 3 "申报表"`, `3,1 paragraph 4 "（2024年度）"`,
				`4,1 2x1 table 2, row 1 "项目名称"`, `4,2 table 2, row 1 "甲"`, `5,2 table 2, row 2 "乙"`,
				`6,1 paragraph 9 "项目负责人："`,
				`7,0 table 1, row 2 "尾"`,
				`8,0 table 3, row 1 "表三"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := readOne(t, docxtest.Doc(t, tt.body), Options{})
			check(t, "cells", listCells(g), tt.want)
			for _, r := range g.Rows {
				if len(r.Cells) == 0 || r.Pos != r.Cells[0].Pos {
					t.Errorf("row %+v: no cells, or its position is not its cells'", r)
				}
			}
		})
	}
}

// TestReadStrict reads a document in the namespace of Strict Open XML,
// its main part named by the package's relationships.
func TestReadStrict(t *testing.T) {
	doc := `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>`
	rels := strings.ReplaceAll(docxRels, "word/document.xml", "/word/main.xml")
	g := readOne(t, zipOf(t, [2]string{"_rels/.rels", rels}, [2]string{"word/Main.xml", doc}), Options{})
	check(t, "cells", listCells(g), []string{`0,0 paragraph 1 "严格"`})

	// Relationships that name a part the package lacks: word/document.xml.
	rels = strings.ReplaceAll(docxRels, "word/document.xml", "word/missing.xml")
	g = readOne(t, zipOf(t, [2]string{"_rels/.rels", rels}, [2]string{"word/document.xml", strings.ReplaceAll(doc, "严格", "备用")}), Options{})
	check(t, "cells", listCells(g), []string{`0,0 paragraph 1 "备用"`})
}

func TestReadErrors(t *testing.T) {
	deep := strings.Repeat("<w:sdt><w:sdtContent>", 200) + wp(wr("x")) + strings.Repeat("</w:sdtContent></w:sdt>", 200)
	odt := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<x/>"})
	encrypted := docxtest.Doc(t, wp(wr("x")))
	{ // set the "encrypted" flag of word/document.xml in its central directory entry
		i := bytes.LastIndex(encrypted, []byte("PK\x01\x02"))
		for i >= 0 && !bytes.HasPrefix(encrypted[i+46:], []byte("word/document.xml")) {
			i = bytes.LastIndex(encrypted[:i], []byte("PK\x01\x02"))
		}
		encrypted[i+8] |= 1
	}
	const doc = "word/document.xml"
	tests := []struct {
		name string
		data []byte
		err  error
		pos  grid.Pos
		msg  string
	}{
		{"not a zip", []byte("PK\x03\x04 but nothing else"), grid.ErrCorrupt, grid.Pos{}, "damaged .docx: not a readable zip archive"},
		{"truncated zip", docxtest.Doc(t, wp(wr("x")))[:200], grid.ErrCorrupt, grid.Pos{}, "damaged .docx: not a readable zip archive"},
		{"no document part", zipOf(t, [2]string{"[Content_Types].xml", docxtest.ContentTypes}), grid.ErrCorrupt, grid.Pos{}, "not a Word document: the archive has no word/document.xml"},
		{"an OpenDocument text", odt, grid.ErrCorrupt, grid.Pos{}, "OpenDocument text (.odt)"},
		{"a presentation", zipOf(t, [2]string{"ppt/presentation.xml", "<p/>"}), grid.ErrCorrupt, grid.Pos{}, "a PowerPoint presentation"},
		{"garbage XML", zipOf(t, [2]string{doc, "<w:document " + docxNS + "><w:body>\n<w:p></w:body>"}), grid.ErrCorrupt, grid.Pos{Part: doc, Line: 2}, "damaged .docx: the document is not well-formed XML: element <p> closed by </body>"},
		{"truncated XML", zipOf(t, [2]string{doc, "<w:document " + docxNS + "><w:body><w:p><w:r><w:t>项目"}), grid.ErrCorrupt, grid.Pos{Part: doc, Line: 1}, "damaged .docx: the document ends in the middle of its XML"},
		{"not XML at all", zipOf(t, [2]string{doc, "\x89PNG\r\n\x1a\n"}), grid.ErrCorrupt, grid.Pos{Part: doc, Line: 3}, "damaged .docx: the document is not well-formed XML: invalid UTF-8"},
		{"an empty part", zipOf(t, [2]string{doc, ""}), grid.ErrCorrupt, grid.Pos{Part: doc}, "damaged .docx: the document is empty"},
		{"another root", zipOf(t, [2]string{doc, "\n<w:styles " + docxNS + `/>`}), grid.ErrCorrupt, grid.Pos{Part: doc, Line: 2}, "not a Word document: the part holds <styles>, not <w:document>"},
		{"an unknown encoding", zipOf(t, [2]string{doc, `<?xml version="1.0" encoding="klingon"?><w:document ` + docxNS + `/>`}), grid.ErrCorrupt, grid.Pos{Part: doc, Line: 1}, `damaged .docx: the document is written in an encoding, "klingon", that the reader does not know`},
		{"no text", docxtest.Doc(t, "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"+wtbl(wtr(wtc("")))), grid.ErrNoText, grid.Pos{}, "the document has no text"},
		{"only pictures", docxtest.Doc(t, wp(`<w:r><w:drawing/></w:r>`)+wp(`<w:r><w:drawing/></w:r>`)), grid.ErrNoText, grid.Pos{}, "only 2 images: scanned pages?"},
		{"nested too deep", docxtest.Doc(t, deep), grid.ErrTooLarge, grid.Pos{Part: doc, Line: 2}, "the document nests elements more than 256 deep"},
		{"encrypted inside the zip", encrypted, grid.ErrEncrypted, grid.Pos{Part: doc}, "encrypted inside the zip (a zip password)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			grids, err := Read(context.Background(), tt.data, Options{})
			ooxmltest.WantErr(t, err, tt.err, tt.pos, tt.msg)
			if grids != nil {
				t.Errorf("a grid with an error")
			}
		})
	}
}

// TestOptions lowers the limits to reach them with small inputs: a
// document.xml that inflates past its limit fails before it is read, and
// so do too many cells, too deep XML, too many parts, and relationships
// past their limit are not read; each is read at its limit.
func TestOptions(t *testing.T) {
	t.Parallel()
	data := docxtest.Doc(t, strings.Repeat(wp(wr("项目名称")), 100))
	entries := ooxmltest.Entries(t, data)
	xml := 0
	for _, e := range entries {
		if e[0] == "word/document.xml" {
			xml = len(e[1])
		}
	}
	for _, tt := range []struct {
		name     string
		over, at Options
		err      error
		pos      grid.Pos
		msg      string
	}{
		{"document size", Options{MaxXML: int64(xml) - 1}, Options{MaxXML: int64(xml)}, grid.ErrTooLarge, grid.Pos{Part: "word/document.xml"},
			fmt.Sprintf("inflates to %d bytes, more than the reader's limit of %d bytes", xml, xml-1)},
		{"cells", Options{MaxCells: 99}, Options{MaxCells: 100}, grid.ErrTooLarge, grid.Pos{Part: "word/document.xml", Line: 2},
			"the document has more than 99 non-empty cells"},
		{"depth", Options{MaxDepth: 5}, Options{MaxDepth: 6}, grid.ErrTooLarge, grid.Pos{Part: "word/document.xml", Line: 2},
			"the document nests elements more than 5 deep"}, // document, body, p, r, rPr, rFonts
		{"parts", Options{MaxParts: len(entries) - 1}, Options{MaxParts: len(entries)}, grid.ErrTooLarge, grid.Pos{},
			fmt.Sprintf("the .docx has %d parts, over the limit of %d", len(entries), len(entries)-1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(context.Background(), data, tt.over)
			ooxmltest.WantErr(t, err, tt.err, tt.pos, tt.msg)
			if _, err := Read(context.Background(), data, tt.at); err != nil {
				t.Errorf("at the limit: %v", err)
			}
		})
	}
	t.Run("relationships", func(t *testing.T) {
		t.Parallel()
		// Relationships naming word/main.xml, read only within their limit.
		doc := `<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>主</w:t></w:r></w:p></w:body></w:document>`
		rels := strings.ReplaceAll(docxRels, "word/document.xml", "word/main.xml")
		data := zipOf(t, [2]string{"_rels/.rels", rels}, [2]string{"word/main.xml", doc}, [2]string{"word/document.xml", strings.ReplaceAll(doc, "主", "备")})
		check(t, "within the limit", listCells(readOne(t, data, Options{MaxRels: int64(len(rels))})), []string{`0,0 paragraph 1 "主"`})
		check(t, "past the limit", listCells(readOne(t, data, Options{MaxRels: int64(len(rels)) - 1})), []string{`0,0 paragraph 1 "备"`})
	})
	if d := (Options{}).withDefaults(); d != (Options{MaxXML: 128 << 20, MaxRels: 1 << 20, MaxCells: 1 << 20, MaxDepth: 256, MaxParts: 1 << 16}) {
		t.Errorf("defaults %+v", d)
	}
}

// TestReadCancel stops on a cancelled context with its error.
func TestReadCancel(t *testing.T) {
	data := docxtest.Doc(t, strings.Repeat(wp(wr("项目名称")), 2000))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, data, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// storedDocx packs a document.xml into a .docx without compressing it.
func storedDocx(t testing.TB, document []byte) []byte {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	w, err := zw.CreateHeader(&zip.FileHeader{Name: "word/document.xml", Method: zip.Store})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(document); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// docxFixtures returns the DOCX fixtures' names and bytes.
func docxFixtures(tb testing.TB) map[string][]byte {
	names, _ := filepath.Glob("../../fixtures/docx/*.docx")
	if len(names) == 0 {
		tb.Fatal("no DOCX fixtures")
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		out[n] = b
	}
	return out
}

// FuzzRead reads arbitrary bytes as a document: nothing may panic, an
// error is of one of the grid kinds (or the context's) and a positional
// one is at the part, and a grid keeps the grid's rules. An
// input that is a zip is read as it is; any other input is taken for
// word/document.xml and stored (not deflated) in a package, so that the
// fuzzer's mutations reach the XML reader rather than break the deflate
// stream. The seeds are every DOCX fixture, both as it is and as its
// document.xml, and a test body of merges and a nested table.
func FuzzRead(f *testing.F) {
	for _, b := range docxFixtures(f) {
		f.Add(b)
		for _, e := range ooxmltest.Entries(f, b) {
			if e[0] == "word/document.xml" {
				f.Add([]byte(e[1]))
			}
		}
	}
	nested := wtbl(wtr(wtc("", cellP("b"))))
	f.Add([]byte("<w:document " + docxNS + "><w:body>" + wp(wr("项目名称")) +
		wtbl(wtr(wtc(vRestart+span(2), cellP("a")), wtc("", nested)), wtr(wtc(vCont+span(2)), wtc(""))) + "</w:body></w:document>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = storedDocx(t, data)
		}
		grids, err := Read(context.Background(), data, Options{})
		if err != nil {
			if grid.Kind(err) == nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("an error of no grid kind: %v", err)
			}
			var e *grid.Error
			if errors.As(err, &e) && (e.Path != "" || e.Pos.Part == "") {
				t.Fatalf("an error at %+v: %v", e.Pos, err)
			}
			return
		}
		if len(grids) != 1 || len(grids[0].Rows) == 0 {
			t.Fatalf("%d grids and no error", len(grids))
		}
		g := grids[0]
		last := -1
		for _, r := range g.Rows {
			if len(r.Cells) == 0 {
				t.Fatal("a row with no cells")
			}
			for _, c := range r.Cells {
				if strings.TrimSpace(c.Text) == "" || c.RowSpan < 1 || c.ColSpan < 1 || c.Col < 0 || c.Row != r.Cells[0].Row {
					t.Fatalf("bad cell %+v", c)
				}
				if (c.Pos.Table > 0) == (c.Pos.Paragraph > 0) || c.Pos.Table > 0 && c.Pos.TableRow < 1 {
					t.Fatalf("bad position %+v", c.Pos)
				}
			}
			if r.Cells[0].Row <= last {
				t.Fatalf("row %d after row %d", r.Cells[0].Row, last)
			}
			last = r.Cells[0].Row
		}
	})
}

// BenchmarkRead is the reader alone: unzip, parse, resolve merges. Its
// documents are the LibreOffice-written T1 fixture (its document.xml is
// the most verbose, as real files are) and that form 100 times over,
// prose between; its MB/s are of document.xml read.
func BenchmarkRead(b *testing.B) {
	one, err := os.ReadFile("../../fixtures/docx/t1_libreoffice.docx")
	if err != nil {
		b.Fatal(err)
	}
	hundred, oneXML, hundredXML := docxtest.Repeat(b, one, 100, wp(wr("以下为下一个项目。")))
	for _, bc := range []struct {
		name string
		data []byte
		xml  int
	}{{"one_form", one, oneXML}, {"100_forms", hundred, hundredXML}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(bc.xml))
			b.ReportAllocs()
			for b.Loop() {
				if grids, err := Read(context.Background(), bc.data, Options{}); err != nil || len(grids) != 1 {
					b.Fatalf("%d grids, %v", len(grids), err)
				}
			}
		})
	}
}
