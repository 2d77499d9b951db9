// Package txt reads text dumps of forms: tab-separated lines in UTF-8,
// GB18030 or UTF-16, as spreadsheets export them, into one grid, or as a
// stream of its rows (Scanner).
package txt

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
)

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
// Encoding is the one data was in.
//
// A record whose quoting does not hold together (a stray quote in text that
// no spreadsheet wrote, a quote that does not close within maxQuoted
// lines) is read as its first line of plain tab-separated text, and the
// reading goes on at the next line. Read is a Scanner over data, all its
// rows gathered into one grid.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	s, err := NewScanner(ctx, bytes.NewReader(data), int64(len(data)), opts, nil)
	if err != nil {
		return nil, err
	}
	g := &grid.Grid{Encoding: s.Encoding()}
	for {
		rows, notes, err := s.Next()
		if err == io.EOF {
			return []*grid.Grid{g}, nil
		}
		if err != nil {
			return nil, err
		}
		g.Rows = append(g.Rows, rows...)
		g.Notes = append(g.Notes, notes...)
	}
}

// maxQuoted is how many lines one record may span through its quoted
// cells: a quote still open after that many is no spreadsheet's quoting.
const maxQuoted = 100

// batch is about how many rows Next returns at a time.
const batch = 512

// Scanner reads a text dump as a stream of rows, a batch at a time, in
// memory bounded by its longest record, not by the file. The encoding is
// decided on the whole file by a first pass over its bytes (NewScanner);
// the rows come from a second pass that decodes and splits as it goes.
type Scanner struct {
	ctx   context.Context
	d     *decoder
	ahead []textLine // lines decoded, from head on not yet split
	head  int
	end   bool // the decoder has no more lines
	rows  int  // rows made: the next row's index
	// buffers of the record being split
	buf    []byte
	idx    []int
	fields []string
	lines  []int
}

// textLine is a line of decoded text, with its line feed (but for the last
// line of a dump that does not end with one), and its 1-based number.
type textLine struct {
	s string
	n int
}

// NewScanner reads the dump r holds, size bytes, once to decide its
// encoding (opts.Encoding when set, else as described at encodingOf),
// writing every byte to sum when it is not nil: the caller's hash of the
// file, which then needs no pass of its own. It fails on a cancelled
// context, a read error or an unknown opts.Encoding. Rows come from Next,
// which reads r again.
func NewScanner(ctx context.Context, r io.ReaderAt, size int64, opts Options, sum io.Writer) (*Scanner, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	sn, err := sniff(ctx, r, size, sum)
	if err != nil {
		return nil, err
	}
	enc := opts.Encoding
	if enc == "" {
		enc = encodingOf(sn)
	}
	d, err := newDecoder(r, sn, enc)
	if err != nil {
		return nil, err
	}
	return &Scanner{ctx: ctx, d: d}, nil
}

// Encoding returns the encoding the dump is decoded from: UTF8, GB18030,
// UTF16LE or UTF16BE.
func (s *Scanner) Encoding() string { return s.d.enc }

// Next returns the next rows of the dump, a few hundred at a time, and the
// notes of the repairs its decoding made that fall in them (each at the
// first row that ends at or after the repair's line; the notes of one row
// in the order of the file's). A row holds its non-empty cells; a cell's
// Row is its row's index in the whole dump. After the last row Next
// returns io.EOF; a dump that turns out to be mostly not text fails, with
// grid.ErrBinary, at its end or as soon as the rest could no longer make
// it text, after rows that the caller then drops.
func (s *Scanner) Next() ([]grid.Row, []grid.Note, error) {
	if err := s.ctx.Err(); err != nil {
		return nil, nil, err
	}
	var rows []grid.Row
	var notes []grid.Note
	for len(rows) < batch {
		l, ok, err := s.peek(0)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			break
		}
		content := strings.TrimSuffix(strings.TrimSuffix(l.s, "\n"), "\r")
		used := 0
		if strings.IndexByte(content, '"') >= 0 {
			if used, err = s.quoted(); err != nil {
				return nil, nil, err
			}
		}
		if used == 0 {
			// No quoting, or none that holds together: plain text.
			used = 1
			s.fields, s.lines = s.fields[:0], s.lines[:0]
			for {
				i := strings.IndexByte(content, '\t')
				if i < 0 {
					s.fields = append(s.fields, content)
					s.lines = append(s.lines, l.n)
					break
				}
				s.fields = append(s.fields, content[:i])
				s.lines = append(s.lines, l.n)
				content = content[i+1:]
			}
		}
		s.consume(used)
		if row, ok := s.row(); ok {
			rows = append(rows, row)
			notes = s.notes(row, notes)
		}
	}
	if len(rows) == 0 {
		return nil, nil, io.EOF
	}
	return rows, notes, nil
}

// peek returns the line i lines ahead of the next one to split, false when
// the dump has no more.
func (s *Scanner) peek(i int) (textLine, bool, error) {
	for len(s.ahead)-s.head <= i {
		if s.end {
			return textLine{}, false, nil
		}
		t, ok, err := s.d.next()
		if err != nil {
			return textLine{}, false, err
		}
		if !ok {
			s.end = true
			return textLine{}, false, nil
		}
		s.ahead = append(s.ahead, textLine{t, s.d.n})
	}
	return s.ahead[s.head+i], true, nil
}

