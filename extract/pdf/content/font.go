package content

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/ledongthuc/pdf"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/jixiao/jixiao/extract/internal/symbol"
)

// font is a font as the content stream uses it: how its strings split into
// codes, each code's text and advance. Fonts are read once per document.
type font struct {
	composite bool  // Type0: codes of one to four bytes, widths by CID
	enc       *cmap // Type0: the encoding CMap, when embedded
	encKind   int   // Type0: how codes map to CIDs and text without a ToUnicode map
	toUni     *cmap // the ToUnicode map, when there is one
	simple    [256]string
	widths    [256]float64 // simple fonts: advances in text space units (1 = the font size)
	cidW      map[uint32]float64
	dw        float64 // Type0: default advance
	vertical  bool
	scale     float64 // glyph space to text space: 0.001, or a Type 3 font's matrix
	ascent    float64 // in text space units
	descent   float64
	undecoded bool   // no way to read its codes as text
	damage    string // what of it could not be read: its text may be wrong
	// family is the font's symbol family (package symbol), "" for a
	// font of Unicode text: a symbol font's U+F0xx, and a simple one's
	// codes, are read as the DOCX reader reads them.
	family string
}

// Type0 code kinds.
const (
	encIdentity = iota // code = CID; text only from ToUnicode
	encUCS2            // code = UCS-2/UTF-16 (UniGB-UCS2-H, UniGB-UTF16-H)
	encGBK             // code = GBK/EUC-CN bytes (GBK-EUC-H, GB-EUC-H)
	encEmbedded        // an embedded CMap gives CIDs
)

// glyph is one code read from a string.
type glyph struct {
	text  string
	adv   float64 // advance in text space units, before Tc and Tw
	space bool    // the single-byte code 32, which Tw applies to
}

// loadFont reads a font dictionary.
func (d *Doc) loadFont(v pdf.Value) *font {
	f := &font{scale: 0.001, ascent: 0.88, descent: -0.12}
	f.family = symbol.Family(v.Key("BaseFont").Name())
	sub := v.Key("Subtype").Name()
	if tu := v.Key("ToUnicode"); tu.Kind() == pdf.Stream {
		data, short, err := d.stream(tu, maxCMap)
		switch {
		case err != nil:
			f.damage = "a font's character map cannot be read: " + strings.TrimPrefix(err.Error(), ErrDamaged.Error()+": ")
		case short != "":
			f.damage = "a font's character map is cut short: " + short
		}
		if err == nil {
			f.toUni = parseCMap(data)
		}
	}
	switch sub {
	case "Type0":
		f.loadComposite(d, v)
	default:
		f.loadSimple(d, v, sub == "Type3")
	}
	return f
}

func (f *font) loadComposite(d *Doc, v pdf.Value) {
	f.composite = true
	enc := v.Key("Encoding")
	desc := v.Key("DescendantFonts").Index(0)
	switch enc.Kind() {
	case pdf.Name:
		name := enc.Name()
		f.vertical = strings.HasSuffix(name, "-V")
		switch {
		case strings.HasPrefix(name, "Identity"):
			f.encKind = encIdentity
		case strings.Contains(name, "UCS2") || strings.Contains(name, "UTF16"):
			f.encKind = encUCS2
		case strings.Contains(name, "EUC") || strings.HasPrefix(name, "GBK") || strings.HasPrefix(name, "GBpc"):
			f.encKind = encGBK
		default:
			f.encKind = encIdentity
			if f.toUni == nil {
				f.undecoded = true
			}
		}
	case pdf.Stream:
		if data, err := d.streamBytes(enc, maxCMap); err == nil {
			f.enc = parseCMap(data)
			f.encKind = encEmbedded
		}
		f.vertical = enc.Key("WMode").Int64() == 1
	}
	if f.encKind == encIdentity && f.toUni == nil {
		f.undecoded = true
	}
	f.dw = 1
	if dw := desc.Key("DW"); dw.Kind() == pdf.Integer || dw.Kind() == pdf.Real {
		f.dw = dw.Float64() / 1000
	}
	w := desc.Key("W")
	n := w.Len()
	for i := 0; i < n && i < 1<<16; {
		first := w.Index(i)
		if i+1 >= n {
			break
		}
		second := w.Index(i + 1)
		if f.cidW == nil {
			f.cidW = map[uint32]float64{}
		}
		if second.Kind() == pdf.Array {
			c := uint32(max(first.Int64(), 0))
			for j := 0; j < second.Len() && j < 1<<16; j++ {
				f.cidW[c+uint32(j)] = second.Index(j).Float64() / 1000
			}
			i += 2
			continue
		}
		if i+2 >= n {
			break
		}
		lo, hi, wv := first.Int64(), second.Int64(), w.Index(i+2).Float64()/1000
		for c := lo; c <= hi && c-lo < 1<<16 && c >= 0; c++ {
			f.cidW[uint32(c)] = wv
		}
		i += 3
	}
	f.metrics(desc.Key("FontDescriptor"))
}

