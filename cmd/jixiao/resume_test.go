package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/model"
)

// runIn runs "jixiao extract args" in-process as runReader does, with ctx
// and with standard error a terminal or not.
func runIn(t *testing.T, ctx context.Context, terminal bool, wrap func(real readFunc) readFunc, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c, err := parseFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	if wrap != nil {
		c.read = wrap(c.read)
	}
	c.terminal = terminal
	status, err := c.run(ctx, strings.NewReader(""), &out, &errb)
	if err != nil {
		fmt.Fprintf(&errb, "jixiao extract: %v\n", err)
	}
	return status, out.String(), errb.String()
}

// archive writes n different copies of the seed, two forms each.
func archive(t *testing.T, n int) string {
	t.Helper()
	files := map[string][]byte{}
	for i := range n {
		files[fmt.Sprintf("in/f%02d.txt", i)] = fmt.Appendf(bytes.Clone(seed(t)), "\n%d\n", i)
	}
	return filepath.Join(writeFiles(t, files), "in")
}

// interruptAt returns a reader that, at the file whose name ends in stop,
// interrupts the run (cancel) and is abandoned as a signal abandons it.
func interruptAt(stop string, cancel func()) func(real readFunc) readFunc {
	return func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			if strings.HasSuffix(name, stop) {
				cancel()
				<-ctx.Done()
				return nil, ctx.Err()
			}
			return real(ctx, name, data)
		}
	}
}

// hint returns the command the interruption message says goes on.
func hint(t *testing.T, stderr string) []string {
	t.Helper()
	for _, l := range strings.Split(stderr, "\n") {
		if rest, ok := strings.CutPrefix(strings.TrimSpace(l), "jixiao extract -"); ok {
			return strings.Fields("-" + rest) // the tests' paths need no quoting
		}
	}
	t.Fatalf("no command to go on in %q", stderr)
	return nil
}

// ids returns the ids of a JSON Lines file's records (form_id, period and
// position of rows), failing on a repeated one.
func ids(t *testing.T, name string) map[string]bool {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, l := range lines(b) {
		var m map[string]any
		if err := json.Unmarshal(l, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		id, _ := m["id"].(string)
		if m["form_id"] != nil {
			id = fmt.Sprintf("%v/%v/%v", m["form_id"], m["period"], m["position"])
		}
		if seen[id] {
			t.Errorf("%s: %s twice", name, id)
		}
		seen[id] = true
	}
	return seen
}

// TestResumeAsTheHintSays: a run interrupted, then the command its message
// gives, run as written: -o and --rows keep every form and row of the first
// run and gain the rest, none twice; a third run of the same command, with
// nothing new, changes nothing.
func TestResumeAsTheHintSays(t *testing.T) {
	in := archive(t, 6)
	dir := t.TempDir()
	forms, rows, report := filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "rows.jsonl"), filepath.Join(dir, "report.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	status, _, stderr := runIn(t, ctx, false, interruptAt("f03.txt", cancel), "-q", "-j", "1", "-o", forms, "--rows", rows, "--report", report, in)
	if status != exitInterrupted {
		t.Fatalf("status %d: %s", status, stderr)
	}
	first := ids(t, forms)
	if len(first) != 6 {
		t.Fatalf("the interrupted run wrote %d forms, want 6 (three files)", len(first))
	}
	r := readReport(t, report)
	// The file being read is abandoned, and so may be one queued behind it.
	if r.Totals.Interrupted < 1 || r.Totals.Failed != r.Totals.Interrupted || len(r.Outputs) != 2 {
		t.Errorf("interrupted run's report: totals %+v, outputs %+v", r.Totals, r.Outputs)
	}

	args := hint(t, stderr)
	if !strings.Contains(strings.Join(args, " "), "--skip-known "+report) {
		t.Fatalf("the hint %q does not go on from %s", args, report)
	}
	status, _, stderr = runCLI(t, "", append([]string{"extract"}, args...)...)
	if status != exitOK {
		t.Fatalf("going on as the hint says: status %d: %s", status, stderr)
	}
	all := ids(t, forms)
	for id := range first {
		if !all[id] {
			t.Errorf("form %s of the first run is lost", id)
		}
	}
	if len(all) != 12 {
		t.Errorf("-o holds %d forms, want 12", len(all))
	}
	if n := len(ids(t, rows)); n != 12*27 {
		t.Errorf("--rows holds %d rows, want %d", n, 12*27)
	}
	r = readReport(t, report)
	validateReport(t, report)
	if r.Totals.Known != 3 || r.Totals.OK != 3 || r.Totals.Forms != 6 {
		t.Errorf("resumed run's totals %+v", r.Totals)
	}
	if o := r.Outputs[0]; o.Flag != model.OutputForms || o.Lines != 12 || o.Kept != 6 {
		t.Errorf("resumed run's -o: %+v", o)
	}

	// The page of the run that went on shows every form, the kept too.
	page := filepath.Join(dir, "report.html")
	if s, _, e := runCLI(t, "", append([]string{"extract", "--html", page}, args...)...); s != exitOK {
		t.Fatalf("with --html: %d %s", s, e)
	}
	if b, _ := os.ReadFile(page); bytes.Count(b, []byte(`<section class="form"`)) != 12 {
		t.Errorf("the page of the run that went on shows %d forms, want 12", bytes.Count(b, []byte(`<section class="form"`)))
	}

	// Again, with nothing new: the outputs stay as they are.
	before, _ := os.ReadFile(forms)
	status, _, stderr = runCLI(t, "", append([]string{"extract"}, args...)...)
	after, _ := os.ReadFile(forms)
	if status != exitOK || !bytes.Equal(before, after) {
		t.Errorf("a third run: status %d, -o %d bytes, was %d: %s", status, len(after), len(before), stderr)
	}
	if k := readReport(t, report).Totals.Known; k != 6 {
		t.Errorf("a third run: %d known, want 6", k)
	}
}

// TestGrownArchiveAppends: the README's workflow for a grown archive, the
// same command with --skip-known of its own report, keeps what -o held.
func TestGrownArchiveAppends(t *testing.T) {
	in := archive(t, 2)
	dir := t.TempDir()
	forms, report := filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "report.json")
	args := []string{"extract", "-q", "-o", forms, "--report", report, in}
	if s, _, e := runCLI(t, "", args...); s != exitOK {
		t.Fatalf("first run: %d %s", s, e)
	}
	os.WriteFile(filepath.Join(in, "new.txt"), append(seed(t), "\nnew\n"...), 0o644)
	if s, _, e := runCLI(t, "", append(args, "--skip-known", report)...); s != exitOK {
		t.Fatalf("second run: %d %s", s, e)
	}
	if n := len(ids(t, forms)); n != 6 {
		t.Errorf("-o holds %d forms, want 6", n)
	}
}

