// Package ooxml opens the zip packages of Office Open XML, for the XLSX
// and DOCX readers: with limits on what a hostile package may unpack to
// and hold, parts found by name without case (as OPC compares part
// names), relationships resolved to part names, and a strict scan of a
// part's XML, bounded in depth, by a lexer of its own that gives what
// encoding/xml gives (see Scan and scan.go).
//
// A zip may hold several members of one part name (a tool that appended to
// it, or wrote a placeholder first). The package reads one of them: the
// first that is not empty. Empty members and copies of it are ignored,
// and Duplicates says how many there were so that the reader can note it;
// when two members of a name hold different content, which one is the
// part cannot be told, and opening the part fails naming it.
//
// A member whose size in the zip's directory no compression gives (a
// stored member whose two sizes differ, a deflated one unpacking to more
// than deflate's 1032:1 from its compressed bytes) has a damaged size
// field: it counts toward no limit and fails when it is opened, as
// damaged, not as a zip bomb.
//
// Its errors wrap the kinds of package grid. One about a part is a
// *grid.Error at the part, and at the line of its XML where that is known:
// grid.Pos{Part: "word/document.xml", Line: 3}. Its messages begin
// "damaged " and what the reader calls the package ("damaged workbook: …")
// where the package is found damaged.
package ooxml

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"io"
	"path"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/jixiao/jixiao/extract/grid"
)

// Limits bound what a package may unpack to and hold. A zero field sets no
// bound.
type Limits struct {
	// Total bounds the inflated bytes of all the parts together, as the
	// zip declares them (archive/zip holds a part to its declared size);
	// a size no compression gives is a damaged one and not counted.
	Total int64
	// Parts bounds the number of parts (zip entries).
	Parts int
	// Rels bounds the inflated bytes of one relationships part.
	Rels int64
	// Depth bounds the elements open at once in a part Scan reads.
	Depth int
}

// Package is an open zip package.
type Package struct {
	noun   string               // what the reader calls the package
	zip    *zip.Reader          // for Repack
	files  map[string]*zip.File // by part name, lower-case: the member read
	dups   map[string]dup       // the part names with more than one member
	limits Limits
	names  map[string]string // the names of the elements of the parts scanned
}

// dup is what the other members of a part's name are.
type dup struct {
	n      int  // other members of the name
	differ bool // one of them is not empty and holds other content
}

// Open opens the zip package data. noun is what messages call it:
// "workbook", ".docx". A package that is no readable zip fails with
// grid.ErrCorrupt; one past the limits on the parts' count or total size,
// with grid.ErrTooLarge.
func Open(data []byte, noun string, lim Limits) (*Package, error) {
	ra := bytes.NewReader(data)
	zr, err := zip.NewReader(ra, int64(len(data)))
	if err != nil {
		// archive/zip's reasons ("zip: not a valid zip file",
		// "bytes.Reader.ReadAt: negative offset") all mean this.
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged %s: not a readable zip archive (its directory of parts is missing or damaged); the file may be cut short", noun)
	}
	if lim.Parts > 0 && len(zr.File) > lim.Parts {
		return nil, grid.Errorf(grid.ErrTooLarge, "the %s has %d parts, over the limit of %d: a zip bomb, or a %s too large to read", noun, len(zr.File), lim.Parts, noun)
	}
	p := &Package{noun: noun, zip: zr, files: make(map[string]*zip.File, len(zr.File)), limits: lim}
	zr.RegisterDecompressor(zip.Deflate, func(r io.Reader) io.ReadCloser { return inflate(r, ra, data) })
	var total uint64
	var largest *zip.File
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		switch first, seen := p.files[name]; {
		case !seen:
			p.files[name] = f
		default:
			d := p.dups[name]
			d.n++
			switch {
			case first.UncompressedSize64 == 0:
				p.files[name] = f // the first that is not empty
			case f.UncompressedSize64 > 0 && (f.CRC32 != first.CRC32 || f.UncompressedSize64 != first.UncompressedSize64):
				d.differ = true
			}
			if p.dups == nil {
				p.dups = map[string]dup{}
			}
			p.dups[name] = d
		}
		if !plausible(f) {
			continue
		}
		if largest == nil || f.UncompressedSize64 > largest.UncompressedSize64 {
			largest = f
		}
		total = min(total+min(f.UncompressedSize64, 1<<40), 1<<62) // saturating: hostile sizes do not wrap
	}
	if lim.Total > 0 && total > uint64(lim.Total) {
		return nil, grid.Errorf(grid.ErrTooLarge, "the %s unpacks to %s, over the %s limit (%s alone is %s): a zip bomb, or a %s too large to read",
			noun, FormatSize(total), FormatSize(uint64(lim.Total)), Name(largest.Name), FormatSize(largest.UncompressedSize64), noun)
	}
	return p, nil
}

