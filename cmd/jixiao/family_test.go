package main

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestFamilies holds jixiao to the output contract on the rest of the
// family of TEMPLATES.md, made by fixtures/gen/family.go: the year-end
// 项目支出绩效自评表 (fixtures/*/self_eval_*: an ordinary form, one whose
// targets are not all met, and the ordinary one as a WPS-made workbook
// whose 年度资金总额 formulas were saved with the value 0) and the
// 部门整体支出绩效目标申报表 / 部门整体支出绩效目标表 (fixtures/*/dept_*: Hubei's
// with the central indicator columns and a 年度重点工作任务 table, Hunan's
// with the system export's columns). As in TestTemplates (whose helpers it
// uses), the expectations are read from CONTRACT.md ("Self-evaluation forms",
// "Department forms", "Funds") and the forms' data, not from jixiao's output;
// every mismatch is reported; what the contract leaves open is marked
// "ambiguous:" with the reading chosen.
func TestFamilies(t *testing.T) {
	t.Chdir("../..")
	read := recordReader()
	forms, checks := 0, 0
	for _, file := range slices.Sorted(maps.Keys(famFormCounts)) {
		n := famFormCounts[file]
		t.Run(file, func(t *testing.T) {
			if got := len(read(t, file)); got != n {
				t.Errorf("%s: %d forms, want %d", file, got, n)
			}
		})
		checks++
	}
	for _, c := range famCases() {
		for _, f := range c.files {
			file, index, _ := strings.Cut(f, "#")
			i, err := strconv.Atoi(index)
			if err != nil {
				t.Fatalf("%s: %v", f, err)
			}
			if _, ok := famFormCounts[file]; !ok {
				t.Fatalf("%s is not in famFormCounts", file)
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

// famFormCounts are the family's fixtures and how many forms each holds.
var famFormCounts = func() map[string]int {
	m := map[string]int{}
	for _, f := range slices.Concat(seFormats("self_eval_anhui"), seFormats("self_eval_unmet"),
		[]string{"fixtures/xlsx/self_eval_wps_formula.xlsx#0"}, allFormats("dept_hubei"), allFormats("dept_hunan")) {
		file, _, _ := strings.Cut(f, "#")
		m[file] = 1
	}
	return m
}()

// seFormats names a self-evaluation's fixtures: its text dump, workbook
// and PDF (the template comes as XLSX and PDF; there is no Word document).
func seFormats(name string) []string {
	return []string{"fixtures/txt/" + name + ".txt#0", "fixtures/xlsx/" + name + ".xlsx#0", "fixtures/pdf/" + name + ".pdf#0"}
}

// checker is one expectation about a form: a tplCheck or one of the kinds
// below.
type checker interface {
	check(t *testing.T, form any)
}

// famCase is a form, the fixtures that hold it, and what the contract says
// its output has.
type famCase struct {
	name   string
	files  []string
	checks []checker
}

// checks gathers expectations: tplChecks, checkers and lists of either.
func checks(parts ...any) []checker {
	var out []checker
	for _, p := range parts {
		switch p := p.(type) {
		case tplCheck:
			out = append(out, p)
		case []tplCheck:
			for _, c := range p {
				out = append(out, c)
			}
		case checker:
			out = append(out, p)
		case []checker:
			out = append(out, p...)
		default:
			panic(fmt.Sprintf("checks: %T", p))
		}
	}
	return out
}

// absent expects the object holding the path's last key to have no such
// key ("In target forms … weight and score are absent").
type absent string

func (a absent) check(t *testing.T, form any) {
	t.Helper()
	path := string(a)
	i := strings.LastIndex(path, ".")
	parent, key := path[:i], path[i+1:]
	v, err := lookup(form, parent)
	if err != nil {
		t.Errorf("%s: %v; want an object without %s", path, err, key)
		return
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("%s: %s is %s, not an object", path, parent, show(v))
		return
	}
	if got, ok := m[key]; ok {
		b, _ := json.Marshal(got)
		t.Errorf("%s: want no key %s, got %s", path, key, b)
	}
}

// warningAbout expects a warning of code whose where or message names
// each of cells, one warning a cell.
type warningAbout struct {
	code  string
	cells []string
}

func (w warningAbout) check(t *testing.T, form any) {
	t.Helper()
	v, err := lookup(form, "warnings")
	if err != nil {
		t.Errorf("warnings: %v; want %s warnings about %q", err, w.code, w.cells)
		return
	}
	list, _ := v.([]any)
	var texts []string
	for _, item := range list {
		m, _ := item.(map[string]any)
		if m["code"] == w.code {
			texts = append(texts, fmt.Sprint(m["where"], " ", m["message"]))
		}
	}
	if len(texts) == 0 {
		b, _ := json.Marshal(v)
		t.Errorf("warnings: none with code %s, want one about each of %q; got %s", w.code, w.cells, b)
		return
	}
	for _, c := range w.cells {
		if !slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, c) }) {
			t.Errorf("warnings: no %s warning names %s: %q", w.code, c, texts)
		}
	}
}

// famHead is a form's header as the contract reads it.
type famHead struct {
	formType, title                  string
	year                             int
	name, category, code, dept, unit any // a string, or nil
	score                            any // the form's 总分: a num, or nil
}

func (h famHead) checks() []tplCheck {
	return []tplCheck{
		is("form_type", h.formType),
		is("title", h.title),
		is("year", num(strconv.Itoa(h.year))),
		is("project.name", h.name),
		is("project.category", h.category),
		is("project.department_code", h.code),
		is("project.department", h.dept),
		is("project.implementing_unit", h.unit),
		is("project.attribute", nil),
		is("project.period_years", nil),
		is("project.start", nil),
		is("project.end", nil),
		is("score", h.score),
	}
}

// jsonOf is v as JSON: a num as it is, nil as null, a string quoted.
func jsonOf(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case num:
		return string(v)
	case string:
		b, _ := json.Marshal(v)
		return string(b)
	}
	panic(fmt.Sprintf("jsonOf %T", v))
}

