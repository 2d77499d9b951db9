package content

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/ledongthuc/pdf"
)

// Rect is a rectangle in upright page space: points from the lower left
// of the page as it is shown (crop box and rotation applied).
type Rect struct{ X0, Y0, X1, Y1 float64 }

// Glyph is one character drawn on a page.
type Glyph struct {
	Text string  // its text; a ligature may be more than one character
	Box  Rect    // from its baseline's descent to its ascent, its advance wide
	Size float64 // its font size in points on the page, every matrix applied
	// Upright is set for text that runs left to right on a horizontal
	// baseline; rotated text (a diagonal watermark, a vertical label) is
	// not.
	Upright bool
}

// Rule is a horizontal (Y0 == Y1) or vertical (X0 == X1) line segment
// drawn on a page: a stroked line or an edge of a stroked rectangle, or a
// thin filled rectangle's centre line. X0 ≤ X1 and Y0 ≤ Y1.
type Rule struct{ X0, Y0, X1, Y1 float64 }

// Horizontal reports whether the rule runs across the page.
func (r Rule) Horizontal() bool { return r.Y0 == r.Y1 }

// Page is what a page draws that a table reader needs.
type Page struct {
	Number        int     // 1-based
	Width, Height float64 // in points, as the page is shown
	Glyphs        []Glyph // the characters it draws, in the order it draws them
	Rules         []Rule  // the rulings it draws, in the order it draws them
	// Images are the image XObjects it draws, with where (inline images
	// are not kept): what a scan is made of.
	Images []Image
	// Damage says what of the page could not be read, "" when nothing
	// was amiss: a content stream cut short or missing, a font whose
	// character map is damaged. What the page draws may then be only a
	// part of it.
	Damage string
	// imageArea is the share of the page that images cover, 0 to 1.
	imageArea float64
}

type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m × n: m applied first.
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return x*m[0] + y*m[2] + m[4], x*m[1] + y*m[3] + m[5]
}

