package pdf_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf"
	"github.com/jixiao/jixiao/extract/pdf/content"
)

// These tests read PDFs through the whole pipeline, extract.File: the
// reader, with the interpreter's test of which rows to keep, and the
// interpreter.

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return mustRead(t, filepath.Join("..", "..", "fixtures", "pdf", name))
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// sameForm reports whether two results' first forms say the same, but
// for their source and ID.
func sameForm(a, b *extract.Result) ([]byte, []byte, bool) {
	fa, fb := a.Forms[0], b.Forms[0]
	fa.Source, fa.ID, fb.ID = fb.Source, "", ""
	ja, _ := json.Marshal(fa)
	jb, _ := json.Marshal(fb)
	return ja, jb, bytes.Equal(ja, jb)
}

// TestFileOwnerPassword reads copies encrypted with an owner password
// only (RC4 and AES-128 by the object layer, AES-256 by package content):
// each gives the form its plain original gives.
func TestFileOwnerPassword(t *testing.T) {
	t.Parallel()
	plain, err := extract.File(context.Background(), "x.pdf", readFixture(t, "t3_stsong_reportlab.pdf"), extract.Options{})
	if err != nil || len(plain.Forms) != 1 {
		t.Fatalf("plain: %v", err)
	}
	for _, name := range []string{"owner_only_rc4.pdf", "owner_only_aes128.pdf"} {
		res, err := extract.File(context.Background(), "x.pdf", mustRead(t, filepath.Join("testdata", name)), extract.Options{})
		if err != nil || len(res.Forms) != 1 {
			t.Fatalf("%s: %v", name, err)
		}
		if _, _, ok := sameForm(res, plain); !ok {
			t.Errorf("%s reads otherwise than its plain original", name)
		}
	}
}

// TestFileRepaired reads a complete file whose cross-reference offsets
// were zeroed: its table is rebuilt from its objects, and it reads as the
// original does.
func TestFileRepaired(t *testing.T) {
	t.Parallel()
	good := readFixture(t, "t2_libreoffice.pdf")
	zeroed := regexp.MustCompile(`\d{10} 00000 n`).ReplaceAll(good, []byte("0000000000 00000 n"))
	if bytes.Equal(zeroed, good) {
		t.Fatal("the fixture has no cross-reference offsets to zero")
	}
	a, err := extract.File(context.Background(), "x.pdf", good, extract.Options{})
	if err != nil || len(a.Forms) != 1 {
		t.Fatalf("original: %v", err)
	}
	b, err := extract.File(context.Background(), "x.pdf", zeroed, extract.Options{})
	if err != nil || len(b.Forms) != 1 {
		t.Fatalf("zeroed offsets: %v", err)
	}
	if ja, jb, ok := sameForm(b, a); !ok {
		t.Errorf("the repaired file reads otherwise:\n%s\n%s", jb, ja)
	}
}

// TestFileKeepsForms reads the 100-page report, whose prose the reader
// lets go of as it reads: both its forms are still found.
func TestFileKeepsForms(t *testing.T) {
	t.Parallel()
	res, err := extract.File(context.Background(), "x.pdf", readFixture(t, "report_100_pages.pdf"), extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Forms) != 2 {
		t.Errorf("%d forms, want 2", len(res.Forms))
	}
}

// TestFileDamaged reads randomly damaged copies of the fixtures: each
// must fail with a message or read, never panic.
func TestFileDamaged(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob("../../fixtures/pdf/*.pdf")
	if err != nil || len(names) == 0 {
		t.Fatalf("no PDF fixtures to damage (%v)", err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for _, name := range names {
		data := mustRead(t, name)
		for range 12 {
			bad := bytes.Clone(data)
			switch rng.IntN(3) {
			case 0: // overwrite a run of bytes
				at := rng.IntN(len(bad))
				for i := at; i < min(len(bad), at+1+rng.IntN(64)); i++ {
					bad[i] = byte(rng.IntN(256))
				}
			case 1: // cut
				bad = bad[:rng.IntN(len(bad))]
			case 2: // flip bytes all over
				for range 20 {
					bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
				}
			}
			res, err := extract.File(context.Background(), "x.pdf", bad, extract.Options{})
			n++
			switch {
			case errors.Is(err, grid.ErrInternal):
				t.Fatalf("%s damaged: %v\n%s", name, err, res.Stack)
			case err != nil:
				if !errors.Is(err, grid.ErrCorrupt) && !errors.Is(err, grid.ErrNoText) && !errors.Is(err, grid.ErrTooLarge) && !errors.Is(err, grid.ErrTooComplex) && !errors.Is(err, grid.ErrEmpty) {
					t.Errorf("%s damaged: %v is none of the expected errors", name, err)
				}
			}
		}
	}
	t.Logf("%d damaged copies", n)
}

// BenchmarkFileOnePagers runs the whole pipeline, extract.File, over each
// one-page PDF fixture in turn, as a batch of small submissions is read:
// pages per second of the batch, and the CPU time the batch took.
func BenchmarkFileOnePagers(b *testing.B) {
	names, err := filepath.Glob("../../fixtures/pdf/*.pdf")
	if err != nil {
		b.Fatal(err)
	}
	var files [][]byte
	for _, name := range names {
		data := mustRead(b, name)
		if d, err := content.Open(data); err != nil || d.NumPages() != 1 {
			continue
		}
		files = append(files, data)
	}
	b.ReportAllocs()
	cpu := pdf.CPUTime()
	for b.Loop() {
		for _, data := range files {
			if _, err := extract.File(context.Background(), "x.pdf", data, extract.Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
	b.ReportMetric(float64(len(files)*b.N)/b.Elapsed().Seconds(), "pages/s")
	if used := pdf.CPUTime() - cpu; cpu > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}
