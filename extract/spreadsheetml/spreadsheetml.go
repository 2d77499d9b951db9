// Package spreadsheetml reads an Excel 2003 XML spreadsheet (SpreadsheetML,
// "XML Spreadsheet 2003"): one grid for each visible worksheet, in the
// workbook's order, named by the sheet. Cells keep the sheet's own
// coordinates (B12 is row 11, column 1) and carry their sheet and
// reference, as package xlsx gives them.
//
// The document is read with a streaming decoder: Workbook → Worksheet
// (ss:Name) → Table → Row (ss:Index) → Cell (ss:Index, ss:MergeAcross,
// ss:MergeDown, ss:StyleID, ss:Formula) → Data (ss:Type). A cell with no
// ss:Index follows the one before it, past the columns a merge covers
// (its own, and those a merge from a row above reaches down over). A
// merged cell is one cell at its top-left with its span; a value placed
// (by its ss:Index) in a cell a merge covers is not shown by Excel and is
// ignored.
//
// A Number is the decimal text the file stores, shown through the number
// format of the cell's style (Styles → Style ss:ID, ss:Parent →
// NumberFormat ss:Format) by package numfmt; the named formats ("Percent",
// "Fixed", "Short Date", …) are Excel's codes for them. A DateTime is
// shown as the serial date it stands for would be. A formula (ss:Formula)
// with no Data is read as empty and noted, as package xlsx notes one.
//
// Hidden worksheets (x:Visible SheetHidden or SheetVeryHidden in their
// WorksheetOptions) are not read. A document that is not well-formed XML,
// whose root is not a spreadsheet's Workbook, or that places a cell past
// the sheet's limits fails with grid.ErrCorrupt; one past the limits of
// Options with grid.ErrTooLarge or grid.ErrTooComplex.
package spreadsheetml

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/xlsx/numfmt"
)

// Namespaces of SpreadsheetML: the spreadsheet's elements and attributes
// (ss:), and Excel's options (x:).
const (
	nsSS    = "urn:schemas-microsoft-com:office:spreadsheet"
	nsExcel = "urn:schemas-microsoft-com:office:excel"
)

// Options are the limits of Read. A zero field is its default.
type Options struct {
	// MaxSize bounds the document, 256 MiB by default; a workbook of many
	// forms saved as XML is a few megabytes.
	MaxSize int
	// MaxDepth bounds the nesting of its elements, 64 by default; a cell's
	// data nests six deep (more with rich text).
	MaxDepth int
	// MaxCells bounds the cells of all its sheets, 4 Mi by default.
	MaxCells int
}

func (o Options) withDefaults() Options {
	o.MaxSize = cmp.Or(o.MaxSize, 256<<20)
	o.MaxDepth = cmp.Or(o.MaxDepth, 64)
	o.MaxCells = cmp.Or(o.MaxCells, 4<<20)
	return o
}

// Limits of a sheet, Excel's since 2007 (a SpreadsheetML file from Excel
// 2003 stays within 65536 × 256).
const (
	maxRows = 1 << 20
	maxCols = 1 << 14
)

// noteFormula is the code of the note at a formula saved without its
// value: model.WarnFormula (the reader does not import model).
const noteFormula = "formula"

// Is reports whether data is a SpreadsheetML document: XML whose root is
// a Workbook in the spreadsheet namespace, or that names Excel.Sheet as
// its program (the processing instruction Excel writes). It looks at the
// first 4 KiB only.
func Is(data []byte) bool {
	head := data[:min(len(data), 4096)]
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		head, _, _ = transform.Bytes(unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder(), head)
	}
	head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	if bytes.Contains(bytes.ToLower(head), []byte(`progid="excel.sheet"`)) {
		return true
	}
	for {
		head = bytes.TrimLeft(head, " \t\r\n")
		var end []byte
		switch {
		case bytes.HasPrefix(head, []byte("<?")):
			end = []byte("?>")
		case bytes.HasPrefix(head, []byte("<!--")):
			end = []byte("-->")
		case bytes.HasPrefix(head, []byte("<!")):
			end = []byte(">")
		}
		if end == nil {
			break
		}
		i := bytes.Index(head, end)
		if i < 0 {
			return false
		}
		head = head[i+len(end):]
	}
	if !bytes.HasPrefix(head, []byte("<Workbook")) && !bytes.HasPrefix(head, []byte("<ss:Workbook")) {
		return false
	}
	tag, _, _ := bytes.Cut(head, []byte(">"))
	return bytes.Contains(tag, []byte(nsSS))
}

