package pdf

import (
	"math"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

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

// settle moves each line of text printed over a row's border, its middle
// just under the ruling, into the cell above when that cell's text goes
// on to it (a line of the cell's sits a line's spacing above): wrapped
// text too tall for its cell, spilling over its lower border, belongs to
// the cell it starts in, not to the one under it.
func (l *lattice) settle(gs []vglyph) {
	t := l.t
	for _, g := range l.regions {
		if g.r0 == 0 {
			continue
		}
		top := t.ys[g.r0]
		var stay []int
		for _, i := range g.glyphs {
			v := &gs[i]
			cy := (v.box.Y0 + v.box.Y1) / 2
			if top-cy > 0.4*v.size {
				stay = append(stay, i)
				continue
			}
			c := l.colOf((v.box.X0 + v.box.X1) / 2)
			up := l.regions[l.at[(g.r0-1)*l.cols+c]]
			if up == g || !continues(gs, up.glyphs, v) {
				stay = append(stay, i)
				continue
			}
			up.glyphs = append(up.glyphs, i)
		}
		g.glyphs = stay
	}
}

// continues reports whether one of the glyphs idx stands a line's
// spacing above v: v's line carries on their text.
func continues(gs []vglyph, idx []int, v *vglyph) bool {
	cy := (v.box.Y0 + v.box.Y1) / 2
	for _, j := range idx {
		u := &gs[j]
		if u.space {
			continue
		}
		d := (u.box.Y0+u.box.Y1)/2 - cy
		if d > 0.9*v.size && d < 1.9*v.size && math.Abs(u.size-v.size) < 0.2*v.size {
			return true
		}
	}
	return false
}

// colOf returns the lattice column x stands in.
func (l *lattice) colOf(x float64) int {
	t := l.t
	c := 0
	for c+1 < len(t.xs)-1 && x > t.xs[c+1] {
		c++
	}
	return c
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
