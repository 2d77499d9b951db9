// Package html reads web pages into one grid: the pages government sites
// publish forms in, the HTML tables finance systems export under the name
// of an Excel file (.xls), and the sheets of a workbook saved as a web page.
//
// Every <table> counts, the layout tables a site draws its pages with
// among them, numbered in document order (nested ones where they start):
//
//   - A table's rows (<tr>, across <thead>, <tbody> and <tfoot>, the footer's
//     rows last) are grid rows, its cells (<td>, <th>) stand where the HTML
//     table model puts them: a cell that spans rows from above takes its
//     columns in the rows below, and later cells move right. A cell spanning
//     rows or columns appears once, at its top-left, with its spans. Its
//     grid.Pos is Table, the 1-based index of the table, and TableRow, the
//     1-based row of that table.
//   - A cell that holds a table is not a value but a frame, as sites lay
//     out their pages: its text and its table's rows are read in place, as
//     rows after the row that holds the cell and at the cell's columns, so
//     that a form inside the page's layout tables reads as one. The same
//     holds for documents (the DOCX reader reads frames the same way).
//   - Text outside tables (a title, the year line, 单位：万元, signature
//     lines, a table's <caption>) is read block by block in document order:
//     a block (<p>, <div>, <h2>, <li>…) is split into rows at its line breaks
//     and into cells at tabs and at runs of two or more non-breaking
//     spaces, as pages space their signature lines; its grid.Pos is
//     Paragraph, the 1-based index of the block among all the page's text
//     blocks, those in table cells included.
//   - Text is what a browser shows: runs of white space are one space,
//     <br> and the edges of blocks are line breaks, &nbsp; is a space;
//     scripts, styles, the page's <title>, forms' <select> lists and
//     <textarea>s, <noscript> and <iframe> content are not text, nor is
//     <del>, a document's deleted text as Word saves tracked changes. A
//     cell's lines are trimmed. An Excel cell's displayed text is read,
//     not its x:num value: it is what the cell shows.
//   - As the DOCX reader reads Word's own characters: a non-breaking hyphen
//     (U+2011) is "-", a soft hyphen nothing, and text in the Symbol or
//     Wingdings font (a face attribute, a font-family style, Word's
//     mso-symbol-font-family) is the Unicode character of its symbol; a
//     symbol font's code (U+F0xx) outside such a font means nothing.
//
// The encoding is the byte order mark's, else the one a <meta charset> or
// http-equiv Content-Type names (gb2312, gbk and gb18030 are read as
// GB18030), else UTF-8 when the page is valid UTF-8, else GB18030; the
// grid's Encoding names it as the contract does.
//
// A workbook saved as a web page by Excel is a frameset page (NAME.htm) and
// a page per sheet (NAME.files/sheet001.htm…). The frameset page holds no
// table: it gives no grid and no error. A sheet page reads as any page; a
// workbook of one sheet saved as one page names its sheet (x:Name), which
// becomes the grid's Sheet and each cell's Pos.Sheet and Ref. An Excel
// cell whose text only overflows into its empty neighbours (colspan with
// mso-ignore:colspan) is one column wide.
//
// What a page shows by its style sheets is not known to the reader: hidden
// elements (display:none) are read as text too.
package html

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"

	nethtml "golang.org/x/net/html"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/htmlindex"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// Text encodings a page is read in, named as the contract names them.
const (
	UTF8    = "utf-8"
	GB18030 = "gb18030"
	UTF16LE = "utf-16le"
	UTF16BE = "utf-16be"
)

// Options are the HTML reader's knobs.
type Options struct {
	// Encoding, when set (UTF8, GB18030, UTF16LE, UTF16BE), is the
	// encoding to decode every page as instead of detecting it.
	Encoding string
}