// maxRatio is the most a deflated member can unpack to per compressed
// byte: deflate's 258-byte matches cost at least two bits each, 1032:1.
const maxRatio = 1032

// plausible reports whether compression can give a member's declared
// size: a stored member is as large as its data, a deflated one at most
// maxRatio times (and a block) larger. Other methods are not read.
func plausible(f *zip.File) bool {
	switch f.Method {
	case zip.Store:
		return f.Flags&1 != 0 || f.UncompressedSize64 == f.CompressedSize64 // encrypted: 12 bytes more, refused anyway
	case zip.Deflate:
		return f.CompressedSize64 < 1<<40 && f.UncompressedSize64 <= maxRatio*(f.CompressedSize64+1)
	}
	return true
}

// Duplicates returns how many other members the zip holds under a part's
// name (compared as Has compares), besides the one the package reads.
func (p *Package) Duplicates(name string) int { return p.dups[strings.ToLower(name)].n }

// Repack returns a zip of the package as it reads: one member for each
// part, the one Open reads, copied without inflating it again. It is for
// a library that reads a zip its own way (excelize keeps the last member
// of a name).
func (p *Package) Repack() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range p.zip.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if p.files[name] != f || !plausible(f) {
			continue
		}
		if err := zw.Copy(f); err != nil {
			return nil, &grid.Error{Pos: grid.Pos{Part: f.Name}, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: cannot copy the part", p.noun)}
		}
	}
	if err := zw.Close(); err != nil {
		return nil, grid.Errorf(grid.ErrInternal, "cannot write a zip: %v", err)
	}
	return buf.Bytes(), nil
}

// Has reports whether the package holds a part.
func (p *Package) Has(name string) bool { return p.file(name) != nil }

// Size returns the inflated size of a part as the zip declares it, and
// whether it is known: the package holds the part, and its size is not
// one no compression gives.
func (p *Package) Size(name string) (uint64, bool) {
	f := p.file(name)
	if f == nil || !plausible(f) {
		return 0, false
	}
	return f.UncompressedSize64, true
}

// file returns the zip entry of a part.
func (p *Package) file(name string) *zip.File {
	if name == "" {
		return nil
	}
	return p.files[strings.ToLower(name)]
}

// Part is a part opened for reading.
type Part struct {
	// Name is the part's name as the zip has it, which its errors give.
	Name  string
	pkg   *Package
	rc    io.ReadCloser
	limit int64 // 0 for none
	left  int64
	hit   bool
}

// Open opens a part for reading at most limit inflated bytes (0 for no
// bound but Limits.Total). A part the zip encrypts fails with
// grid.ErrEncrypted; one whose declared size is past the limit, with
// grid.ErrTooLarge; one that is missing or cannot be unpacked, with
// grid.ErrCorrupt.
func (p *Package) Open(name string, limit int64) (*Part, error) {
	f := p.file(name)
	if f == nil {
		return nil, grid.Errorf(grid.ErrCorrupt, "damaged %s: it has no part %s", p.noun, Name(name))
	}
	at := grid.Pos{Part: f.Name}
	switch d := p.dups[strings.ToLower(name)]; {
	case f.Flags&1 != 0:
		return nil, &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrEncrypted, "encrypted inside the zip (a zip password)")}
	case d.differ:
		return nil, &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: the zip holds %d members of this name with different content, and which one is the part cannot be told", p.noun, d.n+1)}
	case !plausible(f):
		return nil, &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: the zip's directory says the part unpacks to %s from %s, which no compression gives: its size field is damaged",
			p.noun, FormatSize(min(f.UncompressedSize64, 1<<62)), FormatSize(min(f.CompressedSize64, 1<<62)))}
	case limit > 0 && f.UncompressedSize64 > uint64(limit):
		return nil, &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrTooLarge, "inflates to %s, more than the reader's limit of %s", FormatSize(min(f.UncompressedSize64, 1<<62)), FormatSize(uint64(limit)))}
	}
	rc, err := f.Open()
	if err != nil {
		if errors.Is(err, zip.ErrAlgorithm) {
			return nil, &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: the part is compressed by a method zip readers do not know", p.noun)}
		}
		// zip.ErrFormat or a read past the data: the member's own header.
		return nil, &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: cannot unpack the part: its header in the zip is damaged", p.noun)}
	}
	return &Part{Name: f.Name, pkg: p, rc: rc, limit: limit, left: limit}, nil
}

