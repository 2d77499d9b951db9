package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/model"
)

// TestSeedMatchesShared compares the seed's golden output with the expected
// output the project was given, as ../shared/tools/formdiff.py does: on the
// keys the expected output has (it is of contract version 1, the output of
// version 2), schema_version aside.
func TestSeedMatchesShared(t *testing.T) {
	want, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.shared-expected.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.txt.expected.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	got = pruneJSONL(t, want, got)
	if diffs := diffJSONL(want, got, []string{"warnings", "path", "schema_version"}); len(diffs) > 0 {
		t.Errorf("the seed's output differs from the shared expected output:\n%s", strings.Join(diffs, "\n"))
	}
}

// pruneJSONL returns the records of got with only the keys that the record
// of want at the same place has, at every depth.
func pruneJSONL(t *testing.T, want, got []byte) []byte {
	t.Helper()
	wl, gl := lines(want), lines(got)
	var out bytes.Buffer
	for i, g := range gl {
		var gv any
		if err := decode(g, &gv); err != nil {
			t.Fatal(err)
		}
		if i < len(wl) {
			var wv any
			if err := decode(wl[i], &wv); err != nil {
				t.Fatal(err)
			}
			gv = prune(wv, gv)
		}
		b, err := json.Marshal(gv)
		if err != nil {
			t.Fatal(err)
		}
		out.Write(b)
		out.WriteByte('\n')
	}
	return out.Bytes()
}

// prune keeps of g the keys that w has.
func prune(w, g any) any {
	switch w := w.(type) {
	case map[string]any:
		gm, ok := g.(map[string]any)
		if !ok {
			return g
		}
		out := map[string]any{}
		for k, gv := range gm {
			if wv, ok := w[k]; ok {
				out[k] = prune(wv, gv)
			}
		}
		return out
	case []any:
		ga, ok := g.([]any)
		if !ok {
			return g
		}
		out := make([]any, len(ga))
		for i := range ga {
			if i < len(w) {
				out[i] = prune(w[i], ga[i])
			} else {
				out[i] = ga[i]
			}
		}
		return out
	}
	return g
}

// TestSameOutputWhateverJobs runs the whole fixtures directory with one
// worker and with many: the outputs must be byte-identical, in path order.
func TestSameOutputWhateverJobs(t *testing.T) {
	t.Chdir("../..")
	one, rows1, _, _ := extractFiles(t, "-j", "1", "fixtures")
	many, rows8, _, _ := extractFiles(t, "-j", "8", "fixtures")
	if !bytes.Equal(one, many) || !bytes.Equal(rows1, rows8) {
		t.Fatal("-j 1 and -j 8 wrote different output")
	}
	var paths []string
	for _, l := range lines(one) {
		var f model.Form
		if err := json.Unmarshal(l, &f); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, f.Source.Path)
	}
	if len(paths) < 10 {
		t.Fatalf("only %d forms from fixtures/", len(paths))
	}
	for i := 1; i < len(paths); i++ {
		if paths[i] < paths[i-1] {
			t.Errorf("form of %s written after one of %s", paths[i], paths[i-1])
		}
	}
}

// runCLI runs the command line and returns its status, stdout and stderr.
func runCLI(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	status := run(args, strings.NewReader(stdin), &out, &errb)
	return status, out.String(), errb.String()
}

// runReader runs "jixiao extract args" in-process with the file reader that
// wrap makes of the real one, and returns its status, stdout and stderr.
func runReader(t *testing.T, wrap func(real readFunc) readFunc, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c, err := parseFlags(args)
	if err != nil {
		t.Fatal(err)
	}
	c.read = wrap(c.read)
	status, err := c.run(context.Background(), strings.NewReader(""), &out, &errb)
	if err != nil {
		fmt.Fprintf(&errb, "jixiao extract: %v\n", err)
	}
	return status, out.String(), errb.String()
}

func TestUsage(t *testing.T) {
	tests := []struct {
		args   []string
		status int
		say    string
	}{
		{nil, exitUsage, "Usage"},
		{[]string{"frobnicate"}, exitUsage, "unknown command"},
		{[]string{"extract"}, exitUsage, "no PATH"},
		{[]string{"extract", "--nope", "x"}, exitUsage, "flag provided but not defined"},
		{[]string{"extract", "-j", "0", "x"}, exitUsage, "at least one worker"},
		{[]string{"extract", "--help"}, exitOK, "Examples"},
		{[]string{"help"}, exitOK, ""},
		{[]string{"version"}, exitOK, ""},
	}
	for _, tt := range tests {
		status, stdout, stderr := runCLI(t, "", tt.args...)
		if status != tt.status || !strings.Contains(stdout+stderr, tt.say) {
			t.Errorf("jixiao %q: status %d, output %q; want %d and %q", tt.args, status, stdout+stderr, tt.status, tt.say)
		}
	}
	if status, stdout, _ := runCLI(t, "", "schema"); status != exitOK || !json.Valid([]byte(stdout)) {
		t.Errorf("jixiao schema: status %d, not JSON", status)
	}
}

