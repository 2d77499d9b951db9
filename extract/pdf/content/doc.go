// Package content is the text-and-lines layer of jixiao's PDF reader, over
// the object layer of github.com/ledongthuc/pdf: it opens a document (an
// owner-password-only AES-256 one included), reads each page's content
// stream with its own operator loop and returns what a table reader needs:
// the glyphs with their boxes, in upright page space, and the rulings (line
// segments and thin rectangles) that draw the tables.
//
// Fonts are decoded once per document; advances come from /Widths, a
// CIDFont's /W and /DW, or the standard fonts' metrics; the text matrix,
// cm, Form XObjects, the crop box and /Rotate are applied; glyphs clipped
// away, outside the page or in a watermark artifact are dropped. Every
// page's work is bounded, and damage in the file is an error, never a
// panic.
package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/ledongthuc/pdf"
)

// Errors of a document.
var (
	// ErrPassword is a document that needs a password to open.
	ErrPassword = errors.New("encrypted, password required")
	// ErrDamaged is a document that cannot be read.
	ErrDamaged = errors.New("damaged PDF")
	// ErrTooComplex is a page past the limits of its work: too many
	// operations or characters, form XObjects nested too deep.
	ErrTooComplex = errors.New("page too complex")
	// ErrTooLarge is a page past the limits of its bytes: a stream that
	// decodes to too many, content streams that add up to too many.
	ErrTooLarge = errors.New("page too large")
)

// Limits bound the work of one page.
const (
	maxStream     = 64 << 20 // bytes of one decoded content stream
	maxCMap       = 8 << 20  // bytes of a CMap
	maxPageBytes  = 128 << 20
	maxOps        = 4_000_000 // operators on a page, form XObjects included
	maxGlyphs     = 400_000
	maxRules      = 200_000
	maxPathPoints = 1_000_000 // points of one path
	maxDepth      = 12        // form XObjects inside form XObjects
	maxPages      = 100_000
)

// Doc is an open PDF document. Its pages may be read at the same time
// from several goroutines: the object layer only reads the file's bytes,
// and the fonts read are shared under a lock.
type Doc struct {
	r     *pdf.Reader
	pages []pageRef
	mu    sync.Mutex // guards fonts
	// fonts holds the fonts read, by their object reference ("12 0 R") or
	// their dictionary's text. A font, once read, is not changed.
	fonts map[string]*font
	// repaired is set for a document whose cross-reference table was
	// wrong and was rebuilt from its objects.
	repaired bool
	// cut is set for a document rebuilt so from a file cut short: it has
	// no %%EOF, no startxref.
	cut bool
	// data is the bytes the object layer reads, where an image's raw
	// stream is read from (image.go).
	data []byte
}

type pageRef struct {
	v                pdf.Value
	res, media, crop pdf.Value
	rotate           int64
}

// damaged makes an ErrDamaged error.
func damaged(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrDamaged, fmt.Sprintf(format, args...))
}

// safe runs fn, turning a panic of the object layer into an ErrDamaged
// error. Runtime errors of jixiao's own code are reported the same way,
// with where they happened, since the cause is still the file.
func safe(what string, fn func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			msg := plain(fmt.Sprint(r))
			if _, ok := r.(runtime.Error); ok {
				msg = "its structure cannot be read"
			}
			if what != "" {
				msg = what + ": " + msg
			}
			err = damaged("%s", msg)
		}
	}()
	return fn()
}

