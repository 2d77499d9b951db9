package doc

import (
	"context"
	"slices"
	"strings"
	"unicode/utf16"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/symbol"

	"golang.org/x/text/encoding/charmap"
)

// document is a .doc being read.
type document struct {
	ctx               context.Context
	word, table, data []byte // the WordDocument, table and Data streams
	fib               *fib
	pieces            []piece
	paps              []run[*pap]
	chps              []run[*chp]
	fonts             []string
	paras             []para
}

// piece is a run of the main text kept in one place of the WordDocument
// stream.
type piece struct {
	cp0, cp1   int // its characters, [cp0, cp1)
	fc         int // the byte offset of its first character
	compressed bool
}

// para is a paragraph of the main text: its text as shown, and the mark
// that ends it with that mark's properties.
type para struct {
	text    string
	mark    uint16 // '\r' or '\a', 0 for text the document leaves unended
	pap     *pap
	deleted bool // the mark is a tracked deletion
}

// read reads the main text into paragraphs.
func (d *document) read() error {
	var err error
	if d.pieces, err = d.readPieces(); err != nil {
		return err
	}
	if d.paps, err = d.readPaps(); err != nil {
		return err
	}
	if d.chps, err = d.readChps(); err != nil {
		return err
	}
	d.fonts = d.readFonts()
	return d.readText()
}

// readPieces reads the piece table: the CLX's Pcdt, after the Prcs of
// property modifications that come before it.
func (d *document) readPieces() ([]piece, error) {
	fc, lcb := d.fib.pair(iClx)
	clx, err := slice(d.table, fc, lcb, "piece table")
	if err != nil {
		return nil, err
	}
	i := 0
	for i < len(clx) && clx[i] == 0x01 {
		if i+3 > len(clx) {
			return nil, corrupt("its piece table is cut short")
		}
		cb := int(int16(u16(clx, i+1)))
		if cb < 0 {
			return nil, corrupt("its piece table is malformed")
		}
		i += 3 + cb
	}
	if i+5 > len(clx) || clx[i] != 0x02 {
		return nil, corrupt("its piece table is malformed")
	}
	n := int(u32(clx, i+1))
	plc, err := slice(clx, i+5, n, "piece table")
	if err != nil {
		return nil, err
	}
	if n < 16 || (n-4)%12 != 0 {
		return nil, corrupt("its piece table is malformed")
	}
	count := (n - 4) / 12
	if count > maxPieces {
		return nil, grid.Errorf(grid.ErrTooComplex, "the document's text is in %d pieces, more than the reader's limit of %d", count, maxPieces)
	}
	ps := make([]piece, 0, count)
	for k := range count {
		cp0, cp1 := int(u32(plc, 4*k)), int(u32(plc, 4*k+4))
		raw := u32(plc, 4*(count+1)+8*k+2)
		p := piece{cp0: cp0, cp1: cp1, fc: int(raw & 0x3FFFFFFF), compressed: raw&0x40000000 != 0}
		if p.compressed {
			p.fc /= 2
		}
		if cp1 < cp0 || (k > 0 && cp0 < ps[k-1].cp1) {
			return nil, corrupt("its piece table's pieces are out of order")
		}
		ps = append(ps, p)
	}
	return ps, nil
}

// readText reads the main text, character by character, into paragraphs.
func (d *document) readText() error {
	var b strings.Builder
	var fields []bool // the fields open: true once in the result
	var high uint16   // a high surrogate waiting for its low one
	visible := func() bool {
		for _, f := range fields {
			if !f {
				return false
			}
		}
		return true
	}
	end := d.fib.ccpText
	n := 0
	for _, p := range d.pieces {
		if p.cp0 >= end {
			break
		}
		last := min(p.cp1, end)
		width := 2
		if p.compressed {
			width = 1
		}
		if _, err := slice(d.word, p.fc, (last-p.cp0)*width, "text"); err != nil {
			return err
		}
		for cp := p.cp0; cp < last; cp++ {
			if n++; n&0xFFFF == 0 {
				if err := d.ctx.Err(); err != nil {
					return err
				}
			}
			fc := p.fc + (cp-p.cp0)*width
			var u uint16
			if p.compressed {
				u = uint16(charmap.Windows1252.DecodeByte(d.word[fc]))
			} else {
				u = u16(d.word, fc)
			}
			switch u {
			case '\r', 0x07:
				pp := d.papAt(fc)
				deleted := d.chpAt(fc).deleted
				if u == '\r' && deleted && !pp.inTable && pp.itap == 0 {
					continue // a deleted paragraph mark: the paragraph goes on
				}
				d.paras = append(d.paras, para{text: b.String(), mark: u, pap: pp, deleted: deleted})
				b.Reset()
				high = 0
				if u == 0x07 {
					fields = fields[:0] // no field goes past a cell
				}
				continue
			case 0x13:
				if len(fields) < maxDepth {
					fields = append(fields, false)
				}
				continue
			case 0x14:
				if len(fields) > 0 {
					fields[len(fields)-1] = true
				}
				continue
			case 0x15:
				if len(fields) > 0 {
					fields = fields[:len(fields)-1]
				}
				continue
			}
			if !visible() {
				continue
			}
			c := d.chpAt(fc)
			if c.deleted || c.hidden {
				continue
			}
			switch {
			case utf16.IsSurrogate(rune(u)) && u < 0xDC00:
				high = u
				continue
			case utf16.IsSurrogate(rune(u)):
				if high != 0 {
					b.WriteRune(utf16.DecodeRune(rune(high), rune(u)))
				}
				high = 0
				continue
			}
			high = 0
			b.WriteString(d.char(u, c))
		}
	}
	if strings.TrimSpace(b.String()) != "" {
		d.paras = append(d.paras, para{text: b.String(), pap: &pap{}})
	}
	return nil
}

