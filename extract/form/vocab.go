package form

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/normalize"
)

// The domain's vocabulary: the headings of the indicator hierarchy, the
// labels of the header block, and the columns of the indicator table.

// level1Codes maps 一级指标 headings to the contract's codes.
var level1Codes = map[string]string{
	"产出指标":  "output",
	"效益指标":  "benefit",
	"满意度指标": "satisfaction",
	"成本指标":  "cost", // a first-level heading in newer templates
	"投入指标":  "input",
	"过程指标":  "process",
}

// level2Codes maps 二级指标 headings to the contract's codes.
var level2Codes = map[string]string{
	"数量指标":           "quantity",
	"质量指标":           "quality",
	"时效指标":           "timeliness",
	"成本指标":           "cost",
	"经济效益指标":         "economic",
	"社会效益指标":         "social",
	"生态效益指标":         "ecological",
	"环境效益指标":         "ecological",
	"生态环境效益指标":       "ecological",
	"可持续影响指标":        "sustainability",
	"满意度指标":          "satisfaction",
	"服务对象满意度指标":      "satisfaction",
	"社会公众或服务对象满意度指标": "satisfaction",
	"社会公众满意度指标":      "satisfaction",
	"经济成本指标":         "economic_cost",
	"社会成本指标":         "social_cost",
	"生态环境成本指标":       "ecological_cost",
}

// parentOf names the 一级指标 a 二级指标 code belongs under in the usual
// templates, for a form that lists a second-level heading before any
// first-level one.
var parentOf = map[string]string{
	"quantity": "产出指标", "quality": "产出指标", "timeliness": "产出指标", "cost": "产出指标",
	"economic": "效益指标", "social": "效益指标", "ecological": "效益指标", "sustainability": "效益指标",
	"satisfaction":  "满意度指标",
	"economic_cost": "成本指标", "social_cost": "成本指标", "ecological_cost": "成本指标",
}

// headingKey is the form of a heading that the vocabulary is keyed by:
// normalized, without white space or the core mark.
func headingKey(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '★' || r == '☆' {
			return -1
		}
		return r
	}, s)
	return s
}

// level1Code returns the code of a 一级指标 heading, "other" for one the
// vocabulary does not know.
func level1Code(name string) string {
	if c, ok := level1Codes[headingKey(name)]; ok {
		return c
	}
	return "other"
}

// level2Code returns the code of a 二级指标 heading, "other" for one the
// vocabulary does not know.
func level2Code(name string) string {
	if c, ok := level2Codes[headingKey(name)]; ok {
		return c
	}
	return "other"
}

// headingLike reports whether t reads as a heading the vocabulary does not
// know: short and ending in 指标 (效率指标).
func headingLike(t string) bool {
	return strings.HasSuffix(t, "指标") && utf8.RuneCountInString(t) <= 12
}

// field is what a header-block label introduces.
type field int

const (
	fNone        field = iota
	fName              // 项目名称
	fDept              // 主管部门及代码
	fUnit              // 实施单位
	fAttr              // 项目属性
	fPeriod            // 项目期
	fFunds             // 项目资金（万元）
	fMidTotal          // 中期资金总额
	fAnnualTotal       // 年度资金总额
	fTotal             // 资金总额
	fFiscal            // 其中：财政拨款
	fOther             // 其他资金
	fGoals             // 总体目标
	fMidGoal           // 中期目标（2022年—2024年）
	fAnnualGoal        // 年度目标
	fKnown             // a label jixiao recognizes and does not read (项目编码)
)