// Open opens a document held in data.
func Open(data []byte) (*Doc, error) {
	d := &Doc{fonts: map[string]*font{}}
	start := bytes.Index(data[:min(len(data), 1024)], []byte("%PDF-"))
	if start < 0 {
		return nil, damaged("no %%PDF- header")
	}
	src := data[start:]
	if bytes.Contains(src, []byte("/Extends")) {
		// An object stream's /Extends chain is followed by the object
		// layer without end when it loops; hardly any producer writes
		// one, so it is not followed at all.
		src = bytes.ReplaceAll(src, []byte("/Extends"), []byte("/Extendx"))
	}
	if len(src) > 8 && src[5] == '2' {
		// PDF 2.0: the object layer reads only 1.x headers, and 2.0 is
		// 1.7's syntax.
		src = append([]byte("%PDF-1.7"), src[8:]...)
	}
	src, ended := endAtEOF(src)
	err := d.open(src)
	if errors.Is(err, ErrDamaged) || err == nil && len(d.pages) == 0 {
		// A file whose cross-reference table is wrong, or that has none
		// at its end: rebuild the table from its objects and try again.
		if fixed, ok := repair(src); ok {
			d2 := &Doc{fonts: map[string]*font{}}
			if d2.open(fixed) == nil && len(d2.pages) > 0 {
				d2.repaired, d2.cut = true, !ended
				return d2, nil
			}
		}
		if !ended {
			return nil, damaged("cut short: it ends before its cross-reference table, and the objects it holds make no document")
		}
	}
	if err != nil {
		return nil, err
	}
	if len(d.pages) == 0 {
		return nil, damaged("no pages (a broken cross-reference table or page tree)")
	}
	return d, nil
}

// endAtEOF returns a file as the object layer reads it, ending with its
// last %%EOF: what follows that (a NUL, NUL padding, a mail program's
// footer) is no part of the document. A file with no %%EOF but a final
// startxref has the marker added after it. ended reports whether the file
// has its end: a %%EOF, or a startxref with its offset.
func endAtEOF(src []byte) (out []byte, ended bool) {
	const eof = "%%EOF"
	if i := bytes.LastIndex(src, []byte(eof)); i >= 0 {
		return src[:i+len(eof)], true
	}
	i := bytes.LastIndex(src, []byte("startxref"))
	if i < 0 {
		return src, false
	}
	j := i + len("startxref")
	for j < len(src) && isWhite(src[j]) {
		j++
	}
	k := j
	for k < len(src) && '0' <= src[k] && src[k] <= '9' {
		k++
	}
	if k == j {
		return src, false
	}
	return slices.Concat(src[:k], []byte("\n"+eof+"\n")), true
}

// open reads the cross-reference table, decrypts, and finds the pages.
func (d *Doc) open(src []byte) error {
	if err := checkXref(src); err != nil {
		return err
	}
	err := safe("", func() error {
		r, err := pdf.NewReader(bytes.NewReader(src), int64(len(src)))
		if err == nil {
			d.r, d.data = r, src
			return nil
		}
		if errors.Is(err, pdf.ErrInvalidPassword) {
			return ErrPassword
		}
		if unsupportedEncryption(err) {
			plain, perr := decryptV5(src)
			if perr != nil {
				return perr
			}
			r, err := pdf.NewReader(bytes.NewReader(plain), int64(len(plain)))
			if err != nil {
				return damaged("%v", err)
			}
			d.r, d.data = r, plain
			return nil
		}
		msg := layerMessage(err.Error())
		if missingEOF(err) {
			msg = "cut short: it does not end with %%EOF"
		}
		return damaged("%s", msg)
	})
	if err != nil {
		return err
	}
	return safe("its page tree", d.walkPages)
}

// The object layer says why it refused a document only in its error's
// text. Each function below is the one place a wording is read, and a
// test holds each to the errors the object layer gives, so that a version
// of it that words them otherwise fails the test rather than the reader.

// unsupportedEncryption reports whether the object layer refused a
// document for its encryption, as it refuses AES-256, which decryptV5
// decrypts instead.
func unsupportedEncryption(err error) bool {
	return strings.Contains(err.Error(), "encryption")
}

// missingEOF reports whether the object layer refused a document for not
// ending with %%EOF: a file cut short.
func missingEOF(err error) bool {
	return strings.Contains(err.Error(), "missing %%EOF")
}

// layerMessage returns a message of the object layer in plain words (it
// starts its complaints with "malformed PDF: ", which ErrDamaged says).
func layerMessage(msg string) string { return plain(msg) }

