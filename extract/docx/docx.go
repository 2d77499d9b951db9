// Package docx reads a Word document (.docx, Office Open XML) into one
// grid: the body in document order, each paragraph outside a table a row
// and each table row a row.
//
//   - A paragraph is split into rows at its line breaks and into cells at its
//     tabs, as a text dump's line is; its cells' grid.Pos is Paragraph, the
//     1-based index of the paragraph among all the document's paragraphs
//     (those in table cells included).
//   - A table row's cells stand at their grid columns (w:gridBefore, then
//     each cell's w:gridSpan, which is its ColSpan); a cell merged down
//     (w:vMerge restart, then continue) appears once, in its top row, with
//     RowSpan covering the rows it spans; the text of a continuing cell, if
//     it has any, is added to the top cell's. Its grid.Pos is Table, the 1-based
//     index of the table in the document (nested tables counted where they
//     start), and TableRow, the 1-based row of that table.
//   - A cell's paragraphs are one value joined by "\n" (empty paragraphs
//     dropped). A cell that holds a table is not a value but a frame, as
//     Word users lay out pages: its paragraphs and its table's rows are read
//     in place, as rows after the row that holds the cell and at the cell's
//     columns, so that a form drawn inside a layout table reads as one.
//     Text boxes are read the same way, after their paragraph.
//   - Text is what the document shows with its tracked changes accepted:
//     insertions count, deletions (w:del, w:delText, deleted rows and cells)
//     and hidden text (w:vanish) do not; field instructions are not text,
//     field results are. w:tab is a tab, w:br and w:cr a line break,
//     w:noBreakHyphen "-", a soft hyphen nothing, w:sym its character
//     (Symbol and Wingdings mapped to Unicode); runs join without spaces.
//
// Damaged input is grid.ErrCorrupt; a part that inflates past its limit, or
// XML past the reader's limits, is grid.ErrTooLarge; a document with no
// text at all is grid.ErrNoText. An error about the document part is a
// *grid.Error at the part and, where it is known, the line.
package docx

import (
	"bytes"
	"cmp"
	"context"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxml"
	"github.com/jixiao/jixiao/extract/internal/symbol"
)

// Options are the limits of Read: what a bombed or pathological document
// runs into long before it can exhaust memory. A zero field is its
// default.
type Options struct {
	// MaxXML bounds the inflated bytes of the main document part
	// (word/document.xml), 128 MiB by default.
	MaxXML int64
	// MaxRels bounds the inflated bytes of the package's relationships
	// (_rels/.rels), 1 MiB by default; past it they are not read, and the
	// document is word/document.xml.
	MaxRels int64
	// MaxCells bounds the non-empty cells of the document, 1<<20 by
	// default.
	MaxCells int
	// MaxDepth bounds the XML elements open at once, 256 by default.
	MaxDepth int
	// MaxParts bounds the parts of the package, 65536 by default.
	MaxParts int
}

// withDefaults returns o with its zero fields set to their defaults.
func (o Options) withDefaults() Options {
	o.MaxXML = cmp.Or(o.MaxXML, 128<<20)
	o.MaxRels = cmp.Or(o.MaxRels, 1<<20)
	o.MaxCells = cmp.Or(o.MaxCells, 1<<20)
	o.MaxDepth = cmp.Or(o.MaxDepth, 256)
	o.MaxParts = cmp.Or(o.MaxParts, 1<<16)
	return o
}

// maxSpan is the most columns one cell, or a row's gridBefore, may claim
// (Word's own limit is 63 columns).
const maxSpan = 1000

// defaultPart is the main document part of a package whose relationships
// name none.
const defaultPart = "word/document.xml"

