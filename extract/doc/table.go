package doc

import (
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
)

// item is a block of the body or of a cell: a paragraph's text or a table.
type item struct {
	text  string
	para  int
	table *table
}

// cell is a table cell as read: its paragraphs and tables.
type cell struct {
	items []item
}

// frame reports whether the cell holds a table.
func (c *cell) frame() bool {
	return slices.ContainsFunc(c.items, func(it item) bool { return it.table != nil })
}

// value returns a cell's paragraphs joined by "\n", the empty ones dropped.
func (c *cell) value() string {
	var texts []string
	for _, it := range c.items {
		if strings.TrimSpace(it.text) != "" {
			texts = append(texts, it.text)
		}
	}
	return strings.Join(texts, "\n")
}

// row is a table row as read: its cells and its definition.
type row struct {
	cells   []*cell
	tap     *tap
	deleted bool
}

// table is a table as read.
type table struct {
	n    int
	rows []*row
	cur  *row  // the row being read
	cell *cell // the cell being read
}

// tree rebuilds the document's tables from its paragraphs: each paragraph
// is in the body or in a cell of a table at its nesting depth; a cell mark
// ends a cell, a row-end mark a row, and a paragraph of a lesser depth the
// tables deeper than it.
type tree struct {
	body   []item
	open   []*table
	tables int
	paras  int
}

// add adds a paragraph.
func (t *tree) add(p para) error {
	depth := p.pap.depth()
	if depth > maxDepth {
		return grid.Errorf(grid.ErrTooComplex, "tables nested more than %d deep", maxDepth)
	}
	for len(t.open) > depth {
		t.closeTable()
	}
	for len(t.open) < depth {
		t.tables++
		t.open = append(t.open, &table{n: t.tables})
	}
	if depth == 0 {
		t.paras++
		t.body = append(t.body, item{text: p.text, para: t.paras})
		return nil
	}
	tb := t.open[depth-1]
	if tb.cur == nil {
		tb.cur = &row{}
	}
	if depth == 1 && p.pap.ttp || depth > 1 && p.pap.innerTtp {
		tb.endRow(p.pap.tap, p.deleted)
		return nil
	}
	if tb.cell == nil {
		tb.cell = &cell{}
	}
	t.paras++
	tb.cell.items = append(tb.cell.items, item{text: p.text, para: t.paras})
	if p.mark == 0x07 || depth > 1 && p.pap.innerCell {
		tb.cur.cells = append(tb.cur.cells, tb.cell)
		tb.cell = nil
	}
	return nil
}

// endRow ends the row being read with its definition.
func (tb *table) endRow(def *tap, deleted bool) {
	if tb.cell != nil {
		tb.cur.cells = append(tb.cur.cells, tb.cell)
		tb.cell = nil
	}
	tb.cur.tap, tb.cur.deleted = def, deleted
	tb.rows = append(tb.rows, tb.cur)
	tb.cur = nil
}

// closeTable ends the innermost table, which goes into the cell of the
// table around it, or into the body.
func (t *tree) closeTable() {
	tb := t.open[len(t.open)-1]
	t.open = t.open[:len(t.open)-1]
	if tb.cell != nil || tb.cur != nil && len(tb.cur.cells) > 0 {
		tb.endRow(nil, false) // a row the document leaves unended
	}
	it := item{table: tb}
	if n := len(t.open); n > 0 {
		outer := t.open[n-1]
		if outer.cur == nil {
			outer.cur = &row{}
		}
		if outer.cell == nil {
			outer.cell = &cell{}
		}
		outer.cell.items = append(outer.cell.items, it)
		return
	}
	t.body = append(t.body, it)
}

// layout lays out the tree.
type layout struct {
	cells int
}

func (l *layout) cell() error {
	l.cells++
	if l.cells > maxCells {
		return grid.Errorf(grid.ErrTooLarge, "the document has more than %d non-empty cells", maxCells)
	}
	return nil
}

// grid reads the document's paragraphs into its grid.
func (d *document) grid() (*grid.Grid, error) {
	t := &tree{}
	for _, p := range d.paras {
		if err := t.add(p); err != nil {
			return nil, err
		}
	}
	for len(t.open) > 0 {
		t.closeTable()
	}
	l := &layout{}
	o, err := l.items(t.body)
	if err != nil {
		return nil, err
	}
	return &grid.Grid{Rows: o.Rows}, nil
}