// seFunds expects a column of a self-evaluation's funds block (initial,
// annual or executed): 年度资金总额 total, 本年财政拨款 fiscal, 上年结转资金
// carryover and 其他资金 other (nums in 元, or nil for a blank), and its
// items, the four rows in form order, the 其中： of 本年财政拨款 removed.
func seFunds(period string, total, fiscal, carryover, other any) []tplCheck {
	items := fmt.Sprintf(`[{"label":"年度资金总额","amount":%s},{"label":"本年财政拨款","amount":%s},{"label":"上年结转资金","amount":%s},{"label":"其他资金","amount":%s}]`,
		jsonOf(total), jsonOf(fiscal), jsonOf(carryover), jsonOf(other))
	return amounts(period, total, fiscal, other, carryover, items)
}

// value is a value as the contract parses it: raw, operator, value, unit
// and text ("" for null).
type value [5]string

// quant is a quantitative value, words a qualitative one (its text its raw).
func quant(raw, op, v, unit string) value { return value{raw, op, v, unit, ""} }
func words(raw string) value              { return value{raw, "", "", "", raw} }

// json is the value as an indicator's actual: {raw, operator, value, unit, text}.
func (v value) json() string {
	return fmt.Sprintf(`{"raw":%s,"operator":%s,"value":%s,"unit":%s,"text":%s}`,
		jsonOf(v[0]), jsonOf(orNull(v[1])), jsonOf(numOrNull(v[2])), jsonOf(orNull(v[3])), jsonOf(orNull(v[4])))
}

// seInd expects a self-evaluation's indicator: its target (年度指标值) as
// raw and the parsed value, its 实际完成值 as actual, 分值 weight, 得分 score,
// 偏差原因分析及改进措施 note ("" for null), no extra (every column of the
// table has its key) and no ★.
func seInd(l2, name string, target, actual value, weight, score, note string) []tplCheck {
	p := l2 + `.indicators["` + name + `"]`
	return join(
		ind(l2, name, target[0], target[1], target[2], target[3], target[4], ""),
		[]tplCheck{
			is(p+".actual", lit(actual.json())),
			is(p+".weight", num(weight)),
			is(p+".score", num(score)),
			is(p+".note", orNull(note)),
			is(p+".core", false),
		},
	)
}

// where expects the indicator named name under l2 to stand at where (a
// JSON object).
func where(l2, name, where string) tplCheck {
	return is(l2+`.indicators["`+name+`"].where`, lit(where))
}

// seLevels are the level-2 headings of the self-evaluations, 经济效益指标
// last and empty.
const (
	seBenefit = `[["社会效益指标","social"],["可持续影响指标","sustainability"],["经济效益指标","economic"]]`
	seWeights = `[["产出指标","output",50],["效益指标","benefit",30],["满意度指标","satisfaction",10]]`
)

