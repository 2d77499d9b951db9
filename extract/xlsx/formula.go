package xlsx

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/extract/grid"
)

// Formulas whose saved value the reader checks: sums of cells of their own
// sheet, SUM(D8:D10), SUM(D8,D9), D8+D9+D10. WPS saves some workbooks with
// such a total's value 0 while the cells under it are filled; the value the
// file holds is kept, and a note says what the cells add up to.

var (
	reSum  = regexp.MustCompile(`(?i)^=?\s*SUM\((.*)\)\s*$`)
	reRef  = regexp.MustCompile(`^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$`)
	rePlus = regexp.MustCompile(`^\s*[$A-Za-z0-9]+(\s*\+\s*[$A-Za-z0-9]+)+\s*$`)
)

// summed returns the cells a formula adds up, when it is a plain sum of
// cells and ranges of its own sheet.
func summed(formula string) ([]rect, bool) {
	var parts []string
	if m := reSum.FindStringSubmatch(formula); m != nil {
		parts = strings.Split(m[1], ",")
	} else if rePlus.MatchString(strings.TrimPrefix(formula, "=")) {
		parts = strings.Split(strings.TrimPrefix(formula, "="), "+")
	} else {
		return nil, false
	}
	var out []rect
	for _, p := range parts {
		a, b, _ := strings.Cut(strings.TrimSpace(p), ":")
		if b == "" {
			b = a
		}
		ra, ok1 := ref(a)
		rb, ok2 := ref(b)
		if !ok1 || !ok2 {
			return nil, false
		}
		out = append(out, rect{min(ra.r0, rb.r0), min(ra.c0, rb.c0), max(ra.r0, rb.r0), max(ra.c0, rb.c0)})
	}
	return out, len(out) > 0
}

// ref reads one cell reference, $D$8 or D8.
func ref(s string) (rect, bool) {
	m := reRef.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return rect{}, false
	}
	r, c, ok := parseRef(strings.ToUpper(m[1]) + m[2])
	return rect{r, c, r, c}, ok
}

// contradictions notes each formula of a sheet whose saved value is not
// what the cells it adds up come to. cells are the sheet's, sorted by row
// and column, with their values.
func contradictions(sheet string, cells []cell) []grid.Note {
	var notes []grid.Note
	for _, c := range cells {
		if c.formula == "" || c.uncached {
			continue
		}
		saved, err := decimal.NewFromString(strings.TrimSpace(c.value))
		if err != nil {
			continue
		}
		rs, ok := summed(c.formula)
		if !ok {
			continue
		}
		sum, n := decimal.Zero, 0
		for _, r := range rs {
			for _, d := range within(cells, r) {
				if d.row == c.row && d.col == c.col {
					continue
				}
				if v, err := decimal.NewFromString(strings.TrimSpace(d.value)); err == nil {
					sum, n = sum.Add(v), n+1
				}
			}
		}
		if n == 0 || sum.Equal(saved) {
			continue
		}
		ref := grid.CellName(c.row, c.col)
		notes = append(notes, grid.Note{Row: c.row, Col: c.col, Pos: grid.Pos{Sheet: sheet, Ref: ref}, Code: noteFormula,
			Message: fmt.Sprintf("formula =%s holds %s, but the cells it adds up come to %s: the value the file holds is kept (recalculate the workbook in Excel or WPS)", c.formula, saved, sum)})
	}
	return notes
}

// within returns the cells, sorted by row and column, that lie in r.
func within(cells []cell, r rect) []cell {
	var out []cell
	i, _ := slices.BinarySearchFunc(cells, r, func(c cell, r rect) int {
		if c.row != r.r0 {
			return c.row - r.r0
		}
		return c.col - r.c0
	})
	for ; i < len(cells) && cells[i].row <= r.r1; i++ {
		if c := cells[i]; c.col >= r.c0 && c.col <= r.c1 {
			out = append(out, c)
		}
	}
	return out
}
