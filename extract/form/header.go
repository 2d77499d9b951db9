package form

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/model"
	"github.com/jixiao/jixiao/normalize"
	"github.com/shopspring/decimal"
)

// Periods of the funds and goals columns.
const (
	midTerm = iota
	annual
)

// header reads the header block, rows [start, end): the project facts, the
// funds and the goals, each by its label.
func (p *parser) header(start, end int) {
	h := &headerBlock{p: p, lines: p.lines[start:end]}
	for li := range h.lines {
		l := &h.lines[li]
		for _, lb := range l.labels {
			if lb.truncated {
				p.warn(model.WarnTruncatedLabel, l.row, "label “%s” read as %s", l.toks[lb.i].text, lb.full)
			}
		}
	}
	h.project()
	h.funds()
	h.goals()
}

// missing warns of each part of the header block the form has not given:
// the project's name, the funds, the goals, naming where it looked.
func (p *parser) missing(start, end int) {
	at := p.lines[start].row
	where := "rows " + p.lines[start].row.Pos.String()
	if end-1 > start {
		where += " to " + p.lines[end-1].row.Pos.String()
	}
	if end <= start {
		p.warn(model.WarnMissingHeader, at, "no header block: the form starts at its indicator table, so its project, funds and goals are null")
		return
	}
	f := &p.form
	if f.Project.Name == nil && f.FormType != model.FormDepartment {
		p.warn(model.WarnMissingHeader, at, "no project name (项目名称) in the header block, %s", where)
	}
	if f.Funds.Annual == nil && f.Funds.MidTerm == nil {
		p.warn(model.WarnMissingHeader, at, "no funds (项目资金, 年度资金总额 …) in the header block, %s", where)
	}
	if f.Goals.Annual == nil && f.Goals.MidTerm == nil {
		p.warn(model.WarnMissingHeader, at, "no goals (年度目标, 绩效目标 …) in the header block, %s", where)
	}
}

type headerBlock struct {
	p     *parser
	lines []line
}

// values returns the cells of line l that follow its label lb, up to the
// next label.
func values(l *line, lb label) []token {
	end := len(l.toks)
	for _, other := range l.labels {
		if other.i > lb.i && other.i < end {
			end = other.i
		}
	}
	vs := l.toks[lb.i+1 : end]
	if lb.inline != nil {
		vs = append([]token{{cell: lb.inline, text: norm(lb.inline.Text)}}, vs...)
	}
	return vs
}

// find returns the first label of field f and its line.
func (h *headerBlock) find(f field) (*line, label, bool) {
	for li := range h.lines {
		for _, lb := range h.lines[li].labels {
			if lb.f == f {
				return &h.lines[li], lb, true
			}
		}
	}
	return nil, label{}, false
}

// text returns the value of the first label of field f: the cells after it
// in its row, joined.
func (h *headerBlock) text(f field) *string {
	l, lb, ok := h.find(f)
	if !ok {
		return nil
	}
	vs := values(l, lb)
	if len(vs) == 0 {
		return nil
	}
	t := norm(strings.Join(texts(vs), " "))
	return &t
}

func (h *headerBlock) project() {
	pr := &h.p.form.Project
	pr.Name = h.text(fName)
	if c := h.text(fCategory); c != nil {
		pr.Category = c
	} else if pr.Name != nil {
		if m := reCategory.FindStringSubmatch(*pr.Name); m != nil {
			pr.Category = &m[1]
		}
	}
	d := h.text(fDept)
	if d == nil {
		d = h.text(fDepartment)
	}
	if d != nil {
		pr.DepartmentCode, pr.Department = splitCode(*d)
	}
	if c := h.text(fDeptCode); c != nil {
		pr.DepartmentCode = c
	}
	pr.ImplementingUnit = h.text(fUnit)
	if a := h.text(fAttr); a != nil {
		pr.Attribute = attribute(*a)
	}
	if t := h.text(fPeriod); t != nil {
		if n, ok := periodYears(*t); ok {
			pr.PeriodYears = &n
		}
	}
	if t := h.text(fSpan); t != nil {
		pr.Start, pr.End = span(*t)
	}
	if t := h.text(fStart); t != nil {
		if d := date(*t); d != "" {
			pr.Start = &d
		}
	}
	if t := h.text(fEnd); t != nil {
		if d := date(*t); d != "" {
			pr.End = &d
		}
	}
}