// style is a Style of the document: its number format, and the style it
// inherits one from.
type style struct {
	parent string
	format string
	set    bool // it has a NumberFormat
}

// cell is a cell as the document places it.
type cell struct {
	row, col         int
	rowSpan, colSpan int
	style            string
	typ              string // the Data's ss:Type; "" with no Data
	value            string
	formula          string
	hasData          bool
}

// sheet is a worksheet as it is read.
type sheet struct {
	name   string
	hidden bool
	cells  []cell
}

// Read reads a SpreadsheetML document's visible worksheets into grids, as
// the package comment says, within the limits of opts. It returns ctx's
// error soon after ctx is done.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	opts = opts.withDefaults()
	if len(data) > opts.MaxSize {
		return nil, grid.Errorf(grid.ErrTooLarge, "an Excel 2003 XML spreadsheet of %d bytes, over the %d-byte limit", len(data), opts.MaxSize)
	}
	var src io.Reader = bytes.NewReader(data)
	if bytes.HasPrefix(data, []byte{0xFF, 0xFE}) || bytes.HasPrefix(data, []byte{0xFE, 0xFF}) {
		src = transform.NewReader(src, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder())
	}
	d := xml.NewDecoder(src)
	d.CharsetReader = charset.NewReaderLabel
	d.Strict = true
	p := &parser{d: d, opts: opts, styles: map[string]*style{}}
	if err := p.run(ctx); err != nil {
		return nil, err
	}
	date1904 := p.date1904
	formats := map[string]*numfmt.Format{}
	var grids []*grid.Grid
	for _, sh := range p.sheets {
		if sh.hidden {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		grids = append(grids, p.grid(sh, date1904, formats))
	}
	return grids, nil
}

// parser is the state of the streaming read.
type parser struct {
	d        *xml.Decoder
	opts     Options
	styles   map[string]*style
	sheets   []*sheet
	date1904 bool
	cells    int
	last     *style // the Style last opened
}

// corrupt is a damaged document's error, at the decoder's line.
func (p *parser) corrupt(format string, args ...any) error {
	line, _ := p.d.InputPos()
	return grid.Errorf(grid.ErrCorrupt, "damaged Excel 2003 XML spreadsheet: line %d: %s", line, fmt.Sprintf(format, args...))
}

// attr returns the attribute of e named local, in the spreadsheet
// namespace or in none (as some writers leave it).
func attr(e xml.StartElement, local string) (string, bool) {
	for _, a := range e.Attr {
		if a.Name.Local == local && (a.Name.Space == nsSS || a.Name.Space == "") {
			return a.Value, true
		}
	}
	return "", false
}