func famCases() []famCase {
	out, benefit, satisfaction := "产出指标", "效益指标", "满意度指标"
	a := func(l1, l2 string) string { return under("annual", l1, l2) }
	return []famCase{
		{"self-evaluation, ordinary", seFormats("self_eval_anhui"), seAnhuiChecks(false)},
		{"self-evaluation, WPS formulas saved as 0", []string{"fixtures/xlsx/self_eval_wps_formula.xlsx#0"}, seAnhuiChecks(true)},
		{"self-evaluation, ordinary: where (txt)", []string{"fixtures/txt/self_eval_anhui.txt#0"}, checks(
			where(a(out, "数量指标"), "运维政务信息系统数量", `{"line":13}`),
			where(a(satisfaction, "服务对象满意度指标"), "系统使用单位满意度", `{"line":25}`),
		)},
		{"self-evaluation, ordinary: where (xlsx)", []string{"fixtures/xlsx/self_eval_anhui.xlsx#0", "fixtures/xlsx/self_eval_wps_formula.xlsx#0"}, checks(
			where(a(out, "数量指标"), "运维政务信息系统数量", `{"sheet":"绩效自评表","cell":"E13"}`),
			where(a(satisfaction, "服务对象满意度指标"), "系统使用单位满意度", `{"sheet":"绩效自评表","cell":"E25"}`),
		)},

		{"self-evaluation, targets not met", seFormats("self_eval_unmet"), checks(
			famHead{formType: "project_self_evaluation", title: "项目支出绩效自评表", year: 2022,
				name: "民生工程类-农家书屋提升工程", category: "民生工程类", code: "305", dept: "石台县文化旅游体育局",
				unit: "305002-石台县图书馆", score: num("86.9")}.checks(),
			is("funds.unit", "元"),
			is("funds.stated_unit", "万元"),
			is("funds.mid_term", nil),
			// The 年初 上年结转资金 is blank: null, and so its item's amount.
			seFunds("initial", num("800000"), num("750000"), nil, num("50000")),
			seFunds("annual", num("860000"), num("750000"), num("60000"), num("50000")),
			seFunds("executed", num("688000"), num("600000"), num("48000"), num("40000")),
			// 执行率 68.80 / 86.00 = 80.00%, 8.00 of the 10.
			is("funds.weight", num("10")),
			is("funds.score", num("8.00")),
			is("goals.mid_term", nil),
			is("goals.annual.text", "新建和提升农家书屋50个,配送图书20000册以上,书屋验收合格率100%,改善农村群众阅读条件,群众满意度达到90%以上。"),
			is("goals.annual.actual", "完成农家书屋建设42个,配送图书21500册,书屋验收合格率95%,8个书屋因选址调整未能按期建设,群众满意度86%。"),
			is("indicators.mid_term", nil),
			// The weights in half-width parentheses here, full-width in the other.
			level1("annual", seWeights),
			level2("annual", out, `[["数量指标","quantity"],["质量指标","quality"],["时效指标","timeliness"],["成本指标","cost"]]`),
			level2("annual", benefit, seBenefit),
			level2("annual", satisfaction, `[["服务对象满意度指标","satisfaction"]]`),
			count("annual", 8),
			is(a(benefit, "经济效益指标")+".indicators", lit(`[]`)),
			is(`sum(indicators.annual.weight)`, num("90")),
			// An actual below a ≥ target is read as written.
			seInd(a(out, "数量指标"), "新建和提升农家书屋数量", quant("≥50个", ">=", "50", "个"), quant("42个", "=", "42", "个"),
				"10", "8.4", "8个书屋因村级活动场所选址调整未能按期建设,已调整至2023年实施"),
			seInd(a(out, "数量指标"), "配送图书册数", quant("≥20000册", ">=", "20000", "册"), quant("21500册", "=", "21500", "册"), "10", "10", ""),
			seInd(a(out, "质量指标"), "书屋验收合格率", quant("≥100百分比", ">=", "100", "%"), quant("95%", "=", "95", "%"),
				"10", "9.5", "2个书屋图书分类上架不规范,已督促整改"),
			// A qualitative actual beside a qualitative target.
			seInd(a(out, "时效指标"), "项目完成时间", words("在项目计划完成时间内完成"), words("部分未按期完成"), "10", "6", "加强项目调度,按月通报建设进度"),
			// The actual's own 万元 scales to 元 as the target's does.
			seInd(a(out, "成本指标"), "单个书屋提升补助", quant("≤1.2万元", "<=", "12000", "元"), quant("1.2万元", "=", "12000", "元"), "10", "10", ""),
			seInd(a(benefit, "社会效益指标"), "农村群众阅读条件", words("达成预期指标"), words("基本达成"), "15", "12", "部分新建书屋开放时间不固定"),
			seInd(a(benefit, "可持续影响指标"), "书屋长效运行机制", words("长期有效"), words("长期有效"), "15", "15", ""),
			seInd(a(satisfaction, "服务对象满意度指标"), "农村群众满意度", quant("≥90%", ">=", "90", "%"), quant("86%", "=", "86", "%"),
				"10", "8", "加大图书更新和阅读推广活动力度"),
		)},
		{"self-evaluation, targets not met: where (txt)", []string{"fixtures/txt/self_eval_unmet.txt#0"}, checks(
			where(a(out, "质量指标"), "书屋验收合格率", `{"line":15}`))},
		{"self-evaluation, targets not met: where (xlsx)", []string{"fixtures/xlsx/self_eval_unmet.xlsx#0"}, checks(
			where(a(out, "质量指标"), "书屋验收合格率", `{"sheet":"自评表","cell":"E15"}`))},

		{"department, Hubei", allFormats("dept_hubei"), checks(
			famHead{formType: "department_performance_target", title: "部门整体支出绩效目标申报表", year: 2023,
				code: "118", dept: "楚阳市市场监督管理局"}.checks(),
			deptFunds(),
			// ambiguous: 收入构成 and 支出构成 stand side by side; "form order" is
			// read block by block (收入构成's rows, then 支出构成's), as a side-by-side
			// funds block gives each column its own list. The 占比 are shares, not
			// amounts, and are no items; the 年度重点工作任务 table's 拟投入的资金
			// (230.00, 120.00, 85.00, 60.00) is no part of 部门总体资金情况 and its
			// amounts are no items either.
			amounts("annual", num("30000000"), num("28600000"), num("1400000"), nil,
				`[{"label":"财政拨款","amount":28600000},{"label":"其他资金","amount":1400000},{"label":"合计","amount":30000000},`+
					`{"label":"基本支出","amount":19800000},{"label":"项目支出","amount":10200000},{"label":"合计","amount":30000000}]`),
			is("goals.annual.text", "全年完成食品安全抽检2280批次,特种设备定期检验率达到98%以上,新增市场主体8000户以上,行政许可事项平均办理时限不超过5个工作日,全年不发生重大食品安全事故,办事群众满意度达到90%以上。"),
			level1("annual", `[["产出指标","output",null],["效益指标","benefit",null],["满意度指标","satisfaction",null]]`),
			level2("annual", out, `[["数量指标","quantity"],["质量指标","quality"],["时效指标","timeliness"],["成本指标","cost"]]`),
			level2("annual", benefit, `[["经济效益指标","economic"],["社会效益指标","social"],["可持续影响指标","sustainability"]]`),
			level2("annual", satisfaction, `[["服务对象满意度指标","satisfaction"]]`),
			count("annual", 11),
			ind(a(out, "数量指标"), "食品安全抽检批次", "≥2280批次", ">=", "2280", "批次", "", ""),
			ind(a(out, "数量指标"), "新增市场主体户数", "≥8000户", ">=", "8000", "户", "", ""),
			ind(a(out, "质量指标"), "抽检任务完成率", ">92%", ">", "92", "%", "", ""),
			// A duration is quantitative.
			ind(a(out, "时效指标"), "行政许可事项平均办理时限", "≤5个工作日", "<=", "5", "个工作日", "", ""),
			qual(a(out, "时效指标"), "投诉举报处置", "及时", ""),
			ind(a(out, "成本指标"), "部门“三公”经费支出", "≤18.5万元", "<=", "185000", "元", "", ""),
			qual(a(benefit, "经济效益指标"), "市场主体增长率", "较上年增长5%", ""),
			ind(a(benefit, "社会效益指标"), "重大食品安全事故", "0起", "=", "0", "起", "", ""),
			qual(a(benefit, "可持续影响指标"), "市场监管长效机制", "逐步健全", ""),
			ind(a(satisfaction, "服务对象满意度指标"), "办事群众满意度", "≥90%", ">=", "90", "%", "", ""),
			targetInd(a(satisfaction, "服务对象满意度指标"), "办事群众满意度", ""),
		)},
		{"department, Hubei: where (txt)", []string{"fixtures/txt/dept_hubei.txt#0"}, checks(
			where(a(out, "数量指标"), "食品安全抽检批次", `{"line":17}`))},
		{"department, Hubei: where (xlsx)", []string{"fixtures/xlsx/dept_hubei.xlsx#0"}, checks(
			where(a(out, "数量指标"), "食品安全抽检批次", `{"sheet":"部门整体绩效目标","cell":"F17"}`))},
		{"department, Hubei: where (docx)", []string{"fixtures/docx/dept_hubei.docx#0"}, checks(
			where(a(out, "数量指标"), "食品安全抽检批次", `{"table":1,"row":15}`))},

		{"department, Hunan", allFormats("dept_hunan"), checks(
			// ambiguous: title is the title line as written, its year included.
			famHead{formType: "department_performance_target", title: "2024年部门整体支出绩效目标表", year: 2024,
				code: "411", dept: "澧阳市民政局"}.checks(),
			deptFunds(),
			// Stacked: 收入构成's rows, then 支出构成's.
			amounts("annual", num("45000000"), num("41200000"), num("3800000"), nil,
				`[{"label":"财政拨款","amount":41200000},{"label":"其他资金","amount":3800000},{"label":"合计","amount":45000000},`+
					`{"label":"基本支出","amount":13500000},{"label":"项目支出","amount":31500000},{"label":"合计","amount":45000000}]`),
			is("goals.annual.text", "全年保障城乡低保对象12600人以上、特困人员1850人,低保资金社会化发放率100%,城市低保保障标准不低于每人每月650元,困难群众基本生活得到有效保障,救助对象满意度达到90%以上。"),
			level1("annual", `[["产出指标","output",null],["效益指标","benefit",null],["满意度指标","satisfaction",null]]`),
			level2("annual", out, `[["数量指标","quantity"],["质量指标","quality"],["时效指标","timeliness"],["成本指标","cost"]]`),
			level2("annual", benefit, `[["社会效益指标","social"],["可持续影响指标","sustainability"]]`),
			level2("annual", satisfaction, `[["服务对象满意度指标","satisfaction"]]`),
			count("annual", 9),
			// The operator inside the 指标值 cell, the unit from 计量单位; 计量单位 is
			// mapped and so not in extra, 指标值类型 is kept there.
			ind(a(out, "数量指标"), "城乡低保保障人数", "≥12600", ">=", "12600", "人", "",
				`{"指标值类型":"定量","指标解释":"反映全年纳入城乡最低生活保障的困难群众人数","评(扣)分标准":"达到目标值得满分,每低1%扣0.5分"}`),
			ind(a(out, "数量指标"), "特困人员救助供养人数", "1850", "=", "1850", "人", "",
				`{"指标值类型":"定量","指标解释":"反映全年救助供养特困人员的人数","评(扣)分标准":"完成得满分,未完成按比例扣分"}`),
			ind(a(out, "质量指标"), "低保资金社会化发放率", "100", "=", "100", "%", "",
				`{"指标值类型":"定量","指标解释":"反映低保资金通过金融机构直接发放到户的比例","评(扣)分标准":"达到100%得满分,每低1个百分点扣1分"}`),
			qual(a(out, "时效指标"), "救助资金发放时间", "每月10日前",
				`{"指标值类型":"定性","指标解释":"反映救助资金按月及时发放情况","评(扣)分标准":"按时发放得满分,每延迟一次扣1分"}`),
			// 万元 from the unit column scales to 元 like a 万元 in the value.
			ind(a(out, "成本指标"), "部门“三公”经费支出", "≤18.5", "<=", "185000", "元", "",
				`{"指标值类型":"定量","指标解释":"反映部门“三公”经费控制情况","评(扣)分标准":"不超过预算得满分,超出不得分"}`),
			ind(a(out, "成本指标"), "城市低保保障标准", "≥650", ">=", "650", "元/人·月", "",
				`{"指标值类型":"定量","指标解释":"反映城市低保月人均保障标准","评(扣)分标准":"达到标准得满分"}`),
			qual(a(benefit, "社会效益指标"), "困难群众基本生活", "得到有效保障",
				`{"指标值类型":"定性","指标解释":"反映困难群众基本生活保障情况","评(扣)分标准":"有效保障得满分,基本保障得一半分"}`),
			qual(a(benefit, "可持续影响指标"), "社会救助体系", "持续完善",
				`{"指标值类型":"定性","指标解释":"反映社会救助制度体系建设情况","评(扣)分标准":"持续完善得满分"}`),
			ind(a(satisfaction, "服务对象满意度指标"), "救助对象满意度", "≥90", ">=", "90", "%", "",
				`{"指标值类型":"定量","指标解释":"反映救助对象对社会救助工作的满意程度","评(扣)分标准":"≥90%得满分,每低1个百分点扣0.5分"}`),
			targetInd(a(out, "数量指标"), "特困人员救助供养人数", "含分散供养1320人"),
			targetInd(a(out, "数量指标"), "城乡低保保障人数", ""),
			targetInd(a(satisfaction, "服务对象满意度指标"), "救助对象满意度", "问卷调查"),
		)},
		// The txt line is the file's physical line: the 部门总体资金情况 label and
		// the 部门职能概述 hold line breaks, so the record is the 15th, its line
		// the 20th.
		{"department, Hunan: where (txt)", []string{"fixtures/txt/dept_hunan.txt#0"}, checks(
			where(a(out, "数量指标"), "城乡低保保障人数", `{"line":20}`))},
		{"department, Hunan: where (xlsx)", []string{"fixtures/xlsx/dept_hunan.xlsx#0"}, checks(
			where(a(out, "数量指标"), "城乡低保保障人数", `{"sheet":"部门整体支出绩效目标表","cell":"E15"}`))},
		{"department, Hunan: where (docx)", []string{"fixtures/docx/dept_hunan.docx#0"}, checks(
			where(a(out, "数量指标"), "城乡低保保障人数", `{"table":1,"row":14}`))},
	}
}

