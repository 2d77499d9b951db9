package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/model"
)

// target is one output the command line names.
type target struct {
	flag string // "-o", "--rows", "--report", "--html"
	name string // "" or "-": standard output
}

func (c *config) targets() []target {
	ts := []target{{model.OutputForms, c.out}}
	for _, t := range []target{{model.OutputRows, c.rows}, {"--report", c.report}, {model.OutputHTML, c.html}} {
		if t.name != "" {
			ts = append(ts, t)
		}
	}
	return ts
}

func isStdout(name string) bool { return name == "" || name == "-" }

// checkTargets finds, before any work, the command lines that would lose
// data: two outputs on one file or both on standard output (one would
// replace or garble the other), an output that is an input (the document
// would be replaced), and --skip-known naming an output other than
// --report (the earlier report would be replaced by forms).
func (c *config) checkTargets() error {
	ts := c.targets()
	var stdouts []string
	for _, t := range ts {
		if isStdout(t.name) {
			stdouts = append(stdouts, t.flag)
		}
	}
	if len(stdouts) > 1 {
		return fmt.Errorf("%s all write to standard output: give all but one of them a FILE", strings.Join(stdouts, " and "))
	}
	var files []target
	for _, t := range ts {
		if !isStdout(t.name) && !isDevNull(t.name) {
			files = append(files, t)
		}
	}
	for i, a := range files {
		for _, b := range files[i+1:] {
			if samePath(a.name, b.name) {
				return fmt.Errorf("%s %s and %s %s are the same file: one would replace the other", a.flag, a.name, b.flag, b.name)
			}
		}
	}
	for _, p := range c.paths {
		if p == "-" {
			continue
		}
		dir := ""
		if fi, err := os.Stat(p); err == nil && fi.IsDir() {
			dir = resolve(p) + string(filepath.Separator)
		}
		for _, t := range files {
			if samePath(p, t.name) {
				return fmt.Errorf("%s %s is also an input: writing it would replace the file it reads", t.flag, t.name)
			}
			// An output inside a directory read is passed over by the
			// walk; one that would replace a document there is refused.
			if _, err := os.Stat(t.name); err == nil && dir != "" && strings.HasPrefix(resolve(t.name), dir) && extract.Claims(t.name) {
				return fmt.Errorf("%s %s is a file of the input %s: writing it would replace a document it reads", t.flag, t.name, p)
			}
		}
	}
	if c.skipKnown != "" {
		for _, t := range files {
			if t.flag != "--report" && samePath(c.skipKnown, t.name) {
				return fmt.Errorf("--skip-known %s is also %s: the report would be replaced", c.skipKnown, t.flag)
			}
		}
	}
	return nil
}

// samePath reports whether a and b name one file: the same absolute path
// once links in their directories are resolved, or files that exist and
// are the same.
func samePath(a, b string) bool {
	if resolve(a) == resolve(b) {
		return true
	}
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

func resolve(p string) string {
	abs, err := filepath.Abs(p)
	if err != nil {
		return filepath.Clean(p)
	}
	if dir, err := filepath.EvalSymlinks(filepath.Dir(abs)); err == nil {
		return filepath.Join(dir, filepath.Base(abs))
	}
	return abs
}

func isDevNull(name string) bool {
	a, err1 := os.Stat(name)
	b, err2 := os.Stat(os.DevNull)
	return err1 == nil && err2 == nil && os.SameFile(a, b)
}

// errResume is a resumed run's output that is not the earlier run's: the
// run stops before any work, with a message that says what to type.
var errResume = errors.New("resume")

// appendTo decides what a run with --skip-known does with an output FILE
// that exists and is not empty. The files the earlier report lists as ok
// are not read again, so their forms must stay in it: when the earlier
// run wrote the file (the report lists it among its outputs, under the
// same flag), the new records are appended to it; otherwise the run
// refuses, since replacing the file could lose forms no run writes again.
// It returns nil when there is nothing to keep.
func appendTo(e *earlier, flag, name string) (*model.Output, error) {
	if e == nil || isStdout(name) {
		return nil, nil
	}
	fi, err := os.Stat(name)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return nil, nil
	}
	for _, o := range e.outputs {
		if !samePath(o.Path, name) {
			continue
		}
		if o.Flag != flag {
			return nil, fmt.Errorf("%w: %s %s is the file the run %s describes wrote as %s: it holds other records; write to another file (%s %s)",
				errResume, flag, name, e.name, o.Flag, flag, freeName(name))
		}
		return &o, nil
	}
	return nil, fmt.Errorf("%w: %s %s exists and is not a file the run %s describes wrote: with --skip-known the forms of the files it lists as ok are not written again, so replacing %s could lose them; write to another file (%s %s), or remove %s first if you mean to replace it",
		errResume, flag, name, e.name, name, flag, freeName(name), name)
}

// changedError says that a file an earlier run wrote has changed since.
func changedError(e *earlier, flag, name string) error {
	return fmt.Errorf("%w: %s %s has changed since the run %s describes wrote it, so it is not known which forms it holds: go on with the report of the run that wrote it last, or write to another file (%s %s)",
		errResume, flag, name, e.name, flag, freeName(name))
}

// freeName returns a name beside name that no file has: forms.2.jsonl for
// forms.jsonl.
func freeName(name string) string {
	ext := filepath.Ext(name)
	base := strings.TrimSuffix(name, ext)
	for i := 2; ; i++ {
		n := base + "." + strconv.Itoa(i) + ext
		if _, err := os.Lstat(n); err != nil {
			return n
		}
	}
}

// resumeArgs returns the command line that goes on from report: args with
// any --skip-known replaced by --skip-known report.
func resumeArgs(args []string, report string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			out = append(out, args[i:]...)
			break
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if strings.HasPrefix(a, "-") && name == "skip-known" {
			if !hasValue {
				i++
			}
			continue
		}
		out = append(out, a)
	}
	// The flag goes before any "--", after which everything is a path.
	for i, a := range out {
		if a == "--" {
			return append(append(append([]string{}, out[:i]...), "--skip-known", report), out[i:]...)
		}
	}
	return append(out, "--skip-known", report)
}

// shellQuote quotes args for a POSIX shell where they need it.
func shellQuote(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		if a != "" && strings.IndexFunc(a, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
		}) < 0 {
			q[i] = a
			continue
		}
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}
