package scan

import (
	"context"
	"fmt"
	"image"
	"math"
	"strings"
	"testing"
)

// page200 is a blank A4 raster at 200 dpi, mapped to the page as an image
// filling it: pixel (0, 0) at the top left, y up on the page.
func page200() *Raster {
	w, h := 1654, 2339
	r := &Raster{W: w, H: h, Pix: make([]uint8, w*h)}
	for i := range r.Pix {
		r.Pix[i] = 255
	}
	r.ToPage = Affine{595.0 / float64(w), 0, 0, -842.0 / float64(h), 0, 842}
	return r
}

func (r *Raster) fill(x0, y0, x1, y1 int, v uint8) {
	for y := max(0, y0); y < min(r.H, y1); y++ {
		for x := max(0, x0); x < min(r.W, x1); x++ {
			r.Pix[y*r.W+x] = v
		}
	}
}

// form draws a table: columns at xs, rows at ys, rulings 2 pixels thick;
// the cell at row 1, columns 1–2 is merged (no ruling between them) and
// so are rows 2–3 of column 0. Each cell gets a word: a bar of ink with a
// tick at its top left (so that it reads the right way up), as wide as
// its column's number says. A title stands above the table.
var (
	formXs = []int{200, 500, 800, 1100, 1400}
	formYs = []int{400, 470, 540, 610, 680, 750}
)

func form() *Raster {
	r := page200()
	xs, ys := formXs, formYs
	for i, y := range ys {
		for c := 0; c+1 < len(xs); c++ {
			if i == 3 && c == 0 {
				continue // rows 2 and 3 of column 0 are one cell
			}
			r.fill(xs[c], y, xs[c+1]+2, y+2, 0)
		}
	}
	for i, x := range xs {
		for rr := 0; rr+1 < len(ys); rr++ {
			if i == 2 && rr == 1 {
				continue // columns 1 and 2 of row 1 are one cell
			}
			r.fill(x, ys[rr], x+2, ys[rr+1]+2, 0)
		}
	}
	word := func(x, y, w int) {
		r.fill(x, y, x+w, y+24, 40)
		r.fill(x, y-6, x+6, y, 40) // the tick
	}
	for rr := 0; rr+1 < len(ys); rr++ {
		for c := 0; c+1 < len(xs); c++ {
			if rr == 1 && c == 2 || rr == 3 && c == 0 {
				continue // covered by a merged cell
			}
			word(xs[c]+20, ys[rr]+30, 40*(c+1))
		}
	}
	word(600, 300, 300) // the title
	return r
}

// fake reads a crop as "wN", N its ink's width in tens of pixels, sure of
// it when the ink's top-left has its tick (the right way up); a crop whose
// ink is taller than a line it cannot read alone, and leaves to Lines.
type fake struct{ recognized, lines int }

