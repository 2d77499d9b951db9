package pdf

import (
	"context"
	"testing"
	"time"
)

// Measured on the project's machine (2 shared cores, AMD EPYC), 27 Nov
// 2026, against poppler's pdftotext -layout on the same files (hyperfine):
//
//	100 one-page LibreOffice forms: jixiao extract -j 1  0.37 s  (270 pages/s)
//	                                pdftotext -layout    1.74 s   (57 pages/s, one process a file)
//	100 one-page Chromium forms:    jixiao extract -j 1  1.07 s   (94 pages/s)
//	                                pdftotext -layout    2.10 s   (48 pages/s)
//	report_100_pages.pdf:           jixiao extract -j 1  0.160 s (623 pages/s), max RSS 19 MB
//	                                pdftotext -layout    0.529 s (189 pages/s), max RSS 12 MB
//
// In process, the whole pipeline (extract.File) took a LibreOffice page
// 2.9–3.5 ms, a Chromium page 9.5–10.7 ms (its fonts are read anew for
// every file), the 100-page report 127–136 ms (735–785 pages/s).

// benchRead runs Read, the reader alone, keeping every row, on one PDF
// and reports pages per second, and the CPU time an operation took (with
// -cpu 1, the work of one page after another; the clock's ns/op is worth
// little on a machine shared with other work).
func benchRead(b *testing.B, name string, pages int) {
	data := readFixture(b, name)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	cpu := cpuTime()
	for b.Loop() {
		if _, err := Read(context.Background(), data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	reportCPU(b, cpu)
}

// reportCPU reports the CPU time the process used per operation since
// cpu, as cpu-ns/op, where it is known.
func reportCPU(b *testing.B, cpu time.Duration) {
	if used := cpuTime() - cpu; cpu > 0 && b.N > 0 {
		b.ReportMetric(float64(used.Nanoseconds())/float64(b.N), "cpu-ns/op")
	}
}

// BenchmarkReadOnePage is one one-page form printed by LibreOffice.
func BenchmarkReadOnePage(b *testing.B) { benchRead(b, "t1_libreoffice.pdf", 1) }

// BenchmarkReadOnePageChromium is one one-page form printed by Chromium.
func BenchmarkReadOnePageChromium(b *testing.B) { benchRead(b, "t1_chromium.pdf", 1) }

// BenchmarkReadOnePageAES256 is a one-page LibreOffice form encrypted with
// AES-256 and an owner password: decrypted by package content.
func BenchmarkReadOnePageAES256(b *testing.B) { benchRead(b, "t2_aes256_owner_only.pdf", 1) }

// BenchmarkRead100Pages is a 100-page report holding two forms.
func BenchmarkRead100Pages(b *testing.B) { benchRead(b, "report_100_pages.pdf", 100) }
