package extract

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"runtime/debug"

	"github.com/jixiao/jixiao/extract/form"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/txt"

	"github.com/jixiao/jixiao/model"
)

// Stream reads the forms of one file as File does and hands each to emit
// as soon as it is read, in file order, with its Source and ID as File
// gives them: name is the path written into their source, r holds the
// file's size bytes. A text dump is read as a stream (txt.Scanner, then
// form.Streamer), in memory bounded by its largest form rather than by the
// file; every other format is read whole and given to File. The Result is
// File's with no Forms: they went to emit.
//
// A file can still fail after some of its forms went to emit (a dump that
// turns out to be mostly binary fails at its end): on an error the caller
// drops what emit was given. An error from emit stops the reading and is
// returned as it is.
func Stream(ctx context.Context, name string, r io.ReaderAt, size int64, opts Options, emit func(*model.Form) error) (res *Result, err error) {
	head := make([]byte, min(size, 4096))
	if err := readAt(r, head); err != nil {
		return &Result{}, &grid.Error{Path: name, Err: err}
	}
	if opts.read != nil || !streams(name, head) {
		data := make([]byte, size)
		if err := readAt(r, data); err != nil {
			return &Result{}, &grid.Error{Path: name, Err: err}
		}
		res, err := File(ctx, name, data, opts)
		forms := res.Forms
		res.Forms = nil
		if err != nil {
			return res, err
		}
		for i := range forms {
			if err := emit(&forms[i]); err != nil {
				return res, err
			}
			forms[i] = model.Form{} // let it go
		}
		return res, nil
	}
	return streamText(ctx, name, r, size, opts, emit)
}

// readAt fills b from the start of r.
func readAt(r io.ReaderAt, b []byte) error {
	if len(b) == 0 {
		return nil
	}
	n, err := r.ReadAt(b, 0)
	if n == len(b) {
		return nil
	}
	if err == nil || err == io.EOF {
		err = io.ErrUnexpectedEOF
	}
	return err
}

// streams reports whether a file that starts with head is a text dump,
// which Stream reads as a stream: Detect tells that from the head alone
// unless the file is a zip package or an OLE2 compound file, neither of
// which is text.
func streams(name string, head []byte) bool {
	if len(head) == 0 || bytes.HasPrefix(head, []byte("PK\x03\x04")) || bytes.HasPrefix(head, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}) {
		return false
	}
	f, err := Detect(name, head)
	return f == FormatTXT && err == nil
}

// streamText is Stream for a text dump.
func streamText(ctx context.Context, name string, r io.ReaderAt, size int64, opts Options, emit func(*model.Form) error) (res *Result, err error) {
	res = &Result{Format: FormatTXT}
	var emitErr error // emit's own, returned unwrapped
	defer func() {
		if p := recover(); p != nil {
			res.Stack = debug.Stack()
			err = &grid.Error{Path: name, Err: fmt.Errorf("%w: %v", grid.ErrInternal, p)}
		}
	}()
	fail := func(err error) (*Result, error) {
		if emitErr != nil {
			return res, emitErr
		}
		var e *grid.Error
		if errors.As(err, &e) {
			e.Path = name
			return res, e
		}
		return res, &grid.Error{Path: name, Err: err}
	}
	sum := sha256.New()
	s, err := txt.NewScanner(ctx, r, size, opts.Text, sum)
	if err != nil {
		return fail(err)
	}
	res.SHA256 = hex.EncodeToString(sum.Sum(nil))
	enc := s.Encoding()
	n := 0
	give := func(forms []model.Form) error {
		for i := range forms {
			f := &forms[i]
			finish(f, name, res.SHA256, FormatTXT, enc, n)
			n++
			if err := emit(f); err != nil {
				emitErr = err
				return err
			}
		}
		return nil
	}
	var st form.Streamer
	for {
		rows, notes, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fail(err)
		}
		if err := give(st.Add(rows, notes)); err != nil {
			return fail(err)
		}
	}
	if err := give(st.Close()); err != nil {
		return fail(err)
	}
	res.Encoding = enc
	return res, nil
}
