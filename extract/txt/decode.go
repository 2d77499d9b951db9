package txt

import (
	"bytes"
	"fmt"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/jixiao/jixiao/extract/grid"
)

// Text encodings the reader detects.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
	UTF16LE = "utf-16le"
	UTF16BE = "utf-16be"
)

// noteEncoding is the code of a note about the file's bytes: model's
// WarnEncoding, which the interpreter makes of it.
const noteEncoding = "encoding"

// decoded is a dump's text with what its decoding had to repair.
type decoded struct {
	text     string
	enc      string
	problems []problem
}

// problem is a repair of the decoding, at a line of the text.
type problem struct {
	line int // 1-based
	msg  string
}

// decode decides a dump's encoding on the whole of it and decodes it. The
// encoding is the one its byte order mark names; else UTF-16 when every
// other byte of its ASCII is zero; else UTF-8 when nearly all its
// non-ASCII characters are UTF-8; else GB18030, which covers GBK and
// GB2312. A few bytes that do not decode are replaced with U+FFFD, NUL
// bytes are removed, and a line in the other of UTF-8 and GB18030 is
// decoded as it is written, each with a note of the line; only a file that
// is mostly not text fails, as grid.ErrBinary.
func decode(data []byte) (*decoded, error) {
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		return decodeAs(data, UTF8)
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		return decodeAs(data, UTF16LE)
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		return decodeAs(data, UTF16BE)
	case utf16Guess(data) != "":
		return decodeAs(data, utf16Guess(data))
	}
	if good, bad := utf8Lines(data); bad <= good {
		return decodeAs(data, UTF8)
	}
	return decodeAs(data, GB18030)
}

// utf8Lines counts the lines of data that hold UTF-8 characters of more
// than one byte and no byte that is not UTF-8, and the lines that hold a
// byte that is not: GB18030 text is valid UTF-8 by chance almost never.
func utf8Lines(data []byte) (good, bad int) {
	for len(data) > 0 {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		switch g, b := utf8Runes(line); {
		case b > 0:
			bad++
		case g > 0:
			good++
		}
	}
	return good, bad
}

// utf8Runes counts the multi-byte UTF-8 characters of data and the bytes
// that are no part of one.
func utf8Runes(data []byte) (good, bad int) {
	for i := 0; i < len(data); {
		if data[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			bad++
			i++
			continue
		}
		good++
		i += n
	}
	return good, bad
}

// decodeAs decodes data as enc, dropping a byte order mark of enc's.
func decodeAs(data []byte, enc string) (*decoded, error) {
	d := &decoded{enc: enc}
	switch enc {
	case UTF8, GB18030:
		d.lines(bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF}))
	case UTF16LE, UTF16BE:
		d.utf16(data)
	default:
		return nil, fmt.Errorf("unknown text encoding %q (want %s, %s, %s or %s)", enc, UTF8, GB18030, UTF16LE, UTF16BE)
	}
	if bad, first := badRunes(d.text); bad*10 > utf8.RuneCountInString(d.text) {
		return nil, grid.Errorf(grid.ErrBinary, "binary data, not a text dump: %d of its %d characters are no text in %s or any other encoding jixiao reads (the first at line %d)",
			bad, utf8.RuneCountInString(d.text), enc, first)
	}
	return d, nil
}

// lines decodes UTF-8 or GB18030 text a line at a time (a line feed is
// never part of a character in either): a line that is not in the file's
// encoding but is entirely in the other is decoded as written, and what
// decodes in neither is replaced with U+FFFD.
func (d *decoded) lines(data []byte) {
	var b strings.Builder
	b.Grow(len(data) + len(data)/4)
	var gb *encoding.Decoder
	if d.enc == GB18030 {
		gb = simplifiedchinese.GB18030.NewDecoder()
	}
	other := simplifiedchinese.GB18030.NewDecoder()
	for n := 1; len(data) > 0; n++ {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i+1], data[i+1:]
		} else {
			data = nil
		}
		if i := bytes.IndexByte(line, 0); i >= 0 {
			d.problems = append(d.problems, problem{n, fmt.Sprintf("%d NUL bytes removed", bytes.Count(line, []byte{0}))})
			line = bytes.ReplaceAll(line, []byte{0}, nil)
		}
		good, bad := utf8Runes(line)
		switch {
		case d.enc == UTF8 && bad == 0:
			b.Write(line)
		case d.enc == UTF8:
			if t, err := other.Bytes(line); err == nil && !bytes.ContainsRune(t, utf8.RuneError) && bad > good {
				d.problems = append(d.problems, problem{n, "the line is in GB18030, the rest of the file in UTF-8: read as GB18030"})
				b.Write(t)
				continue
			}
			d.problems = append(d.problems, problem{n, fmt.Sprintf("%d bytes that are not UTF-8 replaced with U+FFFD (the first %s)", bad, firstBad(line))})
			b.WriteString(strings.ToValidUTF8(string(line), "\uFFFD"))
		case bad == 0 && good >= 2:
			// Valid UTF-8 with CJK in it: GB18030 text is that by chance
			// almost never.
			d.problems = append(d.problems, problem{n, "the line is in UTF-8, the rest of the file in GB18030: read as UTF-8"})
			b.Write(line)
		default:
			t, err := gb.Bytes(line)
			if err != nil || bytes.ContainsRune(t, utf8.RuneError) {
				t = []byte(strings.ToValidUTF8(string(t), "\uFFFD"))
				d.problems = append(d.problems, problem{n, "bytes that are not GB18030 replaced with U+FFFD"})
			}
			b.Write(t)
		}
	}
	d.text = b.String()
}

