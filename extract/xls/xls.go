// Package xls reads an Excel 97–2003 workbook (.xls, BIFF8; WPS saves its
// .et spreadsheets in the same format): one grid for each visible
// worksheet, in the workbook's order, named by the sheet, the cells in
// the sheet's own coordinates with their sheet and reference, as package
// xlsx gives them.
//
// The workbook is the Workbook (or Book) stream of an OLE2 compound file,
// read with mscfb. Its records: BOUNDSHEET (the sheets, their order,
// hidden ones skipped), SST with its CONTINUE records (a string split
// across a CONTINUE goes on with a new option-flags byte), FORMAT and XF
// (each cell's number format, shown through package numfmt), DATEMODE
// (1904 dates); and in each sheet LABELSST, LABEL, NUMBER, RK, MULRK,
// BOOLERR, FORMULA with its cached value (a string result in the STRING
// record after it) and MERGEDCELLS. A NUMBER is the shortest decimal that
// reads back as its double, an RK the exact integer or hundredths it
// encodes.
//
// A workbook with a FILEPASS record fails with grid.ErrEncrypted; one in
// BIFF5/7 (Excel 5.0–95) with grid.ErrLegacy; a damaged one with
// grid.ErrCorrupt, never a panic; one past the limits of Options with
// grid.ErrTooLarge or grid.ErrTooComplex.
package xls

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf16"

	"github.com/richardlehane/mscfb"
	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/xlsx/numfmt"
)

// Options are the limits of Read. A zero field is its default.
type Options struct {
	MaxStream  int // bytes of the Workbook stream, 256 MiB by default
	MaxRecords int // records, 8 Mi by default
	MaxStrings int // shared strings, 4 Mi by default
	MaxCells   int // cells of all sheets, 4 Mi by default
}

func (o Options) withDefaults() Options {
	o.MaxStream = cmp.Or(o.MaxStream, 256<<20)
	o.MaxRecords = cmp.Or(o.MaxRecords, 8<<20)
	o.MaxStrings = cmp.Or(o.MaxStrings, 4<<20)
	o.MaxCells = cmp.Or(o.MaxCells, 4<<20)
	return o
}

// Record types.
const (
	recBOF        = 0x0809
	recEOF        = 0x000A
	recFILEPASS   = 0x002F
	recCODEPAGE   = 0x0042
	recDATEMODE   = 0x0022
	recBOUNDSHEET = 0x0085
	recSST        = 0x00FC
	recCONTINUE   = 0x003C
	recFORMAT     = 0x041E
	recXF         = 0x00E0
	recLABELSST   = 0x00FD
	recLABEL      = 0x0204
	recNUMBER     = 0x0203
	recRK         = 0x027E
	recMULRK      = 0x00BD
	recBOOLERR    = 0x0205
	recFORMULA    = 0x0006
	recSTRING     = 0x0207
	recMERGED     = 0x00E5
)

func corrupt(format string, args ...any) error {
	return grid.Errorf(grid.ErrCorrupt, "damaged Excel 97–2003 workbook (.xls): "+format, args...)
}

// record is one record of the stream, with the CONTINUE records after it.
type record struct {
	typ  uint16
	pos  int      // its offset in the stream
	data [][]byte // its data, then each CONTINUE's
}

// Read reads an .xls workbook's visible worksheets into grids, as the
// package comment says, within the limits of opts.
func Read(ctx context.Context, data []byte, opts Options) (grids []*grid.Grid, err error) {
	opts = opts.withDefaults()
	stream, err := workbookStream(data, opts)
	if err != nil {
		return nil, err
	}
	return readStream(ctx, stream, opts)
}

