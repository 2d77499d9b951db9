package form

import (
	"os"
	"testing"
)

// BenchmarkParse is the interpreter alone, on the seed's grid already read.
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		b.Fatal(err)
	}
	g := gridOf(string(data))
	forms := 0
	for b.Loop() {
		forms += len(Parse(g))
	}
	if forms == 0 {
		b.Fatal("no forms in the seed")
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}
