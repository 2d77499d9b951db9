package form

import (
	_ "embed"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/normalize"
)

// The domain's vocabulary is data: vocab.txt, embedded, says what each label
// and heading means. This file loads it and matches cells against it.

//go:embed vocab.txt
var vocabText string

// field is what a header-block label introduces.
type field int

const (
	fNone         field = iota
	fName               // 项目名称
	fDept               // 主管部门及代码
	fDeptCode           // 主管部门编码, a cell of its own
	fUnit               // 实施单位
	fAttr               // 项目属性
	fCategory           // 项目类别
	fPeriod             // 项目期: a count of years
	fSpan               // 项目起止时间: a start and an end
	fStart              // 计划开始日期
	fEnd                // 计划完成日期
	fFunds              // 项目资金（万元）: the funds block's label
	fMidTotal           // 中期资金总额
	fAnnualTotal        // 年度资金总额
	fTotal              // 资金总额: of no stated period
	fFiscal             // 其中：财政拨款
	fOther              // 其他资金
	fCarryover          // 上年结转资金
	fItem               // an amount that is an item only: 自有资金
	fFundsText          // 资金总额及构成: the funds as one text
	fGoals              // 总体目标: the goals' group label
	fMidGoal            // 中期目标（2022年—2024年）
	fAnnualGoal         // 年度目标
	fExpectedGoal       // 预期目标, of a self-evaluation
	fActualGoal         // 实际完成情况, of a self-evaluation
	fKnown              // a label jixiao recognizes and does not read (项目编码)
	fDepartment         // 部门(单位)名称: a department form's department
)

// fieldNames are the fields as vocab.txt names them.
var fieldNames = map[string]field{
	"name": fName, "dept": fDept, "dept_code": fDeptCode, "unit": fUnit, "attribute": fAttr, "category": fCategory,
	"period": fPeriod, "span": fSpan, "start": fStart, "end": fEnd, "funds": fFunds, "mid_total": fMidTotal,
	"annual_total": fAnnualTotal, "total": fTotal, "fiscal": fFiscal, "other": fOther, "carryover": fCarryover,
	"item": fItem, "funds_text": fFundsText, "goals": fGoals, "mid_goal": fMidGoal, "annual_goal": fAnnualGoal,
	"expected_goal": fExpectedGoal, "actual_goal": fActualGoal, "known": fKnown, "department": fDepartment,
}

// fundsColumn is what a column of a funds block laid out in columns holds.
type fundsColumn int

const (
	cNone fundsColumn = iota
	cInitial
	cAnnual
	cExecuted
	cWeight
	cScore
	cSkip
)

// fundsColumns are the funds columns as vocab.txt names them.
var fundsColumns = map[string]fundsColumn{
	"initial": cInitial, "annual": cAnnual, "executed": cExecuted, "weight": cWeight, "score": cScore, "skip": cSkip,
}

// isAmount reports whether f labels an amount of the funds block.
func (f field) isAmount() bool { return f >= fMidTotal && f <= fItem }

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
	rActual      // 实际完成值
	rScore       // 得分
	rExtra       // a column the contract has no key for: 绩效标准, 评分细则
	nRoles
)

var roleNames = [...]string{rNone: "", rLabel: "绩效指标", rLevel1: "一级指标", rLevel2: "二级指标", rLevel3: "三级指标",
	rValue: "指标值", rOp: "指标性质", rUnit: "度量单位", rWeight: "分值", rNote: "备注", rActual: "实际完成值",
	rScore: "得分", rExtra: "其他列"}

func (r role) String() string { return roleNames[r] }

// roleWords are the roles as vocab.txt names them.
var roleWords = map[string]role{
	"label": rLabel, "level1": rLevel1, "level2": rLevel2, "level3": rLevel3, "value": rValue, "op": rOp,
	"unit": rUnit, "weight": rWeight, "note": rNote, "actual": rActual, "score": rScore, "extra": rExtra,
}

// column is a column heading of vocab.txt: its words, how they match, and
// the role they give.
type column struct {
	key  string
	mode string // "", contains, prefix, suffix
	role role
}

// closing is a word that starts a form's closing rows.
type closing struct {
	prefix    string
	signature bool // a line of signatures and dates, not a block of its own
}

