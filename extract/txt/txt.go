// Package txt reads text dumps of forms: tab-separated lines in UTF-8,
// GB18030 or UTF-16, as spreadsheets export them, into one grid.
package txt

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// Text encodings the reader detects.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
	UTF16LE = "utf-16le"
	UTF16BE = "utf-16be"
)

// decode returns data as UTF-8 and the encoding it was in: the one its byte
// order mark names (UTF-8, UTF-16LE, UTF-16BE); else UTF-16 without a mark
// when every other byte of its ASCII is zero; else UTF-8 when it is valid
// UTF-8; else GB18030, which covers GBK and GB2312. Data with NUL bytes or
// undecodable sequences is grid.ErrBinary.
func decode(data []byte) (string, string, error) {
	var enc string
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		enc = UTF8
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}):
		enc = UTF16LE
	case bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		enc = UTF16BE
	case utf16Guess(data) != "":
		enc = utf16Guess(data)
	case utf8.Valid(data):
		enc = UTF8
	default:
		enc = GB18030
	}
	return decodeAs(data, enc)
}

// decodeAs decodes data as enc, dropping a byte order mark of enc's.
func decodeAs(data []byte, enc string) (string, string, error) {
	var text []byte
	var err error
	switch enc {
	case UTF8:
		text = bytes.TrimPrefix(data, []byte{0xEF, 0xBB, 0xBF})
		if !utf8.Valid(text) {
			text = []byte(strings.ToValidUTF8(string(text), "\uFFFD"))
		}
	case UTF16LE:
		text, err = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder().Bytes(data)
	case UTF16BE:
		text, err = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder().Bytes(data)
	case GB18030:
		text, err = simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	default:
		return "", enc, fmt.Errorf("unknown text encoding %q (want %s, %s, %s or %s)", enc, UTF8, GB18030, UTF16LE, UTF16BE)
	}
	if err != nil {
		return "", enc, grid.Errorf(grid.ErrBinary, "cannot decode as %s: %v", enc, err)
	}
	s := string(text)
	if bad := badRunes(s); bad*50 > utf8.RuneCountInString(s) || strings.IndexByte(s, 0) >= 0 {
		return "", enc, grid.Errorf(grid.ErrBinary, "%s (decoded as %s, it is not text)", grid.ErrBinary, enc)
	}
	return s, enc, nil
}

// utf16Guess recognizes UTF-16 without a byte order mark by its zero bytes:
// in text that is mostly ASCII, every other byte is zero.
func utf16Guess(data []byte) string {
	n := len(data)
	if n < 4 || n%2 != 0 {
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
// text dump has.
func badRunes(s string) int {
	n := 0
	for _, r := range s {
		if r == utf8.RuneError || (r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f') {
			n++
		}
	}
	return n
}

// Options are the text reader's knobs.
type Options struct {
	// Encoding, when set (UTF8, GB18030, UTF16LE, UTF16BE), is the
	// encoding to decode every dump as instead of detecting it.
	Encoding string
}

// Read reads a text dump of a form: lines of tab-separated cells, as
// Excel's "Text (tab-delimited)" and "Unicode text" exports write them (a
// cell holding a tab, a line break or a quote is wrapped in double quotes,
// its quotes doubled), or as any other program writes tab-separated text.
// It returns one grid whose cells carry their line numbers and whose
// Encoding is the one data was in (see decode).
//
// When the quoting does not hold together (a stray quote in text that no
// spreadsheet wrote), the lines are read again as plain tab-separated text.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	var s, enc string
	var err error
	if opts.Encoding != "" {
		s, enc, err = decodeAs(data, opts.Encoding)
	} else {
		s, enc, err = decode(data)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g, err := split(s, true)
	if err != nil {
		g, _ = split(s, false)
	}
	g.Encoding = enc
	return []*grid.Grid{g}, nil
}

// split splits s into a grid. With quoted set it reads Excel's quoting and
// fails on quoting that does not hold together.
func split(s string, quoted bool) (*grid.Grid, error) {
	g := &grid.Grid{Rows: make([]grid.Row, 0, strings.Count(s, "\n")+1)}
	add := func(fields []string, line func(i int) int) {
		var row grid.Row
		n := 0
		for _, f := range fields {
			if strings.TrimSpace(f) != "" {
				n++
			}
		}
		if n == 0 {
			return
		}
		row.Cells = make([]grid.Cell, 0, n)
		for i, f := range fields {
			if strings.TrimSpace(f) == "" {
				continue
			}
			l := line(i)
			p := grid.Pos{Line: l}
			if n := strings.Count(f, "\n"); n > 0 {
				p.EndLine = l + n
			}
			row.Cells = append(row.Cells, grid.Cell{Text: f, Row: len(g.Rows), Col: i, RowSpan: 1, ColSpan: 1, Pos: p})
			if p.EndLine > row.Pos.EndLine {
				row.Pos.EndLine = p.EndLine
			}
		}
		row.Pos.Line = line(0)
		g.Rows = append(g.Rows, row)
	}
	if !quoted {
		for i, line := range strings.Split(s, "\n") {
			line = strings.TrimSuffix(line, "\r")
			add(strings.Split(line, "\t"), func(int) int { return i + 1 })
		}
		return g, nil
	}
	r := csv.NewReader(strings.NewReader(s))
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return g, nil
		}
		if err != nil {
			return nil, err
		}
		add(rec, func(i int) int { l, _ := r.FieldPos(i); return l })
	}
}
