// Package pdf is jixiao's PDF reader: it turns the glyphs and rulings of
// a document's pages (package content) into one grid. Pages are laid on a
// canvas: a page whose ruled table carries on the previous page's table
// (the same left and right edges, nothing but the tables at the page
// break) is placed under it, and a page whose table has the row lines of
// an earlier page's table but other columns (a sheet printed without
// fit-to-width, its right-hand columns spilled onto another page) is
// placed to its right. A canvas is then read as tables and free text: the
// rulings of each table make a lattice whose cells, where no ruling
// divides them, merge into one cell that appears once, at its top-left,
// with its spans, whatever line its text was centred on; the glyphs inside
// a cell are joined line by line. Text outside tables becomes rows of its
// own, split into cells at wide gaps.
//
// Rows that Options.Keep says start no form are read and let go: only the
// rows around a form, and a few rows either side of other text, are kept,
// so memory follows the pages a form spans, not the document's length.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"math"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

// Options are the choices a caller of Read makes.
type Options struct {
	// Keep reports whether rows, those read since the last rows kept,
	// start a form. Rows that start none are let go but for a few either
	// side of them (a form's title before it, its signature lines after
	// it may stand on the next page). Keep must not keep or change rows.
	// A nil Keep keeps every row. It is called from Read's goroutine only.
	Keep func(rows []grid.Row) bool
	// Workers is how many pages of the document are read at a time: 1
	// reads them one after another, zero or less as many as Go runs at
	// once (GOMAXPROCS). The grid is the same whatever it is, and memory
	// still follows the pages a form spans: pages are laid on the grid in
	// order, and at most twice Workers are read ahead of the one laid.
	Workers int
	// OCR, when set, reads a page with no text layer but a scan (an image
	// that covers most of it) by OCR instead of failing; pages with text
	// are never read so. Pages are read by OCR one after another, in page
	// order, as they are laid on the grid.
	OCR *OCR
}

// Read reads a PDF's pages into one grid.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	doc, err := content.Open(data)
	if err != nil {
		return nil, readError(err, 0)
	}
	b := &builder{grid: &grid.Grid{}, keep: opts.Keep, ocr: opts.OCR}
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	add := func(s *sheet) error { return b.add(ctx, s) }
	if err := eachPage(ctx, doc, workers, opts.OCR != nil, add); err != nil {
		return nil, err
	}
	b.flush()
	switch {
	case b.text == 0 && doc.CutShort():
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged PDF: cut short: it ends before its cross-reference table, and the pages it still holds draw no text")
	case b.text == 0 && b.damage != "":
		// A page whose stream or font is damaged draws nothing: no text
		// because of the damage, not a scan.
		return nil, &grid.Error{Pos: grid.Pos{Page: b.damagePage}, Err: grid.Errorf(grid.ErrCorrupt, "damaged PDF: %s", b.damage)}
	case b.text == 0 && b.scans > 0:
		return nil, grid.Errorf(grid.ErrNoText, "no text layer, and OCR found no text in its scan")
	case b.text == 0 && b.undecoded > 0:
		return nil, grid.Errorf(grid.ErrNoText, "no readable text layer: its fonts map their glyphs to no characters")
	case b.text == 0:
		return nil, grid.Errorf(grid.ErrNoText, "%s", grid.ErrNoText)
	}
	return []*grid.Grid{b.grid}, nil
}

