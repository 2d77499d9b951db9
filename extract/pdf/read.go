// Package pdf is jixiao's PDF reader: it turns the glyphs and rulings of
// a document's pages (package content) into one grid. Pages are laid on a
// canvas: a page whose ruled table carries on the previous page's table
// (the same left and right edges, nothing but the tables at the page
// break) is placed under it, and a page whose table has the row lines of
// an earlier page's table but other columns (a sheet printed without
// fit-to-width, its right-hand columns spilled onto another page) is
// placed to its right. A canvas is then read as tables and free text: the
// rulings of each table make a lattice whose cells, where no ruling
// divides them, merge into one cell that appears once, at its top-left,
// with its spans, whatever line its text was centred on; the glyphs inside
// a cell are joined line by line. Text outside tables becomes rows of its
// own, split into cells at wide gaps.
//
// Rows that Options.Keep says start no form are read and let go: only the
// rows around a form, and a few rows either side of other text, are kept,
// so memory follows the pages a form spans, not the document's length.
package pdf

import (
	"context"
	"errors"
	"math"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

// Options are the choices a caller of Read makes.
type Options struct {
	// Keep reports whether rows, those read since the last rows kept,
	// start a form. Rows that start none are let go but for a few either
	// side of them (a form's title before it, its signature lines after
	// it may stand on the next page). Keep must not keep or change rows.
	// A nil Keep keeps every row.
	Keep func(rows []grid.Row) bool
}

// Read reads a PDF's pages into one grid.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	doc, err := content.Open(data)
	if err != nil {
		return nil, readError(err, 0)
	}
	b := &builder{grid: &grid.Grid{}, keep: opts.Keep}
	for n := 1; n <= doc.NumPages(); n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := doc.Page(ctx, n)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, readError(err, n)
		}
		b.add(p)
	}
	b.flush()
	switch {
	case b.text == 0 && b.undecoded > 0:
		return nil, grid.Errorf(grid.ErrNoText, "no readable text layer: its fonts map their glyphs to no characters")
	case b.text == 0:
		return nil, grid.Errorf(grid.ErrNoText, "%s", grid.ErrNoText)
	}
	return []*grid.Grid{b.grid}, nil
}

// readError turns an error of package content into one of package grid's.
func readError(err error, page int) error {
	var e error
	msg := err.Error()
	switch {
	case errors.Is(err, content.ErrPassword):
		e = grid.Errorf(grid.ErrEncrypted, "%s", grid.ErrEncrypted)
	case errors.Is(err, content.ErrTooComplex):
		e = grid.Errorf(grid.ErrTooLarge, "%s", msg)
	case errors.Is(err, content.ErrDamaged):
		e = grid.Errorf(grid.ErrCorrupt, "%s", msg)
	default:
		e = grid.Errorf(grid.ErrCorrupt, "damaged PDF: %s", msg)
	}
	if page > 0 {
		return &grid.Error{Pos: grid.Pos{Page: page}, Err: e}
	}
	return e
}

// vglyph is a glyph on a canvas: its box moved by its page's place on the
// canvas, and where it was.
type vglyph struct {
	text  string
	box   content.Rect // on the canvas
	size  float64
	page  int
	orig  content.Rect // on its page
	space bool
}

// placed is a page on a canvas: its offset and its main table's lines.
type placed struct {
	page   int
	dx, dy float64
	w, h   float64     // the page's size
	table  *tableLines // the page's largest ruled table, on the page
	first  bool        // the table is the first thing on the page
	last   bool        // the table is the last thing on the page
}

// canvas is pages laid out as one surface.
type canvas struct {
	glyphs []vglyph
	rules  []content.Rule
	pages  []placed
}

// builder reads pages in order into a grid.
type builder struct {
	grid      *grid.Grid
	keep      func(rows []grid.Row) bool // Options.Keep
	cur       *canvas
	row       int // the next grid row index
	text      int // glyphs with text seen
	undecoded int
	keepFrom  int  // rows before this index of grid.Rows hold a form or are kept
	afterForm bool // the rows before keepFrom end with a form
}

