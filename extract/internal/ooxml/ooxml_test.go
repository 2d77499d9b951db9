package ooxml

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxmltest"
)

func TestOpen(t *testing.T) {
	three := ooxmltest.Zip(t, [2]string{"a", strings.Repeat("a", 100)}, [2]string{"b", strings.Repeat("b", 100)}, [2]string{"c", strings.Repeat("c", 100)})
	if _, err := Open(three, "workbook", Limits{}); err != nil {
		t.Errorf("no limits: %v", err)
	}
	if _, err := Open(three, "workbook", Limits{Parts: 3, Total: 300}); err != nil {
		t.Errorf("at the limits: %v", err)
	}
	_, err := Open(three, "workbook", Limits{Parts: 2})
	ooxmltest.WantErr(t, err, grid.ErrTooLarge, grid.Pos{}, "the workbook has 3 parts, over the limit of 2")
	_, err = Open(three, "workbook", Limits{Total: 250})
	ooxmltest.WantErr(t, err, grid.ErrTooLarge, grid.Pos{}, "the workbook unpacks to 300 bytes, over the 250 bytes limit (a alone is 100 bytes): a zip bomb, or a workbook too large to read")
	_, err = Open(three[:len(three)/2], ".docx", Limits{})
	ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{}, "damaged .docx: not a readable zip archive (")
	_, err = Open(nil, ".docx", Limits{})
	ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{}, "not a readable zip archive")
}

// TestHas: part names are compared without case, with either slash, with
// or without a leading one; the first of two entries of a name counts.
func TestHas(t *testing.T) {
	p, err := Open(ooxmltest.Zip(t, [2]string{`Word\Document.XML`, "first"}, [2]string{"/media/a.png", "png"}, [2]string{"word/document.xml", "second!"}), ".docx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]bool{"word/document.xml": true, "WORD/document.xml": true, "media/A.png": true, "media": false, "": false, "word/": false} {
		if p.Has(name) != want {
			t.Errorf("Has(%q) = %v", name, !want)
		}
	}
	if n, ok := p.Size("word/document.xml"); n != 5 || !ok {
		t.Errorf("Size = %d, %v; want the first entry's 5", n, ok)
	}
	if _, ok := p.Size("missing.xml"); ok {
		t.Error("the size of a missing part")
	}
}

// TestOpenPart: a part opens within its limit, under its zip name; one
// encrypted inside the zip, declared past its limit or missing fails.
func TestOpenPart(t *testing.T) {
	data := ooxmltest.Zip(t, [2]string{"Word/document.xml", strings.Repeat("x", 1000)}, [2]string{"word/styles.xml", "<styles/>"})
	p, err := Open(data, ".docx", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := p.Open("word/document.xml", 1000)
	if err != nil {
		t.Fatal(err)
	}
	if b, err := io.ReadAll(r); len(b) != 1000 || err != nil || r.Name != "Word/document.xml" {
		t.Errorf("read %d bytes of %s: %v", len(b), r.Name, err)
	}
	r.Close()
	_, err = p.Open("word/document.xml", 999)
	ooxmltest.WantErr(t, err, grid.ErrTooLarge, grid.Pos{Part: "Word/document.xml"}, "Word/document.xml: inflates to 1000 bytes, more than the reader's limit of 999 bytes")
	_, err = p.Open("word/missing.xml", 0)
	ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{}, "damaged .docx: it has no part word/missing.xml")

	// Set the "encrypted" flag of the document in its central directory entry.
	i := bytes.Index(data, []byte("PK\x01\x02"))
	data[i+8] |= 1
	if p, err = Open(data, ".docx", Limits{}); err != nil {
		t.Fatal(err)
	}
	_, err = p.Open("word/document.xml", 0)
	ooxmltest.WantErr(t, err, grid.ErrEncrypted, grid.Pos{Part: "Word/document.xml"}, "Word/document.xml: encrypted inside the zip (a zip password)")
	if _, err := p.Open("word/styles.xml", 0); err != nil {
		t.Errorf("a part not encrypted: %v", err)
	}
}