// writeFiles makes files in a temporary directory and returns it.
func writeFiles(t *testing.T, files map[string][]byte) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func seed(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func readReport(t *testing.T, name string) model.Report {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var r model.Report
	if err := json.Unmarshal(b, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestReport runs a directory of good, bad and foreign files: each gets
// its status, the good files' forms are all written, and the exit status
// says that a file failed.
func TestReport(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{
		"a/form.txt":      seed(t),
		"a/same.txt":      seed(t),
		"b/empty.txt":     {},
		"b/binary.txt":    {0x00, 0x01, 0x02, 0xff, 0xfe, 0x00, 0x00, 0x00, 0x13, 0x37},
		"b/photo.jpg":     {0xff, 0xd8, 0xff},
		"b/notes.md":      []byte("# notes\n"),
		"c/none.txt":      []byte("nothing to see\n"),
		"c/sheet.xls":     {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0},
		".git/HEAD":       []byte("ref: refs/heads/main\n"),
		"d/not-a-pdf.pdf": []byte("hello"),
		"d/z/deep/f.tsv":  append(seed(t), "\n"...),
	})
	report := filepath.Join(t.TempDir(), "report.json")
	out := filepath.Join(t.TempDir(), "forms.jsonl")
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", out, "--report", report, dir)
	if status != exitFailed {
		t.Errorf("status %d, want %d: %s", status, exitFailed, stderr)
	}
	r := readReport(t, report)
	validateReport(t, report)
	want := map[string]struct{ status, err, dup string }{
		"a/form.txt":      {model.StatusOK, "", ""},
		"a/same.txt":      {model.StatusDuplicate, "", "a/form.txt"},
		"b/binary.txt":    {model.StatusFailed, "binary data", ""},
		"b/empty.txt":     {model.StatusFailed, "empty file", ""},
		"b/notes.md":      {model.StatusSkipped, "", ""},
		"b/photo.jpg":     {model.StatusSkipped, "", ""},
		"c/none.txt":      {model.StatusNoForm, "", ""},
		"c/sheet.xls":     {model.StatusFailed, "not an Excel 97–2003 workbook", ""},
		"d/not-a-pdf.pdf": {model.StatusFailed, "not a PDF", ""},
		"d/z/deep/f.tsv":  {model.StatusOK, "", ""},
		".git":            {model.StatusSkipped, "", ""},
	}
	if len(r.Files) != len(want) {
		t.Errorf("%d files in the report, want %d", len(r.Files), len(want))
	}
	prefix := filepath.ToSlash(dir) + "/"
	for _, f := range r.Files {
		rel := strings.TrimPrefix(f.Path, prefix)
		w, ok := want[rel]
		if !ok {
			t.Errorf("unexpected file %s in the report", rel)
			continue
		}
		gotErr := ""
		if f.Error != nil {
			gotErr = *f.Error
		}
		if f.Status != w.status || !strings.Contains(gotErr, w.err) || (w.err == "") != (f.Error == nil) {
			t.Errorf("%s: %s %q, want %s %q", rel, f.Status, gotErr, w.status, w.err)
		}
		if strings.TrimPrefix(f.DuplicateOf, prefix) != w.dup {
			t.Errorf("%s: duplicate_of %q, want %q", rel, f.DuplicateOf, w.dup)
		}
		if f.Status == model.StatusOK && (f.Forms != 2 || f.SHA256 == nil || f.Format == nil || *f.Format != "txt") {
			t.Errorf("%s: %+v", rel, f)
		}
	}
	if r.Totals.Forms != 4 || r.Totals.Failed != 4 || r.Totals.Skipped != 3 || r.Totals.Duplicate != 1 || r.Interrupted {
		t.Errorf("totals %+v", r.Totals)
	}
	// a/same.txt has a/form.txt's bytes: its forms, with the same ids, are
	// not written a second time.
	forms, _ := os.ReadFile(out)
	if n := len(lines(forms)); n != 4 {
		t.Errorf("%d forms written, want 4", n)
	}
}

// TestPanicIsOneFilesFailure makes the reader panic on one file: that file
// fails with a short message, the others are written, the run goes on.
func TestPanicIsOneFilesFailure(t *testing.T) {
	t.Parallel()
	panics := func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			if strings.HasSuffix(name, "b.txt") {
				var m map[string]int
				m["boom"]++ // a nil map write: a runtime panic
			}
			return real(ctx, name, data)
		}
	}
	dir := writeFiles(t, map[string][]byte{"a.txt": seed(t), "b.txt": append(seed(t), '\n'), "c.txt": append(seed(t), "\n\n"...)})
	report := filepath.Join(t.TempDir(), "r.json")
	status, stdout, _ := runReader(t, panics, "-q", "--report", report, "-j", "3", dir)
	if status != exitFailed {
		t.Errorf("status %d, want %d", status, exitFailed)
	}
	if n := len(lines([]byte(stdout))); n != 4 {
		t.Errorf("%d forms written, want 4", n)
	}
	r := readReport(t, report)
	if f := r.Files[1]; f.Status != model.StatusFailed || f.Error == nil || !strings.Contains(*f.Error, "internal error") {
		t.Errorf("b.txt: %+v", f)
	}
}