// add takes one page.
func (b *builder) add(p *content.Page) {
	var gs []vglyph
	for _, g := range p.Glyphs {
		if g.Text == "\uFFFD" {
			b.undecoded++
			continue
		}
		space := strings.TrimSpace(g.Text) == ""
		if !space {
			b.text++ // text, even rotated: the document has a text layer
		}
		if !g.Upright || g.Size <= 0.5 {
			continue // a watermark, a rotated label, or dust
		}
		gs = append(gs, vglyph{text: g.Text, box: g.Box, size: g.Size, page: p.Number, orig: g.Box, space: space})
	}
	gs = dropPageNumbers(gs, p.Height)
	t := mainTable(p.Rules)
	pl := placed{page: p.Number, table: t, w: p.Width, h: p.Height}
	if t != nil {
		pl.first, pl.last = true, true
		for _, g := range gs {
			if g.space || g.box.X1 < t.x0-2 || g.box.X0 > t.x1+2 {
				continue
			}
			cy := (g.box.Y0 + g.box.Y1) / 2
			if cy > t.y1+1 {
				pl.first = false
			}
			if cy < t.y0-1 {
				pl.last = false
			}
		}
	}
	if b.cur != nil && t != nil {
		if q := b.cur.spillOf(t); q != nil {
			pl.dx, pl.dy = q.dx+q.table.x1-t.x0, q.dy+q.table.y1-t.y1
			b.cur.put(pl, gs, p.Rules)
			return
		}
		if last := &b.cur.pages[len(b.cur.pages)-1]; pl.first && last.table != nil && last.last &&
			math.Abs(last.table.x0-t.x0) < 3 && math.Abs(last.table.x1-t.x1) < 3 {
			pl.dx, pl.dy = last.dx+last.table.x0-t.x0, last.dy+last.table.y0-t.y1
			b.cur.put(pl, gs, p.Rules)
			return
		}
	}
	b.flush()
	b.cur = &canvas{}
	b.cur.put(pl, gs, p.Rules)
}

// put lays a page on the canvas at its offset.
func (c *canvas) put(pl placed, gs []vglyph, rules []content.Rule) {
	for _, g := range gs {
		g.box = content.Rect{X0: g.box.X0 + pl.dx, Y0: g.box.Y0 + pl.dy, X1: g.box.X1 + pl.dx, Y1: g.box.Y1 + pl.dy}
		c.glyphs = append(c.glyphs, g)
	}
	for _, r := range rules {
		c.rules = append(c.rules, content.Rule{X0: r.X0 + pl.dx, Y0: r.Y0 + pl.dy, X1: r.X1 + pl.dx, Y1: r.Y1 + pl.dy})
	}
	c.pages = append(c.pages, pl)
}

// at returns where a point of the canvas is: its page and the point on
// that page. Pages overlap on a canvas (a page's margins lie over its
// neighbour's), so the page whose table holds the point, or is nearest
// it, wins.
func (c *canvas) at(x, y float64) (*placed, float64, float64) {
	best, dist := &c.pages[0], math.Inf(1)
	for i := range c.pages {
		p := &c.pages[i]
		px, py := x-p.dx, y-p.dy
		d := max(0, -px, px-p.w) + max(0, -py, py-p.h)
		if t := p.table; t != nil {
			d = 1e6*d + max(0, t.x0-px, px-t.x1) + max(0, t.y0-py, py-t.y1)
		} else {
			d = 1e6*d + 1e3
		}
		if d < dist {
			best, dist = p, d
		}
	}
	return best, x - best.dx, y - best.dy
}

// pos returns the position of a box of the canvas: the page its top-left
// corner is on, and the box on that page, cut to the page.
func (c *canvas) pos(b content.Rect) grid.Pos {
	p, x0, y1 := c.at(b.X0+0.5, b.Y1-0.5)
	x1, y0 := b.X1-p.dx, b.Y0-p.dy
	return grid.Pos{Page: p.page, Box: &grid.Box{X0: round2(max(x0-0.5, 0)), Y0: round2(max(y0, 0)), X1: round2(min(x1, p.w)), Y1: round2(min(y1+0.5, p.h))}}
}

// spillOf returns the page of the canvas whose table t continues to the
// right: the same row lines, other columns.
func (c *canvas) spillOf(t *tableLines) *placed {
	for i := len(c.pages) - 1; i >= 0 && i >= len(c.pages)-8; i-- {
		q := &c.pages[i]
		if q.table == nil || len(q.table.ys) != len(t.ys) || len(t.ys) < 3 || sameLines(q.table.xs, t.xs) {
			continue
		}
		same := true
		for k := range t.ys {
			if math.Abs((q.table.ys[k]-q.table.y1)-(t.ys[k]-t.y1)) > 1.5 {
				same = false
				break
			}
		}
		if same {
			return q
		}
	}
	return nil
}

func sameLines(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Abs((a[i]-a[0])-(b[i]-b[0])) > 1.5 {
			return false
		}
	}
	return true
}

