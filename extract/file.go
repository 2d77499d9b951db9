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

	"github.com/jixiao/jixiao/extract/docx"
	"github.com/jixiao/jixiao/extract/form"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf"
	"github.com/jixiao/jixiao/extract/review"
	"github.com/jixiao/jixiao/extract/txt"
	"github.com/jixiao/jixiao/extract/xlsx"

	"github.com/jixiao/jixiao/model"
)

// Formats of the files jixiao reads, as the contract names them.
const (
	FormatTXT  = "txt"
	FormatXLSX = "xlsx"
	FormatPDF  = "pdf"
	FormatDOCX = "docx"
)

// Result is what File read from one file.
type Result struct {
	SHA256   string
	Format   string // txt, xlsx, pdf or docx; "" when unknown
	Encoding string // txt only
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
		return pdf.Read(ctx, data, pdf.Options{Keep: form.Starts})
	},
	FormatXLSX: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return xlsx.Read(ctx, data, o.XLSX)
	},
	FormatDOCX: func(ctx context.Context, data []byte, o *Options) ([]*grid.Grid, error) {
		return docx.Read(ctx, data, o.DOCX)
	},
}

// extensions maps a file name's extension to the format it claims.
var extensions = map[string]string{
	".txt": FormatTXT, ".tsv": FormatTXT, ".text": FormatTXT,
	".xlsx": FormatXLSX, ".xlsm": FormatXLSX,
	".pdf":  FormatPDF,
	".docx": FormatDOCX,
}

// legacy names the old binary formats and what to do about them.
var legacy = map[string]string{
	".xls": "legacy .xls: save as .xlsx",
	".doc": "legacy .doc: save as .docx",
	".wps": "WPS .wps document: save as .docx",
	".et":  "WPS .et spreadsheet: save as .xlsx",
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
		if msg, ok := legacy[ext]; ok {
			return "", grid.Errorf(grid.ErrLegacy, "%s", msg)
		}
		// An OLE2 compound file: an encrypted .xlsx or .docx keeps its
		// package in an EncryptedPackage stream; an old .xls or .doc named
		// as a new one has its Workbook (Book) or WordDocument stream.
		f := extensions[ext]
		switch {
		case (f == FormatXLSX || f == FormatDOCX) && oleHas(data, "EncryptedPackage"):
		case oleHas(data, "Workbook") || oleHas(data, "Book\x00"):
			return "", grid.Errorf(grid.ErrLegacy, "legacy .xls (named %s): save as .xlsx", ext)
		case oleHas(data, "WordDocument"):
			return "", grid.Errorf(grid.ErrLegacy, "legacy .doc (named %s): save as .docx", ext)
		}
		if f == FormatXLSX || f == FormatDOCX {
			return f, grid.Errorf(grid.ErrEncrypted, "%s is password-protected (an encrypted Office file)", map[string]string{FormatXLSX: "workbook", FormatDOCX: "document"}[f])
		}
		return "", grid.Errorf(grid.ErrLegacy, "a legacy binary Office file: save it as .xlsx or .docx")
	}
	if kind := textOffice(data); kind != "" && officeNames[ext] {
		return "", grid.Errorf(grid.ErrLegacy, "%s named %s: open it in Word, WPS or Excel and save it as .docx or .xlsx", kind, ext)
	}
	if msg, ok := legacy[ext]; ok {
		return "", grid.Errorf(grid.ErrCorrupt, "%s (and it is not even a valid one)", msg)
	}
	switch f := extensions[ext]; f {
	case FormatTXT, "":
		return FormatTXT, nil
	case FormatPDF:
		return f, grid.Errorf(grid.ErrCorrupt, "not a PDF: it does not start with %%PDF-")
	default:
		return f, grid.Errorf(grid.ErrCorrupt, "not a %s: it is no zip package", map[string]string{FormatXLSX: "workbook (.xlsx)", FormatDOCX: "Word document (.docx)"}[f])
	}
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
// names of their binary ones: RTF, a web page (many systems export "Excel"
// files that are HTML tables), Word and Excel 2003 XML, MHT archives.
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
	case bytes.HasPrefix(lower, []byte("<html")), bytes.HasPrefix(lower, []byte("<!doctype html")),
		bytes.HasPrefix(lower, []byte("<?xml")) && bytes.Contains(lower, []byte("<html")):
		return "a web page (HTML)"
	}
	return ""
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