// Limits of the reader: what a hostile or pathological page runs into long
// before it can exhaust memory or time. (Variables, so that tests can reach
// them with small inputs.)
var (
	maxTables    = 64       // tables open at once, one inside another
	maxAllTables = 1 << 16  // tables in the page
	maxCells     = 1 << 20  // table cells, empty ones included
	maxRows      = 1 << 20  // table rows and lines of text
	maxCols      = 16384    // columns of one table row, as many as Excel's
	maxText      = 16 << 20 // bytes of text kept
	maxToken     = 8 << 20  // bytes of one tag (its attributes, an inline image), comment or run of text
)

// Spans a cell may claim, as the HTML standard clamps them.
const (
	maxColSpan = 1000
	maxRowSpan = 65534
)

// Read reads a web page into one grid (see the package comment). A
// frameset page, which only points at other pages, gives no grid and no
// error. A page with no text is grid.ErrNoText; binary data is
// grid.ErrBinary; a page past the reader's limits is grid.ErrTooLarge or
// grid.ErrTooComplex. Read returns ctx's error soon after ctx is done.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	enc, name, skip, err := encodingOf(data, opts.Encoding)
	if err != nil {
		return nil, err
	}
	if binary(data[skip:], name) {
		return nil, grid.Errorf(grid.ErrBinary, "binary data, not a web page")
	}
	var r io.Reader = bytes.NewReader(data[skip:])
	if enc != nil {
		r = transform.NewReader(r, enc.NewDecoder())
	}
	p := newParser(ctx)
	if err := p.parse(r); err != nil {
		return nil, err
	}
	if p.frameset && p.tables == 0 {
		return nil, nil // it only points at the pages that hold the sheets
	}
	g, err := p.grid()
	if err != nil {
		return nil, err
	}
	if len(g.Rows) == 0 {
		return nil, grid.Errorf(grid.ErrNoText, "the page has no text")
	}
	g.Encoding = name
	return []*grid.Grid{g}, nil
}

// encodingOf returns the decoder of data's encoding (nil for UTF-8), the
// encoding's name, and the length of the byte order mark to skip.
func encodingOf(data []byte, override string) (encoding.Encoding, string, int, error) {
	bom := 0
	switch {
	case bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}):
		bom = 3
		if override == "" {
			return nil, UTF8, bom, nil
		}
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}):
		bom = 2
		if override == "" {
			if data[0] == 0xFF {
				return decoder(UTF16LE), UTF16LE, bom, nil
			}
			return decoder(UTF16BE), UTF16BE, bom, nil
		}
	}
	if override != "" {
		switch override {
		case UTF8, GB18030, UTF16LE, UTF16BE:
			return decoder(override), override, bom, nil
		}
		return nil, "", 0, fmt.Errorf("unknown text encoding %q (want %s, %s, %s or %s)", override, UTF8, GB18030, UTF16LE, UTF16BE)
	}
	switch declared(data) {
	case UTF8:
		// A page saved in GBK under a template's utf-8 declaration is
		// common; a browser would show it garbled, the reader reads it.
		if utf8Like(data) {
			return nil, UTF8, 0, nil
		}
		return decoder(GB18030), GB18030, 0, nil
	case GB18030:
		// The reverse, UTF-8 under a gb2312 declaration: text in GBK is
		// almost never valid UTF-8 as well once it has Chinese in it.
		if utf8.Valid(data) && !ascii(data) {
			return nil, UTF8, 0, nil
		}
		return decoder(GB18030), GB18030, 0, nil
	}
	if utf8Like(data) {
		return nil, UTF8, 0, nil
	}
	return decoder(GB18030), GB18030, 0, nil
}

// decoder returns the encoding of a name; nil for UTF-8, which the
// tokenizer reads as it is.
func decoder(name string) encoding.Encoding {
	switch name {
	case GB18030:
		return simplifiedchinese.GB18030
	case UTF16LE:
		return unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM)
	case UTF16BE:
		return unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM)
	}
	return nil
}

// prescan is how much of a page is searched for its declared encoding.
// The HTML standard says 1024 bytes; pages with long comments or scripts
// before their <meta> are common enough to look further.
const prescan = 8192

