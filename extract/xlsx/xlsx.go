// Package xlsx reads a workbook (.xlsx, .xlsm): one grid for each visible
// worksheet, in the workbook's order, named by the sheet. Cells keep the
// sheet's own coordinates (B12 is row 11, column 1) and carry their sheet
// and reference.
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
// it needs (the workbook, its relationships, the shared strings, a sheet)
// that is not well-formed XML fails (grid.ErrCorrupt, grid.ErrTooLarge).
// An error about a part is a *grid.Error at the part and line, one about a
// cell at its sheet and reference.
//
// Damage to what a form can do without is read around and said in a note
// of every grid, at row 0, column 0 and the part (code damaged_part): a
// damaged or missing [Content_Types].xml (every sheet the workbook lists
// is read whatever it says), a part the zip holds twice (see package
// ooxml: the first member that is not empty is read), styles that are
// missing or damaged (numbers are then shown as stored, 1 for 100%: the
// note is on the grids that have numbers with a style).
//
// Each part is read once, in one strict scan that both checks it and
// takes what it holds: the workbook and its relationships, the shared
// strings, the number formats of the styles and the visible sheets; not
// the theme, the document properties or the drawings. The rules are
// excelize's, the library the project writes its workbooks with: a cell's
// value is what excelize's row reader gives it (RawCellValue), a style's
// number format what excelize's GetStyle gives, and the tests hold the
// two together. excelize itself reads only what it does better and
// seldom: the formula of a cell of a shared formula saved without its
// value.
package xlsx

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"path"
	"regexp"
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
	// default. It is also both of excelize's limits when excelize opens
	// the workbook (UnzipSizeLimit, and UnzipXMLSizeLimit, past which it
	// spills sheets to temporary files), so that it never writes to disk.
	MaxUnzipSize int64
	// MaxStylesSize bounds the styles part, 8 MiB by default: excelize
	// decodes it whole into structs when it opens a workbook (a 1 MB
	// workbook with a bombed styles.xml was measured taking 5.26 GB). Real
	// ones are under a megabyte.
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

// The codes of the reader's notes, which the interpreter makes warnings
// of: model.WarnFormula and model.WarnDamagedPart (TestNoteCodes checks
// they are). The reader does not import model.
const (
	noteFormula = "formula"
	notePart    = "damaged_part"
)

// Read reads a workbook's visible worksheets into grids, as the package
// comment says, within the limits of opts. It returns ctx's error soon
// after ctx is done.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	opts = opts.withDefaults()
	p, err := openPkg(data, opts)
	if err != nil {
		return nil, err
	}
	sheets, err := p.readWorkbook()
	if err != nil {
		return nil, err
	}
	if err := p.readSharedStrings(); err != nil {
		return nil, err
	}
	if err := p.readStyles(opts); err != nil {
		return nil, err
	}
	p.checkContentTypes()
	r := &reader{pkg: p, opts: opts, formats: map[int]*numfmt.Format{}}
	defer func() {
		if r.ex != nil {
			r.ex.Close()
		}
	}()
	grids := make([]*grid.Grid, 0, len(sheets))
	for _, sh := range sheets {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		sc, err := p.scanSheet(ctx, sh)
		if err != nil {
			return nil, err
		}
		grids = append(grids, r.sheet(sh, sc))
	}
	return grids, nil
}

// reader makes grids of a workbook's scanned sheets.
type reader struct {
	pkg     *pkg
	opts    Options
	formats map[int]*numfmt.Format // by cell style index
	ex      *excelize.File         // opened for a shared formula, once
	exErr   error
}