// items lays out paragraphs and tables in order.
func (l *layout) items(items []item) (*grid.Lines, error) {
	o := &grid.Lines{}
	for _, it := range items {
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

// lines lays out a paragraph: a row per line, a cell per tab-separated
// field.
func (l *layout) lines(o *grid.Lines, text string, para int) error {
	pos := grid.Pos{Paragraph: para}
	for line := range strings.SplitSeq(text, "\n") {
		r := grid.Row{Pos: pos}
		i := 0
		for f := range strings.SplitSeq(line, "\t") {
			if strings.TrimSpace(f) != "" {
				if err := l.cell(); err != nil {
					return err
				}
				r.Cells = append(r.Cells, grid.Cell{Text: f, Row: o.N, Col: i, RowSpan: 1, ColSpan: 1, Pos: pos})
			}
			i++
		}
		if len(r.Cells) > 0 {
			o.Rows = append(o.Rows, r)
		}
		o.N++
	}
	return nil
}

// columns returns the table's column grid: the edges of all its rows'
// cells, those less than a point apart taken as one.
func columns(t *table) []int {
	var edges []int
	for _, r := range t.rows {
		if r.tap != nil {
			edges = append(edges, r.tap.edges...)
		}
	}
	slices.Sort(edges)
	var cols []int
	for _, e := range edges {
		if len(cols) == 0 || e-cols[len(cols)-1] > 10 {
			cols = append(cols, e)
		}
	}
	return cols
}

// column returns the grid column of an edge: the nearest grid line.
func column(cols []int, edge int) int {
	i, _ := slices.BinarySearch(cols, edge)
	if i == len(cols) || i > 0 && edge-cols[i-1] < cols[i]-edge {
		i--
	}
	return max(i, 0)
}

// placed is a cell with its place in the table's grid.
type placed struct {
	cell       *cell
	col, span  int
	horz, vert uint8
}

// place puts a row's cells at their grid columns.
func place(r *row, cols []int) ([]placed, error) {
	cells := make([]placed, len(r.cells))
	col := 0
	for i, c := range r.cells {
		p := placed{cell: c, col: col, span: 1}
		if t := r.tap; t != nil && i < len(t.horz) {
			p.col = column(cols, t.edges[i])
			p.span = max(column(cols, t.edges[i+1])-p.col, 1)
			p.horz, p.vert = t.horz[i], t.vert[i]
		}
		if p.col+p.span > maxCols {
			return nil, grid.Errorf(grid.ErrTooComplex, "a table wider than %d columns", maxCols)
		}
		cells[i] = p
		col = p.col + p.span
	}
	return cells, nil
}

// group is an open vertical merge: where its top cell is in out.rows.
type group struct {
	row, cell int
	seen      bool
	more      []string
}

// table lays out a table's rows: cells at their grid columns, merges as
// spans, frames' content after their row.
func (l *layout) table(t *table) (*grid.Lines, error) {
	o := &grid.Lines{}
	cols := columns(t)
	open := map[int]*group{}
	closeGroup := func(g *group) {
		if len(g.more) > 0 {
			top := &o.Rows[g.row].Cells[g.cell]
			top.Text += "\n" + strings.Join(g.more, "\n")
		}
	}
	n := 0
	for _, r := range t.rows {
		if r.deleted {
			continue
		}
		n++
		cells, err := place(r, cols)
		if err != nil {
			return nil, err
		}
		if err := l.row(o, t.n, n, cells, open, closeGroup); err != nil {
			return nil, err
		}
	}
	for _, g := range open {
		closeGroup(g)
	}
	return o, nil
}

// row lays out one table row.
func (l *layout) row(o *grid.Lines, table, n int, cells []placed, open map[int]*group, closeGroup func(*group)) error {
	at := o.N
	o.N++
	pos := grid.Pos{Table: table, TableRow: n}
	var out []gridCell
	var frames []placed
	starts := map[int]int{}
	for _, c := range cells {
		if c.cell.frame() {
			frames = append(frames, c)
			continue
		}
		text := c.cell.value()
		visible := strings.TrimSpace(text) != ""
		if (c.horz == 2 || c.horz == 3) && len(out) > 0 {
			if last := &out[len(out)-1]; last.col+last.span == c.col {
				last.span += c.span
				if visible {
					last.more = append(last.more, text)
				}
				continue
			}
		}
		if c.vert == 1 {
			if g := open[c.col]; g != nil {
				g.seen = true
				top := &o.Rows[g.row].Cells[g.cell]
				top.RowSpan = at - top.Row + 1
				if visible {
					g.more = append(g.more, text)
				}
				continue
			}
			// A continuation with nothing above it starts a cell of its own.
		}
		if !visible {
			continue
		}
		if c.vert != 0 {
			starts[c.col] = len(out)
		}
		out = append(out, gridCell{text: text, col: c.col, span: c.span})
	}
	for col, g := range open {
		if !g.seen {
			closeGroup(g)
			delete(open, col)
		}
		g.seen = false
	}
	if len(out) > 0 {
		r := grid.Row{Pos: pos}
		for _, c := range out {
			if err := l.cell(); err != nil {
				return err
			}
			text := c.text
			if len(c.more) > 0 {
				text += "\n" + strings.Join(c.more, "\n")
			}
			r.Cells = append(r.Cells, grid.Cell{Text: text, Row: at, Col: c.col, RowSpan: 1, ColSpan: c.span, Pos: pos})
		}
		for col, i := range starts {
			open[col] = &group{row: len(o.Rows), cell: i}
		}
		o.Rows = append(o.Rows, r)
	}
	for _, f := range frames {
		fo, err := l.items(f.cell.items)
		if err != nil {
			return err
		}
		o.Add(fo, f.col)
	}
	return nil
}

// gridCell is a cell of a row being laid out.
type gridCell struct {
	text      string
	col, span int
	more      []string // text of the cells merged into it across
}