// Read reads a Word document into one grid, as the package comment says,
// within the limits of opts. It returns ctx's error soon after ctx is
// done.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	opts = opts.withDefaults()
	p, err := ooxml.Open(data, ".docx", ooxml.Limits{Parts: opts.MaxParts, Rels: opts.MaxRels})
	if err != nil {
		return nil, err
	}
	main := mainPart(p)
	name := main
	if !p.Has(name) {
		name = defaultPart // relationships that point nowhere
	}
	if !p.Has(name) {
		return nil, noDocument(p, main)
	}
	src, err := p.Open(name, opts.MaxXML)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	r := &reader{ctx: ctx, part: src.Name, maxCells: opts.MaxCells, maxDepth: opts.MaxDepth}
	r.d = xml.NewDecoder(&cleanReader{r: src})
	r.d.CharsetReader = ooxml.CharsetReader
	g, err := r.document()
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return nil, err
		}
		line, _ := r.d.InputPos()
		return nil, src.Fail(err, "the document", line)
	}
	if len(g.Rows) == 0 {
		if r.images > 0 {
			return nil, grid.Errorf(grid.ErrNoText, "the document has no text, only %d images: scanned pages?", r.images)
		}
		return nil, grid.Errorf(grid.ErrNoText, "the document has no text")
	}
	return []*grid.Grid{g}, nil
}

// mainPart returns the name of the main document part as the package's
// relationships give it, or word/document.xml.
func mainPart(p *ooxml.Package) string {
	rels, err := p.Rels("")
	if err != nil {
		return defaultPart // damaged or too large: the usual name is tried
	}
	if name := rels.Target("officeDocument"); name != "" {
		return name
	}
	return defaultPart
}

// noDocument says what a zip without a Word body is.
func noDocument(p *ooxml.Package, name string) error {
	if mt, err := p.Open("mimetype", 256); err == nil {
		b, _ := io.ReadAll(mt)
		mt.Close()
		if bytes.Contains(b, []byte("opendocument.text")) {
			return grid.Errorf(grid.ErrCorrupt, "an OpenDocument text (.odt), not a .docx: save it as .docx")
		}
	}
	if p.Has("ppt/presentation.xml") {
		return grid.Errorf(grid.ErrCorrupt, "a PowerPoint presentation, not a Word document")
	}
	return grid.Errorf(grid.ErrCorrupt, "not a Word document: the archive has no %s", name)
}

// cleanReader turns the ASCII control characters that XML forbids
// (some generators leave them in text) into spaces, rather than fail a
// whole document on one of them.
type cleanReader struct{ r io.Reader }

// Read reads from the part, control characters made spaces.
func (c *cleanReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	for i, b := range p[:n] {
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' {
			p[i] = ' '
		}
	}
	return n, err
}

// The namespaces of the elements the reader knows.
const (
	nsW       = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsWStrict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
	nsMath    = "http://schemas.openxmlformats.org/officeDocument/2006/math"
	nsMathS   = "http://purl.oclc.org/ooxml/officeDocument/math"
	nsMC      = "http://schemas.openxmlformats.org/markup-compatibility/2006"
)

// tagKind is what an element is to the reader.
type tagKind int

const (
	tagOther    tagKind = iota // a wrapper: its content is read in place
	tagSkip                    // properties, deleted text, field codes: not read
	tagP                       // paragraph
	tagTbl                     // table
	tagTr                      // table row
	tagTc                      // table cell
	tagR                       // run
	tagT                       // text
	tagTab                     // tab
	tagBr                      // line break
	tagHyphen                  // non-breaking hyphen
	tagNothing                 // an element that shows nothing: a soft hyphen
	tagSym                     // symbol character
	tagRPr                     // run properties
	tagTrPr                    // row properties
	tagTcPr                    // cell properties
	tagAlt                     // mc:AlternateContent
	tagChoice                  // mc:Choice
	tagFallback                // mc:Fallback
	tagImage                   // a drawing or picture: read for text boxes
)

