package form

import (
	"strings"
	"testing"
)

// TestCodes codes the headings the contract names, as forms write them.
func TestCodes(t *testing.T) {
	for _, tt := range []struct{ name, l1, l2 string }{
		{"产出指标", "output", "other"},
		{"预期产出指标", "output", "other"},
		{"产出(工作量)指标", "output", "other"},
		{"效益指标", "benefit", "other"},
		{"效果指标", "benefit", "other"},
		{"满意度指标", "satisfaction", "satisfaction"},
		{"社会公众或服务对象满意度指标", "satisfaction", "satisfaction"},
		{"服务对象满意度指标", "satisfaction", "satisfaction"},
		{"成本指标", "cost", "cost"},
		{"投入指标", "input", "other"},
		{"过程指标", "process", "other"},
		{"数量指标(或建筑规模指标)", "other", "quantity"},
		{"时效指标(工期指标、形象进度指标)", "other", "timeliness"},
		{"预算(或投资规模)控制指标", "other", "cost"},
		{"生态环境效益指标", "other", "ecological"},
		{"环境效益指标", "other", "ecological"},
		{"经济成本指标", "other", "economic_cost"},
		{"一级 指标", "other", "other"},
		{"(数量、质量、成本方面的指标)", "other", "other"},
		{"★数量指标", "other", "quantity"},
		{"社会、经济、生态效益指标", "other", "other"},
	} {
		if got := level1Code(tt.name); got != tt.l1 {
			t.Errorf("level1Code(%q) = %s, want %s", tt.name, got, tt.l1)
		}
		if got := level2Code(tt.name); got != tt.l2 {
			t.Errorf("level2Code(%q) = %s, want %s", tt.name, got, tt.l2)
		}
	}
}

// TestLabels matches header labels by meaning: synonyms, remarks and
// length limits in parentheses, marks and spaces, cut-short labels.
func TestLabels(t *testing.T) {
	for _, tt := range []struct {
		cell      string
		f         field
		paren     string
		truncated bool
	}{
		{"项目名称", fName, "", false},
		{"项目支出名称", fName, "", false},
		{"*项目名称(30字内)", fName, "30字内", false},
		{"项 目 名 称", fName, "", false},
		{"主管部门及代码", fDept, "", false},
		{"预算部门", fDept, "", false},
		{"部门(单位)名称", fDepartment, "单位", false}, {"总体绩效目标", fGoals, "", false},
		{"主管部门编码", fDeptCode, "", false},
		{"项目(实施)单位", fUnit, "实施", false},
		{"项目性质", fAttr, "", false},
		{"项目类别", fCategory, "", false},
		{"项目起止时间", fSpan, "", false},
		{"计划开始日期", fStart, "", false},
		{"项目资金(万元)", fFunds, "万元", false},
		{"项目资金申请(万元)", fFunds, "万元", false},
		{"年度本级预算金额", fAnnualTotal, "", false},
		{"其中:财政拨款", fFiscal, "", false},
		{"其中:当年财政拨款", fFiscal, "", false},
		{"上年结转资金", fCarryover, "", false},
		{"上年结余收入", fCarryover, "", false},
		{"一般公共预算拨款", fFiscal, "", false},
		{"自有资金", fItem, "", false},
		{"资金总额及构成", fFundsText, "", false},
		{"项目总体目标(2024 年-2026 年)", fMidGoal, "2024 年-2026 年", false},
		{"中期滚动目标(2019年--2021年)", fMidGoal, "2019年--2021年", false},
		{"实施期绩效目标", fMidGoal, "", false},
		{"本年度绩效目标", fAnnualGoal, "", false},
		{"年度总体目标", fAnnualGoal, "", false},
		{"总体", fGoals, "", true},
		{"项目概况(450字内)", fKnown, "450字内", false},
		{"填报单位", fKnown, "", false},
		{"项目", fNone, "", false},
		{"1.项目名称", fNone, "", false},
	} {
		key, paren := labelKey(norm(tt.cell))
		f, _, truncated := matchKey(key)
		if f != tt.f || paren != tt.paren || truncated != tt.truncated {
			t.Errorf("%q: field %d, paren %q, truncated %v; want %d, %q, %v", tt.cell, f, paren, truncated, tt.f, tt.paren, tt.truncated)
		}
	}
}

// TestColumns gives the indicator table's headings their roles.
func TestColumns(t *testing.T) {
	for _, tt := range []struct {
		heading string
		want    role
	}{
		{"一级指标", rLevel1}, {"一级 指标", rLevel1}, {"*一级指标", rLevel1},
		{"二级指标", rLevel2}, {"三级指标", rLevel3}, {"指标内容", rLevel3}, {"具体指标", rNone},
		{"指标值", rValue}, {"年度指标值", rValue}, {"中期指标值", rValue}, {"当年预期实现值", rValue}, {"指标值及单位", rValue},
		{"实际完成值", rActual}, {"分值", rWeight}, {"得分", rScore}, {"偏差原因分析及改进措施", rNote},
		{"指标值类型", rExtra}, {"计量单位", rUnit}, {"指标解释", rExtra}, {"评(扣)分标准", rExtra}, {"评分细则", rExtra},
		{"绩效标准", rExtra}, {"保障绩效目标实现措施", rExtra}, {"备注", rNote}, {"指标性质", rOp}, {"度量单位", rUnit},
		{"绩效指标", rLabel}, {"项目名称", rNone},
	} {
		key, _ := labelKey(norm(tt.heading))
		if got := keyRole(key); got != tt.want {
			t.Errorf("%q: %v, want %v", tt.heading, got, tt.want)
		}
	}
}

