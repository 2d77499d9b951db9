package pdf

import (
	"context"
	"errors"
	"image"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
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