// tags are what the WordprocessingML elements the reader knows are to it,
// by local name.
var tags = map[string]tagKind{
	"p": tagP, "tbl": tagTbl, "tr": tagTr, "tc": tagTc, "r": tagR, "t": tagT,
	"tab": tagTab, "ptab": tagTab, "br": tagBr, "cr": tagBr,
	"noBreakHyphen": tagHyphen, "softHyphen": tagNothing, "sym": tagSym,
	"rPr": tagRPr, "trPr": tagTrPr, "tcPr": tagTcPr,
	"drawing": tagImage, "pict": tagImage,
	// not text: properties, deletions, field codes, ruby annotations
	"pPr": tagSkip, "tblPr": tagSkip, "tblGrid": tagSkip, "tblPrEx": tagSkip, "sectPr": tagSkip,
	"sdtPr": tagSkip, "sdtEndPr": tagSkip, "customXmlPr": tagSkip, "smartTagPr": tagSkip,
	"del": tagSkip, "moveFrom": tagSkip, "delText": tagSkip, "instrText": tagSkip, "delInstrText": tagSkip,
	"rt": tagSkip, "fldData": tagSkip, "footnoteReference": tagSkip, "endnoteReference": tagSkip,
	"commentReference": tagSkip, "annotationRef": tagSkip, "background": tagSkip,
}

// tagOf returns what an element is to the reader.
func tagOf(n xml.Name) tagKind {
	switch n.Space {
	case nsW, nsWStrict:
		return tags[n.Local]
	case nsMath, nsMathS:
		if n.Local == "t" {
			return tagT
		}
	case nsMC:
		switch n.Local {
		case "AlternateContent":
			return tagAlt
		case "Choice":
			return tagChoice
		case "Fallback":
			return tagFallback
		}
	}
	return tagOther
}

// reader reads one document part.
type reader struct {
	ctx      context.Context
	part     string // its name, for errors
	d        *xml.Decoder
	maxCells int
	maxDepth int
	depth    int
	tokens   int
	tables   int // tables started
	paras    int // paragraphs started
	cells    int // cells kept
	images   int
}

// next returns the next token, checking the reader's limits and, now and
// then, the context.
func (r *reader) next() (xml.Token, error) {
	r.tokens++
	if r.tokens&1023 == 0 {
		if err := r.ctx.Err(); err != nil {
			return nil, err
		}
	}
	t, err := r.d.Token()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF // every caller is inside an element
		}
		return nil, err
	}
	switch t.(type) {
	case xml.StartElement:
		r.depth++
		if r.depth > r.maxDepth {
			return nil, grid.Errorf(grid.ErrTooLarge, "the document nests elements more than %d deep", r.maxDepth)
		}
	case xml.EndElement:
		r.depth--
	}
	return t, nil
}

// children calls f for each child element of the element just started,
// up to the element's end; f reads the child through its end.
func (r *reader) children(f func(xml.StartElement, tagKind) error) error {
	for {
		t, err := r.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.StartElement:
			if err := f(t, tagOf(t.Name)); err != nil {
				return err
			}
		case xml.EndElement:
			return nil
		}
	}
}

