package review

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/model"
)

func TestGoodFormPasses(t *testing.T) {
	got := Check(good())
	if got == nil || len(got) != 0 {
		t.Fatalf("Check(good()) = %#v, want an empty non-nil slice", got)
	}
	if got := Check(nil); got == nil || len(got) != 0 {
		t.Fatalf("Check(nil) = %#v, want an empty non-nil slice", got)
	}
	if got := Check(&model.Form{}); got == nil || len(got) != 0 {
		t.Fatalf("Check(empty form) = %#v, want an empty non-nil slice", got)
	}
}

// ruleCase changes good() so that a rule fires (want > 0 findings of it,
// each message containing every string of msg, the first at where) or does
// not (want 0).
type ruleCase struct {
	rule   string
	name   string
	change func(f *model.Form)
	want   int
	msg    []string
	where  string
}

var ruleCases = []ruleCase{
	// funds_sum_mismatch
	{rule: "funds_sum_mismatch", name: "fiscal + other ≠ total", want: 1,
		change: func(f *model.Form) { f.Funds.Annual.Fiscal = n("300000") },
		msg:    []string{"年度资金", "财政拨款 300,000 元", "其他资金 0 元", "资金总额 350,000 元", "相差 50,000 元"}, where: "lines 3-36"},
	{rule: "funds_sum_mismatch", name: "carryover counted", want: 1,
		change: func(f *model.Form) { f.Funds.MidTerm.Carryover = n("10000") },
		msg:    []string{"中期资金", "上年结转 10,000 元", "合计 1,120,000 元"}},
	{rule: "funds_sum_mismatch", name: "stated parts above the total, other blank", want: 1,
		change: func(f *model.Form) { f.Funds.Annual.Other = nil; f.Funds.Annual.Fiscal = n("400000") },
		msg:    []string{"已超过资金总额 350,000 元"}},
	{rule: "funds_sum_mismatch", name: "a self-evaluation's executed column", want: 1,
		change: func(f *model.Form) { f.Funds.Executed = amounts("0", "340000", "0") },
		msg:    []string{"全年执行数", "资金总额 0 元"}},
	{rule: "funds_sum_mismatch", name: "a sum WPS saved as 0 is the formula warning's", want: 0,
		change: func(f *model.Form) {
			f.Funds.Annual.Total = n("0")
			f.Warnings = append(f.Warnings, model.Warning{Code: model.WarnFormula, Message: "formula =SUM(D7:D9) holds 0", Where: "Sheet1!D6"})
		}},
	{rule: "mid_term_funds_zero", name: "a mid-term sum WPS saved as 0", want: 0,
		change: func(f *model.Form) {
			f.Funds.MidTerm.Total = n("0")
			f.Warnings = append(f.Warnings, model.Warning{Code: model.WarnFormula, Message: "formula =SUM(C7:C9) holds 0", Where: "Sheet1!C6"})
		}},
	{rule: "funds_sum_mismatch", name: "with carryover it adds up", want: 0,
		change: func(f *model.Form) { f.Funds.Annual.Fiscal = n("300000"); f.Funds.Annual.Carryover = n("50000") }},
	{rule: "funds_sum_mismatch", name: "other blank, the rest below the total", want: 0,
		change: func(f *model.Form) { f.Funds.Annual.Other = nil; f.Funds.Annual.Fiscal = n("300000") }},
	{rule: "funds_sum_mismatch", name: "no parts", want: 0,
		change: func(f *model.Form) { f.Funds.Annual = amounts("350000", "", "") }},

	// annual_funds_over_mid_term
	{rule: "annual_funds_over_mid_term", name: "annual above mid-term", want: 1,
		change: func(f *model.Form) {
			f.Funds.MidTerm = amounts("1260500", "1260500", "0")
			f.Funds.Annual = amounts("4200000", "4200000", "0")
			set(f.Indicators.Annual, "报表印刷费", "≤20000元")
		},
		msg: []string{"年度资金总额 4,200,000 元 超过中期资金总额 1,260,500 元"}},
	{rule: "annual_funds_over_mid_term", name: "annual equal to mid-term", want: 0,
		change: func(f *model.Form) { f.Funds.MidTerm = amounts("350000", "350000", "0") }},
	{rule: "annual_funds_over_mid_term", name: "mid-term zero is mid_term_funds_zero's", want: 0,
		change: func(f *model.Form) { f.Funds.MidTerm = amounts("0", "0", "0") }},
	{rule: "annual_funds_over_mid_term", name: "annual only", want: 0,
		change: func(f *model.Form) { f.Funds.MidTerm = nil }},

	// mid_term_funds_zero
	{rule: "mid_term_funds_zero", name: "zero", want: 1,
		change: func(f *model.Form) { f.Funds.MidTerm = amounts("0", "0", "0") },
		msg:    []string{"中期资金总额为 0 元", "年度资金总额为 350,000 元"}},
	{rule: "mid_term_funds_zero", name: "blank", want: 0,
		change: func(f *model.Form) { f.Funds.MidTerm = amounts("", "", "") }},
	{rule: "mid_term_funds_zero", name: "no mid-term", want: 0,
		change: func(f *model.Form) { f.Funds.MidTerm = nil }},

	// period_mismatch
	{rule: "period_mismatch", name: "mid-term years against 项目期", want: 1,
		change: func(f *model.Form) { f.Project.PeriodYears = ptr(5) },
		msg:    []string{"中期目标（2022年—2024年）共 3 年", "项目期为 5 年"}},
	{rule: "period_mismatch", name: "form year outside the mid-term", want: 1,
		change: func(f *model.Form) { f.Year = ptr(2025); f.Goals.MidTerm.StartYear = ptr(2022) },
		msg:    []string{"表的年度 2025 不在中期目标（2022年—2024年）之内"}},
	{rule: "period_mismatch", name: "mid-term years reversed", want: 1,
		change: func(f *model.Form) { f.Goals.MidTerm.StartYear, f.Goals.MidTerm.EndYear = ptr(2024), ptr(2022) },
		msg:    []string{"晚于"}},
	{rule: "period_mismatch", name: "project dates against the mid-term years", want: 1,
		change: func(f *model.Form) { f.Project.Start, f.Project.End = ptr("2021-01"), ptr("2023-12") },
		msg:    []string{"项目起止时间（2021-01 至 2023-12）", "中期目标（2022年—2024年）"}},
	{rule: "period_mismatch", name: "project start after its end", want: 1,
		change: func(f *model.Form) { f.Project.Start, f.Project.End = ptr("2024-07"), ptr("2024-01") },
		msg:    []string{"项目开始时间 2024-07 晚于结束时间 2024-01"}},
	{rule: "period_mismatch", name: "project dates against 项目期, no mid-term years", want: 1,
		change: func(f *model.Form) {
			f.Goals.MidTerm = nil
			f.Project.Start, f.Project.End = ptr("2023-07"), ptr("2024-01")
		},
		msg: []string{"项目起止时间（2023-07 至 2024-01）约 1 年", "项目期为 3 年"}},
	{rule: "period_mismatch", name: "form year outside the project dates", want: 1,
		change: func(f *model.Form) {
			f.Goals.MidTerm = nil
			f.Project.PeriodYears = nil
			f.Project.Start, f.Project.End = ptr("2020-01-01"), ptr("2020-12-31")
		},
		msg: []string{"表的年度 2023 不在项目起止时间（2020-01-01 至 2020-12-31）之内"}},
	{rule: "period_mismatch", name: "everything agrees", want: 0,
		change: func(f *model.Form) { f.Project.Start, f.Project.End = ptr("2022-01"), ptr("2024-12") }},
	{rule: "period_mismatch", name: "a year's project across two calendar years", want: 0,
		change: func(f *model.Form) {
			f.Goals.MidTerm = nil
			f.Project.PeriodYears = ptr(1)
			f.Project.Start, f.Project.End = ptr("2023-07"), ptr("2024-01")
		}},
	{rule: "period_mismatch", name: "mid-term label states no years", want: 0,
		change: func(f *model.Form) { f.Goals.MidTerm.StartYear, f.Goals.MidTerm.EndYear = nil, nil }},

	// level1_missing
	{rule: "level1_missing", name: "no satisfaction in the annual period", want: 1,
		change: func(f *model.Form) { f.Indicators.Annual = f.Indicators.Annual[:2] },
		msg:    []string{"年度绩效指标缺少一级指标「满意度指标」"}},
	{rule: "level1_missing", name: "only output", want: 2,
		change: func(f *model.Form) { f.Indicators.MidTerm = f.Indicators.MidTerm[:1] },
		msg:    []string{"中期绩效指标缺少一级指标"}},
	{rule: "level1_missing", name: "satisfaction as a level-2 under 效果指标 (Guangdong)", want: 0,
		change: func(f *model.Form) {
			a := f.Indicators.Annual
			a[1].Name = "效果指标"
			a[1].Children = append(a[1].Children, a[2].Children[0])
			f.Indicators.Annual = a[:2]
		}},
	{rule: "level1_missing", name: "a period left blank on purpose", want: 0,
		change: func(f *model.Form) {
			f.Indicators.MidTerm = []model.Level1{l1("产出指标", "output", l2("数量指标", "quantity"))}
		}},

	// no_cost_indicator
	{rule: "no_cost_indicator", name: "no cost heading", want: 1,
		change: func(f *model.Form) { drop(f.Indicators.MidTerm, "cost"); drop(f.Indicators.Annual, "cost") },
		msg:    []string{"没有成本指标"}},
	{rule: "no_cost_indicator", name: "cost in one period only", want: 0,
		change: func(f *model.Form) { drop(f.Indicators.MidTerm, "cost") }},
	{rule: "no_cost_indicator", name: "cost as a level-1 (2021 scheme)", want: 0,
		change: func(f *model.Form) {
			drop(f.Indicators.MidTerm, "cost")
			drop(f.Indicators.Annual, "cost")
			f.Indicators.Annual = append(f.Indicators.Annual, l1("成本指标", "cost", l2("经济成本指标", "economic_cost", ind("单件补贴标准", "≤3000元/件"))))
		}},
	{rule: "no_cost_indicator", name: "no indicators at all", want: 0,
		change: func(f *model.Form) { f.Indicators = model.Indicators{} }},

	// no_quantity_quality
	{rule: "no_quantity_quality", name: "no quality heading", want: 1,
		change: func(f *model.Form) { drop(f.Indicators.Annual, "quality") },
		msg:    []string{"年度绩效指标没有「质量指标」"}},
	{rule: "no_quantity_quality", name: "neither", want: 2,
		change: func(f *model.Form) { drop(f.Indicators.Annual, "quality"); drop(f.Indicators.Annual, "quantity") },
		msg:    []string{"年度绩效指标没有「"}},
	{rule: "no_quantity_quality", name: "heading there but empty", want: 0,
		change: func(f *model.Form) { heading(f.Indicators.Annual, "quality").Indicators = nil }},
	{rule: "no_quantity_quality", name: "no output family (level1_missing's)", want: 0,
		change: func(f *model.Form) { f.Indicators.Annual = f.Indicators.Annual[1:] }},

	// required_heading_empty
	{rule: "required_heading_empty", name: "数量指标 empty, 质量指标 filled", want: 1,
		change: func(f *model.Form) { heading(f.Indicators.Annual, "quantity").Indicators = []model.Indicator{} },
		msg:    []string{"年度绩效指标「产出指标」下的二级指标「数量指标」没有填写任何指标"}},
	{rule: "required_heading_empty", name: "社会效益指标 empty", want: 1,
		change: func(f *model.Form) {
			heading(f.Indicators.MidTerm, "economic").Indicators = []model.Indicator{ind("带动农户增收", "≥2000元/户")}
			heading(f.Indicators.MidTerm, "social").Indicators = nil
		},
		msg: []string{"中期绩效指标「效益指标」下的二级指标「社会效益指标」"}},
	{rule: "required_heading_empty", name: "a whole level-1 empty", want: 1,
		change: func(f *model.Form) { heading(f.Indicators.Annual, "satisfaction").Indicators = nil },
		msg:    []string{"一级指标「满意度指标」下没有填写任何指标"}},
	{rule: "required_heading_empty", name: "a self-evaluation's empty 经济效益指标 under 满意度指标", want: 0,
		change: func(f *model.Form) {
			s := &f.Indicators.Annual[2]
			s.Children = append(s.Children, l2("经济效益指标", "satisfaction"))
		}},
	{rule: "required_heading_empty", name: "empty 经济效益指标 and 生态效益指标 are routine", want: 0,
		change: func(f *model.Form) {}},
	{rule: "required_heading_empty", name: "the mid-term side left blank on purpose", want: 0,
		change: func(f *model.Form) {
			for i := range f.Indicators.MidTerm {
				for j := range f.Indicators.MidTerm[i].Children {
					f.Indicators.MidTerm[i].Children[j].Indicators = nil
				}
			}
		}},

	// no_quantitative_indicator
	{rule: "no_quantitative_indicator", name: "every value qualitative", want: 1,
		change: func(f *model.Form) {
			for _, e := range entries(f.Indicators.Annual) {
				e.ind.Operator, e.ind.Value, e.ind.Unit, e.ind.Text = nil, nil, nil, ptr("按计划完成")
			}
		},
		msg: []string{"年度绩效指标共 7 项，没有一项定量指标"}},
	{rule: "no_quantitative_indicator", name: "one quantitative", want: 0,
		change: func(f *model.Form) {
			for _, e := range entries(f.Indicators.Annual)[1:] {
				e.ind.Operator, e.ind.Value, e.ind.Unit, e.ind.Text = nil, nil, nil, ptr("按计划完成")
			}
		}},

	// vague_target
	{rule: "vague_target", name: "效果明显 under 质量指标", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "发放金额准确率", "效果明显") },
		msg:    []string{"年度绩效指标「质量指标」下的「发放金额准确率」", "指标值「效果明显」是模糊表述"}, where: "line 21"},
	{rule: "vague_target", name: "及时 under 时效指标", want: 1,
		change: func(f *model.Form) { set(f.Indicators.MidTerm, "各项代发完成时间", "及时") },
		msg:    []string{"「及时」是模糊表述"}},
	{rule: "vague_target", name: "进一步… under 数量指标", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "完成代发项目数", "进一步扩大覆盖面") },
		msg:    []string{"含模糊表述“进一步”"}},
	{rule: "vague_target", name: "a deadline", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "各项代发完成时间", "年底之前") }},
	{rule: "vague_target", name: "a number among the words", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "发放金额准确率", "提高2个百分点") }},
	{rule: "vague_target", name: "vague under 社会效益指标 is vague_outcome's", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "基金风险事故发生率", "明显改善") }},

	// vague_outcome
	{rule: "vague_outcome", name: "明显改善 under 社会效益指标", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "基金风险事故发生率", "明显改善") },
		msg:    []string{"「社会效益指标」下的「基金风险事故发生率」", "「明显改善」是模糊表述"}, where: "line 25"},
	{rule: "vague_outcome", name: "稳步… under 满意度指标", want: 1,
		change: func(f *model.Form) { set(f.Indicators.MidTerm, "服务对象满意度", "稳步上升") },
		msg:    []string{"含模糊表述“稳步”"}},
	{rule: "vague_outcome", name: "a measurable outcome", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "基金风险事故发生率", "较上年下降5%") }},
	{rule: "vague_outcome", name: "vague under 质量指标 is vague_target's", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "发放金额准确率", "效果明显") }},

	// impossible_value
	{rule: "impossible_value", name: "满意度 above 100%", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "服务对象满意度", "≥120%") },
		msg:    []string{"满意度指标「服务对象满意度」的目标值 ≥120% 超过 100%"}, where: "line 26"},
	{rule: "impossible_value", name: "a rate above 100%", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "发放金额准确率", "105%") },
		msg:    []string{"比率指标「发放金额准确率」的目标值 =105%"}},
	{rule: "impossible_value", name: "a rate above a strict 100%", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "发放金额准确率", ">100%") },
		msg:    []string{">100%"}},
	{rule: "impossible_value", name: "a negative count", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "完成代发项目数", "≥-5个") },
		msg:    []string{"≥-5个 为负数"}},
	{rule: "impossible_value", name: "a negative amount", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "报表印刷费", "≤-2000元") },
		msg:    []string{"≤-2,000元 为负数"}},
	{rule: "impossible_value", name: "满意度 above 100 with no unit", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "服务对象满意度", "≥120") },
		msg:    []string{"≥120 超过 100%"}},
	{rule: "impossible_value", name: "a count under the 满意度 heading", want: 0,
		change: func(f *model.Form) {
			s := heading(f.Indicators.Annual, "satisfaction")
			s.Indicators = append(s.Indicators, ind("满意度回访次数", "≥150"))
		}},
	{rule: "impossible_value", name: "100% is possible", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "服务对象满意度", "100%") }},
	{rule: "impossible_value", name: "a growth rate may exceed 100%", want: 0,
		change: func(f *model.Form) {
			i := find(f.Indicators.Annual, "发放金额准确率")
			*i = ind("游客数量增长率", "≥120%")
		}},
	{rule: "impossible_value", name: "a ceiling above 100%", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "发放金额准确率", "≤120%") }},
	{rule: "impossible_value", name: "a count above 100", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "完成代发项目数", "≥150个") }},

	// annual_over_mid_term
	{rule: "annual_over_mid_term", name: "annual count above mid-term", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "完成代发项目数", "≥40个") },
		msg:    []string{"「完成代发项目数」的年度目标 ≥40个 高于中期目标 ≥30个"}, where: "line 20"},
	{rule: "annual_over_mid_term", name: "annual amount above mid-term, list numbers aside", want: 1,
		change: func(f *model.Form) {
			set(f.Indicators.Annual, "报表印刷费", "=80000元")
			set(f.Indicators.MidTerm, "报表印刷费", "=60000元")
			find(f.Indicators.Annual, "报表印刷费").Name = "1.报表印刷费"
		},
		msg: []string{"=80,000元 高于中期目标 =60,000元"}},
	{rule: "annual_over_mid_term", name: "equal targets", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "完成代发项目数", "≥30个") }},
	{rule: "annual_over_mid_term", name: "a rate is not cumulative", want: 0,
		change: func(f *model.Form) {
			set(f.Indicators.MidTerm, "服务对象满意度", "≥85%")
			set(f.Indicators.Annual, "服务对象满意度", "≥90%")
		}},
	{rule: "annual_over_mid_term", name: "a unit cost is not cumulative", want: 0,
		change: func(f *model.Form) {
			set(f.Indicators.MidTerm, "报表集中编制人均成本", "≥100元/人/天")
			set(f.Indicators.Annual, "报表集中编制人均成本", "≥160元/人/天")
		}},
	{rule: "annual_over_mid_term", name: "different units", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "完成代发项目数", "≥40次") }},
	{rule: "annual_over_mid_term", name: "ceilings", want: 0,
		change: func(f *model.Form) {
			set(f.Indicators.MidTerm, "完成代发项目数", "≤30个")
			set(f.Indicators.Annual, "完成代发项目数", "≤40个")
		}},

	// operator_mismatch
	{rule: "operator_mismatch", name: "≤180 against =180 元/人/天 (the seed)", want: 1,
		change: func(f *model.Form) {
			set(f.Indicators.MidTerm, "报表集中编制人均成本", "≤180元/人/天")
			set(f.Indicators.Annual, "报表集中编制人均成本", "180元/人/天")
		},
		msg: []string{"「报表集中编制人均成本」的中期指标值为 ≤180元/人/天，年度指标值为 =180元/人/天", "（≤ 与 =）"}, where: "line 23"},
	{rule: "operator_mismatch", name: "same operators, other values", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "报表集中编制人均成本", "≤150元/人/天") }},
	{rule: "operator_mismatch", name: "one period qualitative", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "报表集中编制人均成本", "不超过标准") }},

	// cost_over_funds
	{rule: "cost_over_funds", name: "a cost above the year's money", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "报表印刷费", "≤40万元") },
		msg:    []string{"年度成本指标「报表印刷费」的目标值 ≤400,000元 超过年度资金总额 350,000 元"}, where: "line 24"},
	{rule: "cost_over_funds", name: "a cost above the mid-term money", want: 1,
		change: func(f *model.Form) { set(f.Indicators.MidTerm, "报表印刷费", "=1200000元") },
		msg:    []string{"超过中期资金总额 1,110,000 元"}},
	{rule: "cost_over_funds", name: "a cost per person", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "报表集中编制人均成本", "≤400000元/人") }},
	{rule: "cost_over_funds", name: "a floor", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "报表印刷费", "≥400000元") }},
	{rule: "cost_over_funds", name: "money outside a cost heading", want: 0,
		change: func(f *model.Form) {
			q := heading(f.Indicators.Annual, "quantity")
			q.Indicators = append(q.Indicators, ind("发放补贴金额", "≤400000元"))
		}},

	// duplicate_indicator
	{rule: "duplicate_indicator", name: "twice under 数量指标", want: 1,
		change: func(f *model.Form) {
			q := heading(f.Indicators.Annual, "quantity")
			dup := ind("1. 完成代发项目数", "≥12个")
			dup.Where = model.Where{Sheet: "Sheet1", Cell: "E12"}
			q.Indicators = append(q.Indicators, dup)
		},
		msg: []string{"年度绩效指标「数量指标」下的指标「1. 完成代发项目数」第 2 次出现", "≥12个"}, where: "Sheet1!E12"},
	{rule: "duplicate_indicator", name: "same name under two headings", want: 0,
		change: func(f *model.Form) {
			q := heading(f.Indicators.Annual, "quality")
			q.Indicators = append(q.Indicators, ind("完成代发项目数", "100%"))
		}},
	{rule: "duplicate_indicator", name: "rows without a name", want: 0,
		change: func(f *model.Form) {
			q := heading(f.Indicators.Annual, "quantity")
			q.Indicators = append(q.Indicators, ind("", "88"), ind("", "100"))
		}},
	{rule: "duplicate_indicator", name: "the template's …… rows left in", want: 0,
		change: func(f *model.Form) {
			q := heading(f.Indicators.Annual, "quantity")
			q.Indicators = append(q.Indicators, ind("……", ""), ind("……", ""))
		}},

	// cost_sum_over_funds
	{rule: "cost_sum_over_funds", name: "costs add up to more than the money", want: 1,
		change: func(f *model.Form) {
			set(f.Indicators.Annual, "报表印刷费", "≤20万元")
			c := heading(f.Indicators.Annual, "cost")
			c.Indicators = append(c.Indicators, ind("购买劳务", "≤18万元"))
		},
		msg: []string{"年度成本指标中以元计的 2 项", "「报表印刷费」≤200,000元", "「购买劳务」≤180,000元", "合计 380,000 元，超过年度资金总额 350,000 元"}, where: "lines 3-36"},
	{rule: "cost_sum_over_funds", name: "one alone above is cost_over_funds'", want: 0,
		change: func(f *model.Form) {
			set(f.Indicators.Annual, "报表印刷费", "≤40万元")
			c := heading(f.Indicators.Annual, "cost")
			c.Indicators = append(c.Indicators, ind("购买劳务", "≤18万元"))
		}},
	{rule: "cost_sum_over_funds", name: "costs within the money (the seed's second form)", want: 0,
		change: func(f *model.Form) {
			set(f.Indicators.Annual, "报表印刷费", "≤17万元")
			c := heading(f.Indicators.Annual, "cost")
			c.Indicators = append(c.Indicators, ind("购买劳务", "≤18万元"))
		}},

	// deadline_outside_period
	{rule: "deadline_outside_period", name: "an annual deadline in the next year", want: 1,
		change: func(f *model.Form) { set(f.Indicators.Annual, "各项代发完成时间", "2024年6月底前") },
		msg:    []string{"年度时效指标「各项代发完成时间」的完成时限「2024年6月底前」（2024 年）不在2023 年度之内"}, where: "line 22"},
	{rule: "deadline_outside_period", name: "a mid-term deadline after the mid-term", want: 1,
		change: func(f *model.Form) { set(f.Indicators.MidTerm, "各项代发完成时间", "2026年底前") },
		msg:    []string{"不在中期目标（2022年—2024年）之内"}},
	{rule: "deadline_outside_period", name: "a mid-term deadline after the project's end", want: 1,
		change: func(f *model.Form) {
			f.Goals.MidTerm.StartYear, f.Goals.MidTerm.EndYear = nil, nil
			f.Project.Start, f.Project.End = ptr("2022-01"), ptr("2023-12")
		},
		msg: []string{"不在项目起止时间（2022-01 至 2023-12）之内"}},
	{rule: "deadline_outside_period", name: "a project across two years", want: 0,
		change: func(f *model.Form) {
			f.Goals.MidTerm = nil
			f.Indicators.MidTerm = nil
			f.Funds.MidTerm = nil
			f.Project.PeriodYears = ptr(1)
			f.Project.Start, f.Project.End = ptr("2023-07"), ptr("2024-01")
			set(f.Indicators.Annual, "各项代发完成时间", "2023.07-2024.01")
		}},
	{rule: "deadline_outside_period", name: "a date of the year", want: 0,
		change: func(f *model.Form) { set(f.Indicators.Annual, "各项代发完成时间", "2023/6/28") }},
	{rule: "deadline_outside_period", name: "no year of the form to compare", want: 0,
		change: func(f *model.Form) {
			f.Year = nil
			set(f.Indicators.Annual, "各项代发完成时间", "2030年底前")
		}},
}