// CutShort reports whether the file was cut short, its end gone (no
// %%EOF, no startxref), and its pages were found by rebuilding its
// cross-reference table from the objects it still holds: what they draw
// may not be all the document had.
func (d *Doc) CutShort() bool { return d.cut }

// NumPages returns the number of pages.
func (d *Doc) NumPages() int { return len(d.pages) }

// walkPages collects the page tree's leaves, with their inherited
// attributes.
func (d *Doc) walkPages() error {
	root := d.r.Trailer().Key("Root")
	if root.Kind() != pdf.Dict {
		return damaged("no document catalog (a broken cross-reference table?)")
	}
	top := root.Key("Pages")
	visits := 0
	var walk func(n pdf.Value, inh pageRef, depth int) error
	walk = func(n pdf.Value, inh pageRef, depth int) error {
		visits++
		if depth > 64 || visits > 2*maxPages {
			return damaged("the page tree loops or is too deep")
		}
		if r := n.Key("Resources"); r.Kind() == pdf.Dict {
			inh.res = r
		}
		if m := n.Key("MediaBox"); m.Kind() == pdf.Array {
			inh.media = m
		}
		if c := n.Key("CropBox"); c.Kind() == pdf.Array {
			inh.crop = c
		}
		if r := n.Key("Rotate"); r.Kind() == pdf.Integer {
			inh.rotate = r.Int64()
		}
		kids := n.Key("Kids")
		if n.Key("Type").Name() == "Page" || kids.Kind() != pdf.Array && n.Key("Contents").Kind() != pdf.Null {
			if len(d.pages) >= maxPages {
				return damaged("more than %d pages", maxPages)
			}
			inh.v = n
			d.pages = append(d.pages, inh)
			return nil
		}
		for i := 0; i < kids.Len(); i++ {
			if err := walk(kids.Index(i), inh, depth+1); err != nil {
				return err
			}
		}
		return nil
	}
	return walk(top, pageRef{}, 0)
}

// streamBytes reads a stream's decoded data, at most limit bytes. A
// stream cut short (a truncated file, damaged compressed data) keeps
// what was decoded.
func (d *Doc) streamBytes(v pdf.Value, limit int) ([]byte, error) {
	data, _, err := d.stream(v, limit)
	return data, err
}

// stream reads a stream's decoded data as streamBytes does, and says in
// short why the data ends early, when it does.
func (d *Doc) stream(v pdf.Value, limit int) (data []byte, short string, err error) {
	err = safe("", func() error {
		rc := v.Reader()
		defer rc.Close()
		var b bytes.Buffer
		n, err := io.Copy(&b, io.LimitReader(rc, int64(limit)+1))
		if n > int64(limit) {
			return fmt.Errorf("%w: a stream decodes to more than %d MiB", ErrTooLarge, limit>>20)
		}
		if err != nil && b.Len() == 0 {
			return damaged("%s", plain(err.Error()))
		}
		if err != nil {
			short = plain(err.Error())
		}
		data = b.Bytes()
		return nil
	})
	return data, short, err
}

// fontOf returns the font of a font dictionary, read once per document:
// key names it (its object reference), or is "" for the dictionary's text.
func (d *Doc) fontOf(v pdf.Value, key string) *font {
	if key == "" {
		key = v.String()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if f, ok := d.fonts[key]; ok {
		return f
	}
	var f *font
	if err := safe("", func() error { f = d.loadFont(v); return nil }); err != nil || f == nil {
		f = &font{scale: 0.001, ascent: 0.88, descent: -0.12, undecoded: true, dw: 1}
		if err != nil {
			f.damage = "a font cannot be read"
		}
	}
	d.fonts[key] = f
	return f
}

// knownFont returns the font read for an object reference, if it was.
func (d *Doc) knownFont(ref string) (*font, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	f, ok := d.fonts[ref]
	return f, ok
}
