package extract

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"path"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/extract/doc"
	"github.com/jixiao/jixiao/extract/docx"
	"github.com/jixiao/jixiao/extract/form"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/html"
	"github.com/jixiao/jixiao/extract/pdf"
	"github.com/jixiao/jixiao/extract/review"
	"github.com/jixiao/jixiao/extract/spreadsheetml"
	"github.com/jixiao/jixiao/extract/txt"
	"github.com/jixiao/jixiao/extract/xls"
	"github.com/jixiao/jixiao/extract/xlsx"

	"github.com/jixiao/jixiao/model"

	"github.com/richardlehane/mscfb"
)

// Formats of the files jixiao reads, as the contract names them.
const (
	FormatTXT  = "txt"
	FormatXLSX = "xlsx"
	FormatPDF  = "pdf"
	FormatDOCX = "docx"
	FormatHTML = "html"
	FormatDOC  = "doc" // Word 97–2003, and WPS documents in its format
	FormatXML  = "xml" // Excel 2003 XML (SpreadsheetML)
	FormatXLS  = "xls" // Excel 97–2003 (BIFF8), and WPS spreadsheets in its format
)

// Result is what File read from one file.
type Result struct {
	SHA256   string
	Format   string // txt, xlsx, pdf, docx, html, doc, xml or xls; "" when unknown
	Encoding string // txt and html only
	Forms    []model.Form
	Stack    []byte // for an grid.ErrInternal failure: the stack of the panic
}

// Warnings counts the warnings of r's forms.
func (r *Result) Warnings() int {
	n := 0
	for _, f := range r.Forms {
		n += len(f.Warnings)
	}
	return n
}

// Options are the readers' knobs, each reader's own; the zero value reads
// every format with its defaults.
type Options struct {
	Text txt.Options
	XLSX xlsx.Options
	DOCX docx.Options
	HTML html.Options
	XML  spreadsheetml.Options
	XLS  xls.Options
	// OCR, when set, reads PDF pages that are scans (no text layer, an
	// image over the page) by OCR instead of failing them.
	OCR *pdf.OCR
	// Workers bounds how many pages of one PDF are read at once; zero is
	// GOMAXPROCS.
	Workers int
	// read, when set, reads every file instead of the format's reader: the
	// tests' way to make a reader misbehave.
	read func(ctx context.Context, data []byte) ([]*grid.Grid, error)
}

// readers holds the reader of each format: it turns one file's bytes into
// grids, and knows no forms.
var readers = map[string]func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error){
	FormatTXT: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return txt.Read(ctx, data, o.Text)
	},
	FormatPDF: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return pdf.Read(ctx, data, pdf.Options{Keep: form.Starts, OCR: o.OCR, Workers: o.Workers})
	},
	FormatXLSX: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return xlsx.Read(ctx, data, o.XLSX)
	},
	FormatDOCX: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return docx.Read(ctx, data, o.DOCX)
	},
	FormatHTML: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return html.Read(ctx, data, o.HTML)
	},
	FormatDOC: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return doc.Read(ctx, data, doc.Options{})
	},
	FormatXML: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return spreadsheetml.Read(ctx, data, o.XML)
	},
	FormatXLS: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return xls.Read(ctx, data, o.XLS)
	},
}

// extensions maps a file name's extension to the format it claims.
var extensions = map[string]string{
	".txt": FormatTXT, ".tsv": FormatTXT, ".text": FormatTXT,
	".xlsx": FormatXLSX, ".xlsm": FormatXLSX,
	".pdf":  FormatPDF,
	".docx": FormatDOCX,
	".htm":  FormatHTML, ".html": FormatHTML,
	".doc": FormatDOC, ".wps": FormatDOC,
	".xml": FormatXML,
	".xls": FormatXLS, ".et": FormatXLS,
}

// legacy names the old binary formats not read and what to do about them.
// A .wps is read when it is a Word 97–2003 document, as WPS saves them;
// older WPS documents are not.
var legacy = map[string]string{
	".wps": "WPS .wps document: save as .docx",
}

// Claims reports whether jixiao reads files named name: its extension is
// one of the formats (or an old binary Office format, which it reports).
func Claims(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	_, ok := extensions[ext]
	_, old := legacy[ext]
	return ok || old
}

