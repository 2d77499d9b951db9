package form

import (
	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/model"
)

// lookahead is how many rows past a form's last row reading it looks at:
// its footer the next row, the money unit of a form with no indicator
// table up to eight rows past its header block. A form whose last row is
// this far from the end of the rows held reads the same whatever comes
// after.
const lookahead = 16

// tail is how far back from the end of the rows held a form still to come
// may start: its body starts at most 30 rows before the end (startsForm
// looks 30 rows ahead), and its header block at most 30 rows above its
// body (headerAbove).
const tail = 60

// Streamer reads the forms of a grid that comes a few rows at a time, as a
// text dump read as a stream does: Add the rows in order (a row's cells'
// Row not below the rows' before it), each batch with the notes at its
// rows, then Close. The forms are those Parse would find in the whole
// grid, in order, each handed back as soon as no row still to come can
// change it. A Streamer holds only the rows from the first one a form
// still to come may take, its preamble included, with one row above that
// (which an indicator table's heading looks at), so that memory is bounded
// by the largest form rather than the grid. The zero value is ready.
type Streamer struct {
	// Sheet is the grid's sheet, for a workbook's grid.
	Sheet string
	// Every is how many rows Add gathers, at least, before it reads again
	// what it holds; 0 means 1024. Add also waits for as many new rows as
	// it holds, so that each row is read a bounded number of times.
	Every int

	g       grid.Grid // the notes of the rows held
	lines   []line    // the rows held
	claimed int       // lines up to claimed are there only as the row above; -1 when none
	fresh   int       // rows added since the last read
	maxRow  int       // the largest Row of a cell added
	started bool
}

// Add adds rows, the next ones of the grid, and notes, those a reader
// found at them, and returns the forms that are complete. The Streamer
// keeps rows and notes: the caller must not change them.
func (s *Streamer) Add(rows []grid.Row, notes []grid.Note) []model.Form {
	return s.AddRows(ScanRows(rows, notes))
}

// Rows are rows of a grid, with the notes at them, scanned for a Streamer
// (the normalization and vocabulary of each cell, most of the work of
// adding rows): ScanRows may run on another goroutine than the Streamer.
type Rows struct {
	lines  []line
	notes  []grid.Note
	maxRow int
}

// ScanRows scans rows, with notes, the notes a reader found at them, for
// AddRows. The rows and notes are kept: the caller must not change them.
func ScanRows(rows []grid.Row, notes []grid.Note) *Rows {
	b := &Rows{lines: make([]line, len(rows)), notes: notes, maxRow: -1}
	for i := range rows {
		scanRow(&b.lines[i], &rows[i])
		for _, c := range rows[i].Cells {
			b.maxRow = max(b.maxRow, c.Row+max(c.RowSpan, 1)-1)
		}
	}
	return b
}

// AddRows is Add of rows ScanRows scanned.
func (s *Streamer) AddRows(b *Rows) []model.Form {
	if !s.started {
		s.started, s.claimed = true, -1
	}
	s.lines = append(s.lines, b.lines...)
	s.maxRow = max(s.maxRow, b.maxRow)
	s.g.Notes = append(s.g.Notes, b.notes...)
	s.fresh += len(b.lines)
	every := s.Every
	if every <= 0 {
		every = 1024
	}
	if s.fresh < every || s.fresh < len(s.lines)-s.fresh {
		return nil
	}
	return s.read(false)
}

// Close returns the forms still held, the grid being complete, and makes
// the Streamer ready for another grid.
func (s *Streamer) Close() []model.Form {
	if !s.started {
		return nil
	}
	forms := s.read(true)
	sheet, every := s.Sheet, s.Every
	*s = Streamer{Sheet: sheet, Every: every}
	return forms
}

// read reads the forms of the rows held, returns those that are complete
// (all of them at the end of the grid) and lets go of the rows no form
// still to come can take.
func (s *Streamer) read(end bool) []model.Form {
	s.fresh = 0
	s.g.Sheet = s.Sheet
	var forms []model.Form
	next := -1 // the first row a form still to come may take
	claimed := s.claimed
	parseFrom(&s.g, s.lines, s.claimed, func(p *parser) bool {
		if !end && p.last+lookahead >= len(s.lines) {
			next = p.first
			return false
		}
		forms = append(forms, p.form)
		claimed = p.last
		return true
	})
	if next < 0 {
		// No form is open: one may yet start near the end, its header
		// block, title and the lines around it (chain) above that.
		next = max(claimed+1, len(s.lines)-tail)
		for next-1 > claimed && s.lines[next-1].chain() {
			next--
		}
	}
	s.drop(next)
	return forms
}

// chain reports whether l may be one of the rows that preamble, the facts
// above a 项目名称 row or headerAbove take above a form's body, however
// far they run: a title, a year, a signature line, a money unit, project
// facts.
func (l *line) chain() bool {
	return l.isTitle() || l.isYear() || l.isSignature() || len(l.toks) == 1 && reMoneyUnit.MatchString(l.text()) || l.factsOnly()
}

// drop lets go of the rows above next but the one just above it, which
// becomes the claimed row, and of the notes no row held or to come has.
func (s *Streamer) drop(next int) {
	k := max(next-1, 0)
	s.claimed = next - 1 - k
	n := copy(s.lines, s.lines[k:])
	clear(s.lines[n:])
	s.lines = s.lines[:n]
	low := s.maxRow + 1 // the least Row a note still wanted may have
	for i := range s.lines {
		for _, c := range s.lines[i].row.Cells {
			low = min(low, c.Row)
		}
	}
	keep := s.g.Notes[:0]
	for _, n := range s.g.Notes {
		if n.Row >= low {
			keep = append(keep, n)
		}
	}
	clear(s.g.Notes[len(keep):])
	s.g.Notes = keep
}
