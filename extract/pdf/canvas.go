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
}

// canvas is pages laid out as one surface.
type canvas struct {
	glyphs []vglyph
	rules  []content.Rule
	pages  []placed
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

func round2(f float64) float64 { return math.Round(f*100) / 100 }
