package content

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/jixiao/jixiao/extract/pdf/internal/pdftest"
)

// fuzzPage builds a one-page document whose content stream is stream, as
// it is (no filter), with resources the stream may name: a standard font
// F1, a composite font F2 with a ToUnicode map, a Type 3 font F3, a form
// XObject Fm1 that draws text and a line, and an image Im1.
func fuzzPage(stream []byte) []byte {
	uni := "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0001> <9879> <0002> <76EE> endbfchar 1 beginbfrange <0003> <0005> <0041> endbfrange endcmap"
	return pdftest.Build(
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R]/Count 1/MediaBox[0 0 600 800]>>",
		"<</Type/Page/Parent 2 0 R/Contents 4 0 R/Resources<</Font<</F1 5 0 R/F2 6 0 R/F3 9 0 R>>/XObject<</Fm1 10 0 R/Im1 11 0 R>>>>>>",
		"stream:"+string(stream),
		"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
		"<</Type/Font/Subtype/Type0/BaseFont/X/Encoding/Identity-H/DescendantFonts[7 0 R]/ToUnicode 8 0 R>>",
		"<</Type/Font/Subtype/CIDFontType2/BaseFont/X/DW 800/W[1[1000 1000] 3 5 500]>>",
		"stream:"+uni,
		"<</Type/Font/Subtype/Type3/FontBBox[0 0 100 100]/FontMatrix[0.01 0 0 0.01 0 0]/CharProcs<<>>/Encoding<</Differences[65/a/b]>>/FirstChar 65/LastChar 66/Widths[50 80]/ToUnicode 8 0 R>>",
		"stream:BT /F1 10 Tf 0 0 Td (X) Tj ET 0 0 m 100 0 l S|/Type/XObject/Subtype/Form/BBox[0 0 200 200]/Matrix[1 0 0 1 50 60]/Resources<</Font<</F1 5 0 R>>>>",
		"stream:\x00|/Type/XObject/Subtype/Image/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray")
}

// FuzzContent interprets any bytes as a page's content stream: the page
// reads, or fails as damaged or past a limit, never panics, and what it
// draws is well formed.
func FuzzContent(f *testing.F) {
	for _, s := range []string{
		"BT /F1 10 Tf 100 700 Td (AB) Tj ET BT /F1 10 Tf 1 Tc 5 Tw 100 600 Td [(A) -1000 (B)] TJ ( A) Tj ET",
		"BT /F2 10 Tf 50 500 Td <0001000200030004> Tj ET BT /F3 12 Tf 0 1 -1 0 300 100 Tm (AB) Tj T* (A) ' 1 2 (B) \" ET",
		"10 10 m 110 10 l S 20 20 50 30 re S 0 0 0 rg 200 100 100 0.5 re f 200 200 50 50 re f 0 0 m 30 30 l S 1 G 0 300 m 100 300 l S 0 G q 1 0 0 1 100 100 cm 0 0 m 0 40 l S Q",
		"q 1 0 0 1 100 100 cm /Fm1 Do Q q 600 0 0 400 0 0 cm /Im1 Do Q",
		"q 600 0 0 400 0 400 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00\xffEI junk EI Q",
		"BT /F1 10 Tf 0.7071 0.7071 -0.7071 0.7071 300 300 Tm (W) Tj ET q 0 0 100 100 re W n BT /F1 10 Tf 200 200 Td (C) Tj ET Q " +
			"/Artifact <</Subtype/Watermark/Type/Pagination>> BDC BT /F1 10 Tf 10 10 Td (M) Tj ET EMC",
		"0 0 1 RG 1 0 0 0 K 10 10 m 20 10 l 20 30 c h B* /P <</MCID 0>> BDC EMC",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, stream []byte) {
		d, err := Open(fuzzPage(stream))
		if err != nil {
			t.Fatalf("a well-formed document does not open: %v", err)
		}
		p, err := d.Page(context.Background(), 1)
		if err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTooComplex) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("page: %v is no error of the package's", err)
			}
			return
		}
		for _, r := range p.Rules {
			if math.IsNaN(r.X0+r.Y0+r.X1+r.Y1) || r.X0 > r.X1 || r.Y0 > r.Y1 || r.X0 != r.X1 && r.Y0 != r.Y1 {
				t.Fatalf("rule %+v is not a horizontal or vertical segment", r)
			}
		}
		if len(p.Glyphs) > maxGlyphs || len(p.Rules) > maxRules {
			t.Fatalf("%d glyphs and %d rules, past the limits", len(p.Glyphs), len(p.Rules))
		}
	})
}

// FuzzCMap parses any bytes as a CMap and decodes any string with it, as
// a composite font's encoding and ToUnicode map: never a panic, and every
// glyph takes at least a byte of the string.
func FuzzCMap(f *testing.F) {
	for _, s := range [][2]string{
		{"/CIDInit/ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange " +
			"2 beginbfchar <0001> <9879> <0003> <0041> endbfchar 1 beginbfrange <0002> <0002> <76EE> endbfrange " +
			"1 beginbfrange <0004> <0005> [<0031> <0032>] endbfrange endcmap end end", "\x00\x01\x00\x02\x00\x03\x00\x04\x00\x05"},
		{"begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 begincidrange <41> <42> 10 endcidrange 1 begincidchar <43> 20 endcidchar endcmap", "ABC"},
		{"begincmap 2 begincodespacerange <00> <80> <8140> <FEFE> endcodespacerange 1 beginbfchar <41> /uni9879 endbfchar " +
			"1 beginbfrange <8140> <81FF> <D83DDE00> endbfrange endcmap", "A\x81\x40\x81\x41\xff"},
	} {
		f.Add([]byte(s[0]), []byte(s[1]))
	}
	f.Fuzz(func(t *testing.T, data, str []byte) {
		m := parseCMap(data)
		fonts := []*font{
			{composite: true, encKind: encEmbedded, enc: m, toUni: m, dw: 1},
			{composite: true, encKind: encIdentity, toUni: m, dw: 1},
			{toUni: m},
		}
		for _, fo := range fonts {
			n := 0
			fo.decode(str, map[uint32]glyph{}, func(glyph) { n++ })
			if n > len(str) {
				t.Fatalf("%d glyphs of a string of %d bytes", n, len(str))
			}
		}
		for i := range min(len(str), 64) {
			if n := m.codeLen(str[i:]); n < 1 || n > len(str)-i || n > 4 {
				t.Fatalf("a code of %d bytes at the start of %d", n, len(str)-i)
			}
			m.text(codeOf(str[i:min(len(str), i+4)]))
			m.cidOf(codeOf(str[i:min(len(str), i+4)]))
		}
	})
}
