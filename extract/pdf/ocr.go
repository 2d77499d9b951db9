package pdf

import (
	"context"
	"errors"
	"fmt"
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

// scanned reports whether a page is a scan: no text, and an image that
// covers most of it.
func scanned(p *content.Page) *content.Image {
	for _, g := range p.Glyphs {
		if g.Text != "\uFFFD" && len([]rune(g.Text)) > 0 && g.Text != " " {
			return nil
		}
	}
	var best *content.Image
	bestArea := 0.0
	for i := range p.Images {
		im := &p.Images[i]
		m := im.Place
		area := math.Abs(m[0]*m[3] - m[1]*m[2])
		if area > bestArea {
			best, bestArea = im, area
		}
	}
	if best == nil || bestArea < 0.3*p.Width*p.Height {
		return nil
	}
	return best
}

// raster decodes a scan's image into a raster that maps to the page.
func raster(im *content.Image) (*scan.Raster, error) {
	img, err := im.Decode()
	if err != nil {
		return nil, err
	}
	w, h := float64(im.Width), float64(im.Height)
	// A pixel's corner (x, y), row 0 at the top, is (x/w, 1-y/h) in the
	// image's unit square, which Place takes to the page.
	return scan.Grey(img, scan.Affine{1 / w, 0, 0, -1 / h, 0, 1}.Then(scan.Affine(im.Place))), nil
}

// ocrPage reads a scanned page into the grid's rows.
func (b *builder) ocrPage(ctx context.Context, p *content.Page, im *content.Image) error {
	r, err := raster(im)
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
	if res.Quarters != 0 {
		msg += fmt.Sprintf("; turned %d°", 90*res.Quarters)
	}
	if res.Skew != 0 {
		msg += fmt.Sprintf("; straightened by %.2f°", res.Skew)
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