// workbookStream returns the Workbook (or Book) stream of a compound file.
func workbookStream(data []byte, opts Options) (b []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			b, err = nil, corrupt("its compound file structure is broken (%v)", r)
		}
	}()
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		if strings.Contains(err.Error(), "EOF") {
			return nil, corrupt("it is cut short")
		}
		return nil, corrupt("its compound file structure is broken (%v)", err)
	}
	var book *mscfb.File
	for _, f := range r.File {
		if len(f.Path) != 0 {
			continue
		}
		switch f.Name {
		case "Workbook":
			book = f
		case "Book":
			if book == nil {
				book = f
			}
		case "EncryptedPackage":
			return nil, grid.Errorf(grid.ErrEncrypted, "the workbook is password-protected (an encrypted Office file)")
		}
	}
	if book == nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "not an Excel 97–2003 workbook: the compound file has no Workbook stream")
	}
	if book.Size > int64(len(data)) {
		return nil, corrupt("its Workbook stream claims %d bytes, more than the file holds", book.Size)
	}
	if book.Size > int64(opts.MaxStream) {
		return nil, grid.Errorf(grid.ErrTooLarge, "a Workbook stream of %d bytes, over the %d-byte limit", book.Size, opts.MaxStream)
	}
	b = make([]byte, book.Size)
	if _, err := io.ReadFull(book, b); err != nil {
		return nil, corrupt("its Workbook stream cannot be read (%v)", err)
	}
	return b, nil
}

// sheetRef is a sheet as BOUNDSHEET lists it.
type sheetRef struct {
	name   string
	pos    int
	hidden bool
	work   bool // a worksheet (or dialog sheet), not a chart or macro sheet
}

// cell is a cell of a sheet, with what it shows.
type cell struct {
	row, col int
	text     string
}

// book is the state of the read.
type book struct {
	opts     Options
	sst      []string
	formats  map[int]string // FORMAT codes by index
	xfs      []int          // each XF's format index
	parsed   map[int]*numfmt.Format
	date1904 bool
	cells    int
}

