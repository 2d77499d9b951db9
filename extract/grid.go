// Package extract reads 项目支出绩效目标申报表 out of files.
//
// Every format has a reader that turns its file into Grids of Cells, each
// cell carrying where it came from (a line, a sheet cell, a page and box, a
// table); one interpreter, Forms, finds the forms in a grid, reads their
// fields and rebuilds their indicator hierarchy by the domain's vocabulary
// rather than by column position. File ties the two together for one file.
package extract

import (
	"fmt"
	"strconv"
	"strings"
)

// Grid is a table of cells as a reader found it: one text dump, one sheet,
// one document's tables and text, or one PDF's pages.
type Grid struct {
	Sheet string // the sheet's name, for a grid read from a workbook
	Rows  []Row
	// Notes are what the reader found at a cell that its text cannot say,
	// such as a formula saved without its value. Forms makes each a
	// warning of the form whose rows it falls in.
	Notes []Note
}

// Note is a problem a reader found at a cell of a grid.
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

// Box is a rectangle on a PDF page in points, from the page's lower left.
type Box struct{ X0, Y0, X1, Y1 float64 }

// Pos says where a cell or row came from. Only the fields of its file's
// format are set.
type Pos struct {
	Line     int    // txt: 1-based line where it starts
	EndLine  int    // txt: 1-based line where it ends, when that is another line
	Sheet    string // xlsx: the sheet
	Ref      string // xlsx: the cell, "B12"
	Page     int    // pdf: 1-based page
	Box      *Box   // pdf: where on the page
	Table    int    // docx: 1-based index of the table in the document
	TableRow int    // docx: 1-based row of the table
	// Paragraph is, for docx text read as lines rather than as a table's
	// cell (a title, a signature line, prose), the 1-based index of its
	// paragraph among all the document's paragraphs, those in tables too.
	Paragraph int
}

// String returns the position as a reader of the file would look for it:
// "line 12", "Sheet1!B12", "page 2", "table 1, row 5", "paragraph 3".
func (p Pos) String() string {
	switch {
	case p.Line > 0:
		return "line " + strconv.Itoa(p.Line)
	case p.Sheet != "" || p.Ref != "":
		return quoteSheet(p.Sheet) + "!" + p.Ref
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

// quoteSheet quotes a sheet name as a spreadsheet formula would.
func quoteSheet(s string) string {
	if s == "" || strings.ContainsAny(s, " !'-") {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return s
}

// CellName returns the A1 name of a 0-based row and column: (11, 1) is "B12".
func CellName(row, col int) string {
	var b []byte
	for c := col + 1; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row+1)
}
