package main

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"sync"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/model"
)

// streamFunc reads one file's forms, r holding its size bytes, handing
// each to emit as it is read: extract.Stream with the options the flags
// give.
type streamFunc func(ctx context.Context, name string, r io.ReaderAt, size int64, emit func(*model.Form) error) (*extract.Result, error)

// whole makes a streamFunc of a reader of whole files: the tests' readers.
func whole(read readFunc) streamFunc {
	return func(ctx context.Context, name string, r io.ReaderAt, size int64, emit func(*model.Form) error) (*extract.Result, error) {
		data := make([]byte, size)
		if _, err := r.ReadAt(data, 0); err != nil && !(err == io.EOF && size > 0) {
			return nil, err
		}
		res, err := read(ctx, name, data)
		if err != nil || res == nil {
			return res, err
		}
		forms := res.Forms
		res.Forms = nil
		for i := range forms {
			if err := emit(&forms[i]); err != nil {
				return res, err
			}
		}
		return res, nil
	}
}

// source is a job's bytes: a regular file is read where it lies (a text
// dump as a stream), anything else (standard input, a device) is read into
// memory first.
type source struct {
	io.ReaderAt
	size int64
	f    *os.File
}

// open opens a job's bytes, no more than limit of them.
func open(j job, stdin io.Reader, limit int64) (*source, error) {
	if !j.stdin {
		f, err := os.Open(j.osPath)
		if err != nil {
			return nil, err
		}
		// A regular file of no size may be one of /proc's, which hold
		// what they hold only when read: it is read into memory, as
		// standard input is.
		if fi, err := f.Stat(); err == nil && fi.Mode().IsRegular() && fi.Size() > 0 {
			if fi.Size() > limit {
				f.Close()
				return nil, fmt.Errorf("%w: over the --max-size limit of %d bytes", grid.ErrTooLarge, limit)
			}
			return &source{ReaderAt: f, size: fi.Size(), f: f}, nil
		}
		f.Close()
	}
	data, err := readAll(j, stdin, limit)
	if err != nil {
		return nil, err
	}
	return &source{ReaderAt: bytes.NewReader(data), size: int64(len(data))}, nil
}

// close lets go of the source.
func (s *source) close() {
	if s.f != nil {
		s.f.Close()
	}
}

// sum returns the SHA-256 of the source's bytes.
func (s *source) sum() ([sha256.Size]byte, error) {
	h := sha256.New()
	var sum [sha256.Size]byte
	if _, err := io.Copy(h, io.NewSectionReader(s, 0, s.size)); err != nil {
		return sum, err
	}
	h.Sum(sum[:0])
	return sum, nil
}

// spillAt is how many bytes of a file's output a spool holds in memory:
// past that it writes them to a temporary file, so that a large file's
// forms waiting for their turn in the ordered output (for the files before
// it to be done) take disk, not memory.
const spillAt = 1 << 20

// spool holds one output of one file until its turn: in memory, then, past
// spillAt, in a temporary file of its own.
type spool struct {
	buf *bytes.Buffer
	f   *os.File
	w   *bufio.Writer
}

// spoolDir is where spools write, os.TempDir() when it is "" ($TMPDIR).
var spoolDir = ""

func newSpool() *spool { return &spool{buf: buffers.Get().(*bytes.Buffer)} }

// Write writes p to the memory or, once that holds spillAt bytes, to the
// temporary file.
func (s *spool) Write(p []byte) (int, error) {
	if s.w != nil {
		return s.w.Write(p)
	}
	if s.buf.Len()+len(p) <= spillAt {
		return s.buf.Write(p)
	}
	f, err := os.CreateTemp(spoolDir, "jixiao-spool-*.jsonl")
	if err != nil {
		return 0, fmt.Errorf("a temporary file for the output of a large file: %w", err)
	}
	os.Remove(f.Name()) // where it can be, open it stays until closed
	s.f, s.w = f, bufio.NewWriterSize(f, 1<<16)
	if _, err := s.buf.WriteTo(s.w); err != nil {
		return 0, err
	}
	s.buf.Reset()
	return s.w.Write(p)
}

