package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/sourcegraph/conc/stream"
	"golang.org/x/sync/semaphore"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/model"
)

const extractUsage = `Usage: jixiao extract [flags] PATH...

Reads 项目支出绩效目标申报表 from text dumps (.txt, .tsv), workbooks (.xlsx,
.xlsm), Word documents (.docx) and PDFs, and writes one JSON object per
form, in input order: paths sorted, then forms in file order.
PATH is a file or a directory, walked recursively in lexical order; "-"
reads one document from standard input. Files of other kinds are reported
as skipped.

Flags:
`

const extractExamples = `
Files that cannot be read are reported as failed, with the reason, and
the run goes on. Hidden directories, Office lock files (~$*.xlsx) and
links to directories (unless --follow) are skipped. On SIGINT or SIGTERM
no new file starts, files in progress are abandoned, the forms of the
files done are written whole, the report marks the run interrupted, and
the exit status is 130: rerun with --skip-known REPORT to go on.

Examples:

  # every form under submissions/, with a report of what happened to each file
  jixiao extract -o forms.jsonl --report report.json submissions/

  # one row per indicator, for loading into a warehouse table
  jixiao extract -o forms.jsonl --rows indicators.jsonl archive/2023 archive/2024

  # go on after an interruption, or read only what is new in a grown archive
  jixiao extract -o new.jsonl --report new.json --skip-known report.json submissions/

  # a single dump from standard input
  iconv -f gbk -t utf-8 form.txt | jixiao extract -

Exit status: 0 when no file failed, 1 when at least one failed (the others
are still written), 2 for a usage error, 130 when interrupted.
`

// config is the command line of extract.
type config struct {
	out, rows, report string
	jobs              int
	quiet, verbose    bool
	fileTimeout       time.Duration
	maxSize           int64
	follow            bool
	skipKnown         string
	paths             []string
	args              []string
}

// parseFlags reads the flags, which may stand before, between or after the
// paths.
func parseFlags(args []string, stderr io.Writer) (*config, error) {
	c := &config{args: args}
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.out, "o", "", "write the forms, JSON Lines, to `FILE` (default standard output)")
	fs.StringVar(&c.rows, "rows", "", "write one JSON object per indicator to `FILE`")
	fs.StringVar(&c.report, "report", "", "write the run report, JSON, to `FILE`")
	fs.IntVar(&c.jobs, "j", runtime.NumCPU(), "read `N` files at a time")
	fs.BoolVar(&c.quiet, "q", false, "no progress bar")
	fs.BoolVar(&c.verbose, "v", false, "print each failure, and the stack of internal errors, to standard error")
	fs.DurationVar(&c.fileTimeout, "file-timeout", 60*time.Second, "give up on a file after `DURATION`")
	fs.Int64Var(&c.maxSize, "max-size", 256<<20, "fail files larger than `BYTES`")
	fs.BoolVar(&c.follow, "follow", false, "follow links to directories (loops are detected)")
	fs.StringVar(&c.skipKnown, "skip-known", "", "skip files whose sha256 the earlier `REPORT` lists as ok (their forms are not written again)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), extractUsage)
		fs.PrintDefaults()
		fmt.Fprint(fs.Output(), extractExamples)
	}
	rest := args
	for {
		if err := fs.Parse(rest); err != nil {
			return nil, err
		}
		rest = fs.Args()
		if len(rest) == 0 {
			break
		}
		if len(rest) < len(args) && rest[0] != "-" && len(args) > 0 && containsDashDash(args, rest) {
			c.paths = append(c.paths, rest...)
			break
		}
		c.paths = append(c.paths, rest[0])
		rest = rest[1:]
	}
	if len(c.paths) == 0 {
		fmt.Fprintln(stderr, "jixiao extract: no PATH given")
		fs.Usage()
		return nil, flag.ErrHelp
	}
	if c.jobs < 1 {
		return nil, fmt.Errorf("-j %d: need at least one worker", c.jobs)
	}
	if c.maxSize < 1 {
		return nil, fmt.Errorf("--max-size %d: must be positive", c.maxSize)
	}
	return c, nil
}

