package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/pdf/content"
)

// BenchmarkExtract runs "jixiao extract" over a directory of text dumps,
// two forms each, with a worker per CPU, writing forms and rows: the
// throughput a user sees, in forms per second.
func BenchmarkExtract(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	const files = 500
	for i := range files {
		// Each file differs, as real submissions do.
		d := append(bytes.Clone(data), fmt.Sprintf("\n%d\n", i)...)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%04d.txt", i)), d, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	out, rows := filepath.Join(b.TempDir(), "o.jsonl"), filepath.Join(b.TempDir(), "r.jsonl")
	jobs := fmt.Sprint(runtime.NumCPU())
	for b.Loop() {
		var errb bytes.Buffer
		if s := run([]string{"extract", "-q", "-j", jobs, "-o", out, "--rows", rows, dir}, strings.NewReader(""), &bytes.Buffer{}, &errb); s != exitOK {
			b.Fatalf("status %d: %s", s, errb.String())
		}
	}
	b.ReportMetric(float64(files*2*b.N)/b.Elapsed().Seconds(), "forms/s")
}

// BenchmarkExtractWorkbooks is BenchmarkExtract over one-form workbooks:
// 500 files, copies of two fixtures of families T2 and A, each with a zip
// comment of its own (the same parts, other bytes: no copy is a
// duplicate), read with a worker per CPU. Issue 16's goal is 1,000 forms
// a second on two cores.
func BenchmarkExtractWorkbooks(b *testing.B) {
	dir := b.TempDir()
	const files = 500
	for i, name := range []string{"t2_annual.xlsx", "tpl_a_annual.xlsx"} {
		data, err := os.ReadFile(filepath.Join("../../fixtures/xlsx", name))
		if err != nil {
			b.Fatal(err)
		}
		for j := range files / 2 {
			if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%d_%04d.xlsx", i, j)), zipComment(b, data, fmt.Sprint("copy ", j)), 0o644); err != nil {
				b.Fatal(err)
			}
		}
	}
	out := filepath.Join(b.TempDir(), "o.jsonl")
	jobs := fmt.Sprint(runtime.NumCPU())
	for b.Loop() {
		var errb bytes.Buffer
		if s := run([]string{"extract", "-q", "-j", jobs, "-o", out, dir}, strings.NewReader(""), &bytes.Buffer{}, &errb); s != exitOK {
			b.Fatalf("status %d: %s", s, errb.String())
		}
	}
	if lines, _ := os.ReadFile(out); bytes.Count(lines, []byte("\n")) != files {
		b.Fatalf("%d forms, want %d", bytes.Count(lines, []byte("\n")), files)
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "forms/s")
}

// zipComment returns a zip without a comment given one.
func zipComment(b *testing.B, data []byte, comment string) []byte {
	n := len(data)
	if n < 22 || string(data[n-22:n-18]) != "PK\x05\x06" {
		b.Fatal("the zip has a comment already")
	}
	out := append(bytes.Clone(data), comment...)
	out[n-2], out[n-1] = byte(len(comment)), byte(len(comment)>>8) // the comment's length, little-endian
	return out
}

// BenchmarkExtractPDFs runs "jixiao extract" over a batch of small PDFs,
// a hundred copies of the one-page fixtures, with a worker per CPU: the
// batch scripts/bench.sh sets beside pdftotext, in pages per second.
func BenchmarkExtractPDFs(b *testing.B) {
	names, err := filepath.Glob("../../fixtures/pdf/*.pdf")
	if err != nil {
		b.Fatal(err)
	}
	var ones [][]byte
	for _, name := range names {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		if onePage(data) {
			ones = append(ones, data)
		}
	}
	if len(ones) == 0 {
		b.Fatal("no one-page PDF fixtures")
	}
	dir := b.TempDir()
	const files = 100
	for i := range files {
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%03d.pdf", i)), ones[i%len(ones)], 0o644); err != nil {
			b.Fatal(err)
		}
	}
	jobs := fmt.Sprint(runtime.NumCPU())
	for b.Loop() {
		var errb bytes.Buffer
		if s := run([]string{"extract", "-q", "-j", jobs, "-o", os.DevNull, dir}, strings.NewReader(""), &bytes.Buffer{}, &errb); s != exitOK {
			b.Fatalf("status %d: %s", s, errb.String())
		}
	}
	b.ReportMetric(float64(files*b.N)/b.Elapsed().Seconds(), "pages/s")
}

// onePage reports whether a PDF has one page.
func onePage(data []byte) bool {
	d, err := content.Open(data)
	return err == nil && d.NumPages() == 1
}

// BenchmarkExtractDump runs "jixiao extract" over one 4 MB text dump (the
// seed 800 times), read as a stream: the throughput of one large dump, in
// forms per second.
func BenchmarkExtractDump(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		b.Fatal(err)
	}
	const copies = 800
	in := filepath.Join(b.TempDir(), "dump.txt")
	if err := os.WriteFile(in, bytes.Repeat(data, copies), 0o644); err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "o.jsonl")
	for b.Loop() {
		var errb bytes.Buffer
		if s := run([]string{"extract", "-q", "-o", out, in}, strings.NewReader(""), &bytes.Buffer{}, &errb); s != exitOK {
			b.Fatalf("status %d: %s", s, errb.String())
		}
	}
	b.ReportMetric(float64(2*copies*b.N)/b.Elapsed().Seconds(), "forms/s")
}
