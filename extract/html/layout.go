package html

import (
	"regexp"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
)

// layout turns what the parser read into rows.
type layout struct {
	sheet string // the sheet of an Excel page, when the page names it
	cells int    // cells laid out
}

// grid lays out the page.
func (p *parser) grid() (*grid.Grid, error) {
	l := &layout{}
	if p.excel && len(p.sheets) == 1 {
		l.sheet = p.sheets[0]
	}
	o, err := l.container(&p.body)
	if err != nil {
		return nil, err
	}
	return &grid.Grid{Sheet: l.sheet, Rows: o.Rows}, nil
}

// cell counts a laid-out cell against the limit.
func (l *layout) cell() error {
	l.cells++
	if l.cells > maxCells {
		return tooLarge("more than %d non-empty cells, the reader's limit", maxCells)
	}
	return nil
}

// container lays out text blocks and tables in order.
func (l *layout) container(c *container) (*grid.Lines, error) {
	o := &grid.Lines{}
	for _, it := range c.items {
		if it.table != nil {
			t, err := l.table(it.table)
			if err != nil {
				return nil, err
			}
			o.Add(t, 0)
		} else if err := l.lines(o, it.text, it.para); err != nil {
			return nil, err
		}
	}
	return o, nil
}

// fieldSep splits a line of text outside tables into cells: a tab, or two
// or more spaces of which one at least is a non-breaking one (ordinary
// spaces a browser collapses into one).
var fieldSep = regexp.MustCompile("[ \u00a0]*(?:\t|\u00a0[ \u00a0]|[ \u00a0]\u00a0)[ \t\u00a0]*")

// lines lays out a text block: a row per line, a cell per field.
func (l *layout) lines(o *grid.Lines, text string, para int) error {
	pos := grid.Pos{Paragraph: para}
	for line := range strings.SplitSeq(text, "\n") {
		row := grid.Row{Pos: pos}
		col := 0
		for _, f := range fieldSep.Split(line, -1) {
			f = strings.TrimSpace(strings.ReplaceAll(f, "\u00a0", " "))
			if f == "" {
				continue
			}
			if err := l.cell(); err != nil {
				return err
			}
			row.Cells = append(row.Cells, grid.Cell{Text: f, Row: o.N, Col: col, RowSpan: 1, ColSpan: 1, Pos: pos})
			col++
		}
		if len(row.Cells) > 0 {
			o.Rows = append(o.Rows, row)
		}
		o.N++
	}
	return nil
}

// table lays out a table: each cell at the column the HTML table model
// gives it, a frame's content after its row.
func (l *layout) table(t *table) (*grid.Lines, error) {
	o := &grid.Lines{}
	n := len(t.rows)
	var until []int      // for each column, the last row a cell from above covers
	at := make([]int, n) // the out row of each table row
	type spanning struct{ row, cell, last int }
	var spans []spanning
	type frame struct {
		col int
		out *grid.Lines
	}
	for r, tr := range t.rows {
		at[r] = o.N
		pos := grid.Pos{Table: t.n, TableRow: r + 1}
		var cells []grid.Cell
		var lasts []int
		var frames []frame
		col := 0
		for _, c := range tr.cells {
			for col < len(until) && until[col] >= r {
				col++
			}
			rs, cs := min(c.rowSpan, n-r), c.colSpan
			if col+cs > maxCols {
				return nil, tooComplex("table %d, row %d is wider than %d columns", t.n, r+1, maxCols)
			}
			for len(until) < col+cs {
				until = append(until, -1)
			}
			for k := col; k < col+cs; k++ {
				until[k] = r + rs - 1
			}
			if c.content.frame() {
				f, err := l.container(&c.content)
				if err != nil {
					return nil, err
				}
				frames = append(frames, frame{col, f})
			} else if text := c.content.value(); text != "" {
				if err := l.cell(); err != nil {
					return nil, err
				}
				cp := pos
				if l.sheet != "" {
					cp.Sheet, cp.Ref = l.sheet, grid.CellName(r, col)
				}
				width := cs
				if c.ignoreSpan {
					width = 1
				}
				cells = append(cells, grid.Cell{Text: text, Row: o.N, Col: col, RowSpan: 1, ColSpan: width, Pos: cp})
				lasts = append(lasts, r+rs-1)
			}
			col += cs
		}
		o.N++
		if len(cells) > 0 {
			for i, last := range lasts {
				if last > r {
					spans = append(spans, spanning{len(o.Rows), i, last})
				}
			}
			rp := pos
			rp.Sheet, rp.Ref = cells[0].Pos.Sheet, cells[0].Pos.Ref
			o.Rows = append(o.Rows, grid.Row{Cells: cells, Pos: rp})
		}
		for _, f := range frames {
			o.Add(f.out, f.col)
		}
	}
	for _, s := range spans {
		c := &o.Rows[s.row].Cells[s.cell]
		c.RowSpan = at[s.last] - c.Row + 1
	}
	return o, nil
}
