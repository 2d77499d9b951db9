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
	"math"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

// Options are the choices a caller of Read makes.
type Options struct {
	// Keep reports whether rows, those read since the last rows kept,
	// start a form. Rows that start none are let go but for a few either
	// side of them (a form's title before it, its signature lines after
	// it may stand on the next page). Keep must not keep or change rows.
	// A nil Keep keeps every row.
	Keep func(rows []grid.Row) bool
	// OCR, when set, reads a page with no text layer but a scan (an image
	// that covers most of it) by OCR instead of failing; pages with text
	// are never read so.
	OCR *OCR
}

// Read reads a PDF's pages into one grid.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	doc, err := content.Open(data)
	if err != nil {
		return nil, readError(err, 0)
	}
	b := &builder{grid: &grid.Grid{}, keep: opts.Keep, ocr: opts.OCR}
	for n := 1; n <= doc.NumPages(); n++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		p, err := doc.Page(ctx, n)
		if err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, readError(err, n)
		}
		if b.ocr != nil {
			if ims := scanned(p); ims != nil {
				b.scans++
				if err := b.ocrPage(ctx, p, ims); err != nil {
					return nil, err
				}
				continue
			}
		}
		b.add(p)
	}
	b.flush()
	switch {
	case b.text == 0 && b.scans > 0:
		return nil, grid.Errorf(grid.ErrNoText, "no text layer, and OCR found no text in its scan")
	case b.text == 0 && b.undecoded > 0:
		return nil, grid.Errorf(grid.ErrNoText, "no readable text layer: its fonts map their glyphs to no characters")
	case b.text == 0:
		return nil, grid.Errorf(grid.ErrNoText, "%s", grid.ErrNoText)
	}
	return []*grid.Grid{b.grid}, nil
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
	row       int // the next grid row index
	text      int // glyphs with text seen
	undecoded int
	keepFrom  int  // rows before this index of grid.Rows hold a form or are kept
	afterForm bool // the rows before keepFrom end with a form
	ocr       *OCR // Options.OCR
	scans     int  // pages read by OCR
}

// add takes one page.
func (b *builder) add(p *content.Page) {
	var gs []vglyph
	for _, g := range p.Glyphs {
		if g.Text == "\uFFFD" {
			b.undecoded++
			continue
		}
		space := strings.TrimSpace(g.Text) == ""
		if !space {
			b.text++ // text, even rotated: the document has a text layer
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
	if b.cur != nil && t != nil {
		if q := b.cur.spillOf(t); q != nil {
			pl.dx, pl.dy = q.dx+q.table.x1-t.x0, q.dy+q.table.y1-t.y1
			b.cur.put(pl, gs, p.Rules)
			return
		}
		if last := &b.cur.pages[len(b.cur.pages)-1]; pl.first && last.table != nil && last.last &&
			math.Abs(last.table.x0-t.x0) < 3 && math.Abs(last.table.x1-t.x1) < 3 {
			pl.dx, pl.dy = last.dx+last.table.x0-t.x0, last.dy+last.table.y0-t.y1
			b.cur.put(pl, gs, p.Rules)
			return
		}
	}
	b.flush()
	b.cur = &canvas{}
	b.cur.put(pl, gs, p.Rules)
}

// flush reads the open canvas into grid rows, and lets go of the rows of
// text that holds no form.
func (b *builder) flush() {
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