// eachPage reads the document's pages, workers at a time, and hands each
// to add in page order, from the calling goroutine. The error is that of
// the first page, in page order, that fails (or whose add fails), as one
// page after another would give; when it returns, no page is being read.
// With ocr, a scanned page is handed over as its scan, for add to read.
func eachPage(ctx context.Context, doc *content.Doc, workers int, ocr bool, add func(*sheet) error) error {
	n := doc.NumPages()
	if workers <= 1 || n <= 1 {
		for i := 1; i <= n; i++ {
			s, err := readPage(ctx, doc, i, ocr)
			if err != nil {
				return err
			}
			if err := add(s); err != nil {
				return err
			}
		}
		return nil
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait()
	}()
	type done struct {
		s        *sheet
		err      error
		panicked *pagePanic
	}
	// Each page read has a slot; slots queue in page order, and the queue
	// bounds how far ahead of add the pages are read.
	slots := make(chan chan done, 2*workers)
	running := make(chan struct{}, workers)
	wg.Add(1)
	go func() {
		defer wg.Done()
		defer close(slots)
		for i := 1; i <= n; i++ {
			slot := make(chan done, 1)
			select {
			case slots <- slot:
			case <-ctx.Done():
				return
			}
			select {
			case running <- struct{}{}:
			case <-ctx.Done():
				slot <- done{err: ctx.Err()}
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-running }()
				defer func() {
					// A panic is the caller's, as it is reading pages
					// one after another: handed over, it is raised
					// there, with where it happened.
					if r := recover(); r != nil {
						slot <- done{panicked: &pagePanic{value: r, stack: debug.Stack()}}
					}
				}()
				s, err := readPage(ctx, doc, i, ocr)
				slot <- done{s: s, err: err}
			}()
		}
	}()
	for slot := range slots {
		d := <-slot
		if d.panicked != nil {
			panic(d.panicked)
		}
		if d.err != nil {
			return d.err
		}
		if err := add(d.s); err != nil {
			return err
		}
	}
	// The queue closes early only when ctx is done.
	return ctx.Err()
}

// pagePanic is a panic raised while a page was read on a goroutine of
// its own, raised again on Read's: its value says what the panic said,
// and Stack where it happened.
type pagePanic struct {
	value any
	stack []byte
}

// Error returns what the panic said.
func (p *pagePanic) Error() string { return fmt.Sprint(p.value) }

// Stack returns the stack of the goroutine that panicked.
func (p *pagePanic) Stack() []byte { return p.stack }

// Unwrap returns the panic's value when it is an error.
func (p *pagePanic) Unwrap() error {
	err, _ := p.value.(error)
	return err
}

// testPanic, when a test sets it, is called as each page is read.
var testPanic func(page int)

// readPage reads page n and makes it ready to be laid on a canvas; with
// ocr, a page that is a scan is kept as it is, for OCR.
func readPage(ctx context.Context, doc *content.Doc, n int, ocr bool) (*sheet, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if testPanic != nil {
		testPanic(n)
	}
	p, err := doc.Page(ctx, n)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, readError(err, n)
	}
	if ocr {
		if ims := scanned(p); ims != nil {
			return &sheet{page: n, scan: p, images: ims}, nil
		}
	}
	return prepare(p), nil
}

// readError turns an error of package content into one of package grid's
// kinds, at its page when page is not 0.
func readError(err error, page int) error {
	var e error
	msg := err.Error()
	switch {
	case errors.Is(err, content.ErrPassword):
		e = grid.Errorf(grid.ErrEncrypted, "%s", grid.ErrEncrypted)
	case errors.Is(err, content.ErrTooComplex):
		e = grid.Errorf(grid.ErrTooComplex, "%s", msg)
	case errors.Is(err, content.ErrTooLarge):
		e = grid.Errorf(grid.ErrTooLarge, "%s", msg)
	case errors.Is(err, content.ErrDamaged):
		e = grid.Errorf(grid.ErrCorrupt, "%s", msg)
	default:
		e = grid.Errorf(grid.ErrCorrupt, "damaged PDF: %s", msg)
	}
	if page > 0 {
		return &grid.Error{Pos: grid.Pos{Page: page}, Err: e}
	}
	return e
}

// builder reads pages in order into a grid.
type builder struct {
	grid      *grid.Grid
	keep      func(rows []grid.Row) bool // Options.Keep
	cur       *canvas
	held      *sheet // a page with no table, until the next says where it goes
	row       int    // the next grid row index
	text      int    // glyphs with text seen
	undecoded int
	// damage is the first damage a page met, and damagePage its page.
	damage     string
	damagePage int
	keepFrom   int  // rows before this index of grid.Rows hold a form or are kept
	afterForm  bool // the rows before keepFrom end with a form
	ocr        *OCR // Options.OCR
	scans      int  // pages read by OCR
}

