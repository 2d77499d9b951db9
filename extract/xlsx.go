package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/xlsx/numfmt"

	"github.com/xuri/excelize/v2"

	"github.com/jixiao/jixiao/model"
)

// Limits on what a workbook may unpack to. A sheet of one form is tens of
// kilobytes and a department's workbook of many forms a few megabytes;
// with excelize's defaults (16 GB) a 4.4 MB workbook was measured
// inflating to 987 MB on disk and 1.56 GB of memory.
var (
	// maxUnzipSize bounds everything a workbook unpacks to. excelize keeps
	// every part in memory up to UnzipXMLSizeLimit and spills larger
	// sheets to temporary files; both limits are set to this, so that it
	// never writes to disk.
	maxUnzipSize int64 = 128 << 20
	// maxStylesSize bounds styles.xml, which excelize decodes whole into
	// structs on opening (a 1 MB workbook with a bombed styles.xml was
	// measured taking 5.26 GB). Real ones are under a megabyte.
	maxStylesSize int64 = 8 << 20
)

// maxDepth bounds the nesting of a part's elements; a sheet nests six deep.
const maxDepth = 64

func init() {
	readers[FormatXLSX] = func(ctx context.Context, data []byte) ([]*grid.Grid, string, error) {
		grids, err := ReadXLSX(ctx, data)
		return grids, "", err
	}
}

// ReadXLSX reads a workbook (.xlsx, .xlsm) with excelize: one grid for
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
// Grid.Notes, which Forms turns into a warning of the form it is in.
//
// A merged range is one cell at its top-left, with its span. A value left
// in a cell the range covers (a merge made over filled cells keeps them in
// the file) is not shown by Excel and is ignored.
//
// Hidden sheets are not read, nor chartsheets. A workbook that is not a
// readable zip, holds no workbook, unpacks past the limits, or has a part
// that is not well-formed XML fails (grid.ErrCorrupt, grid.ErrTooLarge): excelize's
// row reader returns no rows and no error for a damaged sheet or shared
// string table, so ReadXLSX scans those parts itself first.
func ReadXLSX(ctx context.Context, data []byte) ([]*grid.Grid, error) {
	p, err := openPackage(data)
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
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{
		UnzipSizeLimit: maxUnzipSize, UnzipXMLSizeLimit: maxUnzipSize, RawCellValue: true,
	})
	if err != nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged workbook: %v", err)
	}
	defer f.Close()
	props, err := f.GetWorkbookProps()
	if err != nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged workbook: %v", err)
	}
	r := &xlsxReader{f: f, date1904: props.Date1904 != nil && *props.Date1904, formats: map[int]*numfmt.Format{}}
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

// xlsxReader reads a workbook's sheets through excelize.
type xlsxReader struct {
	f        *excelize.File
	date1904 bool
	formats  map[int]*numfmt.Format // by cell style index
}

