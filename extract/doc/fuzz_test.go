package doc

import (
	"context"
	"os"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
)

// FuzzRead feeds the reader damaged documents: it must return a grid or
// one of grid's errors, never panic, and keep every cell inside the grid's
// rules (spans of at least 1, rows in order).
func FuzzRead(f *testing.F) {
	for _, n := range fixtures(f)[:4] {
		data, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(newBuilder().para("标题").
		row(defTableSprm(even(2), tc{vert: 3}, tc{horz: 1}), "a\x13 PAGE \x14b\x15", "c").
		row(slicesConcat(defTableSprm(even(2)), vertMergeSprm(0, 1)), "", "d").bytes())
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
