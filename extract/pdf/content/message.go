package content

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The object layer complains in its own terms: Go types (pdf.keyword,
// int64), object pointers ({12 0}), and the raw bytes it stumbled on, a
// few hundred of them. plain says the same to a person: what is damaged,
// in plain words, quoting at most maxQuote characters of the file,
// escaped.

// maxQuote is the most characters of a file a message quotes.
const maxQuote = 20

// plainRules rewrite the object layer's messages, and the errors of the
// decompressors under it, in order; the first that matches wins. $1 in a
// replacement is quoted with quote.
var plainRules = []struct {
	re   *regexp.Regexp
	says string
}{
	{regexp.MustCompile(`^loading \{(\d+) \d+\}: found .* instead of objdef`), "object $1 is not where the cross-reference table says"},
	{regexp.MustCompile(`^loading \{(\d+) \d+\}: found \{\d+ \d+\}`), "object $1 is not where the cross-reference table says"},
	{regexp.MustCompile(`^loading \{(\d+) \d+\}`), "object $1 cannot be read"},
	{regexp.MustCompile(`(?s)^malformed hex string`), "a hexadecimal string is malformed"},
	{regexp.MustCompile(`^malformed name`), "a name is malformed"},
	{regexp.MustCompile(`^missing endobj`), "an object is not closed by endobj"},
	{regexp.MustCompile(`^reading at offset \d+: EOF`), "an object runs past the end of the file"},
	{regexp.MustCompile(`(?s)^unexpected delimiter '(.)'`), "an unexpected $1"},
	{regexp.MustCompile(`(?s)^unexpected keyword "(.*)" parsing object`), "an unexpected $1 where an object should be"},
	{regexp.MustCompile(`(?s)^unexpected keyword (.*) parsing`), "an unexpected $1 where an object should be"},
	{regexp.MustCompile(`(?s)^unexpected non-name key`), "a dictionary key is not a name"},
	{regexp.MustCompile(`(?s)^unexpected (.*) parsing`), "an object is malformed"},
	{regexp.MustCompile(`(?s)^unknown filter (.*)`), "a stream's filter $1 is not one PDF has"},
	{regexp.MustCompile(`(?s)^unsupported filter`), "a stream's filter is malformed"},
	{regexp.MustCompile(`illegal ascii85`), "a stream's ASCII85 data is malformed"},
	{regexp.MustCompile(`^(zlib|flate):|unexpected EOF`), "a stream's compressed data is damaged"},
	{regexp.MustCompile(`^malformed xref table`), "its cross-reference table is malformed"},
	{regexp.MustCompile(`^cross-reference table not found`), "its cross-reference table is not where its startxref says"},
	{regexp.MustCompile(`^malformed PDF file: missing final startxref|missing startxref`), "it has no startxref at its end"},
	{regexp.MustCompile(`startxref not followed by integer`), "its startxref gives no offset"},
	{regexp.MustCompile(`^not a PDF file: invalid header`), "its header is not %PDF-1.0 to %PDF-1.7"},
	{regexp.MustCompile(`^not a stream|^not an object stream|^missing First|^cannot find object in stream`), "an object stream is malformed"},
	{regexp.MustCompile(`^stream not present`), "a stream is missing"},
	{regexp.MustCompile(`^(runtime error|interface conversion|assignment to entry|index out of range)`), "its structure cannot be read"},
}

// plain returns a message of the object layer in plain words.
func plain(msg string) string {
	msg = strings.TrimPrefix(msg, "malformed PDF: ")
	for _, r := range plainRules {
		m := r.re.FindStringSubmatch(msg)
		if m == nil {
			continue
		}
		says := r.says
		if len(m) > 1 {
			says = strings.ReplaceAll(says, "$1", quote(m[1]))
		}
		return says
	}
	return sanitize(msg)
}

// quote quotes a piece of a file, its first maxQuote characters, with
// what is not printable escaped: “/Typ\x00e”. An object number is not
// quoted.
func quote(s string) string {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		return s
	}
	return "“" + escape(s, maxQuote) + "”"
}

// escape returns the first max characters of s, what is not printable
// escaped, and … when there were more.
func escape(s string, max int) string {
	var b strings.Builder
	n := 0
	for i, w := 0, 0; i < len(s); i += w {
		if n == max {
			b.WriteString("…")
			break
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		w = size
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x` + hexByte(s[i]))
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case !unicode.IsGraphic(r) && r < 0x100:
			b.WriteString(`\x` + hexByte(byte(r)))
		case !unicode.IsGraphic(r):
			b.WriteString(`\u` + hexByte(byte(r>>8)) + hexByte(byte(r)))
		default:
			b.WriteRune(r)
		}
		n++
	}
	return b.String()
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}

// reGoType matches what a Go value's formatting says of its type:
// pdf.keyword(x), int64(3), *errors.errorString.
var reGoType = regexp.MustCompile(`\b(pdf\.[a-z]\w*|u?int(8|16|32|64)?|float(32|64))\(([^()]*)\)`)

// sanitize makes a message none of the rules know fit to show: Go types
// dropped, at most 80 characters, what is not printable escaped.
func sanitize(msg string) string {
	return escape(reGoType.ReplaceAllString(msg, "$4"), 80)
}
