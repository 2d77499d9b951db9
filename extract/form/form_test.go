package form

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/model"
)

// formsOf reads a tab-separated text as a grid and interprets it.
func formsOf(t *testing.T, tsv string) []model.Form {
	t.Helper()
	return Parse(gridOf(tsv))
}

// gridOf splits a tab-separated text into a grid, a line a row, as the
// text reader does for a dump without quoting: the interpreter's tests need
// no reader.
func gridOf(tsv string) *grid.Grid {
	g := &grid.Grid{}
	for i, text := range strings.Split(tsv, "\n") {
		row := grid.Row{Pos: grid.Pos{Line: i + 1}}
		for j, f := range strings.Split(strings.TrimSuffix(text, "\r"), "\t") {
			if strings.TrimSpace(f) != "" {
				row.Cells = append(row.Cells, grid.Cell{Text: f, Row: len(g.Rows), Col: j, RowSpan: 1, ColSpan: 1, Pos: grid.Pos{Line: i + 1}})
			}
		}
		if len(row.Cells) > 0 {
			g.Rows = append(g.Rows, row)
		}
	}
	return g
}

// flat lists a form's indicators one per line: period|L1(code)|L2(code)|name|value.
func flat(f model.Form) []string {
	var out []string
	for _, p := range []struct {
		name string
		l1s  []model.Level1
	}{{"mid", f.Indicators.MidTerm}, {"annual", f.Indicators.Annual}} {
		for _, l1 := range p.l1s {
			for _, l2 := range l1.Children {
				prefix := fmt.Sprintf("%s|%s(%s)|%s(%s)", p.name, l1.Name, l1.Code, l2.Name, l2.Code)
				if len(l2.Indicators) == 0 {
					out = append(out, prefix+"|-")
				}
				for _, in := range l2.Indicators {
					v := "∅"
					switch {
					case in.Operator != nil:
						v = *in.Operator + in.Value.String()
						if in.Unit != nil {
							v += " " + *in.Unit
						}
					case in.Text != nil:
						v = "“" + *in.Text + "”"
					}
					if in.Core {
						v += " ★"
					}
					if in.Weight != nil {
						v += " w" + in.Weight.String()
					}
					if in.Note != nil {
						v += " note:" + *in.Note
					}
					out = append(out, prefix+"|"+in.Name+"|"+v)
				}
			}
		}
	}
	return out
}

func codes(f model.Form) []string {
	var out []string
	for _, w := range f.Warnings {
		out = append(out, w.Where+" "+w.Code)
	}
	return out
}

