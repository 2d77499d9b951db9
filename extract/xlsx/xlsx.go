// Package xlsx reads a workbook (.xlsx, .xlsm) with excelize: one grid for
// each visible worksheet, in the workbook's order, named by the sheet.
// Cells keep the sheet's own coordinates (B12 is row 11, column 1) and
// carry their sheet and reference.
//
// A cell's text is what Excel shows. Numbers are read as the decimal text
// the workbook stores, never through a float, and shown through their
// number format (see package numfmt): 0.95 under 0% is 95%, 1260.5 under
// #,##0.00 is 1,260.50, 14000 under #,##0"人次" is 14,000人次, a serial date
// under yyyy"年"m"月"d"日" is 2024年12月31日. A formula shows its saved
// value; a formula saved without one is read as empty and noted in
// grid.Grid.Notes, which the interpreter turns into a warning of the form
// it is in.
//
// A merged range is one cell at its top-left, with its span. A value left
// in a cell the range covers (a merge made over filled cells keeps them in
// the file) is not shown by Excel and is ignored.
//
// Hidden sheets are not read, nor chartsheets. A workbook that is not a
// readable zip, holds no workbook, unpacks past the limits, or has a part
// that is not well-formed XML fails (grid.ErrCorrupt, grid.ErrTooLarge):
// excelize's row reader returns no rows and no error for a damaged sheet
// or shared string table, so Read scans those parts itself first. An
// error about a part is a *grid.Error at the part and line, one about a
// cell at its sheet and reference.
package xlsx

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxml"
	"github.com/jixiao/jixiao/extract/xlsx/numfmt"
)

// Options are the limits of Read. A zero field is its default.
//
// A sheet of one form is tens of kilobytes and a department's workbook of
// many forms a few megabytes; with excelize's defaults (16 GB) a 4.4 MB
// workbook was measured inflating to 987 MB on disk and 1.56 GB of memory.
type Options struct {
	// MaxUnzipSize bounds everything the workbook unpacks to, 128 MiB by
	// default. excelize keeps every part in memory up to its
	// UnzipXMLSizeLimit and spills larger sheets to temporary files; both
	// its limits are set to this, so that it never writes to disk.
	MaxUnzipSize int64
	// MaxStylesSize bounds xl/styles.xml, 8 MiB by default: excelize
	// decodes it whole into structs on opening (a 1 MB workbook with a
	// bombed styles.xml was measured taking 5.26 GB). Real ones are under
	// a megabyte.
	MaxStylesSize int64
	// MaxDepth bounds the nesting of a part's elements, 64 by default; a
	// sheet nests six deep.
	MaxDepth int
	// MaxParts bounds the parts of the package, 65536 by default; a large
	// workbook has a few hundred.
	MaxParts int
}

// withDefaults returns o with its zero fields set to their defaults.
func (o Options) withDefaults() Options {
	o.MaxUnzipSize = cmp.Or(o.MaxUnzipSize, 128<<20)
	o.MaxStylesSize = cmp.Or(o.MaxStylesSize, 8<<20)
	o.MaxDepth = cmp.Or(o.MaxDepth, 64)
	o.MaxParts = cmp.Or(o.MaxParts, 1<<16)
	return o
}

// noteFormula is the code of the note at a formula saved without its
// value: model.WarnFormula, which the interpreter makes of it. (The reader
// does not import model.)
const noteFormula = "formula"

// Read reads a workbook's visible worksheets into grids, as the package
// comment says, within the limits of opts. It returns ctx's error soon
// after ctx is done.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	opts = opts.withDefaults()
	p, err := openPkg(data, opts)
	if err != nil {
		return nil, err
	}
	sheets, err := p.sheets()
	if err != nil {
		return nil, err
	}
	if err := p.scanSharedStrings(); err != nil {
		return nil, err
	}
	scans := make([]*sheetScan, len(sheets))
	for i, sh := range sheets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if scans[i], err = p.scanSheet(sh); err != nil {
			return nil, err
		}
	}
	// excelize reads the package as the scans did: the members they read,
	// none with a damaged size.
	repacked, err := p.Repack()
	if err != nil {
		return nil, err
	}
	f, err := excelize.OpenReader(bytes.NewReader(repacked), excelize.Options{
		UnzipSizeLimit: opts.MaxUnzipSize, UnzipXMLSizeLimit: opts.MaxUnzipSize, RawCellValue: true,
	})
	if err != nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged workbook: %v", err)
	}
	defer f.Close()
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged workbook: %v", err)
	}
	r := &reader{f: f, date1904: props.Date1904 != nil && *props.Date1904, formats: map[int]*numfmt.Format{}}
	grids := make([]*grid.Grid, 0, len(sheets))
	for i, sh := range sheets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		g, err := r.sheet(ctx, sh, scans[i])
		if err != nil {
			return nil, err
		}
		grids = append(grids, g)
	}
	return grids, nil
}

