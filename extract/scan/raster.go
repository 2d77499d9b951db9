// Package scan reads the table of a scanned page: from a page's pixels it
// finds the ruled table and the text around it, and, with a Recognizer
// that reads lines of text (package ocr's PP-OCR), makes the same grid
// rows a text-layer reader makes.
//
// All of it but the recognizer is pure Go: the image is turned grey (red
// ink, a seal, dropped), binarized (Otsu), deskewed (±3°, by the angle
// that makes the rows of ink the sharpest), turned when it was scanned
// sideways (the table's cells are wider than tall when upright) or upside
// down (the recognizer reads it with more confidence the right way up);
// rulings are found as long runs of ink along rows and columns, joined
// into tables, and the lattice of each table's lines rebuilds its merged
// cells (lattice cells with no ruling between them are one region). Each
// cell's lines are split by the rows of ink and read one by one; a cell
// whose lines touch goes through the recognizer's text detection. Every
// box maps back through the image's placement into PDF points.
package scan

import (
	"image"
	"image/color"
	"math"
)

// Affine maps pixel coordinates (x right, y down, at a pixel's top left
// corner) to page coordinates as a PDF matrix does: (x, y) ↦ (a·x + c·y +
// e, b·x + d·y + f).
type Affine [6]float64

// Apply maps a point.
func (m Affine) Apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// Then returns the map that applies m, then n.
func (m Affine) Then(n Affine) Affine {
	return Affine{
		m[0]*n[0] + m[1]*n[2], m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2], m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4], m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// Raster is a page's pixels, grey, with the map from them to the page.
type Raster struct {
	W, H int
	Pix  []uint8 // row by row, 0 black to 255 white
	// ToPage maps a pixel position to upright page space, in points.
	ToPage Affine
}

// At returns the grey of pixel (x, y); outside the raster it is white.
func (r *Raster) At(x, y int) uint8 {
	if x < 0 || y < 0 || x >= r.W || y >= r.H {
		return 255
	}
	return r.Pix[y*r.W+x]
}

// Grey turns an image into a raster: grey as its luminance, except that
// red ink, as a seal is stamped in, turns to paper while black text under
// it stays black (see dropRed). place maps the image's pixels to the page.
func Grey(img image.Image, place Affine) *Raster {
	b := img.Bounds()
	r := &Raster{W: b.Dx(), H: b.Dy(), ToPage: place}
	r.Pix = make([]uint8, r.W*r.H)
	switch im := img.(type) {
	case *image.Gray:
		for y := 0; y < r.H; y++ {
			copy(r.Pix[y*r.W:(y+1)*r.W], im.Pix[(y)*im.Stride:])
		}
	case *image.YCbCr:
		for y := 0; y < r.H; y++ {
			for x := 0; x < r.W; x++ {
				yi := im.YOffset(x+b.Min.X, y+b.Min.Y)
				ci := im.COffset(x+b.Min.X, y+b.Min.Y)
				lum := int(im.Y[yi])
				cb, cr := int(im.Cb[ci])-128, int(im.Cr[ci])-128
				red := lum + (91881*cr)>>16
				green := lum - (22554*cb+46802*cr)>>16
				blue := lum + (116130*cb)>>16
				r.Pix[y*r.W+x] = dropRed(lum, red, green, blue)
			}
		}
	default:
		for y := 0; y < r.H; y++ {
			for x := 0; x < r.W; x++ {
				c := color.RGBAModel.Convert(img.At(x+b.Min.X, y+b.Min.Y)).(color.RGBA)
				lum := (299*int(c.R) + 587*int(c.G) + 114*int(c.B)) / 1000
				r.Pix[y*r.W+x] = dropRed(lum, int(c.R), int(c.G), int(c.B))
			}
		}
	}
	return r
}

// dropRed is the grey of a pixel of luminance lum and colour (r, g, b):
// its red channel, lightened by how much redder than green and blue it
// is, when that is lighter than lum. A seal's red (215, 40, 40) is paper;
// black ink under it, where the two multiply, stays black, and so does
// black that a JPEG's coarser colour smears red onto: only a pixel as
// light as red ink is (luminance over 50) is lightened, fully from 80.
func dropRed(lum, r, g, b int) uint8 {
	redness := r - max(g, b)
	if redness <= 0 || lum <= 50 {
		return clamp(lum)
	}
	light := max(lum, r+redness)
	w := min(30, lum-50)
	return clamp(lum + (light-lum)*w/30)
}

func clamp(v int) uint8 {
	return uint8(min(255, max(0, v)))
}

// Turn returns the raster turned clockwise by quarter turns (0 to 3), with
// its map to the page kept.
func (r *Raster) Turn(quarters int) *Raster {
	quarters = ((quarters % 4) + 4) % 4
	if quarters == 0 {
		return r
	}
	out := &Raster{Pix: make([]uint8, len(r.Pix))}
	w, h := float64(r.W), float64(r.H)
	// back maps the new raster's coordinates to the old one's.
	var back Affine
	switch quarters {
	case 1: // new (x, y) shows old (y, H-x)
		out.W, out.H = r.H, r.W
		for y := 0; y < out.H; y++ {
			for x := 0; x < out.W; x++ {
				out.Pix[y*out.W+x] = r.Pix[(r.H-1-x)*r.W+y]
			}
		}
		back = Affine{0, -1, 1, 0, 0, h}
	case 2:
		out.W, out.H = r.W, r.H
		n := len(r.Pix)
		for i := range r.Pix {
			out.Pix[i] = r.Pix[n-1-i]
		}
		back = Affine{-1, 0, 0, -1, w, h}
	case 3: // new (x, y) shows old (W-y, x)
		out.W, out.H = r.H, r.W
		for y := 0; y < out.H; y++ {
			for x := 0; x < out.W; x++ {
				out.Pix[y*out.W+x] = r.Pix[x*r.W+(r.W-1-y)]
			}
		}
		back = Affine{0, 1, -1, 0, w, 0}
	}
	out.ToPage = back.Then(r.ToPage)
	return out
}

