package html

import (
	"context"
	"errors"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/symbol"

	nethtml "golang.org/x/net/html"
)

// The parser reads the page's tokens as they come, without building its
// element tree: it keeps the tables open at the point it reads and the
// text of the block it is in, so that memory follows what is kept, not how
// deep the page nests its elements.

// item is a block of a container: a text block or a table.
type item struct {
	text  string
	para  int
	table *table
}

// container receives block content: the page's body, or a table cell's.
type container struct {
	items []item
	block block // the inline text being read
}

// frame reports whether the container holds a table.
func (c *container) frame() bool {
	for _, it := range c.items {
		if it.table != nil {
			return true
		}
	}
	return false
}

// value returns a cell's text: its blocks' lines, each trimmed, the empty
// ones dropped, joined by "\n"; tabs and non-breaking spaces are spaces.
func (c *container) value() string {
	var b strings.Builder
	for _, it := range c.items {
		for line := range strings.SplitSeq(it.text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			for _, r := range line {
				if r == '\t' || r == '\u00a0' {
					r = ' '
				}
				b.WriteRune(r)
			}
		}
	}
	return b.String()
}

// block is inline text being read, its white space collapsed as a browser
// collapses it: a run of spaces and line ends is one space. A run of white
// space that holds a tab but no line end is kept as a tab, since pages
// written by office programs separate fields with tabs.
type block struct {
	b       strings.Builder
	text    bool // non-space text written since the line began
	space   bool // a run of white space is pending
	tab     bool // the pending run holds a tab
	newline bool // the pending run holds a line end
}

// write adds text; pre keeps its white space as it is.
func (b *block) write(s string, pre bool) {
	for _, r := range s {
		switch {
		case pre && r == '\n':
			b.br()
		case pre && (r == ' ' || r == '\t'):
			b.b.WriteRune(r)
		case r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f':
			b.space = true
			b.tab = b.tab || r == '\t'
			b.newline = b.newline || r != ' ' && r != '\t'
		default:
			if b.space && b.text {
				if b.tab && !b.newline {
					b.b.WriteByte('\t')
				} else {
					b.b.WriteByte(' ')
				}
			}
			b.space, b.tab, b.newline = false, false, false
			b.text = true
			b.b.WriteRune(r)
		}
	}
}

// br ends a line.
func (b *block) br() {
	b.b.WriteByte('\n')
	b.text, b.space, b.tab, b.newline = false, false, false, false
}

// take returns the block's text, its lines' trailing white space and its
// empty first and last lines dropped, and empties the block.
func (b *block) take() string {
	s := b.b.String()
	*b = block{}
	if strings.TrimSpace(s) == "" {
		return ""
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t")
	}
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return strings.Join(lines, "\n")
}

// table is a table as read: its rows and their cells, before they are
// placed.
type table struct {
	n       int        // 1-based index of the table in the page
	parent  *container // where the table stands
	rows    []*row
	foot    []*row // the rows of <tfoot>, which come last
	row     *row   // the row being read
	cell    *cell  // the cell being read
	inFoot  bool
	caption bool // inside the table's <caption>
}

// row is a table row as read.
type row struct{ cells []*cell }

// cell is a table cell as read.
type cell struct {
	content    container
	rowSpan    int
	colSpan    int
	ignoreSpan bool // Excel's mso-ignore:colspan: the span is only overflowing text
}

// parser reads a page's tokens.
type parser struct {
	ctx      context.Context
	body     container
	open     []*table // tables open, innermost last
	tables   int      // tables started
	paras    int      // text blocks kept
	cells    int      // table cells read
	rows     int      // table rows read
	kept     int      // bytes of text kept
	skip     string   // the element whose content is not text, while inside it
	skipN    int      // elements of that name open
	pre      int      // <pre> elements open
	frameset bool     // a frameset page, or Excel's page of a workbook's sheets
	excel    bool     // a page Excel wrote (ProgId Excel.Sheet)
	sheets   []string // the worksheets an Excel page names (x:Name)
	fonts    []fontScope
	err      error
}

// fontScope is an element that sets a symbol font, while it is open.
type fontScope struct {
	tag    string // the element's name
	font   string // "symbol" or "wingdings"
	typed  bool   // Word's mso-char-type:symbol: its characters are the font's codes
	nested int    // elements of the same name open inside it
}

func newParser(ctx context.Context) *parser {
	return &parser{ctx: ctx}
}

// skipped are the elements whose content is not text a page shows.
var skipped = map[string]bool{
	"script": true, "style": true, "title": true, "textarea": true, "noscript": true,
	"noframes": true, "iframe": true, "noembed": true, "xmp": true, "template": true,
	"select": true, "svg": true, "math": true, "object": true,
	"del": true, // a document's deleted text, as Word saves tracked changes
}

