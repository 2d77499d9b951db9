package review

import (
	_ "embed"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/model"
	"github.com/jixiao/jixiao/normalize"
)

// vagueText is the list of vague wordings, one a line; see vague.txt.
//
//go:embed vague.txt
var vagueText string

// vagueWords are the wordings of vague.txt, in file order.
var vagueWords = readWords(vagueText)

// readWords returns the non-blank lines of a word list, without "#"
// comments, each through normalize.Text.
func readWords(s string) []string {
	var out []string
	for line := range strings.SplitSeq(s, "\n") {
		line, _, _ = strings.Cut(line, "#")
		if w := normalize.Text(line); w != "" {
			out = append(out, w)
		}
	}
	return out
}

// vague returns the vague wording a qualitative value holds, or "": a
// value with a digit in it names something measurable (提高2个百分点,
// 2024年底前) and is not vague.
func vague(text string) string {
	t := normalize.Text(text)
	if strings.ContainsFunc(t, unicode.IsDigit) {
		return ""
	}
	for _, w := range vagueWords {
		if strings.Contains(t, w) {
			return w
		}
	}
	return ""
}

// fmtNum writes a number as an auditor reads it: thousands grouped
// (4,200,000), the decimals as exact as the form's (12.5, 0.85).
func fmtNum(d decimal.Decimal) string {
	s := d.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	if len(whole) > 3 {
		var b strings.Builder
		lead := len(whole) % 3
		if lead > 0 {
			b.WriteString(whole[:lead])
		}
		for i := lead; i < len(whole); i += 3 {
			if b.Len() > 0 {
				b.WriteByte(',')
			}
			b.WriteString(whole[i : i+3])
		}
		whole = b.String()
	}
	if hasFrac {
		return sign + whole + "." + frac
	}
	return sign + whole
}

// yuan writes an amount of money: "4,200,000 元".
func yuan(n *model.Number) string { return fmtNum(n.Decimal) + " 元" }

// num returns n when it is a number the rules can work with, and nil for
// none: a number written with an exponent beyond ±40 or more than 256 bits
// of digits (which no form holds, and whose arithmetic and printing would
// take the memory of the machine) counts as absent.
func num(n *model.Number) *model.Number {
	if n == nil || n.Exponent() < -40 || n.Exponent() > 40 || n.Coefficient().BitLen() > 256 {
		return nil
	}
	return n
}

// symbols are the operators as a form writes them.
var symbols = map[string]string{">=": "≥", "<=": "≤", ">": ">", "<": "<", "=": "="}

// sym returns the operator as a form writes it.
func sym(op string) string {
	if s, ok := symbols[op]; ok {
		return s
	}
	return op
}

// quant is an indicator's quantitative value.
type quant struct {
	op   string
	v    decimal.Decimal
	unit string // "" when the value has none
}

// quantOf returns an indicator's quantitative value, and false for a
// qualitative or empty one.
func quantOf(ind *model.Indicator) (quant, bool) {
	if ind.Operator == nil || num(ind.Value) == nil {
		return quant{}, false
	}
	q := quant{op: *ind.Operator, v: ind.Value.Decimal}
	if ind.Unit != nil {
		q.unit = *ind.Unit
	}
	return q, true
}

// String writes a quantitative value as the form would: ≥10个, =180元/人/天.
func (q quant) String() string { return sym(q.op) + fmtNum(q.v) + q.unit }

// value writes an indicator's value for a message: the quantitative value
// read, else the text, else the cell as the form has it.
func value(ind *model.Indicator) string {
	if q, ok := quantOf(ind); ok {
		return q.String()
	}
	if ind.Text != nil && *ind.Text != "" {
		return *ind.Text
	}
	return ind.Raw
}

// title names an indicator in a message: 「name」.
func title(ind *model.Indicator) string {
	if strings.TrimSpace(ind.Name) == "" {
		return "（无名称的指标）"
	}
	return "「" + ind.Name + "」"
}

