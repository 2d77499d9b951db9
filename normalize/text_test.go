package normalize

import (
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "", ""},
		{"ascii unchanged", "abc 123", "abc 123"},
		{"full-width brackets and colon", "其中：财政拨款（万元）", "其中:财政拨款(万元)"},
		{"full-width digits and percent", "１００％", "100%"},
		{"full-width comma", "实施，完成", "实施,完成"},
		{"full-width operator", "＞＝１０", ">=10"},
		{"ideographic space between CJK removed", "项目　名称", "项目名称"},
		{"space after a bracket kept, NFKC made it ASCII", "（ 2023 年度）", "( 2023 年度)"},
		{"spaces between CJK runs removed", "六安 市 人社局", "六安市人社局"},
		{"space kept between latin words", "jixiao  extract", "jixiao extract"},
		{"space kept between CJK and latin", "共 10 个", "共 10 个"},
		{"trim", "  \t项目名称 \r\n", "项目名称"},
		{"newline between CJK removed", "目标1\n目标2", "目标1 目标2"},
		{"newline inside CJK text removed", "完成发放\n按时到位", "完成发放按时到位"},
		{"tab folded", "a\t\tb", "a b"},
		{"nbsp folded", "a\u00a0b", "a b"},
		{"kangxi radical", "⼈数", "人数"},
		{"kangxi radicals", "⽣态效益", "生态效益"},
		{"compatibility ideograph", "\uf900", "豈"},
		{"radicals supplement long", "⻓期", "长期"},
		{"radicals supplement list", "⻔⻅⻝⻋⻢⻚⻛⻜⻥⻦⻩⻰⻄⻆", "门见食车马页风飞鱼鸟黄龙西角"},
		{"enclosed numerals kept", "①完成 ⑵审核 ⒈准备 Ⓐ", "①完成 ⑵审核 ⒈准备 Ⓐ"},
		{"enclosed CJK numbers kept", "㉑㊿", "㉑㊿"},
		{"squared units kept", "100㎡ 5㎞ 3㎏", "100㎡ 5㎞ 3㎏"},
		{"squared unit next to full-width digits", "１００㎡", "100㎡"},
		{"zero-width space removed", "项目\u200b名称", "项目名称"},
		{"BOM inside removed", "\ufeff项目名称", "项目名称"},
		{"soft hyphen removed", "exam\u00adple", "example"},
		{"control characters removed", "a\x00b\x07c", "abc"},
		{"ligature", "ﬁ", "fi"},
		{"em dash kept", "2022年—2024年", "2022年—2024年"},
		{"halfwidth katakana widened", "ｶ", "カ"},
		{"a format character between a letter and its accent", "a\u200b\u0301", "á"},
		{"a control character between two accents", "a\u0747\x10\u0331", "a\u0331\u0747"},
		{"C1 control removed, NEL is white space", "项\u0085目\u0080名", "项目名"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Text(tt.in); got != tt.want {
				t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestCompatAndSpaceSteps(t *testing.T) {
	if got := Compat("（ １ ）"); got != "( 1 )" {
		t.Errorf("Compat = %q", got)
	}
	if got := Space(" 项目 名称  x  y "); got != "项目名称 x y" {
		t.Errorf("Space = %q", got)
	}
}

func TestRadicalsCoverSupplementBlock(t *testing.T) {
	// Every mapped radical maps into an ideograph block, and the contract's
	// examples are there.
	for from, to := range radicals {
		if from < 0x2E80 || from > 0x2EFF {
			t.Errorf("%U is outside the CJK Radicals Supplement", from)
		}
		if !isCJK(to) || (to >= 0x2E80 && to <= 0x2FDF) {
			t.Errorf("%U maps to %U, not an ideograph", from, to)
		}
	}
	if len(radicals) < 100 {
		t.Errorf("only %d radicals mapped", len(radicals))
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"", "项目名称", "（ 2023 年度）", "①完成", "⻓⼈", "a\u200bb", "１００㎡", " \t\n", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := Text(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Text(%q) = %q: invalid UTF-8", s, got)
		}
		if again := Text(got); again != got && utf8.ValidString(s) {
			t.Fatalf("Text is not idempotent: %q → %q → %q", s, got, again)
		}
		if len(got) > 0 && (got[0] == ' ' || got[len(got)-1] == ' ') {
			t.Fatalf("Text(%q) = %q: not trimmed", s, got)
		}
	})
}

func TestStripParens(t *testing.T) {
	for in, want := range map[string]string{
		"结余率(计算方法为:结余数/预算数)": "结余率", "产出(工作量)指标": "产出指标", "(a(b)c)d": "d", "a(b": "a", "ab": "ab", "a)b": "a)b",
	} {
		if got := StripParens(in); got != want {
			t.Errorf("StripParens(%q) = %q, want %q", in, got, want)
		}
	}
}
