package scan

import "math"

// Bits is a binarized raster: true is ink.
type Bits struct {
	W, H int
	Ink  []bool
}

func (b *Bits) at(x, y int) bool {
	return x >= 0 && y >= 0 && x < b.W && y < b.H && b.Ink[y*b.W+x]
}

// Otsu returns the grey level that best splits the raster's histogram in
// two (Otsu's method): ink is darker than it. A page that is all paper
// gives a level that makes nothing ink.
func Otsu(r *Raster) uint8 {
	var hist [256]int
	for _, p := range r.Pix {
		hist[p]++
	}
	return otsuHist(hist[:], len(r.Pix))
}

func otsuHist(hist []int, n int) uint8 {
	if n == 0 {
		return 0
	}
	var sum float64
	for i, c := range hist {
		sum += float64(i * c)
	}
	var sumB, wB float64
	best, level := -1.0, 0
	for t := 0; t < 256; t++ {
		wB += float64(hist[t])
		if wB == 0 {
			continue
		}
		wF := float64(n) - wB
		if wF == 0 {
			break
		}
		sumB += float64(t * hist[t])
		mB, mF := sumB/wB, (sum-sumB)/wF
		if v := wB * wF * (mB - mF) * (mB - mF); v > best {
			best, level = v, t
		}
	}
	// Paper alone (a blank page, a crop of an empty cell) has no dark
	// class: anything not well below the paper stays paper.
	if hist[level] > 0 && level > 200 {
		level = 160
	}
	return uint8(min(level+1, 255))
}

// Binarize marks as ink the pixels darker than level.
func Binarize(r *Raster, level uint8) *Bits {
	b := &Bits{W: r.W, H: r.H, Ink: make([]bool, len(r.Pix))}
	for i, p := range r.Pix {
		b.Ink[i] = p < level
	}
	return b
}

// Skew returns the angle in degrees, within ±limit, by which the page's
// content is turned counter-clockwise: the angle whose rows of ink (text
// lines and rulings) are the sharpest, the sum of the squares of the ink
// counted along each row of that slope. Rotating the raster by -Skew
// straightens it.
func Skew(b *Bits, limit float64) float64 {
	// Work at about 100 dpi of ink columns: every fourth column of a 300
	// dpi scan gives the profile as sharply.
	step := max(1, b.W/800)
	type pt struct{ x, y int32 }
	var pts []pt
	for y := 0; y < b.H; y++ {
		row := b.Ink[y*b.W : (y+1)*b.W]
		for x := 0; x < b.W; x += step {
			if row[x] {
				pts = append(pts, pt{int32(x), int32(y)})
			}
		}
	}
	if len(pts) < 100 {
		return 0
	}
	prof := make([]float64, b.H+2*b.W)
	score := func(deg float64) float64 {
		t := math.Tan(deg * math.Pi / 180)
		clear(prof)
		off := float64(b.W)
		for _, p := range pts {
			// A line of slope t (counter-clockwise, y down) through (x, y)
			// crosses x = 0 at y + t·x.
			k := int(float64(p.y) + t*float64(p.x) + off)
			if k >= 0 && k < len(prof) {
				prof[k]++
			}
		}
		s := 0.0
		for _, v := range prof {
			s += v * v
		}
		return s
	}
	best, bestS := 0.0, score(0)
	for d := -limit; d <= limit+1e-9; d += 0.2 {
		if s := score(d); s > bestS {
			best, bestS = d, s
		}
	}
	center := best
	for d := center - 0.2; d <= center+0.2+1e-9; d += 0.04 {
		if s := score(d); s > bestS {
			best, bestS = d, s
		}
	}
	return math.Round(best*100) / 100
}

// Despeckle clears the ink of connected regions (8-neighbours) of at most
// maxArea pixels: scanner noise and JPEG's smudges of it. Dots of text
// (a decimal point) may go too; they are read from the grey, not from
// these bits, which only say where the lines are.
func Despeckle(b *Bits, maxArea int) {
	seen := make([]bool, len(b.Ink))
	stack := make([]int, 0, 64)
	comp := make([]int, 0, 64)
	for i, ink := range b.Ink {
		if !ink || seen[i] {
			continue
		}
		stack = append(stack[:0], i)
		comp = comp[:0]
		seen[i] = true
		big := false
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if !big {
				comp = append(comp, j)
				big = len(comp) > maxArea
			}
			x, y := j%b.W, j/b.W
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					nx, ny := x+dx, y+dy
					if nx < 0 || ny < 0 || nx >= b.W || ny >= b.H {
						continue
					}
					k := ny*b.W + nx
					if b.Ink[k] && !seen[k] {
						seen[k] = true
						stack = append(stack, k)
					}
				}
			}
		}
		if !big {
			for _, j := range comp {
				b.Ink[j] = false
			}
		}
	}
}
