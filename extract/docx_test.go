package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/extract/form"
	"github.com/jixiao/jixiao/extract/grid"
)

// docxNS declares the prefixes the test documents use.
const docxNS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"`

// zipOf writes a zip of the given entries, in order.
func zipOf(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const docxContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

const docxRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// docxOf makes a .docx whose body is body.
func docxOf(t testing.TB, body string) []byte {
	t.Helper()
	return zipOf(t,
		[2]string{"[Content_Types].xml", docxContentTypes},
		[2]string{"_rels/.rels", docxRels},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + docxNS + "><w:body>" + body + "</w:body></w:document>"})
}

// Shorthands for test bodies.
func wp(runs ...string) string { return "<w:p>" + strings.Join(runs, "") + "</w:p>" }
func wr(text string) string {
	return `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}
func wtc(props string, paras ...string) string {
	if len(paras) == 0 {
		paras = []string{"<w:p/>"}
	}
	return "<w:tc><w:tcPr>" + props + "</w:tcPr>" + strings.Join(paras, "") + "</w:tc>"
}
func wtr(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }
func wtbl(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>` + strings.Join(rows, "") + "</w:tbl>"
}
func cellP(text string) string { return wp(wr(text)) }

const (
	vRestart = `<w:vMerge w:val="restart"/>`
	vCont    = `<w:vMerge/>`
)

func span(n int) string { return fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, n) }

// docxCells lists a grid's cells as "row,col[ RxC] pos text".
func docxCells(g *grid.Grid) []string {
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

func TestReadDOCX(t *testing.T) {
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
			g, err := ReadDOCX(context.Background(), docxOf(t, tt.body))
			if err != nil {
				t.Fatal(err)
			}
			check(t, "cells", docxCells(g), tt.want)
			for _, r := range g.Rows {
				if len(r.Cells) == 0 || r.Pos != r.Cells[0].Pos {
					t.Errorf("row %+v: no cells, or its position is not its cells'", r)
				}
			}
		})
	}
}

// TestReadDOCXStrict reads a document in the namespace of Strict Open XML,
// its main part named by the package's relationships.
func TestReadDOCXStrict(t *testing.T) {
	doc := `<w:document xmlns:w="http://purl.oclc.org/ooxml/wordprocessingml/main"><w:body><w:p><w:r><w:t>严格</w:t></w:r></w:p></w:body></w:document>`
	rels := strings.ReplaceAll(docxRels, "word/document.xml", "/word/main.xml")
	g, err := ReadDOCX(context.Background(), zipOf(t, [2]string{"_rels/.rels", rels}, [2]string{"word/Main.xml", doc}))
	if err != nil {
		t.Fatal(err)
	}
	check(t, "cells", docxCells(g), []string{`0,0 paragraph 1 "严格"`})

	// Relationships that name a part the package lacks: word/document.xml.
	rels = strings.ReplaceAll(docxRels, "word/document.xml", "word/missing.xml")
	g, err = ReadDOCX(context.Background(), zipOf(t, [2]string{"_rels/.rels", rels}, [2]string{"word/document.xml", strings.ReplaceAll(doc, "严格", "备用")}))
	if err != nil {
		t.Fatal(err)
	}
	check(t, "cells", docxCells(g), []string{`0,0 paragraph 1 "备用"`})
}

