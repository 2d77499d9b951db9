package form

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/model"
	"github.com/jixiao/jixiao/normalize"
)

// An indicator table is read row by row. The heading row gives the columns'
// roles, in one or two halves (mid-term and annual side by side); each data
// row's cells are then matched to those columns by what they say (the
// vocabulary of 一级指标 and 二级指标 headings, values that read as values)
// and only then by where they stand, because real files shift cells: empty
// cells collapse, rows start a column early or late.

// slot is a column of an indicator table.
type slot struct {
	role role
	col  int // first column
	span int
	half int // 0 or 1
}

// half is one side of an indicator table: its columns and the period they
// belong to.
type half struct {
	period int  // midTerm or annual
	hinted bool // the heading names the period (中期指标值)
	has    [rNote + 1]bool
}

// block is an indicator table: its heading's columns and halves.
type block struct {
	slots  []slot
	halves []half
}

// tree builds one period's hierarchy.
type tree struct {
	l1s  []*l1node
	cur1 *l1node
	cur2 *l2node
	used bool // the form carries this period
}

type l1node struct {
	name string
	l2s  []*l2node
}

type l2node struct {
	name string
	ins  []model.Indicator
}

// newBlock reads an indicator table's heading row.
func newBlock(l *line, above *line) *block {
	b := &block{halves: []half{{}}}
	cur := 0
	for _, t := range l.toks {
		ro := t.role
		if ro == rNone || ro == rLabel {
			continue
		}
		if b.halves[cur].has[ro] && cur == 0 {
			cur = 1
			b.halves = append(b.halves, half{})
		}
		h := &b.halves[cur]
		h.has[ro] = true
		if strings.Contains(t.text, "中期") {
			h.period, h.hinted = midTerm, true
		} else if strings.Contains(t.text, "年度") {
			h.period, h.hinted = annual, true
		}
		b.slots = append(b.slots, slot{role: ro, col: t.cell.Col, span: max(t.cell.ColSpan, 1), half: cur})
	}
	switch {
	case len(b.halves) == 2:
		if !b.halves[0].hinted {
			b.halves[0].period = midTerm
		}
		if !b.halves[1].hinted {
			b.halves[1].period = annual
		}
	case !b.halves[0].hinted && above != nil && len(above.toks) == 1 && strings.Contains(above.text(), "指标"):
		if strings.HasPrefix(above.text(), "中期") {
			b.halves[0].period, b.halves[0].hinted = midTerm, true
		} else if strings.HasPrefix(above.text(), "年度") {
			b.halves[0].period, b.halves[0].hinted = annual, true
		}
	}
	return b
}

// indicators reads the indicator tables that start at row h and returns the
// last row they take.
func (p *parser) indicators(h int) int {
	type rows struct {
		b     *block
		lines []*line
	}
	var blocks []rows
	last := h
	for i := h; i < len(p.lines); i++ {
		l := &p.lines[i]
		if l.isHeader() {
			var above *line
			if i > 0 {
				above = &p.lines[i-1]
			}
			blocks = append(blocks, rows{b: newBlock(l, above)})
			last = i
			continue
		}
		if p.ends(l) {
			break
		}
		blocks[len(blocks)-1].lines = append(blocks[len(blocks)-1].lines, l)
		last = i
	}
	// A table of one half is annual unless its heading says otherwise; two
	// such tables one after the other are mid-term, then annual.
	if len(blocks) == 2 && len(blocks[0].b.halves) == 1 && len(blocks[1].b.halves) == 1 &&
		!blocks[0].b.halves[0].hinted && !blocks[1].b.halves[0].hinted {
		blocks[0].b.halves[0].period = midTerm
		blocks[1].b.halves[0].period = annual
	} else {
		for _, bl := range blocks {
			if len(bl.b.halves) == 1 && !bl.b.halves[0].hinted {
				bl.b.halves[0].period = annual
			}
		}
	}
	var trees [2]tree
	for _, bl := range blocks {
		for _, hf := range bl.b.halves {
			trees[hf.period].used = true
		}
		for _, l := range bl.lines {
			p.row(bl.b, l, &trees)
		}
	}
	ind := &p.form.Indicators
	if trees[midTerm].used {
		ind.MidTerm = trees[midTerm].model()
	}
	if trees[annual].used {
		ind.Annual = trees[annual].model()
	}
	return last
}

