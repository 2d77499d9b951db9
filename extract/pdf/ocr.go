package pdf

import (
	"context"
	"errors"
	"fmt"
	"image"
	"math"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
	"github.com/jixiao/jixiao/extract/scan"
)

// OCR reads pages that have no text layer, only a scan.
type OCR struct {
	// Recognizer reads the lines of text (package ocr's PP-OCR engine).
	Recognizer scan.Recognizer
	// MinConf and MinChar are the confidences, of a line and of its least
	// sure character, under which a cell is noted for a person to check
	// (0: package scan's defaults).
	MinConf, MinChar float64
	// Engine names the recognizer in the page's note: "PP-OCRv4".
	Engine string
}

// scanned returns the images of a page that is a scan: no text, and
// images that cover most of it; nil for any other page.
func scanned(p *content.Page) []*content.Image {
	for _, g := range p.Glyphs {
		if g.Text != "\uFFFD" && len([]rune(g.Text)) > 0 && g.Text != " " {
			return nil
		}
	}
	var ims []*content.Image
	area := 0.0
	for i := range p.Images {
		im := &p.Images[i]
		ims = append(ims, im)
		area += placedArea(im)
	}
	if area < 0.3*p.Width*p.Height {
		return nil
	}
	return ims
}

func placedArea(im *content.Image) float64 {
	m := im.Place
	return math.Abs(m[0]*m[3] - m[1]*m[2])
}

// imageRaster decodes an image into a raster that maps to the page.
func imageRaster(im *content.Image) (*scan.Raster, error) {
	img, err := im.Decode()
	if err != nil {
		return nil, err
	}
	w, h := float64(im.Width), float64(im.Height)
	// A pixel's corner (x, y), row 0 at the top, is (x/w, 1-y/h) in the
	// image's unit square, which Place takes to the page.
	return scan.Grey(img, scan.Affine{1 / w, 0, 0, -1 / h, 0, 1}.Then(scan.Affine(im.Place))), nil
}

// raster makes a scanned page's raster: its one image, or, for a page
// drawn as several (strips, a mask over a background), the images painted
// in their order onto one raster at the finest of their resolutions (at
// most 300 dpi), masks painting only their ink.
func raster(ims []*content.Image, pageW, pageH float64) (*scan.Raster, error) {
	total, largest := 0.0, ims[0]
	for _, im := range ims {
		total += placedArea(im)
		if placedArea(im) > placedArea(largest) {
			largest = im
		}
	}
	samples := 0
	for _, im := range ims {
		samples += im.Width * im.Height
	}
	// One image that is the page, or images past what one page's memory
	// should hold (the largest is read then): no painting together.
	if len(ims) == 1 || placedArea(largest) >= 0.95*total && !largest.Mask || samples > 96<<20 {
		return imageRaster(largest)
	}
	var rs []*scan.Raster
	dpi := 0.0
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, im := range ims {
		r, err := imageRaster(im)
		if err != nil {
			return nil, err
		}
		rs = append(rs, r)
		dpi = max(dpi, r.DPI())
		bx0, by0, bx1, by1 := r.Box(image.Rect(0, 0, r.W, r.H))
		x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
	}
	x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, pageW), min(y1, pageH)
	dpi = min(dpi, 300)
	s := dpi / 72 // pixels a point
	w, h := int(math.Ceil((x1-x0)*s)), int(math.Ceil((y1-y0)*s))
	if w <= 0 || h <= 0 || int64(w)*int64(h) > 64<<20 {
		return imageRaster(largest)
	}
	out := &scan.Raster{W: w, H: h, Pix: make([]uint8, w*h), ToPage: scan.Affine{1 / s, 0, 0, -1 / s, x0, y1}}
	for i := range out.Pix {
		out.Pix[i] = 255
	}
	for k, r := range rs {
		inv, ok := invert(r.ToPage)
		if !ok {
			continue
		}
		mask := ims[k].Mask
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				px, py := out.ToPage.Apply(float64(x)+0.5, float64(y)+0.5)
				ix, iy := inv.Apply(px, py)
				if ix < 0 || iy < 0 || ix >= float64(r.W) || iy >= float64(r.H) {
					continue
				}
				v := r.Pix[int(iy)*r.W+int(ix)]
				if mask && v >= 128 {
					continue
				}
				out.Pix[y*w+x] = v
			}
		}
	}
	return out, nil
}

