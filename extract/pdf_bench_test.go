package extract

import (
	"context"
	"testing"
)

// benchPDF runs File, the whole pipeline (reader, interpreter, records),
// on one PDF and reports pages and forms per second.
func benchPDF(b *testing.B, name string, pages int) {
	data := readFixture(b, name)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	forms := 0
	for b.Loop() {
		res, err := File(context.Background(), name, data)
		if err != nil {
			b.Fatal(err)
		}
		forms += len(res.Forms)
	}
	b.ReportMetric(float64(pages*b.N)/b.Elapsed().Seconds(), "pages/s")
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}

// BenchmarkPDFOnePage is one one-page form printed by LibreOffice.
func BenchmarkPDFOnePage(b *testing.B) { benchPDF(b, "t1_libreoffice.pdf", 1) }

// BenchmarkPDFOnePageChromium is one one-page form printed by Chromium.
func BenchmarkPDFOnePageChromium(b *testing.B) { benchPDF(b, "t1_chromium.pdf", 1) }

// BenchmarkPDF100Pages is a 100-page report holding two forms.
func BenchmarkPDF100Pages(b *testing.B) { benchPDF(b, "report_100_pages.pdf", 100) }
