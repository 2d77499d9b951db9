package scan

import (
	"image"
	"math"
	"slices"
)

// Segment is a ruling found in a raster: horizontal (along a row) or
// vertical, its centre line at Pos, from Lo to Hi along it, Thick pixels
// across.
type Segment struct {
	Horizontal bool
	Pos        float64
	Lo, Hi     int
	Thick      int
}

// run is a stretch of ink along one row (or column).
type run struct{ line, lo, hi int }

// Rulings finds the page's rulings as runs of ink at least minLen long
// along rows (horizontal ones) and columns (vertical ones); gaps of up
// to gap pixels in a run are bridged (a scanned line breaks), and runs
// on neighbouring rows that overlap make one ruling as thick as they
// are, if it is at most maxThick thick.
func Rulings(b *Bits, minLen, gap, maxThick int) []Segment {
	var hs, vs []run
	// A thin line scanned a little askew steps from one row to the next:
	// each row is read together with the one under it (each column with
	// the one to its right), so that its steps make one run.
	for y := 0; y < b.H; y++ {
		hs = appendRuns(hs, y, b.W, func(i int) bool { return b.Ink[y*b.W+i] || b.at(i, y+1) }, minLen, gap)
	}
	for x := 0; x < b.W; x++ {
		vs = appendRuns(vs, x, b.H, func(i int) bool { return b.Ink[i*b.W+x] || b.at(x+1, i) }, minLen, gap)
	}
	segs := joinRuns(hs, true, maxThick)
	return append(segs, joinRuns(vs, false, maxThick)...)
}

func appendRuns(out []run, line, n int, ink func(int) bool, minLen, gap int) []run {
	start, last := -1, -1
	for i := 0; i <= n; i++ {
		if i < n && ink(i) {
			if start < 0 {
				start = i
			}
			last = i
			continue
		}
		if start >= 0 && (i == n || i-last > gap) {
			if last-start+1 >= minLen {
				out = append(out, run{line, start, last + 1})
			}
			start = -1
		}
	}
	return out
}

// joinRuns joins runs on consecutive lines that overlap along them into
// segments. Runs come sorted by line.
func joinRuns(runs []run, horizontal bool, maxThick int) []Segment {
	type open struct {
		first, last int // lines
		lo, hi      int
		sumLine     int
		n           int
	}
	var done []Segment
	var cur []open
	finish := func(o open) {
		// Each line was read with the next one (see Rulings): a ruling t
		// lines thick shows on t+1, from the line before its first.
		thick := max(1, o.last-o.first)
		if thick <= maxThick {
			done = append(done, Segment{Horizontal: horizontal, Pos: float64(o.sumLine)/float64(o.n) + 1, Lo: o.lo, Hi: o.hi, Thick: thick})
		}
	}
	i := 0
	for i < len(runs) {
		line := runs[i].line
		j := i
		for j < len(runs) && runs[j].line == line {
			j++
		}
		var next []open
		cont := make([]int, len(cur)) // cur[k] goes on as next[cont[k]], or -1
		for k := range cont {
			cont[k] = -1
		}
		for _, r := range runs[i:j] {
			at := -1
			for k := range cur {
				o := &cur[k]
				if o.last != line-1 || r.lo >= o.hi || r.hi <= o.lo {
					continue
				}
				if cont[k] >= 0 {
					at = cont[k] // a second run under the same ruling
					break
				}
				next = append(next, open{o.first, line, o.lo, o.hi, o.sumLine + line, o.n + 1})
				at = len(next) - 1
				cont[k] = at
				break
			}
			if at < 0 {
				next = append(next, open{line, line, r.lo, r.hi, line, 1})
				continue
			}
			n := &next[at]
			n.lo, n.hi = min(n.lo, r.lo), max(n.hi, r.hi)
		}
		for k, o := range cur {
			if cont[k] < 0 {
				finish(o)
			}
		}
		cur = next
		i = j
	}
	for _, o := range cur {
		finish(o)
	}
	return done
}

// Bounds on what Tables works through.
const (
	maxSegments = 20000 // rulings of a page
	maxLattice  = 20000 // lattice cells of a table (a form has hundreds)
)

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Table is a ruled table found in a raster: the distinct positions of its
// vertical lines (Xs, left to right) and horizontal ones (Ys, top down),
// and the regions of its lattice, a merged cell being one region.
type Table struct {
	Xs, Ys  []float64
	Regions []Region
	Box     image.Rectangle
	Thick   int // its rulings' usual thickness
}