// orientation says which way a page's scan stands on the page as shown,
// from the map of its upright raster to the page: "" when its text runs
// left to right, as it should.
func orientation(m scan.Affine) string {
	// The direction of the raster's rows on the page (y up).
	q := int(math.Round(math.Atan2(m[1], m[0])/(math.Pi/2))) % 4
	switch (q + 4) % 4 {
	case 1:
		return "; the scan stands turned a quarter anticlockwise on the page"
	case 2:
		return "; the scan stands upside down on the page"
	case 3:
		return "; the scan stands turned a quarter clockwise on the page"
	}
	return ""
}

// invert returns the inverse of an affine map.
func invert(m scan.Affine) (scan.Affine, bool) {
	det := m[0]*m[3] - m[1]*m[2]
	if det == 0 || math.IsNaN(det) || math.IsInf(det, 0) {
		return scan.Affine{}, false
	}
	a, b, c, d := m[3]/det, -m[1]/det, -m[2]/det, m[0]/det
	return scan.Affine{a, b, c, d, -(m[4]*a + m[5]*c), -(m[4]*b + m[5]*d)}, true
}

// ocrPage reads a scanned page into the grid's rows.
func (b *builder) ocrPage(ctx context.Context, p *content.Page, ims []*content.Image) error {
	r, err := raster(ims, p.Width, p.Height)
	if err != nil {
		if errors.Is(err, content.ErrTooLarge) {
			return &grid.Error{Pos: grid.Pos{Page: p.Number}, Err: grid.Errorf(grid.ErrTooLarge, "%s", err)}
		}
		return &grid.Error{Pos: grid.Pos{Page: p.Number}, Err: grid.Errorf(grid.ErrNoText, "no text layer, and its scan cannot be read: %s", err)}
	}
	res, err := scan.Read(ctx, r, b.ocr.Recognizer, scan.Options{Page: p.Number, MinConf: b.ocr.MinConf, MinChar: b.ocr.MinChar})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &grid.Error{Pos: grid.Pos{Page: p.Number}, Err: fmt.Errorf("OCR: %w", err)}
	}
	b.flush()
	if len(res.Rows) == 0 {
		return nil
	}
	base := b.row
	// The page's note stands on its table's first row, which is the form's
	// when the page holds one.
	at := res.Rows[res.TableRow]
	engine := b.ocr.Engine
	if engine == "" {
		engine = "OCR"
	}
	msg := fmt.Sprintf("page %d has no text layer and was read by %s from its %.0f dpi scan: mean confidence %.2f over %d lines", p.Number, engine, r.DPI(), res.Conf, res.Lines)
	msg += orientation(res.ToPage)
	switch {
	case res.Skew < 0:
		msg += fmt.Sprintf("; skewed %.2f° clockwise, and straightened", -res.Skew)
	case res.Skew > 0:
		msg += fmt.Sprintf("; skewed %.2f° anticlockwise, and straightened", res.Skew)
	}
	b.grid.Notes = append(b.grid.Notes, grid.Note{Row: base + at.Cells[0].Row, Col: at.Cells[0].Col, Pos: grid.Pos{Page: p.Number}, Code: "ocr", Message: msg})
	for _, n := range res.Notes {
		n.Row += base
		b.grid.Notes = append(b.grid.Notes, n)
	}
	for _, row := range res.Rows {
		for i := range row.Cells {
			row.Cells[i].Row += base
		}
		b.text += len(row.Cells)
		b.grid.Rows = append(b.grid.Rows, row)
	}
	b.row = base + len(res.Rows)
	b.trim()
	return nil
}