// labels are the header block's labels as the templates write them.
var labels = []struct {
	text string
	f    field
}{
	{"项目名称", fName},
	{"主管部门及代码", fDept}, {"主管部门及编码", fDept}, {"主管部门", fDept}, {"主管部门名称及代码", fDept},
	{"实施单位", fUnit}, {"项目实施单位", fUnit}, {"实施主体", fUnit},
	{"项目属性", fAttr}, {"项目类型", fAttr},
	{"项目期", fPeriod}, {"项目周期", fPeriod}, {"项目实施期", fPeriod}, {"项目期限", fPeriod},
	{"项目资金", fFunds}, {"项目资金情况", fFunds},
	{"中期资金总额", fMidTotal}, {"年度资金总额", fAnnualTotal}, {"资金总额", fTotal},
	{"财政拨款", fFiscal}, {"财政资金", fFiscal}, {"其中财政拨款", fFiscal},
	{"其他资金", fOther},
	{"总体目标", fGoals}, {"项目总体目标", fGoals}, {"绩效目标", fGoals},
	{"中期目标", fMidGoal}, {"中期总体目标", fMidGoal}, {"中期绩效目标", fMidGoal},
	{"年度目标", fAnnualGoal}, {"年度总体目标", fAnnualGoal}, {"年度绩效目标", fAnnualGoal},
	{"项目编码", fKnown}, {"项目代码", fKnown}, {"资金用途", fKnown}, {"项目概况", fKnown},
	// Parts of the funds that no field holds: labels still, so that their
	// amounts are not read as another label's.
	{"上年结转", fKnown}, {"结转资金", fKnown}, {"中央资金", fKnown}, {"省级资金", fKnown}, {"市级资金", fKnown},
	{"县级资金", fKnown}, {"自筹资金", fKnown}, {"社会资金", fKnown}, {"单位自有资金", fKnown},
}

// labelKey returns the part of a cell's normalized text that a label is
// matched by: without "其中:", colons, white space and a parenthesized
// remark, which it returns apart ("项目资金(万元)" is "项目资金", "万元").
func labelKey(t string) (key, paren string) {
	if i := strings.IndexByte(t, '('); i >= 0 {
		if j := strings.IndexByte(t[i:], ')'); j > 0 {
			paren = t[i+1 : i+j]
			t = t[:i] + t[i+j+1:]
		}
	}
	t = strings.TrimPrefix(t, "其中")
	key = strings.Map(func(r rune) rune {
		if r == ' ' || r == ':' || r == '*' || r == '★' {
			return -1
		}
		return r
	}, t)
	return key, paren
}

// matchKey returns the field a cell labels, given its labelKey: the key is
// a label, or it is the start of exactly one label's text (总体 for 总体目标),
// which is reported as truncated. full is the label's full text.
func matchKey(key string) (f field, full string, truncated bool) {
	m, ok := labelIndex[key]
	if !ok || m.f == fNone {
		return fNone, "", false
	}
	return m.f, m.full, m.truncated
}

// labelMatch is what a key matches in labelIndex.
type labelMatch struct {
	f         field // fNone for the start of labels of different fields
	full      string
	truncated bool
}

// labelIndex maps every label, and every start of a label two runes or
// longer (总体 for 总体目标), to the field it names.
var labelIndex = func() map[string]labelMatch {
	idx := map[string]labelMatch{}
	for _, l := range labels {
		idx[l.text] = labelMatch{f: l.f, full: l.text}
	}
	for _, l := range labels {
		runes := []rune(l.text)
		for n := 2; n < len(runes); n++ {
			p := string(runes[:n])
			m, seen := idx[p]
			switch {
			case seen && !m.truncated:
				// a label in its own right
			case seen && m.f != l.f:
				idx[p] = labelMatch{truncated: true} // 项目 starts several
			case !seen:
				idx[p] = labelMatch{f: l.f, full: l.text, truncated: true}
			}
		}
	}
	return idx
}()

// role is what a column of the indicator table holds.
type role int

const (
	rNone   role = iota
	rLabel       // 绩效指标: the block's label column
	rLevel1      // 一级指标
	rLevel2      // 二级指标
	rLevel3      // 三级指标
	rValue       // 指标值
	rOp          // 指标性质: ≥ ≤ = 定性
	rUnit        // 度量单位
	rWeight      // 分值, 权重
	rNote        // 备注
)

var roleNames = [...]string{rNone: "", rLabel: "绩效指标", rLevel1: "一级指标", rLevel2: "二级指标", rLevel3: "三级指标",
	rValue: "指标值", rOp: "指标性质", rUnit: "度量单位", rWeight: "分值", rNote: "备注"}

func (r role) String() string { return roleNames[r] }