// sheet lays out one scanned worksheet as a grid: each cell shown through
// its style's number format, the merged ranges, the notes.
func (r *reader) sheet(sh sheetRef, sc *sheetScan) *grid.Grid {
	notes := contradictions(sh.name, sc.cells)
	styled := false       // a number with a style, which the styles would format
	cells := sc.cells[:0] // filled in place: the blank ones dropped
	for _, c := range sc.cells {
		if c.uncached {
			if c.shared {
				c.formula = r.sharedFormula(sh.name, c)
			}
			cells = append(cells, c)
			continue
		}
		if strings.TrimSpace(c.value) == "" {
			continue
		}
		switch c.typ {
		case "", "n", "d":
			styled = styled || c.style != 0
		}
		c.text = r.text(c.typ, c.style, c.value)
		cells = append(cells, c)
	}
	g := buildGrid(sh.name, cells, sc.merges)
	var first []grid.Note // the whole workbook's, then this sheet's part's, at row 0
	first = append(first, r.pkg.notes...)
	if styled && r.pkg.styleNote != nil {
		first = append(first, *r.pkg.styleNote)
	}
	if n := r.pkg.Duplicates(sh.part); n > 0 {
		first = append(first, dupNote(sh.part, n))
	}
	g.Notes = append(append(first, g.Notes...), notes...)
	return g
}

// sharedFormula returns the formula of a cell of a shared formula (one
// that gives only the index of the formula it shares), through excelize,
// which translates the shared formula to the cell; the formula as the
// cell writes it (nothing, for most) when excelize cannot.
func (r *reader) sharedFormula(sheet string, c cell) string {
	if r.ex == nil && r.exErr == nil {
		var data []byte
		if data, r.exErr = r.pkg.Repack(); r.exErr == nil {
			r.ex, r.exErr = excelize.OpenReader(bytes.NewReader(data), excelize.Options{
				UnzipSizeLimit: r.opts.MaxUnzipSize, UnzipXMLSizeLimit: r.opts.MaxUnzipSize, RawCellValue: true,
			})
		}
	}
	if r.exErr != nil {
		return c.formula
	}
	f, err := r.ex.GetCellFormula(sheet, grid.CellName(c.row, c.col))
	if err != nil || f == "" {
		return c.formula
	}
	return f
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
		if serial, ok := numfmt.ISOSerial(v, r.pkg.date1904); ok {
			return r.format(style).Number(serial, r.pkg.date1904)
		}
		return v
	}
	return r.format(style).Number(strings.TrimSpace(v), r.pkg.date1904)
}

// format returns the number format of a cell style.
func (r *reader) format(style int) *numfmt.Format {
	if nf, ok := r.formats[style]; ok {
		return nf
	}
	nf := numfmt.Parse(r.pkg.code(style))
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
	rows := 0
	for i, c := range cells {
		if i == 0 || c.row != cells[i-1].row {
			rows++
		}
	}
	// One array for every row's cells: a row's are a slice of it.
	all := make([]grid.Cell, 0, len(cells))
	g.Rows = make([]grid.Row, 0, rows)
	start := 0 // of the last row's cells in all
	endRow := func() {
		if n := len(g.Rows); n > 0 {
			g.Rows[n-1].Cells = all[start:len(all):len(all)]
		}
		start = len(all)
	}
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
			msg := "a formula has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)"
			if c.formula != "" {
				msg = fmt.Sprintf("formula =%s has no saved value: the cell is read as empty (open and save the workbook in Excel or WPS to calculate it)", c.formula)
			}
			g.Notes = append(g.Notes, grid.Note{Row: c.row, Col: c.col, Pos: pos, Code: noteFormula, Message: msg})
			continue
		}
		if n := len(g.Rows); n == 0 || all[start].Row != c.row {
			endRow()
			g.Rows = append(g.Rows, grid.Row{Pos: pos})
		}
		all = append(all, grid.Cell{Text: c.text, Row: c.row, Col: c.col, RowSpan: rowSpan, ColSpan: colSpan, Pos: pos})
	}
	endRow()
	if len(g.Rows) == 0 {
		g.Rows = nil
	}
	return g
}