// sheet reads one worksheet into a grid: the cells and merged ranges the
// scan found, each cell's raw value from excelize's row reader (shared
// strings resolved), shown through its style's number format.
func (r *xlsxReader) sheet(ctx context.Context, sh sheetRef, sc *sheetScan) (*grid.Grid, error) {
	fail := func(err error) error {
		return grid.Errorf(grid.ErrCorrupt, "damaged workbook: sheet %s: %v", grid.QuoteSheet(sh.name), err)
	}
	rows, err := r.f.GetRows(sh.name, excelize.Options{RawCellValue: true})
	if err != nil {
		return nil, fail(err)
	}
	cells := sc.cells[:0] // filled in place: the blank ones dropped
	for i, c := range sc.cells {
		if i%4096 == 4095 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		if c.uncached {
			if c.formula, err = r.f.GetCellFormula(sh.name, grid.CellName(c.row, c.col)); err != nil {
				return nil, fail(err)
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
	return buildGrid(sh.name, cells, sc.merges), nil
}

// text returns what a cell shows, from its type (the t attribute), its
// raw value and the number format of its style.
func (r *xlsxReader) text(typ string, style int, v string) string {
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
func (r *xlsxReader) format(style int) *numfmt.Format {
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
func buildGrid(sheet string, cells []xcell, merges []rect) *grid.Grid {
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
			g.Notes = append(g.Notes, grid.Note{Row: c.row, Col: c.col, Pos: pos, Code: model.WarnFormula,
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

// xlsxPkg is a workbook's zip package, read before excelize opens it: to
// say what is wrong with a file that is no workbook, to refuse one that
// unpacks past the limits with the part to blame, and to scan the parts
// whose damage excelize does not report.
type xlsxPkg struct {
	files    map[string]*zip.File // by lower-case part name
	workbook string               // the workbook part
	strings  int                  // items in the shared string table
}

// sheetRef is a worksheet as the workbook lists it.
type sheetRef struct{ name, part string }

func openPackage(data []byte) (*xlsxPkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged workbook: not a readable zip archive (%v); the file may be cut short", err)
	}
	p := &xlsxPkg{files: make(map[string]*zip.File, len(zr.File))}
	var total uint64
	var largest *zip.File
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
		if largest == nil || f.UncompressedSize64 > largest.UncompressedSize64 {
			largest = f
		}
		total = min(total+min(f.UncompressedSize64, 1<<40), 1<<62) // saturating: hostile sizes do not wrap
	}
	if total > uint64(maxUnzipSize) {
		return nil, grid.Errorf(grid.ErrTooLarge, "the workbook unpacks to %s, over the %s limit (%s alone is %s): a zip bomb, or a workbook too large to read",
			bytesText(total), bytesText(uint64(maxUnzipSize)), largest.Name, bytesText(largest.UncompressedSize64))
	}
	if f := p.files["xl/styles.xml"]; f != nil && f.UncompressedSize64 > uint64(maxStylesSize) {
		return nil, grid.Errorf(grid.ErrTooLarge, "xl/styles.xml unpacks to %s, over the %s limit for a workbook's styles (a zip bomb?)", bytesText(f.UncompressedSize64), bytesText(uint64(maxStylesSize)))
	}
	root, err := p.rels("")
	if err != nil {
		return nil, err
	}
	p.workbook = relOfType(root, "officeDocument")
	if !p.has(p.workbook) {
		p.workbook = "xl/workbook.xml"
	}
	if !p.has(p.workbook) {
		return nil, p.notAWorkbook()
	}
	return p, nil
}

func bytesText(n uint64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strconv.FormatUint(n>>20, 10) + " MiB"
	}
	return strconv.FormatUint(n, 10) + " bytes"
}

// notAWorkbook says what a zip with no workbook part is instead.
func (p *xlsxPkg) notAWorkbook() error {
	switch {
	case p.has("word/document.xml"):
		return grid.Errorf(grid.ErrCorrupt, "not a workbook: a Word document (.docx) named as a workbook")
	case p.has("ppt/presentation.xml"):
		return grid.Errorf(grid.ErrCorrupt, "not a workbook: a PowerPoint presentation (.pptx)")
	case p.has("xl/workbook.bin"):
		return grid.Errorf(grid.ErrCorrupt, "a binary workbook (.xlsb): save it as .xlsx")
	case p.has("content.xml") && p.has("mimetype"):
		return grid.Errorf(grid.ErrCorrupt, "an OpenDocument file (.ods): save it as .xlsx")
	}
	return grid.Errorf(grid.ErrCorrupt, "not a workbook: a zip archive with no xl/workbook.xml")
}

// has reports whether the package holds a part (names are
// case-insensitive).
func (p *xlsxPkg) has(name string) bool { return name != "" && p.files[strings.ToLower(name)] != nil }

// scan streams a part's XML to visit, token by token, to its end, and
// fails on a part that is not well-formed XML with root as its root
// element. visit sees each token with the path of elements (local names)
// it is in. A part the package does not hold is no error.
func (p *xlsxPkg) scan(name, what, root string, visit func(t xml.Token, stack []string) error) error {
	f := p.files[strings.ToLower(name)]
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return grid.Errorf(grid.ErrCorrupt, "damaged workbook: cannot unpack %s (%s): %v", what, name, err)
	}
	defer rc.Close()
	d := xml.NewDecoder(rc)
	stack := make([]string, 0, 8)
	rooted := false
	for {
		// RawToken does not translate namespaces, which these parts do not
		// need; the stack checks that end tags match instead.
		t, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			switch {
			case len(stack) > 0:
				return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) ends in the middle of its XML", what, name)
			case !rooted:
				return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) holds no XML", what, name)
			}
			return nil
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) is not well-formed XML (line %d: %s)", what, name, se.Line, se.Msg)
			}
			return grid.Errorf(grid.ErrCorrupt, "damaged workbook: cannot unpack %s (%s): %v", what, name, err)
		}
		switch t := t.(type) {
		case xml.StartElement:
			switch {
			case len(stack) == maxDepth:
				return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) nests elements more than %d deep", what, name, maxDepth)
			case len(stack) == 0 && (rooted || t.Name.Local != root):
				return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) is not a <%s> part: its XML is <%s>", what, name, root, t.Name.Local)
			}
			rooted = true
			stack = append(stack, t.Name.Local)
			err = visit(t, stack)
		case xml.EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name.Local {
				return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) is not well-formed XML (line %d: unexpected </%s>)", what, name, inputLine(d), t.Name.Local)
			}
			err = visit(t, stack)
			stack = stack[:len(stack)-1]
		case xml.CharData:
			err = visit(t, stack)
		}
		if err != nil {
			return err
		}
	}
}