// sheet is a page made ready to be laid on a canvas: the glyphs a table
// reader reads, without page numbers, its rulings and its main table. It
// is made by the goroutine that read the page.
type sheet struct {
	pl        placed
	gs        []vglyph
	rules     []content.Rule
	text      int // glyphs with text
	undecoded int // glyphs whose font maps them to no character
	page      int
	damage    string // content.Page.Damage
	// scan and images are, for a page to read by OCR, the page and the
	// images it is made of.
	scan   *content.Page
	images []*content.Image
}

// prepare makes a page ready to be laid on a canvas.
func prepare(p *content.Page) *sheet {
	s := &sheet{rules: p.Rules, page: p.Number, damage: p.Damage}
	gs := make([]vglyph, 0, len(p.Glyphs))
	for _, g := range p.Glyphs {
		if g.Text == "\uFFFD" {
			s.undecoded++
			continue
		}
		space := blank(g.Text)
		if !space {
			s.text++ // text, even rotated: the document has a text layer
		}
		if !g.Upright || g.Size <= 0.5 {
			continue // a watermark, a rotated label, or dust
		}
		gs = append(gs, vglyph{text: g.Text, box: g.Box, size: g.Size, page: p.Number, orig: g.Box, space: space})
	}
	gs = dropPageNumbers(gs, p.Height)
	t := mainTable(p.Rules)
	pl := placed{page: p.Number, table: t, w: p.Width, h: p.Height}
	if t != nil {
		pl.first, pl.last = true, true
		for _, g := range gs {
			if g.space || g.box.X1 < t.x0-2 || g.box.X0 > t.x1+2 {
				continue
			}
			cy := (g.box.Y0 + g.box.Y1) / 2
			if cy > t.y1+1 {
				pl.first = false
			}
			if cy < t.y0-1 {
				pl.last = false
			}
		}
	}
	s.pl, s.gs = pl, gs
	return s
}

// blank reports whether a glyph's text is white space or nothing, as
// strings.TrimSpace would find it, with no call for the one-byte glyphs
// most are.
func blank(t string) bool {
	if len(t) == 1 {
		c := t[0]
		return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
	}
	return strings.TrimSpace(t) == ""
}

// add lays one page, in page order: under the open canvas's last page, to
// the right of one of its pages, or on a canvas of its own. A page with no
// table after a page whose table is the last thing on it (the signature
// lines of a sheet's first band of columns, printed down, then across) is
// held until the next page says where it goes: under that page when the
// next page spills onto the canvas, or when the canvas is a sheet's
// spilled bands already; else on a canvas of its own, as any page.
func (b *builder) add(ctx context.Context, s *sheet) error {
	if s.scan != nil {
		b.scans++
		return b.ocrPage(ctx, s.scan, s.images)
	}
	b.text += s.text
	b.undecoded += s.undecoded
	if s.damage != "" && b.damage == "" {
		b.damage, b.damagePage = s.damage, s.page
	}
	if h := b.held; h != nil {
		b.held = nil
		if s.pl.table != nil && b.cur.spillOf(&s.pl) != nil {
			b.cur.below(h)
		} else {
			b.lay(h)
		}
	}
	if c := b.cur; s.pl.table == nil && c != nil {
		if last := &c.pages[len(c.pages)-1]; last.table != nil && last.last && !last.covered {
			if c.spilled {
				c.below(s)
			} else {
				b.held = s
			}
			return nil
		}
	}
	b.lay(s)
	return nil
}

