package normalize

import (
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// blank lists what forms write in an amount cell they leave empty.
var blank = map[string]bool{"": true, "-": true, "—": true, "–": true, "/": true, "无": true, "——": true, "--": true}

// Amount reads a funds cell as an exact amount in 元. unit is the unit the
// form states for its funds (万元 or 元); a unit written in the cell itself
// (35万元, 350000元, 250万, 12(万元)) overrides it. A blank cell, or one holding only a dash
// or 无, is nil with no error.
func Amount(s, unit string) (*decimal.Decimal, error) {
	t := Text(s)
	if blank[t] {
		return nil, nil
	}
	num, n, ok := scanNumber(t)
	if !ok {
		return nil, fmt.Errorf("normalize: amount %q: %w", s, ErrNotNumber)
	}
	if u := strings.TrimSpace(t[n:]); u != "" {
		if inner, ok := parenthesized(u); ok {
			u = inner
		}
		if u == "万" { // 250万: money, so 万元
			u = "万元"
		}
		unit = u
	}
	scale, ok := MoneyScale(unit)
	if !ok {
		return nil, fmt.Errorf("normalize: amount %q: unit %q is not a unit of money", s, unit)
	}
	d := num.Mul(scale)
	return &d, nil
}