// containsDashDash reports whether rest is what follows a "--" in args, so
// that every remaining argument is a path even when it starts with "-".
func containsDashDash(args, rest []string) bool {
	i := len(args) - len(rest) - 1
	return i >= 0 && args[i] == "--"
}

func extractCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		if len(args) > 0 {
			return exitOK // --help
		}
		return exitUsage
	}
	if err != nil {
		fmt.Fprintf(stderr, "jixiao extract: %v\n", err)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		// After the first signal the run winds down; a second one ends
		// the process at once, as a user pressing Ctrl-C twice means.
		<-ctx.Done()
		stop()
	}()
	status, err := c.run(ctx, stdin, stdout, stderr)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao extract: %v\n", err)
		if status == exitOK {
			status = exitFailed
		}
	}
	return status
}

// inflation estimates how many bytes of memory reading a file takes per
// byte of the file: a zip package unpacks to many times its size, and
// every format's text, grid and records take some times the input.
func inflation(name string) int64 {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm", ".docx":
		return 16
	case ".pdf":
		return 6
	}
	return 4
}

// extractFile reads one file's forms; tests replace it.
var extractFile = extract.File

// result is one file's outcome, encoded by its worker.
type result struct {
	file  model.FileReport
	forms *bytes.Buffer // JSON Lines; nil when there are none
	rows  *bytes.Buffer
	stack []byte
}

// run extracts every file of the config's paths. Files are read by c.jobs
// workers; their results are written in input order.
func (c *config) run(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	started := time.Now()
	var known map[[sha256.Size]byte]bool
	if c.skipKnown != "" {
		var err error
		if known, err = loadKnown(c.skipKnown); err != nil {
			return exitUsage, fmt.Errorf("--skip-known: %w", err)
		}
	}
	out, err := create(c.out, stdout)
	if err != nil {
		return exitUsage, err
	}
	var rows *output
	if c.rows != "" {
		if rows, err = create(c.rows, stdout); err != nil {
			out.abort()
			return exitUsage, err
		}
	}
	rep, err := newReporter(c.report, model.Report{
		SchemaVersion: model.SchemaVersion,
		Tool:          "jixiao " + version,
		Args:          c.args,
		Started:       started.UTC().Format(time.RFC3339),
	})
	if err != nil {
		out.abort()
		rows.abort()
		return exitFailed, err
	}
	prog := newProgress(stderr, c.quiet, c.paths)
	seen := map[string]string{} // sha256 → first path with those bytes

	// Work in flight is bounded by bytes as well as by workers, so that
	// many large files do not fill memory while one slow file holds up
	// the ordered output.
	budget := int64(c.jobs) * 64 << 20
	if budget < c.maxSize {
		budget = c.maxSize
	}
	sem := semaphore.NewWeighted(budget)
	s := stream.New().WithMaxGoroutines(c.jobs)
	var own []string
	for _, o := range []*output{out, rows} {
		if o != nil && o.f != nil {
			own = append(own, o.f.Name())
		}
	}
	walkErr := walk(ctx, c.paths, c.follow, own, func(j job) error {
		weight := min(max(j.size*inflation(j.path), 1), budget)
		if err := sem.Acquire(ctx, weight); err != nil {
			return err
		}
		s.Go(func() stream.Callback {
			r := c.process(ctx, j, stdin, known)
			return func() {
				defer sem.Release(weight)
				f := &r.file
				if f.SHA256 != nil && f.DuplicateOf == "" && f.Status != model.StatusFailed && f.Status != model.StatusSkipped {
					if first, ok := seen[*f.SHA256]; ok {
						f.DuplicateOf = first
					} else {
						seen[*f.SHA256] = f.Path
					}
				}
				if r.forms != nil {
					out.Write(r.forms.Bytes())
					if rows != nil {
						rows.Write(r.rows.Bytes())
					}
					r.release()
				}
				rep.add(*f)
				if f.Status == model.StatusFailed && (c.verbose || !prog.active()) {
					fmt.Fprintf(stderr, "jixiao: %s: %s\n", f.Path, *f.Error)
					if c.verbose && r.stack != nil {
						stderr.Write(r.stack)
					}
				}
				prog.done(f)
			}
		})
		return nil
	})
	s.Wait()
	prog.finish()
	rep.head.Millis = time.Since(started).Milliseconds()
	rep.head.Interrupted = ctx.Err() != nil
	interrupted := rep.head.Interrupted

	status := exitOK
	if rep.head.Totals.Failed > 0 {
		status = exitFailed
	}
	var errs []error
	if walkErr != nil && !interrupted {
		errs = append(errs, walkErr)
		status = exitFailed
	}
	// The outputs hold the forms of whole files only: a file in progress
	// when the run was interrupted wrote nothing. Interrupted or not, they
	// are completed and renamed into place, so that what the report lists
	// as done is what they hold, and --skip-known can go on from it.
	if err := out.commit(); err != nil {
		errs = append(errs, err)
		status = exitFailed
	}
	if rows != nil {
		if err := rows.commit(); err != nil {
			errs = append(errs, err)
			status = exitFailed
		}
	}
	if interrupted {
		status = exitInterrupted
		msg := "interrupted: the forms of the files done are written"
		if c.report != "" {
			msg += "; go on with --skip-known " + c.report
		}
		errs = append(errs, errors.New(msg))
	}
	if err := rep.write(c.report, stdout); err != nil {
		errs = append(errs, fmt.Errorf("writing the report %s: %w", c.report, err))
		status = max(status, exitFailed)
	}
	if !c.quiet && !interrupted {
		t := rep.head.Totals
		fmt.Fprintf(stderr, "jixiao: %d files: %d ok, %d no form, %d failed, %d skipped; %d forms, %d warnings\n",
			t.Files, t.OK, t.NoForm, t.Failed, t.Skipped, t.Forms, t.Warnings)
	}
	return status, errors.Join(errs...)
}