// blocks are the elements whose edges end a line of text.
var blocks = map[string]bool{
	"address": true, "article": true, "aside": true, "blockquote": true, "body": true,
	"center": true, "dd": true, "details": true, "dialog": true, "dir": true, "div": true,
	"dl": true, "dt": true, "fieldset": true, "figcaption": true, "figure": true,
	"footer": true, "form": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "header": true, "hgroup": true, "hr": true, "html": true,
	"legend": true, "li": true, "main": true, "menu": true, "nav": true, "ol": true,
	"p": true, "section": true, "summary": true, "ul": true, "option": true,
	"frameset": true,
}

// parse reads the page from r.
func (p *parser) parse(r io.Reader) error {
	z := nethtml.NewTokenizer(r)
	z.SetMaxBuf(maxToken)
	for n := 0; ; n++ {
		if n&4095 == 0 {
			if err := p.ctx.Err(); err != nil {
				return err
			}
		}
		tt := z.Next()
		switch tt {
		case nethtml.ErrorToken:
			err := z.Err()
			switch {
			case errors.Is(err, io.EOF):
				p.end()
				return p.err
			case errors.Is(err, nethtml.ErrBufferExceeded):
				return tooLarge("a tag, comment or run of text longer than %d bytes, the reader's limit", maxToken)
			}
			return grid.Errorf(grid.ErrCorrupt, "cannot read the page: %v", err)
		case nethtml.TextToken:
			if p.skip == "" {
				p.text(z.Text())
			}
		case nethtml.StartTagToken, nethtml.SelfClosingTagToken:
			name, more := z.TagName()
			p.start(string(name), tt == nethtml.SelfClosingTagToken, attrs(z, more))
		case nethtml.EndTagToken:
			name, _ := z.TagName()
			p.finish(string(name))
		case nethtml.CommentToken:
			if c := z.Text(); strings.Contains(string(c), "ExcelWorksheet") {
				p.worksheets(string(c))
			}
		}
		if p.err != nil {
			return p.err
		}
	}
}

// attrs returns the attributes the reader looks at.
type attrSet struct {
	colspan, rowspan, style, id, name, content, face string
}

func attrs(z *nethtml.Tokenizer, more bool) attrSet {
	var a attrSet
	for more {
		var k, v []byte
		k, v, more = z.TagAttr()
		switch string(k) {
		case "colspan":
			a.colspan = string(v)
		case "rowspan":
			a.rowspan = string(v)
		case "style":
			a.style = string(v)
		case "id":
			a.id = string(v)
		case "name":
			a.name = string(v)
		case "content":
			a.content = string(v)
		case "face":
			a.face = string(v)
		}
	}
	return a
}

// text adds a text token to the block being read.
func (p *parser) text(b []byte) {
	s := string(b)
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	p.kept += len(s)
	if p.kept > maxText {
		p.err = tooLarge("more than %d bytes of text, the reader's limit", maxText)
		return
	}
	p.target().block.write(p.chars(s), p.pre > 0)
}

