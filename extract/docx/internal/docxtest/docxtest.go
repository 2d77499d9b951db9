// Package docxtest writes Word documents for the tests of the DOCX
// reader: a package around a body, and shorthands for the body's XML.
package docxtest

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/internal/ooxmltest"
)

// NS declares the prefixes the test documents use.
const NS = `xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ` +
	`xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
	`xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" ` +
	`xmlns:v="urn:schemas-microsoft-com:vml" ` +
	`xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math"`

// ContentTypes is the [Content_Types].xml of a document.
const ContentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`

// Rels is the _rels/.rels of a document: its main part is
// word/document.xml.
const Rels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

// Doc makes a .docx whose body is body.
func Doc(t testing.TB, body string) []byte {
	t.Helper()
	return ooxmltest.Zip(t,
		[2]string{"[Content_Types].xml", ContentTypes},
		[2]string{"_rels/.rels", Rels},
		[2]string{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n<w:document " + NS + "><w:body>" + body + "</w:body></w:document>"})
}

// P is a paragraph of runs.
func P(runs ...string) string { return "<w:p>" + strings.Join(runs, "") + "</w:p>" }

// R is a run of text, with run properties as Word writes them.
func R(text string) string {
	return `<w:r><w:rPr><w:rFonts w:hint="eastAsia"/></w:rPr><w:t xml:space="preserve">` + text + `</w:t></w:r>`
}

// Tc is a table cell with its properties and paragraphs (an empty one
// when there are none).
func Tc(props string, paras ...string) string {
	if len(paras) == 0 {
		paras = []string{"<w:p/>"}
	}
	return "<w:tc><w:tcPr>" + props + "</w:tcPr>" + strings.Join(paras, "") + "</w:tc>"
}

// Tr is a table row of cells.
func Tr(cells ...string) string { return "<w:tr>" + strings.Join(cells, "") + "</w:tr>" }

// Tbl is a table of rows.
func Tbl(rows ...string) string {
	return `<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="1000"/></w:tblGrid>` + strings.Join(rows, "") + "</w:tbl>"
}

// CellP is a paragraph of one run of text.
func CellP(text string) string { return P(R(text)) }

// The cell properties of a vertical merge: the cell that starts it, and
// one that continues it.
const (
	VRestart = `<w:vMerge w:val="restart"/>`
	VCont    = `<w:vMerge/>`
)

// Span is the cell property of a cell n grid columns wide.
func Span(n int) string { return fmt.Sprintf(`<w:gridSpan w:val="%d"/>`, n) }

// Repeat returns a copy of the document data whose body is its body n
// times over, between each two: to make a long document of a short one.
// It returns too the sizes of the document part before and after.
func Repeat(t testing.TB, data []byte, n int, between string) (out []byte, before, after int) {
	t.Helper()
	entries := ooxmltest.Entries(t, data)
	for i, e := range entries {
		if e[0] != "word/document.xml" {
			continue
		}
		s := e[1]
		start, end := strings.Index(s, "<w:body>"), strings.LastIndex(s, "<w:sectPr")
		if start < 0 || end < start {
			t.Fatal("no body and section properties in word/document.xml")
		}
		start += len("<w:body>")
		body := s[start:end] + between
		entries[i][1] = s[:start] + strings.Repeat(body, n) + s[end:]
		return ooxmltest.Zip(t, entries...), len(s), len(entries[i][1])
	}
	t.Fatal("no word/document.xml")
	return nil, 0, 0
}
