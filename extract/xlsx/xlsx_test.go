package xlsx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxmltest"
	"github.com/jixiao/jixiao/model"
)

// book is a workbook package written part by part, so that a test says
// exactly what the XML holds.
type book struct {
	sheets   []bookSheet
	strings  []string       // shared strings, as <si> bodies (plain text is wrapped in <t>)
	numFmts  map[int]string // custom number formats by id
	xfs      []int          // the number format of each cell style
	date1904 bool
	parts    map[string]string // parts to add, or to replace ("" drops one)
}

type bookSheet struct {
	name, state string
	data        string // the XML inside <worksheet>: <sheetData>…</sheetData><mergeCells>…
}

const (
	nsMain = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"`
	nsRel  = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
)

func (b book) zip(t testing.TB) []byte {
	t.Helper()
	parts := map[string]string{}
	var types, sheets, rels strings.Builder
	types.WriteString(`<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`)
	for i, s := range b.sheets {
		n := i + 1
		fmt.Fprintf(&types, `<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`, n)
		state := ""
		if s.state != "" {
			state = ` state="` + s.state + `"`
		}
		fmt.Fprintf(&sheets, `<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>`, s.name, n, state, n)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, n, nsRel, n)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", n)] = `<?xml version="1.0" encoding="UTF-8"?><worksheet ` + nsMain + `>` + s.data + `</worksheet>`
	}
	types.WriteString(`</Types>`)
	fmt.Fprintf(&rels, `<Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/><Relationship Id="rIdT" Type="%s/sharedStrings" Target="sharedStrings.xml"/>`, nsRel, nsRel)
	parts["[Content_Types].xml"] = types.String()
	parts["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + nsRel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
	pr := ""
	if b.date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?><workbook ` + nsMain + `>` + pr + `<sheets>` + sheets.String() + `</sheets></workbook>`
	var st strings.Builder
	st.WriteString(`<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`)
	if len(b.numFmts) > 0 {
		fmt.Fprintf(&st, `<numFmts count="%d">`, len(b.numFmts))
		for id, code := range b.numFmts {
			fmt.Fprintf(&st, `<numFmt numFmtId="%d" formatCode="%s"/>`, id, xmlAttr(code))
		}
		st.WriteString(`</numFmts>`)
	}
	st.WriteString(`<fonts count="1"><font><sz val="11"/><name val="宋体"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>`)
	xfs := append([]int{0}, b.xfs...)
	fmt.Fprintf(&st, `<cellXfs count="%d">`, len(xfs))
	for _, id := range xfs {
		fmt.Fprintf(&st, `<xf numFmtId="%d" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`, id)
	}
	st.WriteString(`</cellXfs></styleSheet>`)
	parts["xl/styles.xml"] = st.String()
	var sst strings.Builder
	fmt.Fprintf(&sst, `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">`, len(b.strings), len(b.strings))
	for _, s := range b.strings {
		if !strings.HasPrefix(s, "<") {
			s = `<t xml:space="preserve">` + s + `</t>`
		}
		sst.WriteString("<si>" + s + "</si>")
	}
	sst.WriteString(`</sst>`)
	parts["xl/sharedStrings.xml"] = sst.String()
	for name, p := range b.parts {
		parts[name] = p
	}
	return zipParts(t, parts)
}

// zipParts writes parts into a zip, in name order, skipping empty ones.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	names := make([]string, 0, len(parts))
	for n := range parts {
		if parts[n] != "" {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	entries := make([][2]string, len(names))
	for i, n := range names {
		entries[i] = [2]string{n, parts[n]}
	}
	return ooxmltest.Zip(t, entries...)
}

// check compares lists of cells.
func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func xmlAttr(s string) string {
	return strings.NewReplacer("&", "&amp;", `"`, "&quot;", "<", "&lt;").Replace(s)
}

// xcells lists a grid's cells as "Ref=text" with "[RxC]" for a span.
func xcells(g *grid.Grid) []string {
	var out []string
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			s := c.Pos.Ref + "=" + c.Text
			if c.RowSpan != 1 || c.ColSpan != 1 {
				s += fmt.Sprintf("[%dx%d]", c.RowSpan, c.ColSpan)
			}
			if c.Pos.Ref != grid.CellName(c.Row, c.Col) || c.Pos.Sheet != g.Sheet {
				s += " (at " + c.Pos.String() + ")"
			}
			out = append(out, s)
		}
	}
	return out
}

