package pdf

import (
	"math"
	"regexp"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

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
	// covered is set once a page is laid under this one.
	covered bool
}

// canvas is pages laid out as one surface.
type canvas struct {
	glyphs  []vglyph
	rules   []content.Rule
	pages   []placed
	spilled bool // a page was laid to the right of another
}

// put lays a page on the canvas at its offset.
func (c *canvas) put(pl placed, gs []vglyph, rules []content.Rule) {
	c.glyphs = slices.Grow(c.glyphs, len(gs))
	c.rules = slices.Grow(c.rules, len(rules))
	for _, g := range gs {
		g.box = content.Rect{X0: g.box.X0 + pl.dx, Y0: g.box.Y0 + pl.dy, X1: g.box.X1 + pl.dx, Y1: g.box.Y1 + pl.dy}
		c.glyphs = append(c.glyphs, g)
	}
	for _, r := range rules {
		c.rules = append(c.rules, content.Rule{X0: r.X0 + pl.dx, Y0: r.Y0 + pl.dy, X1: r.X1 + pl.dx, Y1: r.Y1 + pl.dy})
	}
	c.pages = append(c.pages, pl)
}

// below lays a page under the canvas's last page, a page's height down,
// as the next page of a band of columns printed down, then across.
func (c *canvas) below(s *sheet) {
	q := &c.pages[len(c.pages)-1]
	q.covered = true
	pl := s.pl
	pl.dx, pl.dy = q.dx, q.dy-pl.h
	c.put(pl, s.gs, s.rules)
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
// right, the same rows in other columns: a sheet printed without
// fit-to-width, its pages the same size, each band of columns with its
// rows where the others have them. The pages of one band of rows need
// not draw the same row lines (a cell merged down hides the lines it
// covers, and each band has cells of its own), so the rows are the same
// when most of t's lines lie where the page's lie. The nearest such page
// wins: a sheet printed down, then across, has the pages of every band
// of rows before t's.
func (c *canvas) spillOf(pl *placed) *placed {
	t := pl.table
	if len(t.ys) < 3 {
		return nil
	}
	for i := len(c.pages) - 1; i >= 0 && i >= len(c.pages)-32; i-- {
		q := &c.pages[i]
		if q.table == nil || q.w != pl.w || q.h != pl.h || sameLines(q.table.xs, t.xs) {
			continue
		}
		if sameRows(q.table, t) {
			return q
		}
	}
	return nil
}

// sameRows reports whether the row lines of two tables, where they stand
// on their pages, are those of one set of rows: two thirds of the lines of
// the one with fewer, and at least three, lie on the other's.
func sameRows(q, t *tableLines) bool {
	n := 0
	for _, y := range t.ys {
		if hasNear(q.ys, y) {
			n++
		}
	}
	return n >= 3 && 3*n >= 2*min(len(q.ys), len(t.ys))
}

// hasNear reports whether a line of ys lies within snap of y.
func hasNear(ys []float64, y float64) bool {
	for _, v := range ys {
		if math.Abs(v-y) <= snap {
			return true
		}
	}
	return false
}

// under returns the page of the canvas whose table t carries on below:
// its columns, the table the last thing on that page and the first on
// t's, and no page laid under it yet. The canvas's last page is tried
// first; an earlier one is a sheet printed across, then down.
func (c *canvas) under(pl *placed) *placed {
	t := pl.table
	if !pl.first {
		return nil
	}
	for i := len(c.pages) - 1; i >= 0 && i >= len(c.pages)-32; i-- {
		q := &c.pages[i]
		if q.table != nil && q.last && !q.covered && math.Abs(q.table.x0-t.x0) < 3 && math.Abs(q.table.x1-t.x1) < 3 {
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

func round2(f float64) float64 { return math.Round(f*100) / 100 }