func readStream(ctx context.Context, s []byte, opts Options) ([]*grid.Grid, error) {
	recs, err := records(s, opts)
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 || recs[0].typ != recBOF {
		return nil, corrupt("the Workbook stream does not start with a BOF record")
	}
	if v := u16(recs[0].data[0], 0); v != 0x0600 {
		if v == 0x0500 {
			return nil, grid.Errorf(grid.ErrLegacy, "an Excel 5.0/95 workbook (BIFF5), older than Excel 97: open it in Excel or WPS and save it as .xlsx")
		}
		return nil, grid.Errorf(grid.ErrLegacy, "an Excel workbook older than Excel 97 (BIFF version %#x): open it in Excel or WPS and save it as .xlsx", v)
	}
	b := &book{opts: opts, formats: map[int]string{}, parsed: map[int]*numfmt.Format{}}
	var sheets []sheetRef
	i := 1
globals:
	for ; i < len(recs); i++ {
		r := recs[i]
		d := r.data[0]
		switch r.typ {
		case recEOF:
			i++
			break globals
		case recFILEPASS:
			return nil, grid.Errorf(grid.ErrEncrypted, "the workbook is password-protected")
		case recDATEMODE:
			b.date1904 = u16(d, 0) == 1
		case recFORMAT:
			if len(d) < 2 {
				return nil, corrupt("a FORMAT record of %d bytes", len(d))
			}
			code, _, ok := unicodeString(&chunks{parts: r.data, off: 2}, 2)
			if !ok {
				return nil, corrupt("a FORMAT record is cut short")
			}
			b.formats[int(u16(d, 0))] = code
		case recXF:
			b.xfs = append(b.xfs, int(u16(d, 2)))
		case recBOUNDSHEET:
			if len(d) < 8 {
				return nil, corrupt("a BOUNDSHEET record of %d bytes", len(d))
			}
			name, _, ok := unicodeString(&chunks{parts: r.data, off: 6}, 1)
			if !ok {
				return nil, corrupt("a BOUNDSHEET record is cut short")
			}
			sheets = append(sheets, sheetRef{name: name, pos: int(binary.LittleEndian.Uint32(d)), hidden: d[4]&3 != 0, work: d[5] == 0 || d[5] == 1})
		case recSST:
			if err := b.readSST(r); err != nil {
				return nil, err
			}
		}
	}
	// The sheets' substreams, by where they start.
	byPos := map[int]int{}
	for j := i; j < len(recs); j++ {
		if recs[j].typ == recBOF {
			byPos[recs[j].pos] = j
		}
	}
	var grids []*grid.Grid
	for _, sh := range sheets {
		if sh.hidden || !sh.work {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		j, ok := byPos[sh.pos]
		if !ok {
			return nil, &grid.Error{Pos: grid.Pos{Sheet: sh.name}, Err: corrupt("the sheet's records are not where the workbook says")}
		}
		g, err := b.sheet(sh.name, recs[j+1:])
		if err != nil {
			return nil, err
		}
		grids = append(grids, g)
	}
	return grids, nil
}

// records splits the stream into records, each CONTINUE kept with the
// record before it.
func records(s []byte, opts Options) ([]record, error) {
	var recs []record
	for off := 0; off+4 <= len(s); {
		typ, n := u16(s, off), int(u16(s, off+2))
		if off+4+n > len(s) {
			if typ == 0 && n == 0 {
				break
			}
			return nil, corrupt("a record at byte %d runs past the end of the stream", off)
		}
		d := s[off+4 : off+4+n]
		if typ == recCONTINUE && len(recs) > 0 {
			recs[len(recs)-1].data = append(recs[len(recs)-1].data, d)
		} else {
			if len(recs) >= opts.MaxRecords {
				return nil, grid.Errorf(grid.ErrTooComplex, "more than %d records", opts.MaxRecords)
			}
			recs = append(recs, record{typ: typ, pos: off, data: [][]byte{d}})
		}
		off += 4 + n
	}
	return recs, nil
}

func u16(b []byte, off int) uint16 {
	if off+2 > len(b) {
		return 0
	}
	return binary.LittleEndian.Uint16(b[off:])
}

// chunks reads a record's data across its CONTINUE records.
type chunks struct {
	parts [][]byte
	part  int
	off   int
}

// next moves to the next CONTINUE when the current one is read.
func (c *chunks) next() bool {
	for c.part < len(c.parts) && c.off >= len(c.parts[c.part]) {
		if c.part+1 >= len(c.parts) {
			return false
		}
		c.part, c.off = c.part+1, 0
	}
	return c.part < len(c.parts)
}

func (c *chunks) byte() (byte, bool) {
	if !c.next() {
		return 0, false
	}
	v := c.parts[c.part][c.off]
	c.off++
	return v, true
}

func (c *chunks) uint(n int) (uint32, bool) {
	var v uint32
	for i := range n {
		x, ok := c.byte()
		if !ok {
			return 0, false
		}
		v |= uint32(x) << (8 * i)
	}
	return v, true
}

func (c *chunks) skip(n int) bool {
	for n > 0 {
		if !c.next() {
			return false
		}
		k := min(n, len(c.parts[c.part])-c.off)
		c.off += k
		n -= k
	}
	return true
}

// unicodeString reads an XLUnicodeString (a count of lenSize bytes, the
// option flags, the characters, rich-text runs and phonetic data). Where
// its characters go on in a CONTINUE record, that record starts with a
// new flags byte saying whether they are compressed (one byte each) or
// UTF-16.
func unicodeString(c *chunks, lenSize int) (string, bool, bool) {
	n, ok := c.uint(lenSize)
	if !ok {
		return "", false, false
	}
	flags, ok := c.byte()
	if !ok {
		return "", false, false
	}
	var runs, ext uint32
	if flags&0x08 != 0 {
		if runs, ok = c.uint(2); !ok {
			return "", false, false
		}
	}
	if flags&0x04 != 0 {
		if ext, ok = c.uint(4); !ok {
			return "", false, false
		}
	}
	wide := flags&0x01 != 0
	units := make([]uint16, 0, n)
	for len(units) < int(n) {
		if c.off >= len(c.parts[c.part]) { // the characters go on in a CONTINUE, after its own flags
			if !c.next() {
				return "", false, false
			}
			f, _ := c.byte()
			wide = f&0x01 != 0
			continue
		}
		p := c.parts[c.part]
		if wide {
			if c.off+2 > len(p) {
				return "", false, false // a character split across records
			}
			units = append(units, binary.LittleEndian.Uint16(p[c.off:]))
			c.off += 2
		} else {
			units = append(units, uint16(p[c.off]))
			c.off++
		}
	}
	if !c.skip(int(runs)*4 + int(ext)) {
		return "", false, false
	}
	return string(utf16.Decode(units)), true, true
}

// readSST reads the shared string table.
func (b *book) readSST(r record) error {
	c := &chunks{parts: r.data, off: 8}
	if len(r.data[0]) < 8 {
		return corrupt("an SST record of %d bytes", len(r.data[0]))
	}
	n := int(binary.LittleEndian.Uint32(r.data[0][4:]))
	if n > b.opts.MaxStrings {
		return grid.Errorf(grid.ErrTooComplex, "a shared string table of %d strings, over the %d limit", n, b.opts.MaxStrings)
	}
	b.sst = make([]string, 0, min(n, 1<<16))
	for range n {
		s, _, ok := unicodeString(c, 2)
		if !ok {
			return corrupt("the shared string table is cut short at string %d of %d", len(b.sst), n)
		}
		b.sst = append(b.sst, s)
	}
	return nil
}

// format returns the number format of an XF.
func (b *book) format(xf int) *numfmt.Format {
	id := 0
	if xf >= 0 && xf < len(b.xfs) {
		id = b.xfs[xf]
	}
	if f, ok := b.parsed[id]; ok {
		return f
	}
	// The built-in date and time formats show as the system's locale
	// says, whatever FORMAT record the writer left (LibreOffice writes
	// en-US M/D/YYYY for 14): as a zh-CN Excel shows them.
	code, ok := b.formats[id]
	if bc, builtin := numfmt.Builtin(id); builtin && (!ok || id >= 14 && id <= 22) {
		code, ok = bc, true
	}
	if !ok {
		code = "General"
	}
	f := numfmt.Parse(code)
	b.parsed[id] = f
	return f
}

// number shows a double through an XF's format.
func (b *book) number(xf int, f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "#NUM!"
	}
	return b.format(xf).Number(decimalText(f), b.date1904)
}

