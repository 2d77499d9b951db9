package pdf

import (
	"context"
	"testing"
	"time"
)

// The whole pipeline beside mutool and pdftotext is scripts/bench.sh.
// On the project's machine (2 shared cores, AMD EPYC, under other work),
// 1 Dec 2026, it gave, by the clock (and by CPU time):
//
//	report_100_pages.pdf    jixiao 1.22–1.64× mutool draw -F txt (1.36–1.69×)
//	100 one-page PDFs       jixiao 5.35–7.64× pdftotext -layout  (5.51–6.47×)
//
// where the reader before pages were read on every core, with Go's
// default GC, gave 1.08–1.59× (1.20–1.57×) and 3.27–3.54× (2.88–3.12×).
// In process, with -cpu 1, Read took a LibreOffice page 1.3 ms of CPU, a
// Chromium page 5 ms (its fonts are read anew for every file), the
// 100-page report 73–85 ms.

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
