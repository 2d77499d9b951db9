package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/pdf/content"
	"github.com/jixiao/jixiao/extract/pdf/internal/pdftest"
)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	return mustRead(t, filepath.Join("..", "..", "fixtures", "pdf", name))
}

func mustRead(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// cellOf finds the cell whose text is text.
func cellOf(t *testing.T, g *grid.Grid, text string) grid.Cell {
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

// TestReadGrid checks the cells of a form continued on a second page:
// merged cells once at their top-left with their spans, however their
// text is centred and whichever page it landed on.
func TestReadGrid(t *testing.T) {
	t.Parallel()
	gs, err := Read(context.Background(), readFixture(t, "two_page_form.pdf"), Options{})
	if err != nil || len(gs) != 1 {
		t.Fatalf("Read: %d grids, %v", len(gs), err)
	}
	g := gs[0]
	head := cellOf(t, g, "一级指标")
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
		c := cellOf(t, g, tt.text)
		if c.Row-head.Row != tt.row || c.Col != tt.col || c.RowSpan != tt.rowSpan || c.ColSpan != tt.colSpan || c.Pos.Page != tt.page || c.Pos.Box == nil {
			t.Errorf("%s: row %+d col %d span %dx%d page %d, want row %+d col %d span %dx%d page %d",
				tt.text, c.Row-head.Row, c.Col, c.RowSpan, c.ColSpan, c.Pos.Page, tt.row, tt.col, tt.rowSpan, tt.colSpan, tt.page)
		}
	}
	if b := cellOf(t, g, "项目名称").Pos.Box; b.X0 < 0 || b.X1 <= b.X0 || b.Y1 <= b.Y0 || b.Y1 > 600 {
		t.Errorf("box %+v is not on a landscape A4 page", b)
	}
}

// TestReadSpill checks a sheet printed without fit-to-width: the columns
// on page 2 continue the rows of page 1.
func TestReadSpill(t *testing.T) {
	t.Parallel()
	gs, err := Read(context.Background(), readFixture(t, "t1_libreoffice_spill.pdf"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	name := cellOf(t, g, "项目名称")
	unit := cellOf(t, g, "实施单位")
	if unit.Row != name.Row+1 || unit.Pos.Page != 2 {
		t.Errorf("实施单位 at row %d page %d, want row %d page 2", unit.Row, unit.Pos.Page, name.Row+1)
	}
	// The title, cut by the page edge, is whole again.
	cellOf(t, g, "项目支出绩效目标申报表")
}

// TestReadSpillBothWays reads a sheet printed by LibreOffice on A5 at
// 100%: eight pages, its columns spilled over four bands of pages and its
// rows over two, printed down, then across (LibreOffice's way), and
// across, then down. Each reads as one table: the rows of every band side
// by side, the bands of rows one under the other, and cells merged across
// a page break, down or across, read once, whole.
func TestReadSpillBothWays(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"a5_100_t1.pdf", "a5_100_across_t1.pdf"} {
		t.Run(name, func(t *testing.T) { testSpillBothWays(t, name) })
	}
}

func testSpillBothWays(t *testing.T, name string) {
	gs, err := Read(context.Background(), readFixture(t, name), Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	across := strings.Contains(name, "across")
	// The page of a cell printed down, then across: its page printed
	// across, then down (bands of four pages, two rows of them).
	page := func(p int) int {
		if !across {
			return p
		}
		return map[int]int{1: 1, 2: 5, 3: 2, 4: 6, 5: 3, 6: 7, 7: 4, 8: 8}[p]
	}
	head := cellOf(t, g, "主管部门及代码")
	for _, tt := range []struct {
		text             string
		row              int // relative to 主管部门及代码
		page             int
		rowSpan, colSpan int
	}{
		{"实施单位", 0, 5, 1, 2},
		{"宣城市学生资助管理中心", 0, 7, 1, 1},
		{"民生工程类-义务教育学校营养改善计划补助", -1, 1, 1, 6}, // across pages 1 and 3
		{"年度资金总额：", 2, 5, 1, 2},
		{"420.00", 2, 7, 1, 1},
		{"绩效指标", 7, 1, 13, 1}, // down pages 1 and 2
		{"效益指标", 15, 1, 4, 1}, // down pages 1 and 2
		{"学生营养状况改善", 16, 4, 1, 1},
		{"≥90%", 19, 4, 1, 1},
	} {
		c := cellOf(t, g, tt.text)
		if c.Row-head.Row != tt.row || c.Pos.Page != page(tt.page) || c.RowSpan != tt.rowSpan || c.ColSpan != tt.colSpan {
			t.Errorf("%s: row %+d page %d span %dx%d, want row %+d page %d span %dx%d",
				tt.text, c.Row-head.Row, c.Pos.Page, c.RowSpan, c.ColSpan, tt.row, page(tt.page), tt.rowSpan, tt.colSpan)
		}
	}
}

// TestReadLineOverBorder reads a cell whose wrapped text is too tall for
// it: its last line printed over the row's lower border, its middle just
// under the ruling, as LibreOffice prints a row set too low (from a
// sheet whose 主管部门及代码 row was 26 points high, 县水利局 at 713.3–724.3
// over the border at 718.9, 一次性项目 centred in the row under it). The
// line goes to the cell it starts in; the cell under it keeps its own
// text, and no line break joins the two. (Its ff is two letters, not one
// drawn twice over itself for a bold.)
func TestReadLineOverBorder(t *testing.T) {
	t.Parallel()
	var b strings.Builder
	for _, y := range []float64{769.9, 744.4, 718.9, 693.5} {
		fmt.Fprintf(&b, "53.6 %.1f m 236.3 %.1f l S ", y, y)
	}
	for _, x := range []float64{53.6, 150, 236.3} {
		fmt.Fprintf(&b, "%.1f 693.5 m %.1f 769.9 l S ", x, x)
	}
	text := func(x, y float64, s string) { fmt.Fprintf(&b, "BT /F1 11 Tf %.1f %.1f Td (%s) Tj ET ", x, y, s) }
	text(60, 753, "Name")
	text(155, 753, "Water works")
	text(60, 727.6, "Department")
	text(155, 734.5, "Jinzhai County")
	text(155, 714.4, "Water Bureau") // over the border: box 713.1–724.1
	text(60, 702, "Kind")
	text(155, 702, "One-off")
	data := pdftest.OnePage(b.String(), "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>", "")
	gs, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	g := gs[0]
	dept, kind := cellOf(t, g, "Department"), cellOf(t, g, "One-off")
	if c := cellOf(t, g, "Jinzhai County Water Bureau"); c.Row != dept.Row || c.Col != 1 {
		t.Errorf("the wrapped department at row %d col %d, want row %d col 1", c.Row, c.Col, dept.Row)
	}
	if kind.Row != dept.Row+1 {
		t.Errorf("One-off at row %d, want %d", kind.Row, dept.Row+1)
	}
}

func TestReadErrors(t *testing.T) {
	t.Parallel()
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
		{"user password, AES-256", mustRead(t, "testdata/user_password_aes256.pdf"), grid.ErrEncrypted, "encrypted, password required"},
		{"user password, RC4", mustRead(t, "testdata/user_password_rc4.pdf"), grid.ErrEncrypted, "encrypted, password required"},
		{"truncated", good[:len(good)/3], grid.ErrCorrupt, "damaged PDF"},
		{"not a PDF", []byte("%PDF-1.4\nhello"), grid.ErrCorrupt, "damaged PDF"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			gs, err := Read(context.Background(), tt.data, Options{})
			if !errors.Is(err, tt.err) || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("err = %v, want %v with %q", err, tt.err, tt.msg)
			}
			if gs != nil {
				t.Errorf("%d grids beside the error", len(gs))
			}
		})
	}
}