// rePageNumber matches a page number line: 1, - 1 -, 第1页, 第 1 页 共 5 页, 1/5.
var rePageNumber = regexp.MustCompile(`^(-\s*\d+\s*-|第\s*\d+\s*页(\s*[,，]?\s*共\s*\d+\s*页)?|\d+(\s*/\s*\d+)?|Page\s+\d+(\s+of\s+\d+)?)$`)

// dropPageNumbers drops a page number standing alone near the top or
// bottom edge of the page: it is no part of any form, and it would stand
// between a table and its continuation on the next page.
func dropPageNumbers(gs []vglyph, height float64) []vglyph {
	var edge []int
	for i := range gs {
		if gs[i].box.Y1 <= 60 || gs[i].box.Y0 >= height-60 {
			edge = append(edge, i)
		}
	}
	if len(edge) == 0 {
		return gs
	}
	drop := map[int]bool{}
	for _, l := range linesOf(gs, edge) {
		var s strings.Builder
		for _, i := range l.idx {
			s.WriteString(gs[i].text)
		}
		if rePageNumber.MatchString(strings.TrimSpace(s.String())) {
			for _, i := range l.idx {
				drop[i] = true
			}
		}
	}
	if len(drop) == 0 {
		return gs
	}
	out := gs[:0]
	for i, g := range gs {
		if !drop[i] {
			out = append(out, g)
		}
	}
	return out
}

// tableLines is a ruled table's lines: the distinct x of its vertical
// rulings and y of its horizontal ones (y from the top down), and its box.
type tableLines struct {
	xs, ys         []float64
	x0, y0, x1, y1 float64
	h, v           []content.Rule
}

// mainTable returns the page's largest ruled table, nil when it has none.
func mainTable(rules []content.Rule) *tableLines {
	var best *tableLines
	for _, t := range findTables(rules) {
		if best == nil || (t.x1-t.x0)*(t.y1-t.y0) > (best.x1-best.x0)*(best.y1-best.y0) {
			best = t
		}
	}
	return best
}

// Tolerances, in points.
const (
	snap  = 1.5 // rulings this close are one line
	touch = 2.5 // a horizontal and a vertical ruling this close meet
)

// findTables groups rulings that touch into tables: groups with at least
// two horizontal and two vertical lines.
func findTables(rules []content.Rule) []*tableLines {
	rules = mergeRules(rules)
	n := len(rules)
	if n == 0 {
		return nil
	}
	sets := newUnion(n)
	find := sets.find
	var hs, vs []int
	for i, r := range rules {
		if r.Horizontal() {
			hs = append(hs, i)
		} else {
			vs = append(vs, i)
		}
	}
	// Sort verticals by x so each horizontal meets only those in its span.
	slices.SortFunc(vs, func(a, b int) int { return cmpF(rules[a].X0, rules[b].X0) })
	for _, hi := range hs {
		h := rules[hi]
		k, _ := slices.BinarySearchFunc(vs, h.X0-touch, func(v int, x float64) int { return cmpF(rules[v].X0, x) })
		for ; k < len(vs) && rules[vs[k]].X0 <= h.X1+touch; k++ {
			v := rules[vs[k]]
			if h.Y0 >= v.Y0-touch && h.Y0 <= v.Y1+touch {
				sets.join(hi, vs[k])
			}
		}
	}
	groups := map[int]*tableLines{}
	var order []int
	for i, r := range rules {
		root := find(i)
		t, ok := groups[root]
		if !ok {
			t = &tableLines{x0: r.X0, y0: r.Y0, x1: r.X1, y1: r.Y1}
			groups[root] = t
			order = append(order, root)
		}
		t.x0, t.y0, t.x1, t.y1 = min(t.x0, r.X0), min(t.y0, r.Y0), max(t.x1, r.X1), max(t.y1, r.Y1)
		if r.Horizontal() {
			t.h = append(t.h, r)
		} else {
			t.v = append(t.v, r)
		}
	}
	var out []*tableLines
	for _, root := range order {
		t := groups[root]
		for _, r := range t.v {
			t.xs = append(t.xs, r.X0)
		}
		for _, r := range t.h {
			t.ys = append(t.ys, r.Y0)
		}
		t.xs = cluster(t.xs, false)
		t.ys = cluster(t.ys, true)
		if len(t.xs) >= 2 && len(t.ys) >= 2 && t.x1-t.x0 > 10 && t.y1-t.y0 > 5 {
			out = append(out, t)
		}
	}
	return out
}

// union is a union-find over 0…n-1.
type union []int

