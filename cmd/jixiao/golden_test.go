package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite the golden files beside the fixtures")

// fixtureInputs lists the fixture files that extract reads, relative to the
// repository's root: not the golden files, notes, or the twins.txt
// manifests of TestTwins.
func fixtureInputs(t *testing.T) []string {
	t.Helper()
	var inputs []string
	for _, dir := range []string{"txt", "xlsx", "pdf", "docx", "compare", "html", "doc", "xml", "xls"} {
		names, _ := filepath.Glob(filepath.Join("fixtures", dir, "*"))
		for _, n := range names {
			if !strings.HasSuffix(n, ".jsonl") && !strings.HasSuffix(n, ".md") && filepath.Base(n) != "twins.txt" {
				inputs = append(inputs, filepath.ToSlash(n))
			}
		}
	}
	if len(inputs) == 0 {
		t.Fatal("no fixtures found")
	}
	return inputs
}

// extractFiles runs "jixiao extract" in-process and returns what it wrote
// to -o and --rows, and its exit status.
func extractFiles(t *testing.T, args ...string) (forms, rows []byte, status int, stderr string) {
	t.Helper()
	dir := t.TempDir()
	out, rowsOut := filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "rows.jsonl")
	var errb bytes.Buffer
	status = run(append([]string{"extract", "-q", "-o", out, "--rows", rowsOut}, args...), strings.NewReader(""), &bytes.Buffer{}, &errb)
	forms, _ = os.ReadFile(out)
	rows, _ = os.ReadFile(rowsOut)
	return forms, rows, status, errb.String()
}

// TestGolden extracts every fixture and compares its forms, field by field,
// with the golden file beside it (NAME.expected.jsonl). With -update it
// writes the golden files instead; read them before committing them.
func TestGolden(t *testing.T) {
	t.Chdir("../..")
	for _, in := range fixtureInputs(t) {
		t.Run(in, func(t *testing.T) {
			got, rows, status, stderr := extractFiles(t, in)
			if status != exitOK {
				t.Fatalf("exit status %d: %s", status, stderr)
			}
			golden := in + ".expected.jsonl"
			rowsGolden := in + ".rows.expected.jsonl"
			if *update {
				write(t, golden, got)
				if _, err := os.Stat(rowsGolden); err == nil {
					write(t, rowsGolden, rows)
				}
				return
			}
			compareGolden(t, golden, got)
			if _, err := os.Stat(rowsGolden); err == nil {
				compareGolden(t, rowsGolden, rows)
			}
		})
	}
}

func write(t *testing.T, name string, data []byte) {
	t.Helper()
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func compareGolden(t *testing.T, golden string, got []byte) {
	t.Helper()
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/jixiao -update to write it)", err)
	}
	if diffs := diffJSONL(want, got, nil); len(diffs) > 0 {
		t.Errorf("%s: %d differences:\n%s", golden, len(diffs), strings.Join(diffs[:min(len(diffs), 30)], "\n"))
	} else if !bytes.Equal(want, got) {
		t.Errorf("%s: same fields, but the bytes differ (key order or number format)", golden)
	}
}

// diffJSONL compares two JSON Lines texts record by record and field by
// field, numbers as written, and lists the differences with their paths.
// Keys in ignore are skipped wherever they appear.
func diffJSONL(want, got []byte, ignore []string) []string {
	wl, gl := lines(want), lines(got)
	var diffs []string
	if len(wl) != len(gl) {
		diffs = append(diffs, fmt.Sprintf("%d records expected, %d got", len(wl), len(gl)))
	}
	for i := range min(len(wl), len(gl)) {
		var w, g any
		if err := decode(wl[i], &w); err != nil {
			return append(diffs, fmt.Sprintf("record %d of the golden file: %v", i+1, err))
		}
		if err := decode(gl[i], &g); err != nil {
			return append(diffs, fmt.Sprintf("record %d: %v", i+1, err))
		}
		diffValue(fmt.Sprintf("[%d]", i), w, g, ignore, &diffs)
	}
	return diffs
}

func lines(b []byte) [][]byte {
	var out [][]byte
	for _, l := range bytes.Split(b, []byte("\n")) {
		if len(bytes.TrimSpace(l)) > 0 {
			out = append(out, l)
		}
	}
	return out
}

func decode(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}

func diffValue(path string, w, g any, ignore []string, diffs *[]string) {
	switch w := w.(type) {
	case map[string]any:
		gm, ok := g.(map[string]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want an object, got %s", path, show(g)))
			return
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range gm {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		slices.Sort(keys)
		for _, k := range keys {
			if slices.Contains(ignore, k) {
				continue
			}
			wv, wok := w[k]
			gv, gok := gm[k]
			switch {
			case !wok:
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: not expected, got %s", path, k, show(gv)))
			case !gok:
				*diffs = append(*diffs, fmt.Sprintf("%s.%s: missing, want %s", path, k, show(wv)))
			default:
				diffValue(path+"."+k, wv, gv, ignore, diffs)
			}
		}
	case []any:
		ga, ok := g.([]any)
		if !ok {
			*diffs = append(*diffs, fmt.Sprintf("%s: want a list, got %s", path, show(g)))
			return
		}
		if len(w) != len(ga) {
			*diffs = append(*diffs, fmt.Sprintf("%s: %d items expected, %d got", path, len(w), len(ga)))
		}
		for i := range min(len(w), len(ga)) {
			diffValue(fmt.Sprintf("%s[%d]", path, i), w[i], ga[i], ignore, diffs)
		}
	default:
		if !equalScalar(w, g) {
			*diffs = append(*diffs, fmt.Sprintf("%s: want %s, got %s", path, show(w), show(g)))
		}
	}
}

func equalScalar(a, b any) bool {
	an, aok := a.(json.Number)
	bn, bok := b.(json.Number)
	if aok && bok {
		return an.String() == bn.String()
	}
	return a == b
}

func show(v any) string {
	b, _ := json.Marshal(v)
	if len(b) > 80 {
		return string(b[:77]) + "..."
	}
	return string(b)
}

// TestGoldenCRLF reruns every UTF-8 text fixture with CRLF line ends: the
// forms must not change, line numbers included; only the bytes' hash does.
func TestGoldenCRLF(t *testing.T) {
	t.Chdir("../..")
	for _, in := range fixtureInputs(t) {
		data, err := os.ReadFile(in)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(in, ".txt") || !utf8.Valid(data) || bytes.Contains(data, []byte("\r\n")) {
			continue
		}
		t.Run(in, func(t *testing.T) {
			crlf := filepath.Join(t.TempDir(), filepath.Base(in))
			write(t, crlf, bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")))
			want, _, _, _ := extractFiles(t, in)
			got, _, status, stderr := extractFiles(t, crlf)
			if status != exitOK {
				t.Fatalf("exit status %d: %s", status, stderr)
			}
			if diffs := diffJSONL(want, got, []string{"id", "sha256", "path"}); len(diffs) > 0 {
				t.Errorf("with CRLF:\n%s", strings.Join(diffs, "\n"))
			}
		})
	}
}