func readBook(t *testing.T, b book) []*grid.Grid {
	t.Helper()
	grids, err := Read(context.Background(), b.zip(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	return grids
}

func TestReadCells(t *testing.T) {
	b := book{
		strings: []string{"项目名称", "保障运转类-养老保险专项业务经费", "旧值", "一级指标", "陈旧",
			`<r><t>富</t></r><r><rPr><b/></rPr><t>文本</t></r><rPh sb="0" eb="1"><t>フ</t></rPh>`, "一_x000D_\n二", "   "},
		numFmts: map[int]string{164: `#,##0"人次"`, 165: `yyyy"年"m"月"d"日"`},
		xfs:     []int{9, 4, 164, 165, 14, 10, 2}, // styles 1…7
		sheets: []bookSheet{{name: "绩效目标", data: `<sheetData>` +
			// A merged range B1:D1 whose covered C1 keeps a stale value.
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>` +
			// Numbers under formats: 0%, #,##0.00, #,##0"人次", a date, built-in 14, 0.00%.
			`<row r="2"><c r="A2" s="1"><v>0.95</v></c><c r="B2" s="2"><v>1260.5</v></c><c r="C2" s="3"><v>14000</v></c><c r="D2" s="4"><v>45657</v></c><c r="E2" s="5"><v>45657</v></c><c r="F2" s="6"><v>0.28999999999999998</v></c><c r="G2"><v>111</v></c><c r="H2" s="7"><v>111</v></c></row>` +
			// Formulas: with a saved value, without one, with an empty text value;
			// a boolean, an error.
			`<row r="3"><c r="A3" s="2"><f>SUM(B2:C2)</f><v>15260.5</v></c><c r="B3" s="2"><f>B2*2</f></c><c r="C3" t="str"><f>""</f><v></v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#DIV/0!</v></c></row>` +
			// Inline, rich and escaped strings; a blank one.
			`<row r="4"><c r="A4" t="inlineStr"><is><t>行内</t></is></c><c r="B4" t="s"><v>5</v></c><c r="C4" t="s"><v>6</v></c><c r="D4" t="s"><v>7</v></c></row>` +
			// A vertical merge A5:A6, the covered A6 stale.
			`<row r="5"><c r="A5" t="s"><v>3</v></c></row><row r="6"><c r="A6" t="s"><v>4</v></c><c r="B6"><v>7</v></c></row>` +
			// A row and cells without references, after a gap.
			`<row r="9"><c t="inlineStr"><is><t>x</t></is></c><c><v>2</v></c></row><row><c t="inlineStr"><is><t>y</t></is></c></row>` +
			`</sheetData><mergeCells count="2"><mergeCell ref="B1:D1"/><mergeCell ref="A5:A6"/></mergeCells>`},
			{name: "隐藏", state: "hidden", data: `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>hidden</t></is></c></row></sheetData>`},
			{name: "Sheet 2", data: `<sheetData><row r="2"><c r="C2" t="inlineStr"><is><t>second</t></is></c></row></sheetData>`},
		},
	}
	grids := readBook(t, b)
	if len(grids) != 2 || grids[0].Sheet != "绩效目标" || grids[1].Sheet != "Sheet 2" {
		t.Fatalf("%d grids: want the two visible sheets", len(grids))
	}
	check(t, "cells", xcells(grids[0]), []string{
		"A1=项目名称", "B1=保障运转类-养老保险专项业务经费[1x3]",
		"A2=95%", "B2=1,260.50", "C2=14,000人次", "D2=2024年12月31日", "E2=2024/12/31", "F2=29.00%", "G2=111", "H2=111.00",
		"A3=15,260.50", "D3=TRUE", "E3=#DIV/0!",
		"A4=行内", "B4=富文本", "C4=一\r\n二",
		"A5=一级指标[2x1]", "B6=7",
		"A9=x", "B9=2", "A10=y",
	})
	check(t, "second sheet", xcells(grids[1]), []string{"C2=second"})
	if rows := grids[0].Rows; rows[0].Pos.String() != "绩效目标!A1" || rows[len(rows)-1].Pos.String() != "绩效目标!A10" {
		t.Errorf("row positions %s … %s", rows[0].Pos, rows[len(rows)-1].Pos)
	}
	// The formula saved without a value is a note, not a cell; the one
	// whose value is empty text is neither.
	notes := grids[0].Notes
	if len(notes) != 1 || notes[0].Pos.String() != "绩效目标!B3" || notes[0].Code != noteFormula ||
		notes[0].Row != 2 || notes[0].Col != 1 || !strings.Contains(notes[0].Message, "=B2*2 has no saved value") {
		t.Errorf("notes %+v", notes)
	}
}

// TestReadCovered: a value in a cell a merged range covers is not
// shown by Excel and is not read, nor a note at such a cell; a range whose
// top-left cell is empty shows nothing.
func TestReadCovered(t *testing.T) {
	g := readBook(t, book{sheets: []bookSheet{{name: "S", data: `<sheetData>` +
		`<row r="1"><c r="B1" t="inlineStr"><is><t>stale</t></is></c><c r="C1"><f>1+1</f></c><c r="E1" t="inlineStr"><is><t>top</t></is></c></row>` +
		`<row r="2"><c r="E2" t="inlineStr"><is><t>stale</t></is></c><c r="F2" t="inlineStr"><is><t>stale</t></is></c><c r="G2" t="inlineStr"><is><t>beside</t></is></c></row>` +
		`</sheetData><mergeCells><mergeCell ref="A1:C1"/><mergeCell ref="E1:F2"/></mergeCells>`}}})[0]
	check(t, "cells", xcells(g), []string{"E1=top[2x2]", "G2=beside"})
	if len(g.Notes) != 0 {
		t.Errorf("a note at a covered cell: %+v", g.Notes)
	}
}

// TestReadISODates: strict OOXML may store a date as ISO 8601 text
// (t="d"); it is shown through its format as the serial would be.
func TestReadISODates(t *testing.T) {
	g := readBook(t, book{xfs: []int{14, 22}, sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1">` +
		`<c r="A1" t="d" s="1"><v>2024-12-31T00:00:00</v></c><c r="B1" t="d" s="1"><v>9999-12-31</v></c>` +
		`<c r="C1" t="d" s="2"><v>2024-06-28T18:30:00Z</v></c><c r="D1" t="d" s="1"><v>1900-01-01</v></c><c r="E1" t="d" s="1"><v>soon</v></c>` +
		`</row></sheetData>`}}})[0]
	check(t, "cells", xcells(g), []string{"A1=2024/12/31", "B1=9999/12/31", "C1=2024/6/28 18:30", "D1=1900/1/1", "E1=soon"})
}