func inkBox(img *image.Gray) image.Rectangle {
	var box image.Rectangle
	b := img.Bounds()
	for y := 0; y < b.Dy(); y++ {
		for x := 0; x < b.Dx(); x++ {
			if img.Pix[y*img.Stride+x] < 128 {
				box = box.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	return box
}

func (f *fake) Recognize(ctx context.Context, img *image.Gray) (Line, error) {
	f.recognized++
	box := inkBox(img)
	if box.Empty() {
		return Line{}, nil
	}
	conf := 0.3
	// The tick: ink at the top left, paper at the top right.
	if img.Pix[(box.Min.Y+1)*img.Stride+box.Min.X+1] < 128 && img.Pix[(box.Min.Y+1)*img.Stride+box.Max.X-2] >= 128 {
		conf = 0.95
	}
	return Line{Text: fmt.Sprintf("w%d", (box.Dx()+5)/10), Conf: conf, Least: conf, Weak: "w"}, nil
}

func (f *fake) Lines(ctx context.Context, img *image.Gray) ([]Line, error) {
	f.lines++
	l, err := f.Recognize(ctx, img)
	l.Box = inkBox(img)
	return []Line{l}, err
}

func TestAffine(t *testing.T) {
	r := page200()
	x0, y0, x1, y1 := r.Box(image.Rect(0, 0, r.W, r.H))
	if math.Abs(x0) > 0.01 || math.Abs(y0) > 0.01 || math.Abs(x1-595) > 0.01 || math.Abs(y1-842) > 0.01 {
		t.Errorf("the whole raster maps to (%.2f %.2f %.2f %.2f), want the page", x0, y0, x1, y1)
	}
	if d := r.DPI(); math.Abs(d-200) > 0.5 {
		t.Errorf("DPI %.1f, want 200", d)
	}
	// A pixel keeps its place on the page through turns, a rotation and
	// a scale.
	r.fill(100, 200, 110, 210, 0)
	wantX, wantY := r.ToPage.Apply(105, 205)
	for _, q := range []int{1, 2, 3} {
		tr := r.Turn(q)
		box, _ := (&page{bits: Binarize(tr, 128)}).inkOf()
		x, y := tr.ToPage.Apply(float64(box.Min.X+box.Max.X)/2, float64(box.Min.Y+box.Max.Y)/2)
		if math.Abs(x-wantX) > 0.5 || math.Abs(y-wantY) > 0.5 {
			t.Errorf("turned %d: the mark at (%.1f, %.1f), want (%.1f, %.1f)", q, x, y, wantX, wantY)
		}
	}
	for _, tr := range []*Raster{r.Rotate(2), r.Scale(0.5), r.Scale(1.5)} {
		box, _ := (&page{bits: Binarize(tr, 160)}).inkOf()
		x, y := tr.ToPage.Apply(float64(box.Min.X+box.Max.X)/2, float64(box.Min.Y+box.Max.Y)/2)
		if math.Abs(x-wantX) > 1.5 || math.Abs(y-wantY) > 1.5 {
			t.Errorf("rotated or scaled: the mark at (%.1f, %.1f), want (%.1f, %.1f)", x, y, wantX, wantY)
		}
	}
}

// inkOf is the ink of the whole page.
func (p *page) inkOf() (image.Rectangle, int) {
	p.r = &Raster{W: p.bits.W, H: p.bits.H}
	return p.ink(image.Rect(0, 0, p.bits.W, p.bits.H))
}

func TestOtsu(t *testing.T) {
	r := form()
	if l := Otsu(r); l < 41 || l > 255 {
		t.Errorf("Otsu level %d splits neither ink (0, 40) from paper (255)", l)
	}
	blank := page200()
	if l := Otsu(blank); l > 200 {
		t.Errorf("a blank page's level %d would make paper ink", l)
	}
	if n := countInk(Binarize(blank, Otsu(blank))); n != 0 {
		t.Errorf("a blank page has %d pixels of ink", n)
	}
}

func countInk(b *Bits) int {
	n := 0
	for _, v := range b.Ink {
		if v {
			n++
		}
	}
	return n
}

func TestSkew(t *testing.T) {
	for _, deg := range []float64{-2.5, -1, 0, 0.6, 1.5, 3} {
		r := form().Rotate(deg)
		got := Skew(Binarize(r, 128), 3)
		if math.Abs(got-deg) > 0.11 {
			t.Errorf("turned %.1f°: skew %.2f°", deg, got)
		}
	}
}

func TestDespeckle(t *testing.T) {
	r := page200()
	r.fill(10, 10, 11, 11, 0) // a speck
	r.fill(20, 20, 23, 22, 0) // a smudge of 6
	r.fill(40, 40, 60, 50, 0) // ink
	b := Binarize(r, 128)
	Despeckle(b, 8)
	if b.Ink[10*b.W+10] || b.Ink[20*b.W+20] || !b.Ink[45*b.W+45] {
		t.Errorf("Despeckle kept noise or cleared ink")
	}
}

func TestTables(t *testing.T) {
	r := form()
	p := analyse(r)
	if len(p.tables) != 1 {
		t.Fatalf("%d tables, want 1", len(p.tables))
	}
	tb := p.tables[0]
	if len(tb.Xs) != 5 || len(tb.Ys) != 6 {
		t.Fatalf("lines at %v × %v, want 5 × 6", tb.Xs, tb.Ys)
	}
	for i, x := range tb.Xs {
		if math.Abs(x-float64(formXs[i])-1) > 1 {
			t.Errorf("column line %d at %.1f, want %d", i, x, formXs[i]+1)
		}
	}
	// 5 rows × 4 columns, less one for each merged pair.
	if len(tb.Regions) != 18 {
		t.Errorf("%d regions, want 18", len(tb.Regions))
	}
	found := map[[4]int]bool{}
	for _, g := range tb.Regions {
		found[[4]int{g.R0, g.C0, g.R1, g.C1}] = true
	}
	for _, want := range [][4]int{{1, 1, 1, 2}, {2, 0, 3, 0}, {0, 0, 0, 0}, {4, 3, 4, 3}} {
		if !found[want] {
			t.Errorf("no region rows %d–%d, columns %d–%d", want[0], want[2], want[1], want[3])
		}
	}
	// A text-like run along a label that starts at a border is no ruling.
	r.fill(202, 640, 260, 642, 0)
	if tb := analyse(r).tables[0]; len(tb.Ys) != 6 {
		t.Errorf("a stroke touching a border made a line: rows at %v", tb.Ys)
	}
}

func TestReadForm(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name  string
		r     *Raster
		turns int
	}{
		{"upright", form(), 0},
		{"skewed", form().Rotate(1.2), 0},
		{"sideways", form().Turn(1), 3},
		{"upside down", form().Turn(2), 2},
		{"sideways the other way", form().Turn(3).Rotate(-0.8), 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			res, err := Read(ctx, c.r, &fake{}, Options{Page: 3})
			if err != nil {
				t.Fatal(err)
			}
			if res.Quarters != c.turns {
				t.Errorf("turned %d quarters, want %d", res.Quarters, c.turns)
			}
			var rows []string
			for _, row := range res.Rows {
				var cells []string
				for _, cell := range row.Cells {
					cells = append(cells, fmt.Sprintf("%d:%s", cell.Col, cell.Text))
					if cell.RowSpan != 1 || cell.ColSpan != 1 {
						cells[len(cells)-1] += fmt.Sprintf("(%dx%d)", cell.RowSpan, cell.ColSpan)
					}
					if cell.Pos.Page != 3 || cell.Pos.Box == nil {
						t.Errorf("cell %q at %v", cell.Text, cell.Pos)
					}
				}
				rows = append(rows, strings.Join(cells, " "))
			}
			want := []string{
				"1:w30",                      // the title, over column 1
				"0:w4 1:w8 2:w12 3:w16",      // row 0
				"0:w4 1:w8(1x2) 3:w16",       // row 1: columns 1–2 merged
				"0:w4(2x1) 1:w8 2:w12 3:w16", // rows 2–3 of column 0
				"1:w8 2:w12 3:w16",           // row 3
				"0:w4 1:w8 2:w12 3:w16",      // row 4
			}
			if strings.Join(rows, "\n") != strings.Join(want, "\n") {
				t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(rows, "\n"), strings.Join(want, "\n"))
			}
			if res.TableRow != 1 {
				t.Errorf("table row %d, want 1", res.TableRow)
			}
			if len(res.Notes) != 0 || res.Conf < 0.9 {
				t.Errorf("confidence %.2f, notes %v", res.Conf, res.Notes)
			}
			// The title's box on the page: x 600–900, y 294–324 pixels.
			b := res.Rows[0].Cells[0].Pos.Box
			if math.Abs(b.X0-600*595.0/1654) > 4 || math.Abs(b.Y1-(842-294*842.0/2339)) > 4 {
				t.Errorf("the title at %+v on the page", *b)
			}
		})
	}
}

