// Package txt reads text dumps of forms: tab-separated lines in UTF-8,
// GB18030 or UTF-16, as spreadsheets export them, into one grid.
package txt

import (
	"context"
	"encoding/csv"
	"errors"
	"io"
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
// Encoding is the one data was in (see decode).
//
// When the quoting does not hold together (a stray quote in text that no
// spreadsheet wrote), the lines are read again as plain tab-separated text.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	var d *decoded
	var err error
	if opts.Encoding != "" {
		d, err = decodeAs(data, opts.Encoding)
	} else {
		d, err = decode(data)
	}
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	g, err := split(d.text, true)
	if err != nil {
		g, _ = split(d.text, false)
	}
	g.Encoding = d.enc
	g.Notes = d.notes(g)
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
