package scan

import (
	"context"
	"fmt"
	"image"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"
)

// Recognizer reads text in crops of a page.
type Recognizer interface {
	// Recognize reads one line of text; img is cropped to it. The line's
	// Box is left empty.
	Recognize(ctx context.Context, img *image.Gray) (Line, error)
	// Lines finds the lines of text in img (text detection) and reads
	// each, in no particular order; boxes are in img's coordinates.
	Lines(ctx context.Context, img *image.Gray) ([]Line, error)
}

// Line is a line of text read in a crop.
type Line struct {
	Text string
	Conf float64 // the recognizer's confidence, 0 to 1: its mean over the characters
	// Least is the confidence of the character it is least sure of, Weak
	// that character: a mean can hide one wrong mark (a comma read as a
	// full stop) among sure ones.
	Least float64
	Weak  string
	Box   image.Rectangle
}

// Options are a page's reading knobs.
type Options struct {
	Page int // the page's number, for the cells' positions
	// MinConf is the confidence under which a cell's reading is noted for
	// a person to check (0: 0.85), MinChar the same for the character the
	// recognizer is least sure of (0: 0.6).
	MinConf, MinChar float64
}

// Result is what Read found on a page.
type Result struct {
	Rows  []grid.Row // Row indices from 0, in reading order
	Notes []grid.Note
	// Conf is the mean confidence of the lines read; Lines their number.
	Conf  float64
	Lines int
	// Quarters is the quarter turns clockwise the page was turned by to
	// read it upright, Skew the degrees it was straightened by.
	Quarters int
	Skew     float64
	Tables   int
	// TableRow is the index in Rows of the first row of a table, 0 when
	// the page has none.
	TableRow int
	// ToPage maps the upright, straightened raster that was read to the
	// page: which way its text runs on the page.
	ToPage Affine
}

// page is a raster being read, with what was found on it.
type page struct {
	r      *Raster
	bits   *Bits
	tables []*Table
	lh     int // the text's usual line height, in pixels
	dpi    float64
	reads  int // crops given to the recognizer
}

// maxReads bounds the crops of one page given to the recognizer: a form
// has a few hundred lines; a page of noise or a photograph would have the
// recognizer read specks for minutes.
const maxReads = 3000

func (p *page) count() error {
	p.reads++
	if p.reads > maxReads {
		return grid.Errorf(grid.ErrTooComplex, "more than %d lines of text to read by OCR on one page (noise, or a photograph?)", maxReads)
	}
	return nil
}

// analyse binarizes r and finds its tables.
func analyse(r *Raster) *page {
	p := &page{r: r, dpi: r.DPI()}
	p.bits = Binarize(r, Otsu(r))
	minLen := max(20, int(p.dpi*0.25))
	gap := max(1, int(p.dpi/100))
	thick := max(3, int(p.dpi/25))
	p.tables = Tables(Rulings(p.bits, minLen, gap, thick), max(3, int(p.dpi/40)))
	Despeckle(p.bits, max(4, int(p.dpi*p.dpi/2500)))
	return p
}

// Layout straightens and turns a raster upright, as Read does, without a
// recognizer to tell upright from upside down: it returns the page turned
// by the quarters its table's cells say (0 or 1) and its skew.
func Layout(r *Raster) (*Raster, []*Table, int, float64) {
	p, q, skew := straighten(r)
	return p.r, p.tables, q, skew
}

func straighten(r *Raster) (*page, int, float64) {
	if r.DPI() > 420 {
		r = r.Scale(300 / r.DPI())
	}
	b := Binarize(r, Otsu(r))
	skew := Skew(b, 3)
	if math.Abs(skew) >= 0.05 {
		r = r.Rotate(-skew)
	}
	p := analyse(r)
	q := 0
	if sideways(p) {
		q = 1
		p = analyse(r.Turn(1))
	}
	return p, q, skew
}

// sideways reports whether a page's content runs up or down it: its
// tables' cells are taller than wide, or, with no table, its columns of
// ink are sharper than its rows.
func sideways(p *page) bool {
	var aspects []float64
	for _, t := range p.tables {
		for _, g := range t.Regions {
			if g.Box.Dx() > 0 && g.Box.Dy() > 0 {
				aspects = append(aspects, float64(g.Box.Dx())/float64(g.Box.Dy()))
			}
		}
	}
	if len(aspects) >= 4 {
		slices.Sort(aspects)
		return aspects[len(aspects)/2] < 1
	}
	rows, cols := make([]float64, p.bits.H), make([]float64, p.bits.W)
	for y := 0; y < p.bits.H; y++ {
		for x := 0; x < p.bits.W; x++ {
			if p.bits.Ink[y*p.bits.W+x] {
				rows[y]++
				cols[x]++
			}
		}
	}
	return sharpness(cols) > 1.3*sharpness(rows)
}

