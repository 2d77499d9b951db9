package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math/big"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// recordReader returns a function that extracts a fixture once and gives
// its forms as decoded JSON (numbers as json.Number), reporting a failed
// run or an undecodable form.
func recordReader() func(t *testing.T, file string) []any {
	records := map[string][]any{}
	return func(t *testing.T, file string) []any {
		if recs, ok := records[file]; ok {
			return recs
		}
		out, _, status, stderr := extractFiles(t, file)
		if status != exitOK {
			t.Errorf("%s: exit status %d: %s", file, status, stderr)
		}
		var recs []any
		for i, l := range lines(out) {
			var v any
			if err := decode(l, &v); err != nil {
				t.Errorf("%s: form %d: %v", file, i, err)
				v = nil
			}
			recs = append(recs, v)
		}
		records[file] = recs
		return recs
	}
}

// TestTemplates holds jixiao to the output contract on the template
// families A–I of TEMPLATES.md (fixtures/*/tpl_*, made by
// fixtures/gen/templates.go). Its expectations are read from CONTRACT.md
// and the forms' data, not from jixiao's output: for each form, the values
// that the contract says the output must have, at paths such as
// funds.annual.total or indicators.annual["产出指标"].children["数量指标"].
// Every mismatch is reported, so that a failing run is a list of what is
// still to be done. Values the contract leaves open are marked
// "ambiguous:" with the reading chosen.
func TestTemplates(t *testing.T) {
	t.Chdir("../..")
	read := recordReader()
	forms, checks := 0, 0
	files := slices.Sorted(maps.Keys(tplFormCounts))
	for _, file := range files {
		n := tplFormCounts[file]
		t.Run(file, func(t *testing.T) {
			if got := len(read(t, file)); got != n {
				t.Errorf("%s: %d forms, want %d", file, got, n)
			}
		})
		checks++
	}
	for _, c := range tplCases() {
		for _, f := range c.files {
			file, index, _ := strings.Cut(f, "#")
			i, err := strconv.Atoi(index)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			forms++
			checks += len(c.checks)
			t.Run(c.name+"/"+f, func(t *testing.T) {
				recs := read(t, file)
				if i >= len(recs) {
					t.Errorf("%s: no form %d (%d forms)", file, i, len(recs))
					return
				}
				for _, ch := range c.checks {
					ch.check(t, recs[i])
				}
			})
		}
	}
	t.Logf("%d forms, %d checks", forms, checks)
}

// tplFormCounts are the fixtures and how many forms each holds.
var tplFormCounts = func() map[string]int {
	m := map[string]int{"fixtures/xlsx/tpl_i_bulk.xlsx": 6}
	for _, name := range []string{"tpl_a_annual", "tpl_a_side_by_side", "tpl_b_shanghai", "tpl_c_hunan", "tpl_d_hunan_export",
		"tpl_e_county_2011", "tpl_f_guangxi", "tpl_g_guangdong", "tpl_h_hubei"} {
		for _, f := range allFormats(name) {
			file, _, _ := strings.Cut(f, "#")
			m[file] = 1
		}
	}
	return m
}()

// allFormats names a form's four fixtures: its text dump, workbook,
// document and PDF.
func allFormats(name string) []string {
	return []string{"fixtures/txt/" + name + ".txt#0", "fixtures/xlsx/" + name + ".xlsx#0", "fixtures/docx/" + name + ".docx#0", "fixtures/pdf/" + name + ".pdf#0"}
}

// tplCase is a form, the fixtures that hold it ("file#form_index"), and
// what the contract says its output has.
type tplCase struct {
	name   string
	files  []string
	checks []tplCheck
}

// tplCheck is one expectation: the value at path equals want (JSON), or,
// with contains, the string at path holds each of its fragments.
type tplCheck struct {
	path     string
	want     string
	contains []string
}

// num is a JSON number and lit any JSON text, for is.
type (
	num string
	lit string
)

// is expects path to hold want: a Go string, bool or nil, a num, or a lit.
func is(path string, want any) tplCheck {
	switch w := want.(type) {
	case num:
		return tplCheck{path: path, want: string(w)}
	case lit:
		return tplCheck{path: path, want: string(w)}
	}
	var b bytes.Buffer
	e := json.NewEncoder(&b)
	e.SetEscapeHTML(false)
	if err := e.Encode(want); err != nil {
		panic(err)
	}
	return tplCheck{path: path, want: strings.TrimSpace(b.String())}
}

