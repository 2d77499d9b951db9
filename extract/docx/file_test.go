package docx_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/docx/internal/docxtest"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxmltest"
	"github.com/jixiao/jixiao/model"
)

// Shorthands for test bodies.
var (
	tbl, tr, tc, cellP = docxtest.Tbl, docxtest.Tr, docxtest.Tc, docxtest.CellP
)

// annual lists a form's annual indicators as L1(code)|L2(code)|name|value,
// a value as its operator, number and unit.
func annual(f model.Form) []string {
	var out []string
	for _, l1 := range f.Indicators.Annual {
		for _, l2 := range l1.Children {
			for _, in := range l2.Indicators {
				v := "∅"
				switch {
				case in.Operator != nil && in.Unit != nil:
					v = *in.Operator + in.Value.String() + " " + *in.Unit
				case in.Text != nil:
					v = "“" + *in.Text + "”"
				}
				out = append(out, fmt.Sprintf("%s(%s)|%s(%s)|%s|%s", l1.Name, l1.Code, l2.Name, l2.Code, in.Name, v))
			}
		}
	}
	return out
}

// TestFiles runs whole files through File: the format is told by content,
// encrypted documents and old binary files jixiao does not read fail with
// what to do, a .doc that is really a .docx is read, and a Word 97–2003
// document is read as one whatever its name.
func TestFiles(t *testing.T) {
	legacy, err := os.ReadFile("../../fixtures/bad/legacy.doc")
	if err != nil {
		t.Fatal(err)
	}
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0, 0, 0, 0, 0}
	doc := docxtest.Doc(t, tbl(
		tr(tc("", cellP("项目名称")), tc("", cellP("专项业务类-测试项目"))),
		tr(tc("", cellP("一级指标")), tc("", cellP("二级指标")), tc("", cellP("三级指标")), tc("", cellP("指标值"))),
		tr(tc("", cellP("产出指标")), tc("", cellP("数量指标")), tc("", cellP("人数")), tc("", cellP("≥10人")))))
	for _, tt := range []struct {
		name string
		data []byte
		err  error
		msg  string
	}{
		{"old.wps", ole, grid.ErrLegacy, "WPS .wps document: save as .docx"},
		{"locked.docx", ole, grid.ErrEncrypted, "document is password-protected"},
		{"rtf.docx", []byte(`{\rtf1\ansi 项目名称}`), grid.ErrLegacy, "an RTF document named .docx"},
		{"empty.docx", nil, grid.ErrEmpty, "empty file"},
		{"form.docx", doc, nil, ""},
		{"really-a-docx.doc", doc, nil, ""},
	} {
		res, err := extract.File(context.Background(), tt.name, tt.data, extract.Options{})
		if tt.err != nil {
			var e *grid.Error
			if !errors.Is(err, tt.err) || !errors.As(err, &e) || e.Path != tt.name || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("%s: err = %v, want %v with %q", tt.name, err, tt.err, tt.msg)
			}
			continue
		}
		if err != nil || res.Format != extract.FormatDOCX || len(res.Forms) != 1 {
			t.Fatalf("%s: %v, format %q, %d forms", tt.name, err, res.Format, len(res.Forms))
		}
		f := res.Forms[0]
		if f.Source.Table != 1 || f.Source.Lines != nil || f.Source.Pages != nil || *f.Project.Name != "专项业务类-测试项目" {
			t.Errorf("%s: source %+v, name %v", tt.name, f.Source, *f.Project.Name)
		}
		if got, want := annual(f), []string{"产出指标(output)|数量指标(quantity)|人数|>=10 人"}; !slices.Equal(got, want) {
			t.Errorf("%s: indicators %q, want %q", tt.name, got, want)
		}
	}
	for _, name := range []string{"old.doc", "old.docx"} {
		// A one-line .doc LibreOffice wrote: read, and no form in it.
		res, err := extract.File(context.Background(), name, legacy, extract.Options{})
		if err != nil || res.Format != extract.FormatDOC || len(res.Forms) != 0 {
			t.Errorf("%s: %v, format %q, %d forms", name, err, res.Format, len(res.Forms))
		}
	}
}