func newUnion(n int) union {
	u := make(union, n)
	for i := range u {
		u[i] = i
	}
	return u
}

func (u union) find(i int) int {
	for u[i] != i {
		u[i] = u[u[i]]
		i = u[i]
	}
	return i
}

func (u union) join(a, b int) { u[u.find(a)] = u.find(b) }

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// cluster sorts values and merges those within snap of each other into
// their mean; desc sorts them from the largest down.
func cluster(vals []float64, desc bool) []float64 {
	slices.Sort(vals)
	var out []float64
	for i := 0; i < len(vals); {
		j, sum := i, 0.0
		for j < len(vals) && vals[j]-vals[i] <= snap {
			sum += vals[j]
			j++
		}
		out = append(out, sum/float64(j-i))
		i = j
	}
	if desc {
		slices.Reverse(out)
	}
	return out
}

// mergeRules joins collinear rulings that overlap or nearly meet, so that
// a border drawn cell by cell becomes one line.
func mergeRules(rules []content.Rule) []content.Rule {
	rs := slices.Clone(rules)
	slices.SortFunc(rs, func(a, b content.Rule) int {
		ah, bh := a.Horizontal(), b.Horizontal()
		switch {
		case ah != bh:
			if ah {
				return -1
			}
			return 1
		case ah:
			if c := cmpF(a.Y0, b.Y0); math.Abs(a.Y0-b.Y0) > 0.3 && c != 0 {
				return c
			}
			return cmpF(a.X0, b.X0)
		default:
			if c := cmpF(a.X0, b.X0); math.Abs(a.X0-b.X0) > 0.3 && c != 0 {
				return c
			}
			return cmpF(a.Y0, b.Y0)
		}
	})
	var out []content.Rule
	for _, r := range rs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			switch {
			case r.Horizontal() && last.Horizontal() && math.Abs(r.Y0-last.Y0) <= 0.3 && r.X0 <= last.X1+1:
				last.X1 = max(last.X1, r.X1)
				continue
			case !r.Horizontal() && !last.Horizontal() && math.Abs(r.X0-last.X0) <= 0.3 && r.Y0 <= last.Y1+1:
				last.Y1 = max(last.Y1, r.Y1)
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// flush reads the open canvas into grid rows, and lets go of the rows of
// text that holds no form.
func (b *builder) flush() {
	c := b.cur
	if c == nil {
		return
	}
	b.cur = nil
	b.layout(c)
	b.trim()
}

// trim lets go of rows that cannot belong to a form: when Keep says the
// rows since the last kept ones start no form, only their last few stay (a
// title may precede a form on the next page), and their first few too when
// a form came before them (its signature lines may follow it on the next
// page).
func (b *builder) trim() {
	const margin = 6
	rows := b.grid.Rows
	pending := rows[b.keepFrom:]
	if len(pending) == 0 {
		return
	}
	if b.keep == nil || b.keep(slices.Clip(pending)) {
		b.keepFrom = len(rows)
		b.afterForm = true
		return
	}
	head := 0
	if b.afterForm {
		head = margin
	}
	if len(pending) <= head+margin {
		return
	}
	kept := append(slices.Clone(pending[:head]), pending[len(pending)-margin:]...)
	b.grid.Rows = append(rows[:b.keepFrom:b.keepFrom], kept...)
	b.keepFrom += head
	b.afterForm = false
}

// item is a row of a canvas before it joins the grid: a table's lattice
// row or a line of free text, with the height it starts at.
type item struct {
	top float64
	// A free line's: its bottom, its cells' boxes on the canvas, their
	// glyphs, the ends of their last lines, the largest glyph size.
	bottom float64
	boxes  []content.Rect
	first  [][]int
	ends   []float64
	size   float64
	pos    grid.Pos    // where a table's row is; a free line's is its first cell's
	cells  []grid.Cell // grid.Row to be set; Col set
	order  int
}

// layout reads a canvas's tables and free text into grid rows.
func (b *builder) layout(c *canvas) {
	tables := findTables(c.rules)
	lat := make([]*lattice, len(tables))
	for i, t := range tables {
		lat[i] = newLattice(t)
	}
	free := make([]int, 0, len(c.glyphs))
	for i := range c.glyphs {
		g := &c.glyphs[i]
		cx, cy := (g.box.X0+g.box.X1)/2, (g.box.Y0+g.box.Y1)/2
		placedIn := false
		for _, l := range lat {
			if l.take(i, cx, cy) {
				placedIn = true
				break
			}
		}
		if !placedIn {
			free = append(free, i)
		}
	}
	var items []item
	for ti, l := range lat {
		items = append(items, l.items(c, ti)...)
	}
	items = append(items, freeItems(c.glyphs, free, lat)...)
	slices.SortStableFunc(items, func(a, b item) int {
		if math.Abs(a.top-b.top) > 0.5 {
			return cmpF(b.top, a.top)
		}
		return a.order - b.order
	})
	for _, it := range items {
		row := grid.Row{Pos: it.pos}
		for _, cell := range it.cells {
			cell.Row = b.row
			row.Cells = append(row.Cells, cell)
		}
		if len(row.Cells) > 0 {
			if row.Pos.Page == 0 {
				row.Pos = row.Cells[0].Pos
			}
			b.grid.Rows = append(b.grid.Rows, row)
		}
		b.row++
	}
}

// lattice is a ruled table cut into the cells its lines make, merged where
// no ruling divides them.
type lattice struct {
	t       *tableLines
	regions []*region
	at      []int // lattice cell (row*cols+col) → region index
	cols    int
}

type region struct {
	r0, c0, r1, c1 int
	glyphs         []int
}

func newLattice(t *tableLines) *lattice {
	rows, cols := len(t.ys)-1, len(t.xs)-1
	l := &lattice{t: t, cols: cols, at: make([]int, rows*cols)}
	sets := newUnion(rows * cols)
	find := sets.find
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			// Right neighbour: merged unless a vertical ruling at xs[c+1]
			// covers the middle of the row.
			if c+1 < cols && !covered(t.v, t.xs[c+1], t.ys[r+1], t.ys[r], false) {
				sets.join(r*cols+c, r*cols+c+1)
			}
			if r+1 < rows && !covered(t.h, t.ys[r+1], t.xs[c], t.xs[c+1], true) {
				sets.join(r*cols+c, (r+1)*cols+c)
			}
		}
	}
	index := map[int]int{}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			root := find(r*cols + c)
			k, ok := index[root]
			if !ok {
				k = len(l.regions)
				index[root] = k
				l.regions = append(l.regions, &region{r0: r, c0: c, r1: r, c1: c})
			}
			g := l.regions[k]
			g.r0, g.c0, g.r1, g.c1 = min(g.r0, r), min(g.c0, c), max(g.r1, r), max(g.c1, c)
			l.at[r*cols+c] = k
		}
	}
	return l
}

