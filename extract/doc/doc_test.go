package doc

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
)

// cells lists a grid's cells as "row,col [RxC] position text".
func cells(g *grid.Grid) []string {
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

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// even are the edges of a row of n cells 1000 twips wide.
func even(n int) []int {
	e := make([]int, n+1)
	for i := range e {
		e[i] = 1000 * i
	}
	return e
}

func TestRead(t *testing.T) {
	tests := []struct {
		name string
		doc  *builder
		want []string
	}{
		{"paragraphs, tabs, breaks",
			newBuilder().para("项目支出绩效目标申报表").para("填报单位：某局\t\t单位：万元").para("第一行\x0b第二行\x0c第三行").para("").para("末尾"),
			[]string{`0,0 paragraph 1 "项目支出绩效目标申报表"`, `1,0 paragraph 2 "填报单位：某局"`, `1,2 paragraph 2 "单位：万元"`,
				`2,0 paragraph 3 "第一行"`, `3,0 paragraph 3 "第二行"`, `4,0 paragraph 3 "第三行"`, `6,0 paragraph 5 "末尾"`}},
		{"a table: cells by their edges, spans across from the column grid",
			newBuilder().para("标题").
				row(defTableSprm([]int{0, 1000, 3000}), "项目名称", "测试项目").
				row(defTableSprm(even(3)), "a", "", "c").
				row(defTableSprm([]int{1000, 2000, 3000}), "gridBefore", "d").
				para("签字"),
			[]string{`0,0 paragraph 1 "标题"`, `1,0 table 1, row 1 "项目名称"`, `1,1 1x2 table 1, row 1 "测试项目"`,
				`2,0 table 1, row 2 "a"`, `2,2 table 1, row 2 "c"`, `3,1 table 1, row 3 "gridBefore"`, `3,2 table 1, row 3 "d"`,
				`4,0 paragraph 9 "签字"`}},
		{"edges a few twips apart are one column",
			newBuilder().row(defTableSprm([]int{0, 1000, 2000}), "a", "b").row(defTableSprm([]int{3, 996, 2004}), "c", "d"),
			[]string{`0,0 table 1, row 1 "a"`, `0,1 table 1, row 1 "b"`, `1,0 table 1, row 2 "c"`, `1,1 table 1, row 2 "d"`}},
		{"vertical merges: the definition's flags and sprmTVertMerge",
			newBuilder().
				row(defTableSprm(even(3), tc{vert: 3}, tc{}, tc{}), "年度绩效指标", "产出指标", "x").
				row(defTableSprm(even(3), tc{vert: 1}, tc{}, tc{}), "", "效益指标", "y").
				row(slicesConcat(defTableSprm(even(3)), vertMergeSprm(1, 3)), "z", "满意度", "w").
				row(slicesConcat(defTableSprm(even(3)), vertMergeSprm(1, 1)), "v", "续", "u"),
			[]string{`0,0 2x1 table 1, row 1 "年度绩效指标"`, `0,1 table 1, row 1 "产出指标"`, `0,2 table 1, row 1 "x"`,
				`1,1 table 1, row 2 "效益指标"`, `1,2 table 1, row 2 "y"`,
				`2,0 table 1, row 3 "z"`, `2,1 2x1 table 1, row 3 "满意度\n续"`, `2,2 table 1, row 3 "w"`,
				`3,0 table 1, row 4 "v"`, `3,2 table 1, row 4 "u"`}},
		{"horizontal merges of old documents",
			newBuilder().row(defTableSprm(even(4), tc{horz: 1}, tc{horz: 2}, tc{}, tc{horz: 3}), "项目名称", "", "x", "y"),
			[]string{`0,0 1x2 table 1, row 1 "项目名称"`, `0,2 1x2 table 1, row 1 "x\ny"`}},
		{"a cell's paragraphs are one value",
			newBuilder().write("第一点").mark('\r', inTable).write("").mark('\r', inTable).write("第二点").mark(0x07, inTable).
				write("b").mark(0x07, inTable).mark(0x07, inTable, ttp, defTableSprm(even(2))),
			[]string{`0,0 table 1, row 1 "第一点\n第二点"`, `0,1 table 1, row 1 "b"`}},
		{"a nested table is read in place, after its row",
			newBuilder().para("附件2").
				write("左").mark(0x07, inTable).
				write("标题").mark('\r', inTable).
				write("项目名称").mark('\r', inTable, itap(2), sprm(sprmPFInnerTableCell, 1)).
				write("x").mark('\r', inTable, itap(2), sprm(sprmPFInnerTableCell, 1)).
				mark('\r', inTable, itap(2), sprm(sprmPFInnerTtp, 1), defTableSprm(even(2))).
				write("签字").mark(0x07, inTable).
				mark(0x07, inTable, ttp, defTableSprm(even(2))).
				para("后记"),
			[]string{`0,0 paragraph 1 "附件2"`, `1,0 table 1, row 1 "左"`, `2,1 paragraph 3 "标题"`,
				`3,1 table 2, row 1 "项目名称"`, `3,2 table 2, row 1 "x"`, `4,1 paragraph 6 "签字"`, `5,0 paragraph 7 "后记"`}},
		{"fields: the result, not the code",
			newBuilder().para("见\x13 HYPERLINK \"http://x\" \x14附件\x15。").
				para("\x13 PAGE \x15页码不显示").
				para("\x13 IF \x13 DOCPROPERTY a \x14甲\x15 = 甲 \x14\x13 REF b \x14是\x15\x15！").
				write("\x13 FORMTEXT \x14未闭").mark(0x07, inTable).write("下一格").mark(0x07, inTable).mark(0x07, inTable, ttp, defTableSprm(even(2))),
			[]string{`0,0 paragraph 1 "见附件。"`, `1,0 paragraph 2 "页码不显示"`, `2,0 paragraph 3 "是！"`,
				`3,0 table 1, row 1 "未闭"`, `3,1 table 1, row 1 "下一格"`}},
		{"tracked deletions, hidden text, a deleted row and paragraph mark",
			func() *builder {
				b := newBuilder().write("月人均").write("最低", deleted).write("补贴标准").write("(隐藏)", hidden).mark('\r')
				b.write("合并").units = append(b.units, '\r')
				b.chps[len(b.units)-1] = deleted
				b.para("到此")
				b.row(defTableSprm(even(2)), "保留", "行")
				b.write("删", deleted).mark(0x07, inTable).write("行", deleted).mark(0x07, inTable)
				b.units = append(b.units, 0x07)
				b.paps[len(b.units)-1] = slicesConcat(inTable, ttp, defTableSprm(even(2)))
				b.chps[len(b.units)-1] = deleted
				return b.row(defTableSprm(even(2)), "末", "行")
			}(),
			[]string{`0,0 paragraph 1 "月人均补贴标准"`, `1,0 paragraph 2 "合并到此"`,
				`2,0 table 1, row 1 "保留"`, `2,1 table 1, row 1 "行"`, `3,0 table 1, row 2 "末"`, `3,1 table 1, row 2 "行"`}},
		{"symbols: sprmCSymbol, symbol-font text, private codes of no font",
			func() *builder {
				b := newBuilder()
				b.fonts = []string{"Times New Roman", "Symbol", "Wingdings"}
				b.write("(", symbolSprm(2, 0xF0AB)).write("核心").write("\uf0b3", font(sprmCRgFtc0, 1)).write("90%").mark('\r')
				b.write("\uf0ab", font(sprmCRgFtc2, 2)).write("星\uf0ab无字体").write("(", symbolSprm(9, 0xF0AB)).mark('\r')
				return b
			}(),
			[]string{`0,0 paragraph 1 "★核心≥90%"`, `1,0 paragraph 2 "★星无字体"`}},
		{"special characters",
			newBuilder().para("专项业务类\x1e补贴\x1f，图\x01片\x08锚，脚注\x02，批注\x05，不间断\u00a0空格").para("𠀀𪚥 in surrogates"),
			[]string{`0,0 paragraph 1 "专项业务类-补贴，图片锚，脚注，批注，不间断\u00a0空格"`, `1,0 paragraph 2 "𠀀𪚥 in surrogates"`}},
		{"8-bit pieces (Windows-1252) between 16-bit ones, out of order in the stream, after a Prc",
			func() *builder {
				b := newBuilder().para("Caf\u00e9 \u201cq\u201d").para("项目名称").para("ASCII only")
				b.cuts = []int{9, 14}
				b.compressed = map[int]bool{0: true, 2: true}
				b.reversed = true
				b.prc = true
				return b
			}(),
			[]string{`0,0 paragraph 1 "Café “q”"`, `1,0 paragraph 2 "项目名称"`, `2,0 paragraph 3 "ASCII only"`}},
		{"a row's definition kept in the Data stream (sprmPHugePapx)",
			func() *builder {
				b := newBuilder()
				def := defTableSprm([]int{0, 1000, 3000})
				b.data = append(make([]byte, 16), binary.LittleEndian.AppendUint16(nil, uint16(len(def)))...)
				b.data = append(b.data, def...)
				b.write("a").mark(0x07, inTable).write("b").mark(0x07, inTable)
				b.mark(0x07, inTable, ttp, sprm(sprmPHugePapx, 16, 0, 0, 0))
				return b.row(defTableSprm(even(3)), "c", "d", "e")
			}(),
			[]string{`0,0 table 1, row 1 "a"`, `0,1 1x2 table 1, row 1 "b"`, `1,0 table 1, row 2 "c"`, `1,1 table 1, row 2 "d"`, `1,2 table 1, row 2 "e"`}},
		{"cells without a row definition stand one after another",
			newBuilder().write("a").mark(0x07, inTable).write("b").mark(0x07, inTable).mark(0x07, inTable, ttp).para("x"),
			[]string{`0,0 table 1, row 1 "a"`, `0,1 table 1, row 1 "b"`, `1,0 paragraph 3 "x"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs, err := Read(context.Background(), tt.doc.bytes(), Options{})
			if err != nil {
				t.Fatal(err)
			}
			check(t, "cells", cells(gs[0]), tt.want)
		})
	}
}

func slicesConcat(bs ...[]byte) []byte {
	var out []byte
	for _, b := range bs {
		out = append(out, b...)
	}
	return out
}

func TestBad(t *testing.T) {
	good := newBuilder().para("项目名称").bytes()
	withFIB := func(f func(fib []byte)) []byte {
		b := newBuilder().para("项目名称")
		data := b.bytes()
		// The WordDocument stream is the first in the file's sectors, after
		// the header, the FAT sector and the directory.
		f(data[3*512:])
		return data
	}
	legacy, err := os.ReadFile("../../fixtures/bad/legacy.doc")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"empty", nil, grid.ErrCorrupt, "no OLE2 compound file"},
		{"garbage", []byte("not a document at all, just text"), grid.ErrCorrupt, "no OLE2 compound file"},
		{"a compound file's header only", good[:512], grid.ErrCorrupt, "damaged Word 97–2003 document"},
		{"cut short", good[:1600], grid.ErrCorrupt, "damaged Word 97–2003 document"},
		{"no WordDocument stream", compound(stream{"Workbook", make([]byte, 100)}), grid.ErrCorrupt, "has no WordDocument stream"},
		{"an encrypted package", compound(stream{"EncryptionInfo", []byte{1}}, stream{"EncryptedPackage", []byte{2}}), grid.ErrEncrypted, "password-protected"},
		{"not a FIB", withFIB(func(f []byte) { f[0] = 0 }), grid.ErrCorrupt, "does not start with a Word FIB"},
		{"encrypted", withFIB(func(f []byte) { f[0x0B] |= 0x01 }), grid.ErrEncrypted, "password-protected"},
		{"fast-saved", withFIB(func(f []byte) { f[0x0A] |= 0x04 }), grid.ErrLegacy, "fast saves"},
		{"Word 95", withFIB(func(f []byte) { binary.LittleEndian.PutUint16(f[2:], 104) }), grid.ErrLegacy, "Word 6 or Word 95"},
		{"a negative text length", withFIB(func(f []byte) { binary.LittleEndian.PutUint32(f[76:], 0x80000000) }), grid.ErrCorrupt, "negative text length"},
		{"a text too long", withFIB(func(f []byte) { binary.LittleEndian.PutUint32(f[76:], 1<<30) }), grid.ErrTooLarge, "more than the reader's limit"},
		{"no piece table", withFIB(func(f []byte) { binary.LittleEndian.PutUint32(f[154+8*iClx+4:], 0) }), grid.ErrCorrupt, "no piece table"},
		{"a piece table outside its stream", withFIB(func(f []byte) { binary.LittleEndian.PutUint32(f[154+8*iClx:], 1<<20) }), grid.ErrCorrupt, "piece table lies outside"},
		{"a FIB cut short", withFIB(func(f []byte) { binary.LittleEndian.PutUint16(f[32:], 0xFFFF) }), grid.ErrCorrupt, "FIB is cut short"},
		{"a text with nothing to show", newBuilder().para("\x13 PAGE \x15").bytes(), grid.ErrNoText, "no text"},
	}
	for _, tt := range tests {
		_, err := Read(context.Background(), tt.data, Options{})
		if !errors.Is(err, tt.err) || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v; want %v %q", tt.name, err, tt.err, tt.msg)
		}
	}
	gs, err := Read(context.Background(), legacy, Options{})
	if err != nil || len(gs) != 1 || cells(gs[0])[0] != `0,0 paragraph 1 "项目支出绩效目标申报表"` {
		t.Errorf("fixtures/bad/legacy.doc, a one-line .doc by LibreOffice: %v %v", err, gs)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, newBuilder().para(strings.Repeat("很长的文本", 20000)).bytes(), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestDamagedPieceTable damages the piece table and the property pages in
// turn: each is an error of the grid's kinds or a grid, never a panic.
func TestDamagedPieceTable(t *testing.T) {
	doc := newBuilder().para("标题").row(defTableSprm(even(2), tc{vert: 3}, tc{}), "a", "b").row(defTableSprm(even(2), tc{vert: 1}, tc{}), "", "c").bytes()
	zeros := make([]byte, 64)
	for i := 3 * 512; i < len(doc); i++ {
		if bytes.HasPrefix(doc[i:], zeros) {
			continue // the padding of a stream
		}
		for _, v := range []byte{0x00, 0xFF, 0x7F} {
			d := append([]byte(nil), doc...)
			d[i] = v
			gs, err := Read(context.Background(), d, Options{})
			if err != nil && grid.Kind(err) == nil {
				t.Fatalf("byte %d = %#x: an error of no kind: %v", i, v, err)
			}
			if err == nil && len(gs) != 1 {
				t.Fatalf("byte %d = %#x: %d grids", i, v, len(gs))
			}
		}
	}
}

func TestLimits(t *testing.T) {
	defer func(c, d, cols int) { maxCells, maxDepth, maxCols = c, d, cols }(maxCells, maxDepth, maxCols)
	maxCells, maxDepth, maxCols = 3, 3, 5
	tests := []struct {
		name string
		doc  *builder
		err  error
		msg  string
	}{
		{"cells", newBuilder().para("a").para("b").para("c").para("d"), grid.ErrTooLarge, "more than 3 non-empty cells"},
		{"depth", newBuilder().write("x").mark('\r', inTable, itap(4)), grid.ErrTooComplex, "nested more than 3 deep"},
		{"columns", newBuilder().row(defTableSprm([]int{0, 1, 20, 40, 60, 80, 100, 120}), "a", "b", "c", "d", "e", "f", "g"), grid.ErrTooComplex, "wider than 5 columns"},
	}
	for _, tt := range tests {
		_, err := Read(context.Background(), tt.doc.bytes(), Options{})
		if !errors.Is(err, tt.err) || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v; want %v %q", tt.name, err, tt.err, tt.msg)
		}
	}
}

// TestFixtures reads every document of fixtures/doc, which LibreOffice
// wrote from fixtures/docx.
func TestFixtures(t *testing.T) {
	for _, n := range fixtures(t) {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		if gs, err := Read(context.Background(), data, Options{}); err != nil || len(gs) != 1 || len(gs[0].Rows) < 10 {
			t.Errorf("%s: %v", n, err)
		}
	}
}

// fixtures returns the documents of fixtures/doc.
func fixtures(tb testing.TB) []string {
	names, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "doc", "*.doc"))
	if len(names) == 0 {
		tb.Fatal("no fixtures/doc documents")
	}
	return names
}