func TestReadDOCXErrors(t *testing.T) {
	deep := strings.Repeat("<w:sdt><w:sdtContent>", 200) + wp(wr("x")) + strings.Repeat("</w:sdtContent></w:sdt>", 200)
	odt := zipOf(t, [2]string{"mimetype", "application/vnd.oasis.opendocument.text"}, [2]string{"content.xml", "<x/>"})
	encrypted := docxOf(t, wp(wr("x")))
	{ // set the "encrypted" flag of word/document.xml in its central directory entry
		i := bytes.LastIndex(encrypted, []byte("PK\x01\x02"))
		for i >= 0 && !bytes.HasPrefix(encrypted[i+46:], []byte("word/document.xml")) {
			i = bytes.LastIndex(encrypted[:i], []byte("PK\x01\x02"))
		}
		encrypted[i+8] |= 1
	}
	tests := []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"not a zip", []byte("PK\x03\x04 but nothing else"), grid.ErrCorrupt, "not a readable zip archive"},
		{"truncated zip", docxOf(t, wp(wr("x")))[:200], grid.ErrCorrupt, "not a readable zip archive"},
		{"no document part", zipOf(t, [2]string{"[Content_Types].xml", docxContentTypes}), grid.ErrCorrupt, "not a Word document: the archive has no word/document.xml"},
		{"an OpenDocument text", odt, grid.ErrCorrupt, "OpenDocument text (.odt)"},
		{"a presentation", zipOf(t, [2]string{"ppt/presentation.xml", "<p/>"}), grid.ErrCorrupt, "a PowerPoint presentation"},
		{"garbage XML", zipOf(t, [2]string{"word/document.xml", "<w:document " + docxNS + "><w:body><w:p></w:body>"}), grid.ErrCorrupt, "bad XML at line 1"},
		{"truncated XML", zipOf(t, [2]string{"word/document.xml", "<w:document " + docxNS + "><w:body><w:p><w:r><w:t>项目"}), grid.ErrCorrupt, "word/document.xml"},
		{"not XML at all", zipOf(t, [2]string{"word/document.xml", "\x89PNG\r\n\x1a\n"}), grid.ErrCorrupt, "word/document.xml"},
		{"an empty part", zipOf(t, [2]string{"word/document.xml", ""}), grid.ErrCorrupt, "word/document.xml is empty"},
		{"another root", zipOf(t, [2]string{"word/document.xml", `<w:styles ` + docxNS + `/>`}), grid.ErrCorrupt, "holds <styles>, not <w:document>"},
		{"an unknown encoding", zipOf(t, [2]string{"word/document.xml", `<?xml version="1.0" encoding="klingon"?><w:document ` + docxNS + `/>`}), grid.ErrCorrupt, "klingon"},
		{"no text", docxOf(t, "<w:p/><w:p><w:r><w:t> </w:t></w:r></w:p>"+wtbl(wtr(wtc("")))), grid.ErrNoText, "the document has no text"},
		{"only pictures", docxOf(t, wp(`<w:r><w:drawing/></w:r>`)+wp(`<w:r><w:drawing/></w:r>`)), grid.ErrNoText, "only 2 images: scanned pages?"},
		{"nested too deep", docxOf(t, deep), grid.ErrTooLarge, "more than 256 deep"},
		{"encrypted inside the zip", encrypted, grid.ErrEncrypted, "word/document.xml is encrypted"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g, err := ReadDOCX(context.Background(), tt.data)
			if !errors.Is(err, tt.err) || err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v, want %v with %q", err, tt.err, tt.msg)
			}
			if g != nil {
				t.Errorf("a grid with an error")
			}
		})
	}
}

// TestReadDOCXLimits lowers the limits to reach them with small inputs: a
// document.xml that inflates past its limit fails before it is read, and
// so do too many cells.
func TestReadDOCXLimits(t *testing.T) {
	body := strings.Repeat(wp(wr("项目名称")), 100)
	data := docxOf(t, body)
	maxXML, maxCells := docxMaxXML, docxMaxCells
	t.Cleanup(func() { docxMaxXML, docxMaxCells = maxXML, maxCells })

	docxMaxXML = 1000
	_, err := ReadDOCX(context.Background(), data)
	if !errors.Is(err, grid.ErrTooLarge) || !strings.Contains(err.Error(), "word/document.xml inflates to ") || !strings.Contains(err.Error(), "limit of 1000 bytes") {
		t.Errorf("past the size limit: %v", err)
	}
	docxMaxXML = maxXML

	docxMaxCells = 99
	if _, err := ReadDOCX(context.Background(), data); !errors.Is(err, grid.ErrTooLarge) || !strings.Contains(err.Error(), "more than 99 non-empty cells") {
		t.Errorf("past the cell limit: %v", err)
	}
	docxMaxCells = 100
	if _, err := ReadDOCX(context.Background(), data); err != nil {
		t.Errorf("at the cell limit: %v", err)
	}
}

// TestDOCXLimitReader is the reader's own bound on inflated bytes, behind
// the zip's check of the declared size.
func TestDOCXLimitReader(t *testing.T) {
	for _, tt := range []struct {
		n, limit int
		hit      bool
	}{{10, 10, false}, {11, 10, true}, {0, 0, false}, {1, 0, true}, {5000, 4096, true}} {
		l := &docxLimitReader{r: strings.NewReader(strings.Repeat("x", tt.n)), left: int64(tt.limit)}
		b, err := io.ReadAll(l)
		if l.hit != tt.hit || (err != nil) != tt.hit || len(b) != min(tt.n, tt.limit) {
			t.Errorf("%d bytes, limit %d: read %d, hit %v, err %v", tt.n, tt.limit, len(b), l.hit, err)
		}
	}
}

