// Package doc reads Word 97–2003 binary documents (.doc, and WPS .wps
// files saved in the same format, which hold a WordDocument stream) into
// one grid of the same shape the DOCX reader gives a .docx, so that a form
// reads the same in both.
//
// A .doc is an OLE2 compound file. Its WordDocument stream starts with the
// FIB, which says where the rest is; the piece table (the CLX, in the
// 0Table or 1Table stream) says where each run of the main text is kept,
// as 8-bit text (Windows-1252, which holds no Chinese: Chinese text is
// always in 16-bit pieces) or as UTF-16. The text's paragraphs end at
// paragraph marks (\r) and cell marks (\a); the paragraph properties (the
// PAPX pages) say which paragraphs are in a table, at what nesting depth,
// and which mark ends a table row; the row-end mark's properties hold the
// row's table definition (sprmTDefTable): the cells' edges and their merge
// flags.
//
//   - A paragraph outside tables is split into rows at its line breaks and
//     into cells at its tabs, as a text dump's line is; its cells' grid.Pos
//     is Paragraph, the 1-based index of the paragraph among all the
//     document's paragraphs (those in table cells included).
//   - A table row's cells stand at the columns their edges give: the edges
//     of all the table's rows make its column grid, and a cell spanning
//     several of its columns has that ColSpan (as Word and LibreOffice save
//     a cell merged across). Cells flagged as merged across (horzMerge) join
//     the cell before them. A cell merged down (vertMerge restart, then
//     continue, in the row's definition or sprmTVertMerge) appears once, in
//     its top row, with RowSpan covering the rows it spans; a continuing
//     cell's text, if it has any, is added to the top cell's. Its grid.Pos
//     is Table, the 1-based index of the table in the document (nested
//     tables counted where they start), and TableRow, the 1-based row.
//   - A cell's paragraphs are one value joined by "\n" (empty ones dropped).
//     A cell that holds a table is a frame: its paragraphs and its table's
//     rows are read in place, after the row that holds the cell and at the
//     cell's columns.
//   - Text is what the document shows with its tracked changes accepted:
//     deleted text (and table rows whose row mark is deleted) and hidden
//     text do not count; of a field (\x13 code \x14 result \x15) the result
//     counts, the code does not. A tab is a tab, a line, page or column
//     break a line break, a non-breaking hyphen "-", a soft hyphen nothing;
//     a symbol (sprmCSymbol, or text in the Symbol or Wingdings font) is its
//     Unicode character where it is one forms use; pictures and other
//     objects' anchors are nothing.
//
// Not read: text boxes, headers, footers and footnotes (they are other
// parts of the document's text), the properties of a style (a paragraph in
// a table by its style alone), and cell merges written as edits of a row's
// definition (sprmTMerge, sprmTDelete, sprmTInsert, which Word 97 and
// later do not write).
//
// A document saved with fast saves (fComplex) is grid.ErrLegacy, an
// encrypted one grid.ErrEncrypted, a Word 6 or Word 95 document
// grid.ErrLegacy; a damaged one is grid.ErrCorrupt, one past the reader's
// limits grid.ErrTooLarge or grid.ErrTooComplex; a document with no text is
// grid.ErrNoText.
package doc

import (
	"bytes"
	"context"
	"io"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/richardlehane/mscfb"
)

// Options are the .doc reader's knobs; it has none yet.
type Options struct{}

// Limits of the reader: what a damaged or hostile document runs into long
// before it can exhaust memory. (Variables, so that tests can reach them
// with small inputs.)
var (
	maxChars  = 1 << 24 // characters of the main text
	maxPieces = 1 << 20 // pieces of the piece table
	maxCells  = 1 << 20 // non-empty cells in the document
	maxDepth  = 64      // tables inside tables
	maxCols   = 4096    // columns of a table's grid
)

// Read reads a Word 97–2003 document into one grid (see the package
// comment). Read returns ctx's error soon after ctx is done.
func Read(ctx context.Context, data []byte, opts Options) ([]*grid.Grid, error) {
	s, err := open(data)
	if err != nil {
		return nil, err
	}
	f, err := readFIB(s.word)
	if err != nil {
		return nil, err
	}
	table := s.table0
	if f.whichTable == 1 {
		table = s.table1
	}
	if table == nil {
		return nil, corrupt("it has no %dTable stream", f.whichTable)
	}
	d := &document{ctx: ctx, word: s.word, table: table, data: s.data, fib: f}
	if err := d.read(); err != nil {
		return nil, err
	}
	g, err := d.grid()
	if err != nil {
		return nil, err
	}
	if len(g.Rows) == 0 {
		return nil, grid.Errorf(grid.ErrNoText, "the document has no text")
	}
	return []*grid.Grid{g}, nil
}

// corrupt is a damaged document's error.
func corrupt(format string, args ...any) error {
	return grid.Errorf(grid.ErrCorrupt, "damaged Word 97–2003 document: "+format, args...)
}

// streams are the compound file's streams the reader uses.
type streams struct {
	word, table0, table1, data []byte
}