// reader reads a workbook's sheets through excelize.
type reader struct {
	f        *excelize.File
	date1904 bool
	formats  map[int]*numfmt.Format // by cell style index
}

// sheet reads one worksheet into a grid: the cells and merged ranges the
// scan found, each cell's raw value from excelize's row reader (shared
// strings resolved), shown through its style's number format.
func (r *reader) sheet(ctx context.Context, sh sheetRef, sc *sheetScan) (*grid.Grid, error) {
	fail := func(pos grid.Pos, err error) error {
		return &grid.Error{Pos: pos, Err: grid.Errorf(grid.ErrCorrupt, "damaged workbook: %v", err)}
	}
	rows, err := r.f.GetRows(sh.name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fail(grid.Pos{Sheet: sh.name}, err)
	}
	cells := sc.cells[:0] // filled in place: the blank ones dropped
	for i, c := range sc.cells {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if c.uncached {
			ref := grid.CellName(c.row, c.col)
			if c.formula, err = r.f.GetCellFormula(sh.name, ref); err != nil {
				return nil, fail(grid.Pos{Sheet: sh.name, Ref: ref}, err)
			}
			cells = append(cells, c)
			continue
		}
		var v string
		if c.row < len(rows) && c.col < len(rows[c.row]) {
			v = rows[c.row][c.col]
		}
		if strings.TrimSpace(v) == "" {
			continue
		}
		c.text = r.text(c.typ, c.style, v)
		cells = append(cells, c)
	}
	g := buildGrid(sh.name, cells, sc.merges)
	g.Notes = append(g.Notes, contradictions(sh.name, cells, rows)...)
	return g, nil
}

// text returns what a cell shows, from its type (the t attribute), its
// raw value and the number format of its style.
func (r *reader) text(typ string, style int, v string) string {
	switch typ {
	case "b":
		switch v {
		case "1", "TRUE":
			return "TRUE"
		case "0", "FALSE":
			return "FALSE"
		}
		return v
	case "e":
		return v
	case "s", "str", "inlineStr": // text, and a formula's text result
		return r.format(style).Text(v)
	case "d": // an ISO 8601 date, as strict OOXML may store one
		if serial, ok := numfmt.ISOSerial(v, r.date1904); ok {
			return r.format(style).Number(serial, r.date1904)
		}
		return v
	}
	return r.format(style).Number(strings.TrimSpace(v), r.date1904)
}

// format returns the number format of a cell style. A style the workbook
// does not define (an index past its styles) is General, as Excel repairs
// such a cell to the default style.
func (r *reader) format(style int) *numfmt.Format {
	if nf, ok := r.formats[style]; ok {
		return nf
	}
	code := "General"
	if st, err := r.f.GetStyle(style); err == nil {
		if st.CustomNumFmt != nil {
			code = *st.CustomNumFmt
		} else if c, ok := numfmt.Builtin(st.NumFmt); ok {
			code = c
		}
	}
	nf := numfmt.Parse(code)
	r.formats[style] = nf
	return nf
}

// rect is a merged range, inclusive, 0-based.
type rect struct{ r0, c0, r1, c1 int }