// TestReadDOCXCancel stops on a cancelled context with its error.
func TestReadDOCXCancel(t *testing.T) {
	data := docxOf(t, strings.Repeat(wp(wr("项目名称")), 2000))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := ReadDOCX(ctx, data); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if _, err := File(ctx, "a.docx", data, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("File: err = %v, want context.Canceled", err)
	}
}

// TestDOCXFiles runs whole files through File: the format is told by
// content, old binary Word files and encrypted documents fail with what to
// do, a .doc that is really a .docx is read.
func TestDOCXFiles(t *testing.T) {
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0}
	doc := docxOf(t, wtbl(
		wtr(wtc("", cellP("项目名称")), wtc("", cellP("专项业务类-测试项目"))),
		wtr(wtc("", cellP("一级指标")), wtc("", cellP("二级指标")), wtc("", cellP("三级指标")), wtc("", cellP("指标值"))),
		wtr(wtc("", cellP("产出指标")), wtc("", cellP("数量指标")), wtc("", cellP("人数")), wtc("", cellP("≥10人")))))
	for _, tt := range []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"old.doc", ole, grid.ErrLegacy, "legacy .doc: save as .docx"},
		{"old.wps", ole, grid.ErrLegacy, "WPS .wps document: save as .docx"},
		{"locked.docx", ole, grid.ErrEncrypted, "document is password-protected"},
		{"rtf.docx", []byte(`{\rtf1\ansi 项目名称}`), grid.ErrLegacy, "an RTF document named .docx"},
		{"empty.docx", nil, grid.ErrEmpty, "empty file"},
		{"form.docx", doc, nil, ""},
		{"really-a-docx.doc", doc, nil, ""},
	} {
		res, err := File(context.Background(), tt.name, tt.data, Options{})
		if tt.err != nil {
			var e *grid.Error
			if !errors.Is(err, tt.err) || !errors.As(err, &e) || e.Path != tt.name || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%s: err = %v, want %v with %q", tt.name, err, tt.err, tt.msg)
			}
			continue
		}
		if err != nil || res.Format != FormatDOCX || len(res.Forms) != 1 {
			t.Fatalf("%s: %v, format %q, %d forms", tt.name, err, res.Format, len(res.Forms))
		}
		f := res.Forms[0]
		if f.Source.Table != 1 || f.Source.Lines != nil || f.Source.Pages != nil || *f.Project.Name != "专项业务类-测试项目" {
			t.Errorf("%s: source %+v, name %v", tt.name, f.Source, *f.Project.Name)
		}
		check(t, tt.name, flat(f), []string{"annual|产出指标(output)|数量指标(quantity)|人数|>=10 人"})
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
	names, _ := filepath.Glob("../fixtures/docx/*.docx")
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

// FuzzReadDOCX reads arbitrary bytes as a document: nothing may panic, an
// error is one of the reader's, and a grid keeps the grid's rules. An
// input that is a zip is read as it is; any other input is taken for
// word/document.xml and stored (not deflated) in a package, so that the
// fuzzer's mutations reach the XML reader rather than break the deflate
// stream. The seeds are every DOCX fixture, both as it is and as its
// document.xml, and a test body of merges and a nested table.
func FuzzReadDOCX(f *testing.F) {
	for _, b := range docxFixtures(f) {
		f.Add(b)
		zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
		if err != nil {
			f.Fatal(err)
		}
		rc, err := zr.Open("word/document.xml")
		if err != nil {
			f.Fatal(err)
		}
		xml, err := io.ReadAll(rc)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(xml)
	}
	nested := wtbl(wtr(wtc("", cellP("b"))))
	f.Add([]byte("<w:document " + docxNS + "><w:body>" + wp(wr("项目名称")) +
		wtbl(wtr(wtc(vRestart+span(2), cellP("a")), wtc("", nested)), wtr(wtc(vCont+span(2)), wtc(""))) + "</w:body></w:document>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if !bytes.HasPrefix(data, []byte("PK")) {
			data = storedDocx(t, data)
		}
		g, err := ReadDOCX(context.Background(), data)
		if err != nil {
			for _, want := range []error{grid.ErrCorrupt, grid.ErrTooLarge, grid.ErrNoText, grid.ErrEncrypted} {
				if errors.Is(err, want) {
					return
				}
			}
			t.Fatalf("unexpected error %v", err)
		}
		if len(g.Rows) == 0 {
			t.Fatal("a grid with no rows and no error")
		}
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
		for _, form := range form.Parse(g) {
			if form.Source.Lines != nil || form.Source.Pages != nil || form.Source.Cells != "" {
				t.Fatalf("source %+v", form.Source)
			}
		}
	})
}

