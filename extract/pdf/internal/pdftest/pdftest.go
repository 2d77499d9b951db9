// Package pdftest writes small PDFs for tests.
package pdftest

import (
	"bytes"
	"compress/zlib"
	"fmt"
	"strings"
)

// Build writes a PDF whose objects are objs (object i+1 is objs[i]), with
// a correct cross-reference table. Object 1 must be the catalog. A string
// starting with "stream:" becomes a stream object with the rest as its
// data (and the dictionary after "|", if any); "zstream:" compresses it.
func Build(objs ...string) []byte {
	var b bytes.Buffer
	b.WriteString("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n", i+1)
		switch {
		case strings.HasPrefix(o, "stream:"), strings.HasPrefix(o, "zstream:"):
			kind, rest, _ := strings.Cut(o, ":")
			data, dict, _ := strings.Cut(rest, "|")
			if kind == "zstream" {
				var z bytes.Buffer
				w := zlib.NewWriter(&z)
				w.Write([]byte(data))
				w.Close()
				data = z.String()
				dict += "/Filter/FlateDecode"
			}
			fmt.Fprintf(&b, "<<%s/Length %d>>\nstream\n%s\nendstream\n", dict, len(data), data)
		default:
			b.WriteString(o + "\n")
		}
		b.WriteString("endobj\n")
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

// OnePage builds a one-page document: content is the page's content
// stream, resources its resource dictionary, extra more objects from
// number 5 on, pageExtra more entries of the page dictionary.
func OnePage(content, resources, pageExtra string, extra ...string) []byte {
	objs := []string{
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 600 800]>>",
		"<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources " + resources + pageExtra + ">>",
		"zstream:" + content,
	}
	return Build(append(objs, extra...)...)
}