// items lists an amounts column's items as "label amount".
func items(a *model.Amounts) []string {
	var out []string
	for _, it := range a.Items {
		n := "null"
		if it.Amount != nil {
			n = it.Amount.String()
		}
		out = append(out, it.Label+" "+n)
	}
	return out
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

// header is a minimal header block.
const header = "项目名称\t专项业务类-测试项目\n主管部门及代码\t[001]某局\t实施单位\t某中心\n项目资金（万元）\t年度资金总额\t10\n\t其中：财政拨款\t10\n\t其他资金\t0\n年度目标\t完成任务\n"

func one(t *testing.T, tsv string) model.Form {
	t.Helper()
	fs := formsOf(t, tsv)
	if len(fs) != 1 {
		t.Fatalf("%d forms, want 1", len(fs))
	}
	return fs[0]
}

func TestSharedNamesLayout(t *testing.T) {
	// One name column and a value column for each period.
	f := one(t, header+"一级指标\t二级指标\t三级指标\t中期指标值\t年度指标值\n"+
		"产出指标\t数量指标\t培训人数\t≥300人\t≥100人\n"+
		"\t\t开班次数\t≥9次\t≥3次\n"+
		"满意度指标\t服务对象满意度指标\t满意度\t≥90%\t\n")
	check(t, "indicators", flat(f), []string{
		"mid|产出指标(output)|数量指标(quantity)|培训人数|>=300 人",
		"mid|产出指标(output)|数量指标(quantity)|开班次数|>=9 次",
		"mid|满意度指标(satisfaction)|服务对象满意度指标(satisfaction)|满意度|>=90 %",
		"annual|产出指标(output)|数量指标(quantity)|培训人数|>=100 人",
		"annual|产出指标(output)|数量指标(quantity)|开班次数|>=3 次",
		"annual|满意度指标(satisfaction)|服务对象满意度指标(satisfaction)|-",
	})
}

func TestStackedBlocks(t *testing.T) {
	// A mid-term table, then an annual one.
	f := one(t, header+"一级指标\t二级指标\t三级指标\t指标值\n"+
		"产出指标\t数量指标\t培训人数\t≥300人\n"+
		"一级指标\t二级指标\t三级指标\t指标值\n"+
		"产出指标\t数量指标\t培训人数\t≥100人\n")
	check(t, "indicators", flat(f), []string{
		"mid|产出指标(output)|数量指标(quantity)|培训人数|>=300 人",
		"annual|产出指标(output)|数量指标(quantity)|培训人数|>=100 人",
	})
}

func TestHintedSingleBlock(t *testing.T) {
	f := one(t, header+"中期绩效指标\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥300人\n")
	if f.Indicators.Annual != nil || len(f.Indicators.MidTerm) != 1 {
		t.Errorf("a table headed 中期绩效指标 is mid-term: %v", flat(f))
	}
}

func TestHeadingsRepaired(t *testing.T) {
	f := one(t, header+"一级指标\t二级指标\t三级指标\t指标值\n"+
		"\t数量指标\t培训人数\t≥300人\n"+ // no level 1 yet
		"\t效率指标\t人均耗时\t≤2小时\n"+ // a heading the vocabulary does not know
		"效益指标\t\t\t\n"+
		"\t\t孤立指标\t有效\n"+ // no level 2 under 效益指标
		"★\t社会效益指标\t受益人数\t≥50人\n"+ // a core mark in its own cell
		"\t\t\t≥8年\n") // a value with no name
	check(t, "indicators", flat(f), []string{
		"annual|产出指标(output)|数量指标(quantity)|培训人数|>=300 人",
		"annual|产出指标(output)|效率指标(other)|人均耗时|<=2 小时",
		"annual|效益指标(benefit)|(other)|孤立指标|“有效”",
		"annual|效益指标(benefit)|社会效益指标(social)|受益人数|>=50 人 ★",
		"annual|效益指标(benefit)|社会效益指标(social)||>=8 年",
	})
	want := []string{"line 8 missing_level", "line 11 missing_level", "line 13 missing_name"}
	check(t, "warnings", codes(f), want)
}

func TestAmbiguousHeadings(t *testing.T) {
	// 成本指标 heads level 1 when a level-2 heading follows it, and is a
	// level-2 heading otherwise; so is 满意度指标.
	f := one(t, header+"一级指标\t二级指标\t三级指标\t指标值\n"+
		"产出指标\t成本指标\t人均成本\t≤5元/人\n"+
		"成本指标\t经济成本指标\t单位成本\t≤3万元\n"+
		"满意度指标\t满意度指标\t群众满意度\t≥90%\n")
	check(t, "indicators", flat(f), []string{
		"annual|产出指标(output)|成本指标(cost)|人均成本|<=5 元/人",
		"annual|成本指标(cost)|经济成本指标(economic_cost)|单位成本|<=30000 元",
		"annual|满意度指标(satisfaction)|满意度指标(satisfaction)|群众满意度|>=90 %",
	})
}

func TestSplitValueColumns(t *testing.T) {
	f := one(t, header+"一级指标\t二级指标\t三级指标\t指标性质\t指标值\t度量单位\n"+
		"产出指标\t数量指标\t培训人数\t≥\t500\t人\n"+
		"\t\t合格率\t＞＝\t90\t%\n"+
		"\t\t完成率\t≥\t≥95%\t\n"+ // the value has its own operator
		"\t时效指标\t完成时间\t定性\t年底前完成\t\n"+
		"\t成本指标\t补助\t≤\t1.5\t万元\n"+
		"\t\t人次\t定量\t1,200\t人次\n")
	check(t, "indicators", flat(f), []string{
		"annual|产出指标(output)|数量指标(quantity)|培训人数|>=500 人",
		"annual|产出指标(output)|数量指标(quantity)|合格率|>=90 %",
		"annual|产出指标(output)|数量指标(quantity)|完成率|>=95 %",
		"annual|产出指标(output)|时效指标(timeliness)|完成时间|“年底前完成”",
		"annual|产出指标(output)|成本指标(cost)|补助|<=15000 元",
		"annual|产出指标(output)|成本指标(cost)|人次|=1200 人次",
	})
	if raw := f.Indicators.Annual[0].Children[0].Indicators[0].Raw; raw != "500" { // the 指标值 cell alone
		t.Errorf("raw = %q", raw)
	}
}

func TestWeightsNotesAndStars(t *testing.T) {
	f := one(t, header+"一级指标\t二级指标\t三级指标\t指标值\t权重（%）\t备注\n"+
		"产出指标\t数量指标\t★培训人数\t≥500人\t20\t以签到表为准\n"+
		"\t\t开班次数 ☆\t≥5次\t10\t\n")
	check(t, "indicators", flat(f), []string{
		"annual|产出指标(output)|数量指标(quantity)|培训人数|>=500 人 ★ w20 note:以签到表为准",
		"annual|产出指标(output)|数量指标(quantity)|开班次数|>=5 次 w10",
	})
}

func TestBlockEnds(t *testing.T) {
	prose := "本表由项目单位填报，经主管部门审核后报送财政部门，各项指标应当细化、量化，可衡量、可考核，不得填写与项目无关的内容。"
	f := one(t, header+"一级指标\t二级指标\t三级指标\t指标值\n"+
		"产出指标\t数量指标\t培训人数\t≥500人\n"+
		prose+"\n"+
		"\t\t后来的行\t1\n")
	if len(flat(f)) != 1 || f.Source.Lines[1] != 8 {
		t.Errorf("prose must end the table: lines %v, %v", f.Source.Lines, flat(f))
	}
	f = one(t, header+"一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥500人\n注：指标值须量化。\n\t\t后来的行\t1\n")
	if len(flat(f)) != 1 {
		t.Errorf("a footnote must end the table: %v", flat(f))
	}
}

func TestNotForms(t *testing.T) {
	for name, tsv := range map[string]string{
		"empty":         "",
		"summary table": "序号\t项目名称\t预算金额\n1\t农村饮水\t85.60\n2\t农民培育\t75.00\n",
		"prose":         "项目支出绩效目标申报表\n（2023年度）\n本年度无项目。\n",
		"one label":     "项目名称\t某项目\n",
	} {
		if fs := formsOf(t, tsv); len(fs) != 0 {
			t.Errorf("%s: %d forms", name, len(fs))
		}
	}
}

func TestIndicatorTableAlone(t *testing.T) {
	// A form is recognized by its structure: an indicator table with no
	// header block is a form with no project facts.
	f := one(t, "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥500人\n")
	if f.Project.Name != nil || len(flat(f)) != 1 || f.Funds.Annual != nil {
		t.Errorf("%+v", f)
	}
}

func TestFundsLayouts(t *testing.T) {
	const ind = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥500人\n"
	amounts := func(a *model.Amounts) string {
		if a == nil {
			return "null"
		}
		s := func(n *model.Number) string {
			if n == nil {
				return "null"
			}
			return n.String()
		}
		return s(a.Total) + "/" + s(a.Fiscal) + "/" + s(a.Other)
	}
	tests := []struct {
		name, tsv      string
		mid, annual    string
		unit, warnings string
	}{
		{"labels as column headings", "项目名称\tx\n主管部门\ty\n项目资金（万元）\t资金总额\t财政拨款\t其他资金\n\t12.5\t10\t2.5\n", "null", "125000/100000/25000", "万元", ""},
		{"mid and annual, one label for both", "项目名称\tx\n主管部门\ty\n项目资金(万元)\t中期资金总额\t30\t年度资金总额\t10\n\t财政拨款\t30\t\t10\n\t其他资金\t0\t\t0\n", "300000/300000/0", "100000/100000/0", "万元", ""},
		{"mid and annual, labels twice", "项目名称\tx\n主管部门\ty\n项目资金(万元)\t中期资金总额\t30\t年度资金总额\t10\n\t财政拨款\t30\t财政拨款\t10\n\t其他资金\t\t其他资金\t\n", "300000/300000/null", "100000/100000/null", "万元", ""},
		{"a cell's own unit", "项目名称\tx\n主管部门\ty\n项目资金（元）\t年度资金总额\t35万元\n\t其中：财政拨款\t350000\n", "null", "350000/350000/null", "元", ""},
		{"unit stated apart", "金额单位：元\n项目名称\tx\n主管部门\ty\n资金情况\t年度资金总额\t1,000\n", "null", "1000/null/null", "元", ""},
		{"no unit stated", "项目名称\tx\n主管部门\ty\n年度资金总额\t12\n", "null", "120000/null/null", "", "assumed_unit"},
		{"sums that do not add up", "项目名称\tx\n主管部门\ty\n项目资金（万元）\t年度资金总额\t12\n\t财政拨款\t10\n\t其他资金\t1\n", "null", "120000/100000/10000", "万元", "funds_mismatch"},
		{"not an amount", "项目名称\tx\n主管部门\ty\n项目资金（万元）\t年度资金总额\t待定\n\t财政拨款\t—\n", "null", "null/null/null", "万元", "bad_amount"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := one(t, tt.tsv+ind)
			unit := ""
			if f.Funds.StatedUnit != nil {
				unit = *f.Funds.StatedUnit
			}
			var ws []string
			for _, w := range f.Warnings {
				if w.Code != model.WarnMissingHeader { // these forms have no goals
					ws = append(ws, w.Code)
				}
			}
			if got := amounts(f.Funds.MidTerm); got != tt.mid {
				t.Errorf("mid-term %s, want %s", got, tt.mid)
			}
			if got := amounts(f.Funds.Annual); got != tt.annual {
				t.Errorf("annual %s, want %s", got, tt.annual)
			}
			if unit != tt.unit || strings.Join(ws, ",") != tt.warnings {
				t.Errorf("unit %q, warnings %v; want %q, %q", unit, ws, tt.unit, tt.warnings)
			}
		})
	}
}

