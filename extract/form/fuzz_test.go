package form

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse interprets arbitrary tab-separated text: nothing may panic,
// and every form's lines lie inside the grid it came from.
func FuzzParse(f *testing.F) {
	names, _ := filepath.Glob("../../fixtures/txt/*.txt")
	if len(names) == 0 {
		f.Fatal("no text fixtures to seed from")
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Add(header + "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t人数\t≥10人\n")
	f.Fuzz(func(t *testing.T, tsv string) {
		g := gridOf(tsv)
		lines := strings.Count(tsv, "\n") + 1
		for _, form := range Parse(g) {
			if l := form.Source.Lines; len(l) != 2 || l[0] < 1 || l[0] > l[1] || l[1] > lines {
				t.Fatalf("lines %v of %d", form.Source.Lines, lines)
			}
		}
	})
}