func TestRules(t *testing.T) {
	tripped := map[string]bool{}
	passed := map[string]bool{}
	for _, tc := range ruleCases {
		t.Run(tc.rule+"/"+tc.name, func(t *testing.T) {
			f := good()
			tc.change(f)
			all := Check(f)
			var got []model.Finding
			for _, fd := range all {
				if fd.Rule == tc.rule {
					got = append(got, fd)
				}
			}
			if len(got) != tc.want {
				t.Fatalf("%d findings of %s, want %d; all findings:\n%s", len(got), tc.rule, tc.want, show(all))
			}
			if tc.want == 0 {
				passed[tc.rule] = true
				return
			}
			tripped[tc.rule] = true
			for _, fd := range got {
				if fd.Severity != severity(tc.rule) {
					t.Errorf("severity %s, want %s", fd.Severity, severity(tc.rule))
				}
			}
			for _, m := range tc.msg {
				if !strings.Contains(got[0].Message, m) {
					t.Errorf("message %q does not say %q", got[0].Message, m)
				}
			}
			if tc.where != "" && got[0].Where != tc.where {
				t.Errorf("where %q, want %q", got[0].Where, tc.where)
			}
		})
	}
	for _, r := range Rules() {
		if !tripped[r.Name] || !passed[r.Name] {
			t.Errorf("rule %s: a case that trips it: %v, one that passes it: %v; want both", r.Name, tripped[r.Name], passed[r.Name])
		}
	}
}

