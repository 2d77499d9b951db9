package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/jixiao/jixiao/model"
)

func extractCmd(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	c, err := parseFlags(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		extractHelp(stdout)
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "jixiao extract: %v\nRun \"jixiao extract --help\" for the flags and examples.\n", err)
		return exitUsage
	}
	c.terminal = isTerminal(stderr)
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

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// maxListed is how many failed files the end of a run on a terminal lists:
// a screenful.
const maxListed = 20

// outputs are the files of one run, created before any work so that one
// that cannot be written is found at once.
type outputs struct {
	forms, rows *output
	report      *reporter
	html        *htmlPage
}

func (o *outputs) abort() {
	o.forms.abort()
	o.rows.abort()
	if o.report != nil {
		o.report.abort()
	}
	if o.html != nil {
		o.html.abort()
	}
}

// open creates the run's outputs. An -o or --rows that a resumed run
// appends to (appendTo) gets the earlier file's content first.
func (c *config) open(e *earlier, stdout io.Writer, head model.Report) (*outputs, error) {
	var keep [2]*model.Output
	for i, t := range []target{{model.OutputForms, c.out}, {model.OutputRows, c.rows}} {
		was, err := appendTo(e, t.flag, t.name)
		if err != nil {
			return nil, err
		}
		keep[i] = was
	}
	o := &outputs{}
	var err error
	if o.forms, err = create(c.out, stdout); err != nil {
		return nil, err
	}
	if c.rows != "" {
		if o.rows, err = create(c.rows, stdout); err != nil {
			o.abort()
			return nil, err
		}
	}
	if o.report, err = newReporter(c.report, stdout, head); err != nil {
		o.abort()
		return nil, err
	}
	if c.html != "" {
		if o.html, err = newHTMLPage(c.html, stdout); err != nil {
			o.abort()
			return nil, err
		}
	}
	for i, out := range []*output{o.forms, o.rows} {
		if keep[i] == nil {
			continue
		}
		var err error
		if i == 0 && o.html != nil {
			err = o.html.keepForms(out, *keep[i])
		} else {
			err = out.keep(*keep[i])
		}
		if err != nil {
			o.abort()
			if errors.Is(err, errChanged) {
				return nil, changedError(e, keep[i].Flag, out.name)
			}
			return nil, err
		}
	}
	return o, nil
}

