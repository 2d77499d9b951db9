package numfmt

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// numberTests are numbers under codes, as Excel shows them.
var numberTests = []struct {
	code, raw, want string
}{
	// General: the stored decimal, to Excel's 15 significant digits.
	{"General", "1260.5", "1260.5"},
	{"General", "1260.50", "1260.5"},
	{"General", "-3", "-3"},
	{"General", "-0", "0"},
	{"General", "0.95", "0.95"},
	{"General", "0.30000000000000004", "0.3"},
	{"General", "1.2605E3", "1260.5"},
	{"General", "12345678901", "12345678901"},
	{"General", "123456789012", "1.23457E+11"},
	{"General", "1E-10", "1E-10"},
	{"General", ".5", "0.5"},
	{"General", "abc", "abc"},
	{"@", "42", "42"},
	{"G/通用格式", "1260.5", "1260.5"},
	{`G/通用格式"人"`, "500", "500人"},
	{`0.00_);G/通用格式`, "-3", "3"},
	// Fixed places, rounded half away from zero on the decimal itself.
	{"0", "1260.5", "1261"},
	{"0", "-0.4", "0"},
	{"0.00", "1260.5", "1260.50"},
	{"0.00", "2.675", "2.68"},
	{"0.00", "-2.675", "-2.68"},
	{"0.00", "-0.001", "0.00"},
	{"0.0#", "1.5", "1.5"},
	{"0.0#", "1.25", "1.25"},
	{"#.00", "0.5", ".50"},
	{"00000", "42", "00042"},
	{"000-0000", "1234567", "123-4567"},
	{"0.0?", "1.5", "1.5 "},
	// Thousands, scaling, literal text.
	{"#,##0", "14000", "14,000"},
	{"#,##0.00", "1250000", "1,250,000.00"},
	{"#,##0.00", "0.5", "0.50"},
	{"#,##0.00", "-1260.5", "-1,260.50"},
	{"0,000", "5", "0,005"},
	{`#,##0"人次"`, "14000", "14,000人次"},
	{`#,##0"人次"`, "999", "999人次"},
	{`0"个"`, "36", "36个"},
	{`"≥"0%`, "0.9", "≥90%"},
	{`#,##0.00,"千元"`, "1250000", "1,250.00千元"},
	{`0.0,,`, "12500000", "12.5"},
	{`#,##0\元`, "300", "300元"},
	{`[$¥-804]#,##0.00`, "1234.5", "¥1,234.50"},
	{`#,##0.00_);[Red]\(#,##0.00\)`, "-5", "(5.00)"},
	{`#,##0.00_);[Red]\(#,##0.00\)`, "5", "5.00 "},
	{`0;-0;"零"`, "0", "零"},
	{`0;-0;;@`, "0", ""},
	{`_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)`, "0", " - "},
	{`_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)`, "1234.5", " 1,234.50 "},
	{`[Color10]0.00;[Red]-0.00`, "-1.5", "-1.50"},
	{`[>=100]0;0.0`, "5", "5"},
	// Percentages: exactly times 100.
	{"0%", "0.95", "95%"},
	{"0%", "1", "100%"},
	{"0%", "0.955", "96%"},
	{"0.00%", "0.1234", "12.34%"},
	{"0.0%", "0.995", "99.5%"},
	{"0%", "0.28999999999999998", "29%"},
	{"0.00%", "0.28999999999999998", "29.00%"},
	// Scientific.
	{"0.00E+00", "12345", "1.23E+04"},
	{"0.00E+00", "0.000123", "1.23E-04"},
	{"##0.0E+0", "12345", "12.3E+3"},
	{"##0.0E+0", "999999", "1.0E+6"},
	// Dates: serial 45657 is 2024-12-31.
	{"yyyy/m/d", "45657", "2024/12/31"},
	{`yyyy"年"m"月"d"日"`, "45657", "2024年12月31日"},
	{"yyyy-mm-dd", "45657", "2024-12-31"},
	{`yyyy"年"m"月"d"日";@`, "45657", "2024年12月31日"},
	{`[DBNum1][$-804]yyyy"年"m"月"d"日"`, "45657", "2024年12月31日"}, // the numerals stay digits
	{"yyyy-mm-dd", "45596", "2024-10-31"},
	{`yyyy"年"m"月"d"日"`, "45657.75", "2024年12月31日"},
	{"yyyy-mm-dd hh:mm:ss", "45657.75", "2024-12-31 18:00:00"},
	{"yyyy-mm-dd hh:mm", "45657.999999", "2025-01-01 00:00"},
	{"h:mm AM/PM", "0.75", "6:00 PM"},
	{`上午/下午h"时"mm"分"`, "0.25", "上午6时00分"},
	{"mm:ss.0", "0.000011574", "00:01.0"},
	{"[h]:mm:ss", "1.5", "36:00:00"},
	{"d-mmm-yy", "45657", "31-Dec-24"},
	{"dddd", "45657", "Tuesday"},
	{"aaaa", "45657", "星期二"},
	{`[$-F800]dddd, mmmm dd, yyyy`, "45657", "2024年12月31日"},
	{`[$-804]yyyy"年"m"月"`, "45657", "2024年12月"},
	{"m/d/yyyy", "60", "2/29/1900"},
	{"m/d/yyyy", "61", "3/1/1900"},
	{"m/d/yyyy", "1", "1/1/1900"},
	{"yyyy/m/d", "-1", "-1"},
	{"yyyy/m/d", "3000000", "3000000"},
	{"yyyy/m/d", "x", "x"},
	// Not numbers a workbook holds, and a code longer than Excel takes.
	{"0.00", "1E999999999", "1E999999999"},
	{"0.00", "-1e-999999999", "-1e-999999999"},
	{"General", "1e308", "1E+308"},
	// Codes Excel would not save: a bracket or a quote left open.
	{"0.00[", "1.5", "1.50"},
	{"[", "1.5", ""}, // a section of a color alone shows nothing, as [Red] does
	{"[h", "1.5", "36"},
	{`0"人`, "7", "7人"},
	{"ss.0000", "0.0000115741", "01.000"}, // fractions of a second to the millisecond
	{strings.Repeat("%", 300) + "0", "1", "1"},
}