// TestPartLimit is the reader's own bound on inflated bytes, behind the
// zip's check of the declared size: past it a read fails, and Fail says
// the part is too large.
func TestPartLimit(t *testing.T) {
	for _, tt := range []struct {
		n, limit int
		hit      bool
	}{{10, 10, false}, {11, 10, true}, {1, 1, false}, {2, 1, true}, {5000, 4096, true}, {5000, 0, false}} {
		r := &Part{Name: "p.xml", pkg: &Package{noun: "workbook"}, rc: io.NopCloser(strings.NewReader(strings.Repeat("x", tt.n))), limit: int64(tt.limit), left: int64(tt.limit)}
		b, err := io.ReadAll(r)
		want := tt.n
		if tt.limit > 0 {
			want = min(tt.n, tt.limit)
		}
		if r.hit != tt.hit || (err != nil) != tt.hit || len(b) != want {
			t.Errorf("%d bytes, limit %d: read %d, hit %v, err %v", tt.n, tt.limit, len(b), r.hit, err)
		}
		if tt.hit {
			ooxmltest.WantErr(t, r.Fail(err, "the part", 1), grid.ErrTooLarge, grid.Pos{Part: "p.xml"}, "p.xml: inflates to more than "+FormatSize(uint64(tt.limit))+", the reader's limit")
		}
	}
}

// TestFail turns what reading a part's XML failed with into errors at the
// part and line.
func TestFail(t *testing.T) {
	r := &Part{Name: "xl/sharedStrings.xml", pkg: &Package{noun: "workbook"}}
	var err error
	d := xml.NewDecoder(strings.NewReader("<sst>\n<si>&bogus;</si></sst>"))
	for err == nil {
		_, err = d.Token()
	}
	ooxmltest.WantErr(t, r.Fail(err, "the shared strings", 9), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 2},
		`xl/sharedStrings.xml line 2: damaged workbook: the shared strings is not well-formed XML: invalid character entity "&bogus;"`)
	ooxmltest.WantErr(t, r.Fail(io.ErrUnexpectedEOF, "the shared strings", 3), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 3},
		"damaged workbook: cannot unpack the shared strings: its compressed data ends too soon")
	ooxmltest.WantErr(t, r.Fail(flate.CorruptInputError(6), "the shared strings", 1), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1},
		"damaged workbook: cannot unpack the shared strings: its compressed data is damaged")
	ooxmltest.WantErr(t, r.Fail(zip.ErrChecksum, "the shared strings", 1), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1},
		"damaged workbook: cannot unpack the shared strings: its data does not match its checksum")
	ooxmltest.WantErr(t, r.Fail(zip.ErrFormat, "the shared strings", 1), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1},
		"damaged workbook: cannot unpack the shared strings: it unpacks to another size than the zip's directory says")
	ooxmltest.WantErr(t, r.Fail(errors.New("bytes.Reader.ReadAt: negative offset"), "the shared strings", 1), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1},
		"damaged workbook: cannot read the shared strings")
	// What encoding/xml quotes of the part is 20 characters at most.
	d = xml.NewDecoder(strings.NewReader("<sst>&" + strings.Repeat("x", 5000) + ";</sst>"))
	for err = nil; err == nil; {
		_, err = d.Token()
	}
	ooxmltest.WantErr(t, r.Fail(err, "the shared strings", 1), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1},
		`invalid character entity "&xxxxxxxxxxxxxxxxxxx"…`)
	d = xml.NewDecoder(strings.NewReader("<sst>&\xf0\x8b<si/></sst>"))
	for err = nil; err == nil; {
		_, err = d.Token()
	}
	ooxmltest.WantErr(t, r.Fail(err, "the shared strings", 1), grid.ErrCorrupt, grid.Pos{Part: "xl/sharedStrings.xml", Line: 1},
		`invalid character entity "&\xf0\x8b" (no semicolon)`)
	if msg := r.Fail(err, "the shared strings", 1).Error(); len(msg) > 200 {
		t.Errorf("a message of %d bytes: %.100s…", len(msg), msg)
	}
	ooxmltest.WantErr(t, r.Fail(grid.Errorf(grid.ErrTooLarge, "too many cells"), "the shared strings", 4), grid.ErrTooLarge, grid.Pos{Part: "xl/sharedStrings.xml", Line: 4}, "too many cells")
	cell := &grid.Error{Pos: grid.Pos{Sheet: "S", Ref: "A1"}, Err: grid.Errorf(grid.ErrCorrupt, "bad cell")}
	ooxmltest.WantErr(t, r.Fail(cell, "the shared strings", 4), grid.ErrCorrupt, grid.Pos{Sheet: "S", Ref: "A1"}, "bad cell")
}