func TestReadDate1904(t *testing.T) {
	g := readBook(t, book{date1904: true, xfs: []int{14},
		sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1"><c r="A1" s="1"><v>44195</v></c></row></sheetData>`}}})[0]
	check(t, "cells", xcells(g), []string{"A1=2024/12/31"})
}

// TestReadFixtures reads every workbook fixture: each is a grid per
// visible sheet whose cells lie in order, inside the sheet, with spans.
func TestReadFixtures(t *testing.T) {
	names, _ := filepath.Glob("../../fixtures/xlsx/*.xlsx")
	if len(names) == 0 {
		t.Fatal("no workbook fixtures")
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		grids, err := Read(context.Background(), data, Options{})
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		if len(grids) == 0 {
			t.Errorf("%s: no sheets", n)
		}
		for _, g := range grids {
			if msg := gridInvariant(g); msg != "" {
				t.Errorf("%s, sheet %s: %s", n, g.Sheet, msg)
			}
		}
	}
	data, err := os.ReadFile("../../fixtures/xlsx/three_forms.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	grids, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	var sheets []string
	for _, g := range grids {
		sheets = append(sheets, g.Sheet)
	}
	check(t, "three_forms sheets", sheets, []string{"第一批", "第二批", "说明"})
}

// gridInvariant says what is wrong with a grid read from a sheet, or "".
func gridInvariant(g *grid.Grid) string {
	last := [2]int{-1, -1}
	for _, r := range g.Rows {
		if len(r.Cells) == 0 {
			return "an empty row"
		}
		for _, c := range r.Cells {
			if c.Row != r.Cells[0].Row {
				return fmt.Sprintf("cell %s in the row of %s", c.Pos.Ref, r.Cells[0].Pos.Ref)
			}
			if c.Row < last[0] || c.Row == last[0] && c.Col <= last[1] {
				return "cells out of order at " + c.Pos.Ref
			}
			last = [2]int{c.Row, c.Col}
			if c.RowSpan < 1 || c.ColSpan < 1 || c.Pos.Ref != grid.CellName(c.Row, c.Col) || c.Pos.Sheet != g.Sheet {
				return fmt.Sprintf("cell %+v", c)
			}
			if strings.TrimSpace(c.Text) == "" {
				return "a blank cell at " + c.Pos.Ref
			}
		}
	}
	return ""
}

// badBooks are workbooks Read must fail on, each with the error, the
// position and the message it must fail with; the zip bomb only with bomb
// set.
func badBooks(t testing.TB, bomb bool) []struct {
	name string
	data []byte
	err  error
	pos  grid.Pos
	msg  string
} {
	sheet := func(data string) book {
		return book{strings: []string{"a"}, sheets: []bookSheet{{name: "绩效目标", data: data}}}
	}
	good := sheet(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`).zip(t)
	withPart := func(name, content string) []byte {
		b := sheet(`<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`)
		b.parts = map[string]string{name: content}
		return b.zip(t)
	}
	docx := zipParts(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	var bombed []byte
	if bomb {
		bombed = zipBomb(t)
	}
	const sheet1 = "xl/worksheets/sheet1.xml"
	return []struct {
		name string
		data []byte
		err  error
		pos  grid.Pos
		msg  string
	}{
		{"zip of garbage", zipParts(t, map[string]string{"a.bin": "\x00\x01garbage", "b/c.txt": "hello"}), grid.ErrCorrupt, grid.Pos{}, "not a workbook: a zip archive with no xl/workbook.xml"},
		{"not a zip", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x5a, 0xa5}, 200)...), grid.ErrCorrupt, grid.Pos{}, "damaged workbook: not a readable zip archive"},
		{"cut short", good[:len(good)*2/3], grid.ErrCorrupt, grid.Pos{}, "damaged workbook: not a readable zip archive"},
		{"zip bomb", bombed, grid.ErrTooLarge, grid.Pos{}, "the workbook unpacks to 1.0 GiB, over the 128 MiB limit (xl/worksheets/sheet1.xml alone is 1.0 GiB): a zip bomb"},
		{"styles bomb", withPart("xl/styles.xml", `<styleSheet>`+strings.Repeat(`<numFmts/>`, 1<<20)+`</styleSheet>`), grid.ErrTooLarge, grid.Pos{Part: "xl/styles.xml"}, "unpacks to 10 MiB, over the 8 MiB limit for a workbook's styles"},
		{"garbage sheet", withPart(sheet1, "\x00\x13\xfe garbage <<<"), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 1}, "damaged workbook: sheet 绩效目标 is not well-formed XML: illegal character code U+0000"},
		{"text for a sheet", withPart(sheet1, "hello, world"), grid.ErrCorrupt, grid.Pos{Part: sheet1}, "damaged workbook: sheet 绩效目标 holds no XML"},
		{"sheet cut short", withPart(sheet1, "<worksheet><sheetData>\n<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>"), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 2}, "damaged workbook: sheet 绩效目标 ends in the middle of its XML"},
		{"mismatched tags", withPart(sheet1, "<worksheet><sheetData>\n<row>\n</sheetData></worksheet>"), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 3}, "damaged workbook: sheet 绩效目标 is not well-formed XML: unexpected </sheetData>"},
		{"another part for a sheet", withPart(sheet1, `<chartsheet/>`), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 1}, "damaged workbook: sheet 绩效目标 is not a <worksheet> part: its XML is <chartsheet>"},
		{"garbage shared strings", withPart("xl/sharedStrings.xml", "<sst><si><t>a</t></si><si><t>b</t>\x01garbage"), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1}, "damaged workbook: the shared strings is not well-formed XML"},
		{"no shared string", sheet(`<sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData>`).zip(t), grid.ErrCorrupt, grid.Pos{Sheet: "绩效目标", Ref: "A1"}, "damaged workbook: the cell refers to shared string \"7\", and there are 1"},
		{"bad cell reference", sheet(`<sheetData><row r="1"><c r="A0"><v>1</v></c></row></sheetData>`).zip(t), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 1}, `damaged workbook: sheet 绩效目标 has a cell reference "A0" that is no cell`},
		{"bad row number", sheet(`<sheetData><row r="0"><c><v>1</v></c></row></sheetData>`).zip(t), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 1}, `damaged workbook: sheet 绩效目标 has a row numbered "0"`},
		{"sheet part missing", withPart(sheet1, ""), grid.ErrCorrupt, grid.Pos{Sheet: "绩效目标"}, "damaged workbook: the sheet is listed but its part is missing"},
		{"damaged workbook part", withPart("xl/workbook.xml", "<workbook><sheets>"), grid.ErrCorrupt, grid.Pos{Part: "xl/workbook.xml", Line: 1}, "damaged workbook: the workbook ends in the middle of its XML"},
		{"damaged relationships", withPart("_rels/.rels", "<Relationships><Relationship>"), grid.ErrCorrupt, grid.Pos{Part: "_rels/.rels", Line: 1}, "damaged workbook: the package's relationships ends in the middle of its XML"},
		{"nested too deep", withPart(sheet1, "<worksheet>"+strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100)+"</worksheet>"), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 1}, "damaged workbook: sheet 绩效目标 nests elements more than 64 deep"},
		{"damaged compressed data", flipSheetBytes(t, good), grid.ErrCorrupt, grid.Pos{Part: sheet1, Line: 1}, "damaged workbook: cannot unpack sheet 绩效目标: its compressed data is damaged"},
		{"a part encrypted inside the zip", encryptPart(t, good, sheet1), grid.ErrEncrypted, grid.Pos{Part: sheet1}, "encrypted inside the zip (a zip password)"},
		{"a .docx read as a workbook", docx, grid.ErrCorrupt, grid.Pos{}, "not a workbook: a Word document (.docx) named as a workbook"},
	}
}

// TestReadBad: every bad workbook fails with its error, at its position.
func TestReadBad(t *testing.T) {
	for _, tt := range badBooks(t, true) {
		t.Run(tt.name, func(t *testing.T) {
			grids, err := Read(context.Background(), tt.data, Options{})
			ooxmltest.WantErr(t, err, tt.err, tt.pos, tt.msg)
			if grids != nil {
				t.Error("grids with an error")
			}
		})
	}
}

// TestDamagedSizes: parts the workbook does not need whose sizes in the
// zip's directory are absurd (no compression gives them: a damaged size
// field, not a zip bomb) count toward no limit; the workbook reads.
func TestDamagedSizes(t *testing.T) {
	data := withDeclaredSize(t, book{strings: []string{"a"}, sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`}}}.zip(t), math.MaxUint64-1)
	g := readOne(t, data)
	check(t, "cells", xcells(g), []string{"A1=a"})
}

