package extract

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

	"github.com/jixiao/jixiao/extract/form"
	"github.com/jixiao/jixiao/extract/grid"

	"github.com/xuri/excelize/v2"

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
	return zipOf(t, entries...)
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
	grids, err := ReadXLSX(context.Background(), b.zip(t))
	if err != nil {
		t.Fatal(err)
	}
	return grids
}

func TestReadXLSXCells(t *testing.T) {
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
	if len(notes) != 1 || notes[0].Pos.String() != "绩效目标!B3" || notes[0].Code != model.WarnFormula ||
		notes[0].Row != 2 || notes[0].Col != 1 || !strings.Contains(notes[0].Message, "=B2*2 has no saved value") {
		t.Errorf("notes %+v", notes)
	}
}

// TestReadXLSXCovered: a value in a cell a merged range covers is not
// shown by Excel and is not read, nor a note at such a cell; a range whose
// top-left cell is empty shows nothing.
func TestReadXLSXCovered(t *testing.T) {
	g := readBook(t, book{sheets: []bookSheet{{name: "S", data: `<sheetData>` +
		`<row r="1"><c r="B1" t="inlineStr"><is><t>stale</t></is></c><c r="C1"><f>1+1</f></c><c r="E1" t="inlineStr"><is><t>top</t></is></c></row>` +
		`<row r="2"><c r="E2" t="inlineStr"><is><t>stale</t></is></c><c r="F2" t="inlineStr"><is><t>stale</t></is></c><c r="G2" t="inlineStr"><is><t>beside</t></is></c></row>` +
		`</sheetData><mergeCells><mergeCell ref="A1:C1"/><mergeCell ref="E1:F2"/></mergeCells>`}}})[0]
	check(t, "cells", xcells(g), []string{"E1=top[2x2]", "G2=beside"})
	if len(g.Notes) != 0 {
		t.Errorf("a note at a covered cell: %+v", g.Notes)
	}
}

// TestReadXLSXISODates: strict OOXML may store a date as ISO 8601 text
// (t="d"); it is shown through its format as the serial would be.
func TestReadXLSXISODates(t *testing.T) {
	g := readBook(t, book{xfs: []int{14, 22}, sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1">` +
		`<c r="A1" t="d" s="1"><v>2024-12-31T00:00:00</v></c><c r="B1" t="d" s="1"><v>9999-12-31</v></c>` +
		`<c r="C1" t="d" s="2"><v>2024-06-28T18:30:00Z</v></c><c r="D1" t="d" s="1"><v>1900-01-01</v></c><c r="E1" t="d" s="1"><v>soon</v></c>` +
		`</row></sheetData>`}}})[0]
	check(t, "cells", xcells(g), []string{"A1=2024/12/31", "B1=9999/12/31", "C1=2024/6/28 18:30", "D1=1900/1/1", "E1=soon"})
}