func TestProjectFacts(t *testing.T) {
	tests := []struct{ dept, code, name, period string }{
		{"[073]六安市人社局", "073", "六安市人社局", "3年"},
		{"【118】金寨县水利局", "118", "金寨县水利局", "三年"},
		{"（012）歙县司法局", "012", "歙县司法局", "2022年—2024年"},
		{"歙县司法局[012]", "012", "歙县司法局", "1年"},
		{"歙县司法局", "", "歙县司法局", "3个年度"},
	}
	for _, tt := range tests {
		f := one(t, "2024年度项目支出绩效目标申报表\n项目名称\t经常性项目\n主管部门及代码\t"+tt.dept+"\n项目期\t"+tt.period+
			"\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\tx\t1\n")
		code := ""
		if f.Project.DepartmentCode != nil {
			code = *f.Project.DepartmentCode
		}
		if code != tt.code || f.Project.Department == nil || *f.Project.Department != tt.name {
			t.Errorf("%s: code %q, department %v", tt.dept, code, f.Project.Department)
		}
		if f.Project.Category != nil {
			t.Errorf("category %q of a name without 类-", *f.Project.Category)
		}
		if f.Year == nil || *f.Year != 2024 || f.Title == nil {
			t.Errorf("year from the title: %v", f.Year)
		}
		want := map[string]int{"3年": 3, "三年": 3, "2022年—2024年": 3, "1年": 1, "3个年度": 3}[tt.period]
		if f.Project.PeriodYears == nil || *f.Project.PeriodYears != want {
			t.Errorf("项目期 %s: %v", tt.period, f.Project.PeriodYears)
		}
	}
}