func (f *font) loadSimple(d *Doc, v pdf.Value, type3 bool) {
	if type3 {
		if m := v.Key("FontMatrix"); m.Len() == 6 && m.Index(0).Float64() != 0 {
			f.scale = m.Index(0).Float64()
		}
	}
	base := strings.TrimPrefix(v.Key("BaseFont").Name(), "")
	if i := strings.IndexByte(base, '+'); i == 6 {
		base = base[7:]
	}
	// Text from the encoding.
	table := &standardText
	var diffs pdf.Value
	enc := v.Key("Encoding")
	encName := enc.Name()
	if enc.Kind() == pdf.Dict {
		encName = enc.Key("BaseEncoding").Name()
		diffs = enc.Key("Differences")
	}
	switch encName {
	case "WinAnsiEncoding":
		table = &winAnsiText
	case "MacRomanEncoding":
		table = &macRomanText
	case "StandardEncoding":
	default:
		if v.Key("Subtype").Name() == "TrueType" {
			table = &winAnsiText
		}
	}
	f.simple = *table
	if f.family == symbol.Symbol || f.family == symbol.Wingdings {
		// A symbol font's codes are its own characters, whatever
		// encoding the PDF names (OpenSymbol's are Unicode's).
		for c := 0x20; c < 256; c++ {
			f.simple[c] = symbol.Map(f.family, uint64(c))
		}
	}
	if n := diffs.Len(); n > 0 {
		code := 0
		for i := 0; i < n && i < 1024; i++ {
			e := diffs.Index(i)
			switch e.Kind() {
			case pdf.Integer:
				code = int(e.Int64())
			case pdf.Name:
				if code >= 0 && code < 256 {
					f.simple[code] = glyphText(e.Name())
				}
				code++
			}
		}
	}
	// Advances.
	widths := v.Key("Widths")
	fd := v.Key("FontDescriptor")
	missing := fd.Key("MissingWidth").Float64()
	if n := widths.Len(); n > 0 {
		first := int(v.Key("FirstChar").Int64())
		for c := range 256 {
			f.widths[c] = missing * f.scale
		}
		for i := 0; i < n && first+i < 256; i++ {
			if first+i >= 0 {
				f.widths[first+i] = widths.Index(i).Float64() * f.scale
			}
		}
	} else {
		std := standardWidths(base)
		for c := range 256 {
			w := 0.5
			if std != nil && c >= 32 && c < 127 {
				w = float64(std[c-32]) / 1000
			} else if missing > 0 {
				w = missing / 1000
			}
			f.widths[c] = w
		}
	}
	if type3 {
		f.ascent, f.descent = 0.8, -0.2 // a Type 3 font's bbox is often zero
		return
	}
	f.metrics(fd)
}