// chars returns the characters of a text as a page shows them: Word's
// non-breaking hyphen (U+2011) is a hyphen, a soft hyphen nothing, the
// codes of a symbol font (U+F0xx, and under Word's mso-char-type:symbol
// its 8-bit codes) their Unicode characters; a symbol font's code outside
// a symbol font means nothing.
func (p *parser) chars(s string) string {
	var f *fontScope
	if n := len(p.fonts); n > 0 {
		f = &p.fonts[n-1]
	}
	special := func(r rune) bool { return r == 0x2011 || r == 0xAD || r >= 0xF000 && r <= 0xF0FF }
	if f == nil && !strings.ContainsFunc(s, special) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == 0x2011:
			b.WriteByte('-')
		case r == 0xAD:
		case r >= 0xF000 && r <= 0xF0FF:
			if f != nil {
				b.WriteString(symbol.Char(f.font, uint64(r)))
			}
		case f != nil && f.typed && r > 0x20 && r <= 0xFF:
			b.WriteString(symbol.Char(f.font, uint64(r)))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// fontOf returns the symbol font an element's face attribute or style
// sets, and whether its style says its characters are the font's codes.
func fontOf(a attrSet) (font string, typed, ok bool) {
	style := strings.ToLower(a.style)
	family := func(prop string) string {
		i := strings.Index(style, prop+":")
		if i < 0 {
			return ""
		}
		v := style[i+len(prop)+1:]
		if j := strings.IndexAny(v, ";,"); j >= 0 {
			v = v[:j]
		}
		return v
	}
	typed = strings.Contains(strings.ReplaceAll(style, " ", ""), "mso-char-type:symbol")
	for _, name := range []string{family("mso-symbol-font-family"), family("font-family"), strings.Split(a.face, ",")[0]} {
		if f, ok := symbol.Font(name); ok {
			return f, typed, true
		}
	}
	return "", false, false
}

// openFont notes an element that sets a symbol font, or one nested in
// such an element under the same name.
func (p *parser) openFont(name string, a attrSet) {
	if f, typed, ok := fontOf(a); ok && len(p.fonts) < maxTables {
		p.fonts = append(p.fonts, fontScope{tag: name, font: f, typed: typed})
		return
	}
	if n := len(p.fonts); n > 0 && p.fonts[n-1].tag == name {
		p.fonts[n-1].nested++
	}
}

// closeFont ends the symbol font of an element that ends.
func (p *parser) closeFont(name string) {
	n := len(p.fonts)
	if n == 0 || p.fonts[n-1].tag != name {
		return
	}
	if p.fonts[n-1].nested > 0 {
		p.fonts[n-1].nested--
		return
	}
	p.fonts = p.fonts[:n-1]
}

// void are the elements that have no end tag.
var void = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true,
	"input": true, "link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// target returns the container text goes to: the cell being read, or,
// outside cells, where the innermost table stands (a browser shows the
// text of a table outside its cells, and its caption, before the table).
func (p *parser) target() *container {
	if n := len(p.open); n > 0 {
		t := p.open[n-1]
		if t.cell != nil && !t.caption {
			return &t.cell.content
		}
		return t.parent
	}
	return &p.body
}

// flush ends the block being read in c.
func (p *parser) flush(c *container) {
	s := c.block.take()
	if s == "" {
		return
	}
	p.paras++
	if p.paras > maxRows {
		p.err = tooLarge("more than %d blocks of text, the reader's limit", maxRows)
		return
	}
	c.items = append(c.items, item{text: s, para: p.paras})
}

// start reads a start tag.
func (p *parser) start(name string, selfClosing bool, a attrSet) {
	if p.skip != "" {
		if name == p.skip && !selfClosing {
			p.skipN++
		}
		return
	}
	if skipped[name] {
		if !selfClosing || (name != "svg" && name != "math") {
			p.skip, p.skipN = name, 1
		}
		return
	}
	if !void[name] && !selfClosing && (a.face != "" || a.style != "" || len(p.fonts) > 0) {
		p.openFont(name, a)
	}
	switch name {
	case "br":
		p.target().block.br()
	case "table":
		p.startTable()
	case "tr":
		p.startRow()
	case "td", "th":
		p.startCell(a)
	case "thead", "tbody", "tfoot":
		if t := p.innermost(); t != nil {
			p.closeRow(t)
			t.caption = false
			t.inFoot = name == "tfoot"
		}
	case "caption":
		if t := p.innermost(); t != nil {
			p.closeRow(t)
			p.flush(t.parent)
			t.caption = true
		}
	case "frameset", "frame":
		p.frameset = true
	case "link":
		if strings.EqualFold(a.id, "shLink") {
			p.frameset = true // Excel's links to a workbook's sheet pages
		}
	case "meta":
		if strings.EqualFold(a.name, "ProgId") && strings.HasPrefix(strings.ToLower(a.content), "excel.sheet") {
			p.excel = true
		}
	case "pre", "listing":
		p.flush(p.target())
		p.pre++
	default:
		if blocks[name] {
			p.flush(p.target())
		}
	}
}

// finish reads an end tag.
func (p *parser) finish(name string) {
	if p.skip != "" {
		if name == p.skip {
			if p.skipN--; p.skipN == 0 {
				p.skip = ""
			}
		}
		return
	}
	p.closeFont(name)
	switch name {
	case "br":
		p.target().block.br() // </br> is a line break to browsers too
	case "table":
		p.endTable()
	case "tr", "thead", "tbody", "tfoot":
		if t := p.innermost(); t != nil {
			p.closeRow(t)
			if name != "tr" {
				t.inFoot = false
			}
		}
	case "td", "th":
		if t := p.innermost(); t != nil {
			p.closeCell(t)
		}
	case "caption":
		if t := p.innermost(); t != nil && t.caption {
			p.flush(t.parent)
			t.caption = false
		}
	case "pre", "listing":
		p.flush(p.target())
		p.pre = max(p.pre-1, 0)
	default:
		if blocks[name] {
			p.flush(p.target())
		}
	}
}

func (p *parser) innermost() *table {
	if n := len(p.open); n > 0 {
		return p.open[n-1]
	}
	return nil
}

// startTable opens a table where the parser is: in the cell being read,
// or in the page. A table inside a table but outside its cells is given a
// cell of its own.
func (p *parser) startTable() {
	if t := p.innermost(); t != nil && (t.cell == nil || t.caption) {
		if t.caption {
			p.flush(t.parent)
			t.caption = false
		}
		p.startCell(attrSet{})
		if p.err != nil {
			return
		}
	}
	if len(p.open) >= maxTables {
		p.err = tooComplex("tables nested more than %d deep", maxTables)
		return
	}
	if p.tables >= maxAllTables {
		p.err = tooComplex("more than %d tables", maxAllTables)
		return
	}
	parent := p.target()
	p.flush(parent)
	p.tables++
	p.open = append(p.open, &table{n: p.tables, parent: parent})
}

// endTable closes the innermost table and adds it where it stands, after
// the text read before it.
func (p *parser) endTable() {
	t := p.innermost()
	if t == nil {
		return // a stray </table>
	}
	p.closeRow(t)
	p.open = p.open[:len(p.open)-1]
	t.rows = append(t.rows, t.foot...)
	t.foot = nil
	p.flush(t.parent)
	t.parent.items = append(t.parent.items, item{table: t})
}

// startRow opens a row of the innermost table.
func (p *parser) startRow() {
	t := p.innermost()
	if t == nil {
		return // a <tr> outside tables: browsers ignore it
	}
	p.closeRow(t)
	p.flush(t.parent) // text before the row, outside cells
	t.caption = false
	p.rows++
	if p.rows > maxRows {
		p.err = tooLarge("more than %d table rows, the reader's limit", maxRows)
		return
	}
	t.row = &row{}
}

// startCell opens a cell of the innermost table, and its row when none is
// open.
func (p *parser) startCell(a attrSet) {
	t := p.innermost()
	if t == nil {
		return
	}
	p.closeCell(t)
	p.flush(t.parent)
	if t.row == nil {
		p.startRow()
		if p.err != nil {
			return
		}
	}
	t.caption = false
	p.cells++
	if p.cells > maxCells {
		p.err = tooLarge("more than %d table cells, the reader's limit", maxCells)
		return
	}
	c := &cell{rowSpan: span(a.rowspan, 1, maxRowSpan), colSpan: span(a.colspan, 1, maxColSpan)}
	if a.rowspan != "" && c.rowSpan == 0 {
		c.rowSpan = maxRowSpan // rowspan=0: to the end of the table
	}
	c.rowSpan = max(c.rowSpan, 1)
	c.colSpan = max(c.colSpan, 1)
	c.ignoreSpan = c.colSpan > 1 && strings.Contains(strings.ReplaceAll(strings.ToLower(a.style), " ", ""), "mso-ignore:colspan")
	t.cell = c
}

// span reads a rowspan or colspan as browsers do: the digits it starts
// with, def when there are none, clamped to hi.
func span(s string, def, hi int) int {
	s = strings.TrimSpace(s)
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i < 9 {
		i++
	}
	if i == 0 {
		return def
	}
	n, _ := strconv.Atoi(s[:i])
	return min(n, hi)
}

// closeCell ends the cell being read in t.
func (p *parser) closeCell(t *table) {
	if t.cell == nil {
		return
	}
	p.flush(&t.cell.content)
	t.row.cells = append(t.row.cells, t.cell)
	t.cell = nil
}

// closeRow ends the row being read in t.
func (p *parser) closeRow(t *table) {
	p.closeCell(t)
	if t.row == nil {
		return
	}
	if t.inFoot {
		t.foot = append(t.foot, t.row)
	} else {
		t.rows = append(t.rows, t.row)
	}
	t.row = nil
}

// end closes what the page left open.
func (p *parser) end() {
	for len(p.open) > 0 && p.err == nil {
		p.endTable()
	}
	p.flush(&p.body)
}

// worksheets reads the sheet names of the workbook description Excel
// writes into a page's head, in a conditional comment:
// <x:ExcelWorksheet><x:Name>绩效目标</x:Name>…
func (p *parser) worksheets(c string) {
	for {
		i := strings.Index(c, "<x:ExcelWorksheet>")
		if i < 0 {
			return
		}
		c = c[i+len("<x:ExcelWorksheet>"):]
		end := strings.Index(c, "</x:ExcelWorksheet>")
		entry := c
		if end >= 0 {
			entry = c[:end]
		}
		if _, rest, ok := strings.Cut(entry, "<x:Name>"); ok {
			if name, _, ok := strings.Cut(rest, "</x:Name>"); ok && len(p.sheets) < 1024 {
				p.sheets = append(p.sheets, strings.TrimSpace(nethtml.UnescapeString(name)))
			}
		}
		if end < 0 {
			return
		}
		c = c[end:]
	}
}