// sharpness is how much a profile varies from one line to the next: text
// lines across it make it alternate between ink and paper.
func sharpness(prof []float64) float64 {
	s, n := 0.0, 0.0
	for i := 1; i < len(prof); i++ {
		d := prof[i] - prof[i-1]
		s += d * d
		n += prof[i]
	}
	if n == 0 {
		return 0
	}
	return s / n
}

// Read reads a scanned page: its tables cell by cell and the text around
// them line by line, with rec reading the text.
func Read(ctx context.Context, r *Raster, rec Recognizer, o Options) (*Result, error) {
	if o.MinConf == 0 {
		o.MinConf = 0.85
	}
	if o.MinChar == 0 {
		o.MinChar = 0.6
	}
	p, q, skew := straighten(r)
	p.lineHeight()
	// Upright or upside down: the recognizer is surer of text the right
	// way up.
	up, down, err := p.upsideDown(ctx, rec)
	if err != nil {
		return nil, err
	}
	if down > up+0.1 {
		p = analyse(p.r.Turn(2))
		p.lineHeight()
		q += 2
	}
	res := &Result{Quarters: q, Skew: skew, Tables: len(p.tables), ToPage: p.r.ToPage}
	if err := p.read(ctx, rec, o, res); err != nil {
		return nil, err
	}
	return res, nil
}

// ink returns the bounding box of the ink in rect, after dropping specks
// (Despeckle has cleared them), and the number of ink pixels.
func (p *page) ink(rect image.Rectangle) (image.Rectangle, int) {
	b := p.bits
	rect = rect.Intersect(image.Rect(0, 0, b.W, b.H))
	box := image.Rectangle{}
	n := 0
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if !b.Ink[y*b.W+x] {
				continue
			}
			n++
			pt := image.Rect(x, y, x+1, y+1)
			if box.Empty() {
				box = pt
			} else {
				box = box.Union(pt)
			}
		}
	}
	return box, n
}

// bands splits rect into bands of rows with ink (specks aside), top down:
// the lines of text in it. Bands closer than a few pixels are one.
func (p *page) bands(rect image.Rectangle) []image.Rectangle {
	b := p.bits
	rect = rect.Intersect(image.Rect(0, 0, b.W, b.H))
	prof := make([]int, rect.Dy())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		for x := rect.Min.X; x < rect.Max.X; x++ {
			if b.Ink[y*b.W+x] {
				prof[y-rect.Min.Y]++
			}
		}
	}
	join := max(1, int(p.dpi/100))
	var out []image.Rectangle
	start, last := -1, -1
	for i := 0; i <= len(prof); i++ {
		if i < len(prof) && prof[i] > 0 {
			if start < 0 {
				start = i
			}
			last = i
			continue
		}
		if start >= 0 && (i == len(prof) || i-last > join) {
			out = append(out, image.Rect(rect.Min.X, rect.Min.Y+start, rect.Max.X, rect.Min.Y+last+1))
			start = -1
		}
	}
	// Trim each band to its ink left and right.
	var bands []image.Rectangle
	for _, bd := range out {
		box, n := p.ink(bd)
		if n >= 4 && box.Dy() >= 3 {
			bands = append(bands, box)
		}
	}
	return bands
}

// lineHeight sets the page's usual line height: the median height of the
// bands of ink in its cells.
func (p *page) lineHeight() {
	var hs []int
	for _, t := range p.tables {
		for _, g := range t.Regions {
			for _, bd := range p.bands(g.Box) {
				hs = append(hs, bd.Dy())
			}
			if len(hs) > 400 {
				break
			}
		}
	}
	p.lh = max(8, int(p.dpi*10/72)) // 10 points, when nothing says otherwise
	if len(hs) >= 3 {
		slices.Sort(hs)
		p.lh = max(6, hs[len(hs)/2])
	}
}

