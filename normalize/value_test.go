package normalize

import (
	"testing"

	"github.com/shopspring/decimal"
)

func TestNumber(t *testing.T) {
	tests := []struct {
		in, want string
		bad      bool
	}{
		{in: "0", want: "0"},
		{in: "111.00", want: "111"},
		{in: "0.00", want: "0"},
		{in: "12.34", want: "12.34"},
		{in: "１２．５", want: "12.5"},
		{in: "1,200", want: "1200"},
		{in: "1,234,567.89", want: "1234567.89"},
		{in: "１，２００", want: "1200"},
		{in: " 35 ", want: "35"},
		{in: "-5", want: "-5"},
		{in: "−5", want: "-5"},
		{in: "+5", want: "5"},
		{in: "1,2", bad: true},
		{in: "1234,567", bad: true},
		{in: "1,2345", bad: true},
		{in: "", bad: true},
		{in: "abc", bad: true},
		{in: "12a", bad: true},
		{in: "1.", bad: true},
		{in: ".5", bad: true},
		{in: "1e5", bad: true},
	}
	for _, tt := range tests {
		got, err := Number(tt.in)
		if tt.bad {
			if err == nil {
				t.Errorf("Number(%q) = %s, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got.String() != tt.want {
			t.Errorf("Number(%q) = %s, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// quant and qual build expected Values.
func quant(op, num, unit string) Value {
	return Value{Operator: op, Number: decimal.RequireFromString(num), Unit: unit}
}
func qual(text string) Value { return Value{Text: text} }

func TestParseValue(t *testing.T) {
	tests := []struct {
		in   string
		want Value
	}{
		// Every value of the shared seed example.
		{"≥10个", quant(GE, "10", "个")},
		{"≥14次", quant(GE, "14", "次")},
		{"≥6次", quant(GE, "6", "次")},
		{"≥2次", quant(GE, "2", "次")},
		{"≥42次", quant(GE, "42", "次")},
		{"100%", quant(EQ, "100", "%")},
		{"效果明显", qual("效果明显")},
		{"年底之前", qual("年底之前")},
		{"≥706元/人", quant(GE, "706", "元/人")},
		{"≤160元/人/天", quant(LE, "160", "元/人/天")},
		{"≤180元/人/天", quant(LE, "180", "元/人/天")},
		{"180元/人/天", quant(EQ, "180", "元/人/天")},
		{"0百分比", quant(EQ, "0", "%")},
		{"≥90%", quant(GE, "90", "%")},
		{"≥9场", quant(GE, "9", "场")},
		{"≥3场", quant(GE, "3", "场")},
		{"≥15次", quant(GE, "15", "次")},
		{"≥5次", quant(GE, "5", "次")},
		{"≥3次", quant(GE, "3", "次")},
		{"≥1次", quant(GE, "1", "次")},
		{"≥9次", quant(GE, "9", "次")},
		{"≥15套", quant(GE, "15", "套")},
		{"≥5套", quant(GE, "5", "套")},
		{"≥85%", quant(GE, "85", "%")},
		{"≤36万元", quant(LE, "360000", "元")},
		{"≤12万元", quant(LE, "120000", "元")},
		{"≤120万元", quant(LE, "1200000", "元")},
		{"≤40万元", quant(LE, "400000", "元")},
		{"≤84万元", quant(LE, "840000", "元")},
		{"≤28万元", quant(LE, "280000", "元")},
		{"≥0%", quant(GE, "0", "%")},

		// Operators.
		{"≧95%", quant(GE, "95", "%")},
		{">=95%", quant(GE, "95", "%")},
		{"＞＝95%", quant(GE, "95", "%")},
		{"≤4小时", quant(LE, "4", "小时")},
		{"≦4小时", quant(LE, "4", "小时")},
		{"<=4小时", quant(LE, "4", "小时")},
		{"＜＝4小时", quant(LE, "4", "小时")},
		{">0", quant(GT, "0", "")},
		{"＞0", quant(GT, "0", "")},
		{"<5%", quant(LT, "5", "%")},
		{"=100%", quant(EQ, "100", "%")},
		{"＝100%", quant(EQ, "100", "%")},
		{"≥ 90 %", quant(GE, "90", "%")},
		{"不低于90%", quant(GE, "90", "%")},
		{"不少于10个", quant(GE, "10", "个")},
		{"大于等于10个", quant(GE, "10", "个")},
		{"大于或等于10个", quant(GE, "10", "个")},
		{"至少3次", quant(GE, "3", "次")},
		{"90%以上", quant(GE, "90", "%")},
		{"90%及以上", quant(GE, "90", "%")},
		{"≥90%以上", quant(GE, "90", "%")},
		{"不高于5%", quant(LE, "5", "%")},
		{"不超过5万元", quant(LE, "50000", "元")},
		{"不多于3次", quant(LE, "3", "次")},
		{"小于等于3次", quant(LE, "3", "次")},
		{"5个工作日以内", quant(LE, "5", "个工作日")},
		{"3天之内", quant(LE, "3", "天")},
		{"5%以下", quant(LE, "5", "%")},
		{"≥5个以内", qual("≥5个以内")},

		// Numbers and units.
		{"12.34万元", quant(EQ, "123400", "元")},
		{"1,200人次", quant(EQ, "1200", "人次")},
		{"１２００人次", quant(EQ, "1200", "人次")},
		{"３５％", quant(EQ, "35", "%")},
		{"85.5%", quant(EQ, "85.5", "%")},
		{"≤2亿元", quant(LE, "200000000", "元")},
		{"≤5千元", quant(LE, "5000", "元")},
		{"≤1.5百万元", quant(LE, "1500000", "元")},
		{"≤2万元/人", quant(LE, "20000", "元/人")},
		{"≤0.5万元/人/年", quant(LE, "5000", "元/人/年")},
		{"2个百分点", quant(EQ, "2", "个百分点")},
		{"100㎡", quant(EQ, "100", "㎡")},
		{"≥8年", quant(GE, "8", "年")},
		{"≤3个月", quant(LE, "3", "个月")},
		{"0.00", quant(EQ, "0", "")},
		{"10", quant(EQ, "10", "")},
		{"≥10 个", quant(GE, "10", "个")},
		{"1,200", quant(EQ, "1200", "")},

		// Version 2: units in parentheses, measure words, 万 as a count.
		{"=100.00(%)", quant(EQ, "100", "%")},
		{"≥90.00(%)", quant(GE, "90", "%")},
		{"＝100.00（%）", quant(EQ, "100", "%")},
		{"≤5(万元)", quant(LE, "50000", "元")},
		{"≥3(个)以上", quant(GE, "3", "个")},
		{"0起", quant(EQ, "0", "起")},
		{"≤1起", quant(LE, "1", "起")},
		{"985米", quant(EQ, "985", "米")},
		{"≥100百分比", quant(GE, "100", "%")},
		{"250万", quant(EQ, "250", "万")},
		{"≥3万人", quant(GE, "3", "万人")},
		{"2280次", quant(EQ, "2280", "次")},
		{">92%", quant(GT, "92", "%")},
		{"2023年起", qual("2023年起")},
		{"(%)", qual("(%)")},
		{"5()", qual("5()")},
		{"=100((%))", qual("=100((%))")},

		// Qualitative.
		{"逐步提高", qual("逐步提高")},
		{"2023年12月底前", qual("2023年12月底前")},
		{"6月30日前", qual("6月30日前")},
		{"每月10日前", qual("每月10日前")},
		{"12月31日", qual("12月31日")},
		{"12月底", qual("12月底")},
		{"2023年", qual("2023年")},
		{"提高2个百分点", qual("提高2个百分点")},
		{"较上年增长5%", qual("较上年增长5%")},
		{"90%-95%", qual("90%-95%")},
		{"80%-90%", qual("80%-90%")},
		{"±3%以内", qual("±3%以内")},
		{"±3%", qual("±3%")},
		{"2023.07-2024.01", qual("2023.07-2024.01")},
		{"2023.07—2024.01", qual("2023.07—2024.01")},
		{"资金到位率达100%", qual("资金到位率达100%")},
		{"预算支出进度达到90%以上", qual("预算支出进度达到90%以上")},
		{"不超预算", qual("不超预算")},
		{"5~10个", qual("5~10个")},
		{"95%左右", qual("95%左右")},
		{"100%完成", qual("100%完成")},
		{"3天内", qual("3天内")},
		{"大于90%", qual("大于90%")},
		{"  效果 明显 ", qual("效果明显")},
		{"", Value{}},
		{"   ", Value{}},
	}
	for _, tt := range tests {
		got := ParseValue(tt.in)
		if got.Operator != tt.want.Operator || !got.Number.Equal(tt.want.Number) || got.Unit != tt.want.Unit || got.Text != tt.want.Text {
			t.Errorf("ParseValue(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

// TestParseMoney: in money, a bare 万 is 万元; everything else reads as
// ParseValue reads it.
func TestParseMoney(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want Value
	}{
		{"250万", quant(EQ, "2500000", "元")},
		{"≤36万", quant(LE, "360000", "元")},
		{"≤36万元", quant(LE, "360000", "元")},
		{"≤5000元", quant(LE, "5000", "元")},
		{"≥3万人", quant(GE, "3", "万人")},
		{"不超预算", qual("不超预算")},
	} {
		got := ParseMoney(tt.in)
		if got.Operator != tt.want.Operator || !got.Number.Equal(tt.want.Number) || got.Unit != tt.want.Unit || got.Text != tt.want.Text {
			t.Errorf("ParseMoney(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestUnit(t *testing.T) {
	tests := []struct{ in, want, scale string }{
		{"万元", "元", "10000"},
		{"亿元", "元", "100000000"},
		{"千元", "元", "1000"},
		{"元", "元", "1"},
		{"万元/人", "元/人", "10000"},
		{"元/人/天", "元/人/天", "1"},
		{"百分比", "%", "1"},
		{"%", "%", "1"},
		{"个百分点", "个百分点", "1"},
		{"万人次", "万人次", "1"},
		{"元宝", "元宝", "1"},
		{"个", "个", "1"},
	}
	for _, tt := range tests {
		u, s := Unit(tt.in)
		if u != tt.want || s.String() != tt.scale {
			t.Errorf("Unit(%q) = %q, %s; want %q, %s", tt.in, u, s, tt.want, tt.scale)
		}
	}
}

func TestOperator(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"≥", GE, true}, {"≧", GE, true}, {"＞＝", GE, true}, {">=", GE, true}, {"不低于", GE, true}, {"以上", GE, true},
		{"≤", LE, true}, {"≦", LE, true}, {"<=", LE, true}, {"不超过", LE, true}, {"以内", LE, true}, {"以下", LE, true},
		{">", GT, true}, {"<", LT, true}, {"=", EQ, true}, {"＝", EQ, true},
		{"定性", "", false}, {"", "", false}, {"≥10", "", false},
	}
	for _, tt := range tests {
		got, ok := Operator(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("Operator(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestAmount(t *testing.T) {
	tests := []struct {
		in, unit, want string
		bad            bool
	}{
		{"111.00", "万元", "1110000", false},
		{"35.00", "万元", "350000", false},
		{"0.00", "万元", "0", false},
		{"12.34", "万元", "123400", false},
		{"1,110,000.00", "元", "1110000", false},
		{"350000", "元", "350000", false},
		{"35万元", "元", "350000", false},
		{"350000元", "万元", "350000", false},
		{"250万", "元", "2500000", false},
		{"12(万元)", "元", "120000", false},
		{"35.000000", "万元", "350000", false},
		{"771,325,800.00", "元", "771325800", false},
		{"１１１．００", "万元", "1110000", false},
		{"", "万元", "", false},
		{"—", "万元", "", false},
		{"-", "万元", "", false},
		{"/", "万元", "", false},
		{"无", "万元", "", false},
		{"abc", "万元", "", true},
		{"35个", "万元", "", true},
		{"35", "", "", true},
	}
	for _, tt := range tests {
		got, err := Amount(tt.in, tt.unit)
		switch {
		case tt.bad:
			if err == nil {
				t.Errorf("Amount(%q, %q) = %v, want an error", tt.in, tt.unit, got)
			}
		case err != nil:
			t.Errorf("Amount(%q, %q): %v", tt.in, tt.unit, err)
		case tt.want == "" && got != nil:
			t.Errorf("Amount(%q, %q) = %s, want nil", tt.in, tt.unit, got)
		case tt.want != "" && (got == nil || got.String() != tt.want):
			t.Errorf("Amount(%q, %q) = %v, want %s", tt.in, tt.unit, got, tt.want)
		}
	}
}

func FuzzParseValue(f *testing.F) {
	for _, s := range []string{"≥10个", "100%", "效果明显", "≤36万元", "1,200人次", "2023年12月底前", "5个工作日以内", "０百分比", "≥5个以内", "-1,234.5万元/人"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v := ParseValue(s)
		if v.Quantitative() {
			if v.Text != "" {
				t.Fatalf("ParseValue(%q): quantitative with text %q", s, v.Text)
			}
			switch v.Operator {
			case GE, LE, GT, LT, EQ:
			default:
				t.Fatalf("ParseValue(%q): operator %q", s, v.Operator)
			}
			if v.Number.String() == "" {
				t.Fatalf("ParseValue(%q): empty number", s)
			}
		} else if v.Text != Text(s) {
			t.Fatalf("ParseValue(%q): text %q, want the normalized input", s, v.Text)
		}
		if _, err := Amount(s, "万元"); err == nil {
			_ = err // any input may or may not be an amount; it must not panic
		}
	})
}