func TestGoalsBelowLabels(t *testing.T) {
	f := one(t, "项目名称\tx\n主管部门\ty\n总体目标\t中期目标（2023-2025年）\t\t年度目标\n\t目标一\t\t目标二\n\t继续\t\t\n"+
		"一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\tx\t1\n")
	g := f.Goals
	if g.MidTerm == nil || *g.MidTerm.Text != "目标一继续" || *g.MidTerm.StartYear != 2023 || *g.MidTerm.EndYear != 2025 {
		t.Errorf("mid-term goal %+v", g.MidTerm)
	}
	if g.Annual == nil || *g.Annual.Text != "目标二" {
		t.Errorf("annual goal %+v", g.Annual)
	}
}

func TestAlign(t *testing.T) {
	// The seed's T1 heading: label, L1, L2, L3, V | L2, L3, V.
	b := &block{slots: []slot{{role: rLevel1, col: 1, span: 1}, {role: rLevel2, col: 2, span: 1}, {role: rLevel3, col: 3, span: 1}, {role: rValue, col: 4, span: 1},
		{role: rLevel2, col: 5, span: 1, half: 1}, {role: rLevel3, col: 6, span: 1, half: 1}, {role: rValue, col: 7, span: 1, half: 1}}}
	tests := []struct {
		name  string
		cells string // "column:text" separated by |
		want  string // the slot of each cell, -1 for dropped
	}{
		{"aligned", "2:数量指标|3:完成数|4:≥10个|5:数量指标|6:完成数|7:≥3个", "1 2 3 4 5 6"},
		{"annual half only", "6:完成数|7:≥3个", "5 6"},
		{"mid half only", "3:完成数|4:≥3个", "2 3"},
		{"annual heading a column early", "1:效益指标|2:经济效益指标|4:经济效益指标", "0 1 4"},
		{"level-1 column collapsed", "1:质量指标|2:资格认证率|3:≥85%|4:质量指标|5:资格认证率|6:≥85%", "1 2 3 4 5 6"},
		{"starts at column 0", "0:社会效益指标|2:缩小率|3:≥0%|4:社会效益指标|5:缩小率|6:≥0%", "1 2 3 4 5 6"},
		{"ambiguous heading followed by a name", "1:成本指标|2:购买劳务|3:≤36万元|4:成本指标|5:购买劳务|6:≤12万元", "1 2 3 4 5 6"},
		{"ambiguous heading followed by a heading", "0:满意度指标|1:满意度指标|2:满意度|3:≥90%|4:满意度指标|5:满意度|6:≥90%", "0 1 2 3 4 5 6"},
		{"too many cells", "1:产出指标|2:数量指标|3:a|4:1|5:数量指标|6:b|7:2|8:c|9:3", "0 1 2 3 4 5 6 -1 -1"},
	}
	for _, tt := range tests {
		var toks []token
		var kinds []kind
		for _, c := range strings.Split(tt.cells, "|") {
			col, text, _ := strings.Cut(c, ":")
			cell := &grid.Cell{Text: text, Col: int(col[0] - '0'), RowSpan: 1, ColSpan: 1}
			tk := token{cell: cell, text: norm(text)}
			toks = append(toks, tk)
			kinds = append(kinds, tk.kind())
		}
		at := align(toks, kinds, b)
		var got []string
		for _, a := range at {
			got = append(got, fmt.Sprint(a))
		}
		if strings.Join(got, " ") != tt.want {
			t.Errorf("%s: %v, want %s", tt.name, got, tt.want)
		}
	}
}