// Rotate returns the raster rotated by deg degrees counter-clockwise
// (bilinear, the corners filled with paper), the same size.
func (r *Raster) Rotate(deg float64) *Raster {
	if deg == 0 {
		return r
	}
	th := deg * math.Pi / 180
	cos, sin := math.Cos(th), math.Sin(th)
	cx, cy := float64(r.W)/2, float64(r.H)/2
	out := &Raster{W: r.W, H: r.H, Pix: make([]uint8, len(r.Pix))}
	// A point of the new raster at (x, y) shows the old one at
	// (cx + cos·(x-cx) - sin·(y-cy), cy + sin·(x-cx) + cos·(y-cy)): y runs
	// down, so this turns the content counter-clockwise by deg.
	for y := 0; y < r.H; y++ {
		dy := float64(y) + 0.5 - cy
		for x := 0; x < r.W; x++ {
			dx := float64(x) + 0.5 - cx
			sx := cx + cos*dx - sin*dy - 0.5
			sy := cy + sin*dx + cos*dy - 0.5
			out.Pix[y*r.W+x] = r.bilinear(sx, sy)
		}
	}
	back := Affine{cos, sin, -sin, cos, cx - cos*cx + sin*cy, cy - sin*cx - cos*cy}
	out.ToPage = back.Then(r.ToPage)
	return out
}

func (r *Raster) bilinear(x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	a, b := float64(r.At(x0, y0)), float64(r.At(x0+1, y0))
	c, d := float64(r.At(x0, y0+1)), float64(r.At(x0+1, y0+1))
	v := (a*(1-fx)+b*fx)*(1-fy) + (c*(1-fx)+d*fx)*fy
	return uint8(v + 0.5)
}

// Scale returns the raster scaled by f (area-averaged when shrinking,
// bilinear when growing).
func (r *Raster) Scale(f float64) *Raster {
	if f == 1 || f <= 0 {
		return r
	}
	w, h := max(1, int(math.Round(float64(r.W)*f))), max(1, int(math.Round(float64(r.H)*f)))
	out := &Raster{W: w, H: h, Pix: make([]uint8, w*h)}
	if f < 1 {
		// Box filter over the source pixels each target pixel covers.
		for y := 0; y < h; y++ {
			sy0, sy1 := int(float64(y)/f), max(int(float64(y)/f)+1, int(float64(y+1)/f))
			sy1 = min(sy1, r.H)
			for x := 0; x < w; x++ {
				sx0, sx1 := int(float64(x)/f), max(int(float64(x)/f)+1, int(float64(x+1)/f))
				sx1 = min(sx1, r.W)
				sum, n := 0, 0
				for sy := sy0; sy < sy1; sy++ {
					row := r.Pix[sy*r.W:]
					for sx := sx0; sx < sx1; sx++ {
						sum += int(row[sx])
						n++
					}
				}
				if n > 0 {
					out.Pix[y*w+x] = uint8(sum / n)
				} else {
					out.Pix[y*w+x] = 255
				}
			}
		}
	} else {
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				out.Pix[y*w+x] = r.bilinear((float64(x)+0.5)/f-0.5, (float64(y)+0.5)/f-0.5)
			}
		}
	}
	out.ToPage = Affine{1 / f, 0, 0, 1 / f, 0, 0}.Then(r.ToPage)
	return out
}

// Crop returns the pixels of rect (clipped to the raster) as an image.
func (r *Raster) Crop(rect image.Rectangle) *image.Gray {
	rect = rect.Intersect(image.Rect(0, 0, r.W, r.H))
	g := image.NewGray(image.Rect(0, 0, rect.Dx(), rect.Dy()))
	for y := 0; y < rect.Dy(); y++ {
		copy(g.Pix[y*g.Stride:y*g.Stride+rect.Dx()], r.Pix[(rect.Min.Y+y)*r.W+rect.Min.X:])
	}
	return g
}

// Box maps a pixel rectangle to the page: its bounding box in points,
// X0 < X1 and Y0 < Y1.
func (r *Raster) Box(rect image.Rectangle) (x0, y0, x1, y1 float64) {
	x0, y0 = math.Inf(1), math.Inf(1)
	x1, y1 = math.Inf(-1), math.Inf(-1)
	for _, p := range [4][2]int{{rect.Min.X, rect.Min.Y}, {rect.Max.X, rect.Min.Y}, {rect.Min.X, rect.Max.Y}, {rect.Max.X, rect.Max.Y}} {
		x, y := r.ToPage.Apply(float64(p[0]), float64(p[1]))
		x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
	}
	return
}

// DPI returns the raster's resolution on the page: pixels an inch.
func (r *Raster) DPI() float64 {
	m := r.ToPage
	pt := math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2])) // points a pixel
	if pt == 0 || math.IsNaN(pt) || math.IsInf(pt, 0) {
		return 200
	}
	return 72 / pt
}
