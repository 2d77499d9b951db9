package xlsx_test

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/internal/ooxmltest"
	"github.com/jixiao/jixiao/extract/xlsx"
	"github.com/jixiao/jixiao/model"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestFile reads a workbook fixture end to end: the form's source names
// its sheet and cells, and a formula saved without a value is a warning
// on its form, of the code the reader's note has.
func TestFile(t *testing.T) {
	data := readFile(t, "../../fixtures/xlsx/formula_no_value.xlsx")
	res, err := extract.File(context.Background(), "dir/a.xlsx", data, extract.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != extract.FormatXLSX || res.Encoding != "" || len(res.Forms) != 1 {
		t.Fatalf("%q %q %d forms", res.Format, res.Encoding, len(res.Forms))
	}
	f := res.Forms[0]
	if f.Source.Sheet != "绩效目标" || f.Source.Cells != "A1:E21" || f.Source.Lines != nil {
		t.Errorf("source %+v", f.Source)
	}
	if f.Funds.Annual == nil || f.Funds.Annual.Total != nil {
		t.Errorf("the total is a formula with no value: %+v", f.Funds.Annual)
	}
	if len(f.Warnings) != 1 || f.Warnings[0].Code != model.WarnFormula || f.Warnings[0].Where != "绩效目标!D7" {
		t.Errorf("warnings %+v", f.Warnings)
	}
	grids, err := xlsx.Read(context.Background(), data, xlsx.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if n := grids[0].Notes; len(n) != 1 || n[0].Code != model.WarnFormula {
		t.Errorf("notes %+v: want one of code %q", n, model.WarnFormula)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := extract.File(ctx, "a.xlsx", data, extract.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
	if _, err := xlsx.Read(ctx, data, xlsx.Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("Read cancelled: %v", err)
	}
}

// TestFileErrors: a workbook File cannot read fails with an *grid.Error
// that names the file and, when the reader knows it, where in the file
// the problem is, and whose text says both.
func TestFileErrors(t *testing.T) {
	good := readFile(t, "../../fixtures/xlsx/t1_side_by_side.xlsx")
	grids, err := xlsx.Read(context.Background(), good, xlsx.Options{})
	if err != nil || len(grids) == 0 {
		t.Fatalf("%d grids, %v", len(grids), err)
	}
	name := grid.QuoteSheet(grids[0].Sheet)
	withSheet := func(sheet string) []byte {
		entries := ooxmltest.Entries(t, good)
		for i, e := range entries {
			if e[0] == "xl/worksheets/sheet1.xml" {
				entries[i][1] = sheet
				return ooxmltest.Zip(t, entries...)
			}
		}
		t.Fatal("no xl/worksheets/sheet1.xml")
		return nil
	}
	for _, tt := range []struct {
		file string
		data []byte
		err  error
		pos  grid.Pos
		text string // the whole of Error(), or its start when it ends in …
	}{
		{"bad/tags.xlsx", withSheet("<worksheet><sheetData>\n<row></sheetData></worksheet>"), grid.ErrCorrupt, grid.Pos{Part: "xl/worksheets/sheet1.xml", Line: 2},
			"bad/tags.xlsx: xl/worksheets/sheet1.xml line 2: damaged workbook: sheet " + name + " is not well-formed XML: unexpected </sheetData>"},
		{"index.xlsx", withSheet(`<worksheet><sheetData><row r="2"><c r="B2" t="s"><v>9999</v></c></row></sheetData></worksheet>`), grid.ErrCorrupt, grid.Pos{Sheet: grids[0].Sheet, Ref: "B2"},
			"index.xlsx: " + name + `!B2: damaged workbook: the cell refers to shared string "9999", and there are …`},
		{"cut.xlsx", good[:len(good)/2], grid.ErrCorrupt, grid.Pos{}, "cut.xlsx: damaged workbook: not a readable zip archive (…"},
		{"locked.xlsx", readFile(t, "../../fixtures/bad/password.xlsx"), grid.ErrEncrypted, grid.Pos{}, "locked.xlsx: workbook is password-protected (an encrypted Office file)"},
	} {
		t.Run(tt.file, func(t *testing.T) {
			_, err := extract.File(context.Background(), tt.file, tt.data, extract.Options{})
			var e *grid.Error
			if !errors.As(err, &e) || e.Path != tt.file || e.Pos != tt.pos || !errors.Is(err, tt.err) {
				t.Fatalf("err = %#v, want %v at %+v in %s", err, tt.err, tt.pos, tt.file)
			}
			if want, ok := strings.CutSuffix(tt.text, "…"); ok && !strings.HasPrefix(err.Error(), want) || !ok && err.Error() != tt.text {
				t.Errorf("err = %q\nwant %q", err, tt.text)
			}
		})
	}

	// Every bad workbook of the fixtures fails with an error of its kind
	// that names it.
	names, _ := filepath.Glob("../../fixtures/bad/*.xlsx")
	if len(names) == 0 {
		t.Fatal("no bad workbooks")
	}
	for _, n := range names {
		_, err := extract.File(context.Background(), n, readFile(t, n), extract.Options{})
		var e *grid.Error
		if !errors.As(err, &e) || e.Path != n || grid.Kind(err) == nil {
			t.Errorf("%s: %v", n, err)
		}
	}

	// A document named .xlsx is read as what it is.
	doc := ooxmltest.Zip(t, [2]string{"[Content_Types].xml", "<Types/>"}, [2]string{"word/document.xml", "<w:document/>"})
	if res, _ := extract.File(context.Background(), "doc.xlsx", doc, extract.Options{}); res.Format != extract.FormatDOCX {
		t.Errorf("a .docx named .xlsx is read as %q", res.Format)
	}
}

// BenchmarkFile is the workbook path end to end for a one-form workbook
// (T1, 8 KB): check the package, read with excelize, interpret, build the
// record. The goal is 300 such workbooks a second on two cores:
// see BenchmarkFileParallel with -cpu 2.
func BenchmarkFile(b *testing.B) {
	data := readFile(b, "../../fixtures/xlsx/t1_side_by_side.xlsx")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if res, err := extract.File(context.Background(), "t1.xlsx", data, extract.Options{}); err != nil || len(res.Forms) != 1 {
			b.Fatalf("%v, want one form", err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "workbooks/s")
}

// BenchmarkFileParallel is BenchmarkFile on every CPU at once.
func BenchmarkFileParallel(b *testing.B) {
	data := readFile(b, "../../fixtures/xlsx/t1_side_by_side.xlsx")
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if res, err := extract.File(context.Background(), "t1.xlsx", data, extract.Options{}); err != nil || len(res.Forms) != 1 {
				b.Errorf("%v, want one form", err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "workbooks/s")
}

// TestFileDamagedPackage: a one-form workbook damaged where a form can do
// without (its content types, a sheet written twice, its styles) gives
// its form, with a damaged_part warning that says where; the form is the
// undamaged one's but for that warning (and, without styles, for its
// numbers shown unformatted).
func TestFileDamagedPackage(t *testing.T) {
	good := readFile(t, "../../fixtures/xlsx/t2_annual.xlsx")
	want, err := extract.File(context.Background(), "t2.xlsx", good, extract.Options{})
	if err != nil || len(want.Forms) != 1 {
		t.Fatalf("%v, %d forms", err, len(want.Forms))
	}
	const sheet1 = "xl/worksheets/sheet1.xml"
	for _, tt := range []struct {
		name  string
		edit  func([][2]string) [][2]string
		where string
		same  bool // the form is the undamaged one's but for the warning
	}{
		{"content types cut short", func(es [][2]string) [][2]string {
			return set(es, "[Content_Types].xml", `<?xml version="1.0"?>`+"\n"+`<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/>`)
		}, "[Content_Types].xml line 2", true},
		{"an empty member after the sheet", func(es [][2]string) [][2]string {
			for i, e := range es {
				if e[0] == sheet1 {
					return slices.Insert(es, i+1, [2]string{sheet1, ""})
				}
			}
			t.Fatal("no sheet")
			return nil
		}, sheet1, true},
		{"no styles", func(es [][2]string) [][2]string {
			return slices.DeleteFunc(es, func(e [2]string) bool { return e[0] == "xl/styles.xml" })
		}, "xl/styles.xml", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res, err := extract.File(context.Background(), "t2.xlsx", ooxmltest.Zip(t, tt.edit(ooxmltest.Entries(t, good))...), extract.Options{})
			if err != nil || len(res.Forms) != 1 {
				t.Fatalf("%v, %d forms", err, len(res.Forms))
			}
			f := res.Forms[0]
			var rest []model.Warning
			damaged := 0
			for _, w := range f.Warnings {
				if w.Code == model.WarnDamagedPart {
					damaged++
					if w.Where != tt.where {
						t.Errorf("warning at %s, want %s: %s", w.Where, tt.where, w.Message)
					}
					continue
				}
				rest = append(rest, w)
			}
			if damaged != 1 {
				t.Errorf("%d damaged_part warnings: %+v", damaged, f.Warnings)
			}
			if !tt.same {
				return
			}
			f.Warnings, f.ID, f.Source.SHA256 = rest, want.Forms[0].ID, want.Forms[0].Source.SHA256
			if f.Warnings == nil {
				f.Warnings = []model.Warning{}
			}
			got, _ := json.Marshal(f)
			exp, _ := json.Marshal(want.Forms[0])
			if string(got) != string(exp) {
				t.Errorf("the form differs:\n got %s\nwant %s", got, exp)
			}
		})
	}
}

// set returns entries with a part's content replaced.
func set(entries [][2]string, name, content string) [][2]string {
	for i, e := range entries {
		if e[0] == name {
			entries[i][1] = content
		}
	}
	return entries
}