// readOne reads a workbook of one sheet.
func readOne(t *testing.T, data []byte) *grid.Grid {
	t.Helper()
	grids, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 1 {
		t.Fatalf("%d grids", len(grids))
	}
	return grids[0]
}

// TestOptions lowers each limit to reach it with a small workbook, and
// reads the workbook at the limit; the zero Options are the defaults.
func TestOptions(t *testing.T) {
	t.Parallel()
	data := book{strings: []string{"a"}, sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>`}}}.zip(t)
	total, parts, styles := uint64(0), 0, uint64(0)
	for _, e := range ooxmltest.Entries(t, data) {
		total += uint64(len(e[1]))
		parts++
		if e[0] == "xl/styles.xml" {
			styles = uint64(len(e[1]))
		}
	}
	for _, tt := range []struct {
		name     string
		over, at Options
		err      error
		pos      grid.Pos
		msg      string
	}{
		{"unzip size", Options{MaxUnzipSize: int64(total) - 1}, Options{MaxUnzipSize: int64(total)}, grid.ErrTooLarge, grid.Pos{},
			fmt.Sprintf("the workbook unpacks to %d bytes, over the %d bytes limit", total, total-1)},
		{"styles size", Options{MaxStylesSize: int64(styles) - 1}, Options{MaxStylesSize: int64(styles)}, grid.ErrTooLarge, grid.Pos{Part: "xl/styles.xml"},
			fmt.Sprintf("unpacks to %d bytes, over the %d bytes limit for a workbook's styles", styles, styles-1)},
		{"depth", Options{MaxDepth: 4}, Options{MaxDepth: 5}, grid.ErrCorrupt, grid.Pos{Part: "xl/worksheets/sheet1.xml", Line: 1},
			"sheet S nests elements more than 4 deep"}, // worksheet, sheetData, row, c, v
		{"parts", Options{MaxParts: parts - 1}, Options{MaxParts: parts}, grid.ErrTooLarge, grid.Pos{},
			fmt.Sprintf("the workbook has %d parts, over the limit of %d", parts, parts-1)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := Read(context.Background(), data, tt.over)
			ooxmltest.WantErr(t, err, tt.err, tt.pos, tt.msg)
			if grids, err := Read(context.Background(), data, tt.at); err != nil || len(grids) != 1 {
				t.Errorf("at the limit: %d grids, %v", len(grids), err)
			}
		})
	}
	if d := (Options{}).withDefaults(); d != (Options{MaxUnzipSize: 128 << 20, MaxStylesSize: 8 << 20, MaxDepth: 64, MaxParts: 1 << 16}) {
		t.Errorf("defaults %+v", d)
	}
}

// zipBomb is a workbook whose sheet, honestly declared, unpacks to 1 GiB
// of spaces from about a megabyte: deflate blocks of 1 MiB repeated.
func zipBomb(t testing.TB) []byte {
	t.Helper()
	const mib = 1 << 20
	var block bytes.Buffer
	fw, _ := flate.NewWriter(&block, flate.BestCompression)
	space := bytes.Repeat([]byte{' '}, mib)
	fw.Write(space)
	fw.Flush() // a block that decodes alone, ending on a byte boundary
	var tail bytes.Buffer
	fe, _ := flate.NewWriter(&tail, flate.BestCompression)
	fe.Close() // the final, empty block
	crc := crc32.NewIEEE()
	var stream bytes.Buffer
	for range 1024 {
		stream.Write(block.Bytes())
		crc.Write(space)
	}
	stream.Write(tail.Bytes())
	b := book{sheets: []bookSheet{{name: "S", data: "<sheetData/>"}}}
	b.parts = map[string]string{"xl/worksheets/sheet1.xml": ""} // written raw below
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	zr, err := zip.NewReader(bytes.NewReader(b.zip(t)), int64(len(b.zip(t))))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	w, err := zw.CreateRaw(&zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate,
		CRC32: crc.Sum32(), CompressedSize64: uint64(stream.Len()), UncompressedSize64: 1024 * mib})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(stream.Bytes())
	zw.Close()
	return buf.Bytes()
}

// withDeclaredSize copies a workbook, adding two parts that claim to unpack
// to size bytes each, as a hostile archive may.
func withDeclaredSize(t testing.TB, data []byte, size uint64) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		if err := zw.Copy(f); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"xl/media/a.bin", "xl/media/b.bin"} {
		w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Store, CompressedSize64: 1, UncompressedSize64: size})
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte{0})
	}
	zw.Close()
	return buf.Bytes()
}

// flipSheetBytes damages the compressed bytes of a workbook's sheet, so
// that it inflates wrong or fails its checksum.
func flipSheetBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == "xl/worksheets/sheet1.xml" {
			off, err := f.DataOffset()
			if err != nil {
				t.Fatal(err)
			}
			out := bytes.Clone(data)
			for i := off + 2; i < off+int64(f.CompressedSize64)-2; i += 3 {
				out[i] ^= 0x55
			}
			return out
		}
	}
	t.Fatal("no sheet")
	return nil
}

// encryptPart sets the "encrypted" flag of a part in its central
// directory entry, as a zip with a password has it.
func encryptPart(t testing.TB, data []byte, name string) []byte {
	t.Helper()
	out := bytes.Clone(data)
	for i := bytes.Index(out, []byte("PK\x01\x02")); i >= 0; i = bytes.Index(out[i+4:], []byte("PK\x01\x02")) + i + 4 {
		if bytes.HasPrefix(out[i+46:], []byte(name)) {
			out[i+8] |= 1
			return out
		}
		if bytes.Index(out[i+4:], []byte("PK\x01\x02")) < 0 {
			break
		}
	}
	t.Fatalf("no %s", name)
	return nil
}

// FuzzRead reads arbitrary bytes as a workbook: nothing may panic, a
// failure is of one of the grid kinds (or the context's), a positional
// one is at a part or a sheet, and every grid holds together. The seeds
// are the workbook fixtures, the bad files and the bad workbooks above.
func FuzzRead(f *testing.F) {
	seeds := 0
	for _, dir := range []string{"../../fixtures/xlsx/*.xlsx", "../../fixtures/bad/*"} {
		names, _ := filepath.Glob(dir)
		if len(names) == 0 {
			f.Fatalf("no seeds in %s", dir)
		}
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
			seeds++
		}
	}
	for _, tt := range badBooks(f, false) {
		if tt.data != nil {
			f.Add(tt.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		grids, err := Read(context.Background(), data, Options{})
		if err != nil {
			if grid.Kind(err) == nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
				t.Fatalf("an error of no grid kind: %v", err)
			}
			var e *grid.Error
			if errors.As(err, &e) && (e.Path != "" || e.Pos.Part == "" && e.Pos.Sheet == "") {
				t.Fatalf("an error at %+v: %v", e.Pos, err)
			}
			return
		}
		for _, g := range grids {
			if msg := gridInvariant(g); msg != "" {
				t.Fatalf("sheet %q: %s", g.Sheet, msg)
			}
		}
	})
}

// BenchmarkRead is the workbook reader alone, on the T1 fixture (8 KB).
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/xlsx/t1_side_by_side.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, data, 1)
}

// BenchmarkReadThreeForms is a workbook of three sheets, two of them
// forms (11 KB).
func BenchmarkReadThreeForms(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/xlsx/three_forms.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	benchRead(b, data, 3)
}

// BenchmarkReadLarge is one sheet of 10,000 rows of six cells, text
// shared and inline, numbers under formats, merged ranges: how the
// reader scales past a form's size.
func BenchmarkReadLarge(b *testing.B) {
	var sheet strings.Builder
	sheet.WriteString("<sheetData>")
	for r := 1; r <= 10000; r++ {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="inlineStr"><is><t>第%d项</t></is></c>`+
			`<c r="C%d" s="1"><v>%d.5</v></c><c r="D%d" s="2"><v>0.%02d</v></c><c r="E%d"><f>C%d*2</f><v>%d</v></c><c r="F%d" t="s"><v>%d</v></c></row>`,
			r, r, r%50, r, r, r, r*10, r, r%100, r, r, r*20+1, r, (r+7)%50)
	}
	sheet.WriteString("</sheetData><mergeCells>")
	for r := 1; r <= 10000; r += 100 {
		fmt.Fprintf(&sheet, `<mergeCell ref="F%d:F%d"/>`, r, r+1)
	}
	sheet.WriteString("</mergeCells>")
	strs := make([]string, 50)
	for i := range strs {
		strs[i] = fmt.Sprintf("指标名称%d", i)
	}
	data := book{strings: strs, xfs: []int{4, 9}, sheets: []bookSheet{{name: "S", data: sheet.String()}}}.zip(b)
	benchRead(b, data, 1)
}

