package pdf

import (
	"math"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

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