// orNull is s as a JSON string, or nil for "".
func orNull(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// numOrNull is s as a JSON number, or nil for "".
func numOrNull(s string) any {
	if s == "" {
		return nil
	}
	return num(s)
}

// ind expects the indicator named name under a level-2 heading (its path)
// to be raw, with its operator, value, unit and text ("" for null) and its
// extra (a JSON object, or "" for null).
func ind(l2, name, raw, op, value, unit, text, extra string) []tplCheck {
	p := l2 + `.indicators["` + name + `"]`
	ex := any(nil)
	if extra != "" {
		ex = lit(extra)
	}
	return []tplCheck{
		is(p+".raw", raw),
		is(p+".operator", orNull(op)),
		is(p+".value", numOrNull(value)),
		is(p+".unit", orNull(unit)),
		is(p+".text", orNull(text)),
		is(p+".extra", ex),
	}
}

// qual expects a qualitative indicator: its text is its raw value.
func qual(l2, name, raw, extra string) []tplCheck {
	return ind(l2, name, raw, "", "", "", raw, extra)
}

// under is the path of a level-2 heading found by the names of its level-1
// and its own.
func under(period, l1, l2 string) string {
	return `indicators.` + period + `["` + l1 + `"].children["` + l2 + `"]`
}

// proj is a form's header.
type proj struct {
	title                                  string
	year                                   int
	name, category, code, dept, unit, attr any // a string, or nil
	periodYears                            any // a num, or nil
	start, end                             any
}

func (p proj) checks() []tplCheck {
	return []tplCheck{
		is("form_type", "project_performance_target"),
		is("title", p.title),
		is("year", num(strconv.Itoa(p.year))),
		is("project.name", p.name),
		is("project.category", p.category),
		is("project.department_code", p.code),
		is("project.department", p.dept),
		is("project.implementing_unit", p.unit),
		is("project.attribute", p.attr),
		is("project.period_years", p.periodYears),
		is("project.start", p.start),
		is("project.end", p.end),
		is("score", nil),
	}
}

// amounts expects a period's funds: total, fiscal, other and carryover (a
// num or nil) and its items (a JSON list).
func amounts(period string, total, fiscal, other, carryover any, items string) []tplCheck {
	p := "funds." + period
	return []tplCheck{
		is(p+".total", total),
		is(p+".fiscal", fiscal),
		is(p+".other", other),
		is(p+".carryover", carryover),
		is(p+".items", lit(items)),
	}
}

// targetFunds are what every target form's funds have.
func targetFunds(stated string) []tplCheck {
	return []tplCheck{
		is("funds.unit", "元"),
		is("funds.stated_unit", stated),
		is("funds.initial", nil),
		is("funds.executed", nil),
	}
}

func join(parts ...[]tplCheck) []tplCheck { return slices.Concat(parts...) }

// level1 expects a period's level-1 headings: [name, code, weight] each.
func level1(period, list string) tplCheck { return is("level1(indicators."+period+")", lit(list)) }

// level2 expects a level-1 heading's level-2 headings: [name, code] each.
func level2(period, l1, list string) tplCheck {
	return is(`level2(indicators.`+period+`["`+l1+`"])`, lit(list))
}

// count expects the number of indicators of a period.
func count(period string, n int) tplCheck {
	return is("count(indicators."+period+")", num(strconv.Itoa(n)))
}

const (
	outputA       = `[["数量指标","quantity"],["质量指标","quality"],["时效指标","timeliness"],["成本指标","cost"]]`
	benefitA      = `[["经济效益指标","economic"],["社会效益指标","social"],["生态效益指标","ecological"],["可持续影响指标","sustainability"]]`
	satisfactionA = `[["服务对象满意度指标","satisfaction"]]`
	familiesA     = `[["产出指标","output",null],["效益指标","benefit",null],["满意度指标","satisfaction",null]]`
)

func tplCases() []tplCase {
	cases := []tplCase{
		{"A annual-only", allFormats("tpl_a_annual"), join(
			proj{title: "项目绩效目标表", year: 2024, name: "专项业务类-城市社区公园绿化养护", category: "专项业务类",
				code: "219", dept: "池州市城市管理局", unit: "219001-池州市园林绿化管理处", attr: "常年项目", periodYears: num("1")}.checks(),
			targetFunds("万元"),
			[]tplCheck{is("funds.mid_term", nil)},
			amounts("annual", num("350000"), num("350000"), nil, nil,
				`[{"label":"年度资金总额","amount":350000},{"label":"财政拨款","amount":350000},{"label":"其他资金","amount":null}]`),
			[]tplCheck{
				is("goals.mid_term", nil),
				is("goals.annual.text", "完成城区18处社区公园、12.5万平方米绿地的日常养护,苗木成活率达到95%以上,城市绿化覆盖率保持在42%以上,为市民提供整洁优美的休闲环境。"),
				is("goals.annual.actual", nil),
				is("indicators.mid_term", nil),
				level1("annual", familiesA),
				level2("annual", "产出指标", outputA),
				level2("annual", "效益指标", benefitA),
				level2("annual", "满意度指标", satisfactionA),
				count("annual", 10),
				is(under("annual", "效益指标", "经济效益指标")+".indicators", lit(`[]`)),
				is(`names(`+under("annual", "产出指标", "数量指标")+`)`, lit(`["养护社区公园数量","绿地养护面积"]`)),
			},
			ind(under("annual", "产出指标", "数量指标"), "养护社区公园数量", "≥18处", ">=", "18", "处", "", ""),
			// 万 stays the unit outside money (not under a cost heading).
			ind(under("annual", "产出指标", "数量指标"), "绿地养护面积", "≥12.5万平方米", ">=", "12.5", "万平方米", "", ""),
			ind(under("annual", "产出指标", "质量指标"), "养护作业达标率", "≥100百分比", ">=", "100", "%", "", ""),
			qual(under("annual", "产出指标", "时效指标"), "养护任务完成时间", "2024年12月31日前", ""),
			ind(under("annual", "产出指标", "成本指标"), "单位面积年养护成本", "≤2.8元/平方米", "<=", "2.8", "元/平方米", "", ""),
			qual(under("annual", "效益指标", "社会效益指标"), "市民休闲环境", "明显改善", ""),
			ind(under("annual", "效益指标", "生态效益指标"), "城市绿化覆盖率", "≥42%", ">=", "42", "%", "", ""),
			ind(under("annual", "满意度指标", "服务对象满意度指标"), "周边居民满意度", "≥90%", ">=", "90", "%", "", ""),
			[]tplCheck{
				is(under("annual", "满意度指标", "服务对象满意度指标")+`.indicators["周边居民满意度"].core`, false),
				is(under("annual", "满意度指标", "服务对象满意度指标")+`.indicators["周边居民满意度"].weight`, nil),
				is(under("annual", "满意度指标", "服务对象满意度指标")+`.indicators["周边居民满意度"].note`, nil),
			},
		)},

		{"A side by side, 中期 blank", allFormats("tpl_a_side_by_side"), join(
			proj{title: "项目支出绩效目标申报表", year: 2024, name: "专项业务类-农村公路养护工程", category: "专项业务类",
				code: "306", dept: "青阳县交通运输局", unit: "青阳县农村公路管理所", attr: "延续项目", periodYears: num("3")}.checks(),
			targetFunds("万元"),
			amounts("mid_term", num("5400000"), num("5100000"), num("300000"), nil,
				`[{"label":"中期资金总额","amount":5400000},{"label":"财政拨款","amount":5100000},{"label":"其他资金","amount":300000}]`),
			amounts("annual", num("1800000"), num("1700000"), num("100000"), nil,
				`[{"label":"年度资金总额","amount":1800000},{"label":"财政拨款","amount":1700000},{"label":"其他资金","amount":100000}]`),
			[]tplCheck{
				// The label states its years, so the goal is kept with no text.
				is("goals.mid_term", lit(`{"start_year":2023,"end_year":2025,"text":null}`)),
				is("goals.annual.text", "完成全县农村公路日常养护里程860公里,实施危桥改造4座,优良中等路率达到85%以上,保障农村群众安全便捷出行。"),
				level1("annual", familiesA),
				level2("annual", "产出指标", outputA),
				level2("annual", "效益指标", benefitA),
				level2("annual", "满意度指标", satisfactionA),
				count("annual", 11),
				// ambiguous: the mid-term side lists the template's headings with no
				// indicator under them; read as a period that is there with every
				// level-2 heading kept empty (as the seed's 经济效益指标), not null.
				level1("mid_term", familiesA),
				level2("mid_term", "产出指标", outputA),
				level2("mid_term", "效益指标", benefitA),
				count("mid_term", 0),
			},
			ind(under("annual", "产出指标", "数量指标"), "日常养护里程", "≥860公里", ">=", "860", "公里", "", ""),
			ind(under("annual", "产出指标", "数量指标"), "危桥改造数量", "4座", "=", "4", "座", "", ""),
			ind(under("annual", "产出指标", "质量指标"), "危桥改造验收合格率", "100%", "=", "100", "%", "", ""),
			qual(under("annual", "产出指标", "时效指标"), "危桥改造完工时间", "2024年10月底前", ""),
			ind(under("annual", "产出指标", "成本指标"), "每公里年均养护成本", "≤1500元/公里", "<=", "1500", "元/公里", "", ""),
			ind(under("annual", "产出指标", "成本指标"), "危桥改造单座补助", "≤12.75万元", "<=", "127500", "元", "", ""),
			qual(under("annual", "效益指标", "社会效益指标"), "公路安全事故发生率", "较上年下降5%", ""),
			ind(under("annual", "效益指标", "可持续影响指标"), "公路使用寿命", "≥10年", ">=", "10", "年", "", ""),
		)},

		{"B Shanghai 2021", allFormats("tpl_b_shanghai"), join(
			proj{title: "财政项目支出绩效目标申报表", year: 2026, name: "浦江区桥梁结构安全检测及维修加固", category: "特定目标类",
				dept: "上海市浦江区建设和管理委员会", unit: "上海市浦江区市政工程管理所", attr: "阶段性项目",
				start: "2024-01-01", end: "2026-12-31"}.checks(),
			targetFunds("元"),
			amounts("mid_term", num("36450000"), num("36450000"), num("0"), nil,
				`[{"label":"项目资金总额","amount":36450000},{"label":"财政资金","amount":36450000},{"label":"其他资金","amount":0}]`),
			amounts("annual", num("12150000"), num("11650000"), num("0"), num("500000"),
				`[{"label":"年度资金申请总额","amount":12150000},{"label":"当年财政拨款","amount":11650000},{"label":"上年结转资金","amount":500000},{"label":"其他资金","amount":0}]`),
			[]tplCheck{
				is("goals.mid_term.start_year", num("2024")),
				is("goals.mid_term.end_year", num("2026")),
				is("goals.mid_term.text", "1.每年完成辖区内128座桥梁结构安全检测,建立桥梁健康档案; 2.三年完成96座病害桥梁维修加固; 3.一、二类桥梁占比达到90%以上。"),
				is("goals.annual.text", "1.完成辖区内128座桥梁结构安全检测; 2.完成32座病害桥梁维修加固; 3.修复人行道985米。"),
				is("indicators.mid_term", nil),
				level1("annual", `[["成本指标","cost",null],["产出指标","output",null],["效益指标","benefit",null],["满意度指标","satisfaction",null]]`),
				level2("annual", "成本指标", `[["经济成本指标","economic_cost"],["社会成本指标","social_cost"],["生态环境成本指标","ecological_cost"]]`),
				level2("annual", "产出指标", `[["数量指标","quantity"],["质量指标","quality"],["时效指标","timeliness"]]`),
				level2("annual", "效益指标", `[["经济效益指标","economic"],["社会效益指标","social"],["可持续影响指标","sustainability"]]`),
				level2("annual", "满意度指标", satisfactionA),
				count("annual", 14),
			},
			ind(under("annual", "成本指标", "经济成本指标"), "单座桥梁检测费用", "≤2.5万元/座", "<=", "25000", "元/座", "", ""),
			ind(under("annual", "成本指标", "经济成本指标"), "维修加固工程费用", "≤895万元", "<=", "8950000", "元", "", ""),
			qual(under("annual", "成本指标", "社会成本指标"), "施工期间交通影响", "可控", ""),
			qual(under("annual", "成本指标", "生态环境成本指标"), "施工扬尘影响", "减少", ""),
			ind(under("annual", "产出指标", "数量指标"), "桥梁结构安全检测数量", "128座", "=", "128", "座", "", ""),
			ind(under("annual", "产出指标", "数量指标"), "人行道修复长度", "985米", "=", "985", "米", "", ""),
			ind(under("annual", "产出指标", "质量指标"), "检测报告合格率", "=100.00(%)", "=", "100.00", "%", "", ""),
			ind(under("annual", "产出指标", "质量指标"), "一、二类桥梁占比", "≥90.00(%)", ">=", "90", "%", "", ""),
			qual(under("annual", "产出指标", "时效指标"), "病害处置", "及时", ""),
			qual(under("annual", "效益指标", "可持续影响指标"), "养护资金使用", "合理", ""),
			ind(under("annual", "满意度指标", "服务对象满意度指标"), "市民出行满意度", "≥90.00(%)", ">=", "90", "%", "", ""),
		)},

		{"C Hunan single-year", allFormats("tpl_c_hunan"), join(
			// ambiguous: title is the title line as written, its year included.
			proj{title: "2023年项目支出绩效目标申报表", year: 2023, name: "农村人居环境整治提升",
				dept: "涟源市农业农村局", start: "2023-07", end: "2024-01"}.checks(),
			// ambiguous: the form states 单位:万元 and each amount carries its own
			// 万 as well; stated_unit is the form's 万元.
			targetFunds("万元"),
			[]tplCheck{is("funds.mid_term", nil)},
			// ambiguous: 该项目支出上级资金 is neither fiscal nor other: an item
			// under its label as written.
			amounts("annual", num("2500000"), nil, nil, nil,
				`[{"label":"年度本级预算金额","amount":2500000},{"label":"该项目支出上级资金","amount":800000}]`),
			[]tplCheck{
				is("goals.mid_term", lit(`{"start_year":null,"end_year":null,"text":"完成1200户农村户厕改造,85个行政村开展村庄清洁行动,农村卫生厕所普及率提高2个百分点。"}`)),
				is("goals.annual.text", "2023年完成农村户厕改造1200户,村庄清洁行动覆盖85个行政村,受益农户满意度达到90%以上。"),
				is("indicators.mid_term", nil),
				level1("annual", `[["产出指标","output",null],["效益指标","benefit",null],["社会公众或服务对象满意度指标","satisfaction",null]]`),
				level2("annual", "产出指标", outputA),
				level2("annual", "效益指标", benefitA),
				level2("annual", "社会公众或服务对象满意度指标", `[["社会公众或服务对象满意度指标","satisfaction"]]`),
				count("annual", 9),
				is(under("annual", "效益指标", "经济效益指标")+".indicators", lit(`[]`)),
				is(under("annual", "效益指标", "生态效益指标")+".indicators", lit(`[]`)),
				is(under("annual", "效益指标", "可持续影响指标")+".indicators", lit(`[]`)),
			},
			ind(under("annual", "产出指标", "数量指标"), "农村户厕改造数量", "≥1200户", ">=", "1200", "户", "", `{"绩效标准":"计划标准"}`),
			ind(under("annual", "产出指标", "成本指标"), "户厕改造补助标准", "≤1500元/户", "<=", "1500", "元/户", "", `{"绩效标准":"计划标准"}`),
			ind(under("annual", "产出指标", "成本指标"), "村庄保洁补助", "≤0.8万元/村", "<=", "8000", "元/村", "", `{"绩效标准":"计划标准"}`),
			// A bare 万 under a cost heading is money.
			ind(under("annual", "产出指标", "成本指标"), "宣传培训费", "≤2万", "<=", "20000", "元", "", `{"绩效标准":"计划标准"}`),
			qual(under("annual", "产出指标", "时效指标"), "项目完成时间", "2024年1月底前", `{"绩效标准":"计划标准"}`),
			qual(under("annual", "效益指标", "社会效益指标"), "农村卫生厕所普及率", "提高2个百分点", `{"绩效标准":"计划标准"}`),
			ind(under("annual", "社会公众或服务对象满意度指标", "社会公众或服务对象满意度指标"), "受益农户满意度", "≥90%", ">=", "90", "%", "", `{"绩效标准":"计划标准"}`),
		)},

		{"D Hunan system export", allFormats("tpl_d_hunan_export"), join(
			proj{title: "项目支出绩效目标申报表", year: 2024, name: "城区生活垃圾分类处理运营补助", category: "特定目标类",
				code: "408", dept: "澧阳市城市管理和综合执法局", unit: "408002-澧阳市环境卫生服务中心", periodYears: num("1")}.checks(),
			targetFunds("万元"),
			[]tplCheck{is("funds.mid_term", nil)},
			amounts("annual", num("3573000"), num("3573000"), num("0"), num("0"),
				`[{"label":"年度资金总额","amount":3573000},{"label":"财政拨款","amount":3573000},{"label":"上年结转资金","amount":0},{"label":"其他资金","amount":0}]`),
			[]tplCheck{
				is("goals.mid_term", nil),
				is("goals.annual.text", "全年无害化处理城区生活垃圾10.95万吨,建成垃圾分类示范小区48个,城区生活垃圾回收利用率达到35%以上。"),
				is("indicators.mid_term", nil),
				level1("annual", familiesA),
				level2("annual", "产出指标", outputA),
				level2("annual", "效益指标", `[["社会效益指标","social"],["生态效益指标","ecological"]]`),
				level2("annual", "满意度指标", satisfactionA),
				count("annual", 10),
				{path: `warnings[code=unit_conflict].message`, contains: []string{"%", "元"}},
			},
			ind(under("annual", "产出指标", "数量指标"), "日均生活垃圾处理量", "≥300", ">=", "300", "吨", "",
				`{"指标值类型":"定量","指标解释":"反映日均无害化处理城区生活垃圾的数量","评(扣)分标准":"达到目标值得满分,每低1%扣0.5分"}`),
			ind(under("annual", "产出指标", "数量指标"), "垃圾分类示范小区数量", "48", "=", "48", "个", "",
				`{"指标值类型":"定量","指标解释":"反映建成垃圾分类示范小区的数量","评(扣)分标准":"完成得满分,每少1个扣0.2分"}`),
			ind(under("annual", "产出指标", "质量指标"), "生活垃圾无害化处理率", "100", "=", "100", "%", "",
				`{"指标值类型":"定量","指标解释":"反映城区生活垃圾无害化处理的比例","评(扣)分标准":"达到100%得满分,每低1个百分点扣1分"}`),
			// A 定量 value with no number is qualitative.
			qual(under("annual", "产出指标", "时效指标"), "补助资金拨付", "按月安排",
				`{"指标值类型":"定量","指标解释":"反映运营补助资金拨付的及时性","评(扣)分标准":"按时拨付得满分,每延迟一月扣1分"}`),
			ind(under("annual", "产出指标", "成本指标"), "吨垃圾处理补助标准", "≤30", "<=", "30", "元/吨", "",
				`{"指标值类型":"定量","指标解释":"反映每吨生活垃圾处理的补助标准","评(扣)分标准":"不超过标准得满分,超出不得分"}`),
			// The value's own unit wins over the unit column's %.
			ind(under("annual", "产出指标", "成本指标"), "示范小区运营补助", "28.8万元", "=", "288000", "元", "",
				`{"指标值类型":"定量","指标解释":"反映示范小区运营补助资金总额","评(扣)分标准":"不超过预算得满分"}`),
			qual(under("annual", "效益指标", "社会效益指标"), "城区环境卫生状况", "明显改善",
				`{"指标值类型":"定性","指标解释":"反映城区环境卫生改善情况","评(扣)分标准":"明显改善得满分,有所改善得一半分"}`),
			ind(under("annual", "满意度指标", "服务对象满意度指标"), "城区居民满意度", "≥90", ">=", "90", "%", "",
				`{"指标值类型":"定量","指标解释":"反映城区居民对垃圾分类处理工作的满意程度","评(扣)分标准":"≥90%得满分,每低1个百分点扣0.5分"}`),
			[]tplCheck{
				is(under("annual", "产出指标", "数量指标")+`.indicators["垃圾分类示范小区数量"].note`, "含新建16个"),
				is(under("annual", "产出指标", "数量指标")+`.indicators["日均生活垃圾处理量"].note`, nil),
				is(under("annual", "产出指标", "成本指标")+`.indicators["示范小区运营补助"].note`, "按每个小区0.6万元测算"),
				is(under("annual", "满意度指标", "服务对象满意度指标")+`.indicators["城区居民满意度"].note`, "问卷调查"),
			},
		)},

		{"E county 2011", allFormats("tpl_e_county_2011"), join(
			proj{title: "财政支出(项目)绩效目标申报表", year: 2020, name: "基层医疗卫生机构能力提升建设",
				code: "127", dept: "太湖县卫生健康委员会", unit: "太湖县乡镇卫生院管理中心", attr: "延续项目",
				start: "2020-01", end: "2020-12"}.checks(),
			// ambiguous: the free-text funds cell states no unit in its label;
			// its amounts carry 万元, which is taken as the stated unit.
			targetFunds("万元"),
			[]tplCheck{is("funds.mid_term", nil)},
			amounts("annual", num("12865000"), num("10865000"), num("2000000"), nil,
				`[{"label":"总额","amount":12865000},{"label":"财政拨款","amount":10865000},{"label":"上级财政资金","amount":8865000},{"label":"本级财政","amount":2000000},{"label":"自有资金","amount":0},{"label":"其他","amount":2000000}]`),
			[]tplCheck{
				is("goals.mid_term", lit(`{"start_year":null,"end_year":null,"text":"到2022年,全县15所乡镇卫生院全部达到国家基本标准,基层医疗服务能力明显增强,县域内就诊率达到90%以上。"}`)),
				is("goals.annual.text", "完成12所乡镇卫生院业务用房改造,为5所中心卫生院配置DR设备,建成基层医疗卫生信息系统。"),
				level1("mid_term", `[["产出指标","output",null],["效益指标","benefit",null],["社会公众或服务对象满意度指标","satisfaction",null]]`),
				level2("mid_term", "产出指标", outputA),
				level2("mid_term", "效益指标", `[["经济效益指标","economic"],["社会效益指标","social"],["环境效益指标","ecological"],["可持续影响指标","sustainability"]]`),
				level2("mid_term", "社会公众或服务对象满意度指标", `[["社会公众或服务对象满意度指标","satisfaction"]]`),
				// ambiguous: the template's "……" placeholder row (no value) is no
				// indicator.
				count("mid_term", 8),
				is(`names(`+under("mid_term", "产出指标", "质量指标")+`)`, lit(`["改造工程验收合格率"]`)),
				level1("annual", `[["产出指标","output",null],["效益指标","benefit",null],["服务对象满意度指标","satisfaction",null]]`),
				level2("annual", "产出指标", outputA),
				level2("annual", "效益指标", `[["经济效益指标","economic"],["社会效益指标","social"],["环境效益指标","ecological"],["可持续影响指标","sustainability"]]`),
				// ambiguous: the 2011 template writes 具体指标 in the level-2 column beside
				// 服务对象满意度指标. Read as the level-2 heading the form writes there
				// (its code satisfaction, as any level-2 under a level-1 satisfaction),
				// not as a label of the name column that leaves the level-1 without a
				// level-2 of its own.
				level2("annual", "服务对象满意度指标", `[["具体指标","satisfaction"]]`),
				count("annual", 9),
			},
			ind(under("mid_term", "产出指标", "数量指标"), "达到国家基本标准的乡镇卫生院", "15所", "=", "15", "所", "", ""),
			qual(under("mid_term", "产出指标", "时效指标"), "全部达标时间", "2022年底前", ""),
			ind(under("mid_term", "产出指标", "成本指标"), "单所卫生院改造补助", "≤80万元", "<=", "800000", "元", "", ""),
			ind(under("mid_term", "效益指标", "社会效益指标"), "县域内就诊率", "≥90%", ">=", "90", "%", "", ""),
			ind(under("mid_term", "效益指标", "环境效益指标"), "医疗废物规范处置率", "100%", "=", "100", "%", "", ""),
			ind(under("mid_term", "社会公众或服务对象满意度指标", "社会公众或服务对象满意度指标"), "患者满意度", "≥90%", ">=", "90", "%", "", ""),
			ind(under("annual", "产出指标", "数量指标"), "配置DR设备数量", "5台", "=", "5", "台", "", ""),
			ind(under("annual", "产出指标", "成本指标"), "DR设备单价", "≤45万元/台", "<=", "450000", "元/台", "", ""),
			ind(under("annual", "产出指标", "成本指标"), "信息化系统建设费用", "≤101.5万元", "<=", "1015000", "元", "", ""),
			qual(under("annual", "产出指标", "时效指标"), "年度任务完成时间", "2020年12月底前", ""),
			qual(under("annual", "效益指标", "社会效益指标"), "县域内就诊率", "提高2个百分点", ""),
			ind(under("annual", "服务对象满意度指标", "具体指标"), "患者满意度", "≥85%", ">=", "85", "%", "", ""),
			[]tplCheck{
				is(under("annual", "产出指标", "数量指标")+`.indicators["配置DR设备数量"].note`, "为中心卫生院配置"),
				is(under("annual", "效益指标", "环境效益指标")+".indicators", lit(`[]`)),
			},
		)},

		{"F Guangxi 2021", allFormats("tpl_f_guangxi"), join(
			proj{title: "项目支出绩效目标申报表", year: 2021, name: "融江县中小学校舍维修改造", category: "特定目标类",
				code: "412", dept: "融江县教育局", unit: "融江县教育基建服务中心",
				start: "2021-01-01", end: "2021-12-31"}.checks(),
			targetFunds("万元"),
			[]tplCheck{is("funds.mid_term", nil)},
			amounts("annual", num("4200000"), num("3800000"), nil, num("0"),
				`[{"label":"资金总额","amount":4200000},{"label":"一般公共预算拨款","amount":3800000},{"label":"政府性基金预算拨款","amount":400000},`+
					`{"label":"国有资本经营预算拨款","amount":0},{"label":"纳入财政专户管理的收入","amount":0},{"label":"未纳入财政专户管理的收入","amount":0},{"label":"上年结余收入","amount":0}]`),
			[]tplCheck{
				// (450字内) is a length limit, not years.
				is("goals.mid_term", lit(`{"start_year":null,"end_year":null,"text":"通过三年校舍维修改造,消除全县中小学校舍安全隐患,办学条件全面达到自治区义务教育学校办学基本标准。"}`)),
				is("goals.annual.text", "①完成8所中小学12000平方米校舍维修改造; ②消除校舍安全隐患,保障师生安全。"),
				is("indicators.mid_term", nil),
				level1("annual", `[["投入指标","input",null],["过程指标","process",null],["产出指标","output",null],["效益指标","benefit",null],["满意度指标","satisfaction",null]]`),
				level2("annual", "投入指标", `[["资金到位率","other"],["预算支出进度","other"]]`),
				level2("annual", "过程指标", `[["资金使用合规性","other"]]`),
				level2("annual", "产出指标", outputA),
				level2("annual", "效益指标", `[["社会效益指标","social"],["可持续影响指标","sustainability"]]`),
				level2("annual", "满意度指标", satisfactionA),
				count("annual", 12),
				is(`indicators.annual["投入指标"].children["资金到位率"].weight`, nil),
			},
			qual(under("annual", "投入指标", "资金到位率"), "项目资金到位情况", "资金到位率达100%", `{"评分细则":"资金到位率达100%得5分,每低10%扣1分"}`),
			qual(under("annual", "投入指标", "预算支出进度"), "预算资金支出进度", "预算支出进度达到90%以上", `{"评分细则":"①支出进度达到90%以上得15分; ②每低5个百分点扣3分。"}`),
			qual(under("annual", "过程指标", "资金使用合规性"), "资金使用符合财经制度规定", "合规", `{"评分细则":"①无截留、挤占、挪用资金得10分; ②发现违规使用的,每项扣2分,扣完为止。"}`),
			ind(under("annual", "产出指标", "数量指标"), "维修改造校舍面积", "≥12000平方米", ">=", "12000", "平方米", "", `{"评分细则":"完成得10分,每少1000平方米扣1分"}`),
			ind(under("annual", "产出指标", "数量指标"), "维修改造学校数量", "8所", "=", "8", "所", "", `{"评分细则":"完成得5分,每少1所扣1分"}`),
			qual(under("annual", "产出指标", "时效指标"), "工程完工时间", "2021年8月31日前", `{"评分细则":"按时完工得5分,每延迟10天扣1分"}`),
			ind(under("annual", "产出指标", "成本指标"), "单位面积维修成本", "≤350元/平方米", "<=", "350", "元/平方米", "", `{"评分细则":"不超过标准得5分,超过不得分"}`),
			qual(under("annual", "效益指标", "社会效益指标"), "改善学生学习环境", "明显改善", `{"评分细则":"明显改善得10分,有所改善得5分"}`),
			ind(under("annual", "满意度指标", "服务对象满意度指标"), "师生满意度", "≥90%", ">=", "90", "%", "", `{"评分细则":"≥90%得10分,每低5个百分点扣2分"}`),
			[]tplCheck{
				is(under("annual", "投入指标", "资金到位率")+`.indicators["项目资金到位情况"].weight`, num("5")),
				is(under("annual", "投入指标", "预算支出进度")+`.indicators["预算资金支出进度"].weight`, num("15")),
				is(under("annual", "过程指标", "资金使用合规性")+`.indicators["资金使用符合财经制度规定"].weight`, num("10")),
				is(under("annual", "产出指标", "数量指标")+`.indicators["维修改造学校数量"].weight`, num("5")),
				is(under("annual", "效益指标", "社会效益指标")+`.indicators["改善学生学习环境"].weight`, num("10")),
				is(`sum(indicators.annual.weight)`, num("100")),
			},
		)},

		{"G Guangdong 批复表", allFormats("tpl_g_guangdong"), join(
			proj{title: "项目支出绩效目标批复表", year: 2019, name: "城市生活垃圾转运站升级改造",
				dept: "南江市城市管理和综合执法局"}.checks(),
			targetFunds("万元"),
			// ambiguous: 中期市财政预算 and 本年度申请市财政预算资金 are each a
			// period's only amount, its total; fiscal is not inferred from 市财政.
			amounts("mid_term", num("15000000"), nil, nil, nil, `[{"label":"中期市财政预算","amount":15000000}]`),
			amounts("annual", num("6000000"), nil, nil, nil, `[{"label":"本年度申请市财政预算资金","amount":6000000}]`),
			[]tplCheck{
				is("goals.mid_term", lit(`{"start_year":2019,"end_year":2021,"text":"用三年时间完成全市15座生活垃圾转运站升级改造,新增日转运能力450吨,转运站臭气排放全部达标。"}`)),
				is("goals.annual.text", "完成6座生活垃圾转运站升级改造,新增日转运能力180吨,改造工程验收合格率100%。"),
				level1("mid_term", `[["预期产出指标","output",null],["效果指标","benefit",null]]`),
				level1("annual", `[["预期产出指标","output",null],["效果指标","benefit",null]]`),
				level2("mid_term", "预期产出指标", `[["数量指标(或建筑规模指标)","quantity"],["质量指标","quality"],["时效指标(工期指标)","timeliness"],["预算(或投资规模)控制指标","cost"]]`),
				level2("annual", "预期产出指标", `[["数量指标(或建筑规模指标)","quantity"],["质量指标","quality"],["时效指标(工期指标、形象进度指标)","timeliness"],["预算(或投资规模)控制指标","cost"]]`),
				// ambiguous: 社会、经济、生态效益指标 names three families and is none
				// of the contract's level-2 names: other.
				level2("mid_term", "效果指标", `[["社会、经济、生态效益指标","other"],["可持续影响指标","sustainability"],["社会公众或服务对象满意度指标","satisfaction"]]`),
				level2("annual", "效果指标", `[["社会、经济、生态效益指标","other"],["可持续影响指标","sustainability"],["社会公众或服务对象满意度指标","satisfaction"]]`),
				count("mid_term", 8),
				count("annual", 10),
			},
			ind(under("mid_term", "预期产出指标", "数量指标(或建筑规模指标)"), "升级改造转运站数量", "15座", "=", "15", "座", "", ""),
			ind(under("mid_term", "预期产出指标", "数量指标(或建筑规模指标)"), "新增日转运能力", "≥450吨", ">=", "450", "吨", "", ""),
			qual(under("mid_term", "预期产出指标", "时效指标(工期指标)"), "项目完工时间", "2021年12月底前", ""),
			qual(under("mid_term", "预期产出指标", "预算(或投资规模)控制指标"), "工程投资偏差率", "±3%以内", ""),
			ind(under("annual", "预期产出指标", "数量指标(或建筑规模指标)"), "升级改造转运站数量", "6座", "=", "6", "座", "", ""),
			ind(under("annual", "预期产出指标", "数量指标(或建筑规模指标)"), "运营安全检查次数", "3", "=", "3", "", "", ""),
			qual(under("annual", "预期产出指标", "时效指标(工期指标、形象进度指标)"), "问题整改", "及时", ""),
			qual(under("annual", "预期产出指标", "预算(或投资规模)控制指标"), "工程投资偏差率", "±3%以内", ""),
			ind(under("annual", "效果指标", "社会、经济、生态效益指标"), "转运站臭气超标率", "0%", "=", "0", "%", "", ""),
			ind(under("annual", "效果指标", "社会公众或服务对象满意度指标"), "周边居民满意度", "≥85%", ">=", "85", "%", "", ""),
		)},

		{"H Hubei two-level", allFormats("tpl_h_hubei"), join(
			proj{title: "项目支出绩效目标表", year: 2022, name: "全市食品安全抽检监测", category: "本级支出项目",
				dept: "楚阳市市场监督管理局", unit: "楚阳市食品药品检验所", attr: "持续性项目"}.checks(),
			targetFunds("万元"),
			[]tplCheck{is("funds.mid_term", nil)},
			// 合计 is the year's total; the earlier years' columns are no items.
			amounts("annual", num("2300000"), nil, nil, nil,
				`[{"label":"食品抽检检验费","amount":1824000},{"label":"样品购置费","amount":228000},{"label":"风险监测专项费","amount":248000},{"label":"合计","amount":2300000}]`),
			[]tplCheck{
				is("goals.mid_term", nil),
				is("goals.annual.text", "全年完成食品安全抽检2280批次、风险监测31批次,抽检任务完成率超过92%,及时发现和处置食品安全风险隐患,群众对食品安全工作满意度达到85%以上。"),
				is("indicators.mid_term", nil),
				level1("annual", familiesA),
				level2("annual", "产出指标", `[["数量指标","quantity"],["质量指标","quality"],["成本指标","cost"]]`),
				level2("annual", "效益指标", `[["社会效益指标","social"]]`),
				level2("annual", "满意度指标", `[["满意度指标","satisfaction"]]`),
				count("annual", 7),
			},
			ind(under("annual", "产出指标", "数量指标"), "食品安全抽检批次", "2280次", "=", "2280", "次", "",
				`{"绩效标准":"反映全年完成食品安全抽检批次情况","保障绩效目标实现措施":"按季度制定抽检计划,分解落实到各县(市、区)"}`),
			ind(under("annual", "产出指标", "数量指标"), "风险监测批次", "≥31批次", ">=", "31", "批次", "",
				`{"绩效标准":"反映全年完成食品安全风险监测批次情况","保障绩效目标实现措施":"委托有资质的检验机构实施"}`),
			ind(under("annual", "产出指标", "质量指标"), "抽检任务完成率", ">92%", ">", "92", "%", "",
				`{"绩效标准":"反映抽检计划任务完成情况","保障绩效目标实现措施":"建立抽检进度月通报制度"}`),
			qual(under("annual", "产出指标", "成本指标"), "项目成本控制", "不超预算",
				`{"绩效标准":"反映项目支出控制在预算范围内的情况","保障绩效目标实现措施":"严格执行政府采购和合同管理制度"}`),
			ind(under("annual", "效益指标", "社会效益指标"), "群众食品安全知晓率", "≥80%", ">=", "80", "%", "",
				`{"绩效标准":"反映群众对食品安全知识的知晓程度","保障绩效目标实现措施":"开展食品安全宣传周活动"}`),
			ind(under("annual", "满意度指标", "满意度指标"), "群众对食品安全工作满意度", "≥85%", ">=", "85", "%", "",
				`{"绩效标准":"反映群众对食品安全工作的满意程度","保障绩效目标实现措施":"委托第三方开展满意度调查"}`),
		)},
	}
	return append(cases, bulkCases()...)
}

// bulkCases are the six forms of xlsx/tpl_i_bulk.xlsx, one a sheet after
// the 目录 sheet.
func bulkCases() []tplCase {
	type bulk struct {
		sheet, name, category, code, dept, unit, attr string
		total, fiscal, other                          any
		goal, benefit                                 string
		cost                                          [5]string // l2 name, indicator, raw, value, unit (all <=)
		more                                          []tplCheck
	}
	forms := []bulk{
		{sheet: "3", name: "专项业务类-学前教育保育教育费补助", category: "专项业务类", code: "301", dept: "临江县教育局", unit: "临江县学前教育管理中心", attr: "常年项目",
			total: num("960000"), fiscal: num("960000"), other: num("0"),
			goal:    "资助家庭经济困难幼儿800人,按每生每年1200元标准发放保育教育费补助,保障困难家庭幼儿顺利入园。",
			benefit: `[["社会效益指标","social"]]`,
			more: join(ind(under("annual", "产出指标", "成本指标"), "生均资助标准", "=1200元/人", "=", "1200", "元/人", "", ""),
				ind(under("annual", "满意度指标", "服务对象满意度指标"), "受助家庭满意度", "≥95%", ">=", "95", "%", "", ""))},
		{sheet: "10", name: "专项业务类-农村敬老院运转补助", category: "专项业务类", code: "402", dept: "临江县民政局", unit: "临江县社会福利中心", attr: "常年项目",
			total: num("648000"), fiscal: num("648000"), other: num("0"),
			goal:    "保障全县180名集中供养特困人员基本生活,敬老院安全检查达标率95%以上。",
			benefit: `[["社会效益指标","social"]]`,
			more: join(ind(under("annual", "产出指标", "成本指标"), "人均月补助标准", "≤300元/人·月", "<=", "300", "元/人·月", "", ""),
				qual(under("annual", "产出指标", "时效指标"), "补助资金拨付时间", "每季度首月15日前", ""))},
		{sheet: "27", name: "民生工程类-农村道路客运补贴", category: "民生工程类", code: "306", dept: "临江县交通运输局", unit: "临江县道路运输服务中心", attr: "延续项目",
			total: num("455000"), fiscal: num("455000"), other: num("0"),
			goal:    "对26条农村客运班线给予运营补贴,保持建制村客运通达率100%。",
			benefit: `[["社会效益指标","social"]]`,
			more: join(ind(under("annual", "产出指标", "成本指标"), "单条班线年补贴", "≤1.75万元", "<=", "17500", "元", "", ""),
				ind(under("annual", "产出指标", "质量指标"), "建制村客运通达率", "100%", "=", "100", "%", "", ""))},
		{sheet: "41", name: "专项业务类-森林防火巡护", category: "专项业务类", code: "510", dept: "临江县林业局", unit: "临江县森林防火指挥中心", attr: "常年项目",
			total: num("384000"), fiscal: num("300000"), other: num("84000"),
			goal:    "聘用护林员40人开展全年森林防火巡护,森林火灾受害率控制在0.9‰以内。",
			benefit: `[["生态效益指标","ecological"]]`,
			more: join(ind(under("annual", "产出指标", "成本指标"), "护林员年人均补助", "≤0.96万元", "<=", "9600", "元", "", ""),
				ind(under("annual", "效益指标", "生态效益指标"), "森林火灾受害率", "≤0.9‰", "<=", "0.9", "‰", "", ""),
				qual(under("annual", "产出指标", "时效指标"), "防火巡护时段", "全年", ""))},
		{sheet: "58", name: "专项业务类-城市公厕保洁管护", category: "专项业务类", code: "219", dept: "临江县城市管理局", unit: "219003-临江县环境卫生管理所", attr: "常年项目",
			total: num("720000"), fiscal: num("720000"), other: nil,
			goal:    "做好城区60座公厕日常保洁管护,保洁达标率95%以上。",
			benefit: `[["社会效益指标","social"]]`,
			more: join(ind(under("annual", "产出指标", "成本指标"), "单座公厕年管护成本", "≤1.2万元", "<=", "12000", "元", "", ""),
				qual(under("annual", "产出指标", "时效指标"), "日常保洁频次", "每日2次", ""))},
		{sheet: "71", name: "其他事业类-基层文化活动", category: "其他事业类", code: "611", dept: "临江县文化旅游体育局", unit: "临江县文化馆", attr: "新增项目",
			total: num("250000"), fiscal: num("250000"), other: num("0"),
			goal:    "全年开展送戏下乡演出50场,丰富基层群众文化生活。",
			benefit: `[["社会效益指标","social"]]`,
			more: join(ind(under("annual", "产出指标", "成本指标"), "场均演出补助", "≤0.5万元", "<=", "5000", "元", "", ""),
				ind(under("annual", "满意度指标", "服务对象满意度指标"), "观众满意度", "≥90%", ">=", "90", "%", "", ""))},
	}
	var cases []tplCase
	for i, f := range forms {
		cases = append(cases, tplCase{
			name:  "I bulk sheet " + f.sheet,
			files: []string{fmt.Sprintf("fixtures/xlsx/tpl_i_bulk.xlsx#%d", i)},
			checks: join(
				[]tplCheck{is("source.sheet", f.sheet)},
				proj{title: "项目支出绩效目标表", year: 2024, name: f.name, category: f.category, code: f.code, dept: f.dept,
					unit: f.unit, attr: f.attr, periodYears: num("1")}.checks(),
				targetFunds("万元"),
				[]tplCheck{is("funds.mid_term", nil)},
				[]tplCheck{
					is("funds.annual.total", f.total),
					is("funds.annual.fiscal", f.fiscal),
					is("funds.annual.other", f.other),
					is("funds.annual.carryover", nil),
					is("goals.mid_term", nil),
					is("goals.annual.text", f.goal),
					is("indicators.mid_term", nil),
					level1("annual", familiesA),
					level2("annual", "产出指标", outputA),
					level2("annual", "效益指标", f.benefit),
					level2("annual", "满意度指标", satisfactionA),
					count("annual", 6),
				},
				f.more,
			),
		})
	}
	return cases
}

// check compares the value at the check's path in a form with what it
// expects, and reports a mismatch.
func (c tplCheck) check(t *testing.T, form any) {
	t.Helper()
	got, err := lookup(form, c.path)
	if err != nil {
		if c.contains != nil {
			t.Errorf("%s: %v; want a text holding %q", c.path, err, c.contains)
		} else {
			t.Errorf("%s: %v; want %s", c.path, err, c.want)
		}
		return
	}
	if c.contains != nil {
		s, ok := got.(string)
		if !ok {
			t.Errorf("%s: got %s, want a text holding %q", c.path, show(got), c.contains)
			return
		}
		for _, frag := range c.contains {
			if !strings.Contains(s, frag) {
				t.Errorf("%s: %q does not hold %q", c.path, s, frag)
			}
		}
		return
	}
	var want any
	if err := decode([]byte(c.want), &want); err != nil {
		t.Fatalf("%s: the expectation %s is no JSON: %v", c.path, c.want, err)
	}
	if !sameJSON(want, got) {
		w, _ := json.Marshal(want)
		g, _ := json.Marshal(got)
		t.Errorf("%s: want %s, got %s", c.path, w, g)
	}
}

// sameJSON compares decoded JSON values, numbers as exact decimals (100.00
// is 100).
func sameJSON(want, got any) bool {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok || !sameJSON(wv, gv) {
				return false
			}
		}
		return true
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return false
		}
		for i := range w {
			if !sameJSON(w[i], g[i]) {
				return false
			}
		}
		return true
	case json.Number:
		g, ok := got.(json.Number)
		if !ok {
			return false
		}
		a, aok := new(big.Rat).SetString(w.String())
		b, bok := new(big.Rat).SetString(g.String())
		return aok && bok && a.Cmp(b) == 0
	default:
		return want == got
	}
}