func TestStdinAndFlagsAfterPaths(t *testing.T) {
	out := filepath.Join(t.TempDir(), "o.jsonl")
	status, _, stderr := runCLI(t, string(seed(t)), "extract", "-", "-q", "-o", out)
	if status != exitOK {
		t.Fatalf("status %d: %s", status, stderr)
	}
	b, _ := os.ReadFile(out)
	var f model.Form
	if err := json.Unmarshal(lines(b)[0], &f); err != nil {
		t.Fatal(err)
	}
	if f.Source.Path != "-" || f.Source.Format != "txt" || len(lines(b)) != 2 {
		t.Errorf("from standard input: %+v", f.Source)
	}
}

// TestOutputsAreReplacedWhole checks that -o is written beside its target
// and renamed, leaving no temporary file, and that an output that cannot
// be written is a clear error with nothing left behind.
func TestOutputsAreReplacedWhole(t *testing.T) {
	dir := writeFiles(t, map[string][]byte{"in/a.txt": seed(t), "out/forms.jsonl": []byte("old\n")})
	out := filepath.Join(dir, "out", "forms.jsonl")
	status, _, _ := runCLI(t, "", "extract", "-q", "-o", out, filepath.Join(dir, "in"))
	if status != exitOK {
		t.Fatalf("status %d", status)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	if len(entries) != 1 {
		t.Errorf("files left in the output directory: %v", entries)
	}
	b, _ := os.ReadFile(out)
	if len(lines(b)) != 2 {
		t.Errorf("forms.jsonl holds %d lines", len(lines(b)))
	}
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", filepath.Join(dir, "missing", "f.jsonl"), filepath.Join(dir, "in"))
	if status != exitUsage || !strings.Contains(stderr, "missing") {
		t.Errorf("unwritable -o: status %d, %q", status, stderr)
	}
	status, _, _ = runCLI(t, "", "extract", "-q", "-o", os.DevNull, filepath.Join(dir, "in"))
	if status != exitOK {
		t.Errorf("-o %s: status %d", os.DevNull, status)
	}
	if fi, err := os.Stat(os.DevNull); err != nil || fi.Mode().IsRegular() {
		t.Errorf("%s was replaced", os.DevNull)
	}
}

// TestMissingPath reports a path that does not exist as a failed file.
func TestMissingPath(t *testing.T) {
	report := filepath.Join(t.TempDir(), "r.json")
	status, _, _ := runCLI(t, "", "extract", "-q", "--report", report, filepath.Join(t.TempDir(), "nope.txt"))
	r := readReport(t, report)
	if status != exitFailed || len(r.Files) != 1 || r.Files[0].Status != model.StatusFailed || !strings.Contains(*r.Files[0].Error, "no such file") {
		t.Errorf("status %d, report %+v", status, r.Files)
	}
}

// schemaOf compiles one definition of the output's JSON Schema.
func schemaOf(t *testing.T, def string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(model.Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json#/$defs/" + def)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// validateReport validates a report file against the schema's report.
func validateReport(t *testing.T, name string) {
	t.Helper()
	s := schemaOf(t, "report")
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	inst, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatalf("the report is not JSON: %v", err)
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("the report does not validate: %v", err)
	}
}
