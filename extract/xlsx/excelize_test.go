package xlsx

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/jixiao/jixiao/extract/xlsx/numfmt"
)

// TestSameAsExcelize holds the reader's one pass to excelize's rules, on
// every fixture and on workbooks written to reach the corners of those
// rules: each cell's value is what excelize's row reader gives raw
// (shared and inline strings, rich text, escapes, repeated elements), and
// each style's number format what GetStyle gives. (Where excelize loses
// a cell, the reader does not: see TestReadBadStyleIndex.)
func TestSameAsExcelize(t *testing.T) {
	books := map[string][]byte{}
	names, _ := filepath.Glob("../../fixtures/xlsx/*.xlsx")
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		books[filepath.Base(n)] = data
	}
	books["corners"] = book{
		strings: []string{"a", `<t>one</t><t>two</t>`, `<r><t>x</t></r><t>y</t><r><rPr/><t>z</t><t>w</t></r>`, `<t>a_x000D_b_x005F_c_x005f_x0041__xD800_</t>`,
			`<rPh sb="0" eb="1"><t>ふ</t></rPh><t>富</t><phoneticPr fontId="1"/>`, `<t><b>nested</b>out</t>`, `<t>&amp;&lt;&#x41;&#66;</t>`, "", " "},
		numFmts: map[int]string{164: `0.0"万元"`, 5: `"$"#,##0`, 14: "yyyy-mm-dd", 30: "m/d", 180: "@"},
		xfs:     []int{9, 164, 5, 14, 30, 7, 180, 59, 70, 199, 23}, // styles 1…11
		sheets: []bookSheet{{name: "S", data: `<sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v> 2 </v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c><c r="H1" t="s"><v>7</v></c><c r="I1" t="s"><v>8</v></c></row>` +
			`<row r="2"><c r="A2" t="inlineStr"><is><t>i</t><r><t>j</t></r></is></c><c r="B2" t="inlineStr"><v>v</v></c><c r="C2" t="inlineStr"><v>v</v><is><t>w_x0041_</t></is></c><c r="D2" t="str"><f>"q"</f><v>q</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="e"><v>#N/A</v></c><c r="G2" t="d"><v>2024-01-02</v></c><c r="H2" t="x"><v>7</v></c></row>` +
			`<row r="3"><c r="A3" s="1"><v>0.5</v></c><c r="B3" s="2"><v>3.25</v></c><c r="C3" s="3"><v>-4</v></c><c r="D3" s="4"><v>45000</v></c><c r="E3" s="5"><v>45000</v></c><c r="F3" s="6"><v>12</v></c><c r="G3" s="7"><v>8</v></c><c r="H3" s="8"><v>9</v></c><c r="I3" s="9"><v>10</v></c><c r="J3" s="10"><v>11</v></c><c r="K3" s="11"><v>12</v></c><c r="L3" s="99"><v>13</v></c></row>` +
			`<row r="4"><c r="A4"><v>1</v><v>2</v></c><c r="B4"><f>A4</f><v>1</v></c><c r="C4"><v> </v></c><c r="D4"><v>a<x>b</x>c</v></c><c r="F4"><v>&#13;&#10;x&#xD;</v></c></row>` +
			`<row><c><v>10</v></c><c><v>11</v></c></row>` +
			`</sheetData>`}},
	}.zip(t)
	for name, data := range books {
		t.Run(name, func(t *testing.T) {
			f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			p, err := openPkg(data, Options{}.withDefaults())
			if err != nil {
				t.Fatal(err)
			}
			sheets, err := p.readWorkbook()
			if err != nil {
				t.Fatal(err)
			}
			if err := p.readSharedStrings(); err != nil {
				t.Fatal(err)
			}
			if err := p.readStyles(Options{}.withDefaults()); err != nil {
				t.Fatal(err)
			}
			for _, sh := range sheets {
				rows, err := f.GetRows(sh.name, excelize.Options{RawCellValue: true})
				if err != nil {
					t.Fatal(err)
				}
				sc, err := p.scanSheet(context.Background(), sh)
				if err != nil {
					t.Fatal(err)
				}
				ours := map[[2]int]cell{}
				for _, c := range sc.cells {
					ours[[2]int{c.row, c.col}] = c
					want := ""
					if c.row < len(rows) && c.col < len(rows[c.row]) {
						want = rows[c.row][c.col]
					}
					if c.value != want {
						t.Errorf("%s!%s: value %q, excelize %q", sh.name, cellName(c), c.value, want)
					}
					if got, want := p.code(c.style), excelizeCode(f, c.style); got != want {
						t.Errorf("%s!%s: style %d is %q, excelize %q", sh.name, cellName(c), c.style, got, want)
					}
				}
				for r, row := range rows {
					for c, v := range row {
						if _, ok := ours[[2]int{r, c}]; !ok && v != "" {
							t.Errorf("%s: (%d, %d) = %q only in excelize", sh.name, r, c, v)
						}
					}
				}
			}
		})
	}
}

// excelizeCode is the number format code the reader took from excelize
// before it read styles itself.
func excelizeCode(f *excelize.File, style int) string {
	st, err := f.GetStyle(style)
	if err != nil {
		return "General"
	}
	if st.CustomNumFmt != nil {
		return *st.CustomNumFmt
	}
	if c, ok := numfmt.Builtin(st.NumFmt); ok {
		return c
	}
	return "General"
}

func cellName(c cell) string { return fmt.Sprintf("%c%d", 'A'+c.col, c.row+1) }

// TestReadBadStyleIndex: a cell whose style index is no number is read,
// in General. (excelize's row reader stops reading such a cell at the
// attribute, and gives it no value.)
func TestReadBadStyleIndex(t *testing.T) {
	g := readBook(t, book{xfs: []int{9}, sheets: []bookSheet{{name: "S", data: `<sheetData><row r="1"><c r="A1" s="x1"><v>0.5</v></c><c r="B1" s="1"><v>0.5</v></c></row></sheetData>`}}})[0]
	check(t, "cells", xcells(g), []string{"A1=0.5", "B1=50%"})
}
