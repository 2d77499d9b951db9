package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/extract/internal/pdftest"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "fixtures", "pdf", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// pdfCell finds the cell whose text is text.
func pdfCell(t *testing.T, g *grid.Grid, text string) grid.Cell {
	t.Helper()
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			if c.Text == text {
				return c
			}
		}
	}
	t.Fatalf("no cell %q", text)
	return grid.Cell{}
}

// TestReadPDFGrid checks the cells of a form continued on a second page:
// merged cells once at their top-left with their spans, however their
// text is centred and whichever page it landed on.
func TestReadPDFGrid(t *testing.T) {
	gs, enc, err := readPDF(context.Background(), readFixture(t, "two_page_form.pdf"))
	if err != nil || len(gs) != 1 || enc != "" {
		t.Fatalf("readPDF: %d grids, %q, %v", len(gs), enc, err)
	}
	g := gs[0]
	head := pdfCell(t, g, "一级指标")
	tests := []struct {
		text             string
		row, col         int // row relative to the heading row
		rowSpan, colSpan int
		page             int
	}{
		{"项目名称", -7, 0, 1, 1, 1},
		{"专项业务类-农村饮水安全工程维修养护", -7, 1, 1, 4, 1},
		{"项目资金（万元）", -4, 0, 3, 1, 1},
		{"85.60", -4, 3, 1, 2, 1},
		// Centred over ten rows, its text fell on page 2; it stands in
		// its top-left cell, in the heading row on page 1.
		{"年度绩效指标", 0, 0, 10, 1, 1},
		{"产出指标", 1, 1, 6, 1, 1}, // over the page break
		{"时效指标", 5, 2, 1, 1, 2},
		{"不低于90%", 9, 4, 1, 1, 2},
	}
	for _, tt := range tests {
		c := pdfCell(t, g, tt.text)
		if c.Row-head.Row != tt.row || c.Col != tt.col || c.RowSpan != tt.rowSpan || c.ColSpan != tt.colSpan || c.Pos.Page != tt.page || c.Pos.Box == nil {
			t.Errorf("%s: row %+d col %d span %dx%d page %d, want row %+d col %d span %dx%d page %d",
				tt.text, c.Row-head.Row, c.Col, c.RowSpan, c.ColSpan, c.Pos.Page, tt.row, tt.col, tt.rowSpan, tt.colSpan, tt.page)
		}
	}
	if b := pdfCell(t, g, "项目名称").Pos.Box; b.X0 < 0 || b.X1 <= b.X0 || b.Y1 <= b.Y0 || b.Y1 > 600 {
		t.Errorf("box %+v is not on a landscape A4 page", b)
	}
}

// TestReadPDFSpill checks a sheet printed without fit-to-width: the
// columns on page 2 continue the rows of page 1.
func TestReadPDFSpill(t *testing.T) {
	gs, _, err := readPDF(context.Background(), readFixture(t, "t1_libreoffice_spill.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	name := pdfCell(t, g, "项目名称")
	unit := pdfCell(t, g, "实施单位")
	if unit.Row != name.Row+1 || unit.Pos.Page != 2 {
		t.Errorf("实施单位 at row %d page %d, want row %d page 2", unit.Row, unit.Pos.Page, name.Row+1)
	}
	// The title, cut by the page edge, is whole again.
	pdfCell(t, g, "项目支出绩效目标申报表")
}

func TestReadPDFErrors(t *testing.T) {
	image := pdftest.OnePage("q 600 0 0 800 0 0 cm /Im1 Do Q", "<</XObject<</Im1 5 0 R>>>>", "",
		"stream:\x00|/Type/XObject/Subtype/Image/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray")
	undecodable := pdftest.OnePage("BT /F1 10 Tf 50 500 Td <00010002> Tj ET", "<</Font<</F1 5 0 R>>>>", "",
		"<</Type/Font/Subtype/Type0/BaseFont/X/Encoding/Identity-H/DescendantFonts[6 0 R]>>",
		"<</Type/Font/Subtype/CIDFontType2/BaseFont/X/DW 1000>>")
	good := readFixture(t, "t2_libreoffice.pdf")
	tests := []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"scanned", image, grid.ErrNoText, "no text layer (scanned image?)"},
		{"no text at all", pdftest.OnePage("0 0 m 100 100 l S", "<<>>", ""), grid.ErrNoText, "no text layer (scanned image?)"},
		{"fonts without text", undecodable, grid.ErrNoText, "no readable text layer"},
		{"user password, AES-256", mustRead(t, "testdata/pdf/user_password_aes256.pdf"), grid.ErrEncrypted, "encrypted, password required"},
		{"user password, RC4", mustRead(t, "testdata/pdf/user_password_rc4.pdf"), grid.ErrEncrypted, "encrypted, password required"},
		{"truncated", good[:len(good)/3], grid.ErrCorrupt, "damaged PDF"},
		{"not a PDF", []byte("%PDF-1.4\nhello"), grid.ErrCorrupt, "damaged PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := File(context.Background(), "x.pdf", tt.data)
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v with %q", err, tt.err, tt.msg)
			}
			if res.Format != FormatPDF || len(res.Forms) != 0 {
				t.Errorf("format %q, %d forms", res.Format, len(res.Forms))
			}
		})
	}
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func regexpReplace(b []byte, pattern, with string) []byte {
	return regexp.MustCompile(pattern).ReplaceAll(b, []byte(with))
}