// decimalText is the shortest decimal that reads back as f, in plain
// decimal notation.
func decimalText(f float64) string {
	d, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', -1, 64))
	if err != nil {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return d.String()
}

// rk decodes an RK value exactly: an integer or a double's top 32 bits,
// divided by 100 when its flag says so.
func rk(v uint32) string {
	var d decimal.Decimal
	if v&2 != 0 {
		d = decimal.NewFromInt(int64(int32(v) >> 2))
	} else {
		d, _ = decimal.NewFromString(decimalText(math.Float64frombits(uint64(v&^3) << 32)))
	}
	if v&1 != 0 {
		d = d.Shift(-2)
	}
	return d.String()
}

var errorCodes = map[byte]string{0x00: "#NULL!", 0x07: "#DIV/0!", 0x0F: "#VALUE!", 0x17: "#REF!", 0x1D: "#NAME?", 0x24: "#NUM!", 0x2A: "#N/A"}

// sheet reads a sheet's records, up to its EOF, into a grid.
func (b *book) sheet(name string, recs []record) (*grid.Grid, error) {
	var cells []cell
	var merges []rect
	add := func(row, col int, text string) error {
		if strings.TrimSpace(text) == "" {
			return nil
		}
		if b.cells++; b.cells > b.opts.MaxCells {
			return grid.Errorf(grid.ErrTooComplex, "more than %d cells", b.opts.MaxCells)
		}
		cells = append(cells, cell{row, col, text})
		return nil
	}
	short := func(r record, n int) error {
		if len(r.data[0]) < n {
			return &grid.Error{Pos: grid.Pos{Sheet: name}, Err: corrupt("a record %#04x of %d bytes, short of %d", r.typ, len(r.data[0]), n)}
		}
		return nil
	}
	for i := 0; i < len(recs); i++ {
		r := recs[i]
		d := r.data[0]
		row, col, xf := int(u16(d, 0)), int(u16(d, 2)), int(u16(d, 4))
		var err error
		switch r.typ {
		case recEOF:
			return buildGrid(name, cells, merges), nil
		case recBOF:
			return nil, &grid.Error{Pos: grid.Pos{Sheet: name}, Err: corrupt("the sheet's records end with no EOF")}
		case recLABELSST:
			if err = short(r, 10); err == nil {
				k := int(binary.LittleEndian.Uint32(d[6:]))
				if k >= len(b.sst) {
					return nil, &grid.Error{Pos: grid.Pos{Sheet: name, Ref: grid.CellName(row, col)}, Err: corrupt("the cell refers to shared string %d, and there are %d", k, len(b.sst))}
				}
				err = add(row, col, b.format(xf).Text(b.sst[k]))
			}
		case recLABEL:
			if err = short(r, 9); err == nil {
				s, _, ok := unicodeString(&chunks{parts: r.data, off: 6}, 2)
				if !ok {
					return nil, &grid.Error{Pos: grid.Pos{Sheet: name, Ref: grid.CellName(row, col)}, Err: corrupt("a LABEL record is cut short")}
				}
				err = add(row, col, b.format(xf).Text(s))
			}
		case recNUMBER:
			if err = short(r, 14); err == nil {
				err = add(row, col, b.number(xf, math.Float64frombits(binary.LittleEndian.Uint64(d[6:]))))
			}
		case recRK:
			if err = short(r, 10); err == nil {
				err = add(row, col, b.format(xf).Number(rk(binary.LittleEndian.Uint32(d[6:])), b.date1904))
			}
		case recMULRK:
			if err = short(r, 6); err == nil {
				for k := 4; k+6 <= len(d)-2 && err == nil; k, col = k+6, col+1 {
					err = add(row, col, b.format(int(u16(d, k))).Number(rk(binary.LittleEndian.Uint32(d[k+2:])), b.date1904))
				}
			}
		case recBOOLERR:
			if err = short(r, 8); err == nil {
				t := "FALSE"
				switch {
				case d[7] != 0:
					t = errorCodes[d[6]]
				case d[6] != 0:
					t = "TRUE"
				}
				err = add(row, col, t)
			}
		case recFORMULA:
			if err = short(r, 20); err == nil {
				v := d[6:14]
				if v[6] != 0xFF || v[7] != 0xFF {
					err = add(row, col, b.number(xf, math.Float64frombits(binary.LittleEndian.Uint64(v))))
					break
				}
				switch v[0] {
				case 0: // a string, in the STRING record that follows
					if i+1 < len(recs) && recs[i+1].typ == recSTRING {
						i++
						s, _, ok := unicodeString(&chunks{parts: recs[i].data}, 2)
						if !ok {
							return nil, &grid.Error{Pos: grid.Pos{Sheet: name, Ref: grid.CellName(row, col)}, Err: corrupt("a STRING record is cut short")}
						}
						err = add(row, col, b.format(xf).Text(s))
					}
				case 1:
					err = add(row, col, map[bool]string{true: "TRUE", false: "FALSE"}[v[2] != 0])
				case 2:
					err = add(row, col, errorCodes[v[2]])
				}
			}
		case recMERGED:
			n := int(u16(d, 0))
			for k := 0; k < n && 2+8*k+8 <= len(d); k++ {
				p := 2 + 8*k
				r0, r1, c0, c1 := int(u16(d, p)), int(u16(d, p+2)), int(u16(d, p+4)), int(u16(d, p+6))
				merges = append(merges, rect{min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)})
			}
		}
		if err != nil {
			return nil, err
		}
	}
	return nil, &grid.Error{Pos: grid.Pos{Sheet: name}, Err: corrupt("the sheet's records end with no EOF")}
}

