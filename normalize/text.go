// Package normalize turns the text of a form's cells into values: canonical
// text (Text), exact numbers (Number), amounts of money (Amount) and
// indicator values with their operator and unit (ParseValue). Every function
// is a pure function of its input strings.
//
// The steps of Text are also exposed on their own: Compat and Space.
package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Text returns s in the output contract's canonical form: Compat, then Space.
func Text(s string) string {
	if canonical(s) {
		return s
	}
	return Space(Compat(s))
}

// canonical reports, in one pass, whether s is already in the form Text
// returns, for the common case: ASCII, CJK ideographs and the marks forms
// use, single spaces that are neither at an end nor between two CJK
// characters. It may report false for some canonical strings.
func canonical(s string) bool {
	var prev rune = ' ' // a space at the start is not canonical
	spaceAfterCJK := false
	for _, r := range s {
		switch {
		case r == ' ':
			if prev == ' ' {
				return false
			}
			spaceAfterCJK = isCJK(prev)
		case r < 0x20 || r == 0x7F:
			return false
		case r < 0x80:
		case (r >= 0x4E00 && r <= 0x9FFF) || stableMark(r):
			if prev == ' ' && spaceAfterCJK && isCJK(r) {
				return false
			}
		default:
			return false
		}
		prev = r
	}
	return prev != ' ' || s == ""
}

// keep reports whether NFKC must leave r alone.
func keep(r rune) bool {
	return (r >= 0x2460 && r <= 0x24FF) || (r >= 0x3251 && r <= 0x32BF) || (r >= 0x3380 && r <= 0x33FF)
}

// dropped reports whether r carries nothing: a format character, or a
// control character that is not white space.
func dropped(r rune) bool {
	switch {
	case r < 0x20:
		return !unicode.IsSpace(r)
	case r < 0x7F:
		return false
	case r <= 0x9F:
		return !unicode.IsSpace(r) // DEL and the C1 controls, NEL aside
	}
	return r < 0x10000 && unicode.Is(unicode.Cf, r)
}

// Compat returns s folded by the contract's compatibility rule: Unicode
// NFKC, except that enclosed numerals and letters (U+2460–U+24FF, U+3251–U+32BF) and squared
// unit symbols (U+3380–U+33FF) keep their form, and CJK Radicals Supplement
// characters that stand for an ideograph (⻓ U+2ED3) become that ideograph
// (长), which NFKC leaves alone. Zero-width and other format characters
// (U+200B, U+FEFF, the soft hyphen) and control characters other than white
// space are removed first, so that NFKC sees the characters they separated
// side by side and its result stays normalized.
func Compat(s string) string {
	stable, mapped, kept := true, false, false
	for _, r := range s {
		if r < 0x80 && !dropped(r) {
			continue
		}
		// CJK Unified Ideographs, ASCII and the marks forms use most are
		// their own NFKC form; most cells of a form hold nothing else.
		if (r < 0x4E00 || r > 0x9FFF) && !stableMark(r) {
			stable = false
			mapped = mapped || dropped(r) || (r >= 0x2E80 && r <= 0x2EFF)
			kept = kept || keep(r)
		}
	}
	if stable {
		return s
	}
	if mapped {
		// Drop what carries nothing and map the radicals first.
		s = strings.Map(func(r rune) rune {
			if dropped(r) {
				return -1
			}
			if to, ok := radicals[r]; ok {
				return to
			}
			return r
		}, s)
	}
	if !kept {
		return norm.NFKC.String(s)
	}
	// NFKC around the characters it must leave alone. They are starters,
	// so no reordering or composition crosses them.
	var b strings.Builder
	b.Grow(len(s))
	start := 0 // start of the run NFKC may fold
	for i, r := range s {
		if keep(r) {
			b.WriteString(norm.NFKC.String(s[start:i]))
			b.WriteRune(r)
			start = i + utf8.RuneLen(r)
		}
	}
	b.WriteString(norm.NFKC.String(s[start:]))
	return b.String()
}

// stableMark reports whether r is one of the marks common in forms that
// NFKC leaves as they are: ≥ ≤ 、 。 《 》 【 】 “ ” ‘ ’ — ·.
func stableMark(r rune) bool {
	switch r {
	case '≥', '≤', '、', '。', '《', '》', '【', '】', '“', '”', '‘', '’', '—', '·':
		return true
	}
	return false
}

// isCJK reports whether r is a CJK character for the white-space rule: an
// ideograph, kana, hangul or CJK punctuation (、。《》【】).
func isCJK(r rune) bool {
	switch {
	case r < 0x2E80:
		return false
	case r <= 0x9FFF: // radicals, CJK punctuation, kana, bopomofo, ideographs
		return true
	case r >= 0xAC00 && r <= 0xD7AF, r >= 0xF900 && r <= 0xFAFF, r >= 0xFE30 && r <= 0xFE4F,
		r >= 0xFF00 && r <= 0xFFEF, r >= 0x20000 && r <= 0x3FFFF:
		return true
	}
	return false
}

// Space returns s by the contract's white-space rule: trimmed, with no
// white space between two CJK characters, every other run of white space
// folded to one space.
func Space(s string) string {
	// Fast path: no run to fold, nothing to trim.
	fast := true
	prevSpace := true // at the start, a space would need trimming
	for _, r := range s {
		isSpace := unicode.IsSpace(r)
		if isSpace && (prevSpace || r != ' ') || (r < 0x20 || r == 0x7F) {
			fast = false
			break
		}
		prevSpace = isSpace
	}
	if fast && !prevSpace {
		if !strings.Contains(s, " ") {
			return s
		}
		fast = !spaceBetweenCJK(s)
		if fast {
			return s
		}
	}
	var b strings.Builder
	b.Grow(len(s))
	var last rune    // last rune written
	pending := false // a run of white space waits
	for _, r := range s {
		if unicode.IsSpace(r) {
			pending = b.Len() > 0
			continue
		}
		if r < 0x20 || r == 0x7F {
			continue // other control characters carry nothing
		}
		if pending && !(isCJK(last) && isCJK(r)) {
			b.WriteByte(' ')
		}
		pending = false
		b.WriteRune(r)
		last = r
	}
	return b.String()
}

// spaceBetweenCJK reports whether a single space in s stands between two
// CJK characters.
func spaceBetweenCJK(s string) bool {
	for i := strings.IndexByte(s, ' '); i >= 0; {
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+1:])
		if isCJK(before) && isCJK(after) {
			return true
		}
		j := strings.IndexByte(s[i+1:], ' ')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return false
}

// StripParens returns s without its parenthesized parts (after Text, whose
// parentheses are ASCII): "结余率(计算方法为:结余数/预算数)" is "结余率",
// "产出(工作量)指标" is "产出指标". An unclosed "(" runs to the end.
func StripParens(s string) string {
	if !strings.ContainsRune(s, '(') {
		return s
	}
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}