// index reads a 1-based ss:Index-like attribute within limit.
func (p *parser) index(e xml.StartElement, name string, limit int) (int, bool, error) {
	v, ok := attr(e, name)
	if !ok {
		return 0, false, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 1 || n > limit {
		return 0, false, p.corrupt("%s has ss:%s %q", e.Name.Local, name, v)
	}
	return n, true, nil
}

// span reads ss:MergeAcross or ss:MergeDown: the cells a merge reaches past
// its own.
func (p *parser) span(e xml.StartElement, name string, limit int) (int, error) {
	v, ok := attr(e, name)
	if !ok {
		return 0, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || n < 0 || n >= limit {
		return 0, p.corrupt("Cell has ss:%s %q", name, v)
	}
	return n, nil
}

// run reads the whole document.
func (p *parser) run(ctx context.Context) error {
	var (
		stack   []xml.Name // the open elements
		sh      *sheet
		row     = -1 // the current row, 0-based
		col     = -1 // the last column placed in it
		cur     *cell
		inData  bool // inside a Cell's Data (its text, rich text included)
		inTable bool
		text    []byte // the character data of an element read as text
		rawText bool   // collecting the character data of an option: x:Visible, x:Date1904
		tokens  int
		downs   []rectDown // the merges reaching down into later rows, of the current table
	)
	parent := func() xml.Name {
		if len(stack) < 2 {
			return xml.Name{}
		}
		return stack[len(stack)-2]
	}
	for {
		tok, err := p.d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return grid.Errorf(grid.ErrCorrupt, "damaged Excel 2003 XML spreadsheet: line %d: %s", se.Line, se.Msg)
			}
			return p.corrupt("%v", err)
		}
		if tokens++; tokens%8192 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		switch t := tok.(type) {
		case xml.StartElement:
			stack = append(stack, t.Name)
			if len(stack) > p.opts.MaxDepth {
				return grid.Errorf(grid.ErrTooComplex, "an Excel 2003 XML spreadsheet nested over %d elements deep", p.opts.MaxDepth)
			}
			if len(stack) == 1 {
				if t.Name.Local != "Workbook" || t.Name.Space != nsSS {
					return grid.Errorf(grid.ErrCorrupt, "not an Excel 2003 XML spreadsheet: its root is <%s>, not a Workbook", t.Name.Local)
				}
				continue
			}
			par := parent()
			switch {
			case t.Name.Local == "Worksheet" && t.Name.Space == nsSS && len(stack) == 2:
				name, _ := attr(t, "Name")
				sh = &sheet{name: name}
				p.sheets = append(p.sheets, sh)
			case t.Name.Local == "Table" && t.Name.Space == nsSS && par.Local == "Worksheet" && sh != nil:
				inTable, row, col, downs = true, -1, -1, downs[:0]
			case t.Name.Local == "Row" && inTable && par.Local == "Table":
				n, ok, err := p.index(t, "Index", maxRows)
				if err != nil {
					return err
				}
				if ok {
					if n-1 <= row {
						return p.corrupt("Row ss:Index %d comes after row %d", n, row+1)
					}
					row = n - 1
				} else if row++; row >= maxRows {
					return p.corrupt("more than %d rows", maxRows)
				}
				col = -1
				downs = slices.DeleteFunc(downs, func(r rectDown) bool { return r.r1 < row })
			case t.Name.Local == "Cell" && inTable && par.Local == "Row":
				n, ok, err := p.index(t, "Index", maxCols)
				if err != nil {
					return err
				}
				if ok {
					col = n - 1
				} else {
					col = nextFree(downs, row, col+1)
				}
				if col >= maxCols {
					return p.corrupt("a cell past column %d", maxCols)
				}
				across, err := p.span(t, "MergeAcross", maxCols-col)
				if err != nil {
					return err
				}
				down, err := p.span(t, "MergeDown", maxRows-row)
				if err != nil {
					return err
				}
				styleID, _ := attr(t, "StyleID")
				formula, _ := attr(t, "Formula")
				cur = &cell{row: row, col: col, rowSpan: down + 1, colSpan: across + 1, style: styleID, formula: formula}
				if down > 0 {
					downs = append(downs, rectDown{row + 1, row + down, col, col + across})
				}
				col += across
			case t.Name.Local == "Data" && cur != nil && par.Local == "Cell":
				cur.hasData = true
				cur.typ, _ = attr(t, "Type")
				inData, text = true, text[:0]
			case t.Name.Local == "Style" && par.Local == "Styles":
				id, _ := attr(t, "ID")
				parentID, _ := attr(t, "Parent")
				p.last = &style{parent: parentID}
				p.styles[id] = p.last
			case t.Name.Local == "NumberFormat" && par.Local == "Style":
				if p.last != nil {
					p.last.format, _ = attr(t, "Format")
					p.last.set = true
				}
			case t.Name.Space == nsExcel && (t.Name.Local == "Visible" && par.Local == "WorksheetOptions" || t.Name.Local == "Date1904" && par.Local == "ExcelWorkbook"):
				rawText, text = true, text[:0]
				if t.Name.Local == "Date1904" {
					p.date1904 = true
				}
			}
		case xml.CharData:
			if inData || rawText {
				if len(text)+len(t) > 1<<20 {
					return grid.Errorf(grid.ErrTooLarge, "a cell of over a megabyte of text")
				}
				text = append(text, t...)
			}
		case xml.EndElement:
			if len(stack) == 0 {
				return p.corrupt("an end tag with no start")
			}
			name := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			switch {
			case name.Local == "Data" && inData && len(stack) >= 1 && stack[len(stack)-1].Local == "Cell":
				inData = false
				cur.value = string(text)
			case name.Local == "Cell" && cur != nil && len(stack) >= 1 && stack[len(stack)-1].Local == "Row":
				if cur.hasData && strings.TrimSpace(cur.value) != "" || !cur.hasData && cur.formula != "" {
					if p.cells++; p.cells > p.opts.MaxCells {
						return grid.Errorf(grid.ErrTooComplex, "more than %d cells", p.opts.MaxCells)
					}
					sh.cells = append(sh.cells, *cur)
				}
				cur = nil
			case name.Local == "Table" && len(stack) == 2:
				inTable = false
			case name.Local == "Visible" && rawText:
				rawText = false
				if v := strings.TrimSpace(string(text)); (v == "SheetHidden" || v == "SheetVeryHidden") && sh != nil {
					sh.hidden = true
				}
			case name.Local == "Date1904" && rawText:
				rawText = false
				if v := strings.TrimSpace(string(text)); v == "0" || strings.EqualFold(v, "false") {
					p.date1904 = false
				}
			case name.Local == "Worksheet" && len(stack) == 1:
				sh = nil
			}
		}
	}
	if len(stack) > 0 {
		return p.corrupt("the document ends inside <%s>", stack[len(stack)-1].Local)
	}
	if p.sheets == nil && tokens == 0 {
		return grid.Errorf(grid.ErrCorrupt, "not an Excel 2003 XML spreadsheet: no Workbook")
	}
	return nil
}

