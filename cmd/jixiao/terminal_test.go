package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
)

// TestTerminalSummary: at the end of a run on a terminal the failed files
// are listed, a screenful of them, then the totals with the known and
// duplicate files, then where the report and the page are.
func TestTerminalSummary(t *testing.T) {
	files := map[string][]byte{"ok.txt": seed(t), "same.txt": seed(t)}
	for i := range maxListed + 5 {
		files[fmt.Sprintf("bad%02d.pdf", i)] = []byte("not a pdf")
	}
	in := writeFiles(t, files)
	dir := t.TempDir()
	report, html := filepath.Join(dir, "r.json"), filepath.Join(dir, "r.html")
	status, _, stderr := runIn(t, context.Background(), true, nil, "-o", os.DevNull, "--report", report, "--html", html, in)
	if status != exitFailed {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		fmt.Sprintf("jixiao: %d failed:\n  %s/bad00.pdf: not a PDF", maxListed+5, filepath.ToSlash(in)),
		"bad19.pdf",
		"  and 5 more — see " + report + "\n",
		"jixiao: 27 files: 1 ok, 25 failed, 1 duplicate; 2 forms, 16 warnings, ",
		"jixiao: report " + report + ", HTML " + html + "\n",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("the end of the run does not say %q:\n%s", want, stderr)
		}
	}
	if strings.Contains(stderr, "bad20.pdf") {
		t.Error("more than a screenful of failures listed")
	}
	// Off a terminal, each failure is a line as it comes, and the totals
	// follow; -q leaves the totals out, not the failures.
	_, _, stderr = runIn(t, context.Background(), false, nil, "-o", os.DevNull, in)
	if n := strings.Count(stderr, ": not a PDF"); n != maxListed+5 || !strings.Contains(stderr, "jixiao: 27 files") {
		t.Errorf("off a terminal: %d failures, %q", n, stderr)
	}
	_, _, stderr = runIn(t, context.Background(), true, nil, "-q", "-o", os.DevNull, in)
	if n := strings.Count(stderr, ": not a PDF"); n != maxListed+5 || strings.Contains(stderr, "files:") {
		t.Errorf("-q: %d failures, %q", n, stderr)
	}
}

// TestTerminalInterrupted: the files abandoned by an interruption are
// counted as interrupted, not listed as failures, and the known files of
// the run that goes on are counted.
func TestTerminalInterrupted(t *testing.T) {
	in := archive(t, 4)
	dir := t.TempDir()
	forms, report := filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "report.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	status, _, stderr := runIn(t, ctx, true, interruptAt("f02.txt", cancel), "-j", "1", "-o", forms, "--report", report, in)
	if status != exitInterrupted {
		t.Fatalf("status %d: %s", status, stderr)
	}
	// The file being read is abandoned, and so may be one queued behind it.
	if strings.Contains(stderr, "failed") || !regexp.MustCompile(`jixiao: [34] files: 2 ok, [12] interrupted; 4 forms`).MatchString(stderr) {
		t.Errorf("interrupted: %q", stderr)
	}
	if !regexp.MustCompile(`[12] files? in progress, abandoned, will be read again`).MatchString(stderr) {
		t.Errorf("the message does not say the abandoned files are read again: %q", stderr)
	}
	_, _, stderr = runIn(t, context.Background(), true, nil, hint(t, stderr)...)
	if !strings.Contains(stderr, "jixiao: 4 files: 2 ok, 2 known; 4 forms") {
		t.Errorf("going on: %q", stderr)
	}
}

// TestHelpGoesToStdout: asked for, help is the output; a usage error goes
// to standard error with status 2.
func TestHelpGoesToStdout(t *testing.T) {
	for _, args := range [][]string{{"extract", "--help"}, {"extract", "-h"}, {"help", "extract"}, {"help"}, {"--help"}, {"schema", "--help"}} {
		status, stdout, stderr := runCLI(t, "", args...)
		if status != exitOK || !strings.Contains(stdout, "Usage") || stderr != "" {
			t.Errorf("%q: status %d, stdout %d bytes, stderr %q", args, status, len(stdout), stderr)
		}
	}
	status, stdout, _ := runCLI(t, "", "extract", "--help")
	for _, want := range []string{"--html", "--skip-known", "appended to", "-q"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("extract --help does not say %q", want)
		}
	}
	for _, args := range [][]string{{"extract", "-q"}, {"extract", "--nope", "x"}, {"extract"}, {}, {"schema", "--sql", "oracle"}} {
		status, stdout, stderr := runCLI(t, "", args...)
		if status != exitUsage || stdout != "" || stderr == "" {
			t.Errorf("%q: status %d, stdout %q, stderr %q", args, status, stdout, stderr)
		}
	}
	_ = status
}

func TestBuildVersion(t *testing.T) {
	for _, tt := range []struct {
		main     string
		settings map[string]string
		want     string
	}{
		{"v1.2.0", nil, "v1.2.0"},
		{"v0.0.0-20261127103000-c24d803abcde+dirty", map[string]string{"vcs.revision": "c24d803abcde0123"}, "v0.0.0-20261127103000-c24d803abcde+dirty"},
		{"(devel)", map[string]string{"vcs.revision": "c24d803abcde0123", "vcs.modified": "true"}, "c24d803abcde+dirty"},
		{"(devel)", map[string]string{"vcs.revision": "c24d803abcde0123", "vcs.modified": "false"}, "c24d803abcde"},
		{"(devel)", nil, "dev"},
		{"", nil, "dev"},
	} {
		bi := &debug.BuildInfo{Main: debug.Module{Version: tt.main}}
		for k, v := range tt.settings {
			bi.Settings = append(bi.Settings, debug.BuildSetting{Key: k, Value: v})
		}
		if got := buildVersion(bi); got != tt.want {
			t.Errorf("buildVersion(%q, %v) = %q, want %q", tt.main, tt.settings, got, tt.want)
		}
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// TestMain removes the binary the tests built, once they are done.
func TestMain(m *testing.M) {
	code := m.Run()
	if builtBin != "" {
		os.RemoveAll(filepath.Dir(builtBin))
	}
	os.Exit(code)
}

// binary builds the command once for the tests that run it as a process.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds the binary")
	}
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "jixiao-bin-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "jixiao")
		if out, err := exec.Command("go", "build", "-buildvcs=auto", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

// TestVersionOfABuild: a binary built in a clone says the version go build
// stamped into it (the module's version, or the revision), "dev" only
// where it has none; the report's tool says the same.
func TestVersionOfABuild(t *testing.T) {
	bin := binary(t)
	out, err := exec.Command("go", "version", "-m", bin).Output()
	if err != nil {
		t.Fatal(err)
	}
	want := "dev"
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		switch {
		case len(f) >= 3 && f[0] == "mod" && f[2] != "(devel)":
			want = f[2]
		case len(f) >= 2 && strings.HasPrefix(f[1], "vcs.revision=") && want == "dev":
			want = strings.TrimPrefix(f[1], "vcs.revision=")[:12]
		}
	}
	got, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(got), "jixiao "+want+" ") {
		t.Errorf("jixiao version: %q, want the version %q", got, want)
	}
	t.Logf("%s", got)
	report := filepath.Join(t.TempDir(), "r.json")
	exec.Command(bin, "extract", "-q", "-o", os.DevNull, "--report", report, "../../fixtures/txt/000_2f785805f3cd3769.txt").Run()
	if r := readReport(t, report); !strings.HasPrefix(r.Tool, "jixiao "+want) {
		t.Errorf("the report's tool: %q, want %q", r.Tool, want)
	}
}
