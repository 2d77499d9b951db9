package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/jixiao/jixiao/model"
)

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
	prog := newProgress(stderr, c.quiet)
	seen := map[string]string{} // sha256 → first path with those bytes

	// Work in flight is bounded by bytes as well as by workers (see
	// sequencer).
	budget := max(int64(c.jobs)*64<<20, c.maxSize)
	seq := newSequencer(c.jobs, budget)
	var own []string
	for _, o := range []*output{out, rows} {
		if o != nil && o.f != nil {
			own = append(own, o.f.Name())
		}
	}
	walkErr := walk(ctx, c.paths, c.follow, own, func(j job) error {
		prog.found()
		return seq.Add(ctx, weight(j.path, j.size), func(done func()) func() {
			r := c.process(ctx, j, stdin, known, done)
			return func() {
				f := &r.file
				if f.SHA256 != nil && f.DuplicateOf == "" && f.Status != model.StatusFailed && f.Status != model.StatusSkipped {
					if first, ok := seen[*f.SHA256]; ok {
						f.DuplicateOf = first
					} else {
						seen[*f.SHA256] = f.Path
					}
				}
				if r.forms != nil {
					r.forms.writeTo(out)
					if rows != nil {
						r.rows.writeTo(rows)
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
	})
	seq.Wait()
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
