package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"runtime"
	"time"

	"golang.org/x/sync/semaphore"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/ocr"
	"github.com/jixiao/jixiao/extract/pdf"
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
links to directories (unless --follow) are skipped. A file whose bytes
equal an earlier file's is reported as a duplicate and its forms are not
written again. On a terminal a progress bar runs, and at the end the
failed files are listed and the totals summed up; -q leaves out both
(failures are still printed, one line each).

Interrupted (SIGINT, SIGTERM): no new file starts, files in progress are
abandoned, the forms of the files done are written whole, the report
marks the run interrupted, the exit status is 130, and the message says
the command that goes on: the same one with --skip-known REPORT.

--skip-known REPORT skips the files REPORT lists as ok. An -o or --rows
FILE that exists and that REPORT's run wrote is appended to: it keeps the
forms of those files and gains the new ones (the report's "outputs" say
what each file held, and a file changed since is refused). An existing
FILE that REPORT's run did not write is refused, never replaced: name
another file, or remove it first. Two outputs on one file, or an output
that is also an input, are usage errors.

Examples:

  # every form under submissions/, a report of what happened to each file,
  # and a page for auditors
  jixiao extract -o forms.jsonl --report report.json --html report.html submissions/

  # go on after an interruption: the same command, plus --skip-known
  jixiao extract -o forms.jsonl --report report.json --html report.html submissions/ --skip-known report.json

  # a grown archive: read only what is new, appending to forms.jsonl
  jixiao extract -o forms.jsonl --report report.json --skip-known report.json submissions/

  # one row per indicator, for loading into a warehouse table
  jixiao extract -o forms.jsonl --rows rows.jsonl archive/2023 archive/2024

  # a single dump from standard input
  iconv -f gbk -t utf-8 form.txt | jixiao extract -

Exit status: 0 when no file failed, 1 when at least one failed (the others
are still written), 2 for a usage error, 130 when interrupted.
`

// config is the command line of extract.
type config struct {
	out, rows, report string
	html              string
	jobs              int
	quiet, verbose    bool
	fileTimeout       time.Duration
	maxSize           int64
	follow            bool
	skipKnown         string
	encoding          string
	ocr               bool
	ocrDir            string
	paths             []string
	args              []string
	// terminal is set when standard error is a terminal: a progress bar,
	// and the failures listed at the end rather than as they come.
	terminal bool
	// links makes the --html page's links to the files.
	links linker
	// read reads one file's forms: extract.File with the options the
	// flags give; tests put a reader of their own here.
	read readFunc
	// stream reads one file's forms as a stream: extract.Stream with the
	// options the flags give. It is what the command reads with: a test
	// that puts its own reader in read puts whole(read) here.
	stream streamFunc
	cores  *semaphore.Weighted // see acquireCore
}

// readFunc reads one file's forms.
type readFunc func(ctx context.Context, name string, data []byte) (*extract.Result, error)

// errNoPath is a command line with flags but no PATH.
var errNoPath = errors.New("no PATH given")

// parseFlags reads the flags, which may stand before, between or after the
// paths. It prints nothing: -h and --help give flag.ErrHelp, which the
// caller answers with extractHelp on standard output.
func parseFlags(args []string) (*config, error) {
	c := &config{args: args}
	fs := newFlagSet(c)
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
		return nil, errNoPath
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
	opts := extract.Options{Text: txt.Options{Encoding: c.encoding}, Workers: c.jobs}
	if c.ocrDir != "" && !c.ocr {
		return nil, fmt.Errorf("--ocr-dir without --ocr")
	}
	if c.ocr {
		timeout := false
		fs.Visit(func(f *flag.Flag) { timeout = timeout || f.Name == "file-timeout" })
		if !timeout {
			c.fileTimeout = 10 * time.Minute // a page takes seconds to read by OCR
		}
		// Files are read c.jobs at a time: the CPUs are shared among them.
		e, err := ocr.Open(c.ocrDir, ocr.Options{Threads: max(1, runtime.NumCPU()/c.jobs)})
		if err != nil {
			return nil, fmt.Errorf("--ocr: %w", err)
		}
		opts.OCR = &pdf.OCR{Recognizer: e, Engine: "PP-OCRv4"}
	}
	c.read = func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
		return extract.File(ctx, name, data, opts)
	}
	c.stream = func(ctx context.Context, name string, r io.ReaderAt, size int64, emit func(*model.Form) error) (*extract.Result, error) {
		return extract.Stream(ctx, name, r, size, opts, emit)
	}
	c.cores = semaphore.NewWeighted(int64(runtime.GOMAXPROCS(0)))
	return c, nil
}

// extractHelp writes the help of extract.
func extractHelp(w io.Writer) {
	fs := newFlagSet(&config{})
	fs.SetOutput(w)
	fmt.Fprint(w, extractUsage)
	fs.PrintDefaults()
	fmt.Fprint(w, extractExamples)
}

// newFlagSet returns the flags of extract, set into c, printing nothing.
func newFlagSet(c *config) *flag.FlagSet {
	fs := flag.NewFlagSet("extract", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	fs.StringVar(&c.out, "o", "", "write the forms, JSON Lines, to `FILE` (default standard output)")
	fs.StringVar(&c.rows, "rows", "", "write one JSON object per indicator to `FILE`")
	fs.StringVar(&c.report, "report", "", "write the run report, JSON, to `FILE`")
	fs.StringVar(&c.html, "html", "", "write a self-contained HTML page for auditors to `FILE`: totals, failed and skipped files, every form with its findings and warnings")
	fs.IntVar(&c.jobs, "j", runtime.NumCPU(), "read `N` files at a time")
	fs.BoolVar(&c.quiet, "q", false, "no progress bar and no summary (failures are still printed, one line each)")
	fs.BoolVar(&c.verbose, "v", false, "print each failure, and the stack of internal errors, to standard error")
	fs.DurationVar(&c.fileTimeout, "file-timeout", 60*time.Second, "give up on a file after `DURATION` of its own running time, from when it has a core to be read on")
	fs.Int64Var(&c.maxSize, "max-size", 256<<20, "fail files larger than `BYTES`")
	fs.BoolVar(&c.follow, "follow", false, "follow links to directories (loops are detected)")
	fs.StringVar(&c.encoding, "encoding", "", "decode text dumps as `NAME` (utf-8, gb18030, utf-16le, utf-16be) instead of detecting each one's encoding")
	fs.BoolVar(&c.ocr, "ocr", false, "read PDF pages that are scans (no text layer) by OCR, with PP-OCR through ONNX Runtime (scripts/install-ocr installs them); pages with text are never OCR'd")
	fs.StringVar(&c.ocrDir, "ocr-dir", "", "where --ocr finds ONNX Runtime and the PP-OCR models (`DIR`; default $"+ocr.EnvDir+", else ~/.cache/jixiao/ocr)")
	fs.StringVar(&c.skipKnown, "skip-known", "", "skip files whose sha256 the earlier `REPORT` lists as ok (their forms are not written again; an -o or --rows FILE that run wrote is appended to)")
	return fs
}

// containsDashDash reports whether rest is what follows a "--" in args, so
// that every remaining argument is a path even when it starts with "-".
func containsDashDash(args, rest []string) bool {
	i := len(args) - len(rest) - 1
	return i >= 0 && args[i] == "--"
}