// errLimit is a read past a part's limit.
var errLimit = errors.New("part too large")

// Read reads the part's inflated bytes. Past the part's limit it fails,
// and Fail says so: the zip's declared size is the zip's word, this is
// the reader's.
func (r *Part) Read(b []byte) (int, error) {
	if r.limit == 0 {
		return r.rc.Read(b)
	}
	if r.left <= 0 {
		var one [1]byte
		if n, err := r.rc.Read(one[:]); n == 0 {
			return 0, err // the end, an error, or nothing yet
		}
		r.hit = true
		return 0, errLimit
	}
	if int64(len(b)) > r.left {
		b = b[:r.left]
	}
	n, err := r.rc.Read(b)
	r.left -= int64(n)
	return n, err
}

// Close closes the part.
func (r *Part) Close() error { return r.rc.Close() }

// Fail returns the error to report for err, which reading the part's XML
// (what the reader calls it: "the document", "sheet 绩效目标") failed with
// at line: past the part's limit, grid.ErrTooLarge; XML that is not
// well-formed, compressed data that cannot be unpacked, or text that
// cannot be decoded, grid.ErrCorrupt at the line; an error of a grid
// kind, that error at the line (or where it says it is). Its message says
// what is wrong in words, quoting at most 20 characters of the part.
func (r *Part) Fail(err error, what string, line int) error {
	at := grid.Pos{Part: r.Name, Line: line}
	corrupt := func(format string, args ...any) error {
		return &grid.Error{Pos: at, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: "+format, append([]any{r.pkg.noun}, args...)...)}
	}
	var (
		se *xml.SyntaxError
		ce flate.CorruptInputError
		cs *charsetError
	)
	switch {
	case r.hit:
		return &grid.Error{Pos: grid.Pos{Part: r.Name}, Err: grid.Errorf(grid.ErrTooLarge, "inflates to more than %s, the reader's limit", FormatSize(uint64(r.limit)))}
	case errors.As(err, &se) && se.Msg == "unexpected EOF":
		at.Line = se.Line
		return corrupt("%s ends in the middle of its XML", what)
	case errors.As(err, &se):
		at.Line = se.Line
		return corrupt("%s is not well-formed XML: %s", what, syntax(se.Msg))
	case grid.Kind(err) != nil:
		return grid.At(at, err)
	case errors.As(err, &cs):
		return corrupt("%s is written in an encoding, %s, that the reader does not know", what, Quote(cs.label))
	case errors.As(err, &ce):
		return corrupt("cannot unpack %s: its compressed data is damaged", what)
	case errors.Is(err, zip.ErrChecksum):
		return corrupt("cannot unpack %s: its data does not match its checksum", what)
	case errors.Is(err, zip.ErrFormat):
		return corrupt("cannot unpack %s: it unpacks to another size than the zip's directory says", what)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return corrupt("cannot unpack %s: its compressed data ends too soon", what)
	case strings.HasPrefix(err.Error(), "xml: unsupported version"):
		return corrupt("%s is not well-formed XML: it declares an XML version other than 1.0", what)
	}
	return corrupt("cannot read %s", what)
}

// syntax rewrites a message of encoding/xml whose text quotes the part, so
// that it quotes 20 characters at most.
func syntax(msg string) string {
	if rest, ok := strings.CutPrefix(msg, "invalid character entity "); ok {
		if ent, ok := strings.CutSuffix(rest, " (no semicolon)"); ok {
			return "invalid character entity " + Quote(ent) + " (no semicolon)"
		}
		return "invalid character entity " + Quote(rest)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid XML name: "); ok {
		return "invalid XML name " + Quote(rest)
	}
	if rest, ok := strings.CutPrefix(msg, "invalid characters between </"); ok {
		return "invalid characters in the end tag </" + Name(strings.TrimSuffix(rest, " and >")) + ">"
	}
	return msg
}

// charsetError is an encoding a part declares that the reader does not
// know.
type charsetError struct{ label string }

func (e *charsetError) Error() string { return "unknown encoding " + strconv.Quote(e.label) }

// CharsetReader is an xml.Decoder's CharsetReader for the parts of a
// package: a part that declares another encoding than UTF-8 (GBK,
// GB18030, UTF-16) is read as Word, Excel and WPS read it; Fail says a
// part declares an encoding it does not know.
func CharsetReader(label string, in io.Reader) (io.Reader, error) {
	e, err := htmlindex.Get(label)
	if err != nil {
		return nil, &charsetError{label}
	}
	return e.NewDecoder().Reader(in), nil
}

// Rel is a relationship of a part.
type Rel struct {
	Type   string // its URI: "http://…/relationships/worksheet"
	Target string // the part it points to, a name the package may hold
}

// Rels are the relationships of a part, by id.
type Rels map[string]Rel

// Rels reads the relationships of a part ("" for the package's own), with
// the targets resolved to part names; external targets are left out. A
// part without relationships has none; a relationships part that is
// damaged, or past Limits.Rels, fails.
func (p *Package) Rels(part string) (Rels, error) {
	dir, file := path.Split(part)
	what := "the relationships of " + part
	if part == "" {
		what = "the package's relationships"
	}
	out := Rels{}
	err := p.scan(dir+"_rels/"+file+".rels", what, "Relationships", p.limits.Rels, func(t *Token, _ []string) error {
		if t.Kind != StartElement || t.Name != "Relationship" || strings.EqualFold(t.Attr("TargetMode"), "External") {
			return nil
		}
		// A target is resolved as a URI reference: from the part's folder,
		// or from the package's root when it starts with /; never above
		// the root.
		target := strings.ReplaceAll(t.Attr("Target"), `\`, "/")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)
		} else {
			target = path.Join("/"+dir, target)
		}
		out[t.Attr("Id")] = Rel{Type: t.Attr("Type"), Target: strings.TrimPrefix(target, "/")}
		return nil
	})
	return out, err
}

// Target returns the target of the relationship of a type, given by its
// last path element ("officeDocument", "worksheet") so that strict and
// transitional OOXML both match; of several, the first by name; "" when
// there is none.
func (r Rels) Target(typ string) string {
	best := ""
	for _, rel := range r {
		if strings.HasSuffix(rel.Type, "/"+typ) && rel.Target != "" && (best == "" || rel.Target < best) {
			best = rel.Target
		}
	}
	return best
}

// FormatSize writes a number of bytes for a message: "1 byte", "1000 bytes",
// "8 MiB", "1.5 MiB", "1.0 GiB".
func FormatSize(n uint64) string {
	switch {
	case n >= 1<<30:
		return strconv.FormatFloat(float64(n)/(1<<30), 'f', 1, 64) + " GiB"
	case n >= 1<<20:
		return strings.TrimSuffix(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".0") + " MiB"
	case n == 1:
		return "1 byte"
	}
	return strconv.FormatUint(n, 10) + " bytes"
}

// Attr returns the value of an element's attribute by its local name, in
// any namespace.
func Attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// Quote quotes text of a file for a message: Go-escaped, at most 20
// characters, with … after when there were more.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= 20 {
		return strconv.Quote(s)
	}
	i, n := 0, 0
	for i = range s {
		if n == 20 {
			break
		}
		n++
	}
	return strconv.Quote(s[:i]) + "…"
}

// Name returns a name from a file (a part's, an element's) for a message:
// as it is when it is printable and at most 100 bytes, as real names are,
// quoted by Quote when it is not.
func Name(s string) string {
	if len(s) <= 100 && strconv.Quote(s) == `"`+s+`"` {
		return s
	}
	return Quote(s)
}

// inflaters are deflate readers done with, to inflate the next part.
var inflaters sync.Pool

// inflater inflates a part's deflated bytes, read from the package's data
// itself.
type inflater struct {
	src    bytes.Reader
	fr     io.ReadCloser // a flate reader of src
	closed bool
}

func (z *inflater) Read(b []byte) (int, error) { return z.fr.Read(b) }

// Close gives the inflater back to the pool.
func (z *inflater) Close() error {
	if z.closed {
		return nil
	}
	z.closed = true
	err := z.fr.Close()
	inflaters.Put(z)
	return err
}

// inflate is archive/zip's deflate decompressor for a package: on the
// member's bytes in the package's data, which flate reads byte by byte
// without the buffered reader, copying and section reads archive/zip
// puts between (reading a workbook's parts took 40 % longer). archive/zip
// still checks the part's size and checksum.
func inflate(r io.Reader, ra *bytes.Reader, data []byte) io.ReadCloser {
	sr, ok := r.(*io.SectionReader)
	if !ok {
		return flate.NewReader(r)
	}
	outer, off, n := sr.Outer()
	if outer != io.ReaderAt(ra) || off < 0 || n < 0 || off > int64(len(data))-n {
		return flate.NewReader(r)
	}
	z, _ := inflaters.Get().(*inflater)
	if z == nil {
		z = &inflater{}
		z.src.Reset(data[off : off+n])
		z.fr = flate.NewReader(&z.src)
	} else {
		z.src.Reset(data[off : off+n])
		z.fr.(flate.Resetter).Reset(&z.src, nil)
	}
	z.closed = false
	return z
}