// rectDown is the part of a merge below its first row: rows r0–r1,
// columns c0–c1, inclusive, 0-based.
type rectDown struct{ r0, r1, c0, c1 int }

// nextFree returns the first column from col on, in row, that no merge
// from a row above covers: where a cell with no ss:Index goes.
func nextFree(downs []rectDown, row, col int) int {
	for moved := true; moved; {
		moved = false
		for _, m := range downs {
			if row >= m.r0 && row <= m.r1 && col >= m.c0 && col <= m.c1 {
				col, moved = m.c1+1, true
			}
		}
	}
	return col
}

// namedFormats are Excel's named number formats, as SpreadsheetML writes
// them in ss:Format, and the codes they stand for, as a zh-CN Excel shows
// them (Short Date is built-in format 14, yyyy/m/d).
var namedFormats = map[string]string{
	"General":        "General",
	"General Number": "General",
	"General Date":   "yyyy/m/d h:mm",
	"Long Date":      `yyyy"年"m"月"d"日"`,
	"Medium Date":    "d-mmm-yy",
	"Short Date":     "yyyy/m/d",
	"Long Time":      "h:mm:ss",
	"Medium Time":    "h:mm AM/PM",
	"Short Time":     "h:mm",
	"Currency":       `"¥"#,##0.00;"¥"-#,##0.00`,
	"Euro Currency":  `"€"#,##0.00`,
	"Fixed":          "0.00",
	"Standard":       "#,##0.00",
	"Percent":        "0.00%",
	"Scientific":     "0.00E+00",
	"Yes/No":         `"Yes";"Yes";"No"`,
	"True/False":     `"True";"True";"False"`,
	"On/Off":         `"On";"On";"Off"`,
}