// inputLine returns the line the decoder is at.
func inputLine(d *xml.Decoder) int {
	l, _ := d.InputPos()
	return l
}

// rel is a relationship of a part.
type rel struct{ typ, target string }

// rels reads the relationships of a part: id → type and target, the target
// resolved to a part name.
func (p *xlsxPkg) rels(part string) (map[string]rel, error) {
	dir, file := path.Split(part)
	out := map[string]rel{}
	err := p.scan(dir+"_rels/"+file+".rels", "the relationships of "+part, "Relationships", func(t xml.Token, _ []string) error {
		e, ok := t.(xml.StartElement)
		if !ok || e.Name.Local != "Relationship" || strings.EqualFold(attr(e, "TargetMode"), "External") {
			return nil
		}
		target := strings.ReplaceAll(attr(e, "Target"), `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = strings.TrimPrefix(path.Clean(target), "/")
		} else {
			target = path.Join(dir, target)
		}
		out[attr(e, "Id")] = rel{typ: attr(e, "Type"), target: target}
		return nil
	})
	return out, err
}

// relOfType returns the target of the relationship of a type (its last
// path element, so that strict and transitional OOXML both match).
func relOfType(rels map[string]rel, typ string) string {
	best := ""
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/"+typ) && (best == "" || r.target < best) {
			best = r.target
		}
	}
	return best
}

// sheets lists the workbook's visible worksheets with their parts.
func (p *xlsxPkg) sheets() ([]sheetRef, error) {
	rels, err := p.rels(p.workbook)
	if err != nil {
		return nil, err
	}
	var sheets []sheetRef
	var missing []string
	err = p.scan(p.workbook, "the workbook", "workbook", func(t xml.Token, stack []string) error {
		e, ok := t.(xml.StartElement)
		if !ok || e.Name.Local != "sheet" || len(stack) < 2 || stack[len(stack)-2] != "sheets" {
			return nil
		}
		if s := attr(e, "state"); s == "hidden" || s == "veryHidden" {
			return nil
		}
		name := attr(e, "name")
		switch r, ok := rels[attr(e, "id")]; {
		case !ok || !p.has(r.target):
			missing = append(missing, name)
		case strings.HasSuffix(r.typ, "/worksheet"):
			sheets = append(sheets, sheetRef{name: name, part: r.target})
		}
		// chartsheets, dialog and macro sheets hold no cells
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(missing) > 0 {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged workbook: sheet %s is listed but its part is missing", grid.QuoteSheet(missing[0]))
	}
	return sheets, nil
}

// scanSharedStrings checks the shared string table and counts its items.
// It is the part excelize reads, xl/sharedStrings.xml, whatever the
// workbook's relationships say.
func (p *xlsxPkg) scanSharedStrings() error {
	return p.scan("xl/sharedStrings.xml", "the shared strings", "sst", func(t xml.Token, stack []string) error {
		if e, ok := t.(xml.StartElement); ok && e.Name.Local == "si" && len(stack) == 2 {
			p.strings++
		}
		return nil
	})
}

// sheetScan is what the scan of a worksheet part found: its cells that
// hold something, in order, and its merged ranges.
type sheetScan struct {
	cells  []xcell
	merges []rect
}

// xcell is a cell of a sheet: as the scan finds it in the sheet part, then
// with what it shows (or its formula, when it has no saved value).
type xcell struct {
	row, col int
	typ      string // the t attribute: s, str, inlineStr, b, e, d, n or ""
	style    int    // the s attribute: the index of its style
	uncached bool   // a formula with no saved value (<f> and no <v>)
	text     string // what Excel shows
	formula  string // the formula, of an uncached one
}

// scanSheet checks a worksheet part and lists its cells and merged ranges:
// excelize's row reader gives values only, and excelize's cell functions
// would decode the whole sheet again, into structs, for each cell's type
// and style. A cell's shared string must be in the table.
func (p *xlsxPkg) scanSheet(sh sheetRef) (*sheetScan, error) {
	what := "sheet " + grid.QuoteSheet(sh.name)
	sc := &sheetScan{}
	var (
		row, col        = -1, -1
		cur             xcell
		sawF, sawV, inV bool
		v               []byte
		sorted          = true
	)
	err := p.scan(sh.part, what, "worksheet", func(t xml.Token, stack []string) error {
		switch t := t.(type) {
		case xml.StartElement:
			parent := ""
			if len(stack) >= 2 {
				parent = stack[len(stack)-2]
			}
			switch {
			case t.Name.Local == "row" && parent == "sheetData":
				row, col = row+1, -1
				if r := attr(t, "r"); r != "" {
					n, err := strconv.Atoi(r)
					if err != nil || n < 1 || n > excelize.TotalRows {
						return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) has a row numbered %q", what, sh.part, r)
					}
					row = n - 1
				}
			case t.Name.Local == "c" && parent == "row":
				col++
				if ref := attr(t, "r"); ref != "" {
					var ok bool
					if row, col, ok = parseRef(ref); !ok {
						return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s (%s) has a cell reference %q that is no cell", what, sh.part, ref)
					}
				}
				style, _ := strconv.Atoi(attr(t, "s"))
				cur = xcell{row: row, col: col, typ: attr(t, "t"), style: style}
				sawF, sawV, v = false, false, v[:0]
			case parent == "c" && t.Name.Local == "f":
				sawF = true
			case parent == "c" && t.Name.Local == "v":
				sawV, inV = true, true
			case t.Name.Local == "mergeCell" && parent == "mergeCells":
				a, b, _ := strings.Cut(attr(t, "ref"), ":")
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
			if inV {
				v = append(v, t...)
			}
		case xml.EndElement:
			switch t.Name.Local {
			case "v":
				inV = false
			case "c":
				if len(stack) < 2 || stack[len(stack)-2] != "row" {
					return nil
				}
				if cur.typ == "s" && sawV {
					i, err := strconv.Atoi(strings.TrimSpace(string(v)))
					if err != nil || i < 0 || i >= p.strings {
						return grid.Errorf(grid.ErrCorrupt, "damaged workbook: %s!%s refers to shared string %q, and there are %d", grid.QuoteSheet(sh.name), grid.CellName(cur.row, cur.col), v, p.strings)
					}
				}
				cur.uncached = sawF && !sawV && cur.typ != "inlineStr"
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
		slices.SortStableFunc(sc.cells, func(a, b xcell) int {
			if a.row != b.row {
				return a.row - b.row
			}
			return a.col - b.col
		})
		sc.cells = slices.CompactFunc(sc.cells, func(a, b xcell) bool { return a.row == b.row && a.col == b.col })
	}
	return sc, nil
}