// keyRole returns the role of an indicator-table header cell, given its
// labelKey.
func keyRole(key string) role {
	if len(key) > 60 {
		return rNone
	}
	switch {
	case strings.Contains(key, "一级指标"):
		return rLevel1
	case strings.Contains(key, "二级指标"):
		return rLevel2
	case strings.Contains(key, "三级指标"), key == "指标名称", key == "指标内容":
		return rLevel3
	case strings.Contains(key, "指标值"), strings.HasSuffix(key, "目标值"):
		return rValue
	case key == "指标性质", key == "性质", key == "指标方向", key == "比较符号", key == "运算符号", key == "符号":
		return rOp
	case key == "度量单位", key == "计量单位", key == "单位", key == "指标单位":
		return rUnit
	case strings.HasPrefix(key, "分值"), strings.HasPrefix(key, "权重"), key == "指标分值", key == "指标权重":
		return rWeight
	case key == "备注", key == "说明":
		return rNote
	case key == "绩效指标", key == "年度绩效指标", key == "中期绩效指标":
		return rLabel
	}
	return rNone
}

var (
	// reTitle matches a form's title: 项目支出绩效目标申报表, 项目绩效目标表.
	reTitle = regexp.MustCompile(`绩效目标(申报|申请)?表$`)
	// reYear finds a year: "(2023 年度)", "2023年度".
	reYear = regexp.MustCompile(`(19|20)\d\d\s*年`)
	// reYearLine matches a line that is only a year: "( 2023 年度)".
	reYearLine = regexp.MustCompile(`^\(?\s*(?:19|20)\d\d\s*年度?\s*\)?$`)
	// reYears matches the years of a mid-term goal: 2022年—2024年.
	reYears = regexp.MustCompile(`((?:19|20)\d\d)\s*年?\s*[-—–~至到]+\s*((?:19|20)\d\d)`)
	// reDeptCode finds a department's code: [073]六安市…, 【073】…, (073)….
	reDeptCode = regexp.MustCompile(`^[\[【(〔]\s*([0-9A-Za-z]+)\s*[\]】)〕]\s*(.*)$`)
	// reDeptCodeAfter finds a code written after the name: 六安市…[073].
	reDeptCodeAfter = regexp.MustCompile(`^(.*?)\s*[\[【(〔]\s*([0-9A-Za-z]+)\s*[\]】)〕]$`)
	// reCategory finds the category of a project name: 保障运转类-….
	reCategory = regexp.MustCompile(`^([^-]+类)-`)
	// rePeriod reads a project period: 3年, 三年.
	rePeriod = regexp.MustCompile(`^(\d+|[一二三四五六七八九十])\s*(个)?年`)
	// reMoneyUnit finds the unit a form states for its money.
	reMoneyUnit = regexp.MustCompile(`(?:^|[(:单位])\s*(万元|元|亿元|千元)\s*(?:$|\))`)
	// reDeadline matches values that name a date or a deadline.
	reDeadline = regexp.MustCompile(`(之前|以前|前$|年底|月底|年末|月末|底前|\d+月\d+日)`)
)

// signatures start the lines around a form that carry signatures and dates.
var signatures = []string{"项目负责人", "单位(盖章)", "单位盖章", "单位(公章)", "填报人", "填报单位", "填表人", "联系电话",
	"填报日期", "填表日期", "财务负责人", "单位负责人", "审核人", "经办人", "部门(盖章)", "主管部门(盖章)"}

// isSignature reports whether t is such a line's first cell.
func isSignature(t string) bool {
	k := strings.ReplaceAll(t, " ", "")
	for _, s := range signatures {
		if strings.HasPrefix(k, s) {
			return true
		}
	}
	return false
}

// isNote reports whether t starts a footnote: 注:, 注1., 说明:.
func isNote(t string) bool {
	return strings.HasPrefix(t, "注:") || strings.HasPrefix(t, "注1") || strings.HasPrefix(t, "注 ") ||
		strings.HasPrefix(t, "说明:") || strings.HasPrefix(t, "填表说明")
}

// periodYears reads a 项目期 value: "3年" is 3, "三年" is 3, "2022年—2024年" is 3.
func periodYears(t string) (int, bool) {
	if m := reYears.FindStringSubmatch(t); m != nil {
		a, b := atoi(m[1]), atoi(m[2])
		if b >= a {
			return b - a + 1, true
		}
	}
	m := rePeriod.FindStringSubmatch(t)
	if m == nil {
		return 0, false
	}
	if n := strings.Index("一二三四五六七八九十", m[1]); n >= 0 && !isASCIIDigits(m[1]) {
		return n/len("一") + 1, true
	}
	return atoi(m[1]), true
}

func isASCIIDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads ASCII digits; it saturates rather than overflow.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s) && n < 1e8; i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// norm is the normalized text of a cell.
func norm(s string) string { return normalize.Text(s) }
