package pdf

import (
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/pdf/content"
)

// textLine is a line of glyphs: indices into a glyph slice, left to right.
type textLine struct {
	idx []int
	box content.Rect
}

// linesOf groups glyphs into lines by their vertical overlap, top to
// bottom, each left to right.
func linesOf(gs []vglyph, idx []int) []textLine {
	idx = slices.Clone(idx)
	slices.SortFunc(idx, func(a, b int) int {
		return cmpF((gs[b].box.Y0+gs[b].box.Y1)/2, (gs[a].box.Y0+gs[a].box.Y1)/2)
	})
	var lines []textLine
	for _, i := range idx {
		g := &gs[i]
		cy := (g.box.Y0 + g.box.Y1) / 2
		h := g.box.Y1 - g.box.Y0
		var into *textLine
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-3; k-- {
			l := &lines[k]
			lh := l.box.Y1 - l.box.Y0
			if cy <= l.box.Y1 && cy >= l.box.Y0 && math.Abs(cy-(l.box.Y0+l.box.Y1)/2) < 0.35*max(h, lh) {
				into = l
				break
			}
		}
		if into == nil {
			lines = append(lines, textLine{idx: []int{i}, box: g.box})
			continue
		}
		into.idx = append(into.idx, i)
		into.box = content.Rect{X0: min(into.box.X0, g.box.X0), Y0: min(into.box.Y0, g.box.Y0), X1: max(into.box.X1, g.box.X1), Y1: max(into.box.Y1, g.box.Y1)}
	}
	for k := range lines {
		l := &lines[k]
		slices.SortStableFunc(l.idx, func(a, b int) int { return cmpF(gs[a].box.X0, gs[b].box.X0) })
	}
	slices.SortStableFunc(lines, func(a, b textLine) int { return cmpF(b.box.Y1, a.box.Y1) })
	return lines
}

// lineText joins a line's glyphs, with a space where a gap is wide, and
// drops a glyph drawn twice over itself (fake bold).
func lineText(gs []vglyph, idx []int) string {
	var s strings.Builder
	var prev *vglyph
	for _, i := range idx {
		g := &gs[i]
		if prev != nil {
			// Drawn over itself, not the next of a double letter (ff,
			// ll): offset by less than half its advance.
			if d := math.Abs(g.box.X0 - prev.box.X0); g.text == prev.text && d < 0.3*g.size && d < 0.5*(prev.box.X1-prev.box.X0) && math.Abs(g.box.Y0-prev.box.Y0) < 0.3*g.size {
				continue
			}
			if gap := g.box.X0 - prev.box.X1; gap > 0.25*max(g.size, prev.size) && !g.space && !prev.space {
				s.WriteByte(' ')
			}
		}
		s.WriteString(g.text)
		prev = g
	}
	return s.String()
}

// cellText joins the lines of a cell: a line that ends short of the cell's
// right edge (the next line's first word would have fitted) was broken by
// its writer, and keeps its line break; one that fills the cell was
// wrapped, and joins the next line directly (between Latin letters, with
// a space: a name or a number may wrap anywhere, a Latin word at a space).
func cellText(gs []vglyph, idx []int, box content.Rect) string {
	lines := linesOf(gs, idx)
	pad := math.Inf(1)
	for _, l := range lines {
		pad = min(pad, l.box.X0-box.X0)
	}
	pad = max(0, min(pad, 8))
	right := box.X1 - pad
	var s strings.Builder
	for k, l := range lines {
		t := strings.TrimSpace(lineText(gs, l.idx))
		if k > 0 {
			prev := lines[k-1]
			w, size := firstUnit(gs, l.idx)
			lastG := &gs[prev.idx[len(prev.idx)-1]]
			firstG := &gs[l.idx[0]]
			if prev.box.X1+w > right-0.6*size {
				if isLetter(lastRune(lastG.text)) && isLetter(firstRune(firstG.text)) {
					s.WriteByte(' ')
				}
			} else {
				s.WriteByte('\n')
			}
		}
		s.WriteString(t)
	}
	return s.String()
}

// firstUnit returns the width of what a line breaker keeps together at the
// start of a line: a run of Latin letters and digits, or one character,
// with the closing punctuation after it.
func firstUnit(gs []vglyph, idx []int) (float64, float64) {
	g0 := &gs[idx[0]]
	end := 0
	if isLatin(firstRune(g0.text)) {
		for end+1 < len(idx) && isLatin(firstRune(gs[idx[end+1]].text)) {
			end++
		}
	}
	for end+1 < len(idx) && strings.ContainsRune("，。、；：）」』%,.;:)", firstRune(gs[idx[end+1]].text)) {
		end++
	}
	return gs[idx[end]].box.X1 - g0.box.X0, g0.size
}

func isLatin(r rune) bool {
	return r < 0x2000 && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == ',' || r == '.' || r == '%')
}

// isLetter reports whether r is a Latin letter: a line wrapped between
// two is taken to have wrapped at a space between words.
func isLetter(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }

func firstRune(s string) rune { r, _ := utf8.DecodeRuneInString(s); return r }

func lastRune(s string) rune { r, _ := utf8.DecodeLastRuneInString(s); return r }