// covered reports whether rulings on the line at pos cover the middle of
// [lo, hi] along it.
func covered(rules []content.Rule, pos, lo, hi float64, horizontal bool) bool {
	a, b := lo+(hi-lo)*0.3, lo+(hi-lo)*0.7
	for _, r := range rules {
		if horizontal {
			if math.Abs(r.Y0-pos) <= snap && r.X0 <= a && r.X1 >= b {
				return true
			}
		} else if math.Abs(r.X0-pos) <= snap && r.Y0 <= a && r.Y1 >= b {
			return true
		}
	}
	return false
}

// take puts glyph i in the cell under (x, y), if the table holds it.
func (l *lattice) take(i int, x, y float64) bool {
	t := l.t
	if x < t.xs[0]-0.5 || x > t.xs[len(t.xs)-1]+0.5 || y > t.ys[0]+0.5 || y < t.ys[len(t.ys)-1]-0.5 {
		return false
	}
	c := 0
	for c+1 < len(t.xs)-1 && x > t.xs[c+1] {
		c++
	}
	r := 0
	for r+1 < len(t.ys)-1 && y < t.ys[r+1] {
		r++
	}
	g := l.regions[l.at[r*l.cols+c]]
	g.glyphs = append(g.glyphs, i)
	return true
}

// items returns the table's rows: each region with text is a cell in the
// row of its top-left lattice cell.
func (l *lattice) items(c *canvas, order int) []item {
	t, gs := l.t, c.glyphs
	rows := make([]item, len(t.ys)-1)
	for r := range rows {
		rows[r] = item{top: t.ys[r], order: order, pos: c.pos(content.Rect{X0: t.x0, Y0: t.ys[r+1], X1: t.x1, Y1: t.ys[r]})}
	}
	for _, g := range l.regions {
		if len(g.glyphs) == 0 {
			continue
		}
		box := content.Rect{X0: t.xs[g.c0], Y0: t.ys[g.r1+1], X1: t.xs[g.c1+1], Y1: t.ys[g.r0]}
		text := cellText(gs, g.glyphs, box)
		if strings.TrimSpace(text) == "" {
			continue
		}
		rows[g.r0].cells = append(rows[g.r0].cells, grid.Cell{Text: text, Col: g.c0, RowSpan: g.r1 - g.r0 + 1, ColSpan: g.c1 - g.c0 + 1, Pos: c.pos(box)})
	}
	for r := range rows {
		slices.SortFunc(rows[r].cells, func(a, b grid.Cell) int { return a.Col - b.Col })
	}
	return rows
}

