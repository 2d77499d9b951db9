package html

import (
	"context"
	"os"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
)

// FuzzRead feeds the reader damaged pages: it must return a grid or one
// of grid's errors, never panic, and keep every cell inside the grid's
// rules (spans of at least 1, rows in order).
func FuzzRead(f *testing.F) {
	for _, n := range fixtures(f) {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) < 16<<10 { // the written pages and the smaller saved ones
			f.Add(data)
		}
	}
	f.Add([]byte("<table><tr><td rowspan=0 colspan=3>a<td>b<table><tr><td>c</table></table><p>d&nbsp;&nbsp;e"))
	f.Add([]byte("\xff\xfe<\x00t\x00a\x00b\x00l\x00e\x00>\x00"))
	f.Fuzz(func(t *testing.T, data []byte) {
		gs, err := Read(context.Background(), data, Options{})
		if err != nil {
			if grid.Kind(err) == nil {
				t.Fatalf("an error of no kind: %v", err)
			}
			return
		}
		for _, g := range gs {
			last := -1
			for _, r := range g.Rows {
				for _, c := range r.Cells {
					if c.RowSpan < 1 || c.ColSpan < 1 || c.Row < last || c.Col < 0 || c.Text == "" {
						t.Fatalf("bad cell %+v", c)
					}
					last = c.Row
				}
			}
		}
	})
}
