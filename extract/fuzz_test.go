package extract

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
)

// FuzzFile runs arbitrary bytes, under each name a file may have, through
// the whole pipeline: detection, a reader, the interpreter. Nothing may
// panic (a recovered panic is ErrInternal, which fails the target), every
// error is one of the grid kinds, and every form's id matches its file.
func FuzzFile(f *testing.F) {
	var seeds []string
	for _, dir := range []string{"txt", "xlsx", "docx", "bad"} {
		names, _ := filepath.Glob(filepath.Join("..", "fixtures", dir, "*"))
		for _, n := range names {
			if fi, err := os.Stat(n); err == nil && fi.Size() < 64<<10 && filepath.Ext(n) != ".jsonl" {
				seeds = append(seeds, n)
			}
		}
	}
	if len(seeds) == 0 {
		f.Fatal("no fixtures to seed from")
	}
	for i, n := range seeds {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b, uint8(i))
	}
	names := []string{"a.txt", "a.xlsx", "a.docx", "a.pdf", "a.xls", "a.doc", "a"}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		name := names[int(which)%len(names)]
		res, err := File(context.Background(), name, data, Options{})
		if err != nil {
			if errors.Is(err, grid.ErrInternal) {
				t.Fatalf("%s: %v\n%s", name, err, res.Stack)
			}
			if grid.Kind(err) == nil {
				t.Fatalf("%s: an error of no kind: %v", name, err)
			}
			var e *grid.Error
			if !errors.As(err, &e) || e.Path != name {
				t.Fatalf("%s: %v does not name the file", name, err)
			}
			return
		}
		for i, form := range res.Forms {
			if form.Source.FormIndex != i || form.Source.SHA256 != res.SHA256 || form.Source.Path != name {
				t.Fatalf("form %d: source %+v", i, form.Source)
			}
		}
	})
}