// Detect returns the format of a file from its content, and from its name
// where the content does not settle it (text). A file whose content is of
// another known format than its extension says is read as what it is.
func Detect(name string, data []byte) (string, error) {
	ext := strings.ToLower(path.Ext(name))
	if len(data) == 0 {
		return extensions[ext], grid.ErrEmpty
	}
	switch {
	case bytes.HasPrefix(data, []byte("%PDF-")) || bytes.Contains(data[:min(len(data), 1024)], []byte("%PDF-")):
		return FormatPDF, nil
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return sniffZip(ext, data)
	case bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}):
		return sniffOLE(ext, data)
	}
	if spreadsheetml.Is(data) {
		return FormatXML, nil // an Excel 2003 XML spreadsheet, whatever its name (.xml, .xls)
	}
	if kind := textOffice(data); kind != "" && officeNames[ext] {
		return "", grid.Errorf(grid.ErrLegacy, "%s named %s: open it in Word, WPS or Excel and save it as .docx or .xlsx", kind, ext)
	}
	if webPage(data) || officeNames[ext] && bytes.Contains(bytes.ToLower(data[:min(len(data), 4096)]), []byte("<table")) {
		return FormatHTML, nil // a page, or an "Excel" export that puts a line of text before its table
	}
	if msg, ok := legacy[ext]; ok {
		return "", grid.Errorf(grid.ErrCorrupt, "%s (and it is not even a valid one)", msg)
	}
	f := extensions[ext]
	if f != FormatTXT && f != "" && f != FormatHTML && looksText(data) {
		// A text dump named as a document or a workbook: read by what it
		// is, as every other format is.
		return FormatTXT, nil
	}
	switch f {
	case FormatTXT, "":
		return FormatTXT, nil
	case FormatHTML:
		return f, nil // a page that does not start as one; the reader says if it is none
	case FormatDOC:
		return f, grid.Errorf(grid.ErrCorrupt, "damaged or not a Word 97–2003 document (.doc): it is no OLE2 compound file")
	case FormatXLS:
		return f, grid.Errorf(grid.ErrCorrupt, "damaged or not an Excel 97–2003 workbook (.xls): it is no OLE2 compound file")
	case FormatXML:
		return f, grid.Errorf(grid.ErrUnsupported, "an XML file that is no Excel 2003 XML spreadsheet (its root is not an urn:schemas-microsoft-com:office:spreadsheet Workbook)")
	case FormatPDF:
		return f, grid.Errorf(grid.ErrCorrupt, "not a PDF: it does not start with %%PDF-")
	default:
		return f, grid.Errorf(grid.ErrCorrupt, "not a %s: it is no zip package", map[string]string{FormatXLSX: "workbook (.xlsx)", FormatDOCX: "Word document (.docx)"}[f])
	}
}

// looksText reports whether data starts as a text dump does: tab-separated
// lines of text in UTF-8, GB18030 or UTF-16, no other control bytes.
func looksText(data []byte) bool {
	head := data[:min(len(data), 8192)]
	if bytes.HasPrefix(head, []byte{0xFF, 0xFE}) || bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		return bytes.IndexByte(head, '\t') >= 0
	}
	tabs := 0
	for _, c := range head {
		switch {
		case c == '\t':
			tabs++
		case c == '\n' || c == '\r':
		case c < 0x20 || c == 0x7F:
			return false
		}
	}
	return tabs > 0 && bytes.IndexByte(head, '\n') >= 0
}

// sniffOLE tells what an OLE2 compound file is by the streams at its root:
// a Word 97–2003 document has its WordDocument stream (whatever its name:
// .doc, .wps, or a .docx that is one), an old workbook its Workbook (Book)
// stream, an encrypted .xlsx or .docx keeps its package in an
// EncryptedPackage stream.
func sniffOLE(ext string, data []byte) (string, error) {
	root := oleRoot(data)
	has := func(stream string) bool {
		if root != nil {
			return root[stream]
		}
		return oleHas(data, stream) // a directory too damaged to list
	}
	f := extensions[ext]
	office := f == FormatXLSX || f == FormatDOCX || f == FormatDOC
	switch {
	case office && has("EncryptedPackage"):
		return f, grid.Errorf(grid.ErrEncrypted, "%s is password-protected (an encrypted Office file)", map[string]string{FormatXLSX: "workbook", FormatDOCX: "document", FormatDOC: "document"}[f])
	case has("WordDocument"):
		return FormatDOC, nil
	case has("Workbook") || has("Book"):
		return FormatXLS, nil // whatever its name: .xls, WPS's .et, an .xlsx that is one
	}
	if msg, ok := legacy[ext]; ok {
		return "", grid.Errorf(grid.ErrLegacy, "%s", msg)
	}
	switch f {
	case FormatXLSX, FormatDOCX:
		return f, grid.Errorf(grid.ErrEncrypted, "%s is password-protected (an encrypted Office file)", map[string]string{FormatXLSX: "workbook", FormatDOCX: "document"}[f])
	case FormatDOC:
		return f, nil // the reader says what is wrong with it
	case FormatXLS:
		return f, grid.Errorf(grid.ErrCorrupt, "not an Excel 97–2003 workbook: the compound file has no Workbook stream")
	}
	return "", grid.Errorf(grid.ErrLegacy, "a legacy binary Office file: save it as .xlsx or .docx")
}