// TestResumeRefuses: with --skip-known, an existing output the earlier run
// did not write, or one that changed since, or one it wrote as another
// flag, is refused before any work, left as it is, and the message says
// what to type.
func TestResumeRefuses(t *testing.T) {
	in := archive(t, 2)
	dir := t.TempDir()
	forms, rows, report := filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "rows.jsonl"), filepath.Join(dir, "report.json")
	if s, _, e := runCLI(t, "", "extract", "-q", "-o", forms, "--rows", rows, "--report", report, in); s != exitOK {
		t.Fatalf("first run: %d %s", s, e)
	}
	other := filepath.Join(dir, "other.jsonl")
	os.WriteFile(other, []byte("{\"id\":\"someone else's\"}\n"), 0o644)
	changed := filepath.Join(dir, "changed.jsonl")
	b, _ := os.ReadFile(forms)
	os.WriteFile(changed, b, 0o644)
	var reads atomic.Int32
	count := func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			reads.Add(1)
			return real(ctx, name, data)
		}
	}
	for _, tt := range []struct {
		name string
		args []string
		file string // left as it was
		says string
	}{
		{"a file the earlier run did not write", []string{"-o", other}, other, "-o " + filepath.Join(dir, "other.2.jsonl")},
		{"rows as forms", []string{"-o", rows}, rows, "wrote as --rows"},
		{"forms as rows", []string{"-o", os.DevNull, "--rows", forms}, forms, "wrote as -o"},
		{"a copy is not the file", []string{"-o", changed}, changed, "is not a file the run"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			before, _ := os.ReadFile(tt.file)
			args := append(append([]string{"-q", "--report", filepath.Join(dir, "new.json"), "--skip-known", report}, tt.args...), in)
			status, _, stderr := runIn(t, context.Background(), false, count, args...)
			after, _ := os.ReadFile(tt.file)
			if status != exitUsage || !strings.Contains(stderr, tt.says) || !bytes.Equal(before, after) {
				t.Errorf("status %d, %q; the file changed: %v", status, stderr, !bytes.Equal(before, after))
			}
		})
	}
	// The file the earlier run wrote, changed since: refused too.
	os.WriteFile(forms, append(b, b[:100]...), 0o644)
	status, _, stderr := runIn(t, context.Background(), false, count, "-q", "-o", forms, "--skip-known", report, in)
	if status != exitUsage || !strings.Contains(stderr, "has changed since") {
		t.Errorf("a changed -o: status %d, %q", status, stderr)
	}
	if n := reads.Load(); n != 0 {
		t.Errorf("%d files read by runs that were refused", n)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 5 {
		t.Errorf("left in the output directory: %v", entries)
	}
}

// TestOutputsClash: two outputs on one file, both on standard output, an
// output that is an input, and --skip-known naming an output are usage
// errors before any work; the files stay as they are.
func TestOutputsClash(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"in/a.txt": seed(t), "out/x.jsonl": []byte("keep\n")})
	in, x := filepath.Join(dir, "in"), filepath.Join(dir, "out", "x.jsonl")
	input := filepath.Join(in, "a.txt")
	link := filepath.Join(dir, "link")
	os.Symlink(filepath.Join(dir, "out"), link)
	for _, args := range [][]string{
		{"-o", x, "--rows", x},
		{"-o", x, "--report", x},
		{"--rows", x, "--report", filepath.Join(dir, "out", ".", "x.jsonl")},
		{"-o", x, "--html", filepath.Join(link, "x.jsonl")},
		{"--rows", "-"},
		{"-o", os.DevNull, "--rows", "-", "--report", "-"},
		{"-o", input},
		{"--rows", input},
		{"--html", input, input},
		{"--skip-known", x, "-o", x},
	} {
		status, _, stderr := runCLI(t, "", append(append([]string{"extract", "-q"}, args...), in)...)
		if status != exitUsage {
			t.Errorf("%q: status %d, want %d: %s", args, status, exitUsage, stderr)
		}
	}
	if b, _ := os.ReadFile(x); string(b) != "keep\n" {
		t.Errorf("x.jsonl became %q", b)
	}
	if b, _ := os.ReadFile(input); !bytes.Equal(b, seed(t)) {
		t.Error("the input was replaced")
	}
	// /dev/null may take several outputs.
	if s, _, e := runCLI(t, "", "extract", "-q", "-o", os.DevNull, "--rows", os.DevNull, in); s != exitOK {
		t.Errorf("-o and --rows %s: %d %s", os.DevNull, s, e)
	}
}

// TestReportUnwritable: a --report or --html that cannot be written is a
// usage error before any file is read, as -o is.
func TestReportUnwritable(t *testing.T) {
	in := archive(t, 1)
	var reads atomic.Int32
	count := func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			reads.Add(1)
			return real(ctx, name, data)
		}
	}
	missing := filepath.Join(t.TempDir(), "missing", "r.json")
	out := filepath.Join(t.TempDir(), "forms.jsonl")
	for _, flag := range []string{"--report", "--html"} {
		status, _, stderr := runIn(t, context.Background(), false, count, "-q", "-o", out, flag, missing, in)
		if status != exitUsage || !strings.Contains(stderr, "missing") {
			t.Errorf("%s %s: status %d, %q", flag, missing, status, stderr)
		}
	}
	if _, err := os.Stat(out); err == nil || reads.Load() != 0 {
		t.Errorf("work was done: -o written %v, %d files read", err == nil, reads.Load())
	}
}

// TestFailedOutputKeepsReport: when -o cannot be written, the report is
// not written either, so that the earlier report of that name still
// describes what the outputs hold and --skip-known loses nothing.
func TestFailedOutputKeepsReport(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	in := archive(t, 1)
	report := filepath.Join(t.TempDir(), "report.json")
	os.WriteFile(report, []byte("earlier\n"), 0o644)
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", "/dev/full", "--report", report, in)
	if b, _ := os.ReadFile(report); status != exitFailed || string(b) != "earlier\n" || !strings.Contains(stderr, "is not written") {
		t.Errorf("status %d, report %q, %q", status, b, stderr)
	}
}

// TestResumeArgs: the command that goes on is the same with --skip-known
// REPORT, in place of any earlier one, before a "--".
func TestResumeArgs(t *testing.T) {
	for _, tt := range []struct{ args, want string }{
		{"-o f --report r d", "-o f --report r d --skip-known r"},
		{"-o f --report r --skip-known old d", "-o f --report r d --skip-known r"},
		{"--skip-known=old -o f --report r d", "-o f --report r d --skip-known r"},
		{"-o f --report r -- -odd", "-o f --report r --skip-known r -- -odd"},
	} {
		if got := strings.Join(resumeArgs(strings.Fields(tt.args), "r"), " "); got != tt.want {
			t.Errorf("resumeArgs(%s) = %s, want %s", tt.args, got, tt.want)
		}
	}
	if got := shellQuote([]string{"-o", "a b.jsonl", "it's", "简单/路径.txt"}); got != `-o 'a b.jsonl' 'it'\''s' '简单/路径.txt'` {
		t.Errorf("shellQuote: %s", got)
	}
}

// TestResumeInterruptedTwice: the run that goes on is interrupted too, and
// the one after it goes on from its report: every form once.
func TestResumeInterruptedTwice(t *testing.T) {
	in := archive(t, 6)
	dir := t.TempDir()
	forms, report := filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "report.json")
	args := []string{"-q", "-j", "1", "-o", forms, "--report", report, in}
	for _, stop := range []string{"f01.txt", "f04.txt"} {
		ctx, cancel := context.WithCancel(context.Background())
		status, _, stderr := runIn(t, ctx, false, interruptAt(stop, cancel), args...)
		cancel()
		if status != exitInterrupted {
			t.Fatalf("interrupted at %s: status %d: %s", stop, status, stderr)
		}
		args = hint(t, stderr)
	}
	if status, _, stderr := runCLI(t, "", append([]string{"extract"}, args...)...); status != exitOK {
		t.Fatalf("the last run: %d %s", status, stderr)
	}
	if n := len(ids(t, forms)); n != 12 {
		t.Errorf("-o holds %d forms, want 12", n)
	}
}
