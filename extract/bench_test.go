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
		res, err := File(context.Background(), "seed.txt", data, Options{})
		if err != nil {
			b.Fatal(err)
		}
		forms += len(res.Forms)
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}