// metrics reads the ascent and descent of a font descriptor.
func (f *font) metrics(fd pdf.Value) {
	a, dsc := fd.Key("Ascent").Float64(), fd.Key("Descent").Float64()
	if a > 100 && a < 2000 {
		f.ascent = a / 1000
	}
	if dsc < 0 && dsc > -1000 {
		f.descent = dsc / 1000
	}
}

// decode splits a string operand into glyphs, calling fn for each. memo,
// when not nil, keeps a composite font's codes already decoded (the
// caller's own: a font is shared by pages read at the same time).
func (f *font) decode(s []byte, memo map[uint32]glyph, fn func(g glyph)) {
	if !f.composite {
		for _, c := range s {
			t := f.simple[c]
			if f.toUni != nil {
				if u, ok := f.toUni.text(uint32(c)); ok {
					t = f.symbolText(u)
				}
			}
			fn(glyph{text: t, adv: f.widths[c], space: c == 32})
		}
		return
	}
	for len(s) > 0 {
		n := 2
		switch f.encKind {
		case encEmbedded:
			if f.enc != nil {
				n = f.enc.codeLen(s)
			}
		case encGBK:
			if s[0] < 0x80 {
				n = 1
			}
		case encUCS2:
			if len(s) >= 4 && s[0] >= 0xD8 && s[0] < 0xDC {
				n = 4
			}
		}
		if f.encKind == encIdentity && f.toUni != nil && len(f.toUni.space) > 0 && f.enc == nil {
			n = f.toUni.codeLen(s)
		}
		n = min(n, len(s))
		code := codeOf(s[:n])
		raw := s[:n]
		s = s[n:]
		key := code | uint32(n)<<30
		if g, ok := memo[key]; ok {
			fn(g)
			continue
		}
		var text string
		var cid uint32
		switch f.encKind {
		case encIdentity:
			cid = code
		case encEmbedded:
			cid = f.enc.cidOf(code)
		case encUCS2:
			text = utf16Text(raw)
			cid = gb1CID(text)
		case encGBK:
			if n == 1 {
				text = string(rune(raw[0]))
			} else if t, err := simplifiedchinese.GBK.NewDecoder().Bytes(raw); err == nil {
				text = string(t)
			}
			cid = gb1CID(text)
		}
		if f.toUni != nil {
			if u, ok := f.toUni.text(code); ok {
				text = f.symbolText(u)
			}
		}
		if text == "" && f.encKind == encIdentity {
			text = "\uFFFD"
		}
		w, ok := f.cidW[cid]
		if !ok {
			w = f.dw
		}
		if f.vertical {
			w = 1
		}
		g := glyph{text: text, adv: w, space: n == 1 && code == 32}
		if memo != nil && len(memo) < 1<<16 {
			memo[key] = g
		}
		fn(g)
	}
}

// symbolText returns a ToUnicode map's text for a code of the font: a
// symbol font's private-use U+F0xx (as Word and LibreOffice write Symbol's
// and Wingdings' characters) is the character it stands for, "" when it
// stands for none known.
func (f *font) symbolText(t string) string {
	if f.family == "" || len(t) != 3 {
		return t
	}
	r, _ := utf8.DecodeRuneInString(t)
	if r < 0xF000 || r > 0xF0FF {
		return t
	}
	return symbol.Map(f.family, uint64(r))
}

// gb1CID returns the Adobe-GB1 CID of a character for its advance: the
// proportional Latin CIDs 1–95 for ASCII, else 0 (the default width).
func gb1CID(t string) uint32 {
	r, _ := utf8.DecodeRuneInString(t)
	if r >= 0x20 && r <= 0x7E {
		return uint32(r - 0x1F)
	}
	return 0
}

// The text of each code of the simple encodings.
var standardText, winAnsiText, macRomanText [256]string