// splitCode takes a department's code out of its name: "[073]六安市…",
// "【073】…", "(073)…", "219-池州市…", "六安市…[073]".
func splitCode(d string) (code, name *string) {
	for _, re := range []*regexp.Regexp{reDeptCode, reDeptCodeDash} {
		if m := re.FindStringSubmatch(d); m != nil {
			return &m[1], nonEmpty(m[2])
		}
	}
	if m := reDeptCodeAfter.FindStringSubmatch(d); m != nil {
		return &m[2], nonEmpty(m[1])
	}
	return nil, &d
}

// attribute reads a 项目属性 value: as written, or, where the form writes
// its options as check boxes (新增项目□延续项目√, ☑新增项目 □延续项目), the
// option that is ticked; nil when none is.
func attribute(t string) *string {
	if !strings.ContainsAny(t, boxes+ticks) {
		return &t
	}
	// Options are the runs of text between marks; a tick belongs to the
	// option it touches: after it (新增项目√) when the option before it
	// has no mark of its own yet, else before it (☑新增项目).
	type option struct {
		text   string
		ticked bool
		marked bool
	}
	var opts []option
	var cur strings.Builder
	pending := 0 // a mark before the next option's text: 0 none, 1 box, 2 tick
	flush := func() {
		if o := strings.TrimSpace(cur.String()); o != "" {
			opts = append(opts, option{text: o, ticked: pending == 2, marked: pending != 0})
			pending = 0
		}
		cur.Reset()
	}
	for _, r := range t {
		switch {
		case strings.ContainsRune(ticks, r), strings.ContainsRune(boxes, r):
			mark := 1
			if strings.ContainsRune(ticks, r) {
				mark = 2
			}
			had := cur.Len() > 0
			flush()
			if had && len(opts) > 0 && !opts[len(opts)-1].marked {
				// the mark follows its option: 新增项目□延续项目√
				opts[len(opts)-1].ticked = mark == 2
				opts[len(opts)-1].marked = true
				continue
			}
			pending = mark
		case r == ' ' || r == ',' || r == ';' || r == '、':
			flush()
		default:
			cur.WriteRune(r)
		}
	}
	flush()
	for _, o := range opts {
		if o.ticked {
			s := o.text
			return &s
		}
	}
	return nil
}

// Check-box marks: empty boxes, and boxes ticked or ticks.
const (
	boxes = "□☐◻○"
	ticks = "√✓✔☑■☒▣●✗✘"
)

// span reads a project's period: "2023.07-2024.01", "2024-01-01至2024-12-31",
// "20190101 到 20191231", "2023年7月—2024年1月".
func span(t string) (start, end *string) {
	ds := dates(t)
	if len(ds) > 0 {
		start = &ds[0]
	}
	if len(ds) > 1 {
		end = &ds[1]
	}
	return start, end
}

// date reads a cell that is one date.
func date(t string) string {
	if ds := dates(t); len(ds) > 0 {
		return ds[0]
	}
	return ""
}

