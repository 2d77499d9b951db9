package content

import (
	"bytes"
	"compress/zlib"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/pdf/internal/pdftest"
)

// imagePage builds a page that draws one image XObject of w×h samples,
// its dictionary entries dict and its stream data, placed on 200×100
// points at (50, 60).
func imagePage(dict string, data []byte) []byte {
	return pdftest.OnePage("q 200 0 0 100 50 60 cm /Im0 Do Q", "<</XObject<</Im0 5 0 R>>>>", "",
		fmt.Sprintf("<</Type/XObject/Subtype/Image%s/Length %d>>\nstream\n%s\nendstream", dict, len(data), data))
}

func decodeOnly(t *testing.T, data []byte) (*Image, image.Image) {
	t.Helper()
	p := readPage(t, data)
	if len(p.Images) != 1 {
		t.Fatalf("%d images, want 1", len(p.Images))
	}
	im := &p.Images[0]
	img, err := im.Decode()
	if err != nil {
		t.Fatal(err)
	}
	return im, img
}

func grey(img image.Image, x, y int) uint8 {
	return color.GrayModel.Convert(img.At(x, y)).(color.Gray).Y
}

func zlibOf(b []byte) []byte {
	var z bytes.Buffer
	w := zlib.NewWriter(&z)
	w.Write(b)
	w.Close()
	return z.Bytes()
}

func TestImagePlace(t *testing.T) {
	im, img := decodeOnly(t, imagePage("/Width 4/Height 2/BitsPerComponent 8/ColorSpace/DeviceGray", []byte{0, 50, 100, 150, 200, 250, 255, 10}))
	if im.Width != 4 || im.Height != 2 || img.Bounds().Dx() != 4 || img.Bounds().Dy() != 2 {
		t.Fatalf("size %d×%d, image %v", im.Width, im.Height, img.Bounds())
	}
	if x, y := im.Apply(0, 0); x != 50 || y != 60 {
		t.Errorf("lower left at (%v, %v), want (50, 60)", x, y)
	}
	if x, y := im.Apply(1, 1); x != 250 || y != 160 {
		t.Errorf("upper right at (%v, %v), want (250, 160)", x, y)
	}
	if g := grey(img, 1, 0); g != 50 {
		t.Errorf("sample (1, 0) = %d, want 50", g)
	}
	if g := grey(img, 3, 1); g != 10 {
		t.Errorf("sample (3, 1) = %d, want 10", g)
	}
}

func TestImageSamples(t *testing.T) {
	// Two rows of 8 one-bit samples: 0xF0 then 0x0F.
	bits := []byte{0xF0, 0x0F}
	// PNG predictors: rows of 3 grey samples, each with its filter byte.
	png := []byte{
		0, 10, 20, 30, // none
		1, 10, 10, 10, // sub: 10 20 30
		2, 5, 5, 5, // up: 15 25 35
		3, 10, 10, 10, // average: 10+15/2=17, 10+(17+25)/2=31, 10+(31+35)/2=43
		4, 1, 1, 1, // paeth
	}
	palette := "<000000FFFFFF>" // black, white
	cases := []struct {
		name, dict string
		data       []byte
		want       map[[2]int]uint8
	}{
		{"1 bit", "/Width 8/Height 2/BitsPerComponent 1/ColorSpace/DeviceGray", bits,
			map[[2]int]uint8{{0, 0}: 255, {7, 0}: 0, {0, 1}: 0, {7, 1}: 255}},
		{"1 bit, Decode [1 0]", "/Width 8/Height 2/BitsPerComponent 1/ColorSpace/DeviceGray/Decode[1 0]", bits,
			map[[2]int]uint8{{0, 0}: 0, {7, 0}: 255}},
		{"mask", "/Width 8/Height 2/ImageMask true", bits,
			map[[2]int]uint8{{0, 0}: 255, {7, 0}: 0}}, // 0 paints
		{"mask, Decode [1 0]", "/Width 8/Height 2/ImageMask true/Decode[1 0]", bits,
			map[[2]int]uint8{{0, 0}: 0, {7, 0}: 255}},
		{"4 bits", "/Width 2/Height 1/BitsPerComponent 4/ColorSpace/DeviceGray", []byte{0xF0},
			map[[2]int]uint8{{0, 0}: 255, {1, 0}: 0}},
		{"indexed", "/Width 2/Height 1/BitsPerComponent 8/ColorSpace[/Indexed/DeviceRGB 1 " + palette + "]", []byte{1, 0},
			map[[2]int]uint8{{0, 0}: 255, {1, 0}: 0}},
		{"rgb", "/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceRGB", []byte{255, 255, 255},
			map[[2]int]uint8{{0, 0}: 255}},
		{"cmyk", "/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceCMYK", []byte{0, 0, 0, 255},
			map[[2]int]uint8{{0, 0}: 0}},
		{"flate, png predictors", "/Width 3/Height 5/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/FlateDecode/DecodeParms<</Predictor 15/Colors 1/Columns 3>>", zlibOf(png),
			map[[2]int]uint8{{0, 0}: 10, {2, 1}: 30, {2, 2}: 35, {0, 3}: 17, {2, 3}: 43}},
		{"flate, tiff predictor", "/Width 3/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/FlateDecode/DecodeParms<</Predictor 2/Colors 1/Columns 3>>", zlibOf([]byte{10, 5, 5}),
			map[[2]int]uint8{{0, 0}: 10, {1, 0}: 15, {2, 0}: 20}},
		{"hex then flate", "/Width 2/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Filter[/ASCIIHexDecode/FlateDecode]", []byte(fmt.Sprintf("%X>", zlibOf([]byte{7, 9}))),
			map[[2]int]uint8{{0, 0}: 7, {1, 0}: 9}},
		{"run length", "/Width 4/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/RunLengthDecode", []byte{254, 9, 0, 4, 128},
			map[[2]int]uint8{{0, 0}: 9, {2, 0}: 9, {3, 0}: 4}},
		{"cut short", "/Width 2/Height 3/BitsPerComponent 8/ColorSpace/DeviceGray", []byte{1, 2, 3, 4},
			map[[2]int]uint8{{0, 0}: 1, {1, 1}: 4, {0, 2}: 255}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, img := decodeOnly(t, imagePage(c.dict, c.data))
			for at, want := range c.want {
				if got := grey(img, at[0], at[1]); got != want {
					t.Errorf("sample %v = %d, want %d", at, got, want)
				}
			}
		})
	}
}