// ends reports whether l ends an indicator table: the next form, a
// signature line, a footnote, or a line of prose.
func (p *parser) ends(l *line) bool {
	switch {
	case l.isTitle(), l.isYear(), l.closes(), isNote(l.text()):
		return true
	case l.has(fName), l.has(fDept), l.has(fFunds), l.has(fMidTotal), l.has(fAnnualTotal):
		return true
	case len(l.toks) == 1 && utf8.RuneCountInString(l.text()) > 40 && !(&l.toks[0]).isHeading():
		return true
	}
	return false
}

// kind is what a data cell says it is.
type kind int

const (
	kText    kind = iota // any other text: a name, a qualitative value, a note
	kValue               // reads as a value: ≥10个, 100%, 年底之前
	kNumber              // a bare number: a value or a weight
	kOp                  // only an operator: ≥, 定性
	kLevel1              // a 一级指标 heading
	kLevel2              // a 二级指标 heading
	kEither              // a heading of both levels: 成本指标, 满意度指标
	kUnknown             // a heading the vocabulary does not know: 效率指标
)

// mayBeValue reports whether t could read as a value: it holds a digit or
// one of the words of a deadline. Most names hold neither, and the full
// test is dear.
func mayBeValue(t string) bool {
	for i := 0; i < len(t); i++ {
		if '0' <= t[i] && t[i] <= '9' {
			return true
		}
	}
	return strings.Contains(t, "前") || strings.Contains(t, "底") || strings.Contains(t, "末")
}

func (t *token) isHeading() bool {
	k := t.kind()
	return k == kLevel1 || k == kLevel2 || k == kEither
}

// kindOf returns what a cell's normalized text says it is, and the value
// it reads as when it took parsing it to know (ok).
func kindOf(t string) (k kind, v normalize.Value, ok bool) {
	key := codeKey(t)
	_, l1 := vocab.level1[key]
	_, l2 := vocab.level2[key]
	switch {
	case l1 && l2:
		return kEither, v, false
	case l1:
		return kLevel1, v, false
	case l2:
		return kLevel2, v, false
	}
	if key == "定性" || key == "定量" {
		return kOp, v, false
	}
	if len(t) <= 15 {
		if _, isOp := normalize.Operator(t); isOp {
			return kOp, v, false
		}
	}
	if mayBeValue(t) {
		v = normalize.ParseValue(t)
		if v.Quantitative() {
			if v.Operator == normalize.EQ && v.Unit == "" && t[0] != '=' {
				return kNumber, v, true // a bare number: a value or a weight
			}
			return kValue, v, true
		}
		if reDeadline.MatchString(t) {
			return kValue, v, true
		}
		ok = true
	}
	if headingLike(key) {
		return kUnknown, v, ok
	}
	return kText, v, ok
}

const (
	impossible = -1 << 20
	dropCost   = -12
	placeBonus = 4
)

// fit scores placing a cell of kind k in a column of role ro; next is the
// kind of the row's following cell, which decides whether 成本指标 heads a
// level-1 group (成本指标 | 经济成本指标) or is itself a level-2 heading.
func fit(k, next kind, ro role) int {
	switch ro {
	case rLevel1:
		switch {
		case k == kLevel1, k == kEither && (next == kLevel2 || next == kEither):
			return 10
		case k == kUnknown:
			return 0
		}
	case rLevel2:
		switch k {
		case kLevel2, kEither:
			return 10
		case kUnknown:
			return 0
		}
	case rLevel3:
		switch k {
		case kText, kUnknown:
			return 2
		case kValue, kNumber:
			return -4
		}
	case rValue:
		switch k {
		case kValue, kNumber:
			return 4
		case kText:
			return 1
		case kOp:
			return -2
		}
	case rOp:
		if k == kOp {
			return 6
		}
	case rUnit:
		if k == kText {
			return 1
		}
	case rWeight:
		if k == kNumber {
			return 2
		}
	case rNote:
		switch k {
		case kText, kValue, kNumber, kUnknown:
			return 0
		}
	}
	return impossible
}

// overlaps reports whether a cell stands in a column.
func overlaps(c *grid.Cell, s slot) bool {
	return c.Col < s.col+s.span && s.col < c.Col+max(c.ColSpan, 1)
}