// char returns what a character of the text shows.
func (d *document) char(u uint16, c *chp) string {
	switch u {
	case '\t':
		return "\t"
	case 0x0B, 0x0C, 0x0E: // line, page or section, and column breaks
		return "\n"
	case 0x1E: // non-breaking hyphen
		return "-"
	}
	if c.symbol != 0 {
		return symbol.Char(d.font(c.symFont), uint64(c.symbol))
	}
	if u < 0x20 || u == 0x1F {
		return "" // pictures, objects' anchors, note references, a soft hyphen
	}
	if u >= 0xF000 && u <= 0xF0FF {
		for _, f := range c.font {
			if name, ok := symbol.Font(d.font(f)); ok {
				return symbol.Char(name, uint64(u))
			}
		}
		return "" // a symbol font's glyph with no Unicode meaning known
	}
	return string(rune(u))
}

// font returns the name of font ftc, "" when it has none.
func (d *document) font(ftc int) string {
	if ftc < 0 || ftc >= len(d.fonts) {
		return ""
	}
	return d.fonts[ftc]
}

// readFonts reads the font table (SttbfFfn): the fonts' names, by index.
// A font table that cannot be read gives no names: only symbols go
// without.
func (d *document) readFonts() []string {
	fc, lcb := d.fib.pair(iSttbfFfn)
	b, err := slice(d.table, fc, lcb, "font table")
	if err != nil || len(b) < 4 {
		return nil
	}
	count := int(u16(b, 0))
	var names []string
	for i, pos := 0, 4; i < count && pos < len(b); i++ {
		size := int(b[pos]) + 1
		if pos+size > len(b) {
			break
		}
		rec := b[pos : pos+size]
		var name []uint16
		for j := 40; j+1 < len(rec); j += 2 {
			c := u16(rec, j)
			if c == 0 {
				break
			}
			name = append(name, c)
		}
		names = append(names, string(utf16.Decode(name)))
		pos += size
	}
	return names
}

// pap is what the reader takes from a paragraph's properties.
type pap struct {
	inTable   bool // sprmPFInTable
	ttp       bool // sprmPFTtp: the mark ends a table row
	innerCell bool // sprmPFInnerTableCell: the mark ends a nested table's cell
	innerTtp  bool // sprmPFInnerTtp: the mark ends a nested table's row
	itap      int  // sprmPItap: the table nesting depth, 0 outside tables
	tap       *tap // a row-end mark's table definition
}

// depth returns the paragraph's table nesting depth.
func (p *pap) depth() int {
	if p.itap > 0 {
		return p.itap
	}
	if p.inTable {
		return 1
	}
	return 0
}

// tap is what the reader takes from a row's table definition.
type tap struct {
	edges []int   // the cells' edges, in twips (rgdxaCenter)
	horz  []uint8 // each cell's horizontal merge flag: 1 first, 2 or 3 merged into the one before
	vert  []uint8 // each cell's vertical merge flag: 3 restart, 1 merged into the one above
}

// run is the properties of the characters (or paragraph marks) whose
// offsets lie in [fc0, fc1).
type run[T any] struct {
	fc0, fc1 int
	props    T
}