// vocabulary is vocab.txt, loaded.
type vocabulary struct {
	labels []struct {
		text string
		f    field
	}
	level1  map[string]string // heading key → code
	level2  map[string]string
	family  map[string]string // level-2 code → the level-1 name it belongs under
	columns []column
	blocks  map[string]int // block heading key → midTerm or annual
	funds   map[string]fundsColumn
	closing []closing
	// labelIndex maps every label, and every start of one, to its field.
	labelIndex map[string]labelMatch
	exact      map[string]role // the column headings matched whole
}

// vocab is the vocabulary every parser reads by.
var vocab = mustLoad(vocabText)

// mustLoad reads vocab.txt; a mistake in it is a programming error.
func mustLoad(text string) *vocabulary {
	v, err := load(text)
	if err != nil {
		panic(err)
	}
	return v
}

// load reads a vocabulary in the format of vocab.txt.
func load(text string) (*vocabulary, error) {
	v := &vocabulary{level1: map[string]string{}, level2: map[string]string{}, family: map[string]string{}, blocks: map[string]int{}, funds: map[string]fundsColumn{}}
	section := ""
	for n, line := range strings.Split(text, "\n") {
		line = strings.TrimRight(line, "\r")
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]") {
			section = line[1 : len(line)-1]
			continue
		}
		parts := strings.Split(line, "\t")
		bad := func(why string) error { return fmt.Errorf("vocab.txt:%d: %s: %q", n+1, why, line) }
		if len(parts) < 2 {
			return nil, bad("want WORDS<TAB>MEANING")
		}
		words, meaning := parts[0], parts[1]
		key := headingKey(norm(words))
		switch section {
		case "label":
			f, ok := fieldNames[meaning]
			if !ok {
				return nil, bad("no such field")
			}
			k, _ := labelKey(norm(words))
			v.labels = append(v.labels, struct {
				text string
				f    field
			}{k, f})
		case "level1":
			v.level1[key] = meaning
		case "level2":
			v.level2[key] = meaning
		case "family":
			v.family[words] = meaning
		case "column":
			ro, ok := roleWords[meaning]
			if !ok {
				return nil, bad("no such role")
			}
			k, _ := labelKey(norm(words))
			c := column{key: k, role: ro}
			if len(parts) > 2 {
				c.mode = parts[2]
				if c.mode != "contains" && c.mode != "prefix" && c.mode != "suffix" {
					return nil, bad("no such match")
				}
			}
			v.columns = append(v.columns, c)
		case "funds_column":
			c, ok := fundsColumns[meaning]
			if !ok {
				return nil, bad("no such funds column")
			}
			k, _ := labelKey(norm(words))
			v.funds[k] = c
		case "block":
			switch meaning {
			case "mid_term":
				v.blocks[key] = midTerm
			case "annual":
				v.blocks[key] = annual
			default:
				return nil, bad("no such period")
			}
		case "closing":
			if meaning != "closing" && meaning != "signature" {
				return nil, bad("want closing or signature")
			}
			v.closing = append(v.closing, closing{prefix: key, signature: meaning == "signature"})
		default:
			return nil, bad("outside a known section")
		}
	}
	v.index()
	return v, nil
}

// headingKey is the form of a heading that the vocabulary is keyed by:
// normalized, without white space, the core mark or a required-field mark.
func headingKey(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '★' || r == '☆' || r == '*' {
			return -1
		}
		return r
	}, s)
}

// codeKey is the key a heading is coded by: its headingKey without any
// parenthetical part (数量指标(或建筑规模指标) is 数量指标, 产出(工作量)指标 is
// 产出指标). A heading that is nothing but a parenthetical keeps it.
func codeKey(name string) string {
	k := headingKey(name)
	out := normalize.StripParens(k)
	if out == "" {
		return k
	}
	return out
}

// level1Code returns the code of a 一级指标 heading, "other" for one the
// vocabulary does not know.
func level1Code(name string) string {
	if c, ok := vocab.level1[codeKey(name)]; ok {
		return c
	}
	return "other"
}

// level2Code returns the code of a 二级指标 heading, "other" for one the
// vocabulary does not know.
func level2Code(name string) string {
	if c, ok := vocab.level2[codeKey(name)]; ok {
		return c
	}
	return "other"
}

// headingLike reports whether t reads as a heading the vocabulary does not
// know: short and ending in 指标 (效率指标).
func headingLike(t string) bool {
	return strings.HasSuffix(t, "指标") && utf8.RuneCountInString(t) <= 12
}