func TestReadNotes(t *testing.T) {
	r := form()
	// A word with no tick: the fake reads it with confidence 0.3.
	r.fill(1120, 690, 1300, 714, 40)
	r.fill(1380-258, 684, 1380-258+6, 690, 255)
	res, err := Read(context.Background(), r, &fake{}, Options{Page: 1})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Notes) != 1 || res.Notes[0].Code != "ocr" || !strings.Contains(res.Notes[0].Message, "0.30") {
		t.Fatalf("notes %+v, want one for the cell read with confidence 0.30", res.Notes)
	}
}

func TestReadBlank(t *testing.T) {
	f := &fake{}
	res, err := Read(context.Background(), page200(), f, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Rows) != 0 || f.recognized != 0 {
		t.Errorf("a blank page: %d rows, %d lines read", len(res.Rows), f.recognized)
	}
}

func TestCellText(t *testing.T) {
	cell := image.Rect(0, 0, 400, 100)
	l := func(text string, x0, y0, x1 int) Line {
		return Line{Text: text, Conf: 1, Box: image.Rect(x0, y0, x1, y0+20)}
	}
	for _, c := range []struct {
		lines []Line
		want  string
	}{
		{[]Line{l("保障义务教育阶段学生营养膳食", 5, 5, 392), l("补助", 5, 30, 40)}, "保障义务教育阶段学生营养膳食补助"},
		{[]Line{l("项目资金", 5, 5, 80), l("（万元）", 5, 30, 90)}, "项目资金\n（万元）"},
		{[]Line{l("Annual", 5, 5, 390), l("report", 5, 30, 60)}, "Annual report"},
		{[]Line{l("≥", 5, 5, 20), l("95%", 30, 6, 60)}, "≥95%"},
		{[]Line{l("12", 5, 5, 20), l("000", 30, 6, 60)}, "12 000"},
	} {
		if got := cellText(c.lines, cell, 20); got != c.want {
			t.Errorf("cellText = %q, want %q", got, c.want)
		}
	}
}