// process reads one file and encodes its forms. It never panics: a panic
// is that file's failure. A file that takes longer than --file-timeout is
// abandoned: its reader, told through its context, stops at its next check,
// and the run does not wait for it.
func (c *config) process(ctx context.Context, j job, stdin io.Reader, known map[[sha256.Size]byte]bool) (r result) {
	start := time.Now()
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
		return fail(errors.New("interrupted before it was read"))
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
	done := make(chan outcome, 1)
	go func() {
		defer func() {
			if p := recover(); p != nil {
				done <- outcome{&extract.Result{Stack: debug.Stack()}, fmt.Errorf("%w: %v", grid.ErrInternal, p)}
			}
		}()
		res, err := extractFile(fctx, j.path, data)
		done <- outcome{res, err}
	}()
	var res *extract.Result
	select {
	case o := <-done:
		res, err = o.res, o.err
	case <-fctx.Done():
		if ctx.Err() != nil {
			return fail(errors.New("interrupted while it was read"))
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
			return fail(errors.New("interrupted while it was read"))
		case errors.Is(err, grid.ErrUnsupported):
			return skip(message(err, j.path))
		}
		return fail(err)
	}
	r.file.Forms = len(res.Forms)
	r.file.Warnings = res.Warnings()
	r.file.Status = model.StatusOK
	if len(res.Forms) == 0 {
		r.file.Status = model.StatusNoForm
	}
	forms, rows := buffers.Get().(*bytes.Buffer), buffers.Get().(*bytes.Buffer)
	fe, re := json.NewEncoder(forms), json.NewEncoder(rows)
	fe.SetEscapeHTML(false)
	re.SetEscapeHTML(false)
	for i := range res.Forms {
		if err := fe.Encode(&res.Forms[i]); err != nil {
			return fail(err)
		}
		for _, row := range res.Forms[i].Rows() {
			if err := re.Encode(&row); err != nil {
				return fail(err)
			}
		}
	}
	r.forms, r.rows = forms, rows
	return r
}

// buffers holds the buffers results are encoded into, reused once written.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// release returns a result's buffers to the pool.
func (r *result) release() {
	for _, b := range []*bytes.Buffer{r.forms, r.rows} {
		if b != nil && b.Cap() < 16<<20 {
			b.Reset()
			buffers.Put(b)
		}
	}
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
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, fmt.Errorf("%w: over the --max-size limit of %d bytes", grid.ErrTooLarge, limit)
	}
	return data, nil
}