// lookup finds a path in a decoded form. A path is keys apart by dots,
// with [N] for the Nth item of a list, ["NAME"] for the first item whose
// name is NAME, and [KEY=VALUE] for the first item whose KEY is VALUE. It
// may be wrapped in one function:
//
//	level1(P)  P a period's list: [[name, code, weight], …] of its level-1 headings
//	level2(P)  P a level-1 heading: [[name, code], …] of its level-2 headings
//	names(P)   P a level-2 heading: the names of its indicators
//	count(P)   P a period's list: the number of its indicators
//	sum(P.weight)  P a period's list: the sum of its indicators' weights
func lookup(form any, path string) (any, error) {
	for _, fn := range []string{"level1", "level2", "names", "count", "sum"} {
		inner, ok := strings.CutPrefix(path, fn+"(")
		if !ok || !strings.HasSuffix(inner, ")") {
			continue
		}
		inner = strings.TrimSuffix(inner, ")")
		field := ""
		if fn == "sum" {
			inner, field, _ = strings.Cut(inner, ".weight")
			field = "weight"
		}
		v, err := lookup(form, inner)
		if err != nil {
			return nil, err
		}
		return apply(fn, field, v)
	}
	v := form
	rest := path
	for rest != "" {
		var seg string
		switch {
		case rest[0] == '.':
			rest = rest[1:]
			continue
		case rest[0] == '[':
			end := "]"
			if strings.HasPrefix(rest, `["`) {
				end = `"]`
			}
			i := strings.Index(rest, end)
			if i < 0 {
				return nil, fmt.Errorf("bad path %q", path)
			}
			seg, rest = rest[:i+len(end)], rest[i+len(end):]
			list, ok := v.([]any)
			if !ok {
				return nil, fmt.Errorf("%s is %s, not a list", strings.TrimSuffix(path, seg+rest), show(v))
			}
			item, err := pick(list, seg)
			if err != nil {
				return nil, fmt.Errorf("%s%s: %v", strings.TrimSuffix(path, seg+rest), seg, err)
			}
			v = item
		default:
			i := strings.IndexAny(rest, ".[")
			if i < 0 {
				i = len(rest)
			}
			seg, rest = rest[:i], rest[i:]
			m, ok := v.(map[string]any)
			if !ok {
				return nil, fmt.Errorf("no key %s in %s", seg, show(v))
			}
			if v, ok = m[seg]; !ok {
				return nil, fmt.Errorf("no key %s", seg)
			}
		}
	}
	return v, nil
}