// WriteTo copies what the spool holds to w (a nil spool holds nothing).
func (s *spool) WriteTo(w io.Writer) (int64, error) {
	if s == nil {
		return 0, nil
	}
	if s.w == nil {
		n, err := w.Write(s.buf.Bytes())
		return int64(n), err
	}
	if err := s.w.Flush(); err != nil {
		return 0, err
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	// Through w's Write, which an *output keeps a write error of.
	return io.Copy(struct{ io.Writer }{w}, struct{ io.Reader }{s.f})
}

// writeTo copies what the spool holds to o; an error reading the
// temporary file back is o's error, as a failed write would be.
func (s *spool) writeTo(o *output) {
	if _, err := s.WriteTo(o); err != nil && o.err == nil {
		o.err = fmt.Errorf("reading back the output of a large file: %w", err)
	}
}

// release lets go of the memory and the temporary file.
func (s *spool) release() {
	if s == nil {
		return
	}
	if s.buf != nil && s.buf.Cap() <= 2*spillAt {
		s.buf.Reset()
		buffers.Put(s.buf)
	}
	s.buf = nil
	if s.f != nil {
		s.f.Close()
		os.Remove(s.f.Name())
		s.f, s.w = nil, nil
	}
}

// acquireCore waits for one of the machine's cores to read a file on
// (c.cores, as many as GOMAXPROCS), so that a file's --file-timeout counts
// its own running time, not the time it waits for the files being read
// before it: with -j above the cores, the files beyond them wait. It
// returns the function that gives the core back.
func (c *config) acquireCore(ctx context.Context) (func(), error) {
	if err := c.cores.Acquire(ctx, 1); err != nil {
		return nil, err
	}
	var once sync.Once
	return func() { once.Do(func() { c.cores.Release(1) }) }, nil
}

// encoder encodes a file's forms as they are read: each its JSON line,
// its rows when they are written (--rows), its section of the --html page,
// with the counts the report gives.
type encoder struct {
	forms, rows, html *spool // rows and html are nil when not written
	meta              []formMeta
	fe, re            *json.Encoder
	links             linker
	n, warnings       int
	findings          int
	byCode, byRule    map[string]int
}

func (c *config) newEncoder() *encoder {
	e := &encoder{forms: newSpool(), links: c.links}
	e.fe = json.NewEncoder(e.forms)
	e.fe.SetEscapeHTML(false)
	if c.rows != "" {
		e.rows = newSpool()
		e.re = json.NewEncoder(e.rows)
		e.re.SetEscapeHTML(false)
	}
	if c.html != "" {
		e.html = newSpool()
	}
	return e
}

// add encodes one form, with its project key set.
func (e *encoder) add(f *model.Form) error {
	keyProject(f)
	if err := e.fe.Encode(f); err != nil {
		return err
	}
	if e.re != nil {
		for _, row := range f.Rows() {
			if err := e.re.Encode(&row); err != nil {
				return err
			}
		}
	}
	if e.html != nil {
		m, err := renderForm(e.html, f, e.links)
		if err != nil {
			return fmt.Errorf("the HTML page: %w", err)
		}
		e.meta = append(e.meta, m)
	}
	e.n++
	e.warnings += len(f.Warnings)
	e.findings += len(f.Findings)
	for _, w := range f.Warnings {
		if e.byCode == nil {
			e.byCode = map[string]int{}
		}
		e.byCode[w.Code]++
	}
	for _, x := range f.Findings {
		if e.byRule == nil {
			e.byRule = map[string]int{}
		}
		e.byRule[x.Rule]++
	}
	return nil
}

// release lets go of what the encoder holds.
func (e *encoder) release() {
	e.forms.release()
	e.rows.release()
	e.html.release()
}

// handoff passes a reader's outcome to the worker waiting for it, or, when
// the worker has stopped waiting (the file was over its time limit), lets
// go of it.
type handoff[T any] struct {
	mu   sync.Mutex
	ch   chan T
	gone bool
}

func newHandoff[T any]() *handoff[T] { return &handoff[T]{ch: make(chan T, 1)} }

// give hands v over, or calls drop with it when nobody waits any more.
func (h *handoff[T]) give(v T, drop func(T)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gone {
		drop(v)
		return
	}
	h.ch <- v
}

// leave says nobody waits any more, and drops what was given already.
func (h *handoff[T]) leave(drop func(T)) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.gone = true
	select {
	case v := <-h.ch:
		drop(v)
	default:
	}
}