// buildGrid lays out a sheet's cells, sorted by row and column, as a grid:
// a merged range's top-left cell with its span, the cells it covers
// dropped, blank cells dropped, and a note for each visible formula saved
// without its value.
func buildGrid(sheet string, cells []cell, merges []rect) *grid.Grid {
	g := &grid.Grid{Sheet: sheet}
	slices.SortFunc(merges, func(a, b rect) int { return a.r0 - b.r0 })
	var active []rect // the merges over the current row
	next, curRow := 0, -1
	for _, c := range cells {
		if c.row != curRow {
			curRow = c.row
			active = slices.DeleteFunc(active, func(m rect) bool { return m.r1 < c.row })
			for ; next < len(merges) && merges[next].r0 <= c.row; next++ {
				if merges[next].r1 >= c.row {
					active = append(active, merges[next])
				}
			}
		}
		rowSpan, colSpan, covered := 1, 1, false
		for _, m := range active {
			if c.col < m.c0 || c.col > m.c1 {
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
		if c.uncached {
			g.Notes = append(g.Notes, grid.Note{Row: c.row, Col: c.col, Pos: pos, Code: noteFormula,
				Message: fmt.Sprintf("formula =%s has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)", c.formula)})
			continue
		}
		if n := len(g.Rows); n == 0 || g.Rows[n-1].Cells[0].Row != c.row {
			g.Rows = append(g.Rows, grid.Row{Pos: pos})
		}
		r := &g.Rows[len(g.Rows)-1]
		r.Cells = append(r.Cells, grid.Cell{Text: c.text, Row: c.row, Col: c.col, RowSpan: rowSpan, ColSpan: colSpan, Pos: pos})
	}
	return g
}

// parseRef reads an A1 reference: "B12" is row 11, column 1.
func parseRef(ref string) (row, col int, ok bool) {
	ref = strings.ReplaceAll(ref, "$", "")
	i := 0
	for i < len(ref) && i < 3 && ref[i]|0x20 >= 'a' && ref[i]|0x20 <= 'z' {
		col = col*26 + int(ref[i]|0x20-'a'+1)
		i++
	}
	if i == 0 || i == len(ref) || col > excelize.MaxColumns || ref[i] < '1' || ref[i] > '9' {
		return 0, 0, false
	}
	n, err := strconv.Atoi(ref[i:])
	if err != nil || n > excelize.TotalRows {
		return 0, 0, false
	}
	return n - 1, col - 1, true
}

// pkg is a workbook's zip package, read before excelize opens it: to say
// what is wrong with a file that is no workbook, to refuse one that
// unpacks past the limits with the part to blame, and to scan the parts
// whose damage excelize does not report.
type pkg struct {
	*ooxml.Package
	workbook string // the workbook part
	strings  int    // items in the shared string table
}

// sheetRef is a worksheet as the workbook lists it.
type sheetRef struct{ name, part string }

// openPkg opens a workbook's package and finds its workbook part.
func openPkg(data []byte, opts Options) (*pkg, error) {
	op, err := ooxml.Open(data, "workbook", ooxml.Limits{Total: opts.MaxUnzipSize, Parts: opts.MaxParts, Depth: opts.MaxDepth})
	if err != nil {
		return nil, err
	}
	p := &pkg{Package: op}
	if n, ok := p.Size("xl/styles.xml"); ok && n > uint64(opts.MaxStylesSize) {
		return nil, &grid.Error{Pos: grid.Pos{Part: "xl/styles.xml"}, Err: grid.Errorf(grid.ErrTooLarge, "unpacks to %s, over the %s limit for a workbook's styles (a zip bomb?)",
			ooxml.FormatSize(n), ooxml.FormatSize(uint64(opts.MaxStylesSize)))}
	}
	root, err := p.Rels("")
	if err != nil {
		return nil, err
	}
	p.workbook = root.Target("officeDocument")
	if !p.Has(p.workbook) {
		p.workbook = "xl/workbook.xml"
	}
	if !p.Has(p.workbook) {
		return nil, p.notAWorkbook()
	}
	return p, nil
}

// notAWorkbook says what a zip with no workbook part is instead.
func (p *pkg) notAWorkbook() error {
	switch {
	case p.Has("word/document.xml"):
		return grid.Errorf(grid.ErrCorrupt, "not a workbook: a Word document (.docx) named as a workbook")
	case p.Has("ppt/presentation.xml"):
		return grid.Errorf(grid.ErrCorrupt, "not a workbook: a PowerPoint presentation (.pptx)")
	case p.Has("xl/workbook.bin"):
		return grid.Errorf(grid.ErrCorrupt, "a binary workbook (.xlsb): save it as .xlsx")
	case p.Has("content.xml") && p.Has("mimetype"):
		return grid.Errorf(grid.ErrCorrupt, "an OpenDocument file (.ods): save it as .xlsx")
	}
	return grid.Errorf(grid.ErrCorrupt, "not a workbook: a zip archive with no xl/workbook.xml")
}

// sheets lists the workbook's visible worksheets with their parts.
func (p *pkg) sheets() ([]sheetRef, error) {
	rels, err := p.Rels(p.workbook)
	if err != nil {
		return nil, err
	}
	var sheets []sheetRef
	var missing []string
	err = p.Scan(p.workbook, "the workbook", "workbook", func(t xml.Token, stack []string) error {
		e, ok := t.(xml.StartElement)
		if !ok || e.Name.Local != "sheet" || len(stack) < 2 || stack[len(stack)-2] != "sheets" {
			return nil
		}
		if s := ooxml.Attr(e, "state"); s == "hidden" || s == "veryHidden" {
			return nil
		}
		name := ooxml.Attr(e, "name")
		switch r, ok := rels[ooxml.Attr(e, "id")]; {
		case !ok || !p.Has(r.Target):
			missing = append(missing, name)
		case strings.HasSuffix(r.Type, "/worksheet"):
			sheets = append(sheets, sheetRef{name: name, part: r.Target})
		}
		// chartsheets, dialog and macro sheets hold no cells
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, &grid.Error{Pos: grid.Pos{Sheet: missing[0]}, Err: grid.Errorf(grid.ErrCorrupt, "damaged workbook: the sheet is listed but its part is missing")}
	}
	return sheets, nil
}

// scanSharedStrings checks the shared string table and counts its items.
// It is the part excelize reads, xl/sharedStrings.xml, whatever the
// workbook's relationships say.
func (p *pkg) scanSharedStrings() error {
	return p.Scan("xl/sharedStrings.xml", "the shared strings", "sst", func(t xml.Token, stack []string) error {
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "si" && len(stack) == 2 {
			p.strings++
		}
		return nil
	})
}

// sheetScan is what the scan of a worksheet part found: its cells that
// hold something, in order, and its merged ranges.
type sheetScan struct {
	cells  []cell
	merges []rect
}

// cell is a cell of a sheet: as the scan finds it in the sheet part, then
// with what it shows (or its formula, when it has no saved value).
type cell struct {
	row, col int
	typ      string // the t attribute: s, str, inlineStr, b, e, d, n or ""
	style    int    // the s attribute: the index of its style
	uncached bool   // a formula with no saved value (<f> and no <v>)
	text     string // what Excel shows
	formula  string // the formula, as the sheet part writes it
	raw      string // the saved value of a formula, as stored
}

// scanSheet checks a worksheet part and lists its cells and merged ranges:
// excelize's row reader gives values only, and excelize's cell functions
// would decode the whole sheet again, into structs, for each cell's type
// and style. A cell's shared string must be in the table.
func (p *pkg) scanSheet(sh sheetRef) (*sheetScan, error) {
	what := "sheet " + grid.QuoteSheet(sh.name)
	sc := &sheetScan{}
	var (
		row, col        = -1, -1
		cur             cell
		sawF, sawV, inV bool
		inF             bool
		v, f            []byte
		sorted          = true
	)
	err := p.Scan(sh.part, what, "worksheet", func(t xml.Token, stack []string) error {
		switch t := t.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			switch {
			case t.Name.Local == "row" && parent == "sheetData":
				row, col = row+1, -1
				if r := ooxml.Attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < 1 || n > excelize.TotalRows {
						return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s has a row numbered %q", what, r)
					}
					row = n - 1
				}
			case t.Name.Local == "c" && parent == "row":
				col++
				if ref := ooxml.Attr(t, "r"); ref != "" {
					var ok bool
					if row, col, ok = parseRef(ref); !ok {
						return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s has a cell reference %q that is no cell", what, ref)
					}
				}
				style, _ := strconv.Atoi(ooxml.Attr(t, "s"))
				cur = cell{row: row, col: col, typ: ooxml.Attr(t, "t"), style: style}
				sawF, sawV, v, f = false, false, v[:0], f[:0]
			case parent == "c" && t.Name.Local == "f":
				sawF, inF = true, true
			case parent == "c" && t.Name.Local == "v":
				sawV, inV = true, true
			case t.Name.Local == "mergeCell" && parent == "mergeCells":
				a, b, _ := strings.Cut(ooxml.Attr(t, "ref"), ":")
				if b == "" {
					b = a
				}
				r0, c0, ok0 := parseRef(a)
				r1, c1, ok1 := parseRef(b)
				if ok0 && ok1 {
					sc.merges = append(sc.merges, rect{min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)})
				}
			}
		case xml.CharData:
			switch {
			case inV:
				v = append(v, t...)
			case inF && len(f) < 4096:
				f = append(f, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "f":
				inF = false
			case "c":
				if len(stack) < 2 || stack[len(stack)-2] != "row" {
					return nil
				}
				if cur.typ == "s" && sawV {
					i, err := strconv.Atoi(strings.TrimSpace(string(v)))
					if err != nil || i < 0 || i >= p.strings {
						return &grid.Error{Pos: grid.Pos{Sheet: sh.name, Ref: grid.CellName(cur.row, cur.col)},
							Err: grid.Errorf(grid.ErrCorrupt, "damaged workbook: the cell refers to shared string %q, and there are %d", v, p.strings)}
					}
				}
				cur.uncached = sawF && !sawV && cur.typ != "inlineStr"
				if sawF && sawV && cur.typ == "" {
					cur.formula, cur.raw = string(f), strings.TrimSpace(string(v))
				}
				if !sawV && !cur.uncached && cur.typ != "inlineStr" {
					return nil // a cell with a style and nothing in it
				}
				if n := len(sc.cells); n > 0 && (sc.cells[n-1].row > cur.row || sc.cells[n-1].row == cur.row && sc.cells[n-1].col >= cur.col) {
					sorted = false
				}
				sc.cells = append(sc.cells, cur)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if !sorted { // cells out of order, or one cell written twice: as excelize reads them
		slices.SortStableFunc(sc.cells, func(a, b cell) int {
			if a.row != b.row {
				return a.row - b.row
			}
			return a.col - b.col
		})
		sc.cells = slices.CompactFunc(sc.cells, func(a, b cell) bool { return a.row == b.row && a.col == b.col })
	}
	return sc, nil
}
