package xls

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
)

// fixtures returns the workbooks of fixtures/xls.
func fixtures(t testing.TB) map[string][]byte {
	t.Helper()
	names, _ := filepath.Glob("../../fixtures/xls/*.xls")
	if len(names) == 0 {
		t.Fatal("no workbooks in ../../fixtures/xls")
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

// TestReadFixtures: every LibreOffice-made workbook reads into grids whose
// cells carry their sheet and their A1 reference.
func TestReadFixtures(t *testing.T) {
	t.Parallel()
	for name, data := range fixtures(t) {
		gs, err := Read(context.Background(), data, Options{})
		if err != nil || len(gs) == 0 {
			t.Errorf("%s: %d grids, %v", name, len(gs), err)
			continue
		}
		for _, g := range gs {
			for _, r := range g.Rows {
				for _, c := range r.Cells {
					if c.Pos.Sheet != g.Sheet || c.Pos.Ref != grid.CellName(c.Row, c.Col) || c.RowSpan < 1 || c.ColSpan < 1 {
						t.Fatalf("%s: cell %+v", name, c)
					}
				}
			}
		}
	}
}

// TestReadDamaged: cut, flipped and foreign bytes fail with a grid kind,
// never a panic.
func TestReadDamaged(t *testing.T) {
	t.Parallel()
	for name, data := range fixtures(t) {
		for _, bad := range [][]byte{data[:len(data)/2], data[:512], append(append([]byte{}, data[:len(data)/3]...), make([]byte, len(data))...), []byte("not a workbook")} {
			if _, err := Read(context.Background(), bad, Options{}); err != nil && grid.Kind(err) == nil {
				t.Errorf("%s: an error of no kind: %v", name, err)
			}
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for name, data := range fixtures(t) {
		if _, err := Read(ctx, data, Options{}); err != nil && !errors.Is(err, context.Canceled) && grid.Kind(err) == nil {
			t.Errorf("%s cancelled: %v", name, err)
		}
		break
	}
}

// FuzzRead reads arbitrary bytes as a workbook: nothing may panic, and an
// error is one of the grid kinds or the context's.
func FuzzRead(f *testing.F) {
	for _, data := range fixtures(f) {
		if len(data) < 64<<10 {
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := Read(context.Background(), data, Options{}); err != nil && grid.Kind(err) == nil {
			t.Fatalf("an error of no kind: %v", err)
		}
	})
}

// BenchmarkRead reads a one-form workbook, to set beside the xlsx reader's.
func BenchmarkRead(b *testing.B) {
	data := fixtures(b)["t2_annual.xls"]
	if data == nil {
		b.Fatal("no t2_annual.xls")
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if gs, err := Read(context.Background(), data, Options{}); err != nil || len(gs) == 0 {
			b.Fatal(err)
		}
	}
}
