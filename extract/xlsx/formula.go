package xlsx

import (
	"fmt"
	"regexp"
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
// what the cells it adds up come to.
func contradictions(sheet string, cells []cell, rows [][]string) []grid.Note {
	var notes []grid.Note
	for _, c := range cells {
		if c.formula == "" {
			continue
		}
		saved, err := decimal.NewFromString(c.raw)
		if err != nil {
			continue
		}
		rs, ok := summed(c.formula)
		if !ok {
			continue
		}
		sum, n := decimal.Zero, 0
		for _, r := range rs {
			for i := r.r0; i <= r.r1 && i < len(rows); i++ {
				for j := r.c0; j <= r.c1 && j < len(rows[i]); j++ {
					if i == c.row && j == c.col {
						continue
					}
					if d, err := decimal.NewFromString(strings.TrimSpace(rows[i][j])); err == nil {
						sum, n = sum.Add(d), n+1
					}
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