// Region is a cell of a table: lattice rows R0..R1 and columns C0..C1.
type Region struct {
	R0, C0, R1, C1 int
	Box            image.Rectangle // inside its rulings
}

// Tables groups rulings that meet into tables, with at least two lines
// each way, and rebuilds each one's cells. tol is how far (pixels) two
// rulings may be and still meet or be one line.
func Tables(segs []Segment, tol int) []*Table {
	if len(segs) > maxSegments {
		// A page of noise, a photograph: no form's table has so many
		// rulings; the longest are kept.
		segs = slices.Clone(segs)
		slices.SortStableFunc(segs, func(a, b Segment) int { return (b.Hi - b.Lo) - (a.Hi - a.Lo) })
		segs = segs[:maxSegments]
	}
	segs = anchored(segs, tol)
	n := len(segs)
	parent := make([]int, n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	t := float64(tol)
	for i, h := range segs {
		if !h.Horizontal {
			continue
		}
		for j, v := range segs {
			if v.Horizontal {
				continue
			}
			if v.Pos >= float64(h.Lo)-t && v.Pos <= float64(h.Hi)+t && h.Pos >= float64(v.Lo)-t && h.Pos <= float64(v.Hi)+t {
				parent[find(i)] = find(j)
			}
		}
	}
	groups := map[int][]Segment{}
	var roots []int
	for i, s := range segs {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], s)
	}
	var out []*Table
	for _, r := range roots {
		if tb := newTable(groups[r], tol); tb != nil {
			out = append(out, tb)
		}
	}
	slices.SortFunc(out, func(a, b *Table) int { return a.Box.Min.Y - b.Box.Min.Y })
	return out
}

// anchored keeps the rulings that end where they meet other rulings, as
// a table's lines do: both ends on a line across it, or one end and a
// length no run of text strokes has. A run of ink along a bold label that
// starts at a cell's border is no ruling.
func anchored(segs []Segment, tol int) []Segment {
	t := float64(tol)
	// The rulings of each direction by position, to find those at a point.
	var byDir [2][]Segment
	for _, s := range segs {
		k := 0
		if s.Horizontal {
			k = 1
		}
		byDir[k] = append(byDir[k], s)
	}
	maxThick := 0
	for k := range byDir {
		slices.SortFunc(byDir[k], func(a, b Segment) int { return cmpF(a.Pos, b.Pos) })
		for _, s := range byDir[k] {
			maxThick = max(maxThick, s.Thick)
		}
	}
	reach := t + float64(maxThick)/2
	meets := func(s Segment, at float64) bool {
		across := byDir[0] // verticals, for a horizontal s
		if !s.Horizontal {
			across = byDir[1]
		}
		i, _ := slices.BinarySearchFunc(across, at-reach, func(o Segment, x float64) int { return cmpF(o.Pos, x) })
		for ; i < len(across) && across[i].Pos <= at+reach; i++ {
			o := across[i]
			if math.Abs(o.Pos-at) <= t+float64(o.Thick)/2 && s.Pos >= float64(o.Lo)-t && s.Pos <= float64(o.Hi)+t {
				return true
			}
		}
		return false
	}
	var out []Segment
	for _, s := range segs {
		lo, hi := meets(s, float64(s.Lo)), meets(s, float64(s.Hi))
		long := s.Hi-s.Lo >= 40*tol
		if lo && hi || (lo || hi) && long {
			out = append(out, s)
		}
	}
	return out
}

// clusterPos returns the distinct positions among vals: values within
// tol of the previous one are one, at their mean.
func clusterPos(vals []float64, tol float64) []float64 {
	slices.Sort(vals)
	var out []float64
	sum, n := 0.0, 0
	for i, v := range vals {
		if i > 0 && v-vals[i-1] > tol {
			out = append(out, sum/float64(n))
			sum, n = 0, 0
		}
		sum += v
		n++
	}
	if n > 0 {
		out = append(out, sum/float64(n))
	}
	return out
}