// utf16 decodes UTF-16 text; a tail in UTF-8 after its last UTF-16 line
// (text appended by another program) is decoded as UTF-8, with a note.
func (d *decoded) utf16(data []byte) {
	order := unicode.LittleEndian
	if d.enc == UTF16BE {
		order = unicode.BigEndian
	}
	body, tail := data, []byte(nil)
	if z := bytes.LastIndexByte(data, 0); z >= 0 {
		start := z + 1 // LE: the zero is a line feed's high byte
		if d.enc == UTF16BE {
			start = z + 2 // BE: the zero comes before the line feed
		}
		if start < len(data) && len(data)-start >= 2 && utf8.Valid(data[start:]) && hasASCII(data[start:]) {
			body, tail = data[:start], data[start:]
		}
	}
	text, err := unicode.UTF16(order, unicode.UseBOM).NewDecoder().Bytes(body)
	if err != nil {
		text = []byte(strings.ToValidUTF8(string(text), "\uFFFD"))
	}
	if len(body)%2 != 0 {
		d.problems = append(d.problems, problem{strings.Count(string(text), "\n") + 1, "the file ends inside a character: its last byte is dropped"})
	}
	s := string(text)
	if tail != nil {
		d.problems = append(d.problems, problem{strings.Count(s, "\n") + 1, fmt.Sprintf("the last %d bytes are UTF-8, not UTF-16: read as UTF-8", len(tail))})
		s += string(tail)
	}
	if strings.IndexByte(s, 0) >= 0 {
		d.problems = append(d.problems, problem{strings.Count(s[:strings.IndexByte(s, 0)], "\n") + 1, "NUL characters removed"})
		s = strings.ReplaceAll(s, "\x00", "")
	}
	d.text = s
}

// hasASCII reports whether b holds an ASCII letter, digit or line break:
// UTF-16 would write each with a zero byte.
func hasASCII(b []byte) bool {
	for _, c := range b {
		if c == '\n' || '0' <= c && c <= '9' || 'A' <= c && c <= 'z' {
			return true
		}
	}
	return false
}

// firstBad quotes the first byte of line that is no UTF-8.
func firstBad(line []byte) string {
	for i := 0; i < len(line); {
		r, n := utf8.DecodeRune(line[i:])
		if r == utf8.RuneError && n <= 1 {
			return fmt.Sprintf("0x%02X at byte %d", line[i], i+1)
		}
		i += n
	}
	return "?"
}

// utf16Guess recognizes UTF-16 without a byte order mark by its zero bytes:
// in text that is mostly ASCII, every other byte is zero.
func utf16Guess(data []byte) string {
	n := len(data) &^ 1
	if n < 4 {
		return ""
	}
	if n > 4096 {
		n = 4096
	}
	var even, odd int
	for i := 0; i+1 < n; i += 2 {
		if data[i] == 0 {
			even++
		}
		if data[i+1] == 0 {
			odd++
		}
	}
	half := n / 2
	switch {
	case odd*10 > half*3 && even*50 < half:
		return UTF16LE
	case even*10 > half*3 && odd*50 < half:
		return UTF16BE
	}
	return ""
}

// badRunes counts replacement characters and control characters that no
// text dump has, and returns the line of the first.
func badRunes(s string) (n, first int) {
	line := 1
	for _, r := range s {
		if r == '\n' {
			line++
		}
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') {
			if n == 0 {
				first = line
			}
			n++
		}
	}
	return n, first
}

// notes makes a note of each problem at the first row of g at or after its
// line, so that the form it falls in says so.
func (d *decoded) notes(g *grid.Grid) []grid.Note {
	var notes []grid.Note
	for _, p := range d.problems {
		for i := range g.Rows {
			r := &g.Rows[i]
			if end := max(r.Pos.EndLine, r.Pos.Line); end >= p.line {
				notes = append(notes, grid.Note{Row: r.Cells[0].Row, Col: r.Cells[0].Col, Pos: grid.Pos{Line: p.line},
					Code: noteEncoding, Message: "line " + fmt.Sprint(p.line) + ": " + p.msg})
				break
			}
		}
	}
	return notes
}