// docxBench is the LibreOffice-written T1 fixture (its document.xml is the
// most verbose, as real files are) and a document of that form 100 times
// over, prose between, with the sizes of their document.xml: the
// benchmarks' MB/s are of XML read.
func docxBench(b *testing.B) (one, hundred []byte, oneXML, hundredXML int) {
	one, err := os.ReadFile("../fixtures/docx/t1_libreoffice.docx")
	if err != nil {
		b.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(one), int64(len(one)))
	if err != nil {
		b.Fatal(err)
	}
	var parts [][2]string
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			b.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			b.Fatal(err)
		}
		s := string(data)
		if f.Name == "word/document.xml" {
			i, j := strings.Index(s, "<w:body>")+len("<w:body>"), strings.LastIndex(s, "<w:sectPr")
			body := s[i:j] + wp(wr("以下为下一个项目。"))
			oneXML = len(s)
			s = s[:i] + strings.Repeat(body, 100) + s[j:]
			hundredXML = len(s)
		}
		parts = append(parts, [2]string{f.Name, s})
	}
	return one, zipOf(b, parts...), oneXML, hundredXML
}

// BenchmarkReadDOCX is the reader alone: unzip, parse, resolve merges.
func BenchmarkReadDOCX(b *testing.B) {
	one, hundred, oneXML, hundredXML := docxBench(b)
	for _, bc := range []struct {
		name string
		data []byte
		xml  int
	}{{"one_form", one, oneXML}, {"100_forms", hundred, hundredXML}} {
		b.Run(bc.name, func(b *testing.B) {
			b.SetBytes(int64(bc.xml))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ReadDOCX(context.Background(), bc.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkFileDOCX is the DOCX path end to end: detect, read, interpret,
// build the records.
func BenchmarkFileDOCX(b *testing.B) {
	_, hundred, _, hundredXML := docxBench(b)
	b.SetBytes(int64(hundredXML))
	forms := 0
	for b.Loop() {
		res, err := File(context.Background(), "forms.docx", hundred, Options{})
		if err != nil {
			b.Fatal(err)
		}
		forms += len(res.Forms)
	}
	if forms%100 != 0 {
		b.Fatalf("%d forms", forms)
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}

// TestDOCXFormInTwoTables reads a form whose header block and indicator
// table are two Word tables with a paragraph between them, as a form is
// when its table was split to start the indicators on a new page: one
// form, whose table is the first.
func TestDOCXFormInTwoTables(t *testing.T) {
	two := func(label, value string) string { return wtr(wtc("", cellP(label)), wtc(span(3), cellP(value))) }
	doc := docxOf(t, cellP("项目支出绩效目标申报表")+cellP("（2024年度）")+
		wtbl(two("项目名称", "专项业务类-测试项目"), two("主管部门及代码", "[001]某局"), two("项目资金（万元）", ""),
			wtr(wtc("", cellP("年度资金总额")), wtc(span(3), cellP("10"))))+
		`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`+
		wtbl(wtr(wtc("", cellP("一级指标")), wtc("", cellP("二级指标")), wtc("", cellP("三级指标")), wtc("", cellP("指标值"))),
			wtr(wtc(vRestart, cellP("产出指标")), wtc("", cellP("数量指标")), wtc("", cellP("人数")), wtc("", cellP("≥10人"))),
			wtr(wtc(vCont), wtc("", cellP("质量指标")), wtc("", cellP("合格率")), wtc("", cellP("100%")))))
	res, err := File(context.Background(), "two.docx", doc, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Forms) != 1 {
		t.Fatalf("%d forms", len(res.Forms))
	}
	f := res.Forms[0]
	if f.Source.Table != 1 || *f.Year != 2024 || *f.Project.DepartmentCode != "001" || f.Funds.Annual == nil || f.Funds.Annual.Total.String() != "100000" {
		t.Errorf("source %+v, year %v, funds %+v", f.Source, *f.Year, f.Funds.Annual)
	}
	check(t, "indicators", flat(f), []string{
		"annual|产出指标(output)|数量指标(quantity)|人数|>=10 人",
		"annual|产出指标(output)|质量指标(quality)|合格率|=100 %",
	})
}