// labelKey returns the part of a cell's normalized text that a label is
// matched by: without "其中:", colons, white space, required-field marks
// and a parenthesized remark,
// which it returns apart ("项目资金(万元)" is "项目资金", "万元";
// "*项目概况(450字内)" is "项目概况", "450字内").
func labelKey(t string) (key, paren string) {
	if i := strings.IndexByte(t, '('); i >= 0 {
		if j := strings.IndexByte(t[i:], ')'); j > 0 {
			paren = t[i+1 : i+j]
			t = t[:i] + t[i+j+1:]
		}
	}
	t = strings.TrimLeft(t, " *")
	t = strings.TrimPrefix(t, "其中")
	t = strings.TrimLeft(t, ": ")
	key = strings.Map(func(r rune) rune {
		if r == ' ' || r == ':' || r == '*' || r == '★' {
			return -1
		}
		return r
	}, t)
	return key, paren
}

// cutListNumber removes a leading list number: "二、", "1.", "(1)" are gone
// from "二、自有资金".
func cutListNumber(t string) string {
	if m := reListNumber.FindStringIndex(t); m != nil && m[1] < len(t) && !isDigit(t[m[1]]) {
		return t[m[1]:]
	}
	return t
}

// matchKey returns the field a cell labels, given its labelKey: the key is
// a label, or it is the start of exactly one label's text (总体 for 总体目标),
// which is reported as truncated. full is the label's full text.
func matchKey(key string) (f field, full string, truncated bool) {
	m, ok := vocab.labelIndex[key]
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

// index builds the label index: every label, and every start of a label
// two runes or longer (总体 for 总体目标), to the field it names.
func (v *vocabulary) index() {
	idx := map[string]labelMatch{}
	for _, l := range v.labels {
		idx[l.text] = labelMatch{f: l.f, full: l.text}
	}
	for _, l := range v.labels {
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
	v.labelIndex = idx
	v.exact = map[string]role{}
	for _, c := range v.columns {
		if _, seen := v.exact[c.key]; !seen && c.mode == "" {
			v.exact[c.key] = c.role
		}
	}
}

// keyRole returns the role of an indicator-table header cell, given its
// labelKey: the role of the heading it is, else of the first heading of the
// vocabulary it contains, starts or ends with as the vocabulary says.
func keyRole(key string) role {
	if len(key) > 60 {
		return rNone
	}
	if ro, ok := vocab.exact[key]; ok {
		return ro
	}
	for _, c := range vocab.columns {
		switch {
		case c.mode == "contains" && strings.Contains(key, c.key),
			c.mode == "prefix" && strings.HasPrefix(key, c.key),
			c.mode == "suffix" && strings.HasSuffix(key, c.key):
			return c.role
		}
	}
	return rNone
}

var (
	// reTitle matches a form's title: 项目支出绩效目标申报表, 项目绩效目标表,
	// 财政支出(项目)绩效目标申报表, 绩效目标批复表, 项目支出绩效自评表,
	// 部门整体支出绩效目标表, with the year after it or not:
	// 财政项目支出绩效目标申报表(2026年度).
	reTitle = regexp.MustCompile(`绩效(目标(申报|申请|批复)?|自评)表(\(?(19|20)\d\d\s*年度?\)?)?$`)
	// reYear finds a year: "(2023 年度)", "2023年度".
	reYear = regexp.MustCompile(`(19|20)\d\d\s*年`)
	// reYearLine matches a line that is only a year: "( 2023 年度)".
	reYearLine = regexp.MustCompile(`^\(?\s*(?:19|20)\d\d\s*年度?\s*\)?$`)
	// reYears matches the years of a mid-term goal: 2022年—2024年.
	reYears = regexp.MustCompile(`((?:19|20)\d\d)\s*年?\s*[-—–~至到]+\s*((?:19|20)\d\d)`)
	// reDeptCode finds a department's code: [073]六安市…, 【073】…, (073)….
	reDeptCode = regexp.MustCompile(`^[\[【(〔]\s*([0-9A-Za-z]+)\s*[\]】)〕]\s*(.*)$`)
	// reDeptCodeDash finds a code written "219-池州市…".
	reDeptCodeDash = regexp.MustCompile(`^([0-9]{2,})\s*[-－—]\s*(.+)$`)
	// reDeptCodeAfter finds a code written after the name: 六安市…[073].
	reDeptCodeAfter = regexp.MustCompile(`^(.*?)\s*[\[【(〔]\s*([0-9A-Za-z]+)\s*[\]】)〕]$`)
	// reCategory finds the category of a project name: 保障运转类-….
	reCategory = regexp.MustCompile(`^([^-]+类)-`)
	// rePeriod reads a project period: 3年, 三年.
	rePeriod = regexp.MustCompile(`^(\d+|[一二三四五六七八九十])\s*(个)?年`)
	// reMoneyUnit finds the unit a form states for its money.
	reMoneyUnit = regexp.MustCompile(`(?:^|[(:单位])\s*(万元|元|亿元|千元)\s*(?:$|\))`)
	// reListNumber matches a list number before a label: 二、 1. (1) ①.
	reListNumber = regexp.MustCompile(`^(?:[一二三四五六七八九十]+[、.]|\d{1,2}[、.]|\(\d{1,2}\)|[①-⑳])\s*`)
	// reLabelledAmount finds "label: amount unit" in a funds text.
	reLabelledAmount = regexp.MustCompile(`([\p{Han}]+)\s*:?\s*([0-9][0-9,]*(?:\.[0-9]+)?)\s*(亿元|万元|千元|元|万)?`)
	// reLengthLimit matches a heading's length limit: (150字内), (限50字).
	reLengthLimit = regexp.MustCompile(`^\((限)?\s*\d+\s*(个)?字(以)?内?\)$`)
	// reHeadingWeight finds a heading's score: 产出指标(50分), 效益指标(30 分).
	reHeadingWeight = regexp.MustCompile(`^(.+?)\s*\(\s*(\d+(?:\.\d+)?)\s*分\s*\)$`)
	// reWrittenUnit finds the unit a value is written with: 28.8万元 is in 万元.
	reWrittenUnit = regexp.MustCompile(`^[^0-9]*[0-9][0-9.,]*\s*(.*?)\s*(?:以上|以内|以下|之内)?$`)
	// reDeadline matches values that name a date or a deadline.
	reDeadline = regexp.MustCompile(`(之前|以前|前$|年底|月底|年末|月末|底前|\d+月\d+日)`)
)

// closingRow reports whether t, a row's first cell, begins the form's
// closing rows, and whether it is a line of signatures rather than a block
// of its own (审核意见).
func closingRow(t string) (closes, signature bool) {
	k := headingKey(t)
	for _, c := range vocab.closing {
		if strings.HasPrefix(k, c.prefix) {
			return true, c.signature
		}
	}
	return false, false
}

// isSignature reports whether t, a row's first cell, starts a line of
// signatures and dates.
func isSignature(t string) bool {
	closes, sig := closingRow(t)
	return closes && sig
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

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

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

// glued splits a cell in which a producer ran a value and the next label
// (and its value) together: "坝塘镇主管部门编码" is 坝塘镇 | 主管部门编码;
// "拆违经费项目性质阶段性项目" is 拆违经费 | 项目性质 | 阶段性项目. Only a label
// of the project's facts, four characters or more, found after some text,
// splits a cell, and only where it ends the cell or what follows it reads
// as that label's value; nil when t is no such cell.
func glued(t string) []string {
	if utf8.RuneCountInString(t) > 40 || strings.ContainsAny(t, " :") {
		return nil
	}
	for _, l := range vocab.labels {
		switch l.f {
		case fDept, fDeptCode, fUnit, fAttr, fCategory, fPeriod, fSpan:
		default:
			continue
		}
		if utf8.RuneCountInString(l.text) < 4 {
			continue
		}
		i := strings.Index(t, l.text)
		if i <= 0 {
			continue
		}
		before, after := t[:i], t[i+len(l.text):]
		if after == "" {
			return []string{before, l.text}
		}
		if valueOf(l.f, after) {
			return []string{before, l.text, after}
		}
	}
	return nil
}

// valueOf reports whether t reads as a value of field f: a project
// attribute (…项目), a code (digits), a category (…类), a unit (…局, …中心),
// a period (…年).
func valueOf(f field, t string) bool {
	switch f {
	case fAttr:
		return strings.HasSuffix(t, "项目")
	case fDeptCode:
		return isASCIIDigits(t)
	case fCategory:
		return strings.HasSuffix(t, "类") || strings.HasSuffix(t, "项目")
	case fPeriod, fSpan:
		return strings.ContainsAny(t, "0123456789年")
	case fDept, fUnit:
		for _, s := range []string{"局", "委", "中心", "院", "所", "办", "厅", "会", "站", "队", "馆", "处", "部", "校", "府"} {
			if strings.HasSuffix(t, s) {
				return true
			}
		}
	}
	return false
}