// box returns the bounding box of a rectangle transformed by m.
func (m matrix) box(r Rect) Rect {
	if m[1] == 0 && m[2] == 0 {
		// Neither rotated nor skewed, as text mostly is.
		x0, x1 := r.X0*m[0]+m[4], r.X1*m[0]+m[4]
		y0, y1 := r.Y0*m[3]+m[5], r.Y1*m[3]+m[5]
		return Rect{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
	}
	x, y := m.apply(r.X0, r.Y0)
	b := Rect{x, y, x, y}
	for _, p := range [3][2]float64{{r.X1, r.Y0}, {r.X1, r.Y1}, {r.X0, r.Y1}} {
		x, y := m.apply(p[0], p[1])
		b = Rect{min(b.X0, x), min(b.Y0, y), max(b.X1, x), max(b.Y1, y)}
	}
	return b
}

type gstate struct {
	ctm                      matrix
	clip                     Rect
	font                     *font
	size, tc, tw, th, tl, ts float64
	strokeLight, fillLight   bool // painting in (near) white
}

// pathPoint is a point of the current path in page space.
type pathPoint struct{ x, y float64 }

type subpath struct {
	pts    []pathPoint
	closed bool
	curved bool
}

// scope is the resources of a content stream, with the fonts it named.
type scope struct {
	res     pdf.Value
	fonts   map[string]*font
	refs    map[string]string // font name → "12 0 R"
	fontRes pdf.Value         // the /Font dictionary
}

// interp runs the content streams of one page.
type interp struct {
	d       *Doc
	ctx     context.Context
	page    *Page
	gs      gstate
	stack   []gstate
	tm      matrix
	tlm     matrix
	path    []subpath
	points  int // in the current path
	ops     int
	bytes   int
	marks   []bool // marked-content: inside a watermark artifact
	err     error
	pageBox Rect
	// memos hold, per composite font, the codes this page decoded: a
	// font is shared by pages read at the same time, its memo is not.
	memos    map[*font]map[uint32]glyph
	memoFont *font // the font of memo, the last one asked for
	memo     map[uint32]glyph
}

// memoOf returns the page's memo of a composite font's codes, nil for a
// simple font.
func (in *interp) memoOf(f *font) map[uint32]glyph {
	if !f.composite {
		return nil
	}
	if f == in.memoFont {
		return in.memo
	}
	m, ok := in.memos[f]
	if !ok {
		if in.memos == nil {
			in.memos = map[*font]map[uint32]glyph{}
		}
		m = map[uint32]glyph{}
		in.memos[f] = m
	}
	in.memoFont, in.memo = f, m
	return m
}

// Page reads page n (1-based). ctx is checked as the page is read.
func (d *Doc) Page(ctx context.Context, n int) (*Page, error) {
	if n < 1 || n > len(d.pages) {
		return nil, fmt.Errorf("no page %d", n)
	}
	ref := d.pages[n-1]
	p := &Page{Number: n}
	in := &interp{d: d, ctx: ctx, page: p}
	err := safe("", func() error {
		base := in.setup(ref)
		contents := ref.v.Key("Contents")
		var data []byte
		switch contents.Kind() {
		case pdf.Stream:
			b, short, err := d.stream(contents, maxStream)
			if err != nil {
				return err
			}
			in.damaged("its content stream is cut short: ", short)
			data = b
		case pdf.Array:
			for i := 0; i < contents.Len(); i++ {
				s := contents.Index(i)
				if s.Kind() != pdf.Stream {
					in.damaged("one of its content streams is missing", "")
					continue
				}
				b, short, err := d.stream(s, maxStream)
				if err != nil {
					return err
				}
				in.damaged("one of its content streams is cut short: ", short)
				data = append(append(data, b...), '\n')
				if len(data) > maxPageBytes {
					return fmt.Errorf("%w: its content passes %d MiB", ErrTooLarge, maxPageBytes>>20)
				}
			}
		case pdf.Null:
			if slices.Contains(ref.v.Keys(), "Contents") {
				in.damaged("its content stream is missing", "")
			}
		}
		in.gs = gstate{ctm: base, clip: in.pageBox, th: 1}
		in.run(data, &scope{res: ref.res}, 0)
		return in.err
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// damaged notes the first damage met on the page: what, and why when
// why is not "" (a note with a why is made only when there is one).
func (in *interp) damaged(what, why string) {
	if in.page.Damage != "" || strings.HasSuffix(what, ": ") && why == "" {
		return
	}
	in.page.Damage = what + why
}

// setup works out the page's size and the matrix from default user space
// to upright page space.
func (in *interp) setup(ref pageRef) matrix {
	box := rectOf(ref.media)
	if box.X1-box.X0 < 1 || box.Y1-box.Y0 < 1 {
		box = Rect{0, 0, 612, 792}
	}
	if c := rectOf(ref.crop); c.X1-c.X0 >= 1 && c.Y1-c.Y0 >= 1 {
		box = Rect{max(box.X0, c.X0), max(box.Y0, c.Y0), min(box.X1, c.X1), min(box.Y1, c.Y1)}
		if box.X1-box.X0 < 1 || box.Y1-box.Y0 < 1 {
			box = rectOf(ref.crop)
		}
	}
	w, h := box.X1-box.X0, box.Y1-box.Y0
	m := matrix{1, 0, 0, 1, -box.X0, -box.Y0}
	switch ((ref.rotate % 360) + 360) % 360 {
	case 90:
		m = m.mul(matrix{0, -1, 1, 0, 0, w})
		w, h = h, w
	case 180:
		m = m.mul(matrix{-1, 0, 0, -1, w, h})
	case 270:
		m = m.mul(matrix{0, 1, -1, 0, h, 0})
		w, h = h, w
	}
	in.page.Width, in.page.Height = w, h
	in.pageBox = Rect{0, 0, w, h}
	return m
}

func rectOf(v pdf.Value) Rect {
	if v.Len() != 4 {
		return Rect{}
	}
	x0, y0, x1, y1 := v.Index(0).Float64(), v.Index(1).Float64(), v.Index(2).Float64(), v.Index(3).Float64()
	if math.IsNaN(x0+y0+x1+y1) || math.IsInf(x0+y0+x1+y1, 0) {
		return Rect{}
	}
	return Rect{min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)}
}

// run interprets one content stream.
func (in *interp) run(data []byte, sc *scope, depth int) {
	l := &lexer{b: data}
	ops := make([]operand, 0, 8)
	var op operand
	for in.err == nil {
		kw, ok := l.next(&op, 0)
		if !ok {
			return
		}
		if kw == nil {
			if len(ops) < 64 {
				ops = append(ops, op)
			}
			continue
		}
		in.ops++
		if in.ops > maxOps {
			in.err = fmt.Errorf("%w: more than %d drawing operations", ErrTooComplex, maxOps)
			return
		}
		if in.ops&0xFFFF == 0 && in.ctx != nil {
			if err := in.ctx.Err(); err != nil {
				in.err = err
				return
			}
		}
		in.do(string(kw), ops, l, sc, depth)
		ops = ops[:0]
	}
}

func num(ops []operand, i int) float64 {
	if i < len(ops) && ops[i].kind == kNum {
		return ops[i].num
	}
	return 0
}

// nums reports whether ops ends with n numbers, and returns them.
func nums(ops []operand, n int) ([]operand, bool) {
	if len(ops) < n {
		return nil, false
	}
	ops = ops[len(ops)-n:]
	for _, o := range ops {
		if o.kind != kNum {
			return nil, false
		}
	}
	return ops, true
}

func (in *interp) do(kw string, ops []operand, l *lexer, sc *scope, depth int) {
	gs := &in.gs
	switch kw {
	case "q":
		if len(in.stack) < 256 {
			in.stack = append(in.stack, *gs)
		}
	case "Q":
		if n := len(in.stack); n > 0 {
			*gs = in.stack[n-1]
			in.stack = in.stack[:n-1]
		}
	case "cm":
		if o, ok := nums(ops, 6); ok {
			gs.ctm = matrix{o[0].num, o[1].num, o[2].num, o[3].num, o[4].num, o[5].num}.mul(gs.ctm)
		}
	case "BT":
		in.tm, in.tlm = identity, identity
	case "Tf":
		if len(ops) >= 2 && ops[len(ops)-2].kind == kName {
			gs.font = in.font(sc, string(ops[len(ops)-2].str))
			gs.size = ops[len(ops)-1].num
		}
	case "Tc":
		gs.tc = num(ops, 0)
	case "Tw":
		gs.tw = num(ops, 0)
	case "Tz":
		gs.th = num(ops, 0) / 100
	case "TL":
		gs.tl = num(ops, 0)
	case "Ts":
		gs.ts = num(ops, 0)
	case "Td":
		in.tlm = matrix{1, 0, 0, 1, num(ops, 0), num(ops, 1)}.mul(in.tlm)
		in.tm = in.tlm
	case "TD":
		gs.tl = -num(ops, 1)
		in.tlm = matrix{1, 0, 0, 1, num(ops, 0), num(ops, 1)}.mul(in.tlm)
		in.tm = in.tlm
	case "Tm":
		if o, ok := nums(ops, 6); ok {
			in.tlm = matrix{o[0].num, o[1].num, o[2].num, o[3].num, o[4].num, o[5].num}
			in.tm = in.tlm
		}
	case "T*":
		in.nextLine()
	case "Tj":
		if len(ops) > 0 && ops[len(ops)-1].kind == kString {
			in.show(ops[len(ops)-1].str)
		}
	case "'":
		in.nextLine()
		if len(ops) > 0 && ops[len(ops)-1].kind == kString {
			in.show(ops[len(ops)-1].str)
		}
	case "\"":
		if len(ops) >= 3 {
			gs.tw, gs.tc = ops[0].num, ops[1].num
		}
		in.nextLine()
		if len(ops) > 0 && ops[len(ops)-1].kind == kString {
			in.show(ops[len(ops)-1].str)
		}
	case "TJ":
		if len(ops) > 0 && ops[len(ops)-1].kind == kArray {
			for _, e := range ops[len(ops)-1].arr {
				switch e.kind {
				case kString:
					in.show(e.str)
				case kNum:
					in.move(-e.num / 1000 * gs.size)
				}
			}
		}
	case "m":
		if o, ok := nums(ops, 2); ok && in.morePoints(1) {
			x, y := gs.ctm.apply(o[0].num, o[1].num)
			if len(in.path) < maxRules {
				in.path = append(in.path, subpath{pts: []pathPoint{{x, y}}})
			}
		}
	case "l":
		if o, ok := nums(ops, 2); ok {
			in.lineTo(o[0].num, o[1].num, false)
		}
	case "c", "v", "y":
		if len(ops) >= 2 {
			in.lineTo(ops[len(ops)-2].num, ops[len(ops)-1].num, true)
		}
	case "h":
		if n := len(in.path); n > 0 {
			in.path[n-1].closed = true
		}
	case "re":
		if o, ok := nums(ops, 4); ok && in.morePoints(4) {
			x, y, w, h := o[0].num, o[1].num, o[2].num, o[3].num
			sp := subpath{closed: true, pts: make([]pathPoint, 0, 4)}
			for _, p := range [4][2]float64{{x, y}, {x + w, y}, {x + w, y + h}, {x, y + h}} {
				px, py := gs.ctm.apply(p[0], p[1])
				sp.pts = append(sp.pts, pathPoint{px, py})
			}
			in.path = append(in.path, sp)
		}
	case "S", "s":
		in.paint(true, false)
	case "f", "F", "f*":
		in.paint(false, true)
	case "B", "B*", "b", "b*":
		in.paint(true, true)
	case "n":
		in.path, in.points = in.path[:0], 0
	case "W", "W*":
		// The clip applies after the path is painted; its bounding box is
		// a safe stand-in for any shape.
		if b, ok := in.pathBox(); ok {
			gs.clip = intersect(gs.clip, b)
		}
	case "G":
		gs.strokeLight = num(ops, 0) > 0.95
	case "g":
		gs.fillLight = num(ops, 0) > 0.95
	case "RG", "SC", "SCN":
		gs.strokeLight = light(ops)
	case "rg", "sc", "scn":
		gs.fillLight = light(ops)
	case "K":
		gs.strokeLight = cmykLight(ops)
	case "k":
		gs.fillLight = cmykLight(ops)
	case "CS":
		gs.strokeLight = false
	case "cs":
		gs.fillLight = false
	case "Do":
		if len(ops) > 0 && ops[len(ops)-1].kind == kName {
			in.xobject(sc, string(ops[len(ops)-1].str), depth)
		}
	case "BI":
	case "ID":
		in.image(gs.ctm)
		l.skipInlineImage()
	case "BMC":
		in.marks = append(in.marks, in.inWatermark())
	case "BDC":
		wm := in.inWatermark()
		if len(ops) >= 2 && ops[0].kind == kName && string(ops[0].str) == "Artifact" && ops[1].kind == kDict {
			d := ops[1].arr
			for i := 0; i+1 < len(d); i += 2 {
				if d[i].kind == kName && string(d[i].str) == "Subtype" && d[i+1].kind == kName && string(d[i+1].str) == "Watermark" {
					wm = true
				}
			}
		}
		if len(in.marks) < 1024 {
			in.marks = append(in.marks, wm)
		}
	case "EMC":
		if n := len(in.marks); n > 0 {
			in.marks = in.marks[:n-1]
		}
	}
}

func (in *interp) inWatermark() bool {
	return len(in.marks) > 0 && in.marks[len(in.marks)-1]
}

// light reports whether a colour's operands are (near) white: every
// component of a gray or RGB colour close to 1.
func light(ops []operand) bool {
	n := 0
	for _, o := range ops {
		if o.kind != kNum {
			continue
		}
		if o.num < 0.95 {
			return false
		}
		n++
	}
	return n == 1 || n == 3
}

func cmykLight(ops []operand) bool {
	o, ok := nums(ops, 4)
	return ok && o[0].num+o[1].num+o[2].num+o[3].num < 0.05
}

func (in *interp) nextLine() {
	in.tlm = matrix{1, 0, 0, 1, 0, -in.gs.tl}.mul(in.tlm)
	in.tm = in.tlm
}

// move moves the text position along the baseline by tx text space units
// (before horizontal scaling).
func (in *interp) move(tx float64) {
	gs := &in.gs
	if gs.font != nil && gs.font.vertical {
		in.tm = matrix{1, 0, 0, 1, 0, -tx}.mul(in.tm)
		return
	}
	in.tm = matrix{1, 0, 0, 1, tx * gs.th, 0}.mul(in.tm)
}

// show draws a string.
func (in *interp) show(s []byte) {
	gs := &in.gs
	f := gs.font
	if f == nil {
		f = in.d.fontOf(pdf.Value{}, "") // no Tf: an unreadable font
		gs.font = f
	}
	wm := in.inWatermark()
	f.decode(s, in.memoOf(f), func(g glyph) {
		trm := matrix{gs.size * gs.th, 0, 0, gs.size, 0, gs.ts}.mul(in.tm).mul(gs.ctm)
		if g.text != "" && !wm && !gs.fillLight && len(in.page.Glyphs) < maxGlyphs {
			in.emit(g, trm)
		}
		adv := g.adv*gs.size + gs.tc
		if g.space {
			adv += gs.tw
		}
		if f.vertical {
			in.tm = matrix{1, 0, 0, 1, 0, -adv}.mul(in.tm)
			return
		}
		in.tm = matrix{1, 0, 0, 1, adv * gs.th, 0}.mul(in.tm)
	})
	if len(in.page.Glyphs) >= maxGlyphs && in.err == nil {
		in.err = fmt.Errorf("%w: more than %d characters", ErrTooComplex, maxGlyphs)
	}
}

// emit records a glyph drawn with the text rendering matrix trm.
func (in *interp) emit(g glyph, trm matrix) {
	f := in.gs.font
	w := g.adv
	if w <= 0 {
		w = 0.5 // a zero-width glyph still takes a place
	}
	b := trm.box(Rect{0, f.descent, w, f.ascent})
	cx, cy := (b.X0+b.X1)/2, (b.Y0+b.Y1)/2
	c := in.gs.clip
	if cx < c.X0-0.5 || cx > c.X1+0.5 || cy < c.Y0-0.5 || cy > c.Y1+0.5 {
		return // clipped away, or off the page
	}
	if math.IsNaN(cx) || math.IsNaN(cy) {
		return
	}
	size := math.Hypot(trm[2], trm[3])
	upright := trm[0] > 0 && trm[3] > 0 && math.Abs(trm[1]) < 0.02*trm[0] && math.Abs(trm[2]) < 0.02*trm[3]
	in.page.Glyphs = append(in.page.Glyphs, Glyph{Text: g.text, Box: b, Size: size, Upright: upright})
}

// font returns the font a Tf names.
func (in *interp) font(sc *scope, name string) *font {
	if f, ok := sc.fonts[name]; ok {
		return f
	}
	if sc.fonts == nil {
		sc.fonts = map[string]*font{}
	}
	if sc.refs == nil {
		// The font resources' references, read from the dictionary's text
		// without resolving them: a font object already read is not read
		// again on the next page.
		sc.refs = map[string]string{}
		sc.fontRes = sc.res.Key("Font")
		fontRefs(sc.fontRes.String(), func(name, ref string) { sc.refs[name] = ref })
	}
	ref := sc.refs[name]
	if f, ok := in.d.knownFont(ref); ref != "" && ok {
		sc.fonts[name] = f
		in.damaged(f.damage, "")
		return f
	}
	var f *font
	v := sc.fontRes.Key(name)
	if v.Kind() == pdf.Dict {
		f = in.d.fontOf(v, ref)
	} else {
		f = in.d.fontOf(pdf.Value{}, "")
		in.damaged("a font it names is missing from its resources", "")
	}
	sc.fonts[name] = f
	in.damaged(f.damage, "")
	return f
}

// fontRefs reads each name and object reference of a dictionary's text,
// "/F1 12 0 R", as the regular expression /([^ /<>\[\]]+) (\d+ \d+ R)
// would, and hands them to fn: a page's font resources, read on every
// page, without a regular expression's cost.
func fontRefs(s string, fn func(name, ref string)) {
	digits := func(i int) int {
		j := i
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		return j
	}
	for i := 0; i < len(s); i++ {
		if s[i] != '/' {
			continue
		}
		j := i + 1
		for j < len(s) && !strings.ContainsRune(" /<>[]", rune(s[j])) {
			j++
		}
		if j == i+1 || j >= len(s) || s[j] != ' ' {
			continue
		}
		k := digits(j + 1)
		if k == j+1 || k >= len(s) || s[k] != ' ' {
			continue
		}
		l := digits(k + 1)
		if l == k+1 || l+1 >= len(s) || s[l] != ' ' || s[l+1] != 'R' {
			continue
		}
		fn(s[i+1:j], s[j+1:l+2])
		i = l + 1
	}
}

// morePoints reports whether the current path may take n more points: a
// path is bounded as a page is.
func (in *interp) morePoints(n int) bool {
	if in.points+n > maxPathPoints {
		return false
	}
	in.points += n
	return true
}

func (in *interp) lineTo(x, y float64, curve bool) {
	if !in.morePoints(1) {
		return
	}
	px, py := in.gs.ctm.apply(x, y)
	n := len(in.path)
	if n == 0 {
		in.path = append(in.path, subpath{pts: []pathPoint{{px, py}}})
		return
	}
	sp := &in.path[n-1]
	if len(sp.pts) >= 4096 {
		return
	}
	sp.pts = append(sp.pts, pathPoint{px, py})
	if curve {
		sp.curved = true
	}
}

func (in *interp) pathBox() (Rect, bool) {
	var b Rect
	first := true
	for _, sp := range in.path {
		for _, p := range sp.pts {
			if first {
				b = Rect{p.x, p.y, p.x, p.y}
				first = false
				continue
			}
			b = Rect{min(b.X0, p.x), min(b.Y0, p.y), max(b.X1, p.x), max(b.Y1, p.y)}
		}
	}
	return b, !first
}

func intersect(a, b Rect) Rect {
	r := Rect{max(a.X0, b.X0), max(a.Y0, b.Y0), min(a.X1, b.X1), min(a.Y1, b.Y1)}
	if r.X1 < r.X0 {
		r.X1 = r.X0
	}
	if r.Y1 < r.Y0 {
		r.Y1 = r.Y0
	}
	return r
}

// thin is the most a filled rectangle may measure across to be a ruling.
const thin = 3.0

// paint records the rulings of the current path and clears it.
func (in *interp) paint(stroke, fill bool) {
	gs := &in.gs
	for _, sp := range in.path {
		if stroke && !gs.strokeLight {
			pts := sp.pts
			for i := 1; i < len(pts); i++ {
				if !sp.curved {
					in.rule(pts[i-1], pts[i])
				}
			}
			if sp.closed && len(pts) > 2 && !sp.curved {
				in.rule(pts[len(pts)-1], pts[0])
			}
		}
		if fill && !gs.fillLight && !sp.curved && len(sp.pts) >= 4 && len(sp.pts) <= 5 {
			in.bar(sp.pts)
		}
	}
	in.path = in.path[:0]
	in.points = 0
}

// rule records a stroked segment when it is horizontal or vertical.
func (in *interp) rule(a, b pathPoint) {
	if len(in.page.Rules) >= maxRules {
		return
	}
	const eps = 0.5
	c := in.gs.clip
	switch {
	case math.Abs(a.y-b.y) < eps && math.Abs(a.x-b.x) >= eps:
		y := (a.y + b.y) / 2
		x0, x1 := max(min(a.x, b.x), c.X0), min(max(a.x, b.x), c.X1)
		if y < c.Y0-1 || y > c.Y1+1 || x1-x0 < eps {
			return
		}
		in.page.Rules = append(in.page.Rules, Rule{x0, y, x1, y})
	case math.Abs(a.x-b.x) < eps && math.Abs(a.y-b.y) >= eps:
		x := (a.x + b.x) / 2
		y0, y1 := max(min(a.y, b.y), c.Y0), min(max(a.y, b.y), c.Y1)
		if x < c.X0-1 || x > c.X1+1 || y1-y0 < eps {
			return
		}
		in.page.Rules = append(in.page.Rules, Rule{x, y0, x, y1})
	}
}

// bar records a filled axis-aligned rectangle that is thin one way as a
// ruling along its length.
func (in *interp) bar(pts []pathPoint) {
	if len(pts) == 5 && (pts[4] != pts[0]) {
		return
	}
	b := Rect{pts[0].x, pts[0].y, pts[0].x, pts[0].y}
	for _, p := range pts[1:4] {
		b = Rect{min(b.X0, p.x), min(b.Y0, p.y), max(b.X1, p.x), max(b.Y1, p.y)}
	}
	// Axis-aligned: every point on the box's edges.
	for _, p := range pts[:4] {
		if (math.Abs(p.x-b.X0) > 0.01 && math.Abs(p.x-b.X1) > 0.01) || (math.Abs(p.y-b.Y0) > 0.01 && math.Abs(p.y-b.Y1) > 0.01) {
			return
		}
	}
	w, h := b.X1-b.X0, b.Y1-b.Y0
	switch {
	case h <= thin && w > h:
		y := (b.Y0 + b.Y1) / 2
		in.rule(pathPoint{b.X0, y}, pathPoint{b.X1, y})
	case w <= thin && h > w:
		x := (b.X0 + b.X1) / 2
		in.rule(pathPoint{x, b.Y0}, pathPoint{x, b.Y1})
	}
}

// xobject draws a form XObject, or counts an image's area.
func (in *interp) xobject(sc *scope, name string, depth int) {
	v := sc.res.Key("XObject").Key(name)
	if v.Kind() != pdf.Stream {
		in.damaged("an XObject it draws is missing from its resources", "")
	}
	switch v.Key("Subtype").Name() {
	case "Image":
		in.image(in.gs.ctm)
		in.imageXObject(name, v)
	case "Form":
		if depth >= maxDepth {
			in.err = fmt.Errorf("%w: form XObjects nested more than %d deep", ErrTooComplex, maxDepth)
			return
		}
		data, short, err := in.d.stream(v, maxStream)
		if err != nil {
			in.err = err
			return
		}
		in.damaged("a form XObject it draws is cut short: ", short)
		in.bytes += len(data)
		if in.bytes > maxPageBytes {
			in.err = fmt.Errorf("%w: its content passes %d MiB", ErrTooLarge, maxPageBytes>>20)
			return
		}
		saved, savedTm, savedTlm, savedPath := in.gs, in.tm, in.tlm, in.path
		in.path = nil
		if m := v.Key("Matrix"); m.Len() == 6 {
			var mm matrix
			for i := range 6 {
				mm[i] = m.Index(i).Float64()
			}
			in.gs.ctm = mm.mul(in.gs.ctm)
		}
		if bb := rectOf(v.Key("BBox")); bb.X1 > bb.X0 {
			in.gs.clip = intersect(in.gs.clip, in.gs.ctm.box(bb))
		}
		res := v.Key("Resources")
		inner := sc
		if res.Kind() == pdf.Dict {
			inner = &scope{res: res}
		}
		depthStack := len(in.stack)
		in.run(data, inner, depth+1)
		in.stack = in.stack[:min(depthStack, len(in.stack))]
		in.gs, in.tm, in.tlm, in.path = saved, savedTm, savedTlm, savedPath
	}
}

// image adds the area an image drawn under ctm covers.
func (in *interp) image(ctm matrix) {
	area := math.Abs(ctm[0]*ctm[3] - ctm[1]*ctm[2])
	pa := in.page.Width * in.page.Height
	if pa > 0 && !math.IsNaN(area) {
		in.page.imageArea = min(1, in.page.imageArea+area/pa)
	}
}
