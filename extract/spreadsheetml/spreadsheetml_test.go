package spreadsheetml

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
)

// doc wraps worksheets and styles in a SpreadsheetML workbook.
func doc(styles, body string) []byte {
	return []byte(`<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:html="http://www.w3.org/TR/REC-html40">
<Styles>` + styles + `</Styles>
` + body + `</Workbook>`)
}

// dump writes a grid's cells as "REF[RxC]=text" lines.
func dump(gs []*grid.Grid) string {
	var b strings.Builder
	for _, g := range gs {
		b.WriteString("# " + g.Sheet + "\n")
		for _, r := range g.Rows {
			for _, c := range r.Cells {
				b.WriteString(c.Pos.Ref)
				if c.RowSpan > 1 || c.ColSpan > 1 {
					b.WriteString("[" + itoa(c.RowSpan) + "x" + itoa(c.ColSpan) + "]")
				}
				b.WriteString("=" + c.Text + "\n")
			}
		}
		for _, n := range g.Notes {
			b.WriteString("note " + n.Pos.Ref + " " + n.Code + "\n")
		}
	}
	return b.String()
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestRead(t *testing.T) {
	styles := `<Style ss:ID="Default" ss:Name="Normal"/>
<Style ss:ID="pct"><NumberFormat ss:Format="Percent"/></Style>
<Style ss:ID="pct0"><NumberFormat ss:Format="0%"/></Style>
<Style ss:ID="fixed"><NumberFormat ss:Format="Fixed"/></Style>
<Style ss:ID="std"><NumberFormat ss:Format="Standard"/></Style>
<Style ss:ID="kid" ss:Parent="std"><Font/></Style>
<Style ss:ID="date"><NumberFormat ss:Format="Short Date"/></Style>
<Style ss:ID="cn"><NumberFormat ss:Format="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></Style>
<Style ss:ID="unit"><NumberFormat ss:Format="#,##0&quot;人次&quot;"/></Style>`
	tests := []struct {
		name, body, want string
	}{
		{"types and formats", `<Worksheet ss:Name="S"><Table>
<Row><Cell><Data ss:Type="String">项目名称</Data></Cell><Cell ss:StyleID="pct"><Data ss:Type="Number">0.95</Data></Cell><Cell ss:StyleID="pct0"><Data ss:Type="Number">0.95</Data></Cell></Row>
<Row><Cell ss:StyleID="fixed"><Data ss:Type="Number">1260.5</Data></Cell><Cell ss:StyleID="std"><Data ss:Type="Number">1260.5</Data></Cell><Cell ss:StyleID="kid"><Data ss:Type="Number">1234567.891</Data></Cell></Row>
<Row><Cell ss:StyleID="date"><Data ss:Type="DateTime">2024-06-28T00:00:00.000</Data></Cell><Cell ss:StyleID="cn"><Data ss:Type="DateTime">2024-12-31T00:00:00.000</Data></Cell><Cell ss:StyleID="unit"><Data ss:Type="Number">14000</Data></Cell></Row>
<Row><Cell><Data ss:Type="Boolean">1</Data></Cell><Cell><Data ss:Type="Error">#DIV/0!</Data></Cell><Cell><Data ss:Type="Number">0.1</Data></Cell><Cell><Data ss:Type="Number">123456789012345678</Data></Cell></Row>
</Table></Worksheet>`, `# S
A1=项目名称
B1=95.00%
C1=95%
A2=1260.50
B2=1,260.50
C2=1,234,567.89
A3=2024/6/28
B3=2024年12月31日
C3=14,000人次
A4=TRUE
B4=#DIV/0!
C4=0.1
D4=1.23457E+17
`},
		{"indexes and merges", `<Worksheet ss:Name="M"><Table>
<Row ss:Index="2"><Cell ss:MergeAcross="2" ss:MergeDown="1"><Data ss:Type="String">标题</Data></Cell><Cell><Data ss:Type="String">D2</Data></Cell><Cell ss:Index="7"><Data ss:Type="String">G2</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">D3</Data></Cell><Cell ss:Index="2"><Data ss:Type="String">covered</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">A4</Data></Cell><Cell ss:MergeDown="1"/><Cell><Data ss:Type="String">C4</Data></Cell></Row>
<Row><Cell><Data ss:Type="String">A5</Data></Cell><Cell><Data ss:Type="String">C5</Data></Cell></Row>
</Table></Worksheet>`, `# M
A2[2x3]=标题
D2=D2
G2=G2
D3=D3
A4=A4
C4=C4
A5=A5
C5=C5
`},
		{"hidden sheet, rich text, comment, formula", `<Worksheet ss:Name="Hidden"><Table><Row><Cell><Data ss:Type="String">x</Data></Cell></Row></Table>
<WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetHidden</Visible></WorksheetOptions></Worksheet>
<Worksheet ss:Name="第 2 表"><Table>
<Row><Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><B>绩效</B><Font>目标</Font></ss:Data><Comment><Data>not this</Data></Comment></Cell>
<Cell ss:Formula="=SUM(R[1]C:R[2]C)"/><Cell ss:Formula="=1+1"><Data ss:Type="Number">2</Data></Cell><Cell><Data ss:Type="String">   </Data></Cell></Row>
</Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"><Visible>SheetVisible</Visible></WorksheetOptions></Worksheet>`, `# 第 2 表
A1=绩效目标
C1=2
note B1 formula
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs, err := Read(context.Background(), doc(styles, tt.body), Options{})
			if err != nil {
				t.Fatal(err)
			}
			if got := dump(gs); got != tt.want {
				t.Errorf("got\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}

func TestReadFails(t *testing.T) {
	tests := []struct {
		name string
		data []byte
		opts Options
		kind error
		msg  string
	}{
		{"not well-formed", doc("", `<Worksheet ss:Name="S"><Table><Row></Table>`), Options{}, grid.ErrCorrupt, "damaged Excel 2003 XML spreadsheet: line"},
		{"truncated", doc("", `<Worksheet ss:Name="S"><Table>`)[:200], Options{}, grid.ErrCorrupt, "damaged Excel 2003 XML spreadsheet"},
		{"other root", []byte(`<?xml version="1.0"?><root/>`), Options{}, grid.ErrCorrupt, "its root is <root>"},
		{"bad index", doc("", `<Worksheet ss:Name="S"><Table><Row ss:Index="0"/></Table></Worksheet>`), Options{}, grid.ErrCorrupt, `Row has ss:Index "0"`},
		{"rows back", doc("", `<Worksheet ss:Name="S"><Table><Row ss:Index="5"/><Row ss:Index="3"/></Table></Worksheet>`), Options{}, grid.ErrCorrupt, "comes after row 5"},
		{"past columns", doc("", `<Worksheet ss:Name="S"><Table><Row><Cell ss:Index="16384" ss:MergeAcross="1"/></Row></Table></Worksheet>`), Options{}, grid.ErrCorrupt, "MergeAcross"},
		{"too deep", doc("", strings.Repeat("<a>", 100)+strings.Repeat("</a>", 100)), Options{}, grid.ErrTooComplex, "nested over 64"},
		{"too large", doc("", ""), Options{MaxSize: 10}, grid.ErrTooLarge, "over the 10-byte limit"},
		{"too many cells", doc("", `<Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">a</Data></Cell><Cell><Data ss:Type="String">b</Data></Cell></Row></Table></Worksheet>`), Options{MaxCells: 1}, grid.ErrTooComplex, "more than 1 cells"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Read(context.Background(), tt.data, tt.opts)
			if !errors.Is(err, tt.kind) || !strings.Contains(err.Error(), tt.msg) {
				t.Errorf("err = %v; want %v containing %q", err, tt.kind, tt.msg)
			}
		})
	}
}

