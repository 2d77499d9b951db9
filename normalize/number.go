package normalize

import (
	"errors"
	"fmt"
	"strings"

	"github.com/shopspring/decimal"
)

// ErrNotNumber is returned by Number for text that is not exactly one number.
var ErrNotNumber = errors.New("not a number")

// Number reads s as one exact decimal number: full-width digits (１２．５),
// thousands separators in groups of three (1,200), a decimal point and a
// leading sign. Surrounding white space is allowed; anything else is
// ErrNotNumber.
func Number(s string) (decimal.Decimal, error) {
	t := Text(s)
	d, n, ok := scanNumber(t)
	if !ok || n != len(t) {
		return decimal.Decimal{}, fmt.Errorf("normalize: %q: %w", s, ErrNotNumber)
	}
	return d, nil
}

// scanNumber reads the number at the start of s, which has been through
// Compat, and returns it with the count of bytes it took.
func scanNumber(s string) (d decimal.Decimal, n int, ok bool) {
	var b strings.Builder
	i := 0
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		if s[0] == '-' {
			b.WriteByte('-')
		}
		i = 1
	} else if strings.HasPrefix(s, "−") { // U+2212 MINUS SIGN, which NFKC keeps
		b.WriteByte('-')
		i = len("−")
	}
	start := i
	for i < len(s) && isDigit(s[i]) {
		b.WriteByte(s[i])
		i++
	}
	if i == start {
		return d, 0, false
	}
	// Thousands separators: only after a first group of 1–3 digits, and only
	// in whole groups of three.
	if i-start <= 3 {
		for i+3 < len(s) && s[i] == ',' && isDigit(s[i+1]) && isDigit(s[i+2]) && isDigit(s[i+3]) &&
			(i+4 == len(s) || !isDigit(s[i+4])) {
			b.WriteString(s[i+1 : i+4])
			i += 4
		}
	}
	if i+1 < len(s) && s[i] == '.' && isDigit(s[i+1]) {
		b.WriteByte('.')
		i++
		for i < len(s) && isDigit(s[i]) {
			b.WriteByte(s[i])
			i++
		}
	}
	d, err := decimal.NewFromString(b.String())
	if err != nil {
		return d, 0, false
	}
	return d, i, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
