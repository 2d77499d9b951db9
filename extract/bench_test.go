package extract

import (
	"context"
	"os"
	"testing"
)

func seedBytes(b *testing.B) []byte {
	data, err := os.ReadFile("../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkFileText is the text path end to end for one file of two forms:
// decode, split, interpret, build the records.
func BenchmarkFileText(b *testing.B) {
	data := seedBytes(b)
	b.SetBytes(int64(len(data)))
	forms := 0
	for b.Loop() {
		res, err := File(context.Background(), "seed.txt", data)
		if err != nil {
			b.Fatal(err)
		}
		forms += len(res.Forms)
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}

// BenchmarkForms is the interpreter alone, on a grid already read.
func BenchmarkForms(b *testing.B) {
	g, _, err := ReadText(seedBytes(b))
	if err != nil {
		b.Fatal(err)
	}
	forms := 0
	for b.Loop() {
		forms += len(Forms(g))
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}

// BenchmarkReadText is the text reader alone.
func BenchmarkReadText(b *testing.B) {
	data := seedBytes(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, _, err := ReadText(data); err != nil {
			b.Fatal(err)
		}
	}
}