// run extracts every file of the config's paths. Files are read by c.jobs
// workers; their results are written in input order.
func (c *config) run(ctx context.Context, stdin io.Reader, stdout, stderr io.Writer) (int, error) {
	started := time.Now()
	if err := c.checkTargets(); err != nil {
		return exitUsage, err
	}
	var e *earlier
	if c.skipKnown != "" {
		var err error
		if e, err = loadKnown(c.skipKnown); err != nil {
			return exitUsage, fmt.Errorf("--skip-known: %w", err)
		}
	}
	outs, err := c.open(e, stdout, model.Report{
		SchemaVersion: model.SchemaVersion,
		Tool:          "jixiao " + toolVersion(),
		Args:          c.args,
		Started:       started.UTC().Format(time.RFC3339),
		Outputs:       []model.Output{},
	})
	if err != nil {
		return exitUsage, err
	}
	out, rows, rep := outs.forms, outs.rows, outs.report
	if outs.html != nil {
		c.links = outs.html.links
	}
	prog := newProgress(stderr, c.terminal && !c.quiet)
	seen := map[string]string{} // sha256 → first path with those bytes
	var failures []string       // the first maxListed, for the end of a run on a terminal
	// listAtEnd: the failures are not printed as they come (the bar is
	// on the line) but listed at the end.
	listAtEnd := prog.active() && !c.verbose

	// Work in flight is bounded by bytes as well as by workers (see
	// sequencer).
	budget := max(int64(c.jobs)*64<<20, c.maxSize)
	seq := newSequencer(c.jobs, budget)
	var own []string // the run's outputs, which are no inputs
	for _, o := range []*output{out, rows, rep.out, outs.htmlOut()} {
		if o != nil && o.f != nil {
			own = append(own, o.f.Name())
			if o.tmp != "" {
				own = append(own, o.name)
			}
		}
	}
	var known map[[32]byte]bool
	if e != nil {
		known = e.known
	}
	walkErr := walk(ctx, c.paths, c.follow, own, func(j job) error {
		prog.found()
		return seq.Add(ctx, j.size*inflation(j.path), func(done func()) func() {
			r := c.process(ctx, j, stdin, known, done)
			return func() {
				f := &r.file
				if f.SHA256 != nil && (f.Status == model.StatusOK || f.Status == model.StatusNoForm) {
					if first, ok := seen[*f.SHA256]; ok {
						// The same bytes as a file written already: the
						// same forms, with the same ids, not written twice.
						*f = model.FileReport{Path: f.Path, SHA256: f.SHA256, Format: f.Format, Status: model.StatusDuplicate,
							Reason: "the same bytes as " + first, DuplicateOf: first, Millis: f.Millis}
						r.release()
					} else {
						seen[*f.SHA256] = f.Path
					}
				}
				if r.forms != nil {
					out.Write(r.forms.Bytes())
					if rows != nil {
						rows.Write(r.rows.Bytes())
					}
					if outs.html != nil {
						outs.html.addForms(r.html, r.meta)
					}
					r.release()
				}
				rep.add(*f)
				if outs.html != nil {
					outs.html.addFile(*f)
				}
				if f.Status == model.StatusFailed && !f.Interrupted {
					line := f.Path + ": " + *f.Error
					switch {
					case !listAtEnd:
						fmt.Fprintf(stderr, "jixiao: %s\n", line)
						if c.verbose && r.stack != nil {
							stderr.Write(r.stack)
						}
					case len(failures) < maxListed:
						failures = append(failures, line)
					}
				}
				prog.done(f)
			}
		})
	})
	seq.Wait()
	prog.finish()
	rep.head.Millis = time.Since(started).Milliseconds()
	rep.head.Interrupted = ctx.Err() != nil
	interrupted := rep.head.Interrupted

	status := exitOK
	if rep.head.Totals.Failed > rep.head.Totals.Interrupted {
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
	committed := true
	for _, o := range []struct {
		flag string
		out  *output
	}{{model.OutputForms, out}, {model.OutputRows, rows}} {
		if o.out == nil {
			continue
		}
		if err := o.out.commit(); err != nil {
			errs = append(errs, err)
			status = exitFailed
			committed = false
		} else if o.out.regular() {
			rep.head.Outputs = append(rep.head.Outputs, o.out.record(o.flag))
		}
	}
	if outs.html != nil {
		if err := outs.html.finish(rep.head); err != nil {
			errs = append(errs, err)
			status = exitFailed
		} else if outs.html.out.regular() {
			rep.head.Outputs = append(rep.head.Outputs, outs.html.out.record(model.OutputHTML))
		}
	}
	if !committed {
		// The report lists files as done whose forms are in no file: a
		// run going on from it would never write them. It is not
		// written, so that an earlier report of the same name still
		// describes the outputs, which are as they were.
		rep.abort()
		if c.report != "" {
			errs = append(errs, fmt.Errorf("the report %s is not written: the outputs do not hold what it would list", c.report))
		}
	} else if err := rep.write(); err != nil {
		errs = append(errs, fmt.Errorf("writing the report %s: %w", c.report, err))
		status = max(status, exitFailed)
	}
	if !c.quiet {
		c.summary(stderr, rep.head, failures, listAtEnd)
	}
	if interrupted {
		status = exitInterrupted
		errs = append(errs, errors.New(c.interruptMessage(rep.head, out)))
	}
	return status, errors.Join(errs...)
}

// summary writes the end of a run: on a terminal the failed files (a
// screenful of them), then the totals and where the report and the page are.
func (c *config) summary(w io.Writer, head model.Report, failures []string, listed bool) {
	t := head.Totals
	failed := t.Failed - t.Interrupted
	if listed && failed > 0 {
		fmt.Fprintf(w, "jixiao: %d failed:\n", failed)
		for _, f := range failures {
			fmt.Fprintf(w, "  %s\n", f)
		}
		if more := failed - len(failures); more > 0 {
			where := "see " + c.report
			if c.report == "" {
				where = "--report FILE lists them all"
			}
			fmt.Fprintf(w, "  and %d more — %s\n", more, where)
		}
	}
	parts := []string{fmt.Sprintf("%d ok", t.OK)}
	for _, p := range []struct {
		n    int
		what string
	}{{t.NoForm, "no form"}, {failed, "failed"}, {t.Interrupted, "interrupted"}, {t.Skipped, "skipped"}, {t.Known, "known"}, {t.Duplicate, "duplicate"}} {
		if p.n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.what))
		}
	}
	fmt.Fprintf(w, "jixiao: %s: %s; %s, %s, %s\n", plural(t.Files, "file"), strings.Join(parts, ", "),
		plural(t.Forms, "form"), plural(t.Warnings, "warning"), plural(t.Findings, "finding"))
	var files []string
	if c.report != "" && !isStdout(c.report) {
		files = append(files, "report "+c.report)
	}
	if c.html != "" && !isStdout(c.html) {
		files = append(files, "HTML "+c.html)
	}
	if len(files) > 0 {
		fmt.Fprintf(w, "jixiao: %s\n", strings.Join(files, ", "))
	}
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// interruptMessage says what an interrupted run wrote and the command
// that goes on from it.
func (c *config) interruptMessage(head model.Report, out *output) string {
	msg := "interrupted: the forms of the files done are written"
	if out.regular() {
		msg += " to " + c.out
	}
	if c.report == "" || isStdout(c.report) {
		return msg + "; without --report FILE there is no report to go on from: run it again, with --report FILE"
	}
	msg += "; to go on, run:\n\n    jixiao extract " + shellQuote(resumeArgs(c.args, c.report)) + "\n"
	if isStdout(c.out) {
		msg += "\nIts standard output holds only the forms of the files not done yet: append it (>>) to where this run's went."
	} else {
		msg += "\n" + c.out + " is appended to"
		if c.rows != "" && !isStdout(c.rows) {
			msg += ", and so is " + c.rows
		}
		msg += "; the files done are not read again."
	}
	if t := head.Totals; t.Interrupted > 0 {
		msg += fmt.Sprintf(" %s in progress, abandoned, will be read again.", plural(t.Interrupted, "file"))
	}
	return msg
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
