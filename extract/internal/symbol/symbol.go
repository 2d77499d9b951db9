// Package symbol maps the characters of the symbol fonts forms are typed
// in (Symbol, Wingdings) to Unicode: the ★ that marks a core indicator,
// the ≥ and ≤ of a target, the boxes and ticks of check-box answers. Word
// inserts them as a font's own codes (0x00–0xFF, or U+F000–U+F0FF as Word
// and LibreOffice store them in Unicode text); without the font, those
// codes mean nothing.
//
// It is the DOCX reader's table (extract/docx), shared by the .doc and
// HTML readers, so that a symbol reads the same in every format.
package symbol

import "strings"

// Font reports whether a font name is one of the symbol fonts Char maps,
// and returns its name in lower case.
func Font(name string) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(name), `"'`)))
	return n, n == "symbol" || n == "wingdings"
}

// Char returns character c of a font: the Unicode of a symbol font's
// character, c itself in any other font, "" for a symbol font's glyph
// whose meaning is not known.
func Char(font string, c uint64) string {
	private := c >= 0xF000 && c <= 0xF0FF
	if private {
		c -= 0xF000
	}
	switch strings.ToLower(strings.TrimSpace(font)) {
	case "symbol":
		if s := symbolFont(c); s != "" {
			return s
		}
	case "wingdings":
		if s, ok := wingdingsFont[c]; ok {
			return s
		}
	}
	if private || c < 0x20 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF) || (c >= 0xE000 && c <= 0xF8FF) {
		return "" // a glyph of a symbol font with no Unicode meaning known
	}
	return string(rune(c))
}

// symbolFont maps the Symbol font's encoding to Unicode: ASCII where it
// agrees, Greek letters, and the mathematical signs forms use.
func symbolFont(c uint64) string {
	const greekUpper = "ΑΒΧΔΕΦΓΗΙϑΚΛΜΝΟΠΘΡΣΤΥςΩΞΨΖ"
	const greekLower = "αβχδεφγηιϕκλμνοπθρστυϖωξψζ"
	switch {
	case c >= 'A' && c <= 'Z':
		return string([]rune(greekUpper)[c-'A'])
	case c >= 'a' && c <= 'z':
		return string([]rune(greekLower)[c-'a'])
	case c >= '0' && c <= '9', strings.ContainsRune(" !#%&()+,./:;<=>?[]_|{}", rune(c)):
		return string(rune(c))
	}
	return symbolSigns[c]
}

var symbolSigns = map[uint64]string{
	0x22: "∀", 0x24: "∃", 0x27: "∋", 0x2A: "∗", 0x2D: "−", 0x40: "≅",
	0xA2: "′", 0xA3: "≤", 0xA5: "∞", 0xAB: "↔", 0xAC: "←", 0xAD: "↑", 0xAE: "→", 0xAF: "↓",
	0xB0: "°", 0xB1: "±", 0xB2: "″", 0xB3: "≥", 0xB4: "×", 0xB7: "•", 0xB8: "÷", 0xB9: "≠",
	0xBA: "≡", 0xBB: "≈", 0xBC: "…", 0xD6: "√", 0xD7: "⋅",
}

// wingdingsFont maps the Wingdings characters forms use: stars that mark
// core indicators, boxes and ticks of check-box answers, bullets.
var wingdingsFont = map[uint64]string{
	0x6C: "●", 0x6E: "■", 0x6F: "□", 0x75: "◆", 0x9F: "•", 0xA1: "○", 0xA7: "▪", 0xA8: "◻",
	0xAB: "★", 0xFB: "✗", 0xFC: "✓", 0xFD: "☒", 0xFE: "☑",
}
