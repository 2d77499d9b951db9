package review

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/model"
)

// goldenFiles returns the golden outputs of the fixtures: the forms
// extract writes for an input, NAME.expected.jsonl beside NAME (not the
// flat rows' NAME.rows.expected.jsonl, nor compare.expected.jsonl, which
// is jixiao compare's).
func goldenFiles(t testing.TB) []string {
	t.Helper()
	names, err := filepath.Glob("../../fixtures/*/*.expected.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		if _, err := os.Stat(strings.TrimSuffix(n, ".expected.jsonl")); err == nil {
			out = append(out, n)
		}
	}
	if len(out) == 0 {
		t.Fatal("no golden files under ../../fixtures")
	}
	return out
}

// goldenLines returns the records of a golden file.
func goldenLines(t testing.TB, name string) [][]byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var out [][]byte
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if l := bytes.TrimSpace(sc.Bytes()); len(l) > 0 {
			out = append(out, bytes.Clone(l))
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestGoldenForms reviews every form of the fixtures' golden files: Check
// returns, twice the same, never nil, each finding with a documented rule
// and its severity, a message and, for a txt form, a where. When the
// golden file already holds findings (written by extract, which runs
// Check), they are what Check gives.
func TestGoldenForms(t *testing.T) {
	sev := map[string]string{}
	for _, r := range Rules() {
		sev[r.Name] = r.Severity
	}
	forms, byRule := 0, map[string]int{}
	for _, name := range goldenFiles(t) {
		for i, l := range goldenLines(t, name) {
			var f model.Form
			if err := json.Unmarshal(l, &f); err != nil {
				t.Fatalf("%s record %d: %v", name, i+1, err)
			}
			forms++
			stored := f.Findings
			got := Check(&f)
			again := Check(&f)
			if got == nil || !reflect.DeepEqual(got, again) {
				t.Errorf("%s record %d: Check is not deterministic or nil:\n%v\n%v", name, i+1, got, again)
			}
			for _, fd := range got {
				byRule[fd.Rule]++
				if sev[fd.Rule] == "" || fd.Severity != sev[fd.Rule] || fd.Message == "" {
					t.Errorf("%s record %d: bad finding %+v", name, i+1, fd)
				}
				if f.Source.Format == "txt" && fd.Where == "" {
					t.Errorf("%s record %d: finding without where: %+v", name, i+1, fd)
				}
				if os.Getenv("REVIEW_DUMP") != "" {
					t.Logf("%s#%d %s [%s] %s: %s", name, i, fd.Rule, fd.Severity, fd.Where, fd.Message)
				}
			}
			if stored != nil && !reflect.DeepEqual(stored, got) {
				t.Errorf("%s record %d: the golden file's findings differ from Check's:\n%v\n%v", name, i+1, stored, got)
			}
		}
	}
	t.Logf("%d forms reviewed; findings by rule: %v", forms, byRule)
}
