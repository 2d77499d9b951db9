package normalize_test

import (
	"fmt"

	"github.com/jixiao/jixiao/normalize"
)

func ExampleText() {
	fmt.Println(normalize.Text("（ 2023 年度）"))
	fmt.Println(normalize.Text("其中：财政拨款"))
	fmt.Println(normalize.Text("⻓期⼈员 ①"))
	// Output:
	// ( 2023 年度)
	// 其中:财政拨款
	// 长期人员 ①
}

func ExampleParseValue() {
	for _, raw := range []string{"≥10个", "≤36万元", "0百分比", "5个工作日以内", "年底之前"} {
		v := normalize.ParseValue(raw)
		if v.Quantitative() {
			fmt.Printf("%s: %s %s %q\n", raw, v.Operator, v.Number, v.Unit)
		} else {
			fmt.Printf("%s: qualitative %q\n", raw, v.Text)
		}
	}
	// Output:
	// ≥10个: >= 10 "个"
	// ≤36万元: <= 360000 "元"
	// 0百分比: = 0 "%"
	// 5个工作日以内: <= 5 "个工作日"
	// 年底之前: qualitative "年底之前"
}

func ExampleAmount() {
	a, _ := normalize.Amount("111.00", "万元")
	fmt.Println(a)
	// Output: 1110000
}

func ExampleSpace() {
	fmt.Printf("%q\n", normalize.Space("  六安 市  人社局 \n annual  report "))
	// Output: "六安市人社局 annual report"
}
