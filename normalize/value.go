package normalize

import (
	"strings"

	"github.com/shopspring/decimal"
)

// Value is an indicator value (指标值) read from its text.
//
// A quantitative value has an Operator (>=, <=, >, <, =), an exact Number in
// Unit (empty when the value has none) and no Text. A qualitative value
// (效果明显, 年底之前, 提高2个百分点) has only Text. The zero Value is an
// empty cell.
type Value struct {
	Operator string
	Number   decimal.Decimal
	Unit     string
	Text     string
}

// Quantitative reports whether v is a number with an operator.
func (v Value) Quantitative() bool { return v.Operator != "" }

// Empty reports whether v came from an empty cell.
func (v Value) Empty() bool { return v.Operator == "" && v.Text == "" }

// ParseValue reads an indicator value.
//
// A value is quantitative when it is an optional operator (≥ ≧ >= ＞＝ ≤ ≦ <=
// > < = 不低于 不少于 大于等于 至少 不高于 不超过 不多于 小于等于), a number, a
// unit and an optional operator word after it (以上, 以内, 以下): ≥10个,
// 90%以上, 5个工作日以内, ≤36万元 (360000 元). A bare number is "=". Money is
// converted to 元 and 百分比 to %; other units stay as written.
//
// A unit in parentheses after the number is the unit: =100.00(%) is = 100
// %. A measure word is a unit (0起, ≤1起 incidents). A bare 万 after the
// number stays the unit 万 (a count of ten thousands); only ParseMoney
// reads it as 万元.
//
// Everything else is qualitative and keeps its text: words, a number with
// other words around it (提高2个百分点, 较上年增长5%), ranges and
// tolerances (90%-95%, ±3%以内, 2023.07-2024.01), and any value naming a
// date or deadline (年底之前, 2023年12月底前, 6月30日前, 2023年), while
// durations stay quantitative (≤4小时, ≥8年).
func ParseValue(raw string) Value { return parse(raw, false) }

// ParseMoney reads a value that is an amount of money, such as a cost
// indicator's: as ParseValue, except that a bare 万 after the number is
// 万元 (250万 is 2500000 元).
func ParseMoney(raw string) Value { return parse(raw, true) }

func parse(raw string, money bool) Value {
	t := Text(raw)
	if t == "" {
		return Value{}
	}
	qual := Value{Text: t}
	op, rest := cutOperator(t)
	num, n, ok := scanNumber(rest)
	if !ok {
		return qual
	}
	unit := strings.TrimSpace(rest[n:])
	sop, unit := cutSuffixOperator(unit)
	if inner, ok := parenthesized(unit); ok {
		unit = inner
	}
	switch {
	case op == "":
		op = sop
	case sop != "" && sop != op:
		return qual // ≥5个以内: contradicts itself
	}
	if op == "" {
		op = EQ
	}
	if !isUnit(unit) || namesDate(num, unit) {
		return qual
	}
	if money && unit == "万" {
		unit = "万元"
	}
	unit, scale := Unit(unit)
	return Value{Operator: op, Number: num.Mul(scale), Unit: unit}
}

// parenthesized returns what a unit written in parentheses holds: "(%)" is
// "%", "(万元)" is "万元".
func parenthesized(u string) (string, bool) {
	if inner, ok := strings.CutPrefix(u, "("); ok {
		if inner, ok := strings.CutSuffix(inner, ")"); ok && inner != "" && !strings.ContainsAny(inner, "()") {
			return strings.TrimSpace(inner), true
		}
	}
	return u, false
}

// notUnit reports whether r makes the text after a number more than a
// unit: a character of the words of comparison, change, time and
// approximation (左右, 完成, 提高, 增长, 下降, 减少, 达到, 实现, 前, 后, 底, 末,
// 初, 起, 止, 至, 到, 每, 较, 同比, 环比, 确保, 保持, 力争, 约, 累计, 不, 或, 和,
// 及, 等, 内, 超), or a mark of a range, a list or a quotation.
func notUnit(r rune) bool {
	switch r {
	case '左', '完', '提', '增', '降', '减', '达', '实', '前', '后', '底', '末', '初', '起', '止', '至', '到',
		'每', '较', '同', '环', '确', '持', '争', '约', '累', '不', '或', '和', '及', '等', '内', '超',
		'-', '~', '—', '–', '、', ',', ';', ':', '(', ')', '[', ']', '+', '*', '?', '!', '"', '\'',
		'《', '》', '【', '】', '“', '”', '。':
		return true
	}
	return '0' <= r && r <= '9'
}

// isUnit reports whether u, the text after a number, is a unit of measure.
// 起 is one on its own (0起: no incidents), and a word of time elsewhere
// (2023年起).
func isUnit(u string) bool {
	if u == "起" {
		return true
	}
	n := 0
	for _, r := range u {
		if notUnit(r) {
			return false
		}
		n++
	}
	return n <= 12
}

// namesDate reports whether a number and the unit after it name a date
// rather than a quantity: a month or a day of the month (6月, 30日前 are
// caught by isUnit), a calendar year (2023年).
func namesDate(num decimal.Decimal, unit string) bool {
	switch {
	case strings.HasPrefix(unit, "月"), strings.HasPrefix(unit, "号"):
		return true
	case unit == "年" && num.IsInteger() && num.Cmp(decimal.NewFromInt(1900)) >= 0 && num.Cmp(decimal.NewFromInt(2100)) <= 0:
		return true
	}
	return false
}