// TestFileErrors: a document File cannot read fails with an *grid.Error
// that names the file and, when the reader knows it, where in the file the
// problem is, and whose text says both; so does every bad document of the
// fixtures; a cancelled read fails with the context's error.
func TestFileErrors(t *testing.T) {
	for _, tt := range []struct {
		file string
		data []byte
		err  error
		pos  grid.Pos
		text string
	}{
		{"dir/tags.docx", ooxmltest.Zip(t, [2]string{"word/document.xml", "<w:document " + docxtest.NS + "><w:body>\n<w:p></w:body>"}), grid.ErrCorrupt, grid.Pos{Part: "word/document.xml", Line: 2},
			"dir/tags.docx: word/document.xml line 2: damaged .docx: the document is not well-formed XML: element <p> closed by </body>"},
		{"pictures.docx", docxtest.Doc(t, docxtest.P(`<w:r><w:drawing/></w:r>`)), grid.ErrNoText, grid.Pos{},
			"pictures.docx: the document has no text, only 1 images: scanned pages?"},
	} {
		_, err := extract.File(context.Background(), tt.file, tt.data, extract.Options{})
		var e *grid.Error
		if !errors.As(err, &e) || e.Path != tt.file || e.Pos != tt.pos || !errors.Is(err, tt.err) || err.Error() != tt.text {
			t.Errorf("err = %q (%#v)\nwant %q, %v at %+v", err, err, tt.text, tt.err, tt.pos)
		}
	}

	names, _ := filepath.Glob("../../fixtures/bad/*.docx")
	if len(names) == 0 {
		t.Fatal("no bad documents")
	}
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		_, err = extract.File(context.Background(), n, data, extract.Options{})
		var e *grid.Error
		if !errors.As(err, &e) || e.Path != n || grid.Kind(err) == nil {
			t.Errorf("%s: %v", n, err)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := extract.File(ctx, "a.docx", docxtest.Doc(t, strings.Repeat(cellP("项目名称"), 2000)), extract.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}
}

// TestFormInTwoTables reads a form whose header block and indicator table
// are two Word tables with a paragraph between them, as a form is when its
// table was split to start the indicators on a new page: one form, whose
// table is the first.
func TestFormInTwoTables(t *testing.T) {
	two := func(label, value string) string { return tr(tc("", cellP(label)), tc(docxtest.Span(3), cellP(value))) }
	doc := docxtest.Doc(t, cellP("项目支出绩效目标申报表")+cellP("（2024年度）")+
		tbl(two("项目名称", "专项业务类-测试项目"), two("主管部门及代码", "[001]某局"), two("项目资金（万元）", ""),
			tr(tc("", cellP("年度资金总额")), tc(docxtest.Span(3), cellP("10"))))+
		`<w:p><w:r><w:br w:type="page"/></w:r></w:p>`+
		tbl(tr(tc("", cellP("一级指标")), tc("", cellP("二级指标")), tc("", cellP("三级指标")), tc("", cellP("指标值"))),
			tr(tc(docxtest.VRestart, cellP("产出指标")), tc("", cellP("数量指标")), tc("", cellP("人数")), tc("", cellP("≥10人"))),
			tr(tc(docxtest.VCont), tc("", cellP("质量指标")), tc("", cellP("合格率")), tc("", cellP("100%")))))
	res, err := extract.File(context.Background(), "two.docx", doc, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Forms) != 1 {
		t.Fatalf("%d forms", len(res.Forms))
	}
	f := res.Forms[0]
	if f.Source.Table != 1 || *f.Year != 2024 || *f.Project.DepartmentCode != "001" || f.Funds.Annual == nil || f.Funds.Annual.Total.String() != "100000" {
		t.Errorf("source %+v, year %v, funds %+v", f.Source, *f.Year, f.Funds.Annual)
	}
	want := []string{
		"产出指标(output)|数量指标(quantity)|人数|>=10 人",
		"产出指标(output)|质量指标(quality)|合格率|=100 %",
	}
	if got := annual(f); !slices.Equal(got, want) {
		t.Errorf("indicators %q, want %q", got, want)
	}
}

// BenchmarkFile is the DOCX path end to end: detect, read, interpret,
// build the records, for the LibreOffice-written T1 fixture 100 times
// over, prose between; its MB/s are of document.xml read.
func BenchmarkFile(b *testing.B) {
	one, err := os.ReadFile("../../fixtures/docx/t1_libreoffice.docx")
	if err != nil {
		b.Fatal(err)
	}
	hundred, _, hundredXML := docxtest.Repeat(b, one, 100, cellP("以下为下一个项目。"))
	b.SetBytes(int64(hundredXML))
	forms := 0
	for b.Loop() {
		res, err := extract.File(context.Background(), "forms.docx", hundred, extract.Options{})
		if err != nil {
			b.Fatal(err)
		}
		forms += len(res.Forms)
	}
	if forms == 0 || forms%100 != 0 {
		b.Fatalf("%d forms", forms)
	}
	b.ReportMetric(float64(forms)/b.Elapsed().Seconds(), "forms/s")
}