func TestScan(t *testing.T) {
	cell := &grid.Error{Pos: grid.Pos{Sheet: "S", Ref: "B2"}, Err: grid.Errorf(grid.ErrCorrupt, "a bad cell")}
	for _, tt := range []struct {
		name, xml string
		visit     func(*Token, []string) error
		err       error
		pos       grid.Pos
		msg       string
	}{
		{"good", "<?xml version=\"1.0\"?>\n<sst><si><t>a</t></si></sst>\n", nil, nil, grid.Pos{}, ""},
		{"not well-formed", "<sst>\n<si></sst>", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 2}, "damaged workbook: the part is not well-formed XML: unexpected </sst>"},
		{"syntax", "<sst>\n\n<si a=></si></sst>", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 3}, "damaged workbook: the part is not well-formed XML: unquoted or missing attribute value in element"},
		{"cut short", "<sst>\n<si>", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 2}, "damaged workbook: the part ends in the middle of its XML"},
		{"no XML", "hello", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml"}, "damaged workbook: the part holds no XML"},
		{"another root", "\n<worksheet/>", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 2}, "damaged workbook: the part is not a <sst> part: its XML is <worksheet>"},
		{"two roots", "<sst/><sst/>", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 1}, "is not a <sst> part: its XML is <sst>"},
		{"at the depth limit", "<sst>" + strings.Repeat("<a>", 7) + strings.Repeat("</a>", 7) + "</sst>", nil, nil, grid.Pos{}, ""},
		{"too deep", "<sst>" + strings.Repeat("<a>", 8) + strings.Repeat("</a>", 8) + "</sst>", nil, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 1}, "damaged workbook: the part nests elements more than 8 deep"},
		{"visit fails", "<sst>\n\n<si/></sst>", func(t *Token, _ []string) error {
			if t.Kind == StartElement && t.Name == "si" {
				return grid.Errorf(grid.ErrCorrupt, "a bad item")
			}
			return nil
		}, grid.ErrCorrupt, grid.Pos{Part: "p.xml", Line: 3}, "p.xml line 3: a bad item"},
		{"visit fails at a cell", "<sst><si/></sst>", func(t *Token, _ []string) error {
			if t.Kind == EndElement {
				return cell
			}
			return nil
		}, grid.ErrCorrupt, grid.Pos{Sheet: "S", Ref: "B2"}, "S!B2: a bad cell"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p, err := Open(ooxmltest.Zip(t, [2]string{"p.xml", tt.xml}), "workbook", Limits{Depth: 8})
			if err != nil {
				t.Fatal(err)
			}
			visit := tt.visit
			if visit == nil {
				visit = func(*Token, []string) error { return nil }
			}
			err = p.Scan("P.xml", "the part", "sst", visit)
			if tt.err == nil {
				if err != nil {
					t.Errorf("err = %v", err)
				}
				return
			}
			ooxmltest.WantErr(t, err, tt.err, tt.pos, tt.msg)
		})
	}
	p, err := Open(ooxmltest.Zip(t, [2]string{"p.xml", "<sst/>"}), "workbook", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Scan("missing.xml", "the part", "sst", nil); err != nil {
		t.Errorf("a missing part: %v", err)
	}
}