func TestFormatNumber(t *testing.T) {
	for _, tt := range numberTests {
		got := Parse(tt.code).Number(tt.raw, false)
		if got != tt.want {
			t.Errorf("%s under %s = %q, want %q", tt.raw, tt.code, got, tt.want)
		}
	}
	if got := Parse("yyyy-mm-dd").Number("0", true); got != "1904-01-01" {
		t.Errorf("1904 system: day 0 is %s", got)
	}
}

func TestFormatText(t *testing.T) {
	for _, tt := range []struct{ code, text, want string }{
		{"General", "效果明显", "效果明显"},
		{"0.00", "效果明显", "效果明显"},
		{`@"人"`, "500", "500人"},
		{`0;-0;0;"【"@"】"`, "注", "【注】"},
	} {
		if got := Parse(tt.code).Text(tt.text); got != tt.want {
			t.Errorf("%q under %s = %q, want %q", tt.text, tt.code, got, tt.want)
		}
	}
}

func TestBuiltinFormats(t *testing.T) {
	for id, want := range map[int]string{9: "95%", 10: "95.00%", 4: "0.95", 14: "1900/1/0", 31: "1900年1月0日"} {
		code, ok := Builtin(id)
		if !ok {
			t.Errorf("format %d is not built in", id)
			continue
		}
		if got := Parse(code).Number("0.95", false); got != want {
			t.Errorf("format %d: %q, want %q", id, got, want)
		}
	}
	for _, id := range []int{-1, 23, 59, 164} {
		if code, ok := Builtin(id); ok {
			t.Errorf("format %d is built in as %q", id, code)
		}
	}
}

func TestISOSerial(t *testing.T) {
	for _, tt := range []struct {
		iso      string
		date1904 bool
		want     string
		ok       bool
	}{
		{"2024-12-31", false, "45657", true},
		{"2024-12-31T18:00:00", false, "45657.75", true},
		{"2024-06-28T18:30:00Z", false, "45471.7708333333333333", true},
		{"1900-01-01", false, "1", true},
		{"1900-03-01", false, "61", true},
		{"2024-12-31", true, "44195", true},
		{"soon", false, "", false},
		{"", false, "", false},
	} {
		got, ok := ISOSerial(tt.iso, tt.date1904)
		if got != tt.want || ok != tt.ok {
			t.Errorf("ISOSerial(%q, %v) = %q, %v; want %q, %v", tt.iso, tt.date1904, got, ok, tt.want, tt.ok)
		}
	}
}

// FuzzFormat shows arbitrary values through arbitrary codes: the engine
// must never panic, a code must parse to the same format each time, and
// valid UTF-8 in gives valid UTF-8 out. The seeds are the tests' codes and
// values and the built-in formats.
func FuzzFormat(f *testing.F) {
	seeds := 0
	for _, tt := range numberTests {
		f.Add(tt.code, tt.raw, false)
		seeds++
	}
	for id := range 64 {
		if code, ok := Builtin(id); ok {
			f.Add(code, "45657.75", id%2 == 0)
			f.Add(code, "-0.95", false)
			seeds += 2
		}
	}
	if seeds == 0 {
		f.Fatal("no seeds")
	}
	f.Fuzz(func(t *testing.T, code, value string, date1904 bool) {
		nf := Parse(code)
		n, text := nf.Number(value, date1904), nf.Text(value)
		if again := Parse(code); again.Number(value, date1904) != n || again.Text(value) != text {
			t.Fatalf("%q under %q: two parses show it differently", value, code)
		}
		if utf8.ValidString(code) && utf8.ValidString(value) && (!utf8.ValidString(n) || !utf8.ValidString(text)) {
			t.Fatalf("%q under %q: invalid UTF-8 %q, %q", value, code, n, text)
		}
	})
}