// textLine is a line of glyphs: indices into a glyph slice, left to right.
type textLine struct {
	idx []int
	box content.Rect
}

// linesOf groups glyphs into lines by their vertical overlap, top to
// bottom, each left to right.
func linesOf(gs []vglyph, idx []int) []textLine {
	idx = slices.Clone(idx)
	slices.SortFunc(idx, func(a, b int) int {
		return cmpF((gs[b].box.Y0+gs[b].box.Y1)/2, (gs[a].box.Y0+gs[a].box.Y1)/2)
	})
	var lines []textLine
	for _, i := range idx {
		g := &gs[i]
		cy := (g.box.Y0 + g.box.Y1) / 2
		h := g.box.Y1 - g.box.Y0
		var into *textLine
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-3; k-- {
			l := &lines[k]
			lh := l.box.Y1 - l.box.Y0
			if cy <= l.box.Y1 && cy >= l.box.Y0 && math.Abs(cy-(l.box.Y0+l.box.Y1)/2) < 0.35*max(h, lh) {
				into = l
				break
			}
		}
		if into == nil {
			lines = append(lines, textLine{idx: []int{i}, box: g.box})
			continue
		}
		into.idx = append(into.idx, i)
		into.box = content.Rect{X0: min(into.box.X0, g.box.X0), Y0: min(into.box.Y0, g.box.Y0), X1: max(into.box.X1, g.box.X1), Y1: max(into.box.Y1, g.box.Y1)}
	}
	for k := range lines {
		l := &lines[k]
		slices.SortStableFunc(l.idx, func(a, b int) int { return cmpF(gs[a].box.X0, gs[b].box.X0) })
	}
	slices.SortStableFunc(lines, func(a, b textLine) int { return cmpF(b.box.Y1, a.box.Y1) })
	return lines
}

// lineText joins a line's glyphs, with a space where a gap is wide, and
// drops a glyph drawn twice over itself (fake bold).
func lineText(gs []vglyph, idx []int) string {
	var s strings.Builder
	var prev *vglyph
	for _, i := range idx {
		g := &gs[i]
		if prev != nil {
			if g.text == prev.text && math.Abs(g.box.X0-prev.box.X0) < 0.3*g.size && math.Abs(g.box.Y0-prev.box.Y0) < 0.3*g.size {
				continue
			}
			if gap := g.box.X0 - prev.box.X1; gap > 0.25*max(g.size, prev.size) && !g.space && !prev.space {
				s.WriteByte(' ')
			}
		}
		s.WriteString(g.text)
		prev = g
	}
	return s.String()
}

