// Package grid is the one table type every reader yields and the
// interpreter reads: cells with their text, place and span, and where in the
// file each came from. It is a leaf: it knows no format and no form.
package grid

import (
	"fmt"
	"strconv"
	"strings"
)

// Grid is a table of cells as a reader found it: one text dump, one sheet,
// one document's tables and text, or one PDF's pages.
type Grid struct {
	Sheet    string // the sheet's name, for a grid read from a workbook
	Encoding string // the text encoding it was decoded from, for a text dump
	Rows     []Row
	// Notes are what the reader found at a cell that its text cannot say,
	// such as a formula saved without its value. The interpreter makes each
	// a warning of the form whose rows it falls in.
	Notes []Note
}

// Note is a problem a reader found at a cell of a grid, or, when its Pos
// names a part of the file's package and no cell, in that part: then it
// is about the whole grid, and is at row 0, column 0.
type Note struct {
	Row, Col int // the cell's position in the grid
	Pos      Pos
	Code     string // a model.Warn… code
	Message  string
}

// Row is one row of a grid: its non-empty cells, left to right.
type Row struct {
	Cells []Cell
	Pos   Pos // where the row starts
}

// Cell is one non-empty cell of a grid. A merged cell appears once, at its
// top-left position, with its span.
type Cell struct {
	Text     string // as the source has it, not normalized
	Row, Col int    // 0-based position in the grid
	RowSpan  int    // rows covered, 1 for a plain cell
	ColSpan  int    // columns covered, 1 for a plain cell
	Pos      Pos
}

// Box is a rectangle on a page in points, from the page's lower left.
type Box struct{ X0, Y0, X1, Y1 float64 }

// Pos says where a cell, a row or a problem is in its file. Only the fields
// of its file's format are set.
type Pos struct {
	Line     int    // txt: 1-based line where it starts; with Part, the part's line
	EndLine  int    // txt: 1-based line where it ends, when that is another line
	Part     string // a package's part: "word/document.xml", "xl/worksheets/sheet1.xml"
	Sheet    string // workbook: the sheet
	Ref      string // workbook: the cell, "B12"
	Page     int    // pdf: 1-based page
	Box      *Box   // pdf: where on the page
	Table    int    // docx, doc, html: 1-based index of the table in the document
	TableRow int    // docx, doc, html: 1-based row of the table
	// Paragraph is, for docx and doc text read as lines rather than as a
	// table's cell (a title, a signature line, prose), the 1-based index of
	// its paragraph among all the document's paragraphs, those in tables
	// too; for html, of its text block among the page's.
	Paragraph int
}

// IsZero reports whether p says nothing.
func (p Pos) IsZero() bool { return p == Pos{} }

// String returns the position as a reader of the file would look for it:
// "line 12", "word/document.xml line 3", "Sheet1!B12", "page 2",
// "table 1, row 5", "paragraph 3".
func (p Pos) String() string {
	switch {
	case p.Part != "" && p.Line > 0:
		return p.Part + " line " + strconv.Itoa(p.Line)
	case p.Part != "":
		return p.Part
	case p.Line > 0:
		return "line " + strconv.Itoa(p.Line)
	case p.Sheet != "" || p.Ref != "":
		if p.Ref == "" {
			return "sheet " + QuoteSheet(p.Sheet)
		}
		return QuoteSheet(p.Sheet) + "!" + p.Ref
	case p.Page > 0 && p.Box != nil:
		return fmt.Sprintf("page %d at (%.0f, %.0f)", p.Page, p.Box.X0, p.Box.Y1)
	case p.Page > 0:
		return "page " + strconv.Itoa(p.Page)
	case p.Table > 0 && p.TableRow > 0:
		return fmt.Sprintf("table %d, row %d", p.Table, p.TableRow)
	case p.Table > 0:
		return "table " + strconv.Itoa(p.Table)
	case p.Paragraph > 0:
		return "paragraph " + strconv.Itoa(p.Paragraph)
	}
	return "?"
}

// QuoteSheet quotes a sheet name as a spreadsheet formula would: "Sheet1",
// "'项目 表'"; a quote inside the name is doubled.
func QuoteSheet(s string) string {
	if s == "" || strings.ContainsAny(s, " !'-") {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}

// CellName returns the A1 name of a 0-based row and column: (11, 1) is "B12".
func CellName(row, col int) string {
	if row < 0 { // no cell: as it was written before it was made fast
		var b []byte
		for c := col + 1; c > 0; c = (c - 1) / 26 {
			b = append([]byte{byte('A' + (c-1)%26)}, b...)
		}
		return string(b) + strconv.Itoa(row+1)
	}
	var b [40]byte
	i := len(b)
	for n := row + 1; ; n /= 10 {
		i--
		b[i] = byte('0' + n%10)
		if n < 10 {
			break
		}
	}
	for c := col + 1; c > 0; c = (c - 1) / 26 {
		i--
		b[i] = byte('A' + (c-1)%26)
	}
	return string(b[i:])
}

// Lines is rows being laid out in document order by a reader of documents
// (docx, doc, html), numbered from 0: every paragraph line and table row
// takes a number, those with no text too, so that a merged cell's RowSpan
// counts the rows it covers.
type Lines struct {
	Rows []Row
	N    int // the rows numbered so far
}

// Add appends rows laid out elsewhere (a nested table, a frame's
// content), renumbered after l's and moved col columns right.
func (l *Lines) Add(src *Lines, col int) {
	for _, row := range src.Rows {
		for i := range row.Cells {
			row.Cells[i].Row += l.N
			row.Cells[i].Col += col
		}
		l.Rows = append(l.Rows, row)
	}
	l.N += src.N
}