func severity(rule string) string {
	for _, r := range Rules() {
		if r.Name == rule {
			return r.Severity
		}
	}
	return ""
}

func show(fs []model.Finding) string {
	var b strings.Builder
	for _, f := range fs {
		b.WriteString("  " + f.Rule + " [" + f.Severity + "] " + f.Where + ": " + f.Message + "\n")
	}
	return b.String()
}

// TestCheckDoesNotModify: Check reads the form only.
func TestCheckDoesNotModify(t *testing.T) {
	f := good()
	set(f.Indicators.Annual, "完成代发项目数", "≥40个")
	before := good()
	set(before.Indicators.Annual, "完成代发项目数", "≥40个")
	Check(f)
	if got, want := show(Check(f)), show(Check(before)); got != want {
		t.Fatalf("a second Check differs:\n%s\n%s", got, want)
	}
	if find(f.Indicators.Annual, "完成代发项目数").Raw != "≥40个" {
		t.Fatal("Check changed the form")
	}
}

var snake = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

func TestRulesDocumented(t *testing.T) {
	rs := Rules()
	if len(rs) == 0 {
		t.Fatal("no rules")
	}
	var names []string
	for _, r := range rs {
		if !snake.MatchString(r.Name) {
			t.Errorf("rule %q: not snake_case", r.Name)
		}
		if slices.Contains(names, r.Name) {
			t.Errorf("rule %q twice", r.Name)
		}
		names = append(names, r.Name)
		switch r.Severity {
		case model.SeverityError, model.SeverityWarning, model.SeverityInfo:
		default:
			t.Errorf("rule %s: severity %q", r.Name, r.Severity)
		}
		if r.Summary == "" || strings.ContainsAny(r.Summary, "\n\r") || !hasHan(r.Summary) {
			t.Errorf("rule %s: summary %q is not one line of Chinese", r.Name, r.Summary)
		}
		if len([]rune(r.Doc)) < 40 || !hasHan(r.Doc) {
			t.Errorf("rule %s: doc %q says too little", r.Name, r.Doc)
		}
	}
	rs[0].Name = "changed"
	if Rules()[0].Name == "changed" {
		t.Error("Rules returns the package's own slice")
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4E00 && r <= 0x9FFF {
			return true
		}
	}
	return false
}