func TestIs(t *testing.T) {
	for _, tt := range []struct {
		data string
		want bool
	}{
		{`<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">`, true},
		{"\ufeff<!-- x --><ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">", true},
		{`<?mso-application progid="Excel.Sheet"?>`, true},
		{`<?xml version="1.0"?><Workbook xmlns="urn:other">`, false},
		{`<html><table>`, false},
		{`<?xml version="1.0"`, false},
	} {
		if got := Is([]byte(tt.data)); got != tt.want {
			t.Errorf("Is(%q) = %v", tt.data, got)
		}
	}
}

func TestContextCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	body := `<Worksheet ss:Name="S"><Table>` + strings.Repeat(`<Row><Cell><Data ss:Type="Number">1</Data></Cell></Row>`, 5000) + `</Table></Worksheet>`
	if _, err := Read(ctx, doc("", body), Options{}); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

func fixtures(tb testing.TB) [][]byte {
	names, _ := filepath.Glob("../../fixtures/xml/*.xml")
	if len(names) == 0 {
		tb.Fatal("no fixtures/xml")
	}
	var out [][]byte
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			tb.Fatal(err)
		}
		out = append(out, b)
	}
	return out
}

func FuzzRead(f *testing.F) {
	for _, b := range fixtures(f) {
		f.Add(b)
	}
	f.Add(doc("", `<Worksheet ss:Name="M"><Table><Row><Cell ss:MergeAcross="2" ss:MergeDown="3"><Data ss:Type="Number">1</Data></Cell></Row><Row><Cell/></Row></Table></Worksheet>`))
	f.Fuzz(func(t *testing.T, data []byte) {
		gs, err := Read(context.Background(), data, Options{MaxCells: 1 << 16})
		if err != nil {
			if grid.Kind(err) == nil {
				t.Fatalf("an error of no kind: %v", err)
			}
			return
		}
		for _, g := range gs {
			for _, r := range g.Rows {
				for i, c := range r.Cells {
					if c.Row != r.Cells[0].Row || i > 0 && c.Col <= r.Cells[i-1].Col || c.RowSpan < 1 || c.ColSpan < 1 {
						t.Fatalf("bad cell %+v in row %+v", c, r)
					}
				}
			}
		}
	})
}

func BenchmarkRead(b *testing.B) {
	data := fixtures(b)
	b.ReportAllocs()
	for b.Loop() {
		for _, d := range data {
			if _, err := Read(context.Background(), d, Options{}); err != nil {
				b.Fatal(err)
			}
		}
	}
}
