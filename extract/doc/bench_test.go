package doc

import (
	"context"
	"os"
	"testing"
)

// BenchmarkRead is a one-form document LibreOffice saved as Word 97–2003.
func BenchmarkRead(b *testing.B) {
	data, err := os.ReadFile("../../fixtures/doc/t1_side_by_side.doc")
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