func benchRead(b *testing.B, data []byte, sheets int) {
	b.Helper()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if grids, err := Read(context.Background(), data, Options{}); err != nil || len(grids) != sheets || len(grids[0].Rows) == 0 {
			b.Fatalf("%d grids, %v", len(grids), err)
		}
	}
}

func TestParseRef(t *testing.T) {
	for ref, want := range map[string][3]int{
		"A1": {0, 0, 1}, "B12": {11, 1, 1}, "$B$12": {11, 1, 1}, "b12": {11, 1, 1}, "XFD1048576": {1048575, 16383, 1}, "A$1$": {0, 0, 1},
		"": {}, "A": {}, "1": {}, "A0": {}, "A01": {}, "XFE1": {}, "AAAA1": {}, "A1048577": {}, "A1B": {}, "A-1": {}, "A 1": {}, "A12345678": {},
	} {
		r, c, ok := parseRef(ref)
		if got := [3]int{r, c, map[bool]int{true: 1}[ok]}; ok != (want[2] == 1) || ok && got != want {
			t.Errorf("parseRef(%q) = %d, %d, %v", ref, r, c, ok)
		}
		if r2, c2, ok2 := parseRef([]byte(ref)); r2 != r || c2 != c || ok2 != ok {
			t.Errorf("parseRef([]byte(%q)) differs", ref)
		}
	}
}

