package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// output is a file being written. A regular file is written to a temporary
// file beside it and renamed over it by commit, so that nobody ever sees it
// half-written; anything else (standard output, /dev/null, a pipe) is
// written directly.
type output struct {
	name string
	f    *os.File
	tmp  string // the temporary file; "" when writing directly
	*bufio.Writer
	err error // the first write error
}

// create opens name for writing; "" and "-" are stdout.
func create(name string, stdout io.Writer) (*output, error) {
	if name == "" || name == "-" {
		return &output{name: "standard output", Writer: bufio.NewWriterSize(stdout, 1<<16)}, nil
	}
	if fi, err := os.Stat(name); err == nil && !fi.Mode().IsRegular() {
		if fi.IsDir() {
			return nil, fmt.Errorf("%s is a directory", name)
		}
		f, err := os.OpenFile(name, os.O_WRONLY, 0)
		if err != nil {
			return nil, err
		}
		return &output{name: name, f: f, Writer: bufio.NewWriterSize(f, 1<<16)}, nil
	}
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return nil, err
	}
	return &output{name: name, f: f, tmp: f.Name(), Writer: bufio.NewWriterSize(f, 1<<16)}, nil
}

// Write writes p, remembering the first error so that a full disk is
// reported once, at commit.
func (o *output) Write(p []byte) (int, error) {
	if o.err != nil {
		return 0, o.err
	}
	n, err := o.Writer.Write(p)
	if err != nil {
		o.err = err
	}
	return n, err
}

// commit completes the file: flushed, synced and renamed into place. On any
// error the temporary file is removed and the target left as it was.
func (o *output) commit() error {
	err := o.err
	if ferr := o.Flush(); err == nil {
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