func TestLocation(t *testing.T) {
	for _, tt := range []struct {
		w    model.Where
		want string
	}{
		{model.Where{Line: 12}, "line 12"},
		{model.Where{Sheet: "Sheet1", Cell: "E12"}, "Sheet1!E12"},
		{model.Where{Page: 2, Box: &[4]model.Number{*n("1"), *n("2"), *n("3"), *n("4")}}, "page 2"},
		{model.Where{Table: 1, Row: 5}, "table 1, row 5"},
		{model.Where{}, ""},
	} {
		if got := Location(tt.w); got != tt.want {
			t.Errorf("Location(%+v) = %q, want %q", tt.w, got, tt.want)
		}
	}
	for _, tt := range []struct {
		s    model.Source
		want string
	}{
		{model.Source{Lines: []int{3, 36}}, "lines 3-36"},
		{model.Source{Sheet: "10", Cells: "A1:H40"}, "10!A1:H40"},
		{model.Source{Pages: []int{2}}, "page 2"},
		{model.Source{Pages: []int{1, 2}}, "pages 1-2"},
		{model.Source{Table: 2}, "table 2"},
		{model.Source{}, ""},
	} {
		if got := formLocation(tt.s); got != tt.want {
			t.Errorf("formLocation(%+v) = %q, want %q", tt.s, got, tt.want)
		}
	}
}