// pick selects an item of a list by a path's [N], ["NAME"] or [KEY=VALUE].
func pick(list []any, seg string) (any, error) {
	inner := seg[1 : len(seg)-1]
	if name, ok := strings.CutPrefix(inner, `"`); ok {
		name = strings.TrimSuffix(name, `"`)
		var names []string
		for _, item := range list {
			if m, ok := item.(map[string]any); ok {
				if m["name"] == name {
					return item, nil
				}
				names = append(names, fmt.Sprint(m["name"]))
			}
		}
		return nil, fmt.Errorf("none named %q among %q", name, names)
	}
	if key, value, ok := strings.Cut(inner, "="); ok {
		for _, item := range list {
			if m, ok := item.(map[string]any); ok && fmt.Sprint(m[key]) == value {
				return item, nil
			}
		}
		return nil, fmt.Errorf("none with %s %s", key, value)
	}
	i, err := strconv.Atoi(inner)
	if err != nil {
		return nil, err
	}
	if i < 0 || i >= len(list) {
		return nil, fmt.Errorf("%d items, no item %d", len(list), i)
	}
	return list[i], nil
}

// apply computes a lookup's function of a value.
func apply(fn, field string, v any) (any, error) {
	switch fn {
	case "level1", "count", "sum":
		list, ok := v.([]any)
		if !ok {
			return nil, fmt.Errorf("%s of %s, not a list", fn, show(v))
		}
		var out []any
		n := 0
		sum := new(big.Rat)
		for _, l1 := range list {
			m, _ := l1.(map[string]any)
			if fn == "level1" {
				out = append(out, []any{m["name"], m["code"], m["weight"]})
				continue
			}
			children, _ := m["children"].([]any)
			for _, l2 := range children {
				m2, _ := l2.(map[string]any)
				inds, _ := m2["indicators"].([]any)
				n += len(inds)
				for _, in := range inds {
					m3, _ := in.(map[string]any)
					if w, ok := m3[field].(json.Number); ok {
						if r, ok := new(big.Rat).SetString(w.String()); ok {
							sum.Add(sum, r)
						}
					}
				}
			}
		}
		switch fn {
		case "count":
			return json.Number(strconv.Itoa(n)), nil
		case "sum":
			return json.Number(sum.RatString()), nil
		}
		if out == nil {
			out = []any{}
		}
		return out, nil
	case "level2", "names":
		m, ok := v.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("%s of %s, not a heading", fn, show(v))
		}
		key := "children"
		if fn == "names" {
			key = "indicators"
		}
		list, _ := m[key].([]any)
		out := []any{}
		for _, item := range list {
			m, _ := item.(map[string]any)
			if fn == "names" {
				out = append(out, m["name"])
			} else {
				out = append(out, []any{m["name"], m["code"]})
			}
		}
		return out, nil
	}
	return nil, fmt.Errorf("no function %s", fn)
}