// cellText joins the lines of a cell: a line that ends short of the cell's
// right edge (the next line's first word would have fitted) was broken by
// its writer, and keeps its line break; one that fills the cell was
// wrapped, and joins the next line directly (between Latin letters, with
// a space: a name or a number may wrap anywhere, a Latin word at a space).
func cellText(gs []vglyph, idx []int, box content.Rect) string {
	lines := linesOf(gs, idx)
	pad := math.Inf(1)
	for _, l := range lines {
		pad = min(pad, l.box.X0-box.X0)
	}
	pad = max(0, min(pad, 8))
	right := box.X1 - pad
	var s strings.Builder
	for k, l := range lines {
		t := strings.TrimSpace(lineText(gs, l.idx))
		if k > 0 {
			prev := lines[k-1]
			w, size := firstUnit(gs, l.idx)
			lastG := &gs[prev.idx[len(prev.idx)-1]]
			firstG := &gs[l.idx[0]]
			if prev.box.X1+w > right-0.6*size {
				if isLetter(lastRune(lastG.text)) && isLetter(firstRune(firstG.text)) {
					s.WriteByte(' ')
				}
			} else {
				s.WriteByte('\n')
			}
		}
		s.WriteString(t)
	}
	return s.String()
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// firstUnit returns the width of what a line breaker keeps together at the
// start of a line: a run of Latin letters and digits, or one character,
// with the closing punctuation after it.
func firstUnit(gs []vglyph, idx []int) (float64, float64) {
	g0 := &gs[idx[0]]
	end := 0
	if isLatin(firstRune(g0.text)) {
		for end+1 < len(idx) && isLatin(firstRune(gs[idx[end+1]].text)) {
			end++
		}
	}
	for end+1 < len(idx) && strings.ContainsRune("，。、；：）」』%,.;:)", firstRune(gs[idx[end+1]].text)) {
		end++
	}
	return gs[idx[end]].box.X1 - g0.box.X0, g0.size
}

func isLatin(r rune) bool {
	return r < 0x2000 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' || r == '.' || r == '%')
}

// isLetter reports whether r is a Latin letter: a line wrapped between
// two is taken to have wrapped at a space between words.
func isLetter(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }
func lastRune(s string) rune  { r, _ := utf8.DecodeLastRuneInString(s); return r }

// freeLine is a line of text outside ruled tables, cut at gaps wider
// than one and a half characters.
type freeLine struct {
	textLine
	groups [][]int
	size   float64
	table  bool // a ruled table above or below spans it: its columns apply
}

// freeItems reads the glyphs outside ruled tables as rows. A line that a
// ruled table spans takes that table's columns. Elsewhere, a run of lines
// of two or more cells is a table without rulings: its columns are those
// of its line with the most cells (its header row), each line is cut into
// cells at those columns, and a line set close under another (at line
// spacing, not a row's) carries on the text of the cells above it that
// filled their columns. Any other line is one row of the cells its gaps
// make.
func freeItems(gs []vglyph, free []int, lat []*lattice) []item {
	var fl []freeLine
	for _, l := range linesOf(gs, free) {
		f := freeLine{textLine: l}
		var prev *vglyph
		for _, i := range l.idx {
			g := &gs[i]
			if prev == nil || g.box.X0-prev.box.X1 > 1.5*max(g.size, prev.size) {
				f.groups = append(f.groups, nil)
			}
			f.groups[len(f.groups)-1] = append(f.groups[len(f.groups)-1], i)
			f.size = max(f.size, g.size)
			if !g.space {
				prev = g
			}
		}
		f.table = columnAt(lat, gs[l.idx[0]].box.X0, l.box.Y1) >= 0
		fl = append(fl, f)
	}
	var items []item
	for i := 0; i < len(fl); {
		j, multi := i, 0
		for j < len(fl) && !fl[j].table && (len(fl[j].groups) >= 2 || j > i && follows(&fl[j-1], &fl[j])) {
			if len(fl[j].groups) >= 2 {
				multi++
			}
			j++
		}
		if multi >= 2 {
			items = append(items, unruled(gs, fl[i:j], len(lat))...)
			i = j
			continue
		}
		items = append(items, plainItem(gs, &fl[i], lat))
		i++
	}
	return items
}

// follows reports whether line b is set under line a at line spacing.
func follows(a, b *freeLine) bool {
	gap := a.box.Y0 - b.box.Y1
	return gap < 0.6*b.size && gap > -0.5*b.size
}

// cellPos returns the position of glyphs on their first glyph's page.
func cellPos(gs []vglyph, idx []int, box content.Rect) grid.Pos {
	g0 := &gs[idx[0]]
	dx, dy := g0.box.X0-g0.orig.X0, g0.box.Y0-g0.orig.Y0
	return grid.Pos{Page: g0.page, Box: &grid.Box{X0: round2(box.X0 - dx), Y0: round2(box.Y0 - dy), X1: round2(box.X1 - dx), Y1: round2(box.Y1 - dy)}}
}

func boxOf(gs []vglyph, idx []int, l *freeLine) content.Rect {
	return content.Rect{X0: gs[idx[0]].box.X0, Y0: l.box.Y0, X1: gs[idx[len(idx)-1]].box.X1, Y1: l.box.Y1}
}

// plainItem is a line as one row of the cells its gaps make, in the
// columns of the ruled table that spans it, if any.
func plainItem(gs []vglyph, l *freeLine, lat []*lattice) item {
	it := item{top: l.box.Y1, order: len(lat)}
	col := -1
	for _, grp := range l.groups {
		t := strings.TrimSpace(lineText(gs, grp))
		if t == "" {
			continue
		}
		box := boxOf(gs, grp, l)
		c := columnAt(lat, box.X0, l.box.Y1)
		if c <= col {
			c = col + 1
		}
		col = c
		it.cells = append(it.cells, grid.Cell{Text: t, Col: c, RowSpan: 1, ColSpan: 1, Pos: cellPos(gs, grp, box)})
	}
	return it
}

// unruled reads a run of lines as a table without rulings.
func unruled(gs []vglyph, run []freeLine, order int) []item {
	head := 0
	for k := range run {
		if len(run[k].groups) > len(run[head].groups) {
			head = k
		}
	}
	var starts []float64
	right := 0.0
	for _, grp := range run[head].groups {
		starts = append(starts, gs[grp[0]].box.X0)
	}
	for k := range run {
		right = max(right, run[k].box.X1)
	}
	limit := func(col int, size float64) float64 {
		if col+1 < len(starts) {
			return starts[col+1] - 0.5*size
		}
		return right
	}
	type piece struct {
		col int
		idx []int
	}
	// split cuts a line at the columns: a glyph after a gap that reaches
	// a later column's start begins that column's cell.
	split := func(l *freeLine) []piece {
		var ps []piece
		for _, grp := range l.groups {
			for _, i := range grp {
				g := &gs[i]
				if g.space {
					if len(ps) > 0 {
						ps[len(ps)-1].idx = append(ps[len(ps)-1].idx, i)
					}
					continue
				}
				col := 0
				for c := range starts {
					if g.box.X0 >= starts[c]-0.5*g.size {
						col = c
					}
				}
				if n := len(ps); n > 0 {
					last := &ps[n-1]
					prev := &gs[last.idx[len(last.idx)-1]]
					if col <= last.col || g.box.X0-prev.box.X1 < 0.25*g.size && prev.box.X1 > starts[col]-0.5*g.size {
						last.idx = append(last.idx, i)
						continue
					}
				}
				ps = append(ps, piece{col: col, idx: []int{i}})
			}
		}
		return ps
	}
	var items []item
	var ends map[int]float64 // the host row's cells: where their last line ends
	for k := range run {
		l := &run[k]
		ps := split(l)
		if k > 0 && len(items) > 0 && follows(&run[k-1], l) && ends != nil {
			host := &items[len(items)-1]
			wrapped := false
			for _, p := range ps {
				if e, ok := ends[p.col]; ok && e+0.6*l.size+firstWidth(gs, p.idx) > limit(p.col, l.size) {
					wrapped = true
				}
			}
			if wrapped && len(ps) < len(host.cells) {
				for _, p := range ps {
					t := strings.TrimSpace(lineText(gs, p.idx))
					e, ok := ends[p.col]
					joined := false
					for ci := range host.cells {
						if host.cells[ci].Col != p.col {
							continue
						}
						sep := "\n"
						if ok && e+0.6*l.size+firstWidth(gs, p.idx) > limit(p.col, l.size) {
							sep = ""
						}
						host.cells[ci].Text += sep + t
						joined = true
					}
					if !joined {
						host.cells = append(host.cells, grid.Cell{Text: t, Col: p.col, RowSpan: 1, ColSpan: 1, Pos: cellPos(gs, p.idx, boxOf(gs, p.idx, l))})
					}
					ends[p.col] = gs[p.idx[len(p.idx)-1]].box.X1
				}
				slices.SortFunc(host.cells, func(a, b grid.Cell) int { return a.Col - b.Col })
				continue
			}
		}
		it := item{top: l.box.Y1, order: order}
		ends = map[int]float64{}
		for _, p := range ps {
			t := strings.TrimSpace(lineText(gs, p.idx))
			if t == "" {
				continue
			}
			it.cells = append(it.cells, grid.Cell{Text: t, Col: p.col, RowSpan: 1, ColSpan: 1, Pos: cellPos(gs, p.idx, boxOf(gs, p.idx, l))})
			ends[p.col] = gs[p.idx[len(p.idx)-1]].box.X1
		}
		if len(it.cells) > 0 {
			items = append(items, it)
		}
	}
	return items
}

// firstWidth is the width of what a line breaker keeps together at the
// start of the glyphs idx.
func firstWidth(gs []vglyph, idx []int) float64 {
	w, _ := firstUnit(gs, idx)
	return w
}

// columnAt returns the column, in the table nearest above or below y, that
// x stands in; -1 when no table spans x.
func columnAt(lat []*lattice, x, y float64) int {
	best, dist := -1, math.Inf(1)
	for _, l := range lat {
		t := l.t
		if x < t.xs[0]-2 || x > t.xs[len(t.xs)-1] {
			continue
		}
		d := math.Min(math.Abs(y-t.ys[0]), math.Abs(y-t.ys[len(t.ys)-1]))
		if y <= t.ys[0] && y >= t.ys[len(t.ys)-1] {
			d = 0
		}
		if d < dist {
			c := 0
			for c+1 < len(t.xs)-1 && x >= t.xs[c+1]-1 {
				c++
			}
			best, dist = c, d
		}
	}
	return best
}