// rect is a merged range, inclusive, 0-based.
type rect struct{ r0, c0, r1, c1 int }

// buildGrid lays out a sheet's cells as a grid: sorted, a merge's top-left
// with its span, the cells a merge covers dropped.
func buildGrid(sheet string, cells []cell, merges []rect) *grid.Grid {
	g := &grid.Grid{Sheet: sheet}
	slices.SortStableFunc(cells, func(a, b cell) int { return cmp.Or(a.row-b.row, a.col-b.col) })
	cells = slices.CompactFunc(cells, func(a, b cell) bool { return a.row == b.row && a.col == b.col })
	for _, c := range cells {
		rowSpan, colSpan, covered := 1, 1, false
		for _, m := range merges {
			if c.row < m.r0 || c.row > m.r1 || c.col < m.c0 || c.col > m.c1 {
				continue
			}
			if c.row == m.r0 && c.col == m.c0 {
				rowSpan, colSpan = m.r1-m.r0+1, m.c1-m.c0+1
			} else {
				covered = true
			}
			break
		}
		if covered {
			continue
		}
		pos := grid.Pos{Sheet: sheet, Ref: grid.CellName(c.row, c.col)}
		if n := len(g.Rows); n == 0 || g.Rows[n-1].Cells[0].Row != c.row {
			g.Rows = append(g.Rows, grid.Row{Pos: pos})
		}
		r := &g.Rows[len(g.Rows)-1]
		r.Cells = append(r.Cells, grid.Cell{Text: c.text, Row: c.row, Col: c.col, RowSpan: rowSpan, ColSpan: colSpan, Pos: pos})
	}
	return g
}