func TestImageJPEG(t *testing.T) {
	src := image.NewGray(image.Rect(0, 0, 16, 16))
	for i := range src.Pix {
		src.Pix[i] = 255
	}
	for y := 0; y < 8; y++ {
		for x := 0; x < 16; x++ {
			src.Pix[y*16+x] = 0
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, src, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	_, img := decodeOnly(t, imagePage("/Width 16/Height 16/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/DCTDecode", b.Bytes()))
	if g := grey(img, 4, 2); g > 30 {
		t.Errorf("top half %d, want black", g)
	}
	if g := grey(img, 4, 13); g < 225 {
		t.Errorf("bottom half %d, want white", g)
	}
}

func TestImageErrors(t *testing.T) {
	for name, dict := range map[string]string{
		"jbig2":      "/Width 2/Height 2/BitsPerComponent 1/Filter/JBIG2Decode",
		"bad jpeg":   "/Width 2/Height 2/BitsPerComponent 8/Filter/DCTDecode",
		"bad flate":  "/Width 2/Height 2/BitsPerComponent 8/Filter/FlateDecode",
		"bad ccitt":  "/Width 2/Height 2/BitsPerComponent 1/Filter/CCITTFaxDecode/DecodeParms<</K -1/Columns 2>>",
		"bad space":  "/Width 2/Height 2/BitsPerComponent 8/ColorSpace/Pattern",
		"no samples": "/Width 200/Height 2/BitsPerComponent 8",
	} {
		t.Run(name, func(t *testing.T) {
			p := readPage(t, imagePage(dict, []byte("garbage!")))
			_, err := p.Images[0].Decode()
			if !errors.Is(err, ErrImage) {
				t.Errorf("err = %v, want ErrImage", err)
			}
		})
	}
	p := readPage(t, imagePage("/Width 100000/Height 100000/BitsPerComponent 8", nil))
	if _, err := p.Images[0].Decode(); !errors.Is(err, ErrTooLarge) {
		t.Errorf("a huge image: err = %v, want ErrTooLarge", err)
	}
}

// TestImageScans decodes the scans of fixtures/scan: a JPEG, a G4 fax, a
// Flate grey with PNG predictors, rotated pages.
func TestImageScans(t *testing.T) {
	files, _ := filepath.Glob("../../../fixtures/scan/*.pdf")
	if len(files) == 0 {
		t.Fatal("no fixtures/scan/*.pdf")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			d, err := Open(data)
			if err != nil {
				t.Fatal(err)
			}
			p, err := d.Page(context.Background(), 1)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Glyphs) != 0 || len(p.Images) != 1 {
				t.Fatalf("%d glyphs and %d images, want a scan's 0 and 1", len(p.Glyphs), len(p.Images))
			}
			img, err := p.Images[0].Decode()
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			if b.Dx() != p.Images[0].Width || b.Dy() != p.Images[0].Height {
				t.Errorf("decoded %v, the dictionary says %d×%d", b, p.Images[0].Width, p.Images[0].Height)
			}
			var dark, n int
			for y := b.Min.Y; y < b.Max.Y; y += 3 {
				for x := b.Min.X; x < b.Max.X; x += 3 {
					n++
					if grey(img, x, y) < 128 {
						dark++
					}
				}
			}
			if share := float64(dark) / float64(n); share < 0.005 || share > 0.2 {
				t.Errorf("%.1f%% dark, want a page of text's few", 100*share)
			}
			// The page is covered, but for the margins of an image fitted to it.
			x0, y0 := p.Images[0].Apply(0, 0)
			x1, y1 := p.Images[0].Apply(1, 1)
			w, h := max(x0, x1)-min(x0, x1), max(y0, y1)-min(y0, y1)
			if w < 0.97*p.Width || h < 0.97*p.Height {
				t.Errorf("image placed %.0f×%.0f on a page of %.0f×%.0f", w, h, p.Width, p.Height)
			}
		})
	}
}

// TestRawOffset holds the object layer to the text of a stream that raw
// reads its offset from: its dictionary, "@" and the offset of its data.
func TestRawOffset(t *testing.T) {
	data := imagePage("/Width 1/Height 1/BitsPerComponent 8", []byte{42})
	d, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := d.Page(context.Background(), 1)
	s := p.Images[0].v.String()
	if !strings.Contains(s, "@") {
		t.Fatalf("a stream prints as %q: raw can no longer find its data", s)
	}
	raw, err := d.raw(p.Images[0].v)
	if err != nil || !bytes.Equal(raw, []byte{42}) {
		t.Fatalf("raw = %q, %v; want the stream's one byte", raw, err)
	}
}