// TestNoteCodes: the reader's notes have the codes of the warnings the
// interpreter makes of them.
func TestNoteCodes(t *testing.T) {
	if noteFormula != model.WarnFormula || notePart != model.WarnDamagedPart {
		t.Errorf("note codes %q, %q; the warnings' %q, %q", noteFormula, notePart, model.WarnFormula, model.WarnDamagedPart)
	}
}

// damaged is a workbook of two sheets to damage: 甲 with a shared string
// and 1 under 0% (100%), 乙 with an inline string.
func damaged(t *testing.T) [][2]string {
	t.Helper()
	return ooxmltest.Entries(t, book{strings: []string{"a"}, xfs: []int{9}, sheets: []bookSheet{
		{name: "甲", data: `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" s="1"><v>1</v></c></row></sheetData>`},
		{name: "乙", data: `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>b</t></is></c></row></sheetData>`},
	}}.zip(t))
}

// edit returns entries with the part name set to content (dropped when
// content is "drop"), or added at the end when the zip has no such part.
func edit(entries [][2]string, name, content string) [][2]string {
	out := make([][2]string, 0, len(entries)+1)
	found := false
	for _, e := range entries {
		if e[0] == name {
			found = true
			if content == "drop" {
				continue
			}
			e[1] = content
		}
		out = append(out, e)
	}
	if !found {
		out = append(out, [2]string{name, content})
	}
	return out
}