func TestInlineLabels(t *testing.T) {
	// Labels with their values in the same cell, and fund items that are
	// no field of the contract between the ones that are.
	f := one(t, "项目名称：专项业务类-培训\n主管部门及代码:[001]某局\t实施单位：某中心\n"+
		"项目资金（万元）\t年度资金总额：12\n\t其中：财政拨款\t10\t上年结转\t2\n\t其他资金\t0\n年度目标:完成培训\n"+
		"一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\tx\t1\n")
	p := f.Project
	if p.Name == nil || *p.Name != "专项业务类-培训" || p.DepartmentCode == nil || *p.DepartmentCode != "001" ||
		p.ImplementingUnit == nil || *p.ImplementingUnit != "某中心" || p.Category == nil {
		t.Errorf("project %+v", p)
	}
	a := f.Funds.Annual
	if a == nil || a.Total.String() != "120000" || a.Fiscal.String() != "100000" || a.Other.String() != "0" {
		t.Errorf("funds %+v", a)
	}
	if a.Carryover == nil || a.Carryover.String() != "20000" || len(f.Warnings) != 0 {
		t.Errorf("carryover %v, warnings %+v", a.Carryover, f.Warnings) // 10 + 0 + 2 is 12
	}
	check(t, "items", items(a), []string{"年度资金总额 120000", "财政拨款 100000", "上年结转 20000", "其他资金 0"})
}

