package review

import (
	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/model"
	"github.com/jixiao/jixiao/normalize"
)

// The helpers build forms in Go: good() passes every rule, and each test
// changes one thing of it.

func ptr[T any](v T) *T { return &v }

func n(s string) *model.Number { return model.NewNumber(decimal.RequireFromString(s)) }

// ind is an indicator whose value is read from raw as the interpreter
// reads it.
func ind(name, raw string) model.Indicator {
	v := normalize.ParseMoney(raw)
	i := model.Indicator{Name: name, Raw: raw}
	if v.Quantitative() {
		i.Operator, i.Value = ptr(v.Operator), model.NewNumber(v.Number)
		if v.Unit != "" {
			i.Unit = ptr(v.Unit)
		}
	} else if v.Text != "" {
		i.Text = ptr(v.Text)
	}
	return i
}

func l2(name, code string, inds ...model.Indicator) model.Level2 {
	if inds == nil {
		inds = []model.Indicator{}
	}
	return model.Level2{Name: name, Code: code, Indicators: inds}
}

func l1(name, code string, l2s ...model.Level2) model.Level1 {
	return model.Level1{Name: name, Code: code, Children: l2s}
}

func amounts(total, fiscal, other string) *model.Amounts {
	a := &model.Amounts{}
	for _, p := range []struct {
		s string
		n **model.Number
	}{{total, &a.Total}, {fiscal, &a.Fiscal}, {other, &a.Other}} {
		if p.s != "" {
			*p.n = n(p.s)
		}
	}
	return a
}

// sample builds a period's indicators of the central template with the
// values given: quantity, the mid-term or annual count of 代发项目; the
// deadline; two costs in 元 and one per person.
func sample(count, deadline, printing string) []model.Level1 {
	return []model.Level1{
		l1("产出指标", "output",
			l2("数量指标", "quantity", ind("完成代发项目数", count)),
			l2("质量指标", "quality", ind("发放金额准确率", "100%")),
			l2("时效指标", "timeliness", ind("各项代发完成时间", deadline)),
			l2("成本指标", "cost", ind("报表集中编制人均成本", "≤160元/人/天"), ind("报表印刷费", printing)),
		),
		l1("效益指标", "benefit",
			l2("经济效益指标", "economic"),
			l2("社会效益指标", "social", ind("基金风险事故发生率", "0百分比")),
			l2("生态效益指标", "ecological"),
		),
		l1("满意度指标", "satisfaction",
			l2("满意度指标", "satisfaction", ind("服务对象满意度", "≥90%")),
		),
	}
}

// good returns a side-by-side form of 2023 for 2022–2024 that passes
// every rule; its indicators stand on lines 20 on.
func good() *model.Form {
	f := &model.Form{
		SchemaVersion: 2,
		Source:        model.Source{Path: "x.txt", Format: "txt", Lines: []int{3, 36}},
		FormType:      model.FormTarget,
		Title:         ptr("项目支出绩效目标申报表"),
		Year:          ptr(2023),
		Project:       model.Project{Name: ptr("保障运转类-养老保险专项业务经费"), PeriodYears: ptr(3)},
		Funds: model.Funds{
			Unit:    "元",
			MidTerm: amounts("1110000", "1110000", "0"),
			Annual:  amounts("350000", "350000", "0"),
		},
		Goals: model.Goals{
			MidTerm: &model.MidTermGoal{StartYear: ptr(2022), EndYear: ptr(2024), Text: ptr("完成代发")},
			Annual:  &model.Goal{Text: ptr("完成代发")},
		},
		Indicators: model.Indicators{
			MidTerm: sample("≥30个", "2024年底前", "≤60000元"),
			Annual:  sample("≥10个", "2023年12月底前", "≤20000元"),
		},
		Findings: []model.Finding{},
		Warnings: []model.Warning{},
	}
	renumber(f)
	return f
}

// renumber puts each period's indicators on lines 20 on (side by side,
// so the two periods share lines).
func renumber(f *model.Form) {
	for _, levels := range [][]model.Level1{f.Indicators.MidTerm, f.Indicators.Annual} {
		line := 20
		for _, e := range entries(levels) {
			e.ind.Where = model.Where{Line: line}
			line++
		}
	}
}

// find returns the indicator of a name in a period, for a test to change.
func find(levels []model.Level1, name string) *model.Indicator {
	for _, e := range entries(levels) {
		if e.ind.Name == name {
			return e.ind
		}
	}
	panic("no indicator " + name)
}

// heading returns the level-2 heading of a code in a period.
func heading(levels []model.Level1, code string) *model.Level2 {
	for i := range levels {
		for j := range levels[i].Children {
			if levels[i].Children[j].Code == code {
				return &levels[i].Children[j]
			}
		}
	}
	panic("no heading " + code)
}

// drop removes the level-2 headings of a code from a period.
func drop(levels []model.Level1, code string) {
	for i := range levels {
		var keep []model.Level2
		for _, l := range levels[i].Children {
			if l.Code != code {
				keep = append(keep, l)
			}
		}
		levels[i].Children = keep
	}
}

// set replaces an indicator's value, keeping its name and where.
func set(levels []model.Level1, name, raw string) {
	i := find(levels, name)
	w := i.Where
	*i = ind(name, raw)
	i.Where = w
}
