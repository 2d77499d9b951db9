package model

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// Number is an exact decimal that is written to JSON as a bare number in
// plain notation (1110000, 85.5), never through a float.
type Number struct {
	decimal.Decimal
}

// NewNumber wraps d.
func NewNumber(d decimal.Decimal) *Number { return &Number{d} }

// MarshalJSON writes the decimal in plain notation with no trailing zeros.
func (n Number) MarshalJSON() ([]byte, error) {
	return []byte(n.Decimal.String()), nil
}

// UnmarshalJSON reads a JSON number exactly.
func (n *Number) UnmarshalJSON(b []byte) error {
	d, err := decimal.NewFromString(string(b))
	if err != nil {
		return fmt.Errorf("model: number %s: %w", b, err)
	}
	n.Decimal = d
	return nil
}
