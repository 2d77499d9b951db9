package html

import (
	"context"
	"os"
	"testing"
)

// benchRead runs Read on one page of fixtures/html.
func benchRead(b *testing.B, name string) {
	data, err := os.ReadFile("../../fixtures/html/" + name)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Read(context.Background(), data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRead is a government site's page: GB2312, layout tables, the
// form inside them.
func BenchmarkRead(b *testing.B) { benchRead(b, "hunan_gov_page.html") }

// BenchmarkReadCalc is a workbook saved as a web page by LibreOffice Calc,
// its cells heavy with inline styles.
func BenchmarkReadCalc(b *testing.B) { benchRead(b, "calc_t1_side_by_side.html") }
