package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/model"
)

// hostile is document text that would run, or break the page, were it not
// escaped.
const hostile = `<script>alert(1)</script><img src=x onerror="alert(2)">'"&</style></table>`

// htmlRun runs extract with --html over a fixture run: two forms of the
// seed (one with a hostile project name, a finding and a hostile warning),
// a duplicate, a file that fails and one that is skipped. It returns the
// directory of the outputs.
func htmlRun(t *testing.T) (dir string, r model.Report) {
	t.Helper()
	in := writeFiles(t, map[string][]byte{
		"a/seed.txt":    seed(t),
		"a/seed2.txt":   append(seed(t), '\n'),
		"a/same.txt":    seed(t),
		"b/bad.pdf":     []byte("not a pdf"),
		"b/notes.md":    []byte("# notes\n"),
		"c/hostile.txt": append(seed(t), "\n\n"...),
	})
	doctor := func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			res, err := real(ctx, name, data)
			if err != nil || !strings.HasSuffix(name, "hostile.txt") {
				return res, err
			}
			f := &res.Forms[0]
			pname := hostile + "项目"
			f.Project.Name = &pname
			dept := "其他部门" + hostile
			f.Project.Department, f.Project.DepartmentCode = &dept, nil
			f.Findings = append(f.Findings, model.Finding{Rule: "funds_mismatch", Severity: model.SeverityError, Message: hostile, Where: "line 1"})
			f.Warnings = append(f.Warnings, model.Warning{Code: "misaligned_row", Message: hostile, Where: hostile})
			f.Indicators.Annual[0].Children[0].Indicators[0].Raw = hostile
			return res, nil
		}
	}
	dir = t.TempDir()
	status, _, stderr := runReader(t, doctor, "-q", "-o", filepath.Join(dir, "forms.jsonl"), "--report", filepath.Join(dir, "report.json"),
		"--html", filepath.Join(dir, "report.html"), in)
	if status != exitFailed {
		t.Fatalf("status %d: %s", status, stderr)
	}
	return dir, readReport(t, filepath.Join(dir, "report.json"))
}

// TestHTMLEscapes checks the page as written: one script, the hostile
// text escaped wherever it stands, nothing that reaches out.
func TestHTMLEscapes(t *testing.T) {
	dir, _ := htmlRun(t)
	page, err := os.ReadFile(filepath.Join(dir, "report.html"))
	if err != nil {
		t.Fatal(err)
	}
	if n := bytes.Count(page, []byte("<script")); n != 1 {
		t.Errorf("%d <script in the page, want 1", n)
	}
	for _, bad := range []string{"<img", "</style></table>", "onerror=\"", "http://", "https://"} {
		if bytes.Contains(page, []byte(bad)) {
			t.Errorf("the page holds %q", bad)
		}
	}
	if !bytes.Contains(page, []byte("&lt;script&gt;alert(1)&lt;/script&gt;")) {
		t.Error("the hostile name is not on the page, escaped")
	}
}

// chromium returns the path of Debian's chromium, skipping the test
// without it.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("chromium is not installed, and CI must run this test (.ci/run installs it)")
	}
	t.Skip("chromium is not installed (apt-get install chromium)")
	return ""
}

// browse loads url in headless Chromium and returns the DOM after the
// page's script ran, failing the test on any console error.
func browse(t *testing.T, bin, url string, extra ...string) string {
	t.Helper()
	args := append([]string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir=" + t.TempDir(),
		"--enable-logging=stderr", "--v=0"}, extra...)
	var stdout, stderr bytes.Buffer
	cmd := exec.Command(bin, append(args, "--dump-dom", url)...)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, stderr.String())
	}
	for _, l := range strings.Split(stderr.String(), "\n") {
		if strings.Contains(l, "CONSOLE") || strings.Contains(l, "Uncaught") || strings.Contains(l, "Refused to") {
			t.Errorf("console: %s", l)
		}
	}
	return stdout.String()
}

var shownRe = regexp.MustCompile(`<output id="shown" data-forms="(\d+)" data-files="(\d+)">([^<]*)</output>`)

// shown returns how many forms and files the page shows, as its script
// counted them.
func shown(t *testing.T, dom string) (forms, files int) {
	t.Helper()
	m := shownRe.FindStringSubmatch(dom)
	if m == nil || !strings.Contains(dom, `data-ready="1"`) {
		t.Fatalf("the page's script did not run: %.2000s", dom)
	}
	forms, _ = strconv.Atoi(m[1])
	files, _ = strconv.Atoi(m[2])
	return forms, files
}

