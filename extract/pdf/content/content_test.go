package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/ledongthuc/pdf"

	"github.com/jixiao/jixiao/extract/pdf/internal/pdftest"
)

const helv = "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>>>>>"

func readPage(t *testing.T, data []byte) *Page {
	t.Helper()
	d, err := Open(data)
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.Page(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func text(p *Page) string {
	var b strings.Builder
	for _, g := range p.Glyphs {
		b.WriteString(g.Text)
	}
	return b.String()
}

func near(a, b float64) bool { return math.Abs(a-b) < 0.01 }

func TestSimpleFontAdvances(t *testing.T) {
	t.Parallel()
	// Helvetica without /Widths: the standard metrics. "AB" at 10 pt from
	// x=100: A is 667 wide, B 667; TJ's -1000 moves one em right; Tc adds
	// 1 after every glyph, Tw 5 after the space.
	p := readPage(t, pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET BT /F1 10 Tf 1 Tc 5 Tw 100 600 Td [(A) -1000 (B)] TJ ( A) Tj ET", helv, ""))
	if got := text(p); got != "ABAB A" {
		t.Fatalf("text %q, want ABAB A (no glyph added after TJ)", got)
	}
	g := p.Glyphs
	want := []float64{100, 106.67, 100, 100 + 6.67 + 1 + 10, 100 + 6.67 + 1 + 10 + 6.67 + 1, 100 + 6.67 + 1 + 10 + 6.67 + 1 + 2.78 + 1 + 5}
	for i, x := range want {
		if !near(g[i].Box.X0, x) {
			t.Errorf("glyph %d (%s) at x=%.2f, want %.2f", i, g[i].Text, g[i].Box.X0, x)
		}
	}
	if !near(g[0].Box.X1-g[0].Box.X0, 6.67) || !g[0].Upright || !near(g[0].Size, 10) {
		t.Errorf("glyph A: %+v", g[0])
	}
	if g[0].Box.Y0 >= 700 || g[0].Box.Y1 <= 700 {
		t.Errorf("glyph A's box %+v does not straddle its baseline", g[0].Box)
	}
}

// cidFont is a Type0 font with Identity-H, a ToUnicode map and widths.
const cidFont = "<</Font<</F1 5 0 R>>>>"

func TestCIDFontWidths(t *testing.T) {
	t.Parallel()
	// CIDs 1, 2, 3 are 项, 目, A: 1000, 1000 and 500 wide (W), others DW 800.
	cmap := "/CIDInit/ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange " +
		"2 beginbfchar <0001> <9879> <0003> <0041> endbfchar 1 beginbfrange <0002> <0002> <76EE> endbfrange " +
		"1 beginbfrange <0004> <0005> [<0031> <0032>] endbfrange endcmap end end"
	p := readPage(t, pdftest.OnePage("BT /F1 10 Tf 50 500 Td <0001000200030004> Tj ET", cidFont, "",
		"<</Type/Font/Subtype/Type0/BaseFont/X/Encoding/Identity-H/DescendantFonts[6 0 R]/ToUnicode 7 0 R>>",
		"<</Type/Font/Subtype/CIDFontType2/BaseFont/X/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/DW 800/W[1[1000 1000] 3 3 500]>>",
		"stream:"+cmap))
	if got := text(p); got != "项目A1" {
		t.Fatalf("text %q", got)
	}
	for i, x := range []float64{50, 60, 70, 75} {
		if !near(p.Glyphs[i].Box.X0, x) {
			t.Errorf("glyph %d at %.2f, want %.2f", i, p.Glyphs[i].Box.X0, x)
		}
	}
	if w := p.Glyphs[3].Box.X1 - p.Glyphs[3].Box.X0; !near(w, 8) {
		t.Errorf("glyph of DW width %.2f, want 8", w)
	}
}

func TestPredefinedCMaps(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		enc, str, want string
	}{
		{"UniGB-UCS2-H", "<987976EE0031>", "项目1"},
		{"GBK-EUC-H", "<CFEEC4BF31>", "项目1"},
		{"GB-EUC-H", "<CFEEC4BF>", "项目"},
	} {
		p := readPage(t, pdftest.OnePage("BT /F1 10 Tf 50 500 Td "+tc.str+" Tj ET", cidFont, "",
			"<</Type/Font/Subtype/Type0/BaseFont/STSong-Light/Encoding/"+tc.enc+"/DescendantFonts[6 0 R]>>",
			"<</Type/Font/Subtype/CIDFontType0/BaseFont/STSong-Light/CIDSystemInfo<</Registry(Adobe)/Ordering(GB1)/Supplement 2>>/DW 1000/W[1 95 500]>>"))
		if got := text(p); got != tc.want {
			t.Errorf("%s: text %q, want %q", tc.enc, got, tc.want)
			continue
		}
		// The Latin digit takes the half width W gives CIDs 1–95.
		if strings.HasSuffix(tc.want, "1") {
			if w := p.Glyphs[2].Box.X1 - p.Glyphs[2].Box.X0; !near(w, 5) || !near(p.Glyphs[1].Box.X0, 60) {
				t.Errorf("%s: widths wrong: %+v", tc.enc, p.Glyphs)
			}
		}
	}
}

// TestType3Font reads a Type 3 font: advances through its FontMatrix,
// text from its ToUnicode map.
func TestType3Font(t *testing.T) {
	t.Parallel()
	cmap := "begincmap 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar <41> <9879> <42> <76EE> endbfchar endcmap"
	p := readPage(t, pdftest.OnePage("BT /F1 12 Tf 100 700 Td (AB) Tj ET", "<</Font<</F1 5 0 R>>>>", "",
		"<</Type/Font/Subtype/Type3/FontBBox[0 0 100 100]/FontMatrix[0.01 0 0 0.01 0 0]/CharProcs<<>>/Encoding<</Differences[65/a/b]>>/FirstChar 65/LastChar 66/Widths[50 80]/ToUnicode 6 0 R>>",
		"stream:"+cmap))
	if got := text(p); got != "项目" {
		t.Fatalf("text %q, want 项目", got)
	}
	// A is 50 × 0.01 × 12 = 6 wide, B 80 × 0.01 × 12 = 9.6.
	if !near(p.Glyphs[1].Box.X0, 106) || !near(p.Glyphs[1].Box.X1, 115.6) {
		t.Errorf("Type 3 advances: %+v", p.Glyphs)
	}
}

func TestRulings(t *testing.T) {
	t.Parallel()
	// A stroked line, a stroked rectangle, a thin filled bar, a thick
	// filled box (no ruling), a diagonal (none), a white line (none), and
	// a line under cm.
	p := readPage(t, pdftest.OnePage("10 10 m 110 10 l S 20 20 50 30 re S 0 0 0 rg 200 100 100 0.5 re f 200 200 50 50 re f "+
		"0 0 m 30 30 l S 1 G 0 300 m 100 300 l S 0 G q 1 0 0 1 100 100 cm 0 0 m 0 40 l S Q", "<<>>", ""))
	want := []Rule{{10, 10, 110, 10}, {20, 20, 70, 20}, {70, 20, 70, 50}, {20, 50, 70, 50}, {20, 20, 20, 50}, {200, 100.25, 300, 100.25}, {100, 100, 100, 140}}
	if len(p.Rules) != len(want) {
		t.Fatalf("rules %v, want %v", p.Rules, want)
	}
	for i, r := range want {
		if p.Rules[i] != r {
			t.Errorf("rule %d: %v, want %v", i, p.Rules[i], r)
		}
	}
}

func TestFormXObjectAndTransforms(t *testing.T) {
	t.Parallel()
	form := "stream:BT /F1 10 Tf 0 0 Td (X) Tj ET 0 0 m 100 0 l S|/Type/XObject/Subtype/Form/BBox[0 0 200 200]/Matrix[1 0 0 1 50 60]/Resources" + helv
	p := readPage(t, pdftest.OnePage("q 1 0 0 1 100 100 cm /Fm1 Do Q", "<</XObject<</Fm1 5 0 R>>>>", "", form))
	if text(p) != "X" || !near(p.Glyphs[0].Box.X0, 150) || len(p.Rules) != 1 || p.Rules[0] != (Rule{150, 160, 250, 160}) {
		t.Errorf("form XObject: %q %+v %v", text(p), p.Glyphs, p.Rules)
	}
	// A page rotated 90°: text drawn up the unrotated page reads upright,
	// and the page is shown 800 wide.
	p = readPage(t, pdftest.OnePage("BT /F1 10 Tf 0 1 -1 0 300 100 Tm (AB) Tj ET", helv, "/Rotate 90"))
	if p.Width != 800 || p.Height != 600 || !p.Glyphs[0].Upright || !near(p.Glyphs[0].Box.X0, 100) || !near(p.Glyphs[1].Box.X0, 106.67) {
		t.Errorf("rotated page: %vx%v %+v", p.Width, p.Height, p.Glyphs)
	}
	// A crop box moves the origin.
	p = readPage(t, pdftest.OnePage("BT /F1 10 Tf 100 100 Td (A) Tj ET", helv, "/CropBox[50 50 550 750]"))
	if !near(p.Glyphs[0].Box.X0, 50) || p.Width != 500 {
		t.Errorf("cropped page: %v %+v", p.Width, p.Glyphs)
	}
	// Diagonal text (a watermark) is not upright; clipped text and text in
	// a watermark artifact are dropped.
	p = readPage(t, pdftest.OnePage("BT /F1 10 Tf 0.7071 0.7071 -0.7071 0.7071 300 300 Tm (W) Tj ET "+
		"q 0 0 100 100 re W n BT /F1 10 Tf 200 200 Td (C) Tj ET BT /F1 10 Tf 50 50 Td (K) Tj ET Q "+
		"/Artifact <</Subtype/Watermark/Type/Pagination>> BDC BT /F1 10 Tf 10 10 Td (M) Tj ET EMC", helv, ""))
	if text(p) != "WK" || p.Glyphs[0].Upright || !p.Glyphs[1].Upright {
		t.Errorf("watermark and clip: %+v", p.Glyphs)
	}
}

func TestImagesAndInlineImages(t *testing.T) {
	t.Parallel()
	p := readPage(t, pdftest.OnePage("q 600 0 0 400 0 0 cm /Im1 Do Q q 600 0 0 400 0 400 cm BI /W 1 /H 1 /BPC 8 /CS /G ID \x00\xffEI junk EI Q",
		"<</XObject<</Im1 5 0 R>>>>", "", "stream:\x00|/Type/XObject/Subtype/Image/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray"))
	if !near(p.imageArea, 1) || len(p.Glyphs) != 0 {
		t.Errorf("image area %.2f, glyphs %d", p.imageArea, len(p.Glyphs))
	}
}

func TestDamaged(t *testing.T) {
	t.Parallel()
	good := pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET", helv, "")
	xrefAt := bytes.LastIndex(good, []byte("\nxref\n")) + 1
	loop := bytes.Replace(good, []byte("/Root 1 0 R>>"), fmt.Appendf(nil, "/Root 1 0 R/Prev %d>>", xrefAt), 1)
	for name, data := range map[string][]byte{
		"no header":          []byte("hello"),
		"truncated":          good[:len(good)/2],
		"no objects, no eof": []byte("%PDF-1.4\n1 0 obj <<>> endobj\n"),
	} {
		if _, err := Open(data); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
	// Cross-reference sections that loop or claim billions of objects
	// are damage the object layer must not see (it would loop, or
	// allocate them); the file, complete, is then repaired from its
	// objects, as is one whose offsets are wrong.
	huge := bytes.Replace(good, []byte("xref\n0 "), []byte("xref\n2000000000 "), 1)
	for name, data := range map[string][]byte{"prev loop": loop, "huge subsection": huge} {
		if err := checkXref(data); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v, want ErrDamaged", name, err)
		}
	}
	for name, data := range map[string][]byte{
		"prev loop":        loop,
		"huge subsection":  huge,
		"zeroed xref":      bytes.ReplaceAll(good, []byte("00000 n"), []byte("00000 f")),
		"shifted offsets":  append([]byte("%PDF-1.7\n% junk a tool put in front\n"), good...),
		"startxref beyond": bytes.Replace(good, fmt.Appendf(nil, "startxref\n%d", xrefAt), []byte("startxref\n99999999"), 1),
	} {
		d, err := Open(data)
		if err != nil || !d.repaired {
			t.Errorf("%s: %v, want a repaired document", name, err)
			continue
		}
		if p, err := d.Page(context.Background(), 1); err != nil || text(p) != "AB" {
			t.Errorf("%s: page 1: %v", name, err)
		}
	}
	// A page whose content stream is cut short keeps what it could read.
	bad := pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET", helv, "")
	bad = bytes.Replace(bad, []byte("/Filter/FlateDecode"), []byte("/Filter/LZWDecode  "), 1)
	d, err := Open(bad)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Page(context.Background(), 1); !errors.Is(err, ErrDamaged) {
		t.Errorf("unknown filter: %v, want ErrDamaged", err)
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	// A form XObject that draws itself: bounded by depth.
	p := pdftest.OnePage("/Fm1 Do", "<</XObject<</Fm1 5 0 R>>>>", "", "stream:/Fm1 Do|/Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</Fm1 5 0 R>>>>")
	d, err := Open(p)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Page(context.Background(), 1); !errors.Is(err, ErrTooComplex) {
		t.Errorf("recursive form: %v, want ErrTooComplex", err)
	}
	// A content stream that inflates past its limit is too large, not too
	// complex: it is its bytes that are too many.
	d, err = Open(pdftest.OnePage(strings.Repeat(" ", maxStream+1), "<<>>", ""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Page(context.Background(), 1); !errors.Is(err, ErrTooLarge) || errors.Is(err, ErrTooComplex) {
		t.Errorf("inflating stream: %v, want ErrTooLarge", err)
	}
	// A cancelled context stops a long page.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	d, _ = Open(pdftest.OnePage(strings.Repeat("q Q ", 200000), "<<>>", ""))
	if _, err := d.Page(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

func TestLexer(t *testing.T) {
	t.Parallel()
	l := &lexer{b: []byte(`(a\(b\)c\\\101\
d) <41 42 4> /Na#6De [1 -2.5 .5 (x)] <</K [/V]>> BT %comment
ET`)}
	var got []string
	for {
		var op operand
		kw, ok := l.next(&op, 0)
		if !ok {
			break
		}
		switch {
		case kw != nil:
			got = append(got, "op:"+string(kw))
		case op.kind == kNum:
			got = append(got, fmt.Sprint(op.num))
		case op.kind == kArray, op.kind == kDict:
			got = append(got, fmt.Sprintf("%d items", len(op.arr)))
		default:
			got = append(got, string(op.str))
		}
	}
	want := "a(b)c\\Ad|AB@|Name|4 items|2 items|op:BT|op:ET"
	// Stray delimiters by the million are skipped without recursion.
	l2 := &lexer{b: append(bytes.Repeat([]byte(")"), 2_000_000), " BT"...)}
	var op operand
	if kw, ok := l2.next(&op, 0); !ok || string(kw) != "BT" {
		t.Errorf("after stray delimiters: %q %v", kw, ok)
	}
	if strings.Join(got, "|") != want {
		t.Errorf("tokens %q, want %q", strings.Join(got, "|"), want)
	}
}

func TestGlyphNames(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"A": "A", "zero": "0", "uni9879": "项", "uni987976EE": "项目", "u1F600": "😀", "one.oldstyle": "1",
		"greaterequal": "≥", "g123": "", "uniZZZZ": "",
	} {
		if got := glyphText(name); got != want {
			t.Errorf("glyphText(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestEmbeddedEncodingCMap reads a Type0 font whose encoding is an
// embedded CMap of one-byte codes, with a ToUnicode map.
func TestEmbeddedEncodingCMap(t *testing.T) {
	t.Parallel()
	enc := "begincmap 1 begincodespacerange <00> <FF> endcodespacerange 1 begincidrange <41> <42> 10 endcidrange 1 begincidchar <43> 20 endcidchar endcmap"
	uni := "begincmap 1 begincodespacerange <00> <FF> endcodespacerange 3 beginbfchar <41> <0041> <42> <0042> <43> <0043> endbfchar endcmap"
	p := readPage(t, pdftest.OnePage("BT /F1 10 Tf 50 500 Td (ABC) Tj ET", cidFont, "",
		"<</Type/Font/Subtype/Type0/BaseFont/X/Encoding 7 0 R/DescendantFonts[6 0 R]/ToUnicode 8 0 R>>",
		"<</Type/Font/Subtype/CIDFontType0/BaseFont/X/DW 1000/W[10 [300 400] 20 20 700]>>",
		"stream:"+enc, "stream:"+uni))
	if text(p) != "ABC" {
		t.Fatalf("text %q", text(p))
	}
	// A is CID 10 (3 wide at 10 pt), B CID 11 (4), C CID 20 (7).
	for i, x := range []float64{50, 53, 57} {
		if !near(p.Glyphs[i].Box.X0, x) {
			t.Errorf("glyph %d at %.2f, want %.2f", i, p.Glyphs[i].Box.X0, x)
		}
	}
}

// TestObjectLayerWording holds the functions that read the object layer's
// error messages to the errors it gives: an AES-256 document it refuses
// for its encryption, a file cut short it refuses for its missing %%EOF,
// and its complaints start with "malformed PDF: ".
func TestObjectLayerWording(t *testing.T) {
	t.Parallel()
	open := func(data []byte) error {
		t.Helper()
		_, err := pdf.NewReader(bytes.NewReader(data), int64(len(data)))
		if err == nil {
			t.Fatal("the object layer opened the document")
		}
		return err
	}
	aes, err := os.ReadFile("../../../fixtures/pdf/t2_aes256_owner_only.pdf")
	if err != nil {
		t.Fatal(err)
	}
	good := pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET", helv, "")
	encrypted := open(aes)
	short := open(good[:len(good)-20])
	noTrailer := open(bytes.Replace(good, []byte("trailer"), []byte("trailex"), 1))
	t.Logf("the object layer's errors: %q, %q, %q", encrypted, short, noTrailer)
	if !unsupportedEncryption(encrypted) || unsupportedEncryption(short) || unsupportedEncryption(noTrailer) {
		t.Errorf("unsupportedEncryption: %q is not, or %q or %q is, the object layer's refusal of AES-256", encrypted, short, noTrailer)
	}
	if !missingEOF(short) || missingEOF(encrypted) || missingEOF(noTrailer) {
		t.Errorf("missingEOF: %q is not, or %q or %q is, the object layer's refusal of a file cut short", short, encrypted, noTrailer)
	}
	if msg := noTrailer.Error(); layerMessage(msg) == msg {
		t.Errorf("layerMessage leaves %q as it is", msg)
	}
}

// TestFindObjs holds findObjs to the regular expression it stands in
// for, over the fixtures and over bytes made to trip it.
func TestFindObjs(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`(\d+)\s+(\d+)\s+obj\b`)
	inputs := [][]byte{
		[]byte("1 0 obj 12  3\nobj x12 0 obj 5 1 2 obj 1 0 objx 2 0 obj_ 3 0 obj\x00 4\t0\fobj 0 obj 7 0obj 8 0 obj"),
		[]byte("obj 1 obj 1 1 obj1 2 2 obj"),
	}
	names, _ := filepath.Glob("../../../fixtures/pdf/*.pdf")
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, b)
	}
	for i, in := range inputs {
		want := re.FindAllSubmatchIndex(in, -1)
		if got := findObjs(in); !reflect.DeepEqual(got, want) {
			t.Errorf("input %d: %v, want %v", i, got, want)
		}
	}
}

// TestUTF16Text decodes what ToUnicode maps write: one unit, a pair, a
// lone surrogate, several characters, an odd byte.
func TestUTF16Text(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"\x98\x79": "项", "\x00\x41": "A", "\xD8\x3D\xDE\x00": "😀", "\xD8\x3D": "\uFFFD", "\xDE\x00": "\uFFFD",
		"\x98\x79\x76\xEE": "项目", "\x41": "A", "\xFF\xFD": "\uFFFD", "\xE0\x00": "\uE000",
	} {
		if got := utf16Text([]byte(in)); got != want {
			t.Errorf("utf16Text(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestSymbolFonts reads text in the symbol fonts as the DOCX reader does
// (package symbol): Wingdings' and Symbol's characters as Word and
// LibreOffice write them, U+F0xx in a ToUnicode map or the font's own
// codes, and LibreOffice's OpenSymbol, which stands in for both; the same
// U+F0AB in another font is left as it is.
func TestSymbolFonts(t *testing.T) {
	t.Parallel()
	uni := func(pairs string) string {
		return "stream:begincmap 1 begincodespacerange <00> <FF> endcodespacerange 2 beginbfchar " + pairs + " endbfchar endcmap"
	}
	for _, tt := range []struct {
		font, tounicode, want string
	}{
		{"<</Type/Font/Subtype/TrueType/BaseFont/ABCDEF+Wingdings-Regular/ToUnicode 6 0 R>>", uni("<AB> <F0AB> <FC> <F0FC>"), "★✓"},
		{"<</Type/Font/Subtype/TrueType/BaseFont/SymbolMT>>", "", "≥≤"},
		{"<</Type/Font/Subtype/TrueType/BaseFont/EAAAAA+OpenSymbol/Encoding/WinAnsiEncoding/ToUnicode 6 0 R>>", uni("<AB> <F0AB> <B3> <F0B3>"), "★≥"},
		{"<</Type/Font/Subtype/TrueType/BaseFont/ABCDEF+SimSun/ToUnicode 6 0 R>>", uni("<AB> <F0AB> <B3> <2265>"), "\uF0AB≥"},
	} {
		str := "<ABFC>"
		switch {
		case strings.Contains(tt.font, "SymbolMT"):
			str = "<B3A3>"
		case strings.Contains(tt.font, "OpenSymbol"), strings.Contains(tt.font, "SimSun"):
			str = "<ABB3>"
		}
		extra := []string{tt.font}
		if tt.tounicode != "" {
			extra = append(extra, tt.tounicode)
		}
		p := readPage(t, pdftest.OnePage("BT /F1 10 Tf 50 500 Td "+str+" Tj ET", "<</Font<</F1 5 0 R>>>>", "", extra...))
		if got := text(p); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.font, got, tt.want)
		}
	}
}

// TestFontRefs holds fontRefs to the regular expression it stands in for.
func TestFontRefs(t *testing.T) {
	t.Parallel()
	re := regexp.MustCompile(`/([^ /<>\[\]]+) (\d+ \d+ R)`)
	for _, s := range []string{
		"<</F1 12 0 R /F2 13 0 R>>", "<</F1 12 0 R/F2 13 0 R>>", "<</F1 <</Type/Font>> /F2 7 0 R>>",
		"/F1  12 0 R /F2 12  0 R /F3 12 0  R /F4 x 0 R /F5 12 0 RR /F6 1 2 R", "/ 1 0 R //F7 3 0 R", "/F8 9 0 R", "/F9 9 0", "",
		"/A(b 1 0 R /T[1 2 R] /Q#20 4 5 R",
	} {
		var want, got []string
		for _, m := range re.FindAllStringSubmatch(s, -1) {
			want = append(want, m[1]+"="+m[2])
		}
		fontRefs(s, func(name, ref string) { got = append(got, name+"="+ref) })
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	}
}
