// Package numfmt shows a workbook's numbers as Excel shows them, through
// their number formats.
//
// A workbook stores a number as the decimal text of a double ("0.95") and
// shows it through a number format ("0%": 95%). The text a person reads,
// and a text dump exported from the workbook holds, is the formatted one,
// so that is what the XLSX reader gives the interpreter. The formatting here
// works on the stored decimal text with decimal arithmetic, never through a
// float: 0.95 under 0% is exactly 95%, 1260.5 under #,##0.00 is 1,260.50.
//
// Locale-dependent formats are shown as a Chinese (zh-CN) Excel shows them:
// built-in format 14, the short date, is yyyy/m/d; 31 is yyyy"年"m"月"d"日".
//
// Not rendered as Excel would: [DBNum1]–[DBNum3] (Chinese numerals; the
// digits are shown), fractions (# ?/?: the decimal is shown), conditions
// ([>100]: the sections are taken as positive;negative;zero), and General's
// narrowing to the column width (General shows up to 15 significant digits,
// Excel's precision, whatever the width).
package numfmt

import (
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// builtins are the codes of the format ids a workbook may use without
// defining them, as a zh-CN Excel shows them.
var builtins = map[int]string{
	0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
	5: `"¥"#,##0;"¥"\-#,##0`, 6: `"¥"#,##0;[Red]"¥"\-#,##0`,
	7: `"¥"#,##0.00;"¥"\-#,##0.00`, 8: `"¥"#,##0.00;[Red]"¥"\-#,##0.00`,
	9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
	14: "yyyy/m/d", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy",
	18: "h:mm AM/PM", 19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "yyyy/m/d h:mm",
	27: `yyyy"年"m"月"`, 28: `m"月"d"日"`, 29: `m"月"d"日"`, 30: "m-d-yy", 31: `yyyy"年"m"月"d"日"`,
	32: `h"时"mm"分"`, 33: `h"时"mm"分"ss"秒"`, 34: `上午/下午h"时"mm"分"`, 35: `上午/下午h"时"mm"分"ss"秒"`,
	36: `yyyy"年"m"月"`,
	37: `#,##0 ;(#,##0)`, 38: `#,##0 ;[Red](#,##0)`, 39: `#,##0.00;(#,##0.00)`, 40: `#,##0.00;[Red](#,##0.00)`,
	41: `_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`, 42: `_("¥"* #,##0_);_("¥"* \(#,##0\);_("¥"* "-"_);_(@_)`,
	43: `_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)`, 44: `_("¥"* #,##0.00_);_("¥"* \(#,##0.00\);_("¥"* "-"??_);_(@_)`,
	45: "mm:ss", 46: "[h]:mm:ss", 47: "mm:ss.0", 48: "##0.0E+0", 49: "@",
	50: `yyyy"年"m"月"`, 51: `m"月"d"日"`, 52: `yyyy"年"m"月"`, 53: `m"月"d"日"`, 54: `m"月"d"日"`,
	55: `上午/下午h"时"mm"分"`, 56: `上午/下午h"时"mm"分"ss"秒"`, 57: `yyyy"年"m"月"`, 58: `m"月"d"日"`,
}

// Builtin returns the code of a built-in format id, one a workbook may give
// a cell style without defining it, as a zh-CN Excel shows it: 9 is "0%",
// 14 is "yyyy/m/d". It reports false for an id that is not built in.
func Builtin(id int) (code string, ok bool) {
	code, ok = builtins[id]
	return code, ok
}

// longDate and longTime are the zh-CN system long date and time, what
// [$-F800] and [$-F400] ask for.
const (
	longDate = `yyyy"年"m"月"d"日"`
	longTime = "h:mm:ss"
)

// tokenKind is the kind of one token of a number format.
type tokenKind uint8

const (
	tLit     tokenKind = iota // literal text
	tDigit                    // 0 # ?
	tPoint                    // the decimal point
	tPercent                  // %, shown and multiplying by 100
	tExp                      // E+ E-
	tText                     // @
	tGeneral                  // General inside a section
	tYear                     // y yy yyyy e
	tMonth                    // m mm mmm mmmm mmmmm
	tDay                      // d dd ddd dddd
	tWeekday                  // aaa aaaa: 一, 星期一
	tHour                     // h hh
	tMinute                   // m mm after an hour or before a second
	tSecond                   // s ss
	tSubsec                   // .0 .00 .000 after seconds
	tAMPM                     // AM/PM A/P 上午/下午
	tElapsed                  // [h] [m] [s]
)

// token is one token of a section of a format code.
type token struct {
	kind tokenKind
	// text is the literal text; the placeholder (0 # ?); the AM/PM form;
	// E+ or E-; the unit of an elapsed time (h m s).
	text string
	// run is the letters of a date or time part (yyyy is 4, mmm 3), the
	// digits of fractions of a second; -1 marks a comma not yet resolved.
	run int
}

// section is one ;-separated section of a format.
type section struct {
	tokens   []token
	date     bool // a date or time format
	number   bool // has digit placeholders
	general  bool
	text     bool  // has @
	exp      bool  // has E+ or E-
	fraction bool  // # ?/?: shown as a decimal
	grouping bool  // a , between digit placeholders
	percent  int   // % signs
	scale    int   // commas after the last digit placeholder: ÷1000 each
	intIdx   []int // the digit placeholders of the integer part
	fracIdx  []int // of the fraction
	expIdx   []int // of the exponent
	ampm     bool
	subsec   int // digits of fractions of a second
}

// Format is a parsed number format code, ready to show numbers and text
// through. It is safe for concurrent use.
type Format struct {
	sections []section
}

// maxCodeLen is the longest format code read; Excel takes 255 characters.
const maxCodeLen = 255

// Parse parses a format code: "0.00%", `#,##0"人次"`, "yyyy/m/d". It
// never fails: what it does not know is shown as literal text, as Excel
// shows characters it does not give a meaning to. A code longer than Excel
// allows is General.
func Parse(code string) *Format {
	f := &Format{}
	if utf8.RuneCountInString(code) > maxCodeLen {
		code = "General"
	}
	for _, s := range splitSections(code) {
		f.sections = append(f.sections, parseSection(s))
		if len(f.sections) == 4 {
			break
		}
	}
	if len(f.sections) == 0 {
		f.sections = []section{{general: true, tokens: []token{{kind: tGeneral}}}}
	}
	return f
}

// splitSections splits a code at the semicolons outside quotes and
// brackets and not escaped.
func splitSections(code string) []string {
	var out []string
	start, quoted, bracket := 0, false, false
	for i := 0; i < len(code); i++ {
		switch c := code[i]; {
		case quoted:
			quoted = c != '"'
		case c == '"':
			quoted = true
		case bracket:
			bracket = c != ']'
		case c == '[':
			bracket = true
		case c == '\\' || c == '_' || c == '*':
			i++ // the next character is its argument
		case c == ';':
			out = append(out, code[start:i])
			start = i + 1
		}
	}
	return append(out, code[start:])
}

// parseSection tokenizes one section and works out its layout.
func parseSection(code string) section {
	// [$-F800] and [$-F400] ask for the system's long date and time, the
	// rest of the section being what they look like in English.
	switch lower := strings.ToLower(code); {
	case strings.Contains(lower, "[$-f800]"):
		code = longDate
	case strings.Contains(lower, "[$-f400]"):
		code = longTime
	}
	var s section
	lit := func(t string) {
		if n := len(s.tokens); n > 0 && s.tokens[n-1].kind == tLit && s.tokens[n-1].run == 0 {
			s.tokens[n-1].text += t
			return
		}
		s.tokens = append(s.tokens, token{kind: tLit, text: t})
	}
	run := func(i int, lower byte) int { // length of a run of one letter
		n := 0
		for i+n < len(code) && code[i+n]|0x20 == lower {
			n++
		}
		return n
	}
	for i := 0; i < len(code); {
		c := code[i]
		switch {
		case c == '"':
			end := strings.IndexByte(code[i+1:], '"')
			if end < 0 {
				end = len(code) - i - 1
			}
			lit(code[i+1 : i+1+end])
			i += end + 2
			continue
		case c == '\\' || c == '!':
			if i+1 < len(code) {
				r := runeAt(code, i+1)
				lit(r)
				i += 1 + len(r)
				continue
			}
		case c == '_': // a space the width of the next character
			if i+1 < len(code) {
				lit(" ")
				i += 1 + len(runeAt(code, i+1))
				continue
			}
		case c == '*': // repeat the next character to fill the cell: nothing
			if i+1 < len(code) {
				i += 1 + len(runeAt(code, i+1))
				continue
			}
		case c == '[':
			end := strings.IndexByte(code[i:], ']')
			if end < 0 { // a bracket left open runs to the end of the code
				end = len(code) - i
			}
			s.bracket(code[i+1:i+end], lit)
			i += end + 1
			continue
		case c == '0' || c == '#' || c == '?':
			s.tokens = append(s.tokens, token{kind: tDigit, text: code[i : i+1]})
			s.number = true
			i++
			continue
		case c == '.':
			if n := len(s.tokens); n > 0 && (s.tokens[n-1].kind == tSecond) && i+1 < len(code) && code[i+1] == '0' {
				k := run(i+1, '0')
				s.tokens = append(s.tokens, token{kind: tSubsec, run: k})
				s.subsec = k
				i += 1 + k
				continue
			}
			s.tokens = append(s.tokens, token{kind: tPoint})
			i++
			continue
		case c == ',':
			s.tokens = append(s.tokens, token{kind: tLit, text: ",", run: -1}) // resolved below
			i++
			continue
		case c == '%':
			s.tokens = append(s.tokens, token{kind: tPercent})
			s.percent++
			i++
			continue
		case (c == 'E' || c == 'e') && i+1 < len(code) && (code[i+1] == '+' || code[i+1] == '-'):
			s.tokens = append(s.tokens, token{kind: tExp, text: code[i : i+2]})
			i += 2
			continue
		case c == '@':
			s.tokens = append(s.tokens, token{kind: tText})
			s.text = true
			i++
			continue
		case c == '/' && s.number && strings.ContainsAny(code[i+1:], "0#?"):
			s.fraction = true
		case len(code)-i >= 7 && strings.EqualFold(code[i:i+7], "General"):
			s.tokens = append(s.tokens, token{kind: tGeneral})
			s.general = true
			i += 7
			continue
		case strings.HasPrefix(code[i:], "G/通用格式"): // General as a Chinese Excel saves custom formats
			s.tokens = append(s.tokens, token{kind: tGeneral})
			s.general = true
			i += len("G/通用格式")
			continue
		case len(code)-i >= 5 && strings.EqualFold(code[i:i+5], "AM/PM"):
			s.tokens = append(s.tokens, token{kind: tAMPM, text: "AM/PM"})
			s.ampm = true
			i += 5
			continue
		case len(code)-i >= 3 && strings.EqualFold(code[i:i+3], "A/P"):
			s.tokens = append(s.tokens, token{kind: tAMPM, text: code[i : i+3]})
			s.ampm = true
			i += 3
			continue
		case strings.HasPrefix(code[i:], "上午/下午"):
			s.tokens = append(s.tokens, token{kind: tAMPM, text: "上午/下午"})
			s.ampm = true
			i += len("上午/下午")
			continue
		case c|0x20 == 'y', c|0x20 == 'e', c|0x20 == 'm', c|0x20 == 'd', c|0x20 == 'h', c|0x20 == 's',
			c|0x20 == 'a' && run(i, 'a') >= 3:
			n := run(i, c|0x20)
			t := token{kind: dateParts[c|0x20], run: n}
			if c|0x20 == 'e' { // the year in full
				t.run = 4
			}
			s.tokens = append(s.tokens, t)
			i += n
			continue
		}
		r := runeAt(code, i) // anything else is shown as it is
		lit(r)
		i += len(r)
	}
	s.resolve()
	return s
}

// dateParts are the letters of date and time parts.
var dateParts = map[byte]tokenKind{'y': tYear, 'e': tYear, 'm': tMonth, 'd': tDay, 'h': tHour, 's': tSecond, 'a': tWeekday}

// bracket reads a [...] part of a section.
func (s *section) bracket(b string, lit func(string)) {
	switch lower := strings.ToLower(b); {
	case lower == "h" || lower == "hh" || lower == "m" || lower == "mm" || lower == "s" || lower == "ss":
		s.tokens = append(s.tokens, token{kind: tElapsed, text: lower[:1], run: len(lower)})
	case strings.HasPrefix(b, "$"): // [$¥-804]: a currency symbol, then a locale
		sym, _, _ := strings.Cut(b[1:], "-")
		if sym != "" {
			lit(sym)
		}
	}
	// Colors, conditions, [DBNum1] and locales change no text here.
}

// resolve works out what the commas, the m's and the placeholders mean.
func (s *section) resolve() {
	for _, t := range s.tokens {
		switch t.kind {
		case tYear, tMonth, tDay, tWeekday, tHour, tSecond, tAMPM, tElapsed:
			s.date = true
		}
	}
	if s.date {
		s.resolveDate()
		return
	}
	point, exp := -1, -1
	for i, t := range s.tokens {
		switch {
		case t.kind == tPoint && point < 0 && exp < 0 && !s.fraction:
			point = i
		case t.kind == tExp && exp < 0:
			exp = i
			s.exp = true
		}
	}
	for i, t := range s.tokens {
		if t.kind != tDigit {
			continue
		}
		switch {
		case exp >= 0 && i > exp:
			s.expIdx = append(s.expIdx, i)
		case point >= 0 && i > point:
			s.fracIdx = append(s.fracIdx, i)
		default:
			s.intIdx = append(s.intIdx, i)
		}
	}
	// Commas: between two placeholders of the integer part they group
	// thousands; right after its last placeholder each divides by 1000;
	// elsewhere they are text.
	lastInt, lastFrac := -1, -1
	if n := len(s.intIdx); n > 0 {
		lastInt = s.intIdx[n-1]
	}
	if n := len(s.fracIdx); n > 0 {
		lastFrac = s.fracIdx[n-1]
	}
	for i := range s.tokens {
		t := &s.tokens[i]
		if t.kind != tLit || t.run != -1 {
			continue
		}
		t.run = 0
		switch {
		case len(s.intIdx) > 0 && i > s.intIdx[0] && i < lastInt:
			s.grouping, t.text = true, ""
		case lastInt >= 0 && i > lastInt && s.commasOnly(lastInt+1, i),
			lastFrac >= 0 && i > lastFrac && s.commasOnly(lastFrac+1, i):
			s.scale++
			t.text = ""
		}
	}
}

// commasOnly reports whether the tokens [a, b) are all commas (or commas
// already taken as scaling).
func (s *section) commasOnly(a, b int) bool {
	for j := a; j < b; j++ {
		if t := s.tokens[j]; t.kind != tLit || (t.text != "," && t.text != "") {
			return false
		}
	}
	return true
}

// resolveDate tells minutes from months and turns the number tokens of a
// date section into text.
func (s *section) resolveDate() {
	var prev token
	for i := range s.tokens {
		t := &s.tokens[i]
		switch t.kind {
		case tLit:
			t.run = 0
			continue
		case tDigit, tPoint, tPercent:
			text := map[tokenKind]string{tPoint: ".", tPercent: "%"}[t.kind]
			if t.kind == tDigit {
				text = t.text
			}
			*t = token{kind: tLit, text: text}
			continue
		case tMonth: // m is a minute after an hour or before a second
			if t.run <= 2 && (prev.kind == tHour || (prev.kind == tElapsed && prev.text == "h") || s.secondFollows(i)) {
				t.kind = tMinute
			}
		}
		prev = *t
	}
	s.number, s.percent = false, 0
}

// secondFollows reports whether the next date or time part after i is a
// second.
func (s *section) secondFollows(i int) bool {
	for _, t := range s.tokens[i+1:] {
		switch t.kind {
		case tLit, tPoint, tDigit, tPercent:
			continue
		}
		return t.kind == tSecond || (t.kind == tElapsed && t.text == "s")
	}
	return false
}

func runeAt(s string, i int) string {
	for j := i + 1; j <= len(s); j++ {
		if j == len(s) || s[j]&0xC0 != 0x80 {
			return s[i:j]
		}
	}
	return s[i:]
}

// Number returns a stored number, raw (the decimal text of a cell's <v>),
// as the format shows it; a serial date counts from 1904-01-01 when
// date1904 is set (the workbook's date1904 property), else from 1900. A raw
// that is not a number is returned as it is.
func (f *Format) Number(raw string, date1904 bool) string {
	if f.sections[0].general && len(f.sections) == 1 && len(f.sections[0].tokens) == 1 {
		if s, ok := plainGeneral(raw); ok {
			return s
		}
	}
	d, err := decimal.NewFromString(raw)
	if err != nil || d.Sign() != 0 && (magnitude(d) > 308 || magnitude(d) < -330) {
		return raw // not a number a workbook can hold
	}
	d = excelPrecision(d)
	s, neg := &f.sections[0], false
	switch {
	case d.Sign() < 0 && len(f.sections) >= 2 && !f.sections[1].text:
		s, d = &f.sections[1], d.Neg()
	case d.Sign() == 0 && len(f.sections) >= 3 && !f.sections[2].text:
		s = &f.sections[2]
	case d.Sign() < 0:
		neg, d = true, d.Neg()
	}
	var out string
	switch {
	case s.date:
		var ok bool
		if out, ok = s.formatDate(d, date1904); !ok || neg {
			return general(d, neg)
		}
		return out
	case s.general:
		out = s.literals(func(_ int, t token) string {
			if t.kind == tGeneral {
				return general(d, false)
			}
			return ""
		})
	case s.text && !s.number: // a number under @ shows as General
		out = general(d, false)
	case s.number && !s.fraction:
		var zero bool
		out, zero = s.formatDecimal(d)
		neg = neg && !zero
	case s.number: // a fraction: shown as a decimal
		out = general(d, false)
	default: // text only: the section shows its text instead of the number
		out = s.literals(func(int, token) string { return "" })
	}
	if neg {
		return "-" + out
	}
	return out
}

// Text returns a text cell as the format shows it: through the @ of the
// fourth section (or of a lone text section), else as it is.
func (f *Format) Text(text string) string {
	var s *section
	switch {
	case len(f.sections) == 4:
		s = &f.sections[3]
	case len(f.sections) == 1 && f.sections[0].text:
		s = &f.sections[0]
	default:
		return text
	}
	if !s.text {
		return text
	}
	return s.literals(func(_ int, t token) string {
		if t.kind == tText {
			return text
		}
		return ""
	})
}

// literals renders a section's literal text and percent signs, asking
// fill for what its other tokens (the i-th of them, t) show.
func (s *section) literals(fill func(i int, t token) string) string {
	var b strings.Builder
	for i, t := range s.tokens {
		switch t.kind {
		case tLit:
			b.WriteString(t.text)
		case tPercent:
			b.WriteByte('%')
		default:
			b.WriteString(fill(i, t))
		}
	}
	return b.String()
}

// formatDecimal renders d (not negative) through a number section. It
// reports whether the shown number is zero, so that no minus sign is put
// in front of it.
func (s *section) formatDecimal(d decimal.Decimal) (string, bool) {
	d = d.Shift(int32(2*s.percent - 3*s.scale))
	places := int32(len(s.fracIdx))
	var expText string
	if s.exp {
		var e int
		d, e = mantissa(d, max(len(s.intIdx), 1), int(places))
		expText = s.exponent(e)
	}
	d = d.Round(places)
	intDigits, fracDigits, _ := strings.Cut(d.StringFixed(places), ".")
	if intDigits == "0" {
		intDigits = ""
	}
	fill := make([]string, len(s.tokens))
	if s.grouping {
		zeros := 0
		for _, i := range s.intIdx {
			if s.tokens[i].text == "0" {
				zeros++
			}
		}
		fill[s.intIdx[0]] = group(strings.Repeat("0", max(zeros-len(intDigits), 0)) + intDigits)
	} else {
		// From the right, one digit a placeholder; the leftmost takes
		// whatever digits are left.
		rest := intDigits
		for k := len(s.intIdx) - 1; k >= 0; k-- {
			i := s.intIdx[k]
			switch {
			case k == 0 && rest != "":
				fill[i] = rest
			case rest != "":
				fill[i], rest = rest[len(rest)-1:], rest[:len(rest)-1]
			default:
				fill[i] = pad(s.tokens[i].text)
			}
		}
	}
	// From the left, one digit a placeholder; trailing zeros are dropped
	// under #, turned into spaces under ?.
	for k, i := range s.fracIdx {
		fill[i] = fracDigits[k : k+1]
	}
	for k := len(s.fracIdx) - 1; k >= 0; k-- {
		i := s.fracIdx[k]
		if fill[i] != "0" || s.tokens[i].text == "0" {
			break
		}
		fill[i] = pad(s.tokens[i].text)
	}
	return s.literals(func(i int, t token) string {
		switch t.kind {
		case tDigit:
			return fill[i]
		case tPoint:
			return "."
		case tExp:
			return expText
		}
		return ""
	}), d.Sign() == 0
}

// exponent renders the exponent e as the E+ or E- token and the zeros
// after it ask: E+05, E-3.
func (s *section) exponent(e int) string {
	sign := ""
	for _, t := range s.tokens {
		if t.kind == tExp && t.text[1] == '+' {
			sign = "+"
		}
	}
	if e < 0 {
		sign, e = "-", -e
	}
	zeros := 0
	for _, i := range s.expIdx {
		if s.tokens[i].text == "0" {
			zeros++
		}
	}
	n := strconv.Itoa(e)
	return "E" + sign + strings.Repeat("0", max(zeros-len(n), 0)) + n
}

// mantissa returns d (not negative) as a mantissa rounded to frac places
// and an exponent that is a multiple of step: one digit before the point
// for step 1, one to three for the engineering ##0.0E+0.
func mantissa(d decimal.Decimal, step, frac int) (decimal.Decimal, int) {
	if d.Sign() == 0 {
		return d, 0
	}
	mag := magnitude(d)
	e := mag - ((mag%step)+step)%step
	m := d.Shift(int32(-e)).Round(int32(frac))
	if magnitude(m) >= step { // rounding carried into another digit
		e += step
		m = d.Shift(int32(-e)).Round(int32(frac))
	}
	return m, e
}

// magnitude returns floor(log10(d)) of a non-zero d.
func magnitude(d decimal.Decimal) int {
	c := d.Coefficient()
	return len(c.Abs(c).String()) - 1 + int(d.Exponent())
}

func pad(ph string) string {
	switch ph {
	case "0":
		return "0"
	case "?":
		return " "
	}
	return ""
}

// group puts thousands separators into a string of digits.
func group(digits string) string {
	if len(digits) <= 3 {
		return digits
	}
	var b strings.Builder
	head := len(digits) % 3
	if head > 0 {
		b.WriteString(digits[:head])
	}
	for i := head; i < len(digits); i += 3 {
		if b.Len() > 0 {
			b.WriteByte(',')
		}
		b.WriteString(digits[i : i+3])
	}
	return b.String()
}

// excelPrecision rounds d to the 15 significant digits Excel keeps.
func excelPrecision(d decimal.Decimal) decimal.Decimal {
	if d.Sign() == 0 {
		return d
	}
	return d.Round(int32(14 - magnitude(d)))
}

// plainGeneral is General for the common case: a plain decimal of at most
// 11 integer and 15 significant digits, shown as it is stored.
func plainGeneral(raw string) (string, bool) {
	s := raw
	if strings.HasPrefix(s, "-") {
		s = s[1:]
	}
	intPart, frac, hasPoint := strings.Cut(s, ".")
	if intPart == "" || len(intPart) > 11 || len(intPart)+len(frac) > 15 {
		return "", false
	}
	if len(intPart) > 1 && intPart[0] == '0' {
		return "", false
	}
	for i := 0; i < len(s); i++ {
		if (s[i] < '0' || s[i] > '9') && s[i] != '.' {
			return "", false
		}
	}
	if hasPoint {
		frac = strings.TrimRight(frac, "0")
		if frac == "" {
			if intPart == "0" {
				return "0", true
			}
			return raw[:len(raw)-len(s)] + intPart, true
		}
	}
	if raw == "-0" {
		return "0", true
	}
	return raw[:len(raw)-len(s)+len(intPart)] + dotFrac(frac), true
}

func dotFrac(frac string) string {
	if frac == "" {
		return ""
	}
	return "." + frac
}

// general renders d as Excel's General format does: plainly, up to 15
// significant digits, in scientific notation (1.23457E+11) when the integer
// part has 12 digits or more or the number is smaller than 1E-9.
func general(d decimal.Decimal, neg bool) string {
	d = excelPrecision(d)
	sign := ""
	if neg || d.Sign() < 0 {
		sign = "-"
		d = d.Abs()
	}
	if d.Sign() == 0 {
		return "0"
	}
	if m := magnitude(d); m >= 11 || m < -9 {
		mant, e := mantissa(d, 1, 5)
		es := "+"
		if e < 0 {
			es, e = "-", -e
		}
		return sign + mant.String() + "E" + es + twoDigits(e)
	}
	return sign + d.String()
}

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// Serial dates: day 1 is 1900-01-01 in the 1900 system (day 60 is the
// 1900-02-29 that Lotus had and Excel keeps), day 0 is 1904-01-01 in the
// 1904 system. 2958465 is 9999-12-31, the last day Excel shows.
var (
	epoch1900 = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	epoch1904 = time.Date(1904, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay   = decimal.NewFromInt(2958466)
	msPerDay  = decimal.NewFromInt(86400000)
)

// ISOSerial turns an ISO 8601 date ("2024-12-31", "2024-06-28T18:30:00Z"),
// as strict OOXML may store a date cell, into the serial a number cell
// would hold, to the millisecond, for Number to show. It reports false for
// text that is no such date.
func ISOSerial(v string, date1904 bool) (string, bool) {
	var t time.Time
	var err error
	for _, layout := range []string{"2006-01-02T15:04:05.999999999", time.RFC3339Nano, "2006-01-02"} {
		if t, err = time.Parse(layout, v); err == nil {
			break
		}
	}
	if err != nil {
		return "", false
	}
	epoch := epoch1900
	if date1904 {
		epoch = epoch1904
	}
	// In seconds from the epoch, not t.Sub: a Duration ends 292 years on.
	ms := (t.Unix()-epoch.Unix())*1000 + int64(t.Nanosecond()/1e6)
	days := decimal.NewFromInt(ms).Div(msPerDay)
	if !date1904 && t.Before(time.Date(1900, 3, 1, 0, 0, 0, 0, time.UTC)) {
		days = days.Sub(decimal.NewFromInt(1)) // Excel's 1900-02-29
	}
	return days.String(), true
}

var (
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	dayNames   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	zhDayNames = []string{"日", "一", "二", "三", "四", "五", "六"}
)

// formatDate renders a serial date through a date section. It reports
// false for a serial Excel cannot show as a date (negative, past 9999).
func (s *section) formatDate(d decimal.Decimal, date1904 bool) (string, bool) {
	if d.Sign() < 0 || d.Cmp(lastDay) >= 0 {
		return "", false
	}
	days := d.IntPart()
	ms := d.Sub(decimal.NewFromInt(days)).Mul(msPerDay).Round(0).IntPart()
	if s.subsec == 0 {
		ms = (ms + 500) / 1000 * 1000
	} else {
		unit := int64(1000)
		for range min(s.subsec, 3) { // to the millisecond at most, as shown
			unit /= 10
		}
		ms = (ms + unit/2) / unit * unit
	}
	if ms >= 86400000 {
		days++
		ms -= 86400000
	}
	var y, mo, dd, wd int
	switch {
	case date1904:
		t := epoch1904.AddDate(0, 0, int(days))
		y, mo, dd, wd = t.Year(), int(t.Month()), t.Day(), int(t.Weekday())
	case days == 0: // Excel shows 1900-01-00
		y, mo, dd, wd = 1900, 1, 0, 6
	case days == 60:
		y, mo, dd, wd = 1900, 2, 29, 3
	default:
		shift := days
		if days < 60 { // before the 1900-02-29 that never was
			shift++
		}
		t := epoch1900.AddDate(0, 0, int(shift))
		y, mo, dd, wd = t.Year(), int(t.Month()), t.Day(), int(t.Weekday())
	}
	secs := ms / 1000
	h, mi, sec := int(secs/3600), int(secs/60%60), int(secs%60)
	return s.literals(func(_ int, t token) string {
		switch t.kind {
		case tYear:
			if t.run <= 2 {
				return twoDigits(y % 100)
			}
			return strconv.Itoa(y)
		case tMonth:
			return numberOrName(mo, t.run, monthNames[mo-1])
		case tDay: // d dd: the day of the month; ddd dddd: of the week
			return numberOrName(dd, min(t.run, 4), dayNames[wd])
		case tWeekday:
			if t.run >= 4 {
				return "星期" + zhDayNames[wd]
			}
			return zhDayNames[wd]
		case tHour:
			hh := h
			if s.ampm {
				hh = (h+11)%12 + 1
			}
			return num(hh, t.run)
		case tMinute:
			return num(mi, t.run)
		case tSecond:
			return num(sec, t.run)
		case tSubsec:
			frac := strconv.Itoa(int(ms%1000) + 1000)[1:]
			return "." + frac[:min(t.run, 3)]
		case tAMPM:
			am, pm, _ := strings.Cut(t.text, "/")
			if h < 12 {
				return am
			}
			return pm
		case tElapsed:
			total := days*86400 + secs
			switch t.text {
			case "h":
				return num(int(total/3600), t.run)
			case "m":
				return num(int(total/60), t.run)
			}
			return num(int(total), t.run)
		}
		return ""
	}), true
}

// numberOrName writes a month or a day as m d (its number), mm dd (two
// digits), mmm ddd (its name cut to three letters), mmmm dddd (its name)
// or mmmmm (its initial) ask.
func numberOrName(n, width int, name string) string {
	switch width {
	case 1, 2:
		return num(n, width)
	case 3:
		return name[:3]
	case 5:
		return name[:1]
	}
	return name
}

// num writes n with at least width digits.
func num(n, width int) string {
	if width >= 2 {
		return twoDigits(n)
	}
	return strconv.Itoa(n)
}