// TestHTMLInChromium loads the page in headless Chromium: no console error
// (a script error, a blocked resource, an injected handler the policy
// stops), every form and failure shown, and the filters at work.
func TestHTMLInChromium(t *testing.T) {
	bin := chromium(t)
	dir, r := htmlRun(t)
	url := "file://" + filepath.ToSlash(filepath.Join(dir, "report.html"))
	dom := browse(t, bin, url)
	sections := strings.Count(dom, `<section class="form"`)
	if sections != r.Totals.Forms || sections != 6 {
		t.Errorf("%d forms on the page, the report says %d, want 6", sections, r.Totals.Forms)
	}
	failed := strings.Count(dom, `<tr class="file" data-status="failed"`)
	if failed != r.Totals.Failed || failed != 1 {
		t.Errorf("%d failed files on the page, the report says %d, want 1", failed, r.Totals.Failed)
	}
	if n := strings.Count(dom, `<tr class="file" data-status="duplicate"`); n != 1 {
		t.Errorf("%d duplicates on the page, want 1", n)
	}
	if f, n := shown(t, dom); f != 6 || n != 3 {
		t.Errorf("shown: %d forms, %d files; want 6, 3", f, n)
	}
	if n := strings.Count(dom, "<script"); n != 1 {
		t.Errorf("%d scripts in the DOM, want 1", n)
	}
	if strings.Contains(dom, "<img") {
		t.Error("an <img> from the document is in the DOM")
	}
	// The filters, set through the page's address as a person's choice
	// in the menus sets it; what each should show, from -o.
	b, _ := os.ReadFile(filepath.Join(dir, "forms.jsonl"))
	var withRule, without, withAny int
	for _, l := range lines(b) {
		var f model.Form
		if err := json.Unmarshal(l, &f); err != nil {
			t.Fatal(err)
		}
		if len(f.Findings) == 0 {
			without++
		} else {
			withAny++
		}
		for _, x := range f.Findings {
			if x.Rule == "funds_mismatch" {
				withRule++
				break
			}
		}
	}
	for _, tt := range []struct {
		hash         string
		forms, files int
	}{
		{"#status=failed", 0, 1},
		{"#rule=funds_mismatch", withRule, 0},
		{"#rule=*", withAny, 0},
		{"#rule=-", without, 0},
		{"#dept=" + escapeQuery("其他部门"+hostile), 1, 0},
	} {
		t.Run(tt.hash, func(t *testing.T) {
			t.Parallel()
			f, n := shown(t, browse(t, bin, url+tt.hash))
			if f != tt.forms || n != tt.files {
				t.Errorf("%s: %d forms, %d files shown; want %d, %d", tt.hash, f, n, tt.forms, tt.files)
			}
		})
	}
}

func escapeQuery(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return b.String()
}

// TestReportCommand: "jixiao report" makes the page extract made, from
// the report and the forms.
func TestReportCommand(t *testing.T) {
	dir, _ := htmlRun(t)
	want, _ := os.ReadFile(filepath.Join(dir, "report.html"))
	page := filepath.Join(dir, "again.html")
	status, _, stderr := runCLI(t, "", "report", "--html", page, filepath.Join(dir, "report.json"), filepath.Join(dir, "forms.jsonl"))
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	got, _ := os.ReadFile(page)
	if !bytes.Equal(got, want) {
		t.Errorf("jixiao report wrote another page than extract --html (%d and %d bytes)", len(got), len(want))
	}
	for _, args := range [][]string{
		{"report", filepath.Join(dir, "report.json"), filepath.Join(dir, "forms.jsonl")},
		{"report", "--html", filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "report.json"), filepath.Join(dir, "forms.jsonl")},
	} {
		if status, _, _ := runCLI(t, "", args...); status != exitUsage {
			t.Errorf("%q: status %d, want %d", args, status, exitUsage)
		}
	}
	if status, stdout, _ := runCLI(t, "", "report", "--help"); status != exitOK || !strings.Contains(stdout, "Usage") {
		t.Errorf("report --help: %d %q", status, stdout)
	}
}

// TestHTMLScreenshot writes docs/report.png, the page of the seed, when
// JIXIAO_SCREENSHOT is set: go test ./cmd/jixiao -run TestHTMLScreenshot
// with JIXIAO_SCREENSHOT=1.
func TestHTMLScreenshot(t *testing.T) {
	if os.Getenv("JIXIAO_SCREENSHOT") == "" {
		t.Skip("set JIXIAO_SCREENSHOT=1 to write docs/report.png")
	}
	bin := chromium(t)
	t.Chdir("../..")
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", filepath.Join(dir, "forms.jsonl"), "--report", filepath.Join(dir, "report.json"),
		"--html", page, "fixtures/txt/000_2f785805f3cd3769.txt")
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	shot, _ := filepath.Abs("docs/report.png")
	os.MkdirAll(filepath.Dir(shot), 0o755)
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run", "--user-data-dir="+t.TempDir(), "--hide-scrollbars",
		"--window-size=1280,2200", "--screenshot="+shot, "file://"+filepath.ToSlash(page))
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("chromium: %v\n%s", err, out)
	}
}