// TestReadEnd reads files whose end is not a bare %%EOF, as mail, upload
// forms and careless tools leave them: bytes after %%EOF (a NUL, a mail
// footer, NUL padding), no %%EOF, no startxref either. Each reads as the
// original does, as pdftotext reads them; only a file that is cut short,
// its cross-reference table and the objects it needs gone, fails so.
func TestReadEnd(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"t2_libreoffice.pdf", "t1_chromium.pdf", "t3_stsong_reportlab.pdf", "t2_aes256_owner_only.pdf"} {
		good := readFixture(t, name)
		want, err := Read(context.Background(), good, Options{})
		if err != nil {
			t.Fatal(err)
		}
		body, ok := bytes.CutSuffix(bytes.TrimRight(good, "\r\n"), []byte("%%EOF"))
		if !ok {
			t.Fatalf("%s does not end with %%%%EOF", name)
		}
		sx := bytes.LastIndex(body, []byte("startxref"))
		for _, tt := range []struct {
			what string
			data []byte
		}{
			{"a NUL after %%EOF", append(bytes.Clone(good), 0)},
			{"a mail footer after %%EOF", append(bytes.Clone(good), "\r\n--\r\n发自我的手机 Sent from my phone\r\n"...)},
			{"NUL padding after %%EOF", append(bytes.Clone(good), make([]byte, 4096)...)},
			{"no %%EOF", bytes.Clone(body)},
			{"no %%EOF, a footer", append(bytes.Clone(body), "\n-- \nsent by the portal\n"...)},
			{"no startxref, no %%EOF", bytes.Clone(body[:sx])},
		} {
			got, err := Read(context.Background(), tt.data, Options{})
			if err != nil {
				t.Errorf("%s, %s: %v", name, tt.what, err)
				continue
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s: reads otherwise than the original", name, tt.what)
			}
		}
	}
	good := readFixture(t, "t2_libreoffice.pdf")
	for _, cut := range []int{len(good) / 3, len(good) * 2 / 3} {
		_, err := Read(context.Background(), good[:cut], Options{})
		if grid.Kind(err) != grid.ErrCorrupt || !strings.Contains(err.Error(), "cut short") {
			t.Errorf("cut at %d of %d bytes: %v, want a file cut short", cut, len(good), err)
		}
	}
}

