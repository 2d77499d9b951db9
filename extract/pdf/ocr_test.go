package pdf

import (
	"context"
	"errors"
	"image"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
	"github.com/jixiao/jixiao/extract/pdf/internal/pdftest"
	"github.com/jixiao/jixiao/extract/scan"
)

// fakeOCR reads every line as "字", sure of it, and counts the lines.
type fakeOCR struct{ n atomic.Int64 }

func (f *fakeOCR) Recognize(ctx context.Context, img *image.Gray) (scan.Line, error) {
	f.n.Add(1)
	return scan.Line{Text: "字", Conf: 0.99, Least: 0.99, Weak: "字"}, nil
}

func (f *fakeOCR) Lines(ctx context.Context, img *image.Gray) ([]scan.Line, error) {
	f.n.Add(1)
	return []scan.Line{{Text: "字", Conf: 0.99, Box: img.Bounds()}}, nil
}

func TestReadOCR(t *testing.T) {
	ctx := context.Background()
	data := readFixture(t, "../../fixtures/scan/t2_200dpi_grey_flate.pdf")
	if _, err := Read(ctx, data, Options{}); !errors.Is(err, grid.ErrNoText) {
		t.Fatalf("a scan without --ocr: err = %v, want ErrNoText", err)
	}
	f := &fakeOCR{}
	gs, err := Read(ctx, data, Options{OCR: &OCR{Recognizer: f, Engine: "fake"}})
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	cells := 0
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			cells++
			if c.Pos.Page != 1 || c.Pos.Box == nil || c.Pos.Box.X1 > 596 || c.Pos.Box.Y1 > 842 {
				t.Errorf("cell %q at %v", c.Text, c.Pos)
			}
		}
	}
	if cells < 40 || f.n.Load() == 0 {
		t.Errorf("%d cells from %d lines read", cells, f.n.Load())
	}
	if len(g.Notes) == 0 || g.Notes[0].Code != "ocr" || !strings.Contains(g.Notes[0].Message, "read by fake") || !strings.Contains(g.Notes[0].Message, "mean confidence 0.99") {
		t.Errorf("notes %+v, want the page's ocr note", g.Notes)
	}
	// The page's note stands on a row of the table.
	found := false
	for _, r := range g.Rows {
		if len(r.Cells) > 0 && r.Cells[0].Row == g.Notes[0].Row && len(r.Cells) >= 2 {
			found = true
		}
	}
	if !found {
		t.Errorf("the page's note is on row %d, no table row", g.Notes[0].Row)
	}
}

// TestReadOCRText: a page with a text layer is never read by OCR, even
// with images on it.
func TestReadOCRText(t *testing.T) {
	f := &fakeOCR{}
	data := readFixture(t, "../../fixtures/pdf/t1_libreoffice.pdf")
	if _, err := Read(context.Background(), data, Options{OCR: &OCR{Recognizer: f}}); err != nil {
		t.Fatal(err)
	}
	withImage := pdftest.OnePage("BT /F1 12 Tf 72 700 Td (Hello) Tj ET q 600 0 0 800 0 0 cm /Im0 Do Q",
		"<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>/XObject<</Im0 5 0 R>>>>", "",
		"<</Type/XObject/Subtype/Image/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Length 1>>\nstream\n\x00\nendstream")
	if _, err := Read(context.Background(), withImage, Options{OCR: &OCR{Recognizer: f}}); err != nil {
		t.Fatal(err)
	}
	if f.n.Load() != 0 {
		t.Errorf("OCR read %d lines of pages that have text", f.n.Load())
	}
}