// parseRef reads an A1 reference, its $ signs ignored (wherever they are,
// as excelize ignores them): "B12" and "$B$12" are row 11, column 1.
func parseRef[S string | []byte](ref S) (row, col int, ok bool) {
	i, letters, digits, n := 0, 0, 0, 0
	for ; i < len(ref); i++ {
		switch c := ref[i]; {
		case c == '$':
		case c|0x20 >= 'a' && c|0x20 <= 'z' && digits == 0:
			if letters++; letters > 3 {
				return 0, 0, false
			}
			col = col*26 + int(c|0x20-'a'+1)
		case c >= '0' && c <= '9' && letters > 0 && (digits > 0 || c != '0'):
			if digits++; digits > 7 {
				return 0, 0, false
			}
			n = n*10 + int(c-'0')
		default:
			return 0, 0, false
		}
	}
	if digits == 0 || col > excelize.MaxColumns || n > excelize.TotalRows {
		return 0, 0, false
	}
	return n - 1, col - 1, true
}

// pkg is a workbook's zip package and what its scans found.
type pkg struct {
	*ooxml.Package
	workbook  string // the workbook part
	rels      ooxml.Rels
	date1904  bool
	strings   []string       // the shared string table
	xfs       []int          // the number format id of each cell style, -1 for none
	numFmts   map[int]string // the workbook's own number formats, by id
	styleNote *grid.Note     // the styles are missing or damaged
	notes     []grid.Note    // about the whole package, for every grid
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
	root, err := p.Rels("")
	if err != nil {
		return nil, err
	}
	p.noteDup("_rels/.rels")
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

// notePkg adds a note about the whole package.
func (p *pkg) notePkg(part string, line int, format string, args ...any) {
	p.notes = append(p.notes, grid.Note{Pos: grid.Pos{Part: part, Line: line}, Code: notePart, Message: fmt.Sprintf(format, args...)})
}

// noteDup notes a part of the whole workbook that the zip holds more than
// once.
func (p *pkg) noteDup(part string) {
	if n := p.Duplicates(part); n > 0 {
		p.notes = append(p.notes, dupNote(part, n))
	}
}

// dupNote is the note of a part the zip holds n+1 times.
func dupNote(part string, n int) grid.Note {
	return grid.Note{Pos: grid.Pos{Part: part}, Code: notePart,
		Message: fmt.Sprintf("the zip holds %d members named %s: the first that is not empty is read, the others (empty, or copies of it) are ignored", n+1, ooxml.Name(part))}
}

// readWorkbook lists the workbook's visible worksheets with their parts,
// and reads its date1904 property.
func (p *pkg) readWorkbook() ([]sheetRef, error) {
	rels, err := p.Rels(p.workbook)
	if err != nil {
		return nil, err
	}
	p.rels = rels
	p.noteDup(p.workbook)
	dir, file := path.Split(p.workbook)
	p.noteDup(dir + "_rels/" + file + ".rels")
	var sheets []sheetRef
	var missing []string
	err = p.Scan(p.workbook, "the workbook", "workbook", func(t *ooxml.Token, stack []string) error {
		if t.Kind != ooxml.StartElement || len(stack) < 2 {
			return nil
		}
		switch parent := stack[len(stack)-2]; {
		case t.Name == "workbookPr" && parent == "workbook":
			if v := t.Attr("date1904"); v != "" {
				b, err := strconv.ParseBool(strings.TrimSpace(v))
				if err != nil {
					p.notePkg(p.workbook, 0, "the workbook's date1904 property is %s, neither true nor false: dates are counted from 1900", ooxml.Quote(v))
				}
				p.date1904 = b
			}
		case t.Name == "sheet" && parent == "sheets":
			if s := t.Attr("state"); s == "hidden" || s == "veryHidden" {
				return nil
			}
			name := t.Attr("name")
			switch r, ok := rels[t.Attr("id")]; {
			case !ok || !p.Has(r.Target):
				missing = append(missing, name)
			case strings.HasSuffix(r.Type, "/worksheet"):
				sheets = append(sheets, sheetRef{name: name, part: r.Target})
			}
			// chartsheets, dialog and macro sheets hold no cells
		}
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

// part returns the part of the workbook's relationship of a type, or def
// when the relationships name none the package holds.
func (p *pkg) part(typ, def string) string {
	if t := p.rels.Target(typ); p.Has(t) {
		return t
	}
	return def
}

// checkContentTypes notes a [Content_Types].xml that is missing or not
// well-formed. Nothing of it is needed to read the workbook (every part
// is found by its relationships), so it does not fail the workbook, but a
// package damaged there may be damaged elsewhere too.
func (p *pkg) checkContentTypes() {
	const part = "[Content_Types].xml"
	if !p.Has(part) {
		p.notePkg(part, 0, "the package has no %s: it is not a valid workbook, though every sheet it lists is read", part)
		return
	}
	p.noteDup(part)
	err := p.Scan(part, "the content types", "Types", func(*ooxml.Token, []string) error { return nil })
	if err != nil {
		pos, msg := where(err)
		p.notePkg(cmp.Or(pos.Part, part), pos.Line, "%s (every sheet the workbook lists is read all the same)", msg)
	}
}

// where splits a reader's error into its position and its message.
func where(err error) (grid.Pos, string) {
	if e := (*grid.Error)(nil); errors.As(err, &e) {
		return e.Pos, e.Err.Error()
	}
	return grid.Pos{}, err.Error()
}

// readSharedStrings reads the shared string table: the workbook's
// sharedStrings relationship, else xl/sharedStrings.xml. An item's text
// is that of its <t> and of its runs' <t> (not of its phonetic runs), with
// _xHHHH_ escapes decoded, as excelize gives it.
func (p *pkg) readSharedStrings() error {
	part := p.part("sharedStrings", "xl/sharedStrings.xml")
	p.noteDup(part)
	var (
		arena []byte // every item's text, one after another
		ends  []int  // where each item's text ends in arena
		si    richText
	)
	err := p.Scan(part, "the shared strings", "sst", func(t *ooxml.Token, stack []string) error {
		if len(stack) < 2 || stack[1] != "si" {
			return nil
		}
		if len(stack) == 2 {
			switch t.Kind {
			case ooxml.StartElement:
				si.reset()
			case ooxml.EndElement:
				arena = si.appendTo(arena)
				ends = append(ends, len(arena))
			}
			return nil
		}
		si.visit(t, stack[2:])
		return nil
	})
	if err != nil {
		return err
	}
	all := string(arena)
	p.strings = make([]string, len(ends))
	start := 0
	for i, end := range ends {
		p.strings[i] = bstrUnmarshal(all[start:end])
		start = end
	}
	return nil
}

// richText gathers the text of a string item, <si> or <is>, as excelize's
// xlsxSI decodes it: its <t> (of several, the last), then each run's <t>
// (the last of each).
type richText struct {
	t, run, runs []byte
}

func (x *richText) reset() { x.t, x.run, x.runs = x.t[:0], x.run[:0], x.runs[:0] }

// visit takes a token inside the item, path the elements it is in below
// the item.
func (x *richText) visit(tok *ooxml.Token, path []string) {
	switch tok.Kind {
	case ooxml.StartElement:
		switch {
		case len(path) == 1 && path[0] == "t":
			x.t = x.t[:0]
		case len(path) == 1 && path[0] == "r", len(path) == 2 && path[0] == "r" && path[1] == "t":
			x.run = x.run[:0]
		}
	case ooxml.EndElement:
		if len(path) == 1 && path[0] == "r" {
			x.runs = append(x.runs, x.run...)
		}
	case ooxml.CharData:
		switch {
		case len(path) == 1 && path[0] == "t":
			x.t = append(x.t, tok.Text...)
		case len(path) == 2 && path[0] == "r" && path[1] == "t":
			x.run = append(x.run, tok.Text...)
		}
	}
}

// appendTo appends the item's text to b.
func (x *richText) appendTo(b []byte) []byte { return append(append(b, x.t...), x.runs...) }

// bstr is an escape of a character XML cannot hold, as Excel writes one.
var bstr = regexp.MustCompile(`_x[a-fA-F\d]{4}_`)

// bstrUnmarshal decodes the _xHHHH_ escapes of a string item: _x000D_ is a
// carriage return, _x005F_ an underscore; one that is no character is
// dropped. It is excelize's, for the same text.
func bstrUnmarshal(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	cursor := 0
	for _, m := range bstr.FindAllStringIndex(s, -1) {
		b.WriteString(s[cursor:m[0]])
		cursor = m[1]
		if s[m[0]:m[1]] == "_x005F_" {
			b.WriteByte('_')
			continue
		}
		v, _ := strconv.Unquote(`"\u` + s[m[0]+2:m[1]-1] + `"`)
		b.WriteString(v)
	}
	b.WriteString(s[cursor:])
	return b.String()
}

// unformatted is what a note about the styles says of the numbers.
const unformatted = "the numbers are shown as stored, without their number formats (1 for 100%, 45657 for 2024/12/31)"

// readStyles reads the number format of each cell style: the workbook's
// styles relationship, else xl/styles.xml. Styles that are missing or
// damaged leave every cell in General, and say so in a note; styles past
// Options.MaxStylesSize fail.
func (p *pkg) readStyles(opts Options) error {
	part := p.part("styles", "xl/styles.xml")
	if !p.Has(part) {
		p.styleNote = &grid.Note{Pos: grid.Pos{Part: part}, Code: notePart, Message: "the workbook has no styles: " + unformatted}
		return nil
	}
	if n, ok := p.Size(part); ok && n > uint64(opts.MaxStylesSize) {
		return &grid.Error{Pos: grid.Pos{Part: part}, Err: grid.Errorf(grid.ErrTooLarge, "unpacks to %s, over the %s limit for a workbook's styles (a zip bomb?)",
			ooxml.FormatSize(n), ooxml.FormatSize(uint64(opts.MaxStylesSize)))}
	}
	p.noteDup(part)
	var bad error // a number format id that is no number
	// id reads a numFmtId as encoding/xml reads an int for excelize: empty
	// is 0.
	id := func(t *ooxml.Token) (int, bool) {
		v := t.Attr("numFmtId")
		if v == "" {
			return 0, true
		}
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil && bad == nil {
			bad = grid.Errorf(grid.ErrCorrupt, "damaged workbook: the styles give a number format the id %s, which is no number", ooxml.Quote(v))
		}
		return int(n), err == nil
	}
	err := p.Scan(part, "the styles", "styleSheet", func(t *ooxml.Token, stack []string) error {
		if t.Kind != ooxml.StartElement || len(stack) != 3 {
			return nil
		}
		switch {
		case stack[1] == "numFmts" && t.Name == "numFmt":
			if n, ok := id(t); ok {
				if p.numFmts == nil {
					p.numFmts = map[int]string{}
				}
				p.numFmts[n] = t.Attr("formatCode") // of several, the last, as excelize takes it
			}
		case stack[1] == "cellXfs" && t.Name == "xf":
			n := -1 // no numFmtId
			if _, ok := t.AttrBytes("numFmtId"); ok {
				n, _ = id(t)
			}
			p.xfs = append(p.xfs, n)
		}
		return bad
	})
	if err != nil {
		pos, msg := where(err)
		p.xfs, p.numFmts = nil, nil
		p.styleNote = &grid.Note{Pos: grid.Pos{Part: cmp.Or(pos.Part, part), Line: pos.Line}, Code: notePart, Message: msg + " (" + unformatted + ")"}
	}
	return nil
}

// code returns the number format code of a cell style, as excelize's
// GetStyle finds it: a style the workbook does not define (an index past
// its styles: Excel repairs such a cell to the default style) or that
// names no format is General; a built-in id is its zh-CN code (excelize's
// built-in ids, 5 to 8 not among them); another id is the workbook's own
// format of that id, General when it has none.
func (p *pkg) code(style int) string {
	if style < 0 || style >= len(p.xfs) || p.xfs[style] < 0 {
		return "General"
	}
	id := p.xfs[style]
	if builtin(id) {
		if c, ok := numfmt.Builtin(id); ok {
			return c
		}
		return "General"
	}
	if c, ok := p.numFmts[id]; ok {
		return c
	}
	return "General"
}

// builtin reports whether excelize takes a number format id as built in,
// never looking it up among the workbook's own formats: its builtInNumFmt
// and its language ids (isLangNumFmt).
func builtin(id int) bool {
	return 0 <= id && id <= 4 || 9 <= id && id <= 22 || 37 <= id && id <= 49 ||
		27 <= id && id <= 36 || 50 <= id && id <= 62 || 67 <= id && id <= 81
}

// sheetScan is what the scan of a worksheet part found: its cells that
// hold something, in order, and its merged ranges.
type sheetScan struct {
	cells  []cell
	merges []rect
}

// cell is a cell of a sheet: as the scan finds it in the sheet part, then
// with what it shows.
type cell struct {
	row, col int
	typ      string // the t attribute: s, str, inlineStr, b, e, d, n or ""
	style    int    // the s attribute: the index of its style
	value    string // its value, as excelize's row reader gives it raw: a shared string's text, an inline string's
	uncached bool   // a formula with no saved value (<f> and no <v>)
	shared   bool   // its formula is a shared one's (t="shared" si="…")
	formula  string // the formula, as the sheet part writes it, when it has no saved value or is a number
	text     string // what Excel shows
}

// maxFormula bounds the formula text a cell keeps for a note.
const maxFormula = 4096

// scanSheet checks a worksheet part and lists its cells, with their
// values, and its merged ranges. A cell's shared string must be in the
// table.
func (p *pkg) scanSheet(ctx context.Context, sh sheetRef) (*sheetScan, error) {
	s := &sheetScanner{p: p, ctx: ctx, sheet: sh.name, what: "sheet " + grid.QuoteSheet(sh.name), row: -1, col: -1, sorted: true}
	if n, ok := p.Size(sh.part); ok { // a cell takes 30 bytes at least, an empty one with a style too
		s.out.cells = make([]cell, 0, min(n/64, 4096))
	}
	if err := p.Scan(sh.part, s.what, "worksheet", s.visit); err != nil {
		return nil, err
	}
	sc := &s.out
	if !s.sorted { // cells out of order, or one cell written twice: the first is kept
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

// sheetScanner is the state of the scan of a worksheet part.
type sheetScanner struct {
	p           *pkg
	ctx         context.Context
	sheet, what string
	out         sheetScan
	sorted      bool // the cells so far are in order

	row, col, rows   int
	cur              cell
	sawF, sawV, sawI bool     // the cell has <f>, <v>, <is>
	v, f             []byte   // the text of its <v> and <f>
	is               richText // of its <is>
	isDepth          int      // the depth of its <is> while the scan is in it, else 0
}

// visit takes a token of the sheet part, as ooxml's Scan gives it.
func (s *sheetScanner) visit(t *ooxml.Token, stack []string) error {
	n := len(stack)
	if s.isDepth > 0 && n > s.isDepth {
		s.is.visit(t, stack[s.isDepth:])
		return nil
	}
	parent := ""
	if n >= 2 {
		parent = stack[n-2]
	}
	switch t.Kind {
	case ooxml.StartElement:
		switch name := t.Name; {
		case name == "row" && parent == "sheetData":
			return s.startRow(t)
		case name == "c" && parent == "row":
			return s.startCell(t)
		case parent != "c":
			if name == "mergeCell" && parent == "mergeCells" {
				s.merge(t.Attr("ref"))
			}
		case name == "f":
			s.sawF, s.f = true, s.f[:0]
			_, si := t.AttrBytes("si")
			typ, _ := t.AttrBytes("t")
			s.cur.shared = si && string(typ) == "shared"
		case name == "v":
			s.sawV, s.v = true, s.v[:0]
		case name == "is":
			s.sawI, s.isDepth = true, n
			s.is.reset()
		}
	case ooxml.CharData:
		if parent == "c" {
			switch stack[n-1] {
			case "v":
				s.v = append(s.v, t.Text...)
			case "f":
				if len(s.f) < maxFormula {
					s.f = append(s.f, t.Text...)
				}
			}
		}
	case ooxml.EndElement:
		switch {
		case n == s.isDepth:
			s.isDepth = 0
		case t.Name == "c" && parent == "row":
			return s.endCell()
		}
	}
	return nil
}

// startRow starts a row: the next after the last, or the one its r says.
func (s *sheetScanner) startRow(t *ooxml.Token) error {
	s.row, s.col = s.row+1, -1
	if r, _ := t.AttrBytes("r"); len(r) > 0 {
		n, err := strconv.Atoi(string(r))
		if err != nil || n < 1 || n > excelize.TotalRows {
			return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s has a row numbered %s", s.what, ooxml.Quote(string(r)))
		}
		s.row = n - 1
	}
	if s.rows++; s.rows%1024 == 0 {
		return s.ctx.Err()
	}
	return nil
}

// startCell starts a cell: the next after the last, or the one its r
// says.
func (s *sheetScanner) startCell(t *ooxml.Token) error {
	s.col++
	if ref, _ := t.AttrBytes("r"); len(ref) > 0 {
		var ok bool
		if s.row, s.col, ok = parseRef(ref); !ok {
			return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s has a cell reference %s that is no cell", s.what, ooxml.Quote(string(ref)))
		}
	}
	st, _ := t.AttrBytes("s")
	style, _ := strconv.Atoi(string(st))
	typ, _ := t.AttrBytes("t")
	s.cur = cell{row: s.row, col: s.col, typ: cellType(typ), style: style}
	s.sawF, s.sawV, s.sawI = false, false, false
	return nil
}

// cellType returns a cell's t attribute as a string, without allocating
// one for the types there are.
func cellType(t []byte) string {
	for _, k := range [...]string{"", "s", "n", "str", "inlineStr", "b", "e", "d"} {
		if string(t) == k {
			return k
		}
	}
	return string(t)
}

// merge adds a merged range, "B1:D1"; one that is no range is ignored.
func (s *sheetScanner) merge(ref string) {
	a, b, _ := strings.Cut(ref, ":")
	if b == "" {
		b = a
	}
	r0, c0, ok0 := parseRef(a)
	r1, c1, ok1 := parseRef(b)
	if ok0 && ok1 {
		s.out.merges = append(s.out.merges, rect{min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)})
	}
}

// endCell finishes the cell: its value from what its elements held, as
// excelize's row reader takes it (a shared string's text, an inline
// string's, else the <v>); kept when it holds a value or is a formula
// saved without one.
func (s *sheetScanner) endCell() error {
	c := &s.cur
	switch {
	case c.typ == "s" && s.sawV:
		i, err := strconv.Atoi(strings.TrimSpace(string(s.v)))
		if err != nil || i < 0 || i >= len(s.p.strings) {
			return &grid.Error{Pos: grid.Pos{Sheet: s.sheet, Ref: grid.CellName(c.row, c.col)},
				Err: grid.Errorf(grid.ErrCorrupt, "damaged workbook: the cell refers to shared string %s, and there are %d", ooxml.Quote(string(s.v)), len(s.p.strings))}
		}
		c.value = s.p.strings[i]
	case c.typ == "inlineStr" && s.sawI:
		c.value = bstrUnmarshal(string(s.is.appendTo(nil)))
	case s.sawV:
		c.value = string(s.v)
	}
	c.uncached = s.sawF && !s.sawV && c.typ != "inlineStr"
	switch {
	case c.uncached:
		c.formula = formulaText(s.f)
	case s.sawF && s.sawV && c.typ == "": // a number a sum may contradict
		c.formula, c.shared = formulaText(s.f), false
	default:
		c.shared = false
	}
	if !s.sawV && !c.uncached && c.typ != "inlineStr" {
		return nil // a cell with a style and nothing in it
	}
	cells := s.out.cells
	if n := len(cells); n > 0 && (cells[n-1].row > c.row || cells[n-1].row == c.row && cells[n-1].col >= c.col) {
		s.sorted = false
	}
	s.out.cells = append(cells, *c)
	return nil
}

// formulaText is a formula as a note quotes it: cut, with …, past
// maxFormula bytes.
func formulaText(f []byte) string {
	if len(f) < maxFormula {
		return string(f)
	}
	return strings.ToValidUTF8(string(f[:maxFormula]), "") + "…"
}
