package scan

import (
	"context"
	"testing"
)

// FuzzRead reads any pixels as a scanned page, at any resolution and
// turned any way: it finds what tables it finds and never panics, and
// every cell it makes lies within the lattice of its table.
func FuzzRead(f *testing.F) {
	small := form().Scale(0.15)
	f.Add(small.Pix, uint16(small.W), uint8(30), uint8(0))
	f.Add(small.Turn(1).Pix, uint16(small.H), uint8(30), uint8(1))
	f.Add([]byte{0, 255, 0, 255, 0, 255, 0, 0, 0}, uint16(3), uint8(200), uint8(0))
	f.Add([]byte{}, uint16(0), uint8(0), uint8(0))
	f.Fuzz(func(t *testing.T, pix []byte, w uint16, dpi uint8, turn uint8) {
		if w == 0 || len(pix) < int(w) || len(pix) > 256*256 {
			return
		}
		width := int(w)
		h := len(pix) / width
		r := &Raster{W: width, H: h, Pix: pix[:width*h]}
		// dpi/72 pixels a point, the page's y up.
		scale := 72 / (float64(dpi) + 1)
		r.ToPage = Affine{scale, 0, 0, -scale, 0, float64(h) * scale}
		r = r.Turn(int(turn % 4))
		res, err := Read(context.Background(), r, &fake{}, Options{Page: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, row := range res.Rows {
			for _, c := range row.Cells {
				if c.RowSpan < 1 || c.ColSpan < 1 || c.Col < 0 || c.Pos.Box == nil {
					t.Errorf("cell %+v", c)
				}
			}
		}
		_, tables, _, _ := Layout(r)
		for _, tb := range tables {
			for _, g := range tb.Regions {
				if g.R0 < 0 || g.C0 < 0 || g.R1 >= len(tb.Ys)-1 || g.C1 >= len(tb.Xs)-1 || g.R0 > g.R1 || g.C0 > g.C1 {
					t.Errorf("region %+v outside a lattice of %d × %d", g, len(tb.Ys)-1, len(tb.Xs)-1)
				}
			}
		}
	})
}
