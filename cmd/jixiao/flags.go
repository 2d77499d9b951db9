package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"runtime"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/txt"
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
	encoding          string
	paths             []string
	args              []string
	// read reads one file's forms: extract.File with the options the
	// flags give; tests put a reader of their own here.
	read readFunc
	// stream reads one file's forms as a stream: extract.Stream with the
	// options the flags give, or whole(read) for the tests' readers.
	stream streamFunc
	cores  *semaphore.Weighted // see acquireCore
}

// readFunc reads one file's forms.
type readFunc func(ctx context.Context, name string, data []byte) (*extract.Result, error)

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
	fs.StringVar(&c.encoding, "encoding", "", "decode text dumps as `NAME` (utf-8, gb18030, utf-16le, utf-16be) instead of detecting each one's encoding")
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
	switch c.encoding {
	case "", txt.UTF8, txt.GB18030, txt.UTF16LE, txt.UTF16BE:
	default:
		return nil, fmt.Errorf("--encoding %q: want %s, %s, %s or %s", c.encoding, txt.UTF8, txt.GB18030, txt.UTF16LE, txt.UTF16BE)
	}
	opts := extract.Options{Text: txt.Options{Encoding: c.encoding}}
	c.read = func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
		return extract.File(ctx, name, data, opts)
	}
	c.stream = func(ctx context.Context, name string, r io.ReaderAt, size int64, emit func(*model.Form) error) (*extract.Result, error) {
		return extract.Stream(ctx, name, r, size, opts, emit)
	}
	c.cores = semaphore.NewWeighted(int64(runtime.GOMAXPROCS(0)))
	return c, nil
}

// containsDashDash reports whether rest is what follows a "--" in args, so
// that every remaining argument is a path even when it starts with "-".
func containsDashDash(args, rest []string) bool {
	i := len(args) - len(rest) - 1
	return i >= 0 && args[i] == "--"
}