// TestReadPDFOwnerPassword reads copies encrypted with an owner password
// only (RC4 and AES-128 by the object layer, AES-256 by package content): each
// gives the form its plain original gives.
func TestReadPDFOwnerPassword(t *testing.T) {
	plain, err := File(context.Background(), "x.pdf", readFixture(t, "t3_stsong_reportlab.pdf"))
	if err != nil || len(plain.Forms) != 1 {
		t.Fatalf("plain: %v", err)
	}
	for _, name := range []string{"owner_only_rc4.pdf", "owner_only_aes128.pdf"} {
		res, err := File(context.Background(), "x.pdf", mustRead(t, "testdata/pdf/"+name))
		if err != nil || len(res.Forms) != 1 {
			t.Fatalf("%s: %v", name, err)
		}
		a, b := res.Forms[0], plain.Forms[0]
		a.Source, a.ID, b.ID = b.Source, "", ""
		ja, _ := json.Marshal(a)
		jb, _ := json.Marshal(b)
		if !bytes.Equal(ja, jb) {
			t.Errorf("%s reads otherwise than its plain original", name)
		}
	}
}

// TestReadPDFRepaired reads a complete file whose cross-reference offsets
// were zeroed: its table is rebuilt from its objects, and it reads as the
// original does.
func TestReadPDFRepaired(t *testing.T) {
	good := readFixture(t, "t2_libreoffice.pdf")
	zeroed := regexpReplace(good, `\d{10} 00000 n`, "0000000000 00000 n")
	a, err := File(context.Background(), "x.pdf", good)
	if err != nil {
		t.Fatal(err)
	}
	b, err := File(context.Background(), "x.pdf", zeroed)
	if err != nil || len(b.Forms) != 1 {
		t.Fatalf("zeroed offsets: %v", err)
	}
	a.Forms[0].Source, a.Forms[0].ID, b.Forms[0].ID = b.Forms[0].Source, "", ""
	ja, _ := json.Marshal(a.Forms[0])
	jb, _ := json.Marshal(b.Forms[0])
	if !bytes.Equal(ja, jb) {
		t.Errorf("the repaired file reads otherwise:\n%s\n%s", ja, jb)
	}
}

// TestReadPDFCancel stops between pages.
func TestReadPDFCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := File(ctx, "x.pdf", readFixture(t, "long_report.pdf")); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestReadPDFDamaged reads randomly damaged copies of the fixtures: each
// must fail with a message or read, never panic.
func TestReadPDFDamaged(t *testing.T) {
	names, _ := filepath.Glob("../fixtures/pdf/*.pdf")
	rng := rand.New(rand.NewPCG(1, 2))
	n := 0
	for _, name := range names {
		data := mustRead(t, name)
		for range 12 {
			bad := bytes.Clone(data)
			switch rng.IntN(3) {
			case 0: // overwrite a run of bytes
				at := rng.IntN(len(bad))
				for i := at; i < min(len(bad), at+1+rng.IntN(64)); i++ {
					bad[i] = byte(rng.IntN(256))
				}
			case 1: // cut
				bad = bad[:rng.IntN(len(bad))]
			case 2: // flip bytes all over
				for range 20 {
					bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
				}
			}
			res, err := File(context.Background(), "x.pdf", bad)
			n++
			switch {
			case errors.Is(err, grid.ErrInternal):
				t.Fatalf("%s damaged: %v\n%s", name, err, res.Stack)
			case err != nil:
				if !errors.Is(err, grid.ErrCorrupt) && !errors.Is(err, grid.ErrNoText) && !errors.Is(err, grid.ErrTooLarge) && !errors.Is(err, grid.ErrEmpty) {
					t.Errorf("%s damaged: %v is none of the expected errors", name, err)
				}
			}
		}
	}
	t.Logf("%d damaged copies", n)
}

// FuzzReadPDF reads any bytes as a PDF: an error or grids, never a panic,
// in bounded time. It is seeded with every PDF fixture.
func FuzzReadPDF(f *testing.F) {
	names, _ := filepath.Glob("../fixtures/pdf/*.pdf")
	more, _ := filepath.Glob("testdata/pdf/*.pdf")
	for _, name := range append(names, more...) {
		f.Add(mustRead(f, name))
	}
	f.Add(pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET 0 0 m 10 0 l S", "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>", ""))
	f.Fuzz(func(t *testing.T, data []byte) {
		gs, _, err := readPDF(context.Background(), data)
		if err == nil && len(gs) == 0 {
			t.Fatal("no error and no grid")
		}
		for _, g := range gs {
			Forms(g)
		}
	})
}

// TestReadPDFKeepsFormPages reads the 100-page report: the grid keeps the
// rows of the two form pages and a few rows either side of the prose, not
// the prose of 98 pages, so memory follows the forms, not the length.
func TestReadPDFKeepsFormPages(t *testing.T) {
	gs, _, err := readPDF(context.Background(), readFixture(t, "report_100_pages.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	pages := map[int]int{}
	for _, r := range gs[0].Rows {
		pages[r.Pos.Page]++
	}
	for p := range pages {
		switch p {
		case 1, 30, 31, 32, 71, 72, 73, 100:
		default:
			t.Errorf("rows of page %d kept: %v", p, pages)
		}
	}
	if n := len(gs[0].Rows); n > 100 {
		t.Errorf("%d rows kept of a report of 100 pages", n)
	}
	if f := Forms(gs[0]); len(f) != 2 {
		t.Errorf("%d forms, want 2", len(f))
	}
}