// clean sorts runs by their start and drops the empty ones and those that
// overlap the one before them (a damaged page's), so that a binary search
// finds one run.
func clean[T any](runs []run[T]) []run[T] {
	slices.SortStableFunc(runs, func(a, b run[T]) int { return a.fc0 - b.fc0 })
	keep := runs[:0]
	for _, r := range runs {
		if r.fc1 <= r.fc0 || len(keep) > 0 && r.fc0 < keep[len(keep)-1].fc1 {
			continue
		}
		keep = append(keep, r)
	}
	return keep
}

// at returns the properties of the run holding fc.
func at[T any](runs []run[T], fc int) (T, bool) {
	i, ok := slices.BinarySearchFunc(runs, fc, func(r run[T], fc int) int {
		switch {
		case fc < r.fc0:
			return 1
		case fc >= r.fc1:
			return -1
		}
		return 0
	})
	if !ok {
		var zero T
		return zero, false
	}
	return runs[i].props, true
}

// chp is what the reader takes from a run's character properties.
type chp struct {
	deleted bool   // sprmCFRMarkDel: a tracked deletion
	hidden  bool   // sprmCFVanish
	symbol  uint16 // sprmCSymbol's character, 0 when it has none
	symFont int    // sprmCSymbol's font
	font    [3]int // sprmCRgFtc0, 1 and 2, -1 when not set
}

var plain = &chp{font: [3]int{-1, -1, -1}, symFont: -1}

// papAt returns the properties of the paragraph whose mark is at fc.
func (d *document) papAt(fc int) *pap {
	if p, ok := at(d.paps, fc); ok {
		return p
	}
	return &pap{}
}

// chpAt returns the properties of the character at fc.
func (d *document) chpAt(fc int) *chp {
	if c, ok := at(d.chps, fc); ok {
		return c
	}
	return plain
}

// pages returns the FKP pages a bin table (PlcBtePapx, PlcBteChpx) names.
func (d *document) pages(pair int, what string) ([][]byte, error) {
	fc, lcb := d.fib.pair(pair)
	if lcb == 0 {
		return nil, nil
	}
	plc, err := slice(d.table, fc, lcb, what)
	if err != nil {
		return nil, err
	}
	if lcb < 12 || (lcb-4)%8 != 0 {
		return nil, corrupt("its %s is malformed", what)
	}
	n := (lcb - 4) / 8
	pages := make([][]byte, 0, n)
	for k := range n {
		pn := int(u32(plc, 4*(n+1)+4*k) & 0x3FFFFF)
		page, err := slice(d.word, pn*512, 512, what+" page")
		if err != nil {
			return nil, err
		}
		pages = append(pages, page)
	}
	return pages, nil
}

// readPaps reads the paragraph properties of the PAPX pages.
func (d *document) readPaps() ([]run[*pap], error) {
	pages, err := d.pages(iPlcfBtePapx, "paragraph properties")
	if err != nil {
		return nil, err
	}
	var runs []run[*pap]
	for _, page := range pages {
		crun := int(page[511])
		if 4*(crun+1)+13*crun > 511 {
			return nil, corrupt("a page of its paragraph properties is malformed")
		}
		for j := range crun {
			r := run[*pap]{fc0: int(u32(page, 4*j)), fc1: int(u32(page, 4*j+4)), props: &pap{}}
			if off := 2 * int(page[4*(crun+1)+13*j]); off > 0 {
				var g []byte
				if cb := int(page[off]); cb != 0 {
					g = page[min(off+1, 511):min(off+1+2*cb-1, 511)]
				} else if off+1 < 511 {
					cb = int(page[off+1])
					g = page[min(off+2, 511):min(off+2+2*cb, 511)]
				}
				if len(g) >= 2 {
					d.paragraphProps(r.props, g[2:], 0) // after the style's index
				}
			}
			runs = append(runs, r)
		}
	}
	return clean(runs), nil
}

// readChps reads the character properties of the CHPX pages.
func (d *document) readChps() ([]run[*chp], error) {
	pages, err := d.pages(iPlcfBteChpx, "character properties")
	if err != nil {
		return nil, err
	}
	var runs []run[*chp]
	for _, page := range pages {
		crun := int(page[511])
		if 4*(crun+1)+crun > 511 {
			return nil, corrupt("a page of its character properties is malformed")
		}
		for j := range crun {
			r := run[*chp]{fc0: int(u32(page, 4*j)), fc1: int(u32(page, 4*j+4)), props: plain}
			if off := 2 * int(page[4*(crun+1)+j]); off > 0 && off < 511 {
				cb := int(page[off])
				r.props = characterProps(page[off+1 : min(off+1+cb, 511)])
			}
			runs = append(runs, r)
		}
	}
	return clean(runs), nil
}