// align places the cells of a data row in the table's columns, in order,
// for the best total fit; a cell that fits nowhere is dropped (-1).
func align(toks []token, kinds []kind, slots []slot) []int {
	n, m := len(toks), len(slots)
	score := func(i, j int) int {
		next := kText
		if i+1 < n {
			next = kinds[i+1]
		}
		f := fit(kinds[i], next, slots[j].role)
		if f == impossible {
			return impossible
		}
		if overlaps(toks[i].cell, slots[j]) {
			f += placeBonus
		}
		return f
	}
	// best[i][j]: the best score of the first i cells within the first j columns.
	flat := make([]int, (n+1)*(m+1))
	best := make([][]int, n+1)
	for i := range best {
		best[i] = flat[i*(m+1) : (i+1)*(m+1)]
	}
	for i := 1; i <= n; i++ {
		best[i][0] = best[i-1][0] + dropCost
	}
	for i := 1; i <= n; i++ {
		for j := 1; j <= m; j++ {
			v := best[i][j-1]
			if d := best[i-1][j] + dropCost; d > v {
				v = d
			}
			if s := score(i-1, j-1); s != impossible && best[i-1][j-1]+s >= v {
				v = best[i-1][j-1] + s
			}
			best[i][j] = v
		}
	}
	at := make([]int, n)
	for i, j := n, m; i > 0; {
		if j > 0 {
			if s := score(i-1, j-1); s != impossible && best[i][j] == best[i-1][j-1]+s {
				at[i-1] = j - 1
				i, j = i-1, j-1
				continue
			}
			if best[i][j] == best[i][j-1] {
				j--
				continue
			}
		}
		at[i-1] = -1
		i--
	}
	return at
}

// row reads one data row of block b into the period trees.
func (p *parser) row(b *block, l *line, trees *[2]tree) {
	var toks []token
	var kinds []kind
	var starCol = -1
	for i := range l.toks {
		t := &l.toks[i]
		switch ro := t.role; {
		case ro == rLabel, ro != rNone && ro != rNote && ro != rUnit:
			continue // a label column's text, repeated where a PDF centres it
		}
		if t.text == "★" || t.text == "☆" {
			starCol = t.cell.Col
			continue
		}
		kinds = append(kinds, t.kind()) // first: the copy below keeps what it learns
		toks = append(toks, *t)
	}
	if len(toks) == 0 {
		return
	}
	at := align(toks, kinds, b.slots)

	// Gather each half's cells by role.
	type cells [rNote + 1]*token
	var got [2]cells
	var moved, dropped []string
	for i, j := range at {
		if j < 0 {
			dropped = append(dropped, fmt.Sprintf("“%s” (column %d)", toks[i].text, toks[i].cell.Col+1))
			continue
		}
		s := b.slots[j]
		got[s.half][s.role] = &toks[i]
		if !overlaps(toks[i].cell, s) {
			moved = append(moved, fmt.Sprintf("“%s” (column %d) read as %s%s (column %d)", toks[i].text, toks[i].cell.Col+1, b.periodName(s.half), s.role, s.col+1))
		}
	}
	if len(moved) > 0 {
		p.warn(model.WarnMisalignedRow, l.row, "row shifted, cells placed by what they say: %s", strings.Join(moved, ", "))
	}
	if len(dropped) > 0 {
		p.warn(model.WarnDroppedCell, l.row, "no column takes %s", strings.Join(dropped, ", "))
	}

	// Headings shared across halves: a half without a level's column
	// follows the other half's heading.
	shared := func(ro role, h int) *token {
		if got[h][ro] != nil || b.halves[h].has[ro] || len(b.halves) == 1 {
			return got[h][ro]
		}
		return got[1-h][ro]
	}
	for h := range b.halves {
		hf := &b.halves[h]
		tr := &trees[hf.period]
		if t := shared(rLevel1, h); t != nil {
			tr.level1(t.text)
		}
		if t := shared(rLevel2, h); t != nil {
			if tr.cur1 == nil {
				tr.missingLevel1(p, l, t.text)
			}
			tr.level2(t.text)
		}
		name, val := shared(rLevel3, h), got[h][rValue]
		if name == nil && val == nil && got[h][rOp] == nil || !hf.has[rLevel3] && val == nil {
			continue
		}
		if tr.cur2 == nil {
			if tr.cur1 == nil {
				tr.level1("")
			}
			p.warn(model.WarnMissingLevel, l.row, "indicator %s has no 二级指标 above it", quoteTok(name))
			tr.level2("")
		}
		in := p.indicator(l, name, got[h][rOp], val, got[h][rUnit], got[h][rWeight], got[h][rNote])
		in.Where = where(l, val, name)
		if starCol >= 0 && b.halfOfCol(starCol) == h {
			in.Core = true
		}
		tr.cur2.ins = append(tr.cur2.ins, in)
	}
}

