package txt

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

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

// problem is a repair of the decoding, at a line of the text.
type problem struct {
	line int // 1-based
	msg  string
	// rank orders the problems that fall in one row: in UTF-16 a NUL
	// comes after what the end of the UTF-16 text says (see decoder.utf16End).
	rank int
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// chunk is how many bytes each pass reads at a time.
const chunk = 256 << 10

// sniffed is what the first pass over a dump's bytes found: enough to
// decide its encoding as if the whole file were in memory.
type sniffed struct {
	size      int64
	head      []byte // the first 4096 bytes
	good, bad int    // lines with multi-byte UTF-8 and no byte that is not UTF-8; lines with such a byte
	lastZero  int64  // offset of the last zero byte; -1 when there is none
}

// sniff reads all of r once, a chunk at a time, writing every byte to sum
// when it is not nil (the caller's hash of the file), and tallies what
// deciding the encoding needs: the head, how many lines are UTF-8 (see
// utf8Lines) and where the last zero byte is.
func sniff(ctx context.Context, r io.ReaderAt, size int64, sum io.Writer) (*sniffed, error) {
	s := &sniffed{size: size, lastZero: -1}
	buf := make([]byte, utf8.UTFMax+min(chunk, size))
	carry := 0 // bytes of an incomplete character kept at the front of buf
	var lineGood, lineBad bool
	endLine := func() {
		switch {
		case lineBad:
			s.bad++
		case lineGood:
			s.good++
		}
		lineGood, lineBad = false, false
	}
	// part tallies a piece of a line that ends on a character boundary.
	part := func(b []byte) {
		if lineBad || len(b) == 0 {
			return
		}
		if !utf8.Valid(b) {
			lineBad = true
		} else if !lineGood && !ascii(b) {
			lineGood = true
		}
	}
	for off := int64(0); off < size; {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		n, err := r.ReadAt(buf[carry:carry+int(min(int64(chunk), size-off))], off)
		if n == 0 {
			if err == nil || err == io.EOF {
				err = io.ErrUnexpectedEOF // the file shrank while it was read
			}
			return nil, err
		}
		data := buf[carry : carry+n]
		if sum != nil {
			sum.Write(data)
		}
		if len(s.head) < 4096 {
			s.head = append(s.head, data[:min(len(data), 4096-len(s.head))]...)
		}
		if i := bytes.LastIndexByte(data, 0); i >= 0 {
			s.lastZero = off + int64(i)
		}
		off += int64(n)
		b := buf[:carry+n]
		for {
			i := bytes.IndexByte(b, '\n')
			if i < 0 {
				break
			}
			part(b[:i])
			endLine()
			b = b[i+1:]
		}
		// Keep an incomplete character at the end for the next chunk.
		keep := 0
		if off < size {
			keep = incomplete(b)
		}
		part(b[:len(b)-keep])
		carry = copy(buf, b[len(b)-keep:])
	}
	endLine()
	return s, nil
}

// incomplete returns how many bytes at the end of b begin a character
// that the next bytes may complete.
func incomplete(b []byte) int {
	for k := 1; k <= min(len(b), utf8.UTFMax-1); k++ {
		if c := b[len(b)-k]; utf8.RuneStart(c) {
			if c >= utf8.RuneSelf && !utf8.FullRune(b[len(b)-k:]) {
				return k
			}
			return 0
		}
	}
	return 0
}

// ascii reports whether b is all ASCII.
func ascii(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// encodingOf decides a dump's encoding on the whole of it: the one its byte
// order mark names; else UTF-16 when every other byte of its ASCII is zero;
// else UTF-8 when nearly all its non-ASCII characters are UTF-8 (no more
// lines hold a byte that is not than hold multi-byte UTF-8: GB18030 text
// is valid UTF-8 by chance almost never); else GB18030, which covers GBK
// and GB2312.
func encodingOf(s *sniffed) string {
	switch h := s.head; {
	case bytes.HasPrefix(h, bom):
		return UTF8
	case bytes.HasPrefix(h, []byte{0xFF, 0xFE}):
		return UTF16LE
	case bytes.HasPrefix(h, []byte{0xFE, 0xFF}):
		return UTF16BE
	case utf16Guess(h) != "":
		return utf16Guess(h)
	case s.bad <= s.good:
		return UTF8
	}
	return GB18030
}

// decoder is the second pass: it decodes a dump in the encoding the first
// pass decided, a line at a time. A few bytes that do not decode are
// replaced with U+FFFD, NUL bytes are removed, a line in the other of
// UTF-8 and GB18030 is decoded as it is written, and a UTF-8 tail after
// UTF-16 text is read as UTF-8, each a problem at its line; only a file
// that is mostly not text fails, as grid.ErrBinary.
type decoder struct {
	enc  string
	size int64
	br   *bufio.Reader
	read *countingReader // the raw bytes consumed, for the early failure
	long []byte          // a line longer than br's buffer
	n    int             // lines decoded
	// problems found and not yet taken.
	problems []problem
	// The tally of badRunes: characters, bad ones, the line of the first.
	runes, bad, first int
	nul               bool // a NUL character was found (UTF-16)
	gb, other         *encoding.Decoder
	done              bool
}

// newDecoder returns the second pass over r in enc.
func newDecoder(r io.ReaderAt, s *sniffed, enc string) (*decoder, error) {
	d := &decoder{enc: enc, size: s.size}
	switch enc {
	case UTF8, GB18030:
		skip := int64(0)
		if bytes.HasPrefix(s.head, bom) {
			skip = int64(len(bom))
		}
		d.read = &countingReader{r: io.NewSectionReader(r, skip, s.size-skip), n: skip}
		d.br = bufio.NewReaderSize(d.read, int(min(64<<10, s.size)))
		if enc == GB18030 {
			d.gb = simplifiedchinese.GB18030.NewDecoder()
		}
		d.other = simplifiedchinese.GB18030.NewDecoder()
	case UTF16LE, UTF16BE:
		order := unicode.LittleEndian
		if enc == UTF16BE {
			order = unicode.BigEndian
		}
		body, tail := s.size, int64(0)
		if z := s.lastZero; z >= 0 {
			start := z + 1 // LE: the zero is a line feed's high byte
			if enc == UTF16BE {
				start = z + 2 // BE: the zero comes before the line feed
			}
			if s.size-start >= 2 && utf8Text(io.NewSectionReader(r, start, s.size-start), s.size-start) {
				body, tail = start, s.size-start
			}
		}
		d.read = &countingReader{r: io.NewSectionReader(r, 0, body)}
		u := &utf16Reader{d: d, body: transform.NewReader(d.read, unicode.UTF16(order, unicode.UseBOM).NewDecoder()), odd: body%2 != 0}
		if tail > 0 {
			u.tail = &countingReader{r: io.NewSectionReader(r, body, tail), n: body}
			u.tailLen = tail
		}
		d.br = bufio.NewReaderSize(u, int(min(64<<10, 2*s.size)))
	default:
		return nil, fmt.Errorf("unknown text encoding %q (want %s, %s, %s or %s)", enc, UTF8, GB18030, UTF16LE, UTF16BE)
	}
	return d, nil
}

// utf8Text reports whether what r holds is valid UTF-8 with ASCII in it
// (see hasASCII): the tail of a UTF-16 file written by another program.
func utf8Text(r io.Reader, size int64) bool {
	buf := make([]byte, utf8.UTFMax+min(chunk, size))
	carry := 0
	seen := false
	for {
		n, err := io.ReadFull(r, buf[carry:])
		b := buf[:carry+n]
		end := err != nil
		keep := 0
		if !end {
			keep = incomplete(b)
		}
		if !utf8.Valid(b[:len(b)-keep]) {
			return false
		}
		seen = seen || hasASCII(b)
		carry = copy(buf, b[len(b)-keep:])
		if end {
			return seen
		}
	}
}

// countingReader counts the bytes read through it, from n.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// utf16Reader is the text of a UTF-16 dump: its body decoded, then any
// UTF-8 tail as it is. At the end of the body it notes what the whole-file
// decoding noted there, at the line the body's text ends on.
type utf16Reader struct {
	d       *decoder
	body    io.Reader
	odd     bool // the body ends inside a character
	tail    *countingReader
	tailLen int64
	lines   int // line feeds read so far
	inTail  bool
}

func (u *utf16Reader) Read(p []byte) (int, error) {
	if !u.inTail {
		n, err := u.body.Read(p)
		u.lines += bytes.Count(p[:n], []byte{'\n'})
		if err != io.EOF {
			return n, err
		}
		u.inTail = true
		if u.odd {
			u.d.problems = append(u.d.problems, problem{line: u.lines + 1, msg: "the file ends inside a character: its last byte is dropped"})
		}
		if u.tail != nil {
			u.d.problems = append(u.d.problems, problem{line: u.lines + 1, msg: fmt.Sprintf("the last %d bytes are UTF-8, not UTF-16: read as UTF-8", u.tailLen), rank: 1})
			u.d.read = u.tail
		}
		if n > 0 {
			return n, nil
		}
	}
	if u.tail == nil {
		return 0, io.EOF
	}
	return u.tail.Read(p)
}

// line returns the next raw line of br with its line feed, or nil at the
// end. It is valid until the next call.
func (d *decoder) line() ([]byte, error) {
	b, err := d.br.ReadSlice('\n')
	if err == bufio.ErrBufferFull {
		d.long = append(d.long[:0], b...)
		for err == bufio.ErrBufferFull {
			b, err = d.br.ReadSlice('\n')
			d.long = append(d.long, b...)
		}
		b = d.long
		if cap(d.long) > 1<<20 {
			d.long = nil // do not keep a huge line's buffer
		}
	}
	if err == io.EOF {
		err = nil
		if len(b) == 0 {
			return nil, nil
		}
	}
	return b, err
}

// next returns the next line of text, with its line feed (the last line
// may have none), and false at the end of the dump. A dump that is mostly
// not text fails at the end, or as soon as the rest of it could no longer
// make it text; the tally is finished first, so that the error says what
// the whole file holds.
func (d *decoder) next() (string, bool, error) {
	if d.done {
		return "", false, nil
	}
	raw, err := d.line()
	if err != nil {
		return "", false, err
	}
	if raw == nil {
		d.done = true
		return "", false, d.binary()
	}
	d.n++
	var t string
	if d.enc == UTF16LE || d.enc == UTF16BE {
		t = d.utf16Line(raw)
	} else {
		t = d.byteLine(raw)
	}
	d.tally(t)
	// What is still to come holds no more characters than bytes: those not
	// read yet, those buffered, and a slack for the UTF-16 decoder's own
	// buffers.
	if rest := d.size - d.read.n + int64(d.br.Buffered()) + 64<<10; int64(d.bad)*10 > int64(d.runes)+rest {
		// No text that is still to come can make up for it.
		for {
			raw, err := d.line()
			if err != nil {
				return "", false, err
			}
			if raw == nil {
				break
			}
			d.n++
			if d.enc == UTF16LE || d.enc == UTF16BE {
				d.tally(d.utf16Line(raw))
			} else {
				d.tally(d.byteLine(raw))
			}
		}
		d.done = true
		return "", false, d.binary()
	}
	return t, true, nil
}

// binary returns grid.ErrBinary when the text decoded is mostly not text.
func (d *decoder) binary() error {
	if d.bad*10 > d.runes {
		return grid.Errorf(grid.ErrBinary, "binary data, not a text dump: %d of its %d characters are no text in %s or any other encoding jixiao reads (the first at line %d)",
			d.bad, d.runes, d.enc, d.first)
	}
	return nil
}

// tally counts the characters of a line of text and those that no text
// dump has: replacement characters and control characters but tab, line
// feed, carriage return and form feed.
func (d *decoder) tally(t string) {
	bad := strings.Count(t, "\uFFFD")
	runes := 0
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c&0xC0 != 0x80 {
			runes++
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			bad++
		}
	}
	if bad > 0 && d.bad == 0 {
		d.first = d.n
	}
	d.bad += bad
	d.runes += runes
}

// byteLine decodes a line of UTF-8 or GB18030 (a line feed is never part
// of a character in either): a line that is not in the file's encoding but
// is entirely in the other is decoded as written, and what decodes in
// neither is replaced with U+FFFD.
func (d *decoder) byteLine(line []byte) string {
	n := d.n
	if i := bytes.IndexByte(line, 0); i >= 0 {
		d.problems = append(d.problems, problem{line: n, msg: fmt.Sprintf("%d NUL bytes removed", bytes.Count(line, []byte{0}))})
		line = bytes.ReplaceAll(line, []byte{0}, nil)
	}
	if d.enc == UTF8 && utf8.Valid(line) {
		return string(line)
	}
	good, bad := utf8Runes(line)
	switch {
	case d.enc == UTF8:
		if t, err := d.other.Bytes(line); err == nil && !bytes.ContainsRune(t, utf8.RuneError) && bad > good {
			d.problems = append(d.problems, problem{line: n, msg: "the line is in GB18030, the rest of the file in UTF-8: read as GB18030"})
			return string(t)
		}
		d.problems = append(d.problems, problem{line: n, msg: fmt.Sprintf("%d bytes that are not UTF-8 replaced with U+FFFD (the first %s)", bad, firstBad(line))})
		return strings.ToValidUTF8(string(line), "\uFFFD")
	case bad == 0 && good >= 2:
		// Valid UTF-8 with CJK in it: GB18030 text is that by chance
		// almost never.
		d.problems = append(d.problems, problem{line: n, msg: "the line is in UTF-8, the rest of the file in GB18030: read as UTF-8"})
		return string(line)
	}
	t, err := d.gb.Bytes(line)
	if err != nil || bytes.ContainsRune(t, utf8.RuneError) {
		d.problems = append(d.problems, problem{line: n, msg: "bytes that are not GB18030 replaced with U+FFFD"})
		return strings.ToValidUTF8(string(t), "\uFFFD")
	}
	return string(t)
}

// utf16Line takes a line of UTF-16 text already decoded: NUL characters are
// removed, with a note at the first.
func (d *decoder) utf16Line(line []byte) string {
	if bytes.IndexByte(line, 0) < 0 {
		return string(line)
	}
	if !d.nul {
		d.nul = true
		d.problems = append(d.problems, problem{line: d.n, msg: "NUL characters removed", rank: 2})
	}
	return string(bytes.ReplaceAll(line, []byte{0}, nil))
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