func TestReadXLSXDate1904(t *testing.T) {
	g := readBook(t, book{date1904: true, xfs: []int{14},
		sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1"><c r="A1" s="1"><v>44195</v></c></row></sheetData>`}}})[0]
	check(t, "cells", xcells(g), []string{"A1=2024/12/31"})
}

// TestReadXLSXFixtures reads every workbook fixture: each is a grid per
// visible sheet whose cells lie in order, inside the sheet, with spans.
func TestReadXLSXFixtures(t *testing.T) {
	names, _ := filepath.Glob("../fixtures/xlsx/*.xlsx")
	if len(names) == 0 {
		t.Fatal("no workbook fixtures")
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		grids, err := ReadXLSX(context.Background(), data)
		if err != nil {
			t.Errorf("%s: %v", n, err)
			continue
		}
		for _, g := range grids {
			if msg := gridInvariant(g); msg != "" {
				t.Errorf("%s, sheet %s: %s", n, g.Sheet, msg)
			}
		}
	}
	data, _ := os.ReadFile("../fixtures/xlsx/three_forms.xlsx")
	grids, _ := ReadXLSX(context.Background(), data)
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

// badBooks are workbooks that must fail, each with the error and the
// message it must fail with, as File reads a file of that name; the zip
// bomb only with bomb set.
func badBooks(t testing.TB, bomb bool) []struct {
	name, file string
	data       []byte
	err        error
	msg        string
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
	return []struct {
		name, file string
		data       []byte
		err        error
		msg        string
	}{
		{"0-byte file", "empty.xlsx", nil, grid.ErrEmpty, "empty file"},
		{"zip of garbage", "junk.xlsx", zipParts(t, map[string]string{"a.bin": "\x00\x01garbage", "b/c.txt": "hello"}), grid.ErrCorrupt, "not a workbook: a zip archive with no xl/workbook.xml"},
		{"not a zip", "junk2.xlsx", append([]byte("PK\x03\x04"), bytes.Repeat([]byte{0x5a, 0xa5}, 200)...), grid.ErrCorrupt, "not a readable zip archive"},
		{"cut short", "cut.xlsx", good[:len(good)*2/3], grid.ErrCorrupt, "not a readable zip archive"},
		{"legacy .xls", "old.xls", oleWith("Workbook", "SummaryInformation"), grid.ErrLegacy, "legacy .xls: save as .xlsx"},
		{"legacy .xls named .xlsx", "old.xlsx", oleWith("Workbook"), grid.ErrLegacy, "legacy .xls (named .xlsx): save as .xlsx"},
		{"password-protected", "locked.xlsx", encryptedBook(t), grid.ErrEncrypted, "workbook is password-protected"},
		{"zip bomb", "bomb.xlsx", bombed, grid.ErrTooLarge, "unpacks to 1.0 GiB, over the 128 MiB limit (xl/worksheets/sheet1.xml alone is 1.0 GiB): a zip bomb"},
		{"absurd declared sizes", "sizes.xlsx", withDeclaredSize(t, good, math.MaxUint64-1), grid.ErrTooLarge, "over the 128 MiB limit"},
		{"styles bomb", "styles.xlsx", withPart("xl/styles.xml", `<styleSheet>`+strings.Repeat(`<numFmts/>`, 1<<20)+`</styleSheet>`), grid.ErrTooLarge, "xl/styles.xml unpacks to 10 MiB, over the 8 MiB limit"},
		{"garbage sheet", "garbage.xlsx", withPart("xl/worksheets/sheet1.xml", "\x00\x13\xfe garbage <<<"), grid.ErrCorrupt, "sheet 绩效目标 (xl/worksheets/sheet1.xml) is not well-formed XML"},
		{"text for a sheet", "text.xlsx", withPart("xl/worksheets/sheet1.xml", "hello, world"), grid.ErrCorrupt, "sheet 绩效目标 (xl/worksheets/sheet1.xml) holds no XML"},
		{"sheet cut short", "cutsheet.xlsx", withPart("xl/worksheets/sheet1.xml", `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>`), grid.ErrCorrupt, "ends in the middle of its XML"},
		{"mismatched tags", "tags.xlsx", withPart("xl/worksheets/sheet1.xml", `<worksheet><sheetData><row></sheetData></worksheet>`), grid.ErrCorrupt, "unexpected </sheetData>"},
		{"another part for a sheet", "root.xlsx", withPart("xl/worksheets/sheet1.xml", `<chartsheet/>`), grid.ErrCorrupt, "is not a <worksheet> part: its XML is <chartsheet>"},
		{"garbage shared strings", "sst.xlsx", withPart("xl/sharedStrings.xml", "<sst><si><t>a</t></si><si><t>b</t>\x01garbage"), grid.ErrCorrupt, "the shared strings (xl/sharedStrings.xml) is not well-formed XML"},
		{"no shared string", "index.xlsx", sheet(`<sheetData><row r="1"><c r="A1" t="s"><v>7</v></c></row></sheetData>`).zip(t), grid.ErrCorrupt, "绩效目标!A1 refers to shared string \"7\", and there are 1"},
		{"bad cell reference", "ref.xlsx", sheet(`<sheetData><row r="1"><c r="A0"><v>1</v></c></row></sheetData>`).zip(t), grid.ErrCorrupt, `a cell reference "A0" that is no cell`},
		{"sheet part missing", "missing.xlsx", withPart("xl/worksheets/sheet1.xml", ""), grid.ErrCorrupt, "sheet 绩效目标 is listed but its part is missing"},
		{"damaged workbook part", "wb.xlsx", withPart("xl/workbook.xml", "<workbook><sheets>"), grid.ErrCorrupt, "the workbook (xl/workbook.xml) ends in the middle of its XML"},
		{"nested too deep", "deep.xlsx", withPart("xl/worksheets/sheet1.xml", "<worksheet>"+strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100)+"</worksheet>"), grid.ErrCorrupt, "nests elements more than 64 deep"},
		{"damaged compressed data", "flipped.xlsx", flipSheetBytes(t, good), grid.ErrCorrupt, "sheet 绩效目标"},
		{"a .docx read as a workbook", "doc.xlsx", docx, grid.ErrCorrupt, "not a workbook: a Word document (.docx) named as a workbook"},
	}
}

func TestReadXLSXBad(t *testing.T) {
	for _, tt := range badBooks(t, true) {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.name == "a .docx read as a workbook" {
				// File reads such a file as a document (Detect goes by
				// content); ReadXLSX given one says what it is.
				_, err = ReadXLSX(context.Background(), tt.data)
			} else {
				_, err = File(context.Background(), tt.file, tt.data, Options{})
				var e *grid.Error
				if !errors.As(err, &e) || e.Path != tt.file {
					t.Errorf("not an *grid.Error naming the file: %v", err)
				}
			}
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v\nwant %v with %q", err, tt.err, tt.msg)
			}
		})
	}
	// A document named .xlsx is read as what it is.
	docx := zipParts(t, map[string]string{"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})
	if res, _ := File(context.Background(), "doc.xlsx", docx, Options{}); res.Format != FormatDOCX {
		t.Errorf("a .docx named .xlsx is read as %q", res.Format)
	}
}

// encryptedBook is a real password-protected workbook: excelize encrypts
// it as Excel does, into an OLE2 file.
func encryptedBook(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetCellStr("Sheet1", "A1", "项目名称"); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "locked.xlsx")
	if err := f.SaveAs(path, excelize.Options{Password: "secret"}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
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

// TestFileXLSX reads a workbook fixture end to end: the form's source
// names its sheet and cells, and a formula saved without a value is a
// warning on its form.
func TestFileXLSX(t *testing.T) {
	data, err := os.ReadFile("../fixtures/xlsx/formula_no_value.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	res, err := File(context.Background(), "dir/a.xlsx", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != FormatXLSX || res.Encoding != "" || len(res.Forms) != 1 {
		t.Fatalf("%q %q %d forms", res.Format, res.Encoding, len(res.Forms))
	}
	f := res.Forms[0]
	if f.Source.Sheet != "绩效目标" || f.Source.Cells != "A1:E21" || f.Source.Lines != nil {
		t.Errorf("source %+v", f.Source)
	}
	if f.Funds.Annual == nil || f.Funds.Annual.Total != nil {
		t.Errorf("the total is a formula with no value: %+v", f.Funds.Annual)
	}
	if len(f.Warnings) != 1 || f.Warnings[0].Code != model.WarnFormula || f.Warnings[0].Where != "绩效目标!D7" {
		t.Errorf("warnings %+v", f.Warnings)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := File(ctx, "a.xlsx", data, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// FuzzReadXLSX reads arbitrary bytes as a workbook and interprets its
// grids: nothing may panic, a failure is a damaged or too large workbook,
// and every grid holds together.
func FuzzReadXLSX(f *testing.F) {
	for _, dir := range []string{"../fixtures/xlsx/*.xlsx", "../fixtures/bad/*"} {
		names, _ := filepath.Glob(dir)
		for _, n := range names {
			b, err := os.ReadFile(n)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	for _, tt := range badBooks(f, false) {
		if tt.data != nil {
			f.Add(tt.data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		grids, err := ReadXLSX(context.Background(), data)
		if err != nil {
			if !errors.Is(err, grid.ErrCorrupt) && !errors.Is(err, grid.ErrTooLarge) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for _, g := range grids {
			if msg := gridInvariant(g); msg != "" {
				t.Fatalf("sheet %q: %s", g.Sheet, msg)
			}
			for _, form := range form.Parse(g) {
				if form.Source.Sheet != g.Sheet || form.Source.Cells == "" {
					t.Fatalf("source %+v", form.Source)
				}
			}
		}
	})
}

func workbookBytes(b *testing.B) []byte {
	data, err := os.ReadFile("../fixtures/xlsx/t1_side_by_side.xlsx")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkFileXLSX is the workbook path end to end for a one-form
// workbook (T1, 8 KB): check the package, read with excelize, interpret,
// build the record. The goal is 300 such workbooks a second on two
// cores: see BenchmarkFileXLSXParallel with -cpu 2.
func BenchmarkFileXLSX(b *testing.B) {
	data := workbookBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := File(context.Background(), "t1.xlsx", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "workbooks/s")
}

// BenchmarkFileXLSXParallel is BenchmarkFileXLSX on every CPU at once.
func BenchmarkFileXLSXParallel(b *testing.B) {
	data := workbookBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := File(context.Background(), "t1.xlsx", data, Options{}); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "workbooks/s")
}

// BenchmarkReadXLSX is the workbook reader alone.
func BenchmarkReadXLSX(b *testing.B) {
	data := workbookBytes(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ReadXLSX(context.Background(), data); err != nil {
			b.Fatal(err)
		}
	}
}
