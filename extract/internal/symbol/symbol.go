// Package symbol maps the characters of the symbol fonts forms are typed
// in (Symbol, Wingdings) to Unicode: the ★ that marks a core indicator,
// the ≥ and ≤ of a target, the boxes and ticks of check-box answers. Word
// inserts them as a font's own codes (0x00–0xFF, or U+F000–U+F0FF as Word
// and LibreOffice store them in Unicode text); without the font, those
// codes mean nothing.
//
// It is the DOCX reader's table (extract/docx), shared by the .doc, HTML
// and PDF readers, so that a symbol reads the same in every format. A PDF
// names its fonts otherwise (a subset's tag, a style: "ABCDEF+Wingdings-
// Regular", "SymbolMT"), and LibreOffice prints both fonts' characters in
// its own OpenSymbol: Family and Map read those.
package symbol

import "strings"

// Font reports whether a font name is one of the symbol fonts Char maps,
// and returns its name in lower case.
func Font(name string) (string, bool) {
	n := strings.ToLower(strings.TrimSpace(strings.Trim(strings.TrimSpace(name), `"'`)))
	return n, n == "symbol" || n == "wingdings"
}

// Font families a font name may belong to.
const (
	// Symbol is Adobe's and Microsoft's Symbol: Greek letters and the
	// mathematical signs (≥ at 0xB3, ≤ at 0xA3).
	Symbol = "symbol"
	// Wingdings is Microsoft's Wingdings: stars (★ at 0xAB), boxes and
	// ticks.
	Wingdings = "wingdings"
	// OpenSymbol is LibreOffice's font that stands in for Symbol and
	// Wingdings alike where they are not installed: its U+F0xx are either
	// font's, so Map reads them as Wingdings' where it has one of its
	// characters (★ and the check boxes forms use), else as Symbol's.
	OpenSymbol = "opensymbol"
)

// Family returns the symbol family of a font as a PDF names it: "Symbol",
// "SymbolMT", "ABCDEF+Wingdings-Regular", "Wingdings,Bold", "OpenSymbol";
// "" for any other font (Wingdings 2 and 3 encode otherwise).
func Family(name string) string {
	if i := strings.IndexByte(name, '+'); i == 6 {
		name = name[7:]
	}
	if i := strings.IndexAny(name, ",-"); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(name)), "mt")
	switch name {
	case Symbol, Wingdings, OpenSymbol:
		return name
	}
	return ""
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

// Map returns character c of a font of a family Family returned: as Char
// does for Symbol and Wingdings, and for OpenSymbol as Wingdings has it
// when it has it, else as Symbol does.
func Map(family string, c uint64) string {
	if family == OpenSymbol {
		code := c
		if code >= 0xF000 && code <= 0xF0FF {
			code -= 0xF000
		}
		if s, ok := wingdingsFont[code]; ok {
			return s
		}
		return Char(Symbol, c)
	}
	return Char(family, c)
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
