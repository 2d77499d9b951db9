package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/model"
	"github.com/jixiao/jixiao/normalize"
)

// result is one file's outcome, encoded by its worker.
type result struct {
	file  model.FileReport
	forms *bytes.Buffer // JSON Lines; nil when there are none
	rows  *bytes.Buffer
	html  *bytes.Buffer // the forms' sections of the --html page
	meta  []formMeta    // what the page's filters need of each form
	stack []byte
}

// process reads one file and encodes its forms. It never panics: a panic
// is that file's failure. A file that takes longer than --file-timeout is
// abandoned: its reader, told through its context, stops at its next check,
// and the run does not wait for it. done is called once the file's bytes
// are let go: when process returns, or when an abandoned reader does.
func (c *config) process(ctx context.Context, j job, stdin io.Reader, known map[[sha256.Size]byte]bool, done func()) (r result) {
	start := time.Now()
	handed := false // to a reader goroutine, which calls done
	defer func() {
		if !handed {
			done()
		}
	}()
	r.file = model.FileReport{Path: j.path, Status: model.StatusFailed}
	defer func() {
		if p := recover(); p != nil {
			msg := fmt.Sprintf("internal error: %v", p)
			r = result{file: model.FileReport{Path: j.path, Status: model.StatusFailed, Error: &msg}, stack: debug.Stack()}
		}
		r.file.Millis = time.Since(start).Milliseconds()
	}()
	fail := func(err error) result {
		msg := message(err, j.path)
		r.file.Status, r.file.Error = model.StatusFailed, &msg
		return r
	}
	interrupted := func(msg string) result {
		r = fail(errors.New(msg))
		r.file.Interrupted = true
		return r
	}
	skip := func(reason string) result {
		r.file.Status, r.file.Reason = model.StatusSkipped, reason
		return r
	}
	switch {
	case j.err != nil:
		return fail(j.err)
	case j.skip != "":
		r.file.DuplicateOf = j.dupOf
		return skip(j.skip)
	case !j.stdin && !extract.Claims(j.path):
		return skip("not a kind of file jixiao reads")
	case j.size > c.maxSize:
		return fail(fmt.Errorf("%w: %d bytes, over the --max-size limit of %d", grid.ErrTooLarge, j.size, c.maxSize))
	case ctx.Err() != nil:
		return interrupted("interrupted before it was read")
	}
	data, err := readAll(j, stdin, c.maxSize)
	if err != nil {
		return fail(err)
	}
	if known != nil {
		sum := sha256.Sum256(data)
		if known[sum] {
			hex := fmt.Sprintf("%x", sum)
			r.file.SHA256, r.file.Status, r.file.Reason = &hex, model.StatusKnown, "listed as ok in "+c.skipKnown
			return r
		}
	}
	fctx, cancel := context.WithTimeout(ctx, c.fileTimeout)
	defer cancel()
	type outcome struct {
		res *extract.Result
		err error
	}
	outcomes := make(chan outcome, 1)
	handed = true
	go func() {
		defer done()
		defer func() {
			if p := recover(); p != nil {
				outcomes <- outcome{&extract.Result{Stack: debug.Stack()}, fmt.Errorf("%w: %v", grid.ErrInternal, p)}
			}
		}()
		res, err := c.read(fctx, j.path, data)
		outcomes <- outcome{res, err}
	}()
	var res *extract.Result
	select {
	case o := <-outcomes:
		res, err = o.res, o.err
	case <-fctx.Done():
		if ctx.Err() != nil {
			return interrupted("interrupted while it was read")
		}
		return fail(fmt.Errorf("over the --file-timeout limit of %s", c.fileTimeout))
	}
	if res == nil {
		res = &extract.Result{}
	}
	// Copies: a pointer into res would keep its forms alive with the report.
	sum, format := res.SHA256, res.Format
	if sum != "" {
		r.file.SHA256 = &sum
	}
	if format != "" {
		r.file.Format = &format
	}
	r.stack = res.Stack
	if err != nil {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			return fail(fmt.Errorf("over the --file-timeout limit of %s", c.fileTimeout))
		case errors.Is(err, context.Canceled):
			return interrupted("interrupted while it was read")
		case errors.Is(err, grid.ErrUnsupported):
			return skip(message(err, j.path))
		}
		return fail(err)
	}
	r.file.Forms = len(res.Forms)
	r.file.Warnings = res.Warnings()
	r.file.Findings = findings(res)
	r.file.WarningsByCode, r.file.FindingsByRule = counts(res)
	r.file.Status = model.StatusOK
	if len(res.Forms) == 0 {
		r.file.Status = model.StatusNoForm
	}
	forms, rows := buffers.Get().(*bytes.Buffer), buffers.Get().(*bytes.Buffer)
	r.forms, r.rows = forms, rows
	if c.html != "" {
		r.html = buffers.Get().(*bytes.Buffer)
	}
	fe, re := json.NewEncoder(forms), json.NewEncoder(rows)
	fe.SetEscapeHTML(false)
	re.SetEscapeHTML(false)
	for i := range res.Forms {
		f := &res.Forms[i]
		keyProject(f)
		if err := fe.Encode(f); err != nil {
			r.release()
			return fail(err)
		}
		for _, row := range f.Rows() {
			if err := re.Encode(&row); err != nil {
				r.release()
				return fail(err)
			}
		}
		if r.html != nil {
			m, err := renderForm(r.html, f, c.links)
			if err != nil {
				r.release()
				return fail(fmt.Errorf("the HTML page: %w", err))
			}
			r.meta = append(r.meta, m)
		}
	}
	return r
}