// TestReadMessages holds what a user reads of a damaged PDF to plain
// words: no Go type names, no object pointers, at most 20 characters of
// the file quoted, escaped, and the page where there is one. A page whose
// stream is damaged, whose content is missing, fails as damaged, not as
// a scan without a text layer.
func TestReadMessages(t *testing.T) {
	t.Parallel()
	helv := "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>"
	good := pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET", helv, "")
	zs := bytes.Index(good, []byte("stream\n")) + len("stream\n")
	badFlate := bytes.Clone(good)
	for i := zs + 2; i < zs+12; i++ {
		badFlate[i] ^= 0x5A
	}
	missing := bytes.Replace(good, []byte("/Contents 4 0 R"), []byte("/Contents 9 0 R"), 1)
	for _, tt := range []struct {
		what string
		data []byte
		msg  string
	}{
		{"a content stream whose compressed data is damaged", badFlate, "a stream's compressed data is damaged"},
		{"a content stream that is missing", missing, "its content stream is missing"},
		{"a file cut short", mustRead(t, "../../fixtures/bad/truncated.pdf"), "cut short"},
	} {
		_, err := Read(context.Background(), tt.data, Options{})
		if grid.Kind(err) != grid.ErrCorrupt || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v, want a damaged file: %q", tt.what, err, tt.msg)
		}
		var e *grid.Error
		if tt.msg != "cut short" && (!errors.As(err, &e) || e.Pos.Page != 1) {
			t.Errorf("%s: %v is not at page 1", tt.what, err)
		}
	}
	goTypes := regexp.MustCompile(`pdf\.[a-z]|u?int(8|16|32|64)\b|float64|\{\d+ \d+\}|objdef|runtime error|interface conversion|%!`)
	quoted := regexp.MustCompile(`“([^”]*)”`)
	names, _ := filepath.Glob("../../fixtures/pdf/*.pdf")
	rng := rand.New(rand.NewPCG(3, 4))
	for _, name := range names {
		data := mustRead(t, name)
		if len(data) > 300<<10 {
			continue
		}
		for range 25 {
			bad := bytes.Clone(data)
			switch rng.IntN(3) {
			case 0:
				at := rng.IntN(len(bad))
				for i := at; i < min(len(bad), at+1+rng.IntN(64)); i++ {
					bad[i] = byte(rng.IntN(256))
				}
			case 1:
				bad = bad[:rng.IntN(len(bad))]
			case 2:
				for range 20 {
					bad[rng.IntN(len(bad))] ^= byte(1 + rng.IntN(255))
				}
			}
			_, err := Read(context.Background(), bad, Options{})
			if err == nil {
				continue
			}
			msg := err.Error()
			switch {
			case !utf8.ValidString(msg) || strings.ContainsFunc(msg, func(r rune) bool { return r < ' ' || r == 0x7F || r == utf8.RuneError }):
				t.Errorf("%s damaged: %q holds raw bytes", filepath.Base(name), msg)
			case goTypes.MatchString(msg):
				t.Errorf("%s damaged: %q speaks Go", filepath.Base(name), msg)
			case utf8.RuneCountInString(msg) > 200:
				t.Errorf("%s damaged: %q is long", filepath.Base(name), msg)
			case strings.Count(msg, "page ") > 1:
				t.Errorf("%s damaged: %q says its page twice", filepath.Base(name), msg)
			}
			for _, q := range quoted.FindAllStringSubmatch(msg, -1) {
				if n := utf8.RuneCountInString(regexp.MustCompile(`\\(x..|u....|.)`).ReplaceAllString(strings.TrimSuffix(q[1], "…"), "_")); n > 20 {
					t.Errorf("%s damaged: %q quotes %d characters", filepath.Base(name), msg, n)
				}
			}
		}
	}
}

