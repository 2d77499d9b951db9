package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"os"
	"testing"

	"github.com/jixiao/jixiao/model"
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

// BenchmarkStreamText is a 2 MB dump (the seed 400 times) read as a
// stream, each form encoded as JSON as the command does.
func BenchmarkStreamText(b *testing.B) {
	data := bytes.Repeat(seedBytes(b), 400)
	b.SetBytes(int64(len(data)))
	forms := 0
	enc := json.NewEncoder(io.Discard)
	for b.Loop() {
		_, err := Stream(context.Background(), "seed.txt", bytes.NewReader(data), int64(len(data)), Options{}, func(f *model.Form) error {
			forms++
			return enc.Encode(f)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}
