package normalize

import "strings"

// Operators of a quantitative value, as the contract writes them.
const (
	GE = ">="
	LE = "<="
	GT = ">"
	LT = "<"
	EQ = "="
)

// prefixes are the operators that stand before a number, longest first
// within each kind so that ">=" is not read as ">".
var prefixes = []struct{ text, op string }{
	{"大于或等于", GE}, {"小于或等于", LE},
	{"大于等于", GE}, {"小于等于", LE},
	{"不低于", GE}, {"不少于", GE}, {"至少", GE},
	{"不高于", LE}, {"不超过", LE}, {"不多于", LE},
	{">=", GE}, {"=>", GE}, {"≥", GE}, {"≧", GE}, {"⩾", GE},
	{"<=", LE}, {"=<", LE}, {"≤", LE}, {"≦", LE}, {"⩽", LE},
	{">", GT}, {"<", LT}, {"=", EQ},
}

// suffixes are the operators that follow a number and its unit (90%以上).
var suffixes = []struct{ text, op string }{
	{"以上", GE}, {"以内", LE}, {"之内", LE}, {"以下", LE},
}

// Operator returns the operator s names when s is nothing but an operator
// (≥, ＞＝, 不低于, 以上), as in a form's 指标性质 column, and whether it is one.
func Operator(s string) (string, bool) {
	t := Text(s)
	for _, p := range prefixes {
		if t == p.text {
			return p.op, true
		}
	}
	for _, p := range suffixes {
		if t == p.text {
			return p.op, true
		}
	}
	return "", false
}

// cutOperator removes the operator that s starts with.
func cutOperator(s string) (op, rest string) {
	for _, p := range prefixes {
		if rest, ok := strings.CutPrefix(s, p.text); ok {
			return p.op, strings.TrimLeft(rest, " ")
		}
	}
	return "", s
}

// cutSuffixOperator removes the operator word that unit ends with (以上,
// 及以上), and returns the unit before it.
func cutSuffixOperator(unit string) (op, rest string) {
	for _, p := range suffixes {
		if rest, ok := strings.CutSuffix(unit, p.text); ok {
			rest = strings.TrimSuffix(rest, "及")
			return p.op, strings.TrimRight(rest, " ")
		}
	}
	return "", unit
}