// oleRoot returns the names of the entries at an OLE2 compound file's
// root, or nil when its directory cannot be read.
func oleRoot(data []byte) (names map[string]bool) {
	defer func() {
		if recover() != nil {
			names = nil // a damaged directory: the other reader's panic
		}
	}()
	r, err := mscfb.New(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	names = map[string]bool{}
	for _, f := range r.File {
		if len(f.Path) == 0 {
			names[f.Name] = true
		}
	}
	return names
}

// oleHas reports whether an OLE2 compound file names a stream: directory
// entries hold their names in UTF-16LE.
func oleHas(data []byte, stream string) bool {
	name := make([]byte, 0, 2*len(stream))
	for i := 0; i < len(stream); i++ {
		name = append(name, stream[i], 0)
	}
	return bytes.Contains(data, name)
}

// sniffZip tells a workbook from a document by the zip's first entries.
func sniffZip(ext string, data []byte) (string, error) {
	// The central directory names the parts; a zip too damaged to have
	// one is judged by the names in its first local headers.
	if z, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, f := range z.File {
			switch {
			case strings.HasPrefix(f.Name, "xl/"):
				return FormatXLSX, nil
			case strings.HasPrefix(f.Name, "word/"):
				return FormatDOCX, nil
			}
		}
	} else {
		head := data[:min(len(data), 1<<16)]
		switch {
		case bytes.Contains(head, []byte("xl/")):
			return FormatXLSX, nil
		case bytes.Contains(head, []byte("word/")):
			return FormatDOCX, nil
		}
	}
	if f := extensions[ext]; f == FormatXLSX || f == FormatDOCX {
		return f, nil // the reader will say what is wrong with it
	}
	return "", grid.Errorf(grid.ErrUnsupported, "a zip archive that is neither a workbook nor a document")
}

// officeNames are the extensions of office files, under which a text
// format saved by an office program is recognized as such.
var officeNames = map[string]bool{".doc": true, ".docx": true, ".wps": true, ".xls": true, ".xlsx": true, ".xlsm": true, ".et": true}

// textOffice recognizes the text formats office programs save under the
// names of their binary ones that are not read: RTF, Word and Excel 2003
// XML, MHT archives. (A web page is read, whatever its name: many systems
// export "Excel" files that are HTML tables.)
func textOffice(data []byte) string {
	head := bytes.TrimLeft(bytes.TrimPrefix(data[:min(len(data), 2048)], []byte{0xEF, 0xBB, 0xBF}), " \t\r\n")
	lower := bytes.ToLower(head)
	switch {
	case bytes.HasPrefix(head, []byte(`{\rtf`)):
		return "an RTF document"
	case bytes.Contains(lower, []byte("progid=\"word.document\"")):
		return "a Word 2003 XML document"
	case bytes.Contains(lower, []byte("progid=\"excel.sheet\"")):
		return "an Excel 2003 XML spreadsheet"
	case bytes.HasPrefix(lower, []byte("mime-version:")):
		return "a web archive (MHT)"
	}
	return ""
}

// pageStarts are the tags a web page starts with, after its byte order
// mark, white space, XML declaration and comments: finance systems' HTML
// "workbooks" often start with a bare <meta> or <table>.
var pageStarts = []string{"!doctype html", "html", "head", "body", "meta", "title", "table", "style", "link", "base", "frameset"}