func newTable(segs []Segment, tol int) *Table {
	var h, v []Segment
	var hy, vx []float64
	box := image.Rectangle{Min: image.Pt(1<<30, 1<<30)}
	var thicks []int
	for _, s := range segs {
		thicks = append(thicks, s.Thick)
		if s.Horizontal {
			h = append(h, s)
			hy = append(hy, s.Pos)
			box.Min.X, box.Max.X = min(box.Min.X, s.Lo), max(box.Max.X, s.Hi)
			box.Min.Y, box.Max.Y = min(box.Min.Y, int(s.Pos)), max(box.Max.Y, int(s.Pos)+1)
		} else {
			v = append(v, s)
			vx = append(vx, s.Pos)
			box.Min.Y, box.Max.Y = min(box.Min.Y, s.Lo), max(box.Max.Y, s.Hi)
			box.Min.X, box.Max.X = min(box.Min.X, int(s.Pos)), max(box.Max.X, int(s.Pos)+1)
		}
	}
	ys, xs := clusterPos(hy, float64(tol)), clusterPos(vx, float64(tol))
	if len(ys) < 2 || len(xs) < 2 || (len(ys)-1)*(len(xs)-1) > maxLattice {
		return nil // no table, or a grid no form draws (graph paper, noise)
	}
	slices.Sort(thicks)
	tb := &Table{Xs: xs, Ys: ys, Box: box, Thick: thicks[len(thicks)/2]}
	rows, cols := len(ys)-1, len(xs)-1
	parent := make([]int, rows*cols)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	// The rulings on each line of the lattice.
	onLine := func(segs []Segment, lines []float64) [][]Segment {
		out := make([][]Segment, len(lines))
		for _, sg := range segs {
			i, _ := slices.BinarySearch(lines, sg.Pos-float64(tol))
			for ; i < len(lines) && lines[i] <= sg.Pos+float64(tol); i++ {
				out[i] = append(out[i], sg)
			}
		}
		return out
	}
	vOn, hOn := onLine(v, xs), onLine(h, ys)
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			if c+1 < cols && !covers(vOn[c+1], xs[c+1], ys[r], ys[r+1], float64(tol)) {
				parent[find(r*cols+c)] = find(r*cols + c + 1)
			}
			if r+1 < rows && !covers(hOn[r+1], ys[r+1], xs[c], xs[c+1], float64(tol)) {
				parent[find(r*cols+c)] = find((r+1)*cols + c)
			}
		}
	}
	// A region is the bounding box of lattice cells joined; one that is
	// not a rectangle (a ruling that stops short) takes in what it spans.
	idx := map[int]int{}
	for r := 0; r < rows; r++ {
		for c := 0; c < cols; c++ {
			root := find(r*cols + c)
			k, ok := idx[root]
			if !ok {
				k = len(tb.Regions)
				idx[root] = k
				tb.Regions = append(tb.Regions, Region{R0: r, C0: c, R1: r, C1: c})
			}
			g := &tb.Regions[k]
			g.R0, g.C0, g.R1, g.C1 = min(g.R0, r), min(g.C0, c), max(g.R1, r), max(g.C1, c)
		}
	}
	// Regions inside a larger one's box fold into it: each lattice cell
	// goes to the largest region whose box holds it, and a region left
	// with none of its cells is dropped.
	order := make([]int, len(tb.Regions))
	for i := range order {
		order[i] = i
	}
	area := func(g Region) int { return (g.R1 - g.R0 + 1) * (g.C1 - g.C0 + 1) }
	slices.SortStableFunc(order, func(a, b int) int { return area(tb.Regions[b]) - area(tb.Regions[a]) })
	owner := make([]int, rows*cols)
	for i := range owner {
		owner[i] = -1
	}
	var keep []Region
	for _, i := range order {
		g := tb.Regions[i]
		own := false
		for r := g.R0; r <= g.R1; r++ {
			for c := g.C0; c <= g.C1; c++ {
				if owner[r*cols+c] < 0 {
					owner[r*cols+c] = i
					own = true
				}
			}
		}
		if own {
			keep = append(keep, g)
		}
	}
	tb.Regions = keep
	in := (tb.Thick + 1) / 2
	for i := range tb.Regions {
		g := &tb.Regions[i]
		g.Box = image.Rect(int(xs[g.C0])+in+1, int(ys[g.R0])+in+1, int(xs[g.C1+1])-in, int(ys[g.R1+1])-in)
	}
	slices.SortFunc(tb.Regions, func(a, b Region) int {
		if a.R0 != b.R0 {
			return a.R0 - b.R0
		}
		return a.C0 - b.C0
	})
	return tb
}

// covers reports whether rulings on the line at pos cover the middle of
// [lo, hi] along it.
func covers(segs []Segment, pos, lo, hi, tol float64) bool {
	a, b := lo+(hi-lo)*0.15, lo+(hi-lo)*0.85
	for _, s := range segs {
		if s.Pos >= pos-tol && s.Pos <= pos+tol && float64(s.Lo) <= a && float64(s.Hi) >= b {
			return true
		}
	}
	return false
}