// TestReadPageError reads a document whose second page draws a form
// XObject that draws itself: the error is at page 2, as data, and the page
// is too complex, not the file too large.
func TestReadPageError(t *testing.T) {
	t.Parallel()
	data := pdftest.Build(
		"<</Type/Catalog/Pages 2 0 R>>",
		"<</Type/Pages/Kids[3 0 R 4 0 R]/Count 2/MediaBox[0 0 600 800]>>",
		"<</Type/Page/Parent 2 0 R/Contents 5 0 R/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>>>",
		"<</Type/Page/Parent 2 0 R/Contents 6 0 R/Resources<</XObject<</Fm1 7 0 R>>>>>>",
		"zstream:BT /F1 10 Tf 100 700 Td (AB) Tj ET",
		"zstream:/Fm1 Do",
		"stream:/Fm1 Do|/Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</Fm1 7 0 R>>>>")
	_, err := Read(context.Background(), data, Options{})
	var e *grid.Error
	if !errors.As(err, &e) || e.Pos != (grid.Pos{Page: 2}) || e.Path != "" {
		t.Fatalf("err = %#v, want a *grid.Error at page 2 with no path", err)
	}
	if grid.Kind(err) != grid.ErrTooComplex || !strings.Contains(err.Error(), "form XObjects nested more than") {
		t.Errorf("err = %v, want grid.ErrTooComplex for the nesting", err)
	}
}

// TestReadError turns each error of package content into its kind, at
// its page when it has one.
func TestReadError(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		err  error
		kind error
		msg  string
	}{
		{content.ErrPassword, grid.ErrEncrypted, "encrypted, password required"},
		{fmt.Errorf("%w: more than 9 drawing operations", content.ErrTooComplex), grid.ErrTooComplex, "page too complex: more than 9 drawing operations"},
		{fmt.Errorf("%w: a stream decodes to more than 64 MiB", content.ErrTooLarge), grid.ErrTooLarge, "page too large: a stream decodes to more than 64 MiB"},
		{fmt.Errorf("%w: no pages", content.ErrDamaged), grid.ErrCorrupt, "damaged PDF: no pages"},
		{errors.New("no page 9"), grid.ErrCorrupt, "damaged PDF: no page 9"},
	} {
		whole := readError(tt.err, 0)
		if grid.Kind(whole) != tt.kind || whole.Error() != tt.msg {
			t.Errorf("%v: %v (%v), want %v (%v)", tt.err, whole, grid.Kind(whole), tt.msg, tt.kind)
		}
		var e *grid.Error
		if errors.As(whole, &e) {
			t.Errorf("%v: the whole document's error has a position: %#v", tt.err, e)
		}
		at := readError(tt.err, 3)
		if !errors.As(at, &e) || e.Pos != (grid.Pos{Page: 3}) || grid.Kind(at) != tt.kind || e.Err.Error() != tt.msg {
			t.Errorf("%v at page 3: %#v", tt.err, at)
		}
	}
}

