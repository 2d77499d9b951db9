package main

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTwins holds every format to one truth: a workbook, document or PDF
// rendered from the same form as a text dump must give the same JSON as
// the text dump, except where the form stands (source, id, and the where
// of an indicator, a warning or a finding: a finding's where is a line in
// a text dump and a cell, a page or a table row in its twin, while its
// rule, severity and message must agree). Each format's directory lists its twins in twins.txt, one pair to
// a line:
//
//	FIXTURE FORM_INDEX TEXT_TWIN TWIN_FORM_INDEX [ignore=PATH,...] [# why]
//
// paths relative to fixtures/. An ignore names fields (goals.annual.text,
// indicators.annual[0].children[2].name) that the format itself cannot
// carry, and its comment must say why.
func TestTwins(t *testing.T) {
	manifests, _ := filepath.Glob("../../fixtures/*/twins.txt")
	if len(manifests) == 0 {
		t.Fatal("no twins.txt manifests under ../../fixtures: nothing would be checked")
	}
	pairs := 0
	for _, m := range manifests {
		f, err := os.Open(m)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for n := 1; sc.Scan(); n++ {
			line, comment, _ := strings.Cut(sc.Text(), "#")
			fields := strings.Fields(line)
			if len(fields) == 0 {
				continue
			}
			where := m + ":" + strconv.Itoa(n)
			if len(fields) < 4 {
				t.Errorf("%s: want FIXTURE FORM_INDEX TWIN TWIN_FORM_INDEX", where)
				continue
			}
			var ignore []string
			for _, extra := range fields[4:] {
				if v, ok := strings.CutPrefix(extra, "ignore="); ok {
					ignore = strings.Split(v, ",")
					if strings.TrimSpace(comment) == "" {
						t.Errorf("%s: an ignore needs a comment saying why", where)
					}
				}
			}
			pairs++
			t.Run(fields[0]+"#"+fields[1], func(t *testing.T) {
				got := goldenRecord(t, fields[0], fields[1])
				want := goldenRecord(t, fields[2], fields[3])
				for _, p := range ignore {
					drop(got, p)
					drop(want, p)
				}
				var diffs []string
				// "where" is ignored at every depth: indicators', warnings'
				// and findings' (findings[*].where) alike.
				diffValue("", want, got, []string{"source", "id", "where"}, &diffs)
				if len(diffs) > 0 {
					t.Errorf("%s differs from its text twin %s:\n%s", fields[0], fields[2], strings.Join(diffs, "\n"))
				}
			})
		}
		f.Close()
	}
	if pairs == 0 {
		t.Fatal("the twins.txt manifests list no pairs")
	}
	t.Logf("%d twin pairs", pairs)
}

// goldenRecord returns form index of a fixture's golden output, decoded.
func goldenRecord(t *testing.T, fixture, index string) any {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../fixtures", fixture+".expected.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	i, err := strconv.Atoi(index)
	if err != nil {
		t.Fatal(err)
	}
	recs := lines(b)
	if i >= len(recs) {
		t.Fatalf("%s has %d forms, no form %d", fixture, len(recs), i)
	}
	var v any
	if err := decode(recs[i], &v); err != nil {
		t.Fatal(err)
	}
	return v
}

// drop removes a dotted path (goals.annual.text) from a decoded record; a
// key may pick an item of its list (indicators.annual[0].children[2].name).
func drop(v any, path string) {
	keys := strings.Split(path, ".")
	for i, k := range keys {
		m, ok := v.(map[string]any)
		if !ok {
			return
		}
		name, index, hasIndex := strings.Cut(k, "[")
		if !hasIndex {
			if i == len(keys)-1 {
				delete(m, name)
				return
			}
			v = m[name]
			continue
		}
		n, err := strconv.Atoi(strings.TrimSuffix(index, "]"))
		list, ok := m[name].([]any)
		if err != nil || !ok || n < 0 || n >= len(list) {
			return
		}
		if i == len(keys)-1 {
			list[n] = nil
			return
		}
		v = list[n]
	}
}