func TestRulingsThickAndBroken(t *testing.T) {
	r := page200()
	r.fill(100, 100, 900, 102, 0) // a ruling
	r.fill(300, 100, 302, 102, 255)
	r.fill(100, 300, 900, 340, 0) // a black bar, not a ruling
	segs := Rulings(Binarize(r, 128), 50, 2, 8)
	var hs []Segment
	for _, s := range segs {
		if s.Horizontal {
			hs = append(hs, s)
		}
	}
	if len(hs) != 1 || hs[0].Lo != 100 || hs[0].Hi != 900 || hs[0].Thick != 2 {
		t.Errorf("horizontal rulings %+v, want the one from 100 to 900 across its gap", hs)
	}
}

// TestDoubt: a cell is noted for a low mean confidence, or for one
// character read with a low one, whatever the mean.
func TestDoubt(t *testing.T) {
	o := Options{MinConf: 0.85, MinChar: 0.6}
	for _, c := range []struct {
		lines []Line
		want  string
	}{
		{[]Line{{Text: "≥42,000人次", Conf: 0.98, Least: 0.9, Weak: "≥"}}, ""},
		{[]Line{{Text: "≥42.000人次", Conf: 0.92, Least: 0.37, Weak: "."}}, `but "." in it with 0.37`},
		{[]Line{{Text: "a", Conf: 0.99, Least: 0.99, Weak: "a"}, {Text: "延读项目", Conf: 0.8, Least: 0.7, Weak: "读"}}, "with confidence 0.80:"},
		{[]Line{{Text: "延读项目", Conf: 0.8, Least: 0.36, Weak: "读"}}, `with confidence 0.80, and "读" in it with 0.36`},
	} {
		got := doubt("text", c.lines, o)
		if c.want == "" && got != "" || c.want != "" && !strings.Contains(got, c.want) {
			t.Errorf("doubt(%+v) = %q, want %q", c.lines, got, c.want)
		}
	}
}