// after returns entries with another member inserted after the one of
// name.
func after(entries [][2]string, name, content string) [][2]string {
	var out [][2]string
	for _, e := range entries {
		out = append(out, e)
		if e[0] == name {
			out = append(out, [2]string{name, content})
		}
	}
	return out
}

// part returns the content of a part of entries.
func part(entries [][2]string, name string) string {
	for _, e := range entries {
		if e[0] == name {
			return e[1]
		}
	}
	return ""
}

// notes lists a grid's notes as "position code: message".
func notes(g *grid.Grid) []string {
	var out []string
	for _, n := range g.Notes {
		out = append(out, fmt.Sprintf("%d,%d %s %s: %s", n.Row, n.Col, n.Pos, n.Code, n.Message))
	}
	return out
}

// TestDamagedPackages: damage a form can do without is read around and
// said in a note of each grid, at row 0, column 0 and the part: nothing
// is lost without a word.
func TestDamagedPackages(t *testing.T) {
	const sheet1, sst = "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"
	ok := [][]string{{"A1=a", "B1=100%"}, {"A1=b"}}
	unformatted := [][]string{{"A1=a", "B1=1"}, {"A1=b"}}
	dupNote := func(part string) string {
		return "0,0 " + part + " damaged_part: the zip holds 2 members named " + part + ": the first that is not empty is read, the others (empty, or copies of it) are ignored"
	}
	for _, tt := range []struct {
		name    string
		entries [][2]string
		cells   [][]string
		notes   [2][]string // of each grid, each the start of a note
	}{
		{"content types not well-formed", edit(damaged(t), "[Content_Types].xml", `<Types xmlns="x"><Default Extension="xml"`), ok, [2][]string{
			{"0,0 [Content_Types].xml line 1 damaged_part: damaged workbook: the content types ends in the middle of its XML (every sheet the workbook lists is read all the same)"},
			{"0,0 [Content_Types].xml line 1 damaged_part: damaged workbook: the content types ends in the middle of its XML"}}},
		{"content types of another part", edit(damaged(t), "[Content_Types].xml", `<Relationships/>`), ok, [2][]string{
			{"0,0 [Content_Types].xml line 1 damaged_part: damaged workbook: the content types is not a <Types> part: its XML is <Relationships>"},
			{"0,0 [Content_Types].xml line 1 damaged_part"}}},
		{"no content types", edit(damaged(t), "[Content_Types].xml", "drop"), ok, [2][]string{
			{"0,0 [Content_Types].xml damaged_part: the package has no [Content_Types].xml: it is not a valid workbook, though every sheet it lists is read"},
			{"0,0 [Content_Types].xml damaged_part: the package has no"}}},
		{"an empty member after a sheet", after(damaged(t), sheet1, ""), ok, [2][]string{{dupNote(sheet1)}, nil}},
		{"a copy of a sheet", after(damaged(t), sheet1, part(damaged(t), sheet1)), ok, [2][]string{{dupNote(sheet1)}, nil}},
		{"an empty member after the shared strings", after(damaged(t), sst, ""), ok, [2][]string{{dupNote(sst)}, {dupNote(sst)}}},
		{"an empty member before the shared strings", after(edit(damaged(t), sst, ""), sst, part(damaged(t), sst)), ok, [2][]string{{dupNote(sst)}, {dupNote(sst)}}},
		{"no styles", edit(damaged(t), "xl/styles.xml", "drop"), unformatted, [2][]string{
			{"0,0 xl/styles.xml damaged_part: the workbook has no styles: the numbers are shown as stored, without their number formats (1 for 100%, 45657 for 2024/12/31)"}, nil}},
		{"styles not well-formed", edit(damaged(t), "xl/styles.xml", "<styleSheet>\n<cellXfs><xf numFmtId=\"9\"/>\n</styleSheet>"), unformatted, [2][]string{
			{"0,0 xl/styles.xml line 3 damaged_part: damaged workbook: the styles is not well-formed XML: unexpected </styleSheet> (the numbers are shown as stored"}, nil}},
		{"a format id that is no number", edit(damaged(t), "xl/styles.xml", `<styleSheet><cellXfs><xf numFmtId="0"/><xf numFmtId="nine"/></cellXfs></styleSheet>`), unformatted, [2][]string{
			{`0,0 xl/styles.xml line 1 damaged_part: damaged workbook: the styles give a number format the id "nine", which is no number (the numbers are shown as stored`}, nil}},
		{"styles encrypted inside the zip", nil, unformatted, [2][]string{{"0,0 xl/styles.xml damaged_part: encrypted inside the zip"}, nil}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var data []byte
			if tt.entries != nil {
				data = ooxmltest.Zip(t, tt.entries...)
			} else {
				data = encryptPart(t, ooxmltest.Zip(t, damaged(t)...), "xl/styles.xml")
			}
			grids, err := Read(context.Background(), data, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(grids) != 2 {
				t.Fatalf("%d grids", len(grids))
			}
			for i, g := range grids {
				check(t, g.Sheet, xcells(g), tt.cells[i])
				got := notes(g)
				if len(got) != len(tt.notes[i]) {
					t.Errorf("%s: notes\n  %s\nwant\n  %s", g.Sheet, strings.Join(got, "\n  "), strings.Join(tt.notes[i], "\n  "))
					continue
				}
				for j, want := range tt.notes[i] {
					if !strings.HasPrefix(got[j], want) {
						t.Errorf("%s: note %s\nwant %s…", g.Sheet, got[j], want)
					}
				}
			}
		})
	}
}

