package html

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jixiao/jixiao/extract/grid"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// cells lists a grid's cells as "row,col [RxC] position text".
func cells(g *grid.Grid) []string {
	var out []string
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			s := fmt.Sprintf("%d,%d", c.Row, c.Col)
			if c.RowSpan != 1 || c.ColSpan != 1 {
				s += fmt.Sprintf(" %dx%d", c.RowSpan, c.ColSpan)
			}
			out = append(out, s+" "+c.Pos.String()+" "+fmt.Sprintf("%q", c.Text))
		}
	}
	return out
}

func read(t *testing.T, page string) *grid.Grid {
	t.Helper()
	gs, err := Read(context.Background(), []byte(page), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gs) != 1 {
		t.Fatalf("%d grids", len(gs))
	}
	return gs[0]
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

func TestRead(t *testing.T) {
	tests := []struct {
		name, page string
		want       []string
	}{
		{"spans placed by the table model",
			`<table><tr><td rowspan=2>A</td><td colspan=2>B</td><td rowspan="3">C</td></tr>
			<tr><td>D</td><td>E</td></tr>
			<tr><td>F</td><td colspan=2>G</td></tr></table>`,
			[]string{`0,0 2x1 table 1, row 1 "A"`, `0,1 1x2 table 1, row 1 "B"`, `0,3 3x1 table 1, row 1 "C"`,
				`1,1 table 1, row 2 "D"`, `1,2 table 1, row 2 "E"`,
				`2,0 table 1, row 3 "F"`, `2,1 1x2 table 1, row 3 "G"`}},
		{"a rowspan from above moves the cells of the rows below right",
			`<table><tr><td>a</td><td rowspan=2>b</td><td>c</td></tr><tr><td>d</td><td>e</td></tr></table>`,
			[]string{`0,0 table 1, row 1 "a"`, `0,1 2x1 table 1, row 1 "b"`, `0,2 table 1, row 1 "c"`,
				`1,0 table 1, row 2 "d"`, `1,2 table 1, row 2 "e"`}},
		{"spans past the table's end, zero, junk and huge",
			`<table><tr><td rowspan=9>a</td><td rowspan=0>b</td><td colspan=2px>c</td><td colspan=x rowspan=-1>d</td></tr><tr><td>e</td><td colspan=99999>f</td></tr></table>`,
			[]string{`0,0 2x1 table 1, row 1 "a"`, `0,1 2x1 table 1, row 1 "b"`, `0,2 1x2 table 1, row 1 "c"`, `0,4 table 1, row 1 "d"`,
				`1,2 table 1, row 2 "e"`, `1,3 1x1000 table 1, row 2 "f"`}},
		{"cells and rows left unclosed, upper case",
			"<TABLE><TR><TD>a<TD>b\n<TR><TH>c<TD>d</TABLE>",
			[]string{`0,0 table 1, row 1 "a"`, `0,1 table 1, row 1 "b"`, `1,0 table 1, row 2 "c"`, `1,1 table 1, row 2 "d"`}},
		{"the footer's rows come last, the caption before the table",
			`<table><caption>项目支出绩效目标表</caption><thead><tr><td>h</td></tr></thead><tfoot><tr><td>f</td></tr></tfoot><tbody><tr><td>b</td></tr></tbody></table>`,
			[]string{`0,0 paragraph 1 "项目支出绩效目标表"`, `1,0 table 1, row 1 "h"`, `2,0 table 1, row 2 "b"`, `3,0 table 1, row 3 "f"`}},
		{"line breaks and blocks in a cell, white space, &nbsp;",
			"<table><tr><td>\n  年度总体<br>目标 </td><td><p>第一点</p><p></p><div>第二&nbsp;点&nbsp;</div></td><td>&nbsp;</td><td>a  \t b</td></tr></table>",
			[]string{`0,0 table 1, row 1 "年度总体\n目标"`, `0,1 table 1, row 1 "第一点\n第二 点"`, `0,3 table 1, row 1 "a b"`}},
		{"what a page does not show",
			`<html><head><title>标题</title><style>td{}</style><script>document.write("<table><tr><td>x</td></tr></table>")</script></head>
			<body><!-- <table><tr><td>注释</td></tr></table> --><noscript>请启用脚本</noscript><select><option>链接</option></select><textarea>留言</textarea>
			<p>正文</p><template><p>模板</p></template><svg><text>图</text></svg><del>删去</del><ins>加上</ins></body></html>`,
			[]string{`0,0 paragraph 1 "正文"`, `1,0 paragraph 2 "加上"`}},
		{"text outside tables: blocks, lines, fields",
			"<h2>2024年项目支出绩效目标申报表</h2>\n<p>（2024年度）</p><p>填报单位：某局&nbsp;&nbsp;&nbsp;&nbsp;单位：万元<br>第二行\t\t第二格</p>正文 末尾",
			[]string{`0,0 paragraph 1 "2024年项目支出绩效目标申报表"`, `1,0 paragraph 2 "（2024年度）"`,
				`2,0 paragraph 3 "填报单位：某局"`, `2,1 paragraph 3 "单位：万元"`, `3,0 paragraph 3 "第二行"`, `3,1 paragraph 3 "第二格"`,
				`4,0 paragraph 4 "正文 末尾"`}},
		{"a page's layout tables: a cell holding a table is read in place",
			`<table><tr><td>导航</td></tr></table>
			<table><tr><td>左栏</td><td><h2>标题</h2><table><tr><td>项目名称</td><td>x</td></tr><tr><td colspan=2>y</td></tr></table><p>签字</p></td></tr>
			<tr><td>页脚</td></tr></table>`,
			[]string{`0,0 table 1, row 1 "导航"`, `1,0 table 2, row 1 "左栏"`, `2,1 paragraph 3 "标题"`,
				`3,1 table 3, row 1 "项目名称"`, `3,2 table 3, row 1 "x"`, `4,1 1x2 table 3, row 2 "y"`, `5,1 paragraph 7 "签字"`,
				`6,0 table 2, row 2 "页脚"`}},
		{"a table outside cells is given one, text outside cells goes before the table",
			`<table>前言<tr><td>a</td></tr><table><tr><td>b</td></tr></table></table>`,
			[]string{`0,0 paragraph 1 "前言"`, `1,0 table 1, row 1 "a"`, `3,0 table 2, row 1 "b"`}},
		{"Excel: overflowing text keeps its column, x:num shows its text",
			`<table><tr><td colspan=3 style='mso-ignore:colspan'>填报人：陈静</td><td colspan=2 style="mso-ignore: colspan">日期</td></tr>
			<tr><td colspan=2 class=xl67 x:num="85.6" style='mso-number-format:"0\.00"'>85.60</td><td colspan=3>合并</td></tr></table>`,
			[]string{`0,0 table 1, row 1 "填报人：陈静"`, `0,3 table 1, row 1 "日期"`, `1,0 1x2 table 1, row 2 "85.60"`, `1,2 1x3 table 1, row 2 "合并"`}},
		{"Excel: a one-sheet page names its sheet",
			`<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta name=ProgId content=Excel.Sheet>
			<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>绩效&amp;目标</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->
			</head><body><table><tr><td></td><td>项目名称</td></tr><tr><td colspan=2>x</td></tr></table></body></html>`,
			[]string{`0,1 绩效&目标!B1 "项目名称"`, `1,0 1x2 绩效&目标!A2 "x"`}},
		{"hyphens and symbol fonts",
			`<p>专项业务类&#8209;补贴，困难残&shy;疾人</p>
			<p><span style="font-family:Wingdings">&#xF0AB;</span>核心 <font face="Symbol">&#xF0B3;</font>90%  <span>&#xF0AB;</span>无字体</p>
			<p><span style='font-family:Wingdings;mso-char-type:symbol;mso-symbol-font-family:Wingdings'><span style='mso-char-type:symbol'>«</span></span>Word</p>`,
			[]string{`0,0 paragraph 1 "专项业务类-补贴，困难残疾人"`, `1,0 paragraph 2 "★核心 ≥90% 无字体"`, `2,0 paragraph 3 "★Word"`}},
		{"pre keeps its white space",
			"<pre>项目名称\t测试\n\n一级指标\t二级指标</pre>",
			[]string{`0,0 paragraph 1 "项目名称"`, `0,1 paragraph 1 "测试"`, `2,0 paragraph 1 "一级指标"`, `2,1 paragraph 1 "二级指标"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check(t, "cells", cells(read(t, tt.page)), tt.want)
		})
	}
}

func TestEncoding(t *testing.T) {
	gbk := func(s string) []byte {
		b, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(s))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	utf16 := func(order unicode.Endianness, s string) []byte {
		b, _ := unicode.UTF16(order, unicode.UseBOM).NewEncoder().Bytes([]byte(s))
		return b
	}
	const body = "<table><tr><td>项目名称</td></tr></table>"
	tests := []struct {
		name string
		data []byte
		opts Options
		enc  string
	}{
		{"utf-8 by its BOM", append([]byte{0xEF, 0xBB, 0xBF}, body...), Options{}, UTF8},
		{"utf-16le by its BOM", utf16(unicode.LittleEndian, body), Options{}, UTF16LE},
		{"utf-16be by its BOM", utf16(unicode.BigEndian, body), Options{}, UTF16BE},
		{"meta charset gb2312", gbk(`<meta charset="gb2312">` + body), Options{}, GB18030},
		{"http-equiv gbk", gbk(`<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=GBK">` + body), Options{}, GB18030},
		{"Excel's content type", gbk(`<meta http-equiv=Content-Type content="application/vnd.ms-excel; charset=gb2312">` + body), Options{}, GB18030},
		{"an XHTML page's XML declaration", gbk(`<?xml version="1.0" encoding="GB18030"?><html>` + body), Options{}, GB18030},
		{"utf-8 declared, GBK saved", gbk(`<meta charset="utf-8">` + body), Options{}, GB18030},
		{"gb2312 declared, UTF-8 saved", []byte(`<meta charset="gb2312">` + body), Options{}, UTF8},
		{"utf-16 declared in ASCII text is utf-8", []byte(`<meta charset="utf-16">` + body), Options{}, UTF8},
		{"big5 declared: by the content", gbk(`<meta charset="big5">` + body), Options{}, GB18030},
		{"no declaration, UTF-8", []byte(body), Options{}, UTF8},
		{"no declaration, GBK", gbk(body), Options{}, GB18030},
		{"the declaration past a long script", gbk("<script>" + strings.Repeat("var x = 1;\n", 500) + "</script><meta charset=gbk>" + body), Options{}, GB18030},
		{"told", gbk(`<meta charset="utf-8">` + body), Options{Encoding: GB18030}, GB18030},
	}
	for _, tt := range tests {
		gs, err := Read(context.Background(), tt.data, tt.opts)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if g := gs[0]; g.Encoding != tt.enc || len(g.Rows) != 1 || g.Rows[0].Cells[0].Text != "项目名称" {
			t.Errorf("%s: %s %v, want %s", tt.name, g.Encoding, cells(g), tt.enc)
		}
	}
	if _, err := Read(context.Background(), []byte(body), Options{Encoding: "latin1"}); err == nil || !strings.Contains(err.Error(), "unknown text encoding") {
		t.Errorf("an unknown encoding told: %v", err)
	}
}

func TestPages(t *testing.T) {
	tests := []struct {
		name  string
		page  string
		grids int
		err   error
		msg   string
	}{
		{"a frameset", `<html><frameset cols="20%,80%"><frame src="a.htm"><frame src="b.htm"></frameset></html>`, 0, nil, ""},
		{"Excel's frameset", `<html><head><link id="shLink" href="b.files/sheet001.htm"><meta name=ProgId content=Excel.Sheet></head><body><p>框架</p></body></html>`, 0, nil, ""},
		{"a frameset's noframes text", `<frameset><noframes><body><table><tr><td>不支持框架</td></tr></table></body></noframes></frameset>`, 0, nil, ""},
		{"empty", "", 0, grid.ErrNoText, "the page has no text"},
		{"no text", "<html><body><table><tr><td>&nbsp;</td></tr></table><img src=x></body></html>", 0, grid.ErrNoText, "the page has no text"},
		{"cut short in a tag", "<table><tr><td>项目名称</td><td>测", 1, nil, ""},
		{"cut short in a comment", "<p>项目名称</p><!-- <table>", 1, nil, ""},
		{"binary", "\x00\x01\x02PK\x03\x04" + strings.Repeat("\x00\xff", 100), 0, grid.ErrBinary, "not a web page"},
		{"control characters", strings.Repeat("\x01\x02\x03\x04x", 100), 0, grid.ErrBinary, "not a web page"},
	}
	for _, tt := range tests {
		gs, err := Read(context.Background(), []byte(tt.page), Options{})
		if len(gs) != tt.grids || !errors.Is(err, tt.err) || (err != nil && !strings.Contains(err.Error(), tt.msg)) {
			t.Errorf("%s: %d grids, %v; want %d, %v %q", tt.name, len(gs), err, tt.grids, tt.err, tt.msg)
		}
	}
}

// TestLimits runs pages past each limit of the reader, lowered for the
// test: each fails with its kind, soon.
func TestLimits(t *testing.T) {
	defer func(t, c, r, cols, text, token, all int) {
		maxTables, maxCells, maxRows, maxCols, maxText, maxToken, maxAllTables = t, c, r, cols, text, token, all
	}(maxTables, maxCells, maxRows, maxCols, maxText, maxToken, maxAllTables)
	maxTables, maxCells, maxRows, maxCols, maxText, maxToken, maxAllTables = 8, 100, 100, 50, 1000, 500, 20
	tests := []struct {
		name string
		page string
		err  error
		msg  string
	}{
		{"nested tables", strings.Repeat("<table><tr><td>", 9), grid.ErrTooComplex, "nested more than 8 deep"},
		{"tables", strings.Repeat("<table><tr><td>x</td></tr></table>", 21), grid.ErrTooComplex, "more than 20 tables"},
		{"cells", "<table><tr>" + strings.Repeat("<td></td>", 101) + "</table>", grid.ErrTooLarge, "more than 100 table cells"},
		{"rows", "<table>" + strings.Repeat("<tr>", 101) + "</table>", grid.ErrTooLarge, "more than 100 table rows"},
		{"blocks", strings.Repeat("<p>x</p>", 101), grid.ErrTooLarge, "more than 100 blocks"},
		{"lines", "<p>" + strings.Repeat("x<br>", 101) + "</p>", grid.ErrTooLarge, "more than 100 non-empty cells"},
		{"columns", "<table><tr><td colspan=30>a</td><td colspan=30>b</td></tr></table>", grid.ErrTooComplex, "wider than 50 columns"},
		{"text", "<p>" + strings.Repeat("项目名称<b></b>", 100) + "</p>", grid.ErrTooLarge, "more than 1000 bytes of text"},
		{"a token", "<p " + strings.Repeat("a", 600) + ">", grid.ErrTooLarge, "longer than 500 bytes"},
	}
	for _, tt := range tests {
		_, err := Read(context.Background(), []byte(tt.page), Options{})
		if !errors.Is(err, tt.err) || err == nil || !strings.Contains(err.Error(), tt.msg) {
			t.Errorf("%s: %v; want %v %q", tt.name, err, tt.err, tt.msg)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []byte("<p>x</p>"), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestHugePage reads 100 MB of nested tags, as a hostile page might hold:
// the reader keeps no element tree, so its memory stays far below the
// page's size and its stack does not grow with the nesting.
func TestHugePage(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB")
	}
	for _, tt := range []struct {
		name, unit string
		err        error
	}{
		{"elements in elements", "<div><span><b><font face=x>", grid.ErrNoText},
		{"tables in tables", "<table><tr><td>", grid.ErrTooComplex},
		{"text in elements", "<div>项目", grid.ErrTooLarge},
	} {
		t.Run(tt.name, func(t *testing.T) {
			page := bytes.Repeat([]byte(tt.unit), 100<<20/len(tt.unit))
			// Collect often, so that the heap in use is what the reader
			// keeps, not garbage waiting for a heap twice the page's size.
			defer debug.SetGCPercent(debug.SetGCPercent(5))
			runtime.GC()
			peak := heapPeak(func() {
				if _, err := Read(context.Background(), page, Options{}); !errors.Is(err, tt.err) {
					t.Errorf("err %v, want %v", err, tt.err)
				}
			})
			t.Logf("peak heap %d MB beyond the page", peak>>20)
			if peak > 80<<20 {
				t.Errorf("the reader took %d MB for a 100 MB page", peak>>20)
			}
		})
	}
}

// heapPeak runs f and returns the most live heap (as the last collection
// measured it) it had, above what was live before, sampled every
// millisecond: garbage a loaded machine has not collected yet is not
// counted.
func heapPeak(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	done := make(chan bool)
	go func() {
		s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		for {
			select {
			case <-done:
				return
			case <-time.After(time.Millisecond):
			}
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > base && v-base > peak.Load() {
				peak.Store(v - base)
			}
		}
	}()
	f()
	close(done)
	return peak.Load()
}

// TestFixtures reads every page of fixtures/html: each gives a grid, or,
// for a frameset, none.
func TestFixtures(t *testing.T) {
	names := fixtures(t)
	for _, n := range names {
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		gs, err := Read(context.Background(), data, Options{})
		if err != nil || (len(gs) != 1) != strings.Contains(n, "frameset") {
			t.Errorf("%s: %d grids, %v", n, len(gs), err)
		}
	}
}

// fixtures returns the pages of fixtures/html.
func fixtures(tb testing.TB) []string {
	var out []string
	for _, pat := range []string{"*.html", "*.htm", "*.xls"} {
		names, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "html", pat))
		out = append(out, names...)
	}
	if len(out) == 0 {
		tb.Fatal("no fixtures/html pages")
	}
	return out
}

// TestDeclarations reads declarations cut short or empty: no encoding is
// named, and the page is read by its content.
func TestDeclarations(t *testing.T) {
	for _, page := range []string{
		`<?xml version="1.0" encoding=?><p>项目</p>`,
		`<?xml encoding= ?><p>项目</p>`,
		`<meta http-equiv="Content-Type" content="text/html; charset="><p>项目</p>`,
		`<meta http-equiv="Content-Type" content="text/html; charset=  ;"><p>项目</p>`,
		`<meta charset=""><p>项目</p>`,
	} {
		gs, err := Read(context.Background(), []byte(page), Options{})
		if err != nil || gs[0].Encoding != UTF8 {
			t.Errorf("%s: %v", page, err)
		}
	}
}