// TestInvisibleRows puts rows whose cells normalize to nothing (a soft
// hyphen, a zero-width space, as Word and PDF text leave them) before,
// inside and after a form: they are no line of it, and nothing panics.
func TestInvisibleRows(t *testing.T) {
	body := header + "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t人数\t≥10人\n"
	for _, at := range []string{"项目名称", "主管部门", "一级指标", "产出指标"} {
		i := strings.Index(body, at)
		tsv := "\u00ad\n" + body[:i] + "\u200b\n" + body[i:] + "\u2060\n"
		forms := formsOf(t, tsv)
		if len(forms) != 1 {
			t.Fatalf("before %s: %d forms", at, len(forms))
		}
		check(t, "indicators, before "+at, flat(forms[0]), []string{"annual|产出指标(output)|数量指标(quantity)|人数|>=10 人"})
	}
}

// TestNotes: a reader's note becomes a warning of the form whose rows it
// falls in, in any column, and of no form when it falls outside them.
func TestNotes(t *testing.T) {
	form := "项目名称\t甲\n主管部门\t乙\n实施单位\t丙\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥10人\n"
	g := gridOf(form + "\n\n\n" + form)
	note := func(row, col int) grid.Note {
		return grid.Note{Row: row, Col: col, Pos: grid.Pos{Sheet: "S", Ref: grid.CellName(row, col)}, Code: model.WarnFormula, Message: "m"}
	}
	// The grid's rows are 0–4 and 5–9 (the text reader numbers non-empty rows);
	// the first form's last row is 4, the second's first is 5.
	g.Notes = []grid.Note{note(1, 1), note(4, 9), note(7, 0), note(12, 0)}
	forms := Parse(g)
	if len(forms) != 2 {
		t.Fatalf("%d forms", len(forms))
	}
	for i, want := range [][]string{{"S!B2", "S!J5"}, {"S!A8"}} {
		var got []string
		for _, w := range forms[i].Warnings {
			if w.Code == model.WarnFormula {
				got = append(got, w.Where)
			}
		}
		check(t, fmt.Sprintf("form %d", i), got, want)
	}
}