// declared returns the encoding a page's <meta> (or an XHTML page's XML
// declaration) names, as UTF8 or GB18030, or "" when it names none or one
// that a Chinese form is not written in (the page is then read by its
// content). UTF-16 declared in ASCII-readable text is UTF-8, as the HTML
// standard says.
func declared(data []byte) string {
	head := data[:min(len(data), prescan)]
	var label string
	if bytes.HasPrefix(head, []byte("<?xml")) {
		if end := bytes.Index(head, []byte("?>")); end > 0 {
			if _, v, ok := bytes.Cut(head[:end], []byte("encoding=")); ok {
				label = firstWord(string(v))
			}
		}
	}
	z := nethtml.NewTokenizer(bytes.NewReader(head))
	for label == "" {
		tt := z.Next()
		if tt == nethtml.ErrorToken {
			break
		}
		if tt != nethtml.StartTagToken && tt != nethtml.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		if string(name) != "meta" {
			continue
		}
		var charset, equiv, content string
		for more {
			var k, v []byte
			k, v, more = z.TagAttr()
			switch string(k) {
			case "charset":
				charset = string(v)
			case "http-equiv":
				equiv = strings.ToLower(string(v))
			case "content":
				content = string(v)
			}
		}
		switch {
		case charset != "":
			label = charset
		case equiv == "content-type":
			lower := strings.ToLower(content)
			if i := strings.Index(lower, "charset="); i >= 0 {
				label = firstWord(lower[i+len("charset="):])
			}
		}
	}
	if label == "" {
		return ""
	}
	e, err := htmlindex.Get(label)
	if err != nil {
		return ""
	}
	switch n, _ := htmlindex.Name(e); n {
	case "utf-8", "utf-16le", "utf-16be":
		return UTF8
	case "gbk", "gb18030":
		return GB18030
	}
	return ""
}

// firstWord returns the first word of an attribute's value, unquoted:
// gb2312 of ` "gb2312"; x`.
func firstWord(s string) string {
	f := strings.FieldsFunc(s, func(r rune) bool {
		return r == ' ' || r == ';' || r == '"' || r == '\'' || r == '\t' || r == '\n' || r == '\r' || r == '\f'
	})
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

// utf8Like reports whether data is UTF-8, perhaps with a damaged byte
// here and there: in its first megabyte, sequences that are not UTF-8 are
// rare beside those that are. Chinese text in GBK is mostly not UTF-8.
func utf8Like(data []byte) bool {
	if utf8.Valid(data) {
		return true
	}
	head := data[:min(len(data), 1<<20)]
	bad, good := 0, 0
	for i := 0; i < len(head); {
		if head[i] < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRune(head[i:])
		if r == utf8.RuneError && n == 1 {
			bad++
		} else {
			good++
		}
		i += n
	}
	return bad*20 < good
}

// ascii reports whether data is all ASCII.
func ascii(data []byte) bool {
	for _, b := range data {
		if b >= 0x80 {
			return false
		}
	}
	return true
}

// binary reports whether data is no text at all: NUL bytes (in an
// encoding other than UTF-16) or many control characters in its first
// kilobytes.
func binary(data []byte, enc string) bool {
	if enc == UTF16LE || enc == UTF16BE {
		return false
	}
	head := data[:min(len(data), 4096)]
	bad := 0
	for _, b := range head {
		if b == 0 {
			return true
		}
		if b < 0x20 && b != '\t' && b != '\n' && b != '\r' && b != '\f' {
			bad++
		}
	}
	return bad*50 > len(head)
}

// tooLarge and tooComplex are the reader's limit errors.
func tooLarge(format string, args ...any) error {
	return grid.Errorf(grid.ErrTooLarge, format, args...)
}

func tooComplex(format string, args ...any) error {
	return grid.Errorf(grid.ErrTooComplex, format, args...)
}

// errStop ends a parse early: the parser's error says why.
var errStop = errors.New("stop")