// open reads the streams of the compound file. The compound file reader
// is another package's: a panic of it on a damaged file is the file's
// damage.
func open(data []byte) (s streams, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = corrupt("its compound file structure is broken (%v)", r)
		}
	}()
	if !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return s, grid.Errorf(grid.ErrCorrupt, "not a Word 97–2003 document (.doc): it is no OLE2 compound file")
	}
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		if strings.Contains(err.Error(), "EOF") {
			return s, corrupt("it is cut short")
		}
		return s, corrupt("its compound file structure is broken (%v)", err)
	}
	for _, f := range r.File {
		if len(f.Path) != 0 {
			continue // inside a storage: an embedded object's
		}
		var dst *[]byte
		switch f.Name {
		case "WordDocument":
			dst = &s.word
		case "0Table":
			dst = &s.table0
		case "1Table":
			dst = &s.table1
		case "Data":
			dst = &s.data
		case "EncryptedPackage":
			return s, grid.Errorf(grid.ErrEncrypted, "the document is password-protected (an encrypted Office file)")
		default:
			continue
		}
		if f.Size > int64(len(data)) {
			return s, corrupt("its %s stream claims %d bytes, more than the file holds", f.Name, f.Size)
		}
		b := make([]byte, f.Size)
		if _, err := io.ReadFull(f, b); err != nil {
			return s, corrupt("its %s stream cannot be read (%v)", f.Name, err)
		}
		*dst = b
	}
	if s.word == nil {
		return s, grid.Errorf(grid.ErrCorrupt, "not a Word document: the compound file has no WordDocument stream")
	}
	return s, nil
}

// fib is what the reader takes from the File Information Block.
type fib struct {
	whichTable int
	ccpText    int // characters of the main text
	fcLcb      []byte
}

// Indexes of the FibRgFcLcb97 pairs the reader uses.
const (
	iPlcfBteChpx = 12
	iPlcfBtePapx = 13
	iSttbfFfn    = 15
	iClx         = 33
)

// fcLcb returns the offset and length of pair i in the table stream.
func (f *fib) pair(i int) (fc, lcb int) {
	if 8*i+8 > len(f.fcLcb) {
		return 0, 0
	}
	return int(u32(f.fcLcb, 8*i)), int(u32(f.fcLcb, 8*i+4))
}

// readFIB reads the FIB at the start of the WordDocument stream.
func readFIB(w []byte) (*fib, error) {
	if len(w) < 34 {
		return nil, corrupt("its WordDocument stream is %d bytes, too short for a FIB", len(w))
	}
	if u16(w, 0) != 0xA5EC {
		return nil, grid.Errorf(grid.ErrCorrupt, "not a Word document: its WordDocument stream does not start with a Word FIB")
	}
	nFib := u16(w, 2)
	flags := u16(w, 0x0A)
	switch {
	case flags&0x0100 != 0:
		return nil, grid.Errorf(grid.ErrEncrypted, "the document is password-protected (encrypted Word 97–2003 document)")
	case nFib < 0x00C0:
		return nil, grid.Errorf(grid.ErrLegacy, "a Word 6 or Word 95 document (nFib %d): open it in Word or WPS and save it as .docx", nFib)
	case flags&0x0004 != 0:
		return nil, grid.Errorf(grid.ErrLegacy, "a Word document saved with fast saves (incrementally): open it in Word or WPS and save it as .docx")
	}
	f := &fib{whichTable: int(flags>>9) & 1}
	pos := 32
	csw := int(u16(w, pos))
	pos += 2 + 2*csw
	if pos+2 > len(w) {
		return nil, corrupt("its FIB is cut short")
	}
	cslw := int(u16(w, pos))
	pos += 2
	if cslw < 4 || pos+4*cslw+2 > len(w) {
		return nil, corrupt("its FIB is cut short")
	}
	f.ccpText = int(int32(u32(w, pos+4*3)))
	pos += 4 * cslw
	cb := int(u16(w, pos))
	pos += 2
	if pos+8*cb > len(w) {
		return nil, corrupt("its FIB is cut short")
	}
	f.fcLcb = w[pos : pos+8*cb]
	switch {
	case f.ccpText < 0:
		return nil, corrupt("its FIB gives a negative text length")
	case f.ccpText > maxChars:
		return nil, grid.Errorf(grid.ErrTooLarge, "the document's text is %d characters, more than the reader's limit of %d", f.ccpText, maxChars)
	}
	if _, lcb := f.pair(iClx); lcb == 0 {
		return nil, corrupt("its FIB has no piece table")
	}
	return f, nil
}

func u16(b []byte, i int) uint16 { return uint16(b[i]) | uint16(b[i+1])<<8 }

func u32(b []byte, i int) uint32 {
	return uint32(b[i]) | uint32(b[i+1])<<8 | uint32(b[i+2])<<16 | uint32(b[i+3])<<24
}

// slice returns b[off:off+n], or an error naming what was to be there when
// b is too short.
func slice(b []byte, off, n int, what string) ([]byte, error) {
	if off < 0 || n < 0 || off > len(b) || n > len(b)-off {
		return nil, corrupt("its %s lies outside its stream (%d bytes at %d of %d)", what, n, off, len(b))
	}
	return b[off : off+n], nil
}