// webPage reports whether data is a web page (HTML or XHTML), in UTF-8,
// GB18030 or UTF-16.
func webPage(data []byte) bool {
	head := data[:min(len(data), 4096)]
	switch {
	case bytes.HasPrefix(head, []byte{0xFF, 0xFE}), bytes.HasPrefix(head, []byte{0xFE, 0xFF}):
		ascii := make([]byte, 0, len(head)/2)
		for i := 2 + int(head[0]&1^1); i < len(head); i += 2 { // the low byte of each unit
			ascii = append(ascii, head[i])
		}
		head = ascii
	default:
		head = bytes.TrimPrefix(head, []byte{0xEF, 0xBB, 0xBF})
	}
	for {
		head = bytes.TrimLeft(head, " \t\r\n\f")
		switch {
		case bytes.HasPrefix(head, []byte("<?")):
			end := bytes.Index(head, []byte("?>"))
			if end < 0 {
				return false
			}
			head = head[end+2:]
			continue
		case bytes.HasPrefix(head, []byte("<!--")):
			end := bytes.Index(head, []byte("-->"))
			if end < 0 {
				return false
			}
			head = head[end+3:]
			continue
		}
		break
	}
	lower := bytes.ToLower(head[:min(len(head), 32)])
	for _, tag := range pageStarts {
		if rest, ok := bytes.CutPrefix(lower, []byte("<"+tag)); ok {
			return len(rest) == 0 || !(rest[0] >= 'a' && rest[0] <= 'z' || rest[0] >= '0' && rest[0] <= '9' || rest[0] == '-' || rest[0] == ':')
		}
	}
	return false
}

// File reads the forms of one file: name is the path written into their
// source, data the file's bytes. The format is told by Detect; its reader
// turns the bytes into grids and the interpreter (package form) finds and
// reads the forms in them. A file that cannot be read gives a *grid.Error
// with name as its Path; a panic inside a reader or the interpreter is
// recovered and returned as grid.ErrInternal, with the stack in
// Result.Stack.
func File(ctx context.Context, name string, data []byte, opts Options) (res *Result, err error) {
	sum := sha256.Sum256(data)
	res = &Result{SHA256: hex.EncodeToString(sum[:])}
	defer func() {
		if r := recover(); r != nil {
			res.Forms = nil
			res.Stack = debug.Stack()
			if p, ok := r.(interface{ Stack() []byte }); ok {
				res.Stack = p.Stack() // raised again from where it happened (a PDF's page)
			}
			err = &grid.Error{Path: name, Err: fmt.Errorf("%w: %v", grid.ErrInternal, r)}
		}
	}()
	fail := func(err error) (*Result, error) {
		var e *grid.Error
		if errors.As(err, &e) {
			e.Path = name
			return res, e
		}
		return res, &grid.Error{Path: name, Err: err}
	}
	format, err := Detect(name, data)
	res.Format = format
	if err != nil {
		return fail(err)
	}
	read, ok := readers[format]
	if opts.read != nil {
		read, ok = func(ctx context.Context, data []byte, _ *Options) ([]*grid.Grid, error) { return opts.read(ctx, data) }, true
	}
	if !ok {
		return fail(grid.Errorf(grid.ErrUnsupported, "%s files are not read yet", format))
	}
	grids, err := read(ctx, data, &opts)
	if len(grids) > 0 {
		res.Encoding = grids[0].Encoding
	}
	if err != nil {
		return fail(err)
	}
	for _, g := range grids {
		if err := ctx.Err(); err != nil {
			return fail(err)
		}
		for _, f := range form.Parse(g) {
			finish(&f, name, res.SHA256, format, g.Encoding, len(res.Forms))
			res.Forms = append(res.Forms, f)
		}
	}
	return res, nil
}

// finish fills in what the interpreter leaves to the caller, the file's
// part of a form's source and its ID, and reviews it: the form of index
// index in file name, whose bytes have the given sum, format and encoding.
func finish(f *model.Form, name, sum, format, encoding string, index int) {
	f.Source.Path = name
	f.Source.SHA256 = sum
	f.Source.Format = format
	f.Source.Encoding = encoding
	f.Source.FormIndex = index
	f.ID = sum + ":" + strconv.Itoa(index)
	// The review rules read the form as it will be written, its source
	// included (a finding about the whole form stands where the form
	// does).
	f.Findings = review.Check(f)
}
