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
	"sync"

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

// streamText is Stream for a text dump, in three stages on goroutines of
// their own, so that a dump takes more than one core: the text decoded,
// split into rows and scanned (txt.Scanner, form.ScanRows); the forms read
// (form.Streamer); each form finished (its source, its review) and given
// to emit, on the caller's goroutine.
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

	stages, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	defer func() {
		cancel()
		wg.Wait() // nothing reads r once Stream has returned
	}()
	var crash struct {
		sync.Once
		p     any
		stack []byte
	}
	catch := func() {
		if p := recover(); p != nil {
			crash.Do(func() { crash.p, crash.stack = p, debug.Stack() })
			cancel()
		}
	}
	type piece struct { // what a stage hands the next
		v   any
		err error
	}
	send := func(ch chan<- piece, v piece) bool {
		select {
		case ch <- v:
			return true
		case <-stages.Done():
			return false
		}
	}
	scanned := make(chan piece, 2)
	wg.Add(2)
	go func() {
		defer wg.Done()
		defer close(scanned)
		defer catch()
		for {
			rows, notes, err := s.Next()
			if err == io.EOF {
				return
			}
			p := piece{err: err}
			if err == nil {
				p.v = form.ScanRows(rows, notes)
			}
			if !send(scanned, p) || err != nil {
				return
			}
		}
	}()
	read := make(chan piece, 2)
	go func() {
		defer wg.Done()
		defer close(read)
		defer catch()
		var st form.Streamer
		for p := range scanned {
			if p.err != nil {
				send(read, p)
				return
			}
			if !send(read, piece{v: st.AddRows(p.v.(*form.Rows))}) {
				return
			}
		}
		if stages.Err() == nil {
			send(read, piece{v: st.Close()})
		}
	}()
	n := 0
	for p := range read {
		if p.err != nil {
			return fail(p.err)
		}
		forms := p.v.([]model.Form)
		for i := range forms {
			f := &forms[i]
			finish(f, name, res.SHA256, FormatTXT, enc, n)
			n++
			if err := emit(f); err != nil {
				emitErr = err
				return fail(err)
			}
			forms[i] = model.Form{} // let it go
		}
	}
	cancel()
	wg.Wait()
	if crash.p != nil {
		res.Stack = crash.stack
		return res, &grid.Error{Path: name, Err: fmt.Errorf("%w: %v", grid.ErrInternal, crash.p)}
	}
	if err := ctx.Err(); err != nil {
		return fail(err) // the stages stopped short
	}
	res.Encoding = enc
	return res, nil
}