func quoteTok(t *token) string {
	if t == nil {
		return "(no name)"
	}
	return "“" + t.text + "”"
}

// periodName names a half in a warning.
func (b *block) periodName(h int) string {
	if len(b.halves) == 1 {
		return ""
	}
	return [2]string{"mid-term ", "annual "}[b.halves[h].period]
}

// halfOfCol returns the half a column belongs to.
func (b *block) halfOfCol(col int) int {
	h := 0
	for _, s := range b.slots {
		if s.col <= col {
			h = s.half
		}
	}
	return h
}

// indicator builds an indicator from its cells.
func (p *parser) indicator(l *line, name, op, val, unit, weight, note *token) model.Indicator {
	var in model.Indicator
	if name != nil {
		in.Name = name.text
		if strings.ContainsAny(in.Name, "★☆") {
			in.Core = strings.Contains(in.Name, "★")
			in.Name = norm(strings.NewReplacer("★", "", "☆", "").Replace(in.Name))
		}
	} else {
		p.warn(model.WarnMissingName, l.row, "value %s has no indicator name", quoteTok(val))
	}
	raw := func(t *token) string {
		if t == nil {
			return ""
		}
		return t.cell.Text
	}
	var opText string
	if op != nil {
		if k := headingKey(op.text); k != "定性" && k != "定量" {
			opText = op.cell.Text
		}
	}
	in.Raw = opText + raw(val) + raw(unit)
	var v normalize.Value
	if op == nil && unit == nil && val != nil && val.parsed {
		v = val.value // read already, when the cell's kind was worked out
	} else {
		v = normalize.ParseValue(in.Raw)
	}
	if op != nil && headingKey(op.text) == "定性" {
		v = normalize.Value{Text: norm(raw(val) + raw(unit))}
	} else if opText != "" && !v.Quantitative() {
		// ≥ in its column and a value that has its own operator: the
		// value's wins.
		if own := normalize.ParseValue(raw(val) + raw(unit)); own.Quantitative() {
			v = own
		}
	}
	switch {
	case v.Quantitative():
		o, n := v.Operator, model.NewNumber(v.Number)
		in.Operator, in.Value = &o, n
		if v.Unit != "" {
			u := v.Unit
			in.Unit = &u
		}
	case v.Text != "":
		t := v.Text
		in.Text = &t
	default:
		if name != nil {
			p.warn(model.WarnMissingValue, l.row, "indicator “%s” has no value", name.text)
		}
	}
	if weight != nil {
		if d, err := normalize.Number(weight.text); err == nil {
			in.Weight = model.NewNumber(d)
		}
	}
	if note != nil {
		t := note.text
		in.Note = &t
	}
	return in
}

// level1 makes name the current 一级指标, continuing it when it is already.
func (tr *tree) level1(name string) {
	if tr.cur1 != nil && tr.cur1.name == name {
		return
	}
	tr.cur1 = &l1node{name: name}
	tr.l1s = append(tr.l1s, tr.cur1)
	tr.cur2 = nil
}

// level2 makes name the current 二级指标 of the current 一级指标.
func (tr *tree) level2(name string) {
	if tr.cur2 != nil && tr.cur2.name == name {
		return
	}
	tr.cur2 = &l2node{name: name}
	tr.cur1.l2s = append(tr.cur1.l2s, tr.cur2)
}

// missingLevel1 opens the 一级指标 a second-level heading belongs under when
// the form gives none above it.
func (tr *tree) missingLevel1(p *parser, l *line, l2 string) {
	parent := vocab.family[level2Code(l2)]
	p.warn(model.WarnMissingLevel, l.row, "二级指标 “%s” has no 一级指标 above it; read under “%s”", l2, parent)
	tr.level1(parent)
}

// model returns the tree as the contract's hierarchy.
func (tr *tree) model() []model.Level1 {
	out := make([]model.Level1, 0, len(tr.l1s))
	for _, n1 := range tr.l1s {
		l1 := model.Level1{Name: n1.name, Code: level1Code(n1.name), Children: make([]model.Level2, 0, len(n1.l2s))}
		for _, n2 := range n1.l2s {
			ins := n2.ins
			if ins == nil {
				ins = []model.Indicator{}
			}
			l1.Children = append(l1.Children, model.Level2{Name: n2.name, Code: level2Code(n2.name), Indicators: ins})
		}
		out = append(out, l1)
	}
	return out
}