// dates finds the dates in t and writes each as precisely as the form
// does: "2023.07" is "2023-07", "2024/1/1" is "2024-01-01", "20190101" is
// "2019-01-01", "2023年7月" is "2023-07", "2024年" is "2024". A month or
// day out of range ends the date before it.
func dates(t string) []string {
	var out []string
	digits := func(i, max int) (int, int) { // the number of up to max digits at i, and its end
		n, j := 0, i
		for j < len(t) && j-i < max && isDigit(t[j]) {
			n = n*10 + int(t[j]-'0')
			j++
		}
		return n, j
	}
	for i := 0; i+4 <= len(t); i++ {
		if !isDigit(t[i]) || i > 0 && isDigit(t[i-1]) || !(t[i:i+2] == "19" || t[i:i+2] == "20") {
			continue
		}
		y, j := digits(i, 4)
		if j-i != 4 {
			continue
		}
		d := fmt.Sprintf("%04d", y)
		// 20190101
		if m, k := digits(j, 4); k-j == 4 && (k == len(t) || !isDigit(t[k])) {
			if mo, day := m/100, m%100; mo >= 1 && mo <= 12 && day >= 1 && day <= 31 {
				out = append(out, fmt.Sprintf("%s-%02d-%02d", d, mo, day))
				i = k - 1
				continue
			}
		}
		if j < len(t) && isDigit(t[j]) {
			i = j
			continue // more digits than a year
		}
		sep, monthEnd, dayEnd := "", "", ""
		for _, s := range []string{"-", ".", "/", "年"} {
			if strings.HasPrefix(t[j:], s) {
				sep = s
			}
		}
		if sep == "年" {
			monthEnd, dayEnd = "月", "日"
		}
		end := j
		if sep != "" {
			k := j + len(sep)
			if mo, k2 := digits(k, 2); k2 > k && (k2 == len(t) || !isDigit(t[k2])) && mo >= 1 && mo <= 12 &&
				(monthEnd == "" || strings.HasPrefix(t[k2:], monthEnd)) {
				d += fmt.Sprintf("-%02d", mo)
				end = k2 + len(monthEnd)
				daySep := sep
				if monthEnd != "" {
					daySep = ""
				}
				if strings.HasPrefix(t[end:], daySep) {
					k3 := end + len(daySep)
					if day, k4 := digits(k3, 2); k4 > k3 && (k4 == len(t) || !isDigit(t[k4])) && day >= 1 && day <= 31 {
						d += fmt.Sprintf("-%02d", day)
						end = k4
						if strings.HasPrefix(t[end:], dayEnd) {
							end += len(dayEnd)
						}
					}
				}
			} else if sep == "年" {
				end = j + len(sep)
			}
		}
		out = append(out, d)
		i = max(end, j) - 1
	}
	return out
}

func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// money is one amount label of the funds block with the cells that hold
// its amounts.
type money struct {
	f     field
	l     *line
	lb    label
	cells []token
}