// TestPartNotes: a note about a part of the file's package, not a cell
// (styles that are missing), is every form's of the grid, wherever the
// forms are.
func TestPartNotes(t *testing.T) {
	form := "项目名称\t甲\n主管部门\t乙\n实施单位\t丙\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥10人\n"
	g := gridOf(form + "\n\n\n" + form)
	g.Notes = []grid.Note{{Pos: grid.Pos{Part: "xl/styles.xml"}, Code: model.WarnDamagedPart, Message: "no styles"}}
	forms := Parse(g)
	if len(forms) != 2 {
		t.Fatalf("%d forms", len(forms))
	}
	for i, f := range forms {
		var got []string
		for _, w := range f.Warnings {
			if w.Code == model.WarnDamagedPart {
				got = append(got, w.Where+": "+w.Message)
			}
		}
		check(t, fmt.Sprintf("form %d", i), got, []string{"xl/styles.xml: no styles"})
	}
}

// TestMissingHeader: a form whose header block lacks its name, funds or
// goals says so, naming where it looked; one with no header block at all
// says that once.
func TestMissingHeader(t *testing.T) {
	const ind = "一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t培训人数\t≥500人\n"
	for _, tt := range []struct {
		name, tsv string
		want      []string
	}{
		{"whole", header + ind, nil},
		{"no goals", "项目名称\tx\n主管部门\ty\n项目资金(万元)\t年度资金总额\t1\n" + ind, []string{"no goals"}},
		{"no name", "主管部门\ty\n实施单位\tz\n项目资金(万元)\t年度资金总额\t1\n年度目标\tg\n" + ind, []string{"no project name"}},
		{"no funds", "项目名称\tx\n主管部门\ty\n年度目标\tg\n" + ind, []string{"no funds"}},
		{"no header", ind, []string{"no header block"}},
	} {
		f := one(t, tt.tsv)
		var got []string
		for _, w := range f.Warnings {
			if w.Code == model.WarnMissingHeader {
				got = append(got, w.Message)
			}
		}
		if len(got) != len(tt.want) {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
			continue
		}
		for i := range got {
			if !strings.HasPrefix(got[i], tt.want[i]) || tt.want[i] != "no header block" && !strings.Contains(got[i], "rows line 1 to line") {
				t.Errorf("%s: %q, want %q", tt.name, got[i], tt.want[i])
			}
		}
	}
}