func TestHelpers(t *testing.T) {
	for in, want := range map[string]string{
		"4200000": "4,200,000", "1260500": "1,260,500", "180": "180", "0.85": "0.85",
		"12345.675": "12,345.675", "-2000": "-2,000", "100000000": "100,000,000",
	} {
		if got := fmtNum(n(in).Decimal); got != want {
			t.Errorf("fmtNum(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"1.培训人数": "培训人数", "(2)培训人数": "培训人数", "①培训人数": "培训人数", "★培训 人数": "培训人数",
		"一、培训人数": "培训人数", "……": "", "2023年培训人数": "2023年培训人数", "1.5万亩改造": "1.5万亩改造", "": "",
	} {
		if got := key(in); got != want {
			t.Errorf("key(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string][]int{
		"2024年10月底前": {2024}, "2024/6/28": {2024}, "2023.07-2024.01": {2023, 2024}, "2023-2024": {2023, 2024},
		"年底之前": nil, "每月10日前": nil, "20240101": nil, "2000元以内": nil,
	} {
		if got := years(in); !slices.Equal(got, want) {
			t.Errorf("years(%q) = %v, want %v", in, got, want)
		}
	}
	for in, want := range map[string]string{"效果明显": "效果明显", "逐步健全": "逐步", "年底之前": "", "提高2个百分点": "", "合规": "", "不超预算": "不超预算", "持续完善": "持续", "达成预期指标": "预期"} {
		if got := vague(in); got != want {
			t.Errorf("vague(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestHugeNumbers: numbers no form holds count as absent, rather than
// take the machine's memory.
func TestHugeNumbers(t *testing.T) {
	f := good()
	f.Funds.Annual.Total = n("1e9999")
	f.Funds.MidTerm.Fiscal = n("-1e-9999")
	find(f.Indicators.Annual, "完成代发项目数").Value = n("1e9999")
	if got := Check(f); len(got) != 0 {
		t.Fatalf("findings for numbers out of range:\n%s", show(got))
	}
}

// TestRulesInReadme: the README's table of findings names every rule.
func TestRulesInReadme(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range Rules() {
		if !strings.Contains(string(b), "| `"+r.Name+"` | "+r.Severity+" |") {
			t.Errorf("README.md: no row for rule %s (%s)", r.Name, r.Severity)
		}
	}
}