// funds reads the funds block: the unit it states, then each amount label
// with the amounts beside it (or, when a label has none beside it, below
// it), assigning labels that name no period (其中：财政拨款, 其他资金) to the
// mid-term or annual column by their order in the row or their column.
// Every amount is an item of its period; the ones that are the total, the
// fiscal, other and carried-over money are those keys too. A block with
// one column of amounts is annual: the mid-term column is read only where
// the form states the whole period's money beside the year's.
func (h *headerBlock) funds() {
	p := h.p
	f := &p.form.Funds
	unit := h.statedUnit()
	if unit != "" {
		f.StatedUnit = &unit
	}
	var ms []money
	var texts []money // 资金总额及构成: the funds as one text
	periodCol := [2]int{-1, -1}
	bd := h.breakdown()
	if bd != nil && unit == "" {
		unit = bd.unit
		if unit != "" {
			f.StatedUnit = &unit
		}
	}
	for li := range h.lines {
		l := &h.lines[li]
		if bd != nil && li > bd.head && li <= bd.last {
			continue // the breakdown's rows are read below
		}
		for _, lb := range l.labels {
			switch {
			case lb.f == fMidTotal && periodCol[midTerm] < 0:
				periodCol[midTerm] = l.toks[lb.i].cell.Col
			case lb.f == fAnnualTotal && periodCol[annual] < 0:
				periodCol[annual] = l.toks[lb.i].cell.Col
			case lb.f == fFundsText:
				texts = append(texts, money{f: lb.f, l: l, lb: lb, cells: values(l, lb)})
				continue
			}
			if lb.f.isAmount() {
				ms = append(ms, money{f: lb.f, l: l, lb: lb, cells: values(l, lb)})
			}
		}
	}
	if len(ms) == 0 && len(texts) == 0 && bd == nil {
		return
	}
	// With no unit stated, an amount with no unit of its own is read in
	// the template's 万元, and the form says so once.
	assumed := false
	if unit == "" {
		unit = "万元"
		assumed = true
	}
	assume := func(m money, text string) {
		if assumed && !hasUnit(text) {
			p.warn(model.WarnAssumedUnit, m.l.row, "the form states no unit for its funds; read as 万元, the template's unit")
			assumed = false
		}
	}
	if cols := h.fundsColumns(); cols != nil {
		h.columnFunds(cols, ms, unit, assume)
		return
	}
	has := [2]bool{periodCol[midTerm] >= 0 && periodCol[annual] >= 0, true}
	if !has[midTerm] && sideBySide(ms) {
		// One period in blocks side by side, each with its own total
		// (收入构成 | 支出构成): read block by block, so that they list their
		// items as stacked blocks would.
		slices.SortStableFunc(ms, func(a, b money) int { return a.col() - b.col() })
	}
	amounts := [2]*model.Amounts{{Items: []model.Item{}}, {Items: []model.Item{}}}
	set := func(m money, period int, c *token) {
		var n *model.Number
		if c != nil {
			d, err := normalize.Amount(c.cell.Text, unit)
			if err == nil && d != nil {
				assume(m, c.text)
			}
			switch {
			case err != nil:
				p.warn(model.WarnBadAmount, m.l.row, "%s “%s” is not an amount", m.lb.full, c.text)
			case d != nil:
				n = model.NewNumber(*d)
			}
		}
		put(amounts[period], m.f, itemLabel(m), n)
	}
	for k, m := range ms {
		cells := m.cells
		if len(cells) == 0 {
			cells = h.below(m)
		}
		var first *token
		if len(cells) > 0 {
			first = &cells[0]
		}
		switch {
		case m.f == fMidTotal && has[midTerm]:
			set(m, midTerm, first)
		case m.f == fMidTotal, m.f == fAnnualTotal, !has[midTerm]:
			set(m, annual, first)
		case len(cells) >= 2:
			set(m, midTerm, &cells[0])
			set(m, annual, &cells[1])
		default:
			// One amount or none: the label's place among its row's labels
			// of the same kind, else the column its amount stands nearest;
			// a blank label that is the only one of its kind in its row
			// says so for both periods.
			same, nth := 0, 0
			for j, o := range ms {
				if o.f == m.f && o.l == m.l {
					if j < k {
						nth++
					}
					same++
				}
			}
			switch {
			case same == 2:
				set(m, nth, first)
			case first != nil:
				set(m, nearest(first.cell.Col, periodCol), first)
			default:
				set(m, midTerm, nil)
				set(m, annual, nil)
			}
		}
	}
	for _, t := range texts {
		h.fundsText(t, unit, amounts[annual], assume)
	}
	if bd != nil {
		h.readBreakdown(bd, unit, amounts[annual], assume)
	}
	if f.StatedUnit == nil {
		// No unit stated apart, but every amount written with the same one:
		// that is the unit the form states.
		if u := h.ownUnit(ms, texts, bd); u != "" {
			f.StatedUnit = &u
		}
	}
	if has[midTerm] {
		f.MidTerm = amounts[midTerm]
	}
	f.Annual = amounts[annual]
	at := append(slices.Clone(ms), texts...)
	if len(at) == 0 {
		at = []money{{l: &h.lines[bd.head]}}
	}
	for period, a := range amounts {
		if !has[period] || a.Total == nil || a.Fiscal == nil || a.Other == nil {
			continue
		}
		sum := a.Fiscal.Add(a.Other.Decimal)
		parts := "财政拨款 " + a.Fiscal.String() + " + 其他资金 " + a.Other.String()
		if a.Carryover != nil {
			sum = sum.Add(a.Carryover.Decimal)
			parts += " + 上年结转 " + a.Carryover.String()
		}
		if !sum.Equal(a.Total.Decimal) {
			name := [2]string{"mid-term", "annual"}[period]
			p.warn(model.WarnFundsMismatch, at[0].l.row, "%s funds: %s ≠ 资金总额 %s", name, parts, a.Total)
		}
	}
}

// put records an amount of the funds block under its label: as an item,
// and as the key its field names when that key is not set yet.
func put(a *model.Amounts, f field, label string, n *model.Number) {
	a.Items = append(a.Items, model.Item{Label: label, Amount: n})
	var key **model.Number
	switch f {
	case fMidTotal, fAnnualTotal, fTotal:
		key = &a.Total
	case fFiscal:
		key = &a.Fiscal
	case fOther:
		key = &a.Other
	case fCarryover:
		key = &a.Carryover
	default:
		return
	}
	if *key == nil {
		*key = n
	}
}

// itemLabel is the label of an amount as an item: the label cell's text
// without a leading 其中:, a list number, a trailing unit in parentheses
// and a trailing colon; for a label written with its value (财政拨款：10),
// the label alone.
func itemLabel(m money) string {
	t := m.l.toks[m.lb.i].text
	if m.lb.inline != nil {
		t, _, _ = strings.Cut(t, ":")
	}
	return cleanLabel(t)
}