func init() {
	for c := range 256 {
		winAnsiText[c] = string(charmap.Windows1252.DecodeByte(byte(c)))
		macRomanText[c] = string(charmap.Macintosh.DecodeByte(byte(c)))
		if c >= 32 && c < 127 {
			standardText[c] = string(rune(c))
		}
	}
	for c := range 32 {
		winAnsiText[c], macRomanText[c] = "", ""
	}
	standardText['\''] = "’"
	standardText['`'] = "‘"
}

// glyphText returns the text of a glyph name: an Adobe Glyph List name the
// forms use, uniXXXX, uXXXX[XX], or a single character.
func glyphText(name string) string {
	if t, ok := glyphNames[name]; ok {
		return t
	}
	if base, _, ok := strings.Cut(name, "."); ok && base != "" {
		return glyphText(base)
	}
	if h, ok := strings.CutPrefix(name, "uni"); ok && len(h) >= 4 && len(h)%4 == 0 {
		var b []byte
		for i := 0; i+4 <= len(h); i += 4 {
			v, err := strconv.ParseUint(h[i:i+4], 16, 16)
			if err != nil {
				return ""
			}
			b = append(b, byte(v>>8), byte(v))
		}
		return utf16Text(b)
	}
	if h, ok := strings.CutPrefix(name, "u"); ok && len(h) >= 4 && len(h) <= 6 {
		if v, err := strconv.ParseUint(h, 16, 32); err == nil && v <= 0x10FFFF {
			return string(rune(v))
		}
	}
	if utf8.RuneCountInString(name) == 1 {
		return name
	}
	return ""
}

var glyphNames = map[string]string{
	"space": " ", "exclam": "!", "quotedbl": "\"", "numbersign": "#", "dollar": "$", "percent": "%",
	"ampersand": "&", "quotesingle": "'", "quoteright": "’", "parenleft": "(", "parenright": ")",
	"asterisk": "*", "plus": "+", "comma": ",", "hyphen": "-", "minus": "−", "period": ".", "slash": "/",
	"zero": "0", "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
	"seven": "7", "eight": "8", "nine": "9", "colon": ":", "semicolon": ";", "less": "<", "equal": "=",
	"greater": ">", "question": "?", "at": "@", "bracketleft": "[", "backslash": "\\", "bracketright": "]",
	"asciicircum": "^", "underscore": "_", "grave": "`", "quoteleft": "‘", "braceleft": "{", "bar": "|",
	"braceright": "}", "asciitilde": "~", "bullet": "•", "endash": "–", "emdash": "—", "ellipsis": "…",
	"quotedblleft": "“", "quotedblright": "”", "Euro": "€", "degree": "°", "multiply": "×", "divide": "÷",
	"periodcentered": "·", "section": "§", "yen": "¥", "sterling": "£", "cent": "¢", "copyright": "©",
	"registered": "®", "plusminus": "±", "mu": "µ", "nbspace": " ", "uni00A0": " ", "fi": "fi", "fl": "fl",
	"lessequal": "≤", "greaterequal": "≥", "notequal": "≠",
}

// standardWidths returns the advances of ASCII 32–126 for the standard
// fonts that PDFs use without widths, nil for another font.
func standardWidths(base string) []int {
	b := strings.ToLower(base)
	switch {
	case strings.HasPrefix(b, "courier"):
		return courierWidths[:]
	case strings.HasPrefix(b, "helvetica") && strings.Contains(b, "bold"), strings.HasPrefix(b, "arial") && strings.Contains(b, "bold"):
		return helveticaBoldWidths[:]
	case strings.HasPrefix(b, "helvetica"), strings.HasPrefix(b, "arial"):
		return helveticaWidths[:]
	case strings.HasPrefix(b, "times"):
		return timesWidths[:]
	}
	return nil
}

var courierWidths = func() (w [95]int) {
	for i := range w {
		w[i] = 600
	}
	return
}()

var helveticaWidths = [95]int{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var helveticaBoldWidths = [95]int{
	278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
	975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
	333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
	611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
}

var timesWidths = [95]int{
	250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
	921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
	556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
	333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
	500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
}