// TestClosingRows: the rows that end a form, signatures apart.
func TestClosingRows(t *testing.T) {
	for _, tt := range []struct {
		cell              string
		closes, signature bool
	}{
		{"财政部门审核意见", true, false},
		{"主管部门审核意见:同意", true, false},
		{"填表人:张三", true, true},
		{"联系电话", true, true},
		{"单位负责人签字", true, true},
		{"项目负责人(签字):", true, true},
		{"保障绩效目标实现的措施", true, false},
		{"保障绩效目标实现措施", false, false},
		{"产出指标", false, false},
	} {
		closes, sig := closingRow(norm(tt.cell))
		if closes != tt.closes || sig != tt.signature {
			t.Errorf("%q: closes %v signature %v, want %v %v", tt.cell, closes, sig, tt.closes, tt.signature)
		}
	}
}

// TestLoadErrors: a mistake in the vocabulary names its line.
func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct{ text, want string }{
		{"[label]\n项目名称\tnonsense\n", "vocab.txt:2: no such field"},
		{"[column]\n指标值\tvalue\tsomewhere\n", "vocab.txt:2: no such match"},
		{"[column]\n指标值\tnothing\n", "no such role"},
		{"项目名称\tname\n", "outside a known section"},
		{"[label]\n项目名称\n", "want WORDS<TAB>MEANING"},
		{"[block]\n年度绩效指标\tyearly\n", "no such period"},
		{"[closing]\n审核意见\tend\n", "want closing or signature"},
	} {
		if _, err := load(tt.text); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%q: %v, want %q", tt.text, err, tt.want)
		}
	}
	if _, err := load(vocabText); err != nil {
		t.Fatal(err)
	}
}

func TestCutListNumber(t *testing.T) {
	for in, want := range map[string]string{"二、自有资金": "自有资金", "1.培训": "培训", "(1)合计": "合计", "①上级": "上级", "1.5万元": "1.5万元", "财政拨款": "财政拨款", "十二、其他": "其他"} {
		if got := cutListNumber(in); got != want {
			t.Errorf("cutListNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDates(t *testing.T) {
	for _, tt := range []struct {
		in         string
		start, end string
	}{
		{"2023.07-2024.01", "2023-07", "2024-01"},
		{"2024-01-01至2024-12-31", "2024-01-01", "2024-12-31"},
		{"2026/1/1", "2026-01-01", ""},
		{"20190101 到 20191231", "2019-01-01", "2019-12-31"},
		{"2023年7月—2024年1月", "2023-07", "2024-01"},
		{"2023年7月1日至2024年6月30日", "2023-07-01", "2024-06-30"},
		{"2024年-2026年", "2024", "2026"},
		{"2023-07-2024-01", "2023-07", "2024-01"},
		{"2023.13", "2023", ""},
		{"三年", "", ""},
		{"123456789", "", ""},
		{"2024", "2024", ""},
	} {
		s, e := span(tt.in)
		str := func(p *string) string {
			if p == nil {
				return ""
			}
			return *p
		}
		if str(s) != tt.start || str(e) != tt.end {
			t.Errorf("span(%q) = %q, %q; want %q, %q", tt.in, str(s), str(e), tt.start, tt.end)
		}
	}
}

func TestAttribute(t *testing.T) {
	for in, want := range map[string]string{
		"常年项目":         "常年项目",
		"新增项目□延续项目√":   "延续项目",
		"新增项目√延续项目□":   "新增项目",
		"☑新增项目 □延续项目":  "新增项目",
		"□新增项目 ☑延续项目":  "延续项目",
		"新增项目□ 延续项目□":  "",
		"□新增项目□延续项目":   "",
		"■常年项目 □一次性项目": "常年项目",
	} {
		got := ""
		if a := attribute(in); a != nil {
			got = *a
		}
		if got != want {
			t.Errorf("attribute(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSplitCode(t *testing.T) {
	for _, tt := range []struct{ in, code, name string }{
		{"[073]六安市人社局", "073", "六安市人社局"},
		{"219-池州市教育局", "219", "池州市教育局"},
		{"219 - 池州市教育局", "219", "池州市教育局"},
		{"池州市教育局", "", "池州市教育局"},
		{"2019年度某局", "", "2019年度某局"},
	} {
		c, n := splitCode(tt.in)
		code := ""
		if c != nil {
			code = *c
		}
		if code != tt.code || n == nil || *n != tt.name {
			t.Errorf("splitCode(%q) = %q, %v", tt.in, code, n)
		}
	}
}

func TestGlued(t *testing.T) {
	for in, want := range map[string]string{
		"坝塘镇主管部门编码":     "坝塘镇|主管部门编码",
		"拆违经费项目性质阶段性项目": "拆违经费|项目性质|阶段性项目",
		"某某项目主管部门教育局":   "某某项目|主管部门|教育局",
		"实施单位能力建设项目":    "",
		"某县项目实施单位建设":    "",
		"项目性质":          "",
		"完成培训 主管部门编码":   "",
	} {
		got := strings.Join(glued(in), "|")
		if got != want {
			t.Errorf("glued(%q) = %q, want %q", in, got, want)
		}
	}
}