// cleanLabel normalizes a funds label for an item.
func cleanLabel(t string) string {
	t = strings.TrimSpace(t)
	t = strings.TrimPrefix(t, "其中")
	t = strings.TrimLeft(t, ": ")
	t = cutListNumber(t)
	if i := strings.LastIndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") {
		if _, ok := normalize.MoneyScale(strings.TrimPrefix(t[i+1:len(t)-1], "单位:")); ok {
			t = t[:i]
		}
	}
	return strings.TrimSpace(strings.TrimRight(t, ": "))
}

// fundsText reads a funds block written as one text (资金总额及构成: "总额
// 10606.7522万元 财政拨款:…万元 (其中:上级财政资金:…;本级财政:0万元)
// 二、自有资金:…"): every labelled amount is an item; 总额 is the total,
// and the labels of the vocabulary give the other keys.
func (h *headerBlock) fundsText(m money, unit string, a *model.Amounts, assume func(money, string)) {
	text := strings.Join(texts(m.cells), " ")
	if m.lb.inline != nil {
		text = norm(m.lb.inline.Text) + " " + text
	}
	found := false
	for _, sm := range reLabelledAmount.FindAllStringSubmatch(text, -1) {
		label, num, u := cleanLabel(sm[1]), sm[2], sm[3]
		if u == "" {
			assume(m, num)
			u = unit
		}
		d, err := normalize.Amount(num+u, unit)
		if err != nil || d == nil {
			continue
		}
		found = true
		f := fItem
		if label == "总额" || strings.HasSuffix(label, "资金总额") {
			f = fTotal
		} else if k, _ := labelKey(label); true {
			if lf, _, truncated := matchKey(k); !truncated && lf.isAmount() {
				f = lf
			}
		}
		put(a, f, label, model.NewNumber(*d))
	}
	if !found && strings.TrimSpace(text) != "" {
		h.p.warn(model.WarnBadAmount, m.l.row, "%s “%s” holds no amount jixiao can read", m.lb.full, text)
	}
}

// below returns the amount under a label that has none beside it, in a
// funds block laid out with its labels as column headings: the label's row
// holds labels only, and the cell under the label reads as an amount.
func (h *headerBlock) below(m money) []token {
	if len(m.l.labels) < len(m.l.toks) {
		return nil // the row has values: this label's is blank
	}
	c := m.l.toks[m.lb.i].cell
	for li := range h.lines {
		l := &h.lines[li]
		if l.row.Cells[0].Row <= c.Row {
			continue
		}
		for _, t := range l.toks {
			if t.cell.Col < c.Col+max(c.ColSpan, 1) && c.Col < t.cell.Col+max(t.cell.ColSpan, 1) {
				if _, err := normalize.Amount(t.cell.Text, "元"); err == nil {
					return []token{t}
				}
			}
		}
		return nil
	}
	return nil
}

