package txt

import (
	"context"
	"os"
	"testing"
)

// BenchmarkRead is the text reader alone, on the seed.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Read(context.Background(), data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
