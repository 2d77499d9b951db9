package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"os"
	"path/filepath"

	"github.com/jixiao/jixiao/model"
)

// output is a file being written. A regular file is written to a temporary
// file beside it and renamed over it by commit, so that nobody ever sees it
// half-written; anything else (standard output, /dev/null, a pipe) is
// written directly. What it is given is hashed and counted, so that the
// report can say what the file holds (record).
type output struct {
	name string
	f    *os.File
	tmp  string // the temporary file; "" when writing directly
	w    *bufio.Writer
	err  error // the first write error

	sum   hash.Hash
	bytes int64
	lines int
	kept  int // lines carried over from the earlier file (keep)
}

// create opens name for writing; "" and "-" are stdout.
func create(name string, stdout io.Writer) (*output, error) {
	if name == "" || name == "-" {
		return &output{name: "standard output", w: bufio.NewWriterSize(stdout, 1<<16), sum: sha256.New()}, nil
	}
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory", name)
		}
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &output{name: name, f: f, w: bufio.NewWriterSize(f, 1<<16), sum: sha256.New()}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &output{name: name, f: f, tmp: f.Name(), w: bufio.NewWriterSize(f, 1<<16), sum: sha256.New()}, nil
}

// regular reports whether o is written to a temporary file and renamed:
// a regular file, which the report lists.
func (o *output) regular() bool { return o != nil && o.tmp != "" }

// Write writes p, remembering the first error so that a full disk is
// reported once, at commit.
func (o *output) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.w.Write(p)
	o.sum.Write(p[:n])
	o.bytes += int64(n)
	o.lines += bytes.Count(p[:n], []byte{'\n'})
	if err != nil {
		o.err = err
	}
	return n, err
}

// WriteString writes s as Write does.
func (o *output) WriteString(s string) (int, error) { return o.Write([]byte(s)) }

// keep copies the file at o's name, which an earlier run wrote and
// described as was, into o before anything else is written: the new
// records are appended to the old. It fails, writing nothing, when the file
// is no longer what was says.
func (o *output) keep(was model.Output) error {
	if o.bytes != 0 {
		return errors.New("keep: output already written to")
	}
	f, err := os.Open(o.name)
	if err != nil {
		return err
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return err
	} else if fi.Size() != was.Bytes {
		return errChanged
	}
	buf := make([]byte, 1<<16)
	for {
		n, err := f.Read(buf)
		if n > 0 {
			if _, werr := o.Write(buf[:n]); werr != nil {
				return werr
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
	}
	if o.bytes != was.Bytes || hex.EncodeToString(o.sum.Sum(nil)) != was.SHA256 {
		return errChanged
	}
	o.kept = o.lines
	return nil
}

// errChanged says that a file is not what the earlier run wrote.
var errChanged = errors.New("it has changed since")

// record describes what o holds once committed.
func (o *output) record(flag string) model.Output {
	abs, err := filepath.Abs(o.name)
	if err != nil {
		abs = o.name
	}
	return model.Output{Flag: flag, Path: abs, Bytes: o.bytes, SHA256: hex.EncodeToString(o.sum.Sum(nil)), Lines: o.lines, Kept: o.kept}
}

// commit completes the file: flushed, synced and renamed into place. On any
// error the temporary file is removed and the target left as it was.
func (o *output) commit() error {
	err := o.err
	if ferr := o.w.Flush(); err == nil {
		err = ferr
	}
	if o.f == nil {
		return wrapOut(o.name, err)
	}
	if o.tmp != "" && err == nil {
		err = o.f.Sync()
	}
	if cerr := o.f.Close(); err == nil {
		err = cerr
	}
	if o.tmp == "" {
		return wrapOut(o.name, err)
	}
	if err == nil {
		err = os.Chmod(o.tmp, 0o644)
	}
	if err == nil {
		err = os.Rename(o.tmp, o.name)
	}
	if err != nil {
		os.Remove(o.tmp)
	}
	return wrapOut(o.name, err)
}

// abort discards a file that is not to be completed.
func (o *output) abort() {
	if o == nil || o.f == nil {
		return
	}
	o.f.Close()
	if o.tmp != "" {
		os.Remove(o.tmp)
	}
}

func wrapOut(name string, err error) error {
	if err == nil {
		return nil
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("writing %s: %v", name, pe.Err)
	}
	return fmt.Errorf("writing %s: %w", name, err)
}
