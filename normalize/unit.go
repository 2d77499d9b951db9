package normalize

import (
	"strings"

	"github.com/shopspring/decimal"
)

// money lists the units of money and their size in 元, longest first.
var money = []struct {
	unit  string
	scale decimal.Decimal
}{
	{"百万元", decimal.New(1, 6)},
	{"万元", decimal.New(1, 4)},
	{"亿元", decimal.New(1, 8)},
	{"千元", decimal.New(1, 3)},
	{"元", decimal.New(1, 0)},
}

// MoneyScale returns the size in 元 of a unit of money (万元 is 10000) and
// whether unit is one.
func MoneyScale(unit string) (decimal.Decimal, bool) {
	for _, m := range money {
		if unit == m.unit {
			return m.scale, true
		}
	}
	return decimal.Decimal{}, false
}

// Unit returns the canonical form of a unit that has been through Text and
// the factor that converts a value into it: money becomes 元, also at the
// head of a compound unit (万元/人 is 元/人, factor 10000); 百分比 becomes %;
// every other unit, 个百分点 included, stays as written with factor 1.
func Unit(u string) (string, decimal.Decimal) {
	one := decimal.New(1, 0)
	if u == "百分比" {
		return "%", one
	}
	for _, m := range money {
		if rest, ok := strings.CutPrefix(u, m.unit); ok && (rest == "" || rest[0] == '/') {
			return "元" + rest, m.scale
		}
	}
	return u, one
}