// lay lays a page on the open canvas, to the right of one of its pages or
// under one, or on a canvas of its own.
func (b *builder) lay(s *sheet) {
	pl, gs, t := s.pl, s.gs, s.pl.table
	if b.cur != nil && t != nil {
		if q := b.cur.spillOf(&pl); q != nil {
			pl.dx, pl.dy = q.dx+q.table.x1-t.x0, q.dy
			b.cur.spilled = true
			b.cur.put(pl, gs, s.rules)
			return
		}
		if q := b.cur.under(&pl); q != nil {
			pl.dx, pl.dy = q.dx+q.table.x0-t.x0, q.dy+q.table.y0-t.y1
			q.covered = true
			b.cur.put(pl, gs, s.rules)
			return
		}
	}
	b.flush()
	b.cur = &canvas{}
	b.cur.put(pl, gs, s.rules)
}

// flush reads the open canvas into grid rows, and lets go of the rows of
// text that holds no form.
func (b *builder) flush() {
	if h := b.held; h != nil {
		b.held = nil
		b.lay(h) // the last page: no page spills onto the canvas after it
	}
	c := b.cur
	if c == nil {
		return
	}
	b.cur = nil
	b.layout(c)
	b.trim()
}

// trim lets go of rows that cannot belong to a form: when Keep says the
// rows since the last kept ones start no form, only their last few stay (a
// title may precede a form on the next page), and their first few too when
// a form came before them (its signature lines may follow it on the next
// page).
func (b *builder) trim() {
	const margin = 6
	rows := b.grid.Rows
	pending := rows[b.keepFrom:]
	if len(pending) == 0 {
		return
	}
	if b.keep == nil || b.keep(slices.Clip(pending)) {
		b.keepFrom = len(rows)
		b.afterForm = true
		return
	}
	head := 0
	if b.afterForm {
		head = margin
	}
	if len(pending) <= head+margin {
		return
	}
	kept := append(slices.Clone(pending[:head]), pending[len(pending)-margin:]...)
	b.grid.Rows = append(rows[:b.keepFrom:b.keepFrom], kept...)
	b.keepFrom += head
	b.afterForm = false
}

// item is a row of a canvas before it joins the grid: a table's lattice
// row or a line of free text, with the height it starts at.
type item struct {
	top float64
	// A free line's: its bottom, its cells' boxes on the canvas, their
	// glyphs, the ends of their last lines, the largest glyph size.
	bottom float64
	boxes  []content.Rect
	first  [][]int
	ends   []float64
	size   float64
	pos    grid.Pos    // where a table's row is; a free line's is its first cell's
	cells  []grid.Cell // grid.Row to be set; Col set
	order  int
}

// layout reads a canvas's tables and free text into grid rows.
func (b *builder) layout(c *canvas) {
	tables := findTables(c.rules)
	lat := make([]*lattice, len(tables))
	for i, t := range tables {
		lat[i] = newLattice(t)
	}
	free := make([]int, 0, len(c.glyphs))
	for i := range c.glyphs {
		g := &c.glyphs[i]
		cx, cy := (g.box.X0+g.box.X1)/2, (g.box.Y0+g.box.Y1)/2
		placedIn := false
		for _, l := range lat {
			if l.take(i, cx, cy) {
				placedIn = true
				break
			}
		}
		if !placedIn {
			free = append(free, i)
		}
	}
	for _, l := range lat {
		l.settle(c.glyphs)
	}
	var items []item
	for ti, l := range lat {
		items = append(items, l.items(c, ti)...)
	}
	items = append(items, freeItems(c.glyphs, free, lat)...)
	slices.SortStableFunc(items, func(a, b item) int {
		if math.Abs(a.top-b.top) > 0.5 {
			return cmpF(b.top, a.top)
		}
		return a.order - b.order
	})
	for _, it := range items {
		row := grid.Row{Pos: it.pos}
		for _, cell := range it.cells {
			cell.Row = b.row
			row.Cells = append(row.Cells, cell)
		}
		if len(row.Cells) > 0 {
			if row.Pos.Page == 0 {
				row.Pos = row.Cells[0].Pos
			}
			b.grid.Rows = append(b.grid.Rows, row)
		}
		b.row++
	}
}