// skip reads the element just started through its end.
func (r *reader) skip() error {
	for depth := 1; depth > 0; {
		t, err := r.next()
		if err != nil {
			return err
		}
		switch t.(type) {
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// alternate reads the first choice of an mc:AlternateContent, or its
// fallback when it has none, with read.
func (r *reader) alternate(read func() error) error {
	taken := false
	return r.children(func(_ xml.StartElement, tag tagKind) error {
		if (tag == tagChoice || tag == tagFallback) && !taken {
			taken = true
			return read()
		}
		return r.skip()
	})
}

// cell counts a kept cell against the limit.
func (r *reader) cell() error {
	r.cells++
	if r.cells > r.maxCells {
		return grid.Errorf(grid.ErrTooLarge, "the document has more than %d non-empty cells", r.maxCells)
	}
	return nil
}

// document reads the part: w:document, its w:body.
func (r *reader) document() (*grid.Grid, error) {
	for {
		t, err := r.d.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, &grid.Error{Pos: grid.Pos{Part: r.part}, Err: grid.Errorf(grid.ErrCorrupt, "damaged .docx: the document is empty")}
			}
			return nil, err
		}
		se, ok := t.(xml.StartElement)
		if !ok {
			continue
		}
		if se.Name.Local != "document" || (se.Name.Space != nsW && se.Name.Space != nsWStrict) {
			return nil, grid.Errorf(grid.ErrCorrupt, "not a Word document: the part holds <%s>, not <w:document>", se.Name.Local)
		}
		r.depth = 1
		body := &blocks{}
		if err := r.children(func(_ xml.StartElement, tag tagKind) error {
			if tag == tagSkip {
				return r.skip()
			}
			return r.blocks(body) // w:body
		}); err != nil {
			return nil, err
		}
		return &grid.Grid{Rows: body.out.Rows}, nil
	}
}

// addLines adds a paragraph's text to o: a row per line, a cell per
// tab-separated field, from column col.
func addLines(o *grid.Lines, r *reader, text string, para, col int) error {
	pos := grid.Pos{Paragraph: para}
	for line := range strings.SplitSeq(text, "\n") {
		row := grid.Row{Pos: pos}
		i := 0
		for f := range strings.SplitSeq(line, "\t") {
			if strings.TrimSpace(f) != "" {
				if err := r.cell(); err != nil {
					return err
				}
				row.Cells = append(row.Cells, grid.Cell{Text: f, Row: o.N, Col: col + i, RowSpan: 1, ColSpan: 1, Pos: pos})
			}
			i++
		}
		if len(row.Cells) > 0 {
			o.Rows = append(o.Rows, row)
		}
		o.N++
	}
	return nil
}

// blocks receives block-level content: paragraphs and tables. The
// body's go straight to rows; a cell's are kept as items until the cell
// ends, when it is known whether they are a value or a frame.
type blocks struct {
	keep  bool
	items []item
	out   grid.Lines
}

// item is a paragraph's text or a table's rows.
type item struct {
	text  string
	para  int
	table *grid.Lines
}

func (b *blocks) paragraph(r *reader, text string, para int) error {
	if !b.keep {
		return addLines(&b.out, r, text, para, 0)
	}
	if text != "" {
		b.items = append(b.items, item{text: text, para: para})
	}
	return nil
}

func (b *blocks) table(t *grid.Lines) {
	if b.keep {
		b.items = append(b.items, item{table: t})
	} else {
		b.out.Add(t, 0)
	}
}

// frame reports whether the items hold a table.
func (b *blocks) frame() bool {
	for _, it := range b.items {
		if it.table != nil {
			return true
		}
	}
	return false
}

// rows returns the items read in place: paragraphs as lines, tables'
// rows as they are.
func (b *blocks) rows(r *reader) (*grid.Lines, error) {
	out := &grid.Lines{}
	for _, it := range b.items {
		if it.table != nil {
			out.Add(it.table, 0)
		} else if err := addLines(out, r, it.text, it.para, 0); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// elements reads the children of the current element with f, and reads
// through the wrappers that may stand around what f reads (w:sdt and its
// w:sdtContent, w:customXml, mc:AlternateContent). f skips what it does
// not read.
func (r *reader) elements(f func(xml.StartElement, tagKind) error) error {
	var each func(xml.StartElement, tagKind) error
	each = func(se xml.StartElement, tag tagKind) error {
		switch tag {
		case tagOther, tagImage, tagChoice, tagFallback:
			return r.children(each)
		case tagAlt:
			return r.alternate(func() error { return r.children(each) })
		}
		return f(se, tag)
	}
	return r.children(each)
}

// blocks reads block-level content to the end of the current element.
func (r *reader) blocks(out *blocks) error {
	return r.elements(func(se xml.StartElement, tag tagKind) error {
		return r.block(tag, out)
	})
}

// block reads a paragraph or a table; anything else out of place is
// skipped (properties, runs outside a paragraph).
func (r *reader) block(tag tagKind, out *blocks) error {
	switch tag {
	case tagP:
		return r.paragraph(out)
	case tagTbl:
		t, err := r.table()
		if err != nil {
			return err
		}
		out.table(t)
		return nil
	}
	return r.skip()
}

// paragraph is a paragraph being read.
type paragraph struct {
	b      strings.Builder
	hidden bool   // inside a run of hidden text
	font   string // the symbol font of the run, if it has one
	extra  blocks // text boxes' paragraphs and tables
}

func (p *paragraph) write(s string) {
	if !p.hidden {
		p.b.WriteString(s)
	}
}

// paragraph reads a w:p into out, and after it the content of its text
// boxes.
func (r *reader) paragraph(out *blocks) error {
	r.paras++
	n := r.paras
	p := &paragraph{extra: blocks{keep: true}}
	if err := r.inline(p); err != nil {
		return err
	}
	if err := out.paragraph(r, p.b.String(), n); err != nil {
		return err
	}
	for _, it := range p.extra.items {
		if it.table != nil {
			out.table(it.table)
		} else if err := out.paragraph(r, it.text, it.para); err != nil {
			return err
		}
	}
	return nil
}

// inline reads a paragraph's content, or a run's, to the end of the
// current element.
func (r *reader) inline(p *paragraph) error {
	hidden, font := p.hidden, p.font // a run's properties hold to the run's end
	defer func() { p.hidden, p.font = hidden, font }()
	return r.children(func(se xml.StartElement, tag tagKind) error {
		switch tag {
		case tagRPr:
			h, f, err := r.runProps()
			p.hidden = p.hidden || h
			p.font = f
			return err
		case tagT:
			return r.text(p)
		case tagTab:
			p.write("\t")
		case tagBr:
			p.write("\n")
		case tagHyphen:
			p.write("-")
		case tagSym:
			p.write(sym(ooxml.Attr(se, "font"), ooxml.Attr(se, "char")))
		case tagP, tagTbl:
			return r.block(tag, &p.extra) // in a text box
		case tagAlt:
			return r.alternate(func() error { return r.inline(p) })
		case tagImage:
			r.images++
			return r.inline(p)
		case tagR, tagOther, tagChoice, tagFallback:
			return r.inline(p) // w:hyperlink, w:ins, w:smartTag, w:fldSimple, w:sdt, drawings…
		case tagNothing:
		default:
			return r.skip()
		}
		return r.skip()
	})
}

// text reads a w:t into the paragraph. A line break typed into the XML
// itself is white space to Word, not a break. In a run of a symbol font,
// the font's characters (U+F0xx, as Word and LibreOffice store them) are
// mapped as w:sym's are.
func (r *reader) text(p *paragraph) error {
	for depth := 1; depth > 0; {
		t, err := r.next()
		if err != nil {
			return err
		}
		switch t := t.(type) {
		case xml.CharData:
			if depth == 1 && !p.hidden {
				s := string(t)
				if strings.ContainsAny(s, "\r\n") {
					s = strings.NewReplacer("\r", " ", "\n", " ").Replace(s)
				}
				if p.font != "" {
					s = strings.Map(func(c rune) rune {
						if c < 0xF000 || c > 0xF0FF {
							return c
						}
						if m := []rune(symbolChar(p.font, uint64(c))); len(m) == 1 {
							return m[0]
						}
						return -1
					}, s)
				}
				p.b.WriteString(s)
			}
		case xml.StartElement:
			depth++
		case xml.EndElement:
			depth--
		}
	}
	return nil
}

// runProps reads a w:rPr: whether it hides the run (w:vanish), and the
// symbol font (Symbol, Wingdings) its w:rFonts names, if any.
func (r *reader) runProps() (hidden bool, font string, err error) {
	err = r.children(func(se xml.StartElement, _ tagKind) error {
		if se.Name.Space == nsW || se.Name.Space == nsWStrict {
			switch se.Name.Local {
			case "vanish":
				hidden = on(se)
			case "rFonts":
				for _, a := range []string{"ascii", "hAnsi", "eastAsia", "cs"} {
					if f := strings.ToLower(strings.TrimSpace(ooxml.Attr(se, a))); f == "symbol" || f == "wingdings" {
						font = f
						break
					}
				}
			}
		}
		return r.skip()
	})
	return hidden, font, err
}

// on reads a toggle property: <w:b/>, <w:b w:val="true"/> are on,
// w:val="0", "false", "off" are off.
func on(se xml.StartElement) bool {
	switch ooxml.Attr(se, "val") {
	case "0", "false", "off":
		return false
	}
	return true
}

// intAttr reads a number attribute (w:val), clamped to [lo, hi]; def when
// it is missing or no number.
func intAttr(se xml.StartElement, def, lo, hi int) int {
	n, err := strconv.Atoi(strings.TrimSpace(ooxml.Attr(se, "val")))
	if err != nil {
		return def
	}
	return min(max(n, lo), hi)
}

// Merge states of a cell.
const (
	mergeNone = iota
	mergeRestart
	mergeContinue
)

func mergeOf(se xml.StartElement) int {
	if ooxml.Attr(se, "val") == "restart" {
		return mergeRestart
	}
	return mergeContinue // <w:vMerge/> continues
}

// table is a table being read.
type table struct {
	n    int // 1-based index of the table in the document
	rows int // rows read, deleted ones not counted
	out  grid.Lines
	open map[int]*openMerge // vertical merges still open, by first column
}

// openMerge is an open vertical merge: where its cell is in out.rows.
type openMerge struct {
	row, cell int
	seen      bool     // continued in the row being read
	more      []string // text of continuing cells, added when it closes
}

// close ends a vertical merge: its continuing cells' text, if any, is
// added to its cell's.
func (t *table) close(g *openMerge) {
	if len(g.more) > 0 {
		top := &t.out.Rows[g.row].Cells[g.cell]
		top.Text += "\n" + strings.Join(g.more, "\n")
	}
}

// rawCell is a cell as read, before merges are resolved.
type rawCell struct {
	col, span      int
	vmerge, hmerge int
	text           string
	frame          *grid.Lines // the rows of a cell that holds a table
}

// tableRow is a row being read.
type tableRow struct {
	col     int
	deleted bool
	cells   []rawCell
}

// table reads a w:tbl and returns its rows.
func (r *reader) table() (*grid.Lines, error) {
	r.tables++
	t := &table{n: r.tables, open: map[int]*openMerge{}}
	err := r.elements(func(_ xml.StartElement, tag tagKind) error {
		if tag == tagTr {
			return r.row(t)
		}
		return r.skip() // w:tblPr, w:tblGrid
	})
	if err != nil {
		return nil, err
	}
	for _, g := range t.open {
		t.close(g)
	}
	return &t.out, nil
}

// row reads a w:tr into the table.
func (r *reader) row(t *table) error {
	row := &tableRow{}
	err := r.elements(func(_ xml.StartElement, tag tagKind) error {
		switch tag {
		case tagTrPr:
			return r.rowProps(row)
		case tagTc:
			return r.tableCell(row)
		}
		return r.skip()
	})
	if err != nil {
		return err
	}
	if row.deleted {
		return nil
	}
	return r.resolve(t, row)
}

// rowProps reads a w:trPr: the grid columns before the row's first cell,
// and whether the row is a tracked deletion.
func (r *reader) rowProps(row *tableRow) error {
	return r.children(func(se xml.StartElement, tag tagKind) error {
		if se.Name.Space == nsW || se.Name.Space == nsWStrict {
			switch se.Name.Local {
			case "gridBefore":
				if len(row.cells) == 0 {
					row.col = intAttr(se, 0, 0, maxSpan)
				}
			case "del":
				row.deleted = true
			}
		}
		return r.skip()
	})
}

// tableCell reads a w:tc into the row.
func (r *reader) tableCell(row *tableRow) error {
	c := rawCell{col: row.col, span: 1}
	deleted := false
	content := &blocks{keep: true}
	err := r.elements(func(_ xml.StartElement, tag tagKind) error {
		if tag != tagTcPr {
			return r.block(tag, content)
		}
		return r.children(func(se xml.StartElement, _ tagKind) error {
			if se.Name.Space == nsW || se.Name.Space == nsWStrict {
				switch se.Name.Local {
				case "gridSpan":
					c.span = intAttr(se, 1, 1, maxSpan)
				case "vMerge":
					c.vmerge = mergeOf(se)
				case "hMerge":
					c.hmerge = mergeOf(se)
				case "cellDel":
					deleted = true
				}
			}
			return r.skip()
		})
	})
	if err != nil || deleted {
		return err
	}
	row.col += c.span
	if content.frame() {
		if c.frame, err = content.rows(r); err != nil {
			return err
		}
	} else {
		texts := make([]string, len(content.items))
		for i, it := range content.items {
			texts[i] = it.text
		}
		c.text = strings.Join(texts, "\n")
	}
	if c.frame == nil && strings.TrimSpace(c.text) == "" && c.vmerge == mergeNone && c.hmerge != mergeContinue {
		return nil // an empty cell: only its columns count
	}
	if err := r.cell(); err != nil {
		return err
	}
	row.cells = append(row.cells, c)
	return nil
}

// resolve adds a row to its table: merged cells become spans, frames'
// rows follow the row.
func (r *reader) resolve(t *table, row *tableRow) error {
	t.rows++
	n := t.out.N
	t.out.N++
	pos := grid.Pos{Table: t.n, TableRow: t.rows}
	var cells []grid.Cell
	var more [][]string // text of the cells merged into each cell across
	var frames []rawCell
	starts := map[int]int{} // vertical merges this row starts: column → cell
	for _, c := range row.cells {
		if c.frame != nil {
			frames = append(frames, c)
			continue
		}
		visible := strings.TrimSpace(c.text) != ""
		if c.hmerge == mergeContinue && len(cells) > 0 {
			if last := &cells[len(cells)-1]; last.Col+last.ColSpan == c.col {
				last.ColSpan += c.span
				if visible {
					more[len(more)-1] = append(more[len(more)-1], c.text)
				}
				continue
			}
		}
		if c.vmerge == mergeContinue {
			if g := t.open[c.col]; g != nil {
				g.seen = true
				top := &t.out.Rows[g.row].Cells[g.cell]
				top.RowSpan = n - top.Row + 1
				if visible {
					g.more = append(g.more, c.text)
				}
				continue
			}
			// A continuation with nothing above it starts a cell of its own.
		}
		if !visible {
			continue
		}
		if c.vmerge != mergeNone {
			starts[c.col] = len(cells)
		}
		cells = append(cells, grid.Cell{Text: c.text, Row: n, Col: c.col, RowSpan: 1, ColSpan: c.span, Pos: pos})
		more = append(more, nil)
	}
	for i, m := range more {
		if len(m) > 0 {
			cells[i].Text += "\n" + strings.Join(m, "\n")
		}
	}
	for col, g := range t.open {
		if !g.seen {
			t.close(g)
			delete(t.open, col)
		}
		g.seen = false
	}
	if len(cells) > 0 {
		for col, i := range starts {
			t.open[col] = &openMerge{row: len(t.out.Rows), cell: i}
		}
		t.out.Rows = append(t.out.Rows, grid.Row{Cells: cells, Pos: pos})
	}
	for _, f := range frames {
		t.out.Add(f.frame, f.col)
	}
	return nil
}

// sym returns the character of a w:sym: fonts with their own encoding
// (Symbol, Wingdings) write it as F0xx, mapped here to Unicode where the
// character is one a form uses; a Unicode font writes it as itself.
func sym(font, char string) string {
	c, err := strconv.ParseUint(strings.TrimSpace(char), 16, 32)
	if err != nil {
		return ""
	}
	return symbolChar(font, c)
}

// symbolChar returns character c of a font: the Unicode of a symbol
// font's character, c itself in any other font.
func symbolChar(font string, c uint64) string { return symbol.Char(font, c) }