// keyProject sets the form's project key (normalize.ProjectKey), which
// names the project across years and files.
func keyProject(f *model.Form) {
	p := &f.Project
	if p.Name == nil {
		p.Key = nil
		return
	}
	key := normalize.ProjectKey(deref(p.DepartmentCode), deref(p.Department), *p.Name)
	if key == "" {
		p.Key = nil
		return
	}
	p.Key = &key
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// findings counts the findings of a file's forms, as Result.Warnings
// counts their warnings.
func findings(res *extract.Result) int {
	n := 0
	for _, f := range res.Forms {
		n += len(f.Findings)
	}
	return n
}

// counts counts a file's warnings by code and findings by rule; nil where
// there are none.
func counts(res *extract.Result) (byCode, byRule map[string]int) {
	for _, f := range res.Forms {
		for _, w := range f.Warnings {
			if byCode == nil {
				byCode = map[string]int{}
			}
			byCode[w.Code]++
		}
		for _, x := range f.Findings {
			if byRule == nil {
				byRule = map[string]int{}
			}
			byRule[x.Rule]++
		}
	}
	return byCode, byRule
}

// buffers holds the buffers results are encoded into, reused once written.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// release returns a result's buffers to the pool; the result has none
// after it.
func (r *result) release() {
	for _, b := range []*bytes.Buffer{r.forms, r.rows, r.html} {
		if b != nil && b.Cap() < 16<<20 {
			b.Reset()
			buffers.Put(b)
		}
	}
	r.forms, r.rows, r.html, r.meta = nil, nil, nil, nil
}

// message returns the text of a file's error for the report: without the
// path, which the report gives beside it, and with any bytes of the file
// that found their way into it made printable.
func message(err error, path string) string {
	return printable(rawMessage(err, path))
}

// printable replaces invalid UTF-8 and control characters with U+FFFD.
func printable(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return '\uFFFD'
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

func rawMessage(err error, path string) string {
	var e *grid.Error
	if errors.As(err, &e) {
		if e.Pos != (grid.Pos{}) {
			return e.Pos.String() + ": " + e.Err.Error()
		}
		return e.Err.Error()
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Op + ": " + pe.Err.Error()
	}
	return strings.TrimPrefix(err.Error(), path+": ")
}

// readAll reads a job's bytes, no more than limit of them.
func readAll(j job, stdin io.Reader, limit int64) ([]byte, error) {
	var r io.Reader = stdin
	if !j.stdin {
		f, err := os.Open(j.osPath)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	// A file's size is known from the walk: read it into a buffer that
	// holds it, not one doubled as it fills (a file that grew since is
	// still read whole, up to the limit).
	var b bytes.Buffer
	if !j.stdin && j.size > 0 {
		b.Grow(int(min(j.size, limit+1)) + bytes.MinRead)
	}
	if _, err := b.ReadFrom(io.LimitReader(r, limit+1)); err != nil {
		return nil, err
	}
	data := b.Bytes()
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over the --max-size limit of %d bytes", grid.ErrTooLarge, limit)
	}
	return data, nil
}