// key returns an indicator's name as rules compare it: normalized, without
// a ★ or a list number in front (1. 1、 (1) ① 一、) and without spaces. It
// is "" for an indicator with no name (or one of marks only, the
// template's ……), which is compared with nothing.
func key(name string) string {
	s := strings.TrimSpace(normalize.Text(name))
	for {
		t := strings.TrimSpace(strings.TrimLeft(cutListNumber(s), "★☆*"))
		if t == s {
			break
		}
		s = t
	}
	s = strings.ReplaceAll(s, " ", "")
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
		return "" // a template's …… row names nothing
	}
	return s
}

// cutListNumber removes one list number from the front of s.
func cutListNumber(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	switch {
	case r >= 0x2460 && r <= 0x249B, r >= 0x3251 && r <= 0x325F: // ① ⑴ ⒈ ㉑
		return s[n:]
	case r == '(':
		if i := strings.IndexByte(s, ')'); i > 1 && allDigits(s[1:i]) {
			return s[i+1:]
		}
	case r >= '0' && r <= '9':
		i := 0
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		for _, sep := range []string{".", "、", ")", ":"} {
			if rest, ok := strings.CutPrefix(s[i:], sep); ok && !strings.HasPrefix(rest, "0") && !startsDigit(rest) {
				return rest
			}
		}
	case strings.ContainsRune("一二三四五六七八九十", r):
		i := n
		for {
			r2, n2 := utf8.DecodeRuneInString(s[i:])
			if !strings.ContainsRune("一二三四五六七八九十", r2) {
				break
			}
			i += n2
		}
		if rest, ok := strings.CutPrefix(s[i:], "、"); ok {
			return rest
		}
	}
	return s
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func startsDigit(s string) bool { return s != "" && s[0] >= '0' && s[0] <= '9' }

// baseName returns an indicator's name without its parenthesized parts
// (结余率(计算方法为:结余数/预算数) is 结余率).
func baseName(name string) string {
	return strings.TrimSpace(normalize.StripParens(normalize.Text(name)))
}

// date is a project date as the contract writes it: YYYY, YYYY-MM or
// YYYY-MM-DD; month is 0 when the date names only a year.
type date struct {
	text        string
	year, month int
}

// parseDate reads a project date, and reports whether it is one.
func parseDate(s *string) (date, bool) {
	if s == nil {
		return date{}, false
	}
	parts := strings.Split(*s, "-")
	if len(parts) > 3 || len(parts[0]) != 4 {
		return date{}, false
	}
	d := date{text: *s}
	var err error
	if d.year, err = strconv.Atoi(parts[0]); err != nil || d.year <= 0 {
		return date{}, false
	}
	if len(parts) > 1 {
		if d.month, err = strconv.Atoi(parts[1]); err != nil || d.month < 1 || d.month > 12 {
			return date{}, false
		}
	}
	return d, true
}

// years returns the calendar years a text names as dates: the four-digit
// numbers 1900–2099 followed by 年 . / - 至 到 or the end of the text
// (2024年10月底前, 2024/6/28, 2023.07-2024.01).
func years(text string) []int {
	var out []int
	t := normalize.Text(text)
	for i := 0; i < len(t); {
		if !isASCIIDigit(t[i]) {
			i++
			continue
		}
		j := i
		for j < len(t) && isASCIIDigit(t[j]) {
			j++
		}
		if j-i == 4 && (t[i:i+2] == "19" || t[i:i+2] == "20") {
			rest := t[j:]
			if rest == "" || strings.HasPrefix(rest, "年") || strings.HasPrefix(rest, "至") || strings.HasPrefix(rest, "到") ||
				strings.ContainsAny(rest[:1], "./-~") {
				y, _ := strconv.Atoi(t[i:j])
				out = append(out, y)
			}
		}
		i = j
	}
	return out
}

func isASCIIDigit(c byte) bool { return c >= '0' && c <= '9' }

// containsAny reports whether s, normalized, contains one of the words.
func containsAny(s string, words ...string) bool {
	t := normalize.Text(s)
	for _, w := range words {
		if strings.Contains(t, w) {
			return true
		}
	}
	return false
}