// code returns the number format code of a style, following its parents;
// a cell with no style has the Default style's.
func (p *parser) code(id string) string {
	if id == "" {
		id = "Default"
	}
	for range 16 { // a chain of parents, or a loop
		st, ok := p.styles[id]
		if !ok {
			break
		}
		if st.set {
			if c, ok := namedFormats[st.format]; ok {
				return c
			}
			if st.format == "" {
				return "General"
			}
			return st.format
		}
		if st.parent == "" || st.parent == id {
			break
		}
		id = st.parent
	}
	if id != "Default" {
		if st, ok := p.styles["Default"]; ok && st.set {
			return p.code("Default")
		}
	}
	return "General"
}

// grid lays out a sheet's cells as a grid: sorted by row and column, each
// merge's top-left with its span, the cells a merge covers dropped, and a
// note for each formula saved without its value.
func (p *parser) grid(sh *sheet, date1904 bool, formats map[string]*numfmt.Format) *grid.Grid {
	g := &grid.Grid{Sheet: sh.name}
	cells := sh.cells
	slices.SortStableFunc(cells, func(a, b cell) int { return cmp.Or(a.row-b.row, a.col-b.col) })
	cells = slices.CompactFunc(cells, func(a, b cell) bool { return a.row == b.row && a.col == b.col })
	var merges []cell // merges seen so far that reach past their row or column
	for _, c := range cells {
		merges = slices.DeleteFunc(merges, func(m cell) bool { return m.row+m.rowSpan-1 < c.row })
		covered := false
		for _, m := range merges {
			if c.row >= m.row && c.row < m.row+m.rowSpan && c.col >= m.col && c.col < m.col+m.colSpan {
				covered = true
				break
			}
		}
		if covered {
			continue
		}
		if c.rowSpan > 1 || c.colSpan > 1 {
			merges = append(merges, c)
		}
		pos := grid.Pos{Sheet: sh.name, Ref: grid.CellName(c.row, c.col)}
		if !c.hasData {
			g.Notes = append(g.Notes, grid.Note{Row: c.row, Col: c.col, Pos: pos, Code: noteFormula,
				Message: fmt.Sprintf("formula %s has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)", c.formula)})
			continue
		}
		nf, ok := formats[c.style]
		if !ok {
			nf = numfmt.Parse(p.code(c.style))
			formats[c.style] = nf
		}
		text := show(nf, c.typ, c.value, date1904)
		if strings.TrimSpace(text) == "" {
			continue
		}
		if n := len(g.Rows); n == 0 || g.Rows[n-1].Cells[0].Row != c.row {
			g.Rows = append(g.Rows, grid.Row{Pos: pos})
		}
		r := &g.Rows[len(g.Rows)-1]
		r.Cells = append(r.Cells, grid.Cell{Text: text, Row: c.row, Col: c.col, RowSpan: c.rowSpan, ColSpan: c.colSpan, Pos: pos})
	}
	return g
}

// show returns what a cell of a type and value shows under its format.
func show(nf *numfmt.Format, typ, v string, date1904 bool) string {
	switch typ {
	case "Number":
		return nf.Number(strings.TrimSpace(v), date1904)
	case "DateTime":
		if serial, ok := numfmt.ISOSerial(strings.TrimSpace(v), date1904); ok {
			return nf.Number(serial, date1904)
		}
		return v
	case "Boolean":
		switch strings.TrimSpace(v) {
		case "1", "TRUE", "true":
			return "TRUE"
		case "0", "FALSE", "false":
			return "FALSE"
		}
		return v
	case "Error":
		return v
	}
	return nf.Text(v)
}