// TestSelfEvaluation reads a 项目支出绩效自评表: the funds' three columns
// with the total's weight and score, expected and actual goals, each
// indicator's actual, weight, score and note, heading weights and 总分.
func TestSelfEvaluation(t *testing.T) {
	f := one(t, "项目支出绩效自评表\n（2022年度）\n项目名称\t专项业务类-测试\n主管部门\t219-某局\t实施单位\t219001-某中心\n"+
		"项目资金（万元）\t\t年初预算数\t全年预算数\t全年执行数\t分值\t执行率\t得分\n"+
		"\t年度资金总额\t100\t120\t108\t10\t90%\t9\n\t其中：本年财政拨款\t100\t110\t100\t—\t—\t—\n\t上年结转资金\t0\t10\t8\t—\t—\t—\n\t其他资金\t0\t0\t0\t—\t—\t—\n"+
		"年度总体目标\t预期目标\t\t\t实际完成情况\n\t完成培训500人\t\t\t完成培训480人\n"+
		"一级指标\t二级指标\t三级指标\t年度指标值\t实际完成值\t分值\t得分\t偏差原因分析及改进措施\n"+
		"产出指标(50分)\t数量指标\t培训人数\t≥500人\t480\t20\t18\t部分学员未到\n"+
		"\t质量指标\t合格率\t≥90%\t95%\t30\t30\t\n"+
		"满意度指标(10分)\t服务对象满意度指标\t满意度\t≥90%\t达到预期\t10\t10\t\n"+
		"总分\t\t\t\t\t100\t67\t\n")
	if f.FormType != model.FormSelfEvaluation {
		t.Errorf("form type %s", f.FormType)
	}
	fu := f.Funds
	if fu.Initial == nil || fu.Annual == nil || fu.Executed == nil {
		t.Fatalf("funds %+v", fu)
	}
	check(t, "initial", items(fu.Initial), []string{"年度资金总额 1000000", "本年财政拨款 1000000", "上年结转资金 0", "其他资金 0"})
	check(t, "annual", items(fu.Annual), []string{"年度资金总额 1200000", "本年财政拨款 1100000", "上年结转资金 100000", "其他资金 0"})
	check(t, "executed", items(fu.Executed), []string{"年度资金总额 1080000", "本年财政拨款 1000000", "上年结转资金 80000", "其他资金 0"})
	if fu.Weight == nil || fu.Weight.String() != "10" || fu.Score == nil || fu.Score.String() != "9" || fu.MidTerm != nil {
		t.Errorf("weight %v score %v mid %v", fu.Weight, fu.Score, fu.MidTerm)
	}
	g := f.Goals.Annual
	if g == nil || g.Text == nil || *g.Text != "完成培训500人" || g.Actual == nil || *g.Actual != "完成培训480人" {
		t.Errorf("goals %+v", g)
	}
	l1 := f.Indicators.Annual
	if len(l1) != 2 || l1[0].Name != "产出指标" || l1[0].Weight.String() != "50" || l1[1].Weight.String() != "10" {
		t.Fatalf("level 1 %+v", l1)
	}
	in := l1[0].Children[0].Indicators[0]
	if in.Actual == nil || in.Actual.Raw != "480" || *in.Actual.Operator != "=" || in.Actual.Value.String() != "480" || in.Actual.Unit != nil ||
		in.Weight.String() != "20" || in.Score.String() != "18" || in.Note == nil || *in.Note != "部分学员未到" {
		t.Errorf("indicator %+v actual %+v", in, in.Actual)
	}
	if q := l1[1].Children[0].Indicators[0].Actual; q == nil || q.Text == nil || *q.Text != "达到预期" {
		t.Errorf("qualitative actual %+v", q)
	}
	if f.Score == nil || f.Score.String() != "67" {
		t.Errorf("score %v", f.Score)
	}
	for _, w := range f.Warnings {
		t.Errorf("warning %+v", w)
	}
}

// TestDepartmentForm reads a 部门整体支出绩效目标表: no project, the
// department's name and code, the annual goal.
func TestDepartmentForm(t *testing.T) {
	f := one(t, "部门整体支出绩效目标申报表\n部门(单位)名称\t[112]某县教育局\t填报人\t张三\t联系电话\t123\n"+
		"年度总体绩效目标\t全面完成年度教育工作任务\n"+
		"一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t在校学生数\t≥1000人\n")
	if f.FormType != model.FormDepartment || f.Project.Name != nil || f.Project.Department == nil || *f.Project.Department != "某县教育局" ||
		f.Project.DepartmentCode == nil || *f.Project.DepartmentCode != "112" {
		t.Errorf("%s %+v", f.FormType, f.Project)
	}
	if g := f.Goals.Annual; g == nil || g.Text == nil || *g.Text != "全面完成年度教育工作任务" {
		t.Errorf("goal %+v", g)
	}
	for _, w := range f.Warnings {
		if w.Code == model.WarnMissingHeader && strings.Contains(w.Message, "project name") {
			t.Errorf("warning %+v", w)
		}
	}
}

// TestGluedCells: a header row whose value cell a producer ran together
// with the next label is read as if they were apart.
func TestGluedCells(t *testing.T) {
	f := one(t, "项目名称\t拆违经费项目性质阶段性项目\n主管部门\t坝塘镇主管部门编码\t112\n实施单位\t某中心\n"+
		"项目资金(万元)\t年度资金总额\t1\n年度目标\t完成\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t拆除面积\t≥1000平方米\n")
	p := f.Project
	if *p.Name != "拆违经费" || *p.Attribute != "阶段性项目" || *p.Department != "坝塘镇" || *p.DepartmentCode != "112" {
		t.Errorf("%q %v %q %v", *p.Name, p.Attribute, *p.Department, p.DepartmentCode)
	}
}