// TestDuplicatesDiffer: two members of a sheet's name that hold different
// content fail the workbook, naming the part: which one is the sheet
// cannot be told.
func TestDuplicatesDiffer(t *testing.T) {
	const sheet1 = "xl/worksheets/sheet1.xml"
	data := ooxmltest.Zip(t, after(damaged(t), sheet1, `<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>other</t></is></c></row></sheetData></worksheet>`)...)
	_, err := Read(context.Background(), data, Options{})
	ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{Part: sheet1}, "damaged workbook: the zip holds 2 members of this name with different content, and which one is the part cannot be told")
}

// TestSharedFormulaNoValue: a cell of a shared formula saved without its
// value is noted with its own formula, which excelize translates from the
// shared one.
func TestSharedFormulaNoValue(t *testing.T) {
	g := readBook(t, book{sheets: []bookSheet{{name: "S", data: `<sheetData>` +
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B3" si="0">A1*2</f></c></row>` +
		`<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/></c></row>` +
		`<row r="3"><c r="A3"><v>3</v></c><c r="B3"><f t="shared" si="0"></f></c></row>` +
		`</sheetData>`}}})[0]
	check(t, "notes", notes(g), []string{
		"0,1 S!B1 formula: formula =A1*2 has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)",
		"1,1 S!B2 formula: formula =A2*2 has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)",
		"2,1 S!B3 formula: formula =A3*2 has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)",
	})
}

// TestSharedFormulaUnread: when excelize cannot open the workbook (its
// styles are damaged), a cell of a shared formula with no value is still
// noted, without the formula it cannot translate.
func TestSharedFormulaUnread(t *testing.T) {
	b := book{sheets: []bookSheet{{name: "S", data: `<sheetData>` +
		`<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1*2</f></c></row>` +
		`<row r="2"><c r="A2"><v>2</v></c><c r="B2"><f t="shared" si="0"/></c></row></sheetData>`}}}
	b.parts = map[string]string{"xl/styles.xml": "<styleSheet><cellXfs>"}
	g := readBook(t, b)[0]
	check(t, "notes", notes(g), []string{
		"0,1 S!B1 formula: formula =A1*2 has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)",
		"1,1 S!B2 formula: a formula has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)",
	})
}