// nearest returns the period whose column is nearest col.
func nearest(col int, periodCol [2]int) int {
	if periodCol[midTerm] < 0 {
		return annual
	}
	if periodCol[annual] < 0 {
		return midTerm
	}
	if abs(col-periodCol[annual]) < abs(col-periodCol[midTerm]) {
		return annual
	}
	return midTerm
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// statedUnit returns the unit of money the form states: "项目资金(万元)",
// "(单位:万元)", "金额单位:元"; "" when it states none.
func (h *headerBlock) statedUnit() string {
	if _, lb, ok := h.find(fFunds); ok {
		unit := strings.TrimPrefix(strings.ReplaceAll(lb.paren, " ", ""), "单位:")
		if _, ok := normalize.MoneyScale(unit); ok {
			return unit
		}
	}
	// 中期市财政预算(万元): an amount's own label states it.
	for li := range h.lines {
		for _, lb := range h.lines[li].labels {
			if lb.f.isAmount() {
				unit := strings.TrimPrefix(strings.ReplaceAll(lb.paren, " ", ""), "单位:")
				if _, ok := normalize.MoneyScale(unit); ok {
					return unit
				}
			}
		}
	}
	p := h.p
	for i := p.first; i < len(p.lines) && i <= p.first+len(h.lines)+8; i++ {
		for _, t := range p.lines[i].toks {
			k := strings.ReplaceAll(t.text, " ", "")
			if strings.Contains(k, "单位") || strings.HasPrefix(k, "项目资金") || strings.HasPrefix(k, "资金") {
				if m := reMoneyUnit.FindStringSubmatch(k); m != nil {
					return m[1]
				}
			}
		}
		if p.lines[i].isHeader() {
			break
		}
	}
	return ""
}

// goals reads the goal texts: beside their labels, or in the rows below
// them, placed under the label whose column they stand in.
func (h *headerBlock) goals() {
	p := h.p
	type goal struct {
		period int
		actual bool // 实际完成情况, of a self-evaluation
		l      *line
		lb     label
		text   []string
	}
	var gs []*goal
	var whole *goal // 总体目标 with no period
	gl := -1        // line index of the goal labels
	for li := range h.lines {
		l := &h.lines[li]
		for _, lb := range l.labels {
			g := &goal{l: l, lb: lb}
			switch lb.f {
			case fMidGoal:
				g.period = midTerm
			case fAnnualGoal, fExpectedGoal:
				g.period = annual
			case fActualGoal:
				g.period, g.actual = annual, true
			case fGoals:
				if whole == nil {
					g.period = annual
					whole = g
					if gl < 0 {
						gl = li
					}
				}
				continue
			default:
				continue
			}
			if gl < 0 {
				gl = li
			}
			gs = append(gs, g)
		}
	}
	if len(gs) == 0 && whole != nil {
		gs = []*goal{whole}
	}
	if len(gs) == 0 {
		return
	}
	var open []*goal // goals with no text beside their label
	for _, g := range gs {
		for _, v := range values(g.l, g.lb) {
			g.text = append(g.text, v.cell.Text)
		}
		if len(g.text) == 0 {
			open = append(open, g)
		}
	}
	// The rows under the labels, up to the next label row, hold the texts
	// of the goals that have none beside their label.
	if len(open) > 0 {
		for li := gl + 1; li < len(h.lines); li++ {
			l := &h.lines[li]
			if len(l.labels) > 0 {
				break
			}
			if len(l.toks) == len(open) {
				for k, t := range l.toks {
					open[k].text = append(open[k].text, t.cell.Text)
				}
				continue
			}
			for _, t := range l.toks {
				best := open[0]
				for _, g := range open {
					if g.l.toks[g.lb.i].cell.Col <= t.cell.Col {
						best = g
					}
				}
				best.text = append(best.text, t.cell.Text)
			}
		}
	}
	for _, g := range gs {
		var text *string
		if len(g.text) > 0 {
			if t := unquote(norm(strings.Join(g.text, "\n"))); t != "" {
				text = &t
			}
		}
		if g.period == annual {
			if p.form.Goals.Annual == nil {
				p.form.Goals.Annual = &model.Goal{}
			}
			a := p.form.Goals.Annual
			switch {
			case g.actual:
				a.Actual = text
			case a.Text == nil:
				a.Text = text
			}
			continue
		}
		mg := &model.MidTermGoal{Text: text}
		lt := g.l.toks[g.lb.i].text
		if m := reYears.FindStringSubmatch(lt); m != nil {
			a, b := atoi(m[1]), atoi(m[2])
			mg.StartYear, mg.EndYear = &a, &b
		}
		if text == nil && mg.StartYear == nil {
			continue // a blank mid-term goal whose label states no years says nothing
		}
		if p.form.Goals.MidTerm == nil || p.form.Goals.MidTerm.Text == nil {
			p.form.Goals.MidTerm = mg
		}
	}

}

// unquote removes the double quotes an export wrapped a cell's text in:
// "1.完成…\n2.…" loses them; quotes inside the text stay.
func unquote(t string) string {
	if len(t) >= 2 && t[0] == '"' && t[len(t)-1] == '"' {
		return strings.TrimSpace(t[1 : len(t)-1])
	}
	return t
}

// hasUnit reports whether an amount's text carries its own unit of money:
// 35万元, 250万, 12(万元).
func hasUnit(t string) bool {
	for _, u := range []string{"元", "万"} {
		if strings.Contains(t, u) {
			return true
		}
	}
	return false
}

// breakdown is a funds block laid out as a table of costs (Hubei's
// 项目预算成本构成 | 金额(万元) | 测算依据 | 2020年实际执行数): a row a cost,
// its amount under 金额, and a 合计 row that is the year's total.
type breakdown struct {
	head, last int // the heading's line and the last cost line, in h.lines
	col        int // the amount column
	unit       string
}

// breakdown finds a table of costs in the header block.
func (h *headerBlock) breakdown() *breakdown {
	for li := range h.lines {
		l := &h.lines[li]
		named, col, unit := false, -1, ""
		for _, t := range l.toks {
			k, paren := labelKey(t.text)
			switch {
			case strings.HasSuffix(k, "成本构成") || k == "支出明细" || k == "资金明细" || k == "支出内容":
				named = true
			case named && col < 0 && (k == "金额" || k == "预算金额" || k == "预算数"):
				col = t.cell.Col
				if _, ok := normalize.MoneyScale(paren); ok {
					unit = paren
				}
			}
		}
		if !named || col < 0 {
			continue
		}
		b := &breakdown{head: li, last: li, col: col, unit: unit}
		for lj := li + 1; lj < len(h.lines); lj++ {
			m := &h.lines[lj]
			if len(m.toks) == 0 {
				continue
			}
			if len(m.labels) > 0 && !m.has(fTotal) {
				break
			}
			b.last = lj
			if m.has(fTotal) {
				break // 合计 closes it
			}
		}
		return b
	}
	return nil
}

// readBreakdown reads a table of costs: every row an item, the 合计 row
// the total; columns of earlier years' spending are not read.
func (h *headerBlock) readBreakdown(b *breakdown, unit string, a *model.Amounts, assume func(money, string)) {
	for li := b.head + 1; li <= b.last; li++ {
		l := &h.lines[li]
		if len(l.toks) == 0 {
			continue
		}
		label := cleanLabel(l.toks[0].text)
		m := money{f: fItem, l: l, lb: label0(l)}
		if l.has(fTotal) {
			m.f = fTotal
		}
		var n *model.Number
		for _, t := range l.toks[1:] {
			c := t.cell
			if c.Col > b.col || c.Col+max(c.ColSpan, 1) <= b.col {
				continue
			}
			d, err := normalize.Amount(c.Text, unit)
			switch {
			case err != nil:
				h.p.warn(model.WarnBadAmount, l.row, "%s “%s” is not an amount", label, t.text)
			case d != nil:
				assume(m, t.text)
				n = model.NewNumber(*d)
			}
		}
		put(a, m.f, label, n)
	}
}

// label0 is a label standing for a line's first cell.
func label0(l *line) label {
	return label{i: 0, full: l.toks[0].text}
}

// ownUnit returns the unit of money every amount of the block is written
// with (1286.5万元 …), or "" when they differ or some have none.
func (h *headerBlock) ownUnit(ms, written []money, bd *breakdown) string {
	if bd != nil {
		return ""
	}
	var amounts []string
	for _, m := range ms {
		for _, c := range m.cells {
			amounts = append(amounts, c.text)
		}
	}
	for _, t := range written {
		text := strings.Join(texts(t.cells), " ")
		if t.lb.inline != nil {
			text = norm(t.lb.inline.Text) + " " + text
		}
		for _, sm := range reLabelledAmount.FindAllStringSubmatch(text, -1) {
			amounts = append(amounts, sm[2]+sm[3])
		}
	}
	unit := ""
	for _, a := range amounts {
		num, n := leadingNumber(a)
		if num == "" {
			continue
		}
		u := strings.TrimSpace(a[n:])
		if u == "万" {
			u = "万元"
		}
		if _, ok := normalize.MoneyScale(u); !ok || unit != "" && u != unit {
			return ""
		}
		unit = u
	}
	return unit
}

// leadingNumber returns the number a text starts with and its length.
func leadingNumber(t string) (string, int) {
	n := 0
	for n < len(t) && (isDigit(t[n]) || t[n] == '.' || t[n] == ',') {
		n++
	}
	return t[:n], n
}

// column is a column of a funds block laid out in columns: where it stands
// and what its amounts are.
type fundsCol struct {
	col, span int
	c         fundsColumn
}

// fundsColumns finds the heading row of a funds block laid out in columns
// (a self-evaluation's 年初预算数 | 全年预算数 | 全年执行数 | 分值 | 执行率 |
// 得分): at least two columns of budget, adjusted budget or spending.
func (h *headerBlock) fundsColumns() []fundsCol {
	for li := range h.lines {
		var cols []fundsCol
		money := map[fundsColumn]bool{}
		for _, t := range h.lines[li].toks {
			k, _ := labelKey(t.text)
			if c, ok := vocab.funds[k]; ok {
				cols = append(cols, fundsCol{col: t.cell.Col, span: max(t.cell.ColSpan, 1), c: c})
				if c == cInitial || c == cAnnual || c == cExecuted {
					money[c] = true
				}
			}
		}
		if len(money) >= 2 {
			return cols
		}
	}
	return nil
}

// columnFunds reads a funds block laid out in columns: each amount label's
// cells go to the column they stand in: 年初预算数 to initial, 全年预算数 to
// annual, 全年执行数 to executed; the 分值 and 得分 of the first total row
// (年度资金总额) are the funds' weight and score.
func (h *headerBlock) columnFunds(cols []fundsCol, ms []money, unit string, assume func(money, string)) {
	p := h.p
	f := &p.form.Funds
	var amounts [cSkip]*model.Amounts
	for _, c := range cols {
		if c.c == cInitial || c.c == cAnnual || c.c == cExecuted {
			amounts[c.c] = &model.Amounts{Items: []model.Item{}}
		}
	}
	colOf := func(c *grid.Cell) fundsColumn {
		best, dist := cNone, 1<<30
		for _, fc := range cols {
			if c.Col < fc.col+fc.span && fc.col < c.Col+max(c.ColSpan, 1) {
				return fc.c
			}
			if d := abs(c.Col - fc.col); d < dist {
				best, dist = fc.c, d
			}
		}
		return best
	}
	scored := false
	for _, m := range ms {
		got := map[fundsColumn]*model.Number{}
		seen := map[fundsColumn]bool{}
		for i := range m.cells {
			c := &m.cells[i]
			fc := colOf(c.cell)
			if seen[fc] {
				continue
			}
			seen[fc] = true
			switch fc {
			case cInitial, cAnnual, cExecuted:
				d, err := normalize.Amount(c.cell.Text, unit)
				switch {
				case err != nil:
					p.warn(model.WarnBadAmount, m.l.row, "%s “%s” is not an amount", m.lb.full, c.text)
				case d != nil:
					assume(m, c.text)
					got[fc] = model.NewNumber(*d)
				}
			case cWeight, cScore:
				if d, err := normalize.Number(c.text); err == nil {
					got[fc] = model.NewNumber(d)
				}
			}
		}
		for _, fc := range []fundsColumn{cInitial, cAnnual, cExecuted} {
			if amounts[fc] != nil {
				put(amounts[fc], m.f, itemLabel(m), got[fc])
			}
		}
		if !scored && (m.f == fTotal || m.f == fAnnualTotal || m.f == fMidTotal) {
			scored = true
			f.Weight, f.Score = got[cWeight], got[cScore]
		}
	}
	f.Initial, f.Annual, f.Executed = amounts[cInitial], amounts[cAnnual], amounts[cExecuted]
	for fc, a := range amounts {
		if a == nil || a.Total == nil || a.Fiscal == nil && a.Other == nil && a.Carryover == nil {
			continue
		}
		sum := decimal.Zero
		for _, n := range []*model.Number{a.Fiscal, a.Other, a.Carryover} {
			if n != nil {
				sum = sum.Add(n.Decimal)
			}
		}
		if !sum.Equal(a.Total.Decimal) {
			name := map[int]string{int(cInitial): "年初预算数", int(cAnnual): "全年预算数", int(cExecuted): "全年执行数"}[fc]
			p.warn(model.WarnFundsMismatch, ms[0].l.row, "%s: 财政拨款, 上年结转 and 其他资金 add up to %s, not 资金总额 %s", name, sum, a.Total)
		}
	}
}

// col is the column of an amount's label.
func (m money) col() int { return m.l.toks[m.lb.i].cell.Col }

// sideBySide reports whether the amount labels stand in two or more
// columns each of which has a total of its own (收入构成 ... 合计 beside
// 支出构成 ... 合计), rather than one block laid out over columns.
func sideBySide(ms []money) bool {
	total := map[int]bool{}
	for _, m := range ms {
		t := m.f == fTotal || m.f == fAnnualTotal || m.f == fMidTotal
		total[m.col()] = total[m.col()] || t
	}
	if len(total) < 2 {
		return false
	}
	for _, t := range total {
		if !t {
			return false
		}
	}
	return true
}
