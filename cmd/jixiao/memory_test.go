package main

import (
	"archive/zip"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// heapObjects is the runtime's count of the bytes of heap objects, live
// and not yet swept: what the heap holds at that moment.
func heapObjects() uint64 {
	s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// peakHeap runs f and returns the most heap it held above what the heap
// held before, sampled every 200 µs.
func peakHeap(f func()) uint64 {
	runtime.GC()
	base := heapObjects()
	var peak atomic.Uint64
	stop, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(200 * time.Microsecond)
		defer t.Stop()
		for {
			if h := heapObjects(); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	if h := heapObjects(); h > peak.Load() {
		peak.Store(h)
	}
	close(stop)
	<-stopped
	return peak.Load() - min(base, peak.Load())
}

// footprint is the peak heap of reading one file as the command reads it:
// its bytes opened (a regular file in place), the forms streamed and
// encoded, forms and rows.
func footprint(t *testing.T, path string) (peak uint64, size int64, forms int) {
	t.Helper()
	c, err := parseFlags([]string{"--rows", "r.jsonl", path})
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	peak = peakHeap(func() {
		src, err := open(job{path: path, osPath: path, size: fi.Size()}, nil, c.maxSize)
		if err != nil {
			t.Fatal(err)
		}
		defer src.close()
		enc := c.newEncoder()
		defer enc.release()
		if _, err := c.stream(context.Background(), path, src, src.size, enc.add); err != nil {
			t.Fatal(err)
		}
		forms = enc.n
	})
	return peak, fi.Size(), forms
}

// bigWorkbook writes a workbook of the fixture's sheet copied n times.
func bigWorkbook(t *testing.T, fixture string, n int) string {
	f, err := excelize.OpenFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i := range n {
		idx, err := f.NewSheet(fmt.Sprintf("表%d", i+2))
		if err != nil {
			t.Fatal(err)
		}
		if err := f.CopySheet(0, idx); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(t.TempDir(), "big.xlsx")
	if err := f.SaveAs(p); err != nil {
		t.Fatal(err)
	}
	return p
}

// bigDocument writes a document whose body is the fixture's n times over.
func bigDocument(t *testing.T, fixture string, n int) string {
	z, err := zip.OpenReader(fixture)
	if err != nil {
		t.Fatal(err)
	}
	defer z.Close()
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "word/document.xml" {
			s := string(b)
			open := strings.Index(s, "<w:body>") + len("<w:body>")
			end := strings.LastIndex(s, "<w:sectPr")
			if end < open {
				end = strings.LastIndex(s, "</w:body>")
			}
			s = s[:open] + strings.Repeat(s[open:end], n) + s[end:]
			b = []byte(s)
		}
		fw, err := w.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		fw.Write(b)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(t.TempDir(), "big.docx")
	if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// bigPage writes a web page whose body is the fixture's n times over.
func bigPage(t *testing.T, fixture string, n int) string {
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	open := strings.Index(s, "<body")
	open += strings.Index(s[open:], ">") + 1
	end := strings.LastIndex(s, "</body>")
	s = s[:open] + strings.Repeat(s[open:end], n) + s[end:]
	p := filepath.Join(t.TempDir(), "big.html")
	if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// biggest returns the largest file pattern matches.
func biggest(t *testing.T, pattern string) string {
	names, _ := filepath.Glob(pattern)
	var best string
	var size int64 = -1
	for _, n := range names {
		if fi, err := os.Stat(n); err == nil && fi.Size() > size {
			best, size = n, fi.Size()
		}
	}
	if best == "" {
		t.Fatalf("nothing matches %s", pattern)
	}
	return best
}

// bigDump writes the seed n times over.
func bigDump(t *testing.T, n int) string {
	p := filepath.Join(t.TempDir(), "big.txt")
	if err := os.WriteFile(p, bytes.Repeat(seed(t), n), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestFootprints measures the peak heap of reading a file of each format,
// as the command reads it, at sizes from a fixture's to many times that,
// and checks that the weight the sequencer gives the file (fileWeight) is no
// less: the figures in fileWeight's comment are these.
func TestFootprints(t *testing.T) {
	if testing.Short() {
		t.Skip("reads some MB of each format")
	}
	dumps := []int{1, 200, 4000} // 5 KB, 1 MB, 20 MB
	for _, tt := range []struct {
		name string
		path func() string
	}{
		{"txt seed", func() string { return bigDump(t, dumps[0]) }},
		{"txt 1 MB", func() string { return bigDump(t, dumps[1]) }},
		{"txt 20 MB", func() string { return bigDump(t, dumps[2]) }},
		{"xlsx fixture", func() string { return "../../fixtures/xlsx/tpl_i_bulk.xlsx" }},
		{"xlsx 100 sheets", func() string { return bigWorkbook(t, "../../fixtures/xlsx/t1_side_by_side.xlsx", 100) }},
		{"docx fixture", func() string { return "../../fixtures/docx/t1_libreoffice.docx" }},
		{"docx 100 bodies", func() string { return bigDocument(t, "../../fixtures/docx/t1_libreoffice.docx", 100) }},
		{"html fixture", func() string { return "../../fixtures/html/calc_tpl_i_bulk.html" }},
		{"html 20 bodies", func() string { return bigPage(t, "../../fixtures/html/calc_tpl_i_bulk.html", 20) }},
		{"doc fixture", func() string { return "../../fixtures/doc/three_forms.doc" }},
		{"xls fixture", func() string { return "../../fixtures/xls/tpl_i_bulk.xls" }},
		{"xml fixture", func() string { return biggest(t, "../../fixtures/xml/*.xml") }},
		{"pdf fixture", func() string { return "../../fixtures/pdf/t1_libreoffice.pdf" }},
		{"pdf 100 pages", func() string { return "../../fixtures/pdf/report_100_pages.pdf" }},
	} {
		path := tt.path()
		peak, size, forms := footprint(t, path)
		w := fileWeight(path, size)
		t.Logf("%-16s %9d bytes, %4d forms: peak heap %6.1f MB, %6.1f per byte; weight %6.1f MB", tt.name, size, forms, float64(peak)/1e6, float64(peak)/float64(size), float64(w)/1e6)
		if forms == 0 {
			t.Errorf("%s: no forms", tt.name)
		}
		if uint64(w) < peak {
			t.Errorf("%s: weight %d below the peak heap %d", tt.name, w, peak)
		}
	}
}

// TestStreamedDumpsMemory: a 20 MB dump, and eight 2.5 MB dumps at -j 8,
// each through the whole command, hold a bounded heap: read whole, the
// dump took about 60 times its size (1.2 GB) and the eight a gigabyte.
func TestStreamedDumpsMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 40 MB of dumps")
	}
	one := bigDump(t, 4000)
	files := map[string][]byte{}
	for i := range 8 {
		files[fmt.Sprintf("d%d.txt", i)] = append(bytes.Repeat(seed(t), 500), fmt.Sprintf("\n%d\n", i)...)
	}
	eight := writeFiles(t, files)
	out := filepath.Join(t.TempDir(), "o.jsonl")
	for _, tt := range []struct {
		name  string
		args  []string
		bound uint64
	}{
		{"a 20 MB dump", []string{one}, 48 << 20},
		{"eight 2.5 MB dumps at -j 8", []string{"-j", "8", eight}, 96 << 20},
	} {
		peak := peakHeap(func() {
			args := append([]string{"extract", "-q", "--file-timeout", "10m", "-o", out, "--rows", out + ".rows"}, tt.args...)
			if s, _, stderr := runCLI(t, "", args...); s != exitOK {
				t.Fatalf("%s: status %d: %s", tt.name, s, stderr)
			}
		})
		t.Logf("%s: peak heap %.1f MB", tt.name, float64(peak)/1e6)
		if peak > tt.bound {
			t.Errorf("%s: peak heap %.1f MB, over %d MB", tt.name, float64(peak)/1e6, tt.bound>>20)
		}
	}
}