// TestReadOCRBlank: a scan of blank paper, or one that cannot be decoded,
// fails as a page without text, saying so.
func TestReadOCRBlank(t *testing.T) {
	img := func(dict, data string) []byte {
		return pdftest.OnePage("q 600 0 0 800 0 0 cm /Im0 Do Q", "<</XObject<</Im0 5 0 R>>>>", "",
			"<</Type/XObject/Subtype/Image"+dict+">>\nstream\n"+data+"\nendstream")
	}
	o := Options{OCR: &OCR{Recognizer: &fakeOCR{}}}
	_, err := Read(context.Background(), img("/Width 2/Height 2/BitsPerComponent 8/ColorSpace/DeviceGray/Length 4", "\xff\xff\xff\xff"), o)
	if !errors.Is(err, grid.ErrNoText) || !strings.Contains(err.Error(), "OCR found no text") {
		t.Errorf("a blank scan: %v", err)
	}
	_, err = Read(context.Background(), img("/Width 2/Height 2/BitsPerComponent 8/Filter/JBIG2Decode/Length 4", "abcd"), o)
	if !errors.Is(err, grid.ErrNoText) || !strings.Contains(err.Error(), "JBIG2Decode") {
		t.Errorf("a JBIG2 scan: %v", err)
	}
}

// TestRasterStrips: a page drawn as two strips, and a mask over them, is
// read as one raster, each strip in its place.
func TestRasterStrips(t *testing.T) {
	data := pdftest.Build(
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 600 800]>>",
		"<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</XObject<</A 5 0 R/B 6 0 R/M 7 0 R>>>>>>",
		"stream:q 600 0 0 400 0 400 cm /A Do Q q 600 0 0 400 0 0 cm /B Do Q q 300 0 0 400 300 0 cm /M Do Q",
		"<</Type/XObject/Subtype/Image/Width 6/Height 4/BitsPerComponent 8/ColorSpace/DeviceGray/Length 24>>\nstream\n"+strings.Repeat("\x10", 24)+"\nendstream",
		"<</Type/XObject/Subtype/Image/Width 6/Height 4/BitsPerComponent 8/ColorSpace/DeviceGray/Length 24>>\nstream\n"+strings.Repeat("\xc8", 24)+"\nendstream",
		// A mask of 8 columns: ink (0) in its left half, none in its right.
		"<</Type/XObject/Subtype/Image/Width 8/Height 1/ImageMask true/Length 1>>\nstream\n\x0f\nendstream",
	)
	d, err := content.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.Page(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	ims := scanned(p)
	if len(ims) != 3 || !ims[2].Mask {
		t.Fatalf("scanned: %d images", len(ims))
	}
	r, err := raster(ims, p.Width, p.Height)
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y float64) uint8 { // the grey at a page point
		inv, _ := invert(r.ToPage)
		ix, iy := inv.Apply(x, y)
		return r.Pix[int(iy)*r.W+int(ix)]
	}
	for _, c := range []struct {
		x, y float64
		want uint8
	}{
		{100, 700, 0x10}, // the top strip
		{100, 100, 0xc8}, // the bottom strip
		{350, 100, 0},    // the mask's ink over it
		{550, 100, 0xc8}, // the mask's paper lets the strip show
		{550, 700, 0x10},
	} {
		if got := at(c.x, c.y); got != c.want {
			t.Errorf("at (%v, %v): %#x, want %#x", c.x, c.y, got, c.want)
		}
	}
}

func TestOrientation(t *testing.T) {
	for _, c := range []struct {
		m    scan.Affine
		want string
	}{
		{scan.Affine{0.36, 0, 0, -0.36, 0, 842}, ""},
		{scan.Affine{-0.36, 0, 0, 0.36, 595, 0}, "upside down"},
		{scan.Affine{0, -0.36, -0.36, 0, 595, 842}, "a quarter clockwise"},
		{scan.Affine{0, 0.36, 0.36, 0, 0, 0}, "a quarter anticlockwise"},
	} {
		if got := orientation(c.m); c.want == "" && got != "" || !strings.Contains(got, c.want) {
			t.Errorf("orientation(%v) = %q, want %q", c.m, got, c.want)
		}
	}
}