// TestScanVisits: visit sees elements and text with the path they are in.
func TestScanVisits(t *testing.T) {
	p, err := Open(ooxmltest.Zip(t, [2]string{"p.xml", `<?xml version="1.0"?><sst><si><t>a</t><!-- no --></si></sst>`}), "workbook", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	err = p.Scan("p.xml", "the part", "sst", func(t *Token, stack []string) error {
		path := strings.Join(stack, "/")
		switch t.Kind {
		case StartElement:
			got = append(got, "<"+path)
		case EndElement:
			got = append(got, ">"+path)
		case CharData:
			got = append(got, path+"="+string(t.Text))
		}
		return nil
	})
	want := []string{"<sst", "<sst/si", "<sst/si/t", "sst/si/t=a", ">sst/si/t", ">sst/si", ">sst"}
	if err != nil || !slices.Equal(got, want) {
		t.Errorf("visits %q, %v; want %q", got, err, want)
	}
}

func TestRels(t *testing.T) {
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
	rels := func(r ...string) string {
		return `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + strings.Join(r, "") + `</Relationships>`
	}
	p, err := Open(ooxmltest.Zip(t,
		[2]string{"_rels/.rels", rels(`<Relationship Id="rId1" Type="` + rel + `officeDocument" Target="xl/workbook.xml"/>`)},
		[2]string{`xl\_rels\workbook.xml.rels`, rels(
			`<Relationship Id="a" Type="`+rel+`worksheet" Target="worksheets/sheet2.xml"/>`,
			`<Relationship Id="b" Type="`+rel+`worksheet" Target="/xl/worksheets/../worksheets/sheet1.xml"/>`,
			`<Relationship Id="c" Type="`+rel+`styles" Target="..\..\..\styles.xml"/>`,
			`<Relationship Id="d" Type="`+rel+`hyperlink" Target="http://example.com/" TargetMode="external"/>`,
			`<Relationship Id="e" Type="http://purl.oclc.org/ooxml/officeDocument/relationships/theme" Target="./theme/theme1.xml"/>`,
		)},
		[2]string{"big/_rels/x.xml.rels", rels(strings.Repeat(" ", 2000))},
		[2]string{"bad/_rels/x.xml.rels", "<Relationships>"},
	), "workbook", Limits{Rels: 1000})
	if err != nil {
		t.Fatal(err)
	}
	root, err := p.Rels("")
	if err != nil || root.Target("officeDocument") != "xl/workbook.xml" {
		t.Errorf("the package's relationships: %v, %v", root, err)
	}
	wb, err := p.Rels("xl/workbook.xml")
	if err != nil {
		t.Fatal(err)
	}
	want := Rels{
		"a": {rel + "worksheet", "xl/worksheets/sheet2.xml"},
		"b": {rel + "worksheet", "xl/worksheets/sheet1.xml"},
		"c": {rel + "styles", "styles.xml"},
		"e": {"http://purl.oclc.org/ooxml/officeDocument/relationships/theme", "xl/theme/theme1.xml"},
	}
	if !maps.Equal(wb, want) {
		t.Errorf("relationships %v\nwant %v", wb, want)
	}
	for typ, want := range map[string]string{"worksheet": "xl/worksheets/sheet1.xml", "theme": "xl/theme/theme1.xml", "sheet": "", "hyperlink": ""} {
		if got := wb.Target(typ); got != want {
			t.Errorf("Target(%q) = %q, want %q", typ, got, want)
		}
	}
	if r, err := p.Rels("xl/worksheets/sheet1.xml"); err != nil || len(r) != 0 {
		t.Errorf("a part without relationships: %v, %v", r, err)
	}
	_, err = p.Rels("big/x.xml")
	ooxmltest.WantErr(t, err, grid.ErrTooLarge, grid.Pos{Part: "big/_rels/x.xml.rels"}, "more than the reader's limit of 1000 bytes")
	_, err = p.Rels("bad/x.xml")
	ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{Part: "bad/_rels/x.xml.rels", Line: 1}, "damaged workbook: the relationships of bad/x.xml ends in the middle of its XML")
}

func TestFormatSize(t *testing.T) {
	for n, want := range map[uint64]string{0: "0 bytes", 1: "1 byte", 1000: "1000 bytes", 1<<20 - 1: "1048575 bytes", 1 << 20: "1 MiB", 8 << 20: "8 MiB",
		10<<20 + 25: "10 MiB", 3 << 19: "1.5 MiB", 600<<20 + 40: "600 MiB", 128<<20 + 1<<19: "128.5 MiB", 1 << 30: "1.0 GiB", 1<<62 - 1: "4294967296.0 GiB"} {
		if got := FormatSize(n); got != want {
			t.Errorf("FormatSize(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestAttr(t *testing.T) {
	se := xml.StartElement{Attr: []xml.Attr{{Name: xml.Name{Space: "w", Local: "val"}, Value: "restart"}, {Name: xml.Name{Local: "r"}, Value: "A1"}}}
	if Attr(se, "val") != "restart" || Attr(se, "r") != "A1" || Attr(se, "id") != "" {
		t.Errorf("attributes of %+v", se)
	}
}

// TestDuplicates: of several members of a name the package reads the
// first that is not empty, and says how many others there are; when two
// that are not empty differ, opening the part fails naming it. Repack
// keeps the member read.
func TestDuplicates(t *testing.T) {
	p, err := Open(ooxmltest.Zip(t,
		[2]string{"xl/worksheets/sheet1.xml", "<worksheet/>"}, [2]string{"xl/worksheets/sheet1.xml", ""}, // an empty one after
		[2]string{"xl/sharedStrings.xml", ""}, [2]string{"XL/sharedStrings.xml", "<sst/>"}, // an empty one before
		[2]string{"xl/styles.xml", "<styleSheet/>"}, [2]string{"xl/styles.xml", "<styleSheet/>"}, // a copy
		[2]string{"xl/workbook.xml", "<workbook/>"}, [2]string{"xl/workbook.xml", "<workbook><sheets/></workbook>"}, // two that differ
		[2]string{"docProps/app.xml", "<Properties/>"},
	), "workbook", Limits{})
	if err != nil {
		t.Fatal(err)
	}
	read := func(name string) (string, error) {
		r, err := p.Open(name, 0)
		if err != nil {
			return "", err
		}
		defer r.Close()
		b, err := io.ReadAll(r)
		return string(b), err
	}
	for name, want := range map[string]string{"xl/worksheets/sheet1.xml": "<worksheet/>", "xl/sharedStrings.xml": "<sst/>", "xl/styles.xml": "<styleSheet/>", "docProps/app.xml": "<Properties/>"} {
		if got, err := read(name); got != want || err != nil {
			t.Errorf("%s: %q, %v; want %q", name, got, err, want)
		}
	}
	for name, want := range map[string]int{"xl/worksheets/sheet1.xml": 1, "xl/SharedStrings.xml": 1, "xl/styles.xml": 1, "xl/workbook.xml": 1, "docProps/app.xml": 0, "missing.xml": 0} {
		if got := p.Duplicates(name); got != want {
			t.Errorf("Duplicates(%s) = %d, want %d", name, got, want)
		}
	}
	_, err = read("xl/workbook.xml")
	ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{Part: "xl/workbook.xml"}, "damaged workbook: the zip holds 2 members of this name with different content, and which one is the part cannot be told")

	repacked, err := p.Repack()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range ooxmltest.Entries(t, repacked) {
		got = append(got, e[0]+"="+e[1])
	}
	want := []string{"xl/worksheets/sheet1.xml=<worksheet/>", "XL/sharedStrings.xml=<sst/>", "xl/styles.xml=<styleSheet/>", "xl/workbook.xml=<workbook/>", "docProps/app.xml=<Properties/>"}
	if !slices.Equal(got, want) {
		t.Errorf("repacked %q\nwant %q", got, want)
	}
}

// TestDamagedSizes: a member whose size in the zip's directory no
// compression gives counts toward no limit and fails, as damaged, when it
// is opened; a size compression can give counts, and past the limit is
// too large.
func TestDamagedSizes(t *testing.T) {
	raw := func(entries ...*zip.FileHeader) []byte {
		var buf bytes.Buffer
		zw := zip.NewWriter(&buf)
		w, _ := zw.Create("a.xml")
		io.WriteString(w, "<a/>")
		for _, h := range entries {
			w, err := zw.CreateRaw(h)
			if err != nil {
				t.Fatal(err)
			}
			w.Write(make([]byte, h.CompressedSize64))
		}
		zw.Close()
		return buf.Bytes()
	}
	for _, tt := range []struct {
		name string
		h    zip.FileHeader
		msg  string // "" for a plausible size
	}{
		{"stored, sizes differ", zip.FileHeader{Name: "b.bin", Method: zip.Store, CompressedSize64: 1, UncompressedSize64: 1 << 62}, "the zip's directory says the part unpacks to 4294967296.0 GiB from 1 byte, which no compression gives: its size field is damaged"},
		{"deflated past 1032:1", zip.FileHeader{Name: "b.bin", Method: zip.Deflate, CompressedSize64: 100, UncompressedSize64: 1 << 30}, "unpacks to 1.0 GiB from 100 bytes, which no compression gives"},
		{"deflated at 1032:1", zip.FileHeader{Name: "b.bin", Method: zip.Deflate, CompressedSize64: 1 << 20, UncompressedSize64: 1 << 30}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data := raw(&tt.h)
			p, err := Open(data, "workbook", Limits{Total: 128 << 20})
			if tt.msg == "" {
				ooxmltest.WantErr(t, err, grid.ErrTooLarge, grid.Pos{}, "the workbook unpacks to 1.0 GiB, over the 128 MiB limit (b.bin alone is 1.0 GiB): a zip bomb")
				return
			}
			if err != nil {
				t.Fatalf("a damaged size counted: %v", err)
			}
			if _, err := p.Open("a.xml", 0); err != nil {
				t.Errorf("another part: %v", err)
			}
			_, err = p.Open("b.bin", 0)
			ooxmltest.WantErr(t, err, grid.ErrCorrupt, grid.Pos{Part: "b.bin"}, tt.msg)
			if strings.Contains(err.Error(), "bomb") {
				t.Errorf("a damaged size called a zip bomb: %v", err)
			}
		})
	}
}

func TestQuote(t *testing.T) {
	for s, want := range map[string]string{
		"":                          `""`,
		"A0":                        `"A0"`,
		"绩效目标":                      `"绩效目标"`,
		"\x00\x01\xfe":              `"\x00\x01\xfe"`,
		strings.Repeat("长", 20):     `"` + strings.Repeat("长", 20) + `"`,
		strings.Repeat("长", 21):     `"` + strings.Repeat("长", 20) + `"…`,
		"12345678901234567890\x00x": `"12345678901234567890"…`,
	} {
		if got := Quote(s); got != want {
			t.Errorf("Quote(%q) = %s, want %s", s, got, want)
		}
	}
	for s, want := range map[string]string{
		"xl/worksheets/sheet1.xml": "xl/worksheets/sheet1.xml",
		"chartsheet":               "chartsheet",
		"a\nb":                     `"a\nb"`,
		strings.Repeat("a", 101):   `"aaaaaaaaaaaaaaaaaaaa"…`,
	} {
		if got := Name(s); got != want {
			t.Errorf("Name(%q) = %s, want %s", s, got, want)
		}
	}
}