// pad grows a crop of text by a margin of paper, within the raster and
// within clip: more at the ends, where a small mark (a colon, a full
// stop) that Despeckle took for noise may stand.
func (p *page) pad(r, clip image.Rectangle) image.Rectangle {
	m := max(2, p.lh/5)
	r = image.Rect(r.Min.X-m, r.Min.Y-m, r.Max.X+max(m, p.lh*2/3), r.Max.Y+m)
	return r.Intersect(clip).Intersect(image.Rect(0, 0, p.r.W, p.r.H))
}

// upsideDown reads a few of the page's single lines both ways up and
// returns the mean confidence of each: lines of a few words (long ones
// cost more to read and say no more), two when they agree, four at most.
func (p *page) upsideDown(ctx context.Context, rec Recognizer) (up, down float64, err error) {
	type cand struct {
		r, clip image.Rectangle
		n       int
	}
	var cs []cand
	add := func(bd, clip image.Rectangle, tall int) {
		if bd.Dy() <= tall && bd.Dx() > 3*p.lh {
			// Best near eight characters wide.
			cs = append(cs, cand{bd, clip, abs(bd.Dx() - 8*p.lh)})
		}
	}
	for _, t := range p.tables {
		for _, g := range t.Regions {
			for _, bd := range p.bands(g.Box) {
				add(bd, g.Box, p.lh*3/2)
			}
		}
	}
	if len(cs) == 0 {
		all := image.Rect(0, 0, p.r.W, p.r.H)
		for _, bd := range p.bands(all) {
			add(bd, all, p.lh*2)
		}
	}
	slices.SortStableFunc(cs, func(a, b cand) int { return a.n - b.n })
	if len(cs) == 0 {
		return 1, 0, nil
	}
	n := 0
	for _, c := range cs[:min(len(cs), 4)] {
		img := p.r.Crop(p.pad(c.r, c.clip))
		lu, err := rec.Recognize(ctx, img)
		if err != nil {
			return 0, 0, err
		}
		cu := lu.Conf
		turned := &Raster{W: img.Rect.Dx(), H: img.Rect.Dy(), Pix: img.Pix}
		t := turned.Turn(2)
		ld, err := rec.Recognize(ctx, &image.Gray{Pix: t.Pix, Stride: t.W, Rect: image.Rect(0, 0, t.W, t.H)})
		if err != nil {
			return 0, 0, err
		}
		cd := ld.Conf
		up += cu
		down += cd
		n++
		if n >= 2 && math.Abs(up-down)/float64(n) > 0.3 {
			break
		}
	}
	return up / float64(n), down / float64(n), nil
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// readBox reads the text in rect: each band of ink a line, unless it is
// too tall for one, when text detection splits it. Crops stay in clip.
func (p *page) readBox(ctx context.Context, rec Recognizer, rect, clip image.Rectangle) ([]Line, error) {
	var out []Line
	for _, bd := range p.bands(rect) {
		if bd.Dy() < p.lh/3 && bd.Dx() < p.lh/2 {
			continue // a speck or a dot
		}
		crop := p.pad(bd, clip)
		if err := p.count(); err != nil {
			return nil, err
		}
		if bd.Dy() > p.lh*17/10 {
			ls, err := rec.Lines(ctx, p.r.Crop(crop))
			if err != nil {
				return nil, err
			}
			if len(ls) > 0 {
				for _, l := range ls {
					l.Box = l.Box.Add(crop.Min)
					out = append(out, l)
				}
				continue
			}
		}
		l, err := rec.Recognize(ctx, p.r.Crop(crop))
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(l.Text) != "" {
			l.Box = bd
			out = append(out, l)
		}
	}
	return out, nil
}

// item is a row of the page before it joins the grid.
type item struct {
	top   int
	table bool
	cells []grid.Cell
	lines [][]Line // per cell, the lines read in it
}

func (p *page) pos(o Options, r image.Rectangle) grid.Pos {
	x0, y0, x1, y1 := p.r.Box(r)
	return grid.Pos{Page: o.Page, Box: &grid.Box{X0: round2(x0), Y0: round2(y0), X1: round2(x1), Y1: round2(y1)}}
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

func (p *page) read(ctx context.Context, rec Recognizer, o Options, res *Result) error {
	var items []item
	sum := 0.0
	for _, t := range p.tables {
		rows := make([]item, len(t.Ys)-1)
		for r := range rows {
			rows[r].top = int(t.Ys[r])
			rows[r].table = true
		}
		for _, g := range t.Regions {
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, n := p.ink(g.Box); n < 6 {
				continue
			}
			lines, err := p.readBox(ctx, rec, g.Box, g.Box)
			if err != nil {
				return err
			}
			text := cellText(lines, g.Box, p.lh)
			if strings.TrimSpace(text) == "" {
				continue
			}
			for _, l := range lines {
				sum += l.Conf
				res.Lines++
			}
			box := image.Rect(int(t.Xs[g.C0]), int(t.Ys[g.R0]), int(t.Xs[g.C1+1]), int(t.Ys[g.R1+1]))
			rows[g.R0].cells = append(rows[g.R0].cells, grid.Cell{Text: text, Col: g.C0, RowSpan: g.R1 - g.R0 + 1, ColSpan: g.C1 - g.C0 + 1, Pos: p.pos(o, box)})
			rows[g.R0].lines = append(rows[g.R0].lines, lines)
		}
		items = append(items, rows...)
	}
	free, err := p.freeLines(ctx, rec, o)
	if err != nil {
		return err
	}
	for _, it := range free {
		for _, ls := range it.lines {
			for _, l := range ls {
				sum += l.Conf
				res.Lines++
			}
		}
	}
	items = append(items, free...)
	slices.SortStableFunc(items, func(a, b item) int { return a.top - b.top })
	row := 0
	res.TableRow = -1
	for _, it := range items {
		if len(it.cells) == 0 {
			continue
		}
		if it.table && res.TableRow < 0 {
			res.TableRow = row
		}
		gr := grid.Row{Pos: it.cells[0].Pos}
		for k, c := range it.cells {
			c.Row = row
			gr.Cells = append(gr.Cells, c)
			if msg := doubt(c.Text, it.lines[k], o); msg != "" {
				res.Notes = append(res.Notes, grid.Note{Row: row, Col: c.Col, Pos: c.Pos, Code: "ocr", Message: msg})
			}
		}
		res.Rows = append(res.Rows, gr)
		row++
	}
	res.TableRow = max(0, res.TableRow)
	if res.Lines > 0 {
		res.Conf = sum / float64(res.Lines)
	}
	return nil
}

// doubt says why a cell's reading is to be checked by eye, or "": a line
// read with a low mean confidence, or a character read with a low one.
func doubt(text string, lines []Line, o Options) string {
	conf, least, weak := 1.0, 1.0, ""
	for _, l := range lines {
		conf = min(conf, l.Conf)
		if l.Weak != "" && l.Least < least {
			least, weak = l.Least, l.Weak
		}
	}
	switch {
	case conf < o.MinConf && weak != "" && least < o.MinChar:
		return fmt.Sprintf("OCR read %q with confidence %.2f, and %q in it with %.2f: check it against the scan", text, conf, weak, least)
	case conf < o.MinConf:
		return fmt.Sprintf("OCR read %q with confidence %.2f: check it against the scan", text, conf)
	case least < o.MinChar:
		return fmt.Sprintf("OCR read %q with confidence %.2f, but %q in it with %.2f: check it against the scan", text, conf, weak, least)
	}
	return ""
}

// freeLines reads the text outside the tables: each band of ink a row,
// cut into cells at wide gaps, in the columns of a table that spans it.
func (p *page) freeLines(ctx context.Context, rec Recognizer, o Options) ([]item, error) {
	// Paint the tables out of a copy of the ink.
	saved := p.bits
	b := &Bits{W: saved.W, H: saved.H, Ink: slices.Clone(saved.Ink)}
	for _, t := range p.tables {
		r := t.Box.Inset(-t.Thick - 2).Intersect(image.Rect(0, 0, b.W, b.H))
		for y := r.Min.Y; y < r.Max.Y; y++ {
			clear(b.Ink[y*b.W+r.Min.X : y*b.W+r.Max.X])
		}
	}
	p.bits = b
	defer func() { p.bits = saved }()
	var items []item
	for _, bd := range p.bands(image.Rect(0, 0, b.W, b.H)) {
		if bd.Dy() < p.lh/3 {
			continue
		}
		it := item{top: bd.Min.Y}
		col := -1
		for _, seg := range p.gaps(bd, p.lh*3/2) {
			lines, err := p.readBox(ctx, rec, seg, image.Rect(seg.Min.X-p.lh/2, seg.Min.Y-p.lh/2, seg.Max.X+p.lh, seg.Max.Y+p.lh/2))
			if err != nil {
				return nil, err
			}
			text := cellText(lines, seg, p.lh)
			if strings.TrimSpace(text) == "" {
				continue
			}
			c := p.columnAt(seg.Min.X, seg.Min.Y)
			if c <= col {
				c = col + 1
			}
			col = c
			it.cells = append(it.cells, grid.Cell{Text: text, Col: c, RowSpan: 1, ColSpan: 1, Pos: p.pos(o, seg)})
			it.lines = append(it.lines, lines)
		}
		items = append(items, it)
	}
	return items, nil
}

// gaps cuts a band into the parts that gaps wider than gap separate.
func (p *page) gaps(bd image.Rectangle, gap int) []image.Rectangle {
	b := p.bits
	var out []image.Rectangle
	start, last := -1, -1
	for x := bd.Min.X; x <= bd.Max.X; x++ {
		ink := false
		if x < bd.Max.X {
			for y := bd.Min.Y; y < bd.Max.Y; y++ {
				if b.Ink[y*b.W+x] {
					ink = true
					break
				}
			}
		}
		if ink {
			if start < 0 {
				start = x
			}
			last = x
			continue
		}
		if start >= 0 && (x == bd.Max.X || x-last > gap) {
			if box, n := p.ink(image.Rect(start, bd.Min.Y, last+1, bd.Max.Y)); n >= 4 {
				out = append(out, box)
			}
			start = -1
		}
	}
	return out
}

// columnAt returns the column, in the table nearest above or below y, that
// x stands in; -1 when no table spans x.
func (p *page) columnAt(x, y int) int {
	best, dist := -1, math.Inf(1)
	fx, fy := float64(x), float64(y)
	for _, t := range p.tables {
		if fx < t.Xs[0]-2 || fx > t.Xs[len(t.Xs)-1] {
			continue
		}
		d := math.Min(math.Abs(fy-t.Ys[0]), math.Abs(fy-t.Ys[len(t.Ys)-1]))
		if d < dist {
			c := 0
			for c+1 < len(t.Xs)-1 && fx >= t.Xs[c+1]-1 {
				c++
			}
			best, dist = c, d
		}
	}
	return best
}

// cellText joins the lines read in a cell, as the PDF reader joins a
// cell's lines of text: lines in reading order, a line that ends short of
// the cell's right edge keeps its line break, one that fills the cell was
// wrapped and joins the next directly (between Latin letters with a
// space); parts of one line join with a space between Latin text.
func cellText(lines []Line, cell image.Rectangle, lh int) string {
	if len(lines) == 0 {
		return ""
	}
	// Group into lines by vertical overlap, then left to right.
	ls := slices.Clone(lines)
	slices.SortFunc(ls, func(a, b Line) int { return (a.Box.Min.Y + a.Box.Max.Y) - (b.Box.Min.Y + b.Box.Max.Y) })
	var rows [][]Line
	for _, l := range ls {
		cy := (l.Box.Min.Y + l.Box.Max.Y) / 2
		if n := len(rows); n > 0 {
			last := rows[n-1][0].Box
			for _, o := range rows[n-1] {
				last = last.Union(o.Box)
			}
			if cy >= last.Min.Y && cy <= last.Max.Y {
				rows[n-1] = append(rows[n-1], l)
				continue
			}
		}
		rows = append(rows, []Line{l})
	}
	var s strings.Builder
	prevEnd := 0
	var prevText string
	for k, row := range rows {
		slices.SortFunc(row, func(a, b Line) int { return a.Box.Min.X - b.Box.Min.X })
		var t strings.Builder
		for i, l := range row {
			txt := strings.TrimSpace(l.Text)
			if i > 0 && isLatin(lastRune(t.String())) && isLatin(firstRune(txt)) {
				t.WriteByte(' ')
			}
			t.WriteString(txt)
		}
		line := t.String()
		if k > 0 {
			// Wrapped when the next line's first character would not
			// have fitted after the previous line.
			if prevEnd+lh > cell.Max.X-lh*6/10 {
				if isLetter(lastRune(prevText)) && isLetter(firstRune(line)) {
					s.WriteByte(' ')
				}
			} else {
				s.WriteByte('\n')
			}
		}
		s.WriteString(line)
		prevEnd, prevText = row[len(row)-1].Box.Max.X, line
	}
	return s.String()
}

func isLatin(r rune) bool {
	return r < 0x2000 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}

func isLetter(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func lastRune(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }
