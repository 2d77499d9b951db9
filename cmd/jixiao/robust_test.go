package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/model"
)

// byPath indexes a report's entries by their path relative to dir.
func byPath(r model.Report, dir string) map[string]model.FileReport {
	m := map[string]model.FileReport{}
	prefix := filepath.ToSlash(dir) + "/"
	for _, f := range r.Files {
		m[strings.TrimPrefix(f.Path, prefix)] = f
	}
	return m
}

func errText(f model.FileReport) string {
	if f.Error != nil {
		return *f.Error
	}
	return ""
}

// TestWalk covers what a directory nobody cleaned holds: links to files and
// to directories, a link loop, a broken link, lock files, a hidden
// directory, the same file reached twice, an unreadable file.
func TestWalk(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"a/form.txt":          seed(t),
		"a/~$form.xlsx":       []byte("lock"),
		"a/.~lock.form.xlsx#": []byte("lock"),
		"b/other.txt":         append(seed(t), "\n"...),
		".svn/entries":        []byte("x"),
		"c/secret.txt":        append(seed(t), "\n\n"...),
	})
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.Symlink("../a/form.txt", filepath.Join(dir, "b", "link-to-form.txt"))) // the same file again
	must(os.Symlink("../a", filepath.Join(dir, "b", "link-to-a")))                 // a directory
	must(os.Symlink("..", filepath.Join(dir, "b", "loop")))                        // a loop
	must(os.Symlink("nowhere.txt", filepath.Join(dir, "b", "broken.txt")))         // broken
	must(os.Link(filepath.Join(dir, "b", "other.txt"), filepath.Join(dir, "b", "zz-hardlink.txt")))
	must(os.Chmod(filepath.Join(dir, "c", "secret.txt"), 0))
	root := os.Geteuid() == 0 // root reads files whatever their mode
	_, err := os.Stat("/proc/self/mem")
	procMem := root && err == nil
	if procMem {
		must(os.Symlink("/proc/self/mem", filepath.Join(dir, "c", "unreadable.txt")))
	}

	report := filepath.Join(t.TempDir(), "r.json")
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", os.DevNull, "--report", report, dir)
	got := byPath(readReport(t, report), dir)
	type want struct{ status, says string }
	wants := map[string]want{
		"a/form.txt":          {model.StatusOK, ""},
		"a/~$form.xlsx":       {model.StatusSkipped, "Office lock file"},
		"a/.~lock.form.xlsx#": {model.StatusSkipped, "LibreOffice lock file"},
		".svn":                {model.StatusSkipped, "hidden directory"},
		"b/other.txt":         {model.StatusOK, ""},
		"b/link-to-form.txt":  {model.StatusSkipped, "the same file as"},
		"b/link-to-a":         {model.StatusSkipped, "not followed"},
		"b/loop":              {model.StatusSkipped, "not followed"},
		"b/broken.txt":        {model.StatusFailed, "broken link"},
		"b/zz-hardlink.txt":   {model.StatusSkipped, "the same file as"},
		"c/secret.txt":        {model.StatusFailed, "permission denied"},
	}
	if root {
		// Root reads a file whatever its mode; a file that fails when read
		// stands in for it: /proc/self/mem, which has no page at offset 0.
		wants["c/secret.txt"] = want{model.StatusOK, ""}
		if procMem {
			wants["c/unreadable.txt"] = want{model.StatusFailed, "input/output error"}
		}
	}
	for path, w := range wants {
		f, ok := got[path]
		if !ok {
			t.Errorf("%s: not in the report", path)
			continue
		}
		if f.Status != w.status || !strings.Contains(errText(f)+f.Reason, w.says) {
			t.Errorf("%s: %s %q %q; want %s %q", path, f.Status, errText(f), f.Reason, w.status, w.says)
		}
	}
	if len(got) != len(wants) {
		t.Errorf("%d entries, want %d: %v", len(got), len(wants), got)
	}
	if status != exitFailed {
		t.Errorf("status %d: %s", status, stderr)
	}

	// With --follow the link to a is walked (its file was read already) and
	// the loop is seen.
	status, _, _ = runCLI(t, "", "extract", "-q", "--follow", "-o", os.DevNull, "--report", report, dir)
	got = byPath(readReport(t, report), dir)
	if f := got["b/loop"]; f.Status != model.StatusSkipped || !strings.Contains(f.Reason, "link loop") {
		t.Errorf("--follow: the loop: %+v", f)
	}
	if f := got["b/link-to-a"]; f.Status != model.StatusSkipped || !strings.Contains(f.Reason, "directory already walked as "+filepath.ToSlash(dir)+"/a") {
		t.Errorf("--follow: a link to a directory walked already: %+v", f)
	}
	if status != exitFailed { // the broken link
		t.Errorf("--follow: status %d", status)
	}
}

// TestUnreadableDirectory: a directory that cannot be listed is failed
// with the OS error, and the rest of the run goes on.
func TestUnreadableDirectory(t *testing.T) {
	if os.Geteuid() == 0 {
		// Root lists any directory; a path that stops being a directory
		// while the walk runs gives the same kind of failure.
		dir := writeFiles(t, map[string][]byte{"a/form.txt": seed(t)})
		var got []job
		err := walk(context.Background(), []string{dir}, false, nil, func(j job) error {
			got = append(got, j)
			return nil
		})
		if err != nil || len(got) != 1 {
			t.Fatalf("walk: %v, %v", err, got)
		}
		var w walker
		w.fn = func(j job) error { got = append(got, j); return nil }
		w.ctx = context.Background()
		w.dir(filepath.Join(dir, "gone"))
		if last := got[len(got)-1]; last.err == nil {
			t.Errorf("listing a missing directory: %+v", last)
		}
		return
	}
	dir := writeFiles(t, map[string][]byte{"a/form.txt": seed(t), "b/form.txt": append(seed(t), '\n')})
	os.Chmod(filepath.Join(dir, "a"), 0)
	t.Cleanup(func() { os.Chmod(filepath.Join(dir, "a"), 0o755) })
	report := filepath.Join(t.TempDir(), "r.json")
	status, _, _ := runCLI(t, "", "extract", "-q", "-o", os.DevNull, "--report", report, dir)
	got := byPath(readReport(t, report), dir)
	if f := got["a"]; f.Status != model.StatusFailed || !strings.Contains(errText(f), "permission denied") {
		t.Errorf("unreadable directory: %+v", f)
	}
	if got["b/form.txt"].Status != model.StatusOK || status != exitFailed {
		t.Errorf("the rest of the run: %+v, status %d", got["b/form.txt"], status)
	}
}

// TestSkipKnown runs an archive, grows it, and runs it again with the first
// report: only the new file is read; the others are known.
func TestSkipKnown(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"2023/a.txt": seed(t), "2023/b.txt": append(seed(t), '\n')})
	first := filepath.Join(t.TempDir(), "first.json")
	if s, _, e := runCLI(t, "", "extract", "-q", "-o", os.DevNull, "--report", first, dir); s != exitOK {
		t.Fatalf("first run: %d %s", s, e)
	}
	os.MkdirAll(filepath.Join(dir, "2024"), 0o755)
	os.WriteFile(filepath.Join(dir, "2024", "c.txt"), append(seed(t), "\n\n"...), 0o644)
	second := filepath.Join(t.TempDir(), "second.json")
	out := filepath.Join(t.TempDir(), "new.jsonl")
	if s, _, e := runCLI(t, "", "extract", "-q", "-o", out, "--report", second, "--skip-known", first, dir); s != exitOK {
		t.Fatalf("second run: %d %s", s, e)
	}
	r := readReport(t, second)
	got := byPath(r, dir)
	if got["2023/a.txt"].Status != model.StatusKnown || got["2023/b.txt"].Status != model.StatusKnown || got["2024/c.txt"].Status != model.StatusOK {
		t.Errorf("statuses: %+v", got)
	}
	if r.Totals.Known != 2 || !strings.Contains(got["2023/a.txt"].Reason, first) {
		t.Errorf("totals %+v, reason %q", r.Totals, got["2023/a.txt"].Reason)
	}
	b, _ := os.ReadFile(out)
	if n := len(lines(b)); n != 2 {
		t.Errorf("%d forms written, want the new file's 2", n)
	}
	validateReport(t, second)
	// A third run on the second report knows all three.
	third := filepath.Join(t.TempDir(), "third.json")
	runCLI(t, "", "extract", "-q", "-o", os.DevNull, "--report", third, "--skip-known", second, dir)
	if k := readReport(t, third).Totals.Known; k != 3 {
		t.Errorf("third run: %d known, want 3", k)
	}
	for _, bad := range []string{filepath.Join(dir, "2023", "a.txt"), filepath.Join(t.TempDir(), "none.json")} {
		if s, _, e := runCLI(t, "", "extract", "-q", "--skip-known", bad, dir); s != exitUsage || !strings.Contains(e, "--skip-known") {
			t.Errorf("--skip-known %s: status %d, %q", bad, s, e)
		}
	}
}

// TestFileTimeout: a reader that never returns is abandoned at the time
// limit and the run finishes; one that honours its context stops.
func TestFileTimeout(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	t.Cleanup(func() { close(block) })
	stalls := func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			switch {
			case strings.HasSuffix(name, "stuck.txt"):
				<-block // ignores its context
			case strings.HasSuffix(name, "slow.txt"):
				<-ctx.Done()
				return &extract.Result{}, &grid.Error{Path: name, Err: ctx.Err()}
			}
			return real(ctx, name, data)
		}
	}
	dir := writeFiles(t, map[string][]byte{"a.txt": seed(t), "slow.txt": seed(t), "stuck.txt": seed(t), "z.txt": append(seed(t), '\n')})
	report := filepath.Join(t.TempDir(), "r.json")
	start := time.Now()
	status, stdout, _ := runReader(t, stalls, "-q", "-j", "2", "--file-timeout", "200ms", "--report", report, dir)
	if el := time.Since(start); el > 5*time.Second {
		t.Errorf("the run took %s", el)
	}
	got := byPath(readReport(t, report), dir)
	for _, name := range []string{"slow.txt", "stuck.txt"} {
		if f := got[name]; f.Status != model.StatusFailed || !strings.Contains(errText(f), "--file-timeout limit of 200ms") {
			t.Errorf("%s: %+v", name, f)
		}
	}
	if status != exitFailed || len(lines([]byte(stdout))) != 4 {
		t.Errorf("status %d, %d forms", status, len(lines([]byte(stdout))))
	}
}

// TestMaxSize fails a file over --max-size and reads the others.
func TestMaxSize(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"big.txt": bytes.Repeat([]byte("项目名称\tx\n"), 1000), "ok.txt": seed(t)})
	report := filepath.Join(t.TempDir(), "r.json")
	status, _, _ := runCLI(t, "", "extract", "-q", "--max-size", "10000", "-o", os.DevNull, "--report", report, dir)
	got := byPath(readReport(t, report), dir)
	if f := got["big.txt"]; f.Status != model.StatusFailed || !strings.Contains(errText(f), "--max-size limit of 10000") {
		t.Errorf("big.txt: %+v", f)
	}
	if status != exitFailed || got["ok.txt"].Status != model.StatusOK {
		t.Errorf("status %d, ok.txt %+v", status, got["ok.txt"])
	}
	// Standard input is held to the same limit, read or not.
	status, _, stderr := runCLI(t, strings.Repeat("x", 12000), "extract", "-q", "--max-size", "10000", "-")
	if status != exitFailed || !strings.Contains(stderr, "--max-size") {
		t.Errorf("stdin: status %d %q", status, stderr)
	}
}

// TestFullDisk: an output that cannot be written is a clear error.
func TestFullDisk(t *testing.T) {
	if _, err := os.Stat("/dev/full"); err != nil {
		t.Skip("no /dev/full on this system")
	}
	dir := writeFiles(t, map[string][]byte{"a.txt": seed(t)})
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", "/dev/full", dir)
	if status != exitFailed || !strings.Contains(stderr, "no space left on device") {
		t.Errorf("status %d, %q", status, stderr)
	}
}