// seAnhuiChecks is what the ordinary self-evaluation gives; with wps, what
// its WPS-made workbook gives, whose 年度资金总额 amounts are SUM formulas
// saved with the value 0 while the rows under them are filled.
func seAnhuiChecks(wps bool) []checker {
	out, benefit, satisfaction := "产出指标", "效益指标", "满意度指标"
	a := func(l1, l2 string) string { return under("annual", l1, l2) }
	totals := [3]any{num("1200000"), num("1285000"), num("1253000")}
	var formula []checker
	if wps {
		// A formula cell whose cached value contradicts the cells it adds up
		// keeps the value the file holds, and gets a formula warning.
		// ambiguous: one warning a formula cell (D6, E6, F6: 年初预算数, 全年预算数,
		// 全年执行数), each naming its cell in its where or its message.
		totals = [3]any{num("0"), num("0"), num("0")}
		formula = checks(is("source.format", "xlsx"), warningAbout{"formula", []string{"D6", "E6", "F6"}})
	}
	return checks(
		famHead{formType: "project_self_evaluation", title: "项目支出绩效自评表", year: 2022,
			name: "专项业务类-政务信息系统运行维护", category: "专项业务类", code: "219", dept: "池州市数据资源管理局",
			unit: "219001-池州市大数据中心", score: num("99.75")}.checks(),
		is("funds.unit", "元"),
		is("funds.stated_unit", "万元"),
		is("funds.mid_term", nil),
		// 年初预算数 initial, 全年预算数 annual, 全年执行数 executed.
		seFunds("initial", totals[0], num("1200000"), num("0"), num("0")),
		seFunds("annual", totals[1], num("1200000"), num("85000"), num("0")),
		seFunds("executed", totals[2], num("1178000"), num("75000"), num("0")),
		// The 分值 and 得分 of the 年度资金总额 row (执行率 97.51% is not kept).
		is("funds.weight", num("10")),
		is("funds.score", num("9.75")),
		formula,
		is("goals.mid_term", nil),
		is("goals.annual.text", "保障全市50个以上政务信息系统稳定运行,系统正常运行率不低于99%,故障响应时间不超过2小时,为政务服务“一网通办”提供可靠支撑。"),
		is("goals.annual.actual", "全年运维政务信息系统52个,系统正常运行率99.6%,故障平均响应时间1.5小时,政务服务事项网上可办率达到96.8%,完成年度各项运维任务。"),
		is("indicators.mid_term", nil),
		// 产出指标（50分）: the weight out of the heading's text, in full-width
		// parentheses here.
		level1("annual", seWeights),
		level2("annual", out, `[["数量指标","quantity"],["质量指标","quality"],["时效指标","timeliness"],["成本指标","cost"]]`),
		level2("annual", benefit, seBenefit),
		level2("annual", satisfaction, `[["服务对象满意度指标","satisfaction"]]`),
		is(`indicators.annual["产出指标"].children["数量指标"].weight`, nil),
		is(a(benefit, "经济效益指标")+".weight", nil),
		is(a(benefit, "经济效益指标")+".indicators", lit(`[]`)),
		count("annual", 12),
		// 50 + 30 + 10, and the funds' 10, make the 总分's 100.
		is(`sum(indicators.annual.weight)`, num("90")),
		is(`names(`+a(out, "成本指标")+`)`, lit(`["运维服务费用","结余率(计算方法为:结余数/预算数)"]`)),
		seInd(a(out, "数量指标"), "运维政务信息系统数量", quant("≥50个", ">=", "50", "个"), quant("52个", "=", "52", "个"), "10", "10", ""),
		seInd(a(out, "数量指标"), "服务器设备巡检次数", quant("≥12次", ">=", "12", "次"), quant("12次", "=", "12", "次"), "10", "10", ""),
		seInd(a(out, "质量指标"), "系统正常运行率", quant("≥99%", ">=", "99", "%"), quant("99.6%", "=", "99.6", "%"), "10", "10", ""),
		seInd(a(out, "质量指标"), "运维服务验收合格率", quant("≥100百分比", ">=", "100", "%"), quant("100%", "=", "100", "%"), "5", "5", ""),
		seInd(a(out, "时效指标"), "故障响应时间", quant("≤2小时", "<=", "2", "小时"), quant("1.5小时", "=", "1.5", "小时"), "5", "5", ""),
		seInd(a(out, "时效指标"), "项目完成时间", words("在项目计划完成时间内完成"), words("按期完成"), "5", "5", ""),
		// The actual is parsed on its own: a bare 90 beside ≤90万元 is = 90
		// with no unit.
		seInd(a(out, "成本指标"), "运维服务费用", quant("≤90万元", "<=", "900000", "元"), quant("90", "=", "90", ""), "3", "3", ""),
		// ambiguous: a heading loses a score in parentheses, but an indicator's
		// name keeps the formula it carries in them (normalized to half-width).
		seInd(a(out, "成本指标"), "结余率(计算方法为:结余数/预算数)", quant("≤5%", "<=", "5", "%"), quant("2.49%", "=", "2.49", "%"),
			"2", "2", "部分运维合同按实际工作量结算,形成少量结余"),
		seInd(a(benefit, "社会效益指标"), "政务服务事项网上可办率", quant("≥95%", ">=", "95", "%"), quant("96.8%", "=", "96.8", "%"), "10", "10", ""),
		seInd(a(benefit, "社会效益指标"), "群众和企业办事便利度", words("达成预期指标"), words("达成预期指标"), "10", "10", ""),
		seInd(a(benefit, "可持续影响指标"), "信息系统安全等级保护测评通过率", quant("100%", "=", "100", "%"), quant("100%", "=", "100", "%"), "10", "10", ""),
		seInd(a(satisfaction, "服务对象满意度指标"), "系统使用单位满意度", quant("≥90%", ">=", "90", "%"), quant("95%", "=", "95", "%"), "10", "10", ""),
	)
}

// deptFunds are what every department form's funds and header keys have:
// money of the year only, in 元, stated in 万元; a target form, so no
// initial, executed, weight or score.
func deptFunds() []checker {
	return checks(
		is("funds.unit", "元"),
		is("funds.stated_unit", "万元"),
		is("funds.mid_term", nil),
		is("funds.initial", nil),
		is("funds.executed", nil),
		absent("funds.weight"),
		absent("funds.score"),
		is("goals.mid_term", nil),
		is("goals.annual.actual", nil),
		is("indicators.mid_term", nil),
	)
}

// targetInd expects an indicator of a target form: no actual, score or
// weight (no 分值 column), its 备注 note ("" for null), no ★.
func targetInd(l2, name, note string) []tplCheck {
	p := l2 + `.indicators["` + name + `"]`
	return []tplCheck{
		is(p+".actual", nil),
		is(p+".score", nil),
		is(p+".weight", nil),
		is(p+".note", orNull(note)),
		is(p+".core", false),
	}
}