// consume lets go of the next n lines, split.
func (s *Scanner) consume(n int) {
	s.head += n
	if s.head == len(s.ahead) {
		clear(s.ahead)
		s.ahead, s.head = s.ahead[:0], 0
	}
}

// norm is a line as encoding/csv reads it: "\r\n" is "\n", and a last line
// with no line feed loses a final "\r".
func norm(l string) string {
	switch {
	case strings.HasSuffix(l, "\r\n"):
		return l[:len(l)-2] + "\n"
	case !strings.HasSuffix(l, "\n"):
		return strings.TrimSuffix(l, "\r")
	}
	return l
}

// quoted splits the record that starts at the next line as encoding/csv
// reads Excel's quoting (tab-separated, a field that starts with a quote
// runs to the quote that closes it, doubled quotes inside, line breaks
// inside), into s.fields and s.lines. It returns how many lines the record
// takes, or 0 when its quoting does not hold together within maxQuoted
// lines: a quote inside a field that does not start with one, a closing
// quote followed by anything but a tab or the end of the line, a quote
// that does not close.
func (s *Scanner) quoted() (int, error) {
	first, _, _ := s.peek(0)
	line := norm(first.s)
	cur, used := first.n, 1
	s.buf, s.idx, s.lines = s.buf[:0], s.idx[:0], s.lines[:0]
	field := func(at int) {
		s.idx = append(s.idx, len(s.buf))
		s.lines = append(s.lines, at)
	}
fields:
	for {
		if len(line) == 0 || line[0] != '"' {
			i := strings.IndexByte(line, '\t')
			f := line
			if i >= 0 {
				f = f[:i]
			} else {
				f = strings.TrimSuffix(f, "\n")
			}
			if strings.IndexByte(f, '"') >= 0 {
				return 0, nil
			}
			s.buf = append(s.buf, f...)
			field(cur)
			if i < 0 {
				break
			}
			line = line[i+1:]
			continue
		}
		at := cur
		line = line[1:]
		for {
			i := strings.IndexByte(line, '"')
			switch {
			case i >= 0:
				s.buf = append(s.buf, line[:i]...)
				line = line[i+1:]
				switch {
				case strings.HasPrefix(line, `"`):
					s.buf = append(s.buf, '"')
					line = line[1:]
				case strings.HasPrefix(line, "\t"):
					line = line[1:]
					field(at)
					continue fields
				case line == "" || line == "\n":
					field(at)
					break fields
				default:
					return 0, nil
				}
			case len(line) > 0:
				// The field goes on at the next line.
				s.buf = append(s.buf, line...)
				if used == maxQuoted {
					return 0, nil
				}
				next, ok, err := s.peek(used)
				if err != nil {
					return 0, err
				}
				line = ""
				if ok {
					used++
					line = norm(next.s)
					if len(line) > 0 {
						cur++
					}
				}
			default:
				return 0, nil // the dump ends inside the field
			}
		}
	}
	str := string(s.buf)
	s.fields = s.fields[:0]
	prev := 0
	for _, i := range s.idx {
		s.fields = append(s.fields, str[prev:i])
		prev = i
	}
	return used, nil
}

// row makes a row of s.fields, each at its line of s.lines, leaving out
// the cells that hold only white space; false when that is all of them.
func (s *Scanner) row() (grid.Row, bool) {
	n := 0
	for _, f := range s.fields {
		if !blank(f) {
			n++
		}
	}
	if n == 0 {
		return grid.Row{}, false
	}
	row := grid.Row{Cells: make([]grid.Cell, 0, n), Pos: grid.Pos{Line: s.lines[0]}}
	for i, f := range s.fields {
		if blank(f) {
			continue
		}
		l := s.lines[i]
		p := grid.Pos{Line: l}
		if n := strings.Count(f, "\n"); n > 0 {
			p.EndLine = l + n
		}
		row.Cells = append(row.Cells, grid.Cell{Text: f, Row: s.rows, Col: i, RowSpan: 1, ColSpan: 1, Pos: p})
		row.Pos.EndLine = max(row.Pos.EndLine, p.EndLine)
	}
	s.rows++
	return row, true
}

// blank reports whether f is empty or white space, as strings.TrimSpace
// sees it.
func blank(f string) bool {
	for i := 0; i < len(f); i++ {
		switch c := f[i]; {
		case c >= 0x80:
			return strings.TrimSpace(f[i:]) == ""
		case c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f':
			return false
		}
	}
	return true
}

// notes appends to notes a note of each repair of the decoding at or
// before the line where row ends, the first row that does: those of one row
// in order of rank, else as they were found.
func (s *Scanner) notes(row grid.Row, notes []grid.Note) []grid.Note {
	if len(s.d.problems) == 0 {
		return notes
	}
	end := max(row.Pos.EndLine, row.Pos.Line)
	var here []problem
	rest := s.d.problems[:0]
	for _, p := range s.d.problems {
		if p.line <= end {
			here = append(here, p)
		} else {
			rest = append(rest, p)
		}
	}
	s.d.problems = rest
	slices.SortStableFunc(here, func(a, b problem) int { return a.rank - b.rank })
	c := row.Cells[0]
	for _, p := range here {
		notes = append(notes, grid.Note{Row: c.Row, Col: c.Col, Pos: grid.Pos{Line: p.line},
			Code: noteEncoding, Message: "line " + strconv.Itoa(p.line) + ": " + p.msg})
	}
	return notes
}