// TestMutations sends a few hundred damaged copies of the fixtures through
// the whole extract path, made with a fixed seed: no panic may escape, no
// file may take longer than its limit, and every file gets a status.
func TestMutations(t *testing.T) {
	var inputs [][]byte
	for _, pattern := range []string{"txt/*.txt", "xlsx/*.xlsx", "pdf/*.pdf", "docx/*.docx", "bad/*"} {
		names, _ := filepath.Glob(filepath.Join("../../fixtures", pattern))
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil {
				inputs = append(inputs, b)
			}
		}
	}
	if len(inputs) == 0 {
		t.Fatal("no fixtures")
	}
	rng := rand.New(rand.NewPCG(20261127, 6))
	dir := t.TempDir()
	const copies = 300
	exts := []string{".txt", ".xlsx", ".pdf", ".docx", ".tsv"}
	for i := range copies {
		src := inputs[rng.IntN(len(inputs))]
		b := mutate(rng, src)
		ext := exts[rng.IntN(len(exts))]
		if rng.IntN(2) == 0 { // keep the right extension half the time
			ext = sniffExt(src)
		}
		if err := os.WriteFile(filepath.Join(dir, filepathName(i, ext)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	report := filepath.Join(t.TempDir(), "r.json")
	const limit = 10 * time.Second
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", os.DevNull, "--file-timeout", limit.String(), "--report", report, dir)
	if status != exitOK && status != exitFailed {
		t.Fatalf("status %d: %s", status, stderr)
	}
	r := readReport(t, report)
	if len(r.Files) != copies {
		t.Fatalf("%d files reported, want %d", len(r.Files), copies)
	}
	statuses := map[string]int{}
	for _, f := range r.Files {
		statuses[f.Status]++
		if f.Millis > limit.Milliseconds()+1000 {
			t.Errorf("%s took %d ms", f.Path, f.Millis)
		}
		if f.Status == model.StatusFailed && (f.Error == nil || *f.Error == "") {
			t.Errorf("%s failed with no message", f.Path)
		}
		if f.Error != nil && strings.Contains(*f.Error, "internal error") {
			t.Errorf("%s: a panic: %s", f.Path, *f.Error)
		}
	}
	t.Logf("statuses of %d damaged files: %v", copies, statuses)
}

// mutate damages a copy of b: flipped bytes, a cut, a run of garbage, a
// duplicated block.
func mutate(rng *rand.Rand, b []byte) []byte {
	b = bytes.Clone(b)
	if len(b) == 0 {
		return []byte{byte(rng.IntN(256))}
	}
	for range 1 + rng.IntN(3) {
		switch rng.IntN(4) {
		case 0:
			for range 1 + rng.IntN(16) {
				b[rng.IntN(len(b))] ^= byte(1 + rng.IntN(255))
			}
		case 1:
			b = b[:rng.IntN(len(b))+1]
		case 2:
			at := rng.IntN(len(b))
			junk := make([]byte, 1+rng.IntN(64))
			for i := range junk {
				junk[i] = byte(rng.IntN(256))
			}
			b = append(b[:at], append(junk, b[at:]...)...)
		case 3:
			at, n := rng.IntN(len(b)), 1+rng.IntN(256)
			end := min(at+n, len(b))
			b = append(b[:end], append(bytes.Clone(b[at:end]), b[end:]...)...)
		}
	}
	return b
}

func sniffExt(b []byte) string {
	switch {
	case bytes.HasPrefix(b, []byte("%PDF")):
		return ".pdf"
	case bytes.HasPrefix(b, []byte("PK")) && bytes.Contains(b[:min(len(b), 4096)], []byte("word/")):
		return ".docx"
	case bytes.HasPrefix(b, []byte("PK")):
		return ".xlsx"
	}
	return ".txt"
}

func filepathName(i int, ext string) string {
	return "m" + string(rune('a'+i/100)) + itoa3(i%100) + ext
}

func itoa3(n int) string { return string([]byte{byte('0' + n/10), byte('0' + n%10)}) }

// TestInterrupt starts the real binary over many files, interrupts it, and
// checks what it leaves: exit status 130, a report marked interrupted
// listing the files done, outputs that hold exactly those files' forms and
// no temporary files.
func TestInterrupt(t *testing.T) {
	bin := binary(t)
	in := t.TempDir()
	data := seed(t)
	const files = 4000
	for i := range files {
		// Every file differs, as real submissions do.
		os.WriteFile(filepath.Join(in, filepathName(i, ".txt")), fmt.Appendf(bytes.Clone(data), "\n%d\n", i), 0o644)
	}
	outDir := t.TempDir()
	out, rows, report := filepath.Join(outDir, "forms.jsonl"), filepath.Join(outDir, "rows.jsonl"), filepath.Join(outDir, "report.json")
	cmd := exec.Command(bin, "extract", "-q", "-j", "1", "-o", out, "--rows", rows, "--report", report, in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(700 * time.Millisecond)
	cmd.Process.Signal(syscall.SIGINT)
	err := cmd.Wait()
	code := cmd.ProcessState.ExitCode()
	if code != exitInterrupted {
		t.Fatalf("exit status %d (%v), want %d; stderr: %s", code, err, exitInterrupted, stderr.String())
	}
	if !strings.Contains(stderr.String(), "--skip-known") {
		t.Errorf("stderr does not say how to go on: %q", stderr.String())
	}
	r := readReport(t, report)
	if !r.Interrupted || len(r.Files) == 0 || len(r.Files) >= files {
		t.Fatalf("report: interrupted %v, %d of %d files", r.Interrupted, len(r.Files), files)
	}
	// The outputs hold the forms of exactly the files the report lists as ok.
	okForms := 0
	okPaths := map[string]bool{}
	for _, f := range r.Files {
		if f.Status == model.StatusOK {
			okForms += f.Forms
			okPaths[f.Path] = true
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	recs := lines(b)
	if len(recs) != okForms {
		t.Errorf("-o holds %d forms; the report's ok files have %d", len(recs), okForms)
	}
	for _, l := range recs {
		var f model.Form
		if err := json.Unmarshal(l, &f); err != nil {
			t.Fatalf("-o is not whole JSON Lines: %v", err)
		}
		if !okPaths[f.Source.Path] {
			t.Errorf("a form of %s, which the report does not list as ok", f.Source.Path)
		}
	}
	if b, err := os.ReadFile(rows); err != nil || len(lines(b)) != okForms*27 {
		t.Errorf("--rows holds %d rows, want %d (%v)", len(lines(b)), okForms*27, err)
	}
	entries, _ := os.ReadDir(outDir)
	if len(entries) != 3 {
		t.Errorf("left in the output directory: %v", entries)
	}
	validateReport(t, report)

	// Going on from the report reads the rest, and only the rest.
	out2, report2 := filepath.Join(outDir, "rest.jsonl"), filepath.Join(outDir, "rest.json")
	if err := exec.Command(bin, "extract", "-q", "-o", out2, "--report", report2, "--skip-known", report, in).Run(); err != nil {
		t.Fatalf("going on: %v", err)
	}
	r2 := readReport(t, report2)
	b2, _ := os.ReadFile(out2)
	if r2.Totals.Known != len(okPaths) || len(recs)+len(lines(b2)) != 2*files {
		t.Errorf("going on: %d known (want %d), %d+%d forms (want %d)", r2.Totals.Known, len(okPaths), len(recs), len(lines(b2)), 2*files)
	}
}

// TestOutputsInsideInputs: outputs written inside the directory being read
// are not inputs of the run.
func TestOutputsInsideInputs(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"a.txt": seed(t)})
	report := filepath.Join(t.TempDir(), "r.json")
	status, _, _ := runCLI(t, "", "extract", "-q", "-o", filepath.Join(dir, "forms.jsonl"), "--rows", filepath.Join(dir, "rows.jsonl"), "--report", report, dir)
	r := readReport(t, report)
	if status != exitOK || len(r.Files) != 1 {
		t.Errorf("status %d, files %+v", status, r.Files)
	}
}

// TestIsLoop pins how a link loop is recognized: by the system's ELOOP, not
// by the wording of its message.
func TestIsLoop(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	loop := filepath.Join(dir, "loop")
	if err := os.Symlink(loop, loop); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	_, err := os.Stat(loop)
	if !isLoop(err) {
		t.Errorf("os.Stat of a self-link: %v is not a loop", err)
	}
	if isLoop(os.ErrNotExist) {
		t.Error("ErrNotExist taken for a loop")
	}
	if got := linkError(err).Error(); got != "link loop: the link leads back to itself" {
		t.Errorf("linkError: %q", got)
	}
}