// TestReadWorkers reads every PDF fixture one page after another and
// with pages read eight at a time: the grids are the same, and so are the
// rows Keep is asked about, in the same order. A document whose pages
// fail reports the first that does, as one read in order would.
func TestReadWorkers(t *testing.T) {
	t.Parallel()
	names, err := filepath.Glob("../../fixtures/pdf/*.pdf")
	if err != nil || len(names) == 0 {
		t.Fatalf("no PDF fixtures (%v)", err)
	}
	for _, name := range names {
		data := mustRead(t, name)
		read := func(workers int) ([]*grid.Grid, []string) {
			var asked []string
			keep := func(rows []grid.Row) bool {
				asked = append(asked, fmt.Sprint(rows))
				return len(asked)%2 == 0
			}
			gs, err := Read(context.Background(), data, Options{Keep: keep, Workers: workers})
			if err != nil {
				t.Fatalf("%s, %d workers: %v", name, workers, err)
			}
			return gs, asked
		}
		one, askedOne := read(1)
		eight, askedEight := read(8)
		if !reflect.DeepEqual(one, eight) {
			t.Errorf("%s: the grid read eight pages at a time differs from the one read page by page", filepath.Base(name))
		}
		if !reflect.DeepEqual(askedOne, askedEight) {
			t.Errorf("%s: Keep was asked about other rows with eight workers", filepath.Base(name))
		}
	}
	// Pages 3 and 5 of six draw a form XObject that draws itself.
	objs := []string{"<</Type/Catalog/Pages 2 0 R>>", ""}
	var kids []string
	for i := range 6 {
		kids = append(kids, fmt.Sprintf("%d 0 R", 3+i))
		xobj := ""
		if i == 2 || i == 4 {
			xobj = "/XObject<</Fm1 10 0 R>>"
		}
		objs = append(objs, "<</Type/Page/Parent 2 0 R/Contents 9 0 R/Resources<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>"+xobj+">>>>")
	}
	objs[1] = "<</Type/Pages/Kids[" + strings.Join(kids, " ") + "]/Count 6/MediaBox[0 0 600 800]>>"
	objs = append(objs, "zstream:BT /F1 10 Tf 100 700 Td (AB) Tj ET /Fm1 Do",
		"stream:/Fm1 Do|/Type/XObject/Subtype/Form/BBox[0 0 10 10]/Resources<</XObject<</Fm1 10 0 R>>>>")
	data := pdftest.Build(objs...)
	for _, workers := range []int{1, 2, 8} {
		_, err := Read(context.Background(), data, Options{Workers: workers})
		var e *grid.Error
		if !errors.As(err, &e) || e.Pos.Page != 3 || grid.Kind(err) != grid.ErrTooComplex {
			t.Errorf("%d workers: %v, want page 3 too complex", workers, err)
		}
	}
}

// TestReadCancel stops between pages.
func TestReadCancel(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, readFixture(t, "long_report.pdf"), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

// TestReadKeep reads the 100-page report, whose forms are on pages 31 and
// 72, with a Keep that knows a form by its 项目名称 row: the grid keeps the
// rows of the form pages and a few rows either side of the prose, not the
// prose of 98 pages, so memory follows the forms, not the length. Without
// Keep, every row stays.
func TestReadKeep(t *testing.T) {
	t.Parallel()
	data := readFixture(t, "report_100_pages.pdf")
	all, err := Read(context.Background(), data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	perPage := func(g *grid.Grid) map[int]int {
		pages := map[int]int{}
		for _, r := range g.Rows {
			pages[r.Pos.Page]++
		}
		return pages
	}
	if pages := perPage(all[0]); len(pages) != 100 {
		t.Errorf("without Keep, rows of %d pages kept, want all 100", len(pages))
	}
	named := func(rows []grid.Row) bool {
		for _, r := range rows {
			for _, c := range r.Cells {
				if c.Text == "项目名称" {
					return true
				}
			}
		}
		return false
	}
	gs, err := Read(context.Background(), data, Options{Keep: named})
	if err != nil {
		t.Fatal(err)
	}
	pages, want := perPage(gs[0]), perPage(all[0])
	for p := range pages {
		switch p {
		case 1, 30, 31, 32, 71, 72, 73, 100:
		default:
			t.Errorf("rows of page %d kept: %v", p, pages)
		}
	}
	for _, p := range []int{31, 72} {
		if pages[p] != want[p] || want[p] == 0 {
			t.Errorf("form page %d: %d rows kept of %d", p, pages[p], want[p])
		}
	}
	if n := len(gs[0].Rows); n > 100 {
		t.Errorf("%d rows kept of a report of 100 pages", n)
	}
}

// FuzzRead reads any bytes as a PDF: grids, or an error of one of package
// grid's kinds, at a page when it has a position, never a panic, in
// bounded time. It is seeded with the PDF fixtures. Its Keep keeps every
// other run of rows, so that trimming is read too. Run it with
// -fuzzminimizetime 10x: minimizing each new input of PDF size takes the
// minute the default allows, a minute in which nothing is fuzzed.
func FuzzRead(f *testing.F) {
	names, _ := filepath.Glob("../../fixtures/pdf/*.pdf")
	more, _ := filepath.Glob("testdata/*.pdf")
	if len(names) == 0 || len(more) == 0 {
		f.Fatal("no PDFs to seed the corpus with")
	}
	for _, name := range append(names, more...) {
		// The long reports would make every input the fuzzer tries as
		// long, for no more than their pages of prose would find.
		if data := mustRead(f, name); len(data) <= 256<<10 {
			f.Add(data)
		}
	}
	f.Add(pdftest.OnePage("BT /F1 10 Tf 100 700 Td (AB) Tj ET 0 0 m 10 0 l S", "<</Font<</F1<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>>>>>", ""))
	f.Fuzz(func(t *testing.T, data []byte) {
		calls := 0
		keep := func([]grid.Row) bool { calls++; return calls%2 == 0 }
		gs, err := Read(context.Background(), data, Options{Keep: keep})
		if err == nil {
			if len(gs) != 1 || gs[0] == nil {
				t.Fatalf("no error and %d grids", len(gs))
			}
			return
		}
		if gs != nil {
			t.Errorf("%d grids beside the error %v", len(gs), err)
		}
		if grid.Kind(err) == nil && !errors.Is(err, context.Canceled) && !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("%v (%T) is of no kind", err, err)
		}
		var e *grid.Error
		if errors.As(err, &e) && (e.Path != "" || e.Pos.Page < 1 || e.Pos != (grid.Pos{Page: e.Pos.Page})) {
			t.Fatalf("%v: the position is %+v, the path %q; want only a page", err, e.Pos, e.Path)
		}
	})
}

// TestReadPagePanic: a panic while a page is read on a goroutine of its
// own is raised on Read's, as reading page by page raises it, so that the
// caller's recover makes it the file's failure, not the run's end; it
// says what the panic said and carries the stack where it happened.
func TestReadPagePanic(t *testing.T) {
	testPanic = func(page int) {
		if page == 40 {
			panic("page 40 went wrong")
		}
	}
	defer func() { testPanic = nil }()
	for _, workers := range []int{1, 4} {
		func() {
			defer func() {
				r := recover()
				if r == nil || !strings.Contains(fmt.Sprint(r), "page 40 went wrong") {
					t.Fatalf("%d workers: recovered %v", workers, r)
				}
				if p, ok := r.(interface{ Stack() []byte }); workers > 1 && (!ok || !strings.Contains(string(p.Stack()), "TestReadPagePanic")) {
					t.Errorf("%d workers: the panic carries no stack of where it happened", workers)
				}
			}()
			Read(context.Background(), readFixture(t, "report_100_pages.pdf"), Options{Workers: workers})
		}()
	}
}
