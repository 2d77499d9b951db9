package form

import (
	"fmt"
	"math"
	"slices"
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
	half int    // 0 or 1
	name string // the heading, for an extra column: 评分细则
	kind bool   // an extra column that says the value's kind: 指标值类型 (定量, 定性)
}

// half is one side of an indicator table: its columns and the period they
// belong to.
type half struct {
	period int  // midTerm or annual
	hinted bool // the heading names the period (中期指标值)
	has    [nRoles]bool
}

// block is an indicator table: its heading's columns and halves.
type block struct {
	slots  []slot
	halves []half
	// loose is set where the table names its indicators 指标内容 with no
	// 三级指标 column: its 二级指标 cell is a level-2 heading whatever it says.
	loose bool
	// twoLevel is set for a table whose 一级指标 column holds level-2
	// headings (数量指标) and whose 二级指标 column the indicators' names.
	twoLevel bool
}

// tree builds one period's hierarchy.
type tree struct {
	l1s  []*l1node
	cur1 *l1node
	cur2 *l2node
	used bool // the form carries this period
}

type l1node struct {
	name   string
	weight *model.Number
	l2s    []*l2node
}

type l2node struct {
	name   string
	weight *model.Number
	ins    []model.Indicator
}

// newBlock reads an indicator table's heading row; above is the row above
// it, which may name the block's period (长期绩效指标, 年度绩效指标).
func newBlock(l *line, above *line) *block {
	b := &block{halves: []half{{}}}
	var periods []*token // the row above's period headings: 中期指标 | 年度指标
	if above != nil && above.headingAbove() {
		l, periods = mergeHeading(l, above)
	}
	cur := 0
	names := map[string]int{}
	hint := func(h *half, t string) {
		if h.hinted {
			return
		}
		if period, ok := periodOf(t); ok {
			h.period, h.hinted = period, true
		}
	}
	level3 := ""
	for _, t := range l.toks {
		ro := t.role
		if _, ok := vocab.blocks[headingKey(t.text)]; ok || ro == rLabel {
			hint(&b.halves[cur], t.text) // 长期绩效指标 beside the headings
			continue
		}
		if ro == rNone {
			ro = rExtra // a column the vocabulary does not know: kept as it is
		}
		if ro != rExtra && b.halves[cur].has[ro] && cur == 0 {
			cur = 1
			b.halves = append(b.halves, half{})
		}
		h := &b.halves[cur]
		h.has[ro] = true
		if ro == rValue || ro == rLevel1 {
			hint(h, t.text)
		}
		sl := slot{role: ro, col: t.cell.Col, span: max(t.cell.ColSpan, 1), half: cur}
		if ro == rLevel3 {
			level3, _ = labelKey(t.text)
		}
		if ro == rExtra {
			sl.name = extraName(t.text)
			if n := names[sl.name]; n > 0 {
				sl.name += fmt.Sprintf("(%d)", n+1)
			}
			names[extraName(t.text)]++
			k, _ := labelKey(t.text)
			sl.kind = k == "指标值类型"
		}
		b.slots = append(b.slots, sl)
	}
	b.loose = level3 != "" && !strings.Contains(level3, "三级")
	for k, pt := range periods {
		end := math.MaxInt
		if k+1 < len(periods) {
			end = periods[k+1].cell.Col
		}
		for _, sl := range b.slots {
			if sl.col >= pt.cell.Col && sl.col < end {
				hint(&b.halves[sl.half], pt.text)
				break
			}
		}
	}
	switch {
	case len(b.halves) == 2:
		if !b.halves[0].hinted {
			b.halves[0].period = midTerm
		}
		if !b.halves[1].hinted {
			b.halves[1].period = annual
		}
	case !b.halves[0].hinted && above != nil && len(above.toks) == 1:
		hint(&b.halves[0], above.text())
	}
	return b
}

// headingAbove reports whether l is the first of a table's two heading
// rows: it holds headings (一级指标) or periods' headings (中期指标, 年度指标)
// and nothing else, no label of the header block and no data.
func (l *line) headingAbove() bool {
	if l == nil || len(l.toks) == 0 || len(l.labels) > 0 || l.isHeader() {
		return false
	}
	for i := range l.toks {
		t := &l.toks[i]
		if _, ok := periodOf(t.text); ok && strings.HasSuffix(t.text, "指标") {
			continue
		}
		switch t.role {
		case rLevel1, rLevel2, rLevel3, rValue, rLabel:
			continue
		}
		return false
	}
	return true
}

// mergeHeading joins a table's two heading rows: the headings of the row
// above stand for the columns the heading row leaves empty (一级指标 merged
// down both rows), and its periods' headings are returned apart.
func mergeHeading(l, above *line) (*line, []*token) {
	merged := *l
	merged.toks = slices.Clone(l.toks)
	var periods []*token
	for i := range above.toks {
		t := &above.toks[i]
		if _, ok := periodOf(t.text); ok && t.role == rNone {
			periods = append(periods, t)
			continue
		}
		taken := false
		for _, o := range l.toks {
			if o.cell.Col < t.cell.Col+max(t.cell.ColSpan, 1) && t.cell.Col < o.cell.Col+max(o.cell.ColSpan, 1) {
				taken = true
			}
		}
		if !taken {
			merged.toks = append(merged.toks, *t)
		}
	}
	slices.SortStableFunc(merged.toks, func(a, b token) int { return a.cell.Col - b.cell.Col })
	return &merged, periods
}

// periodOf returns the period a block's or a column's heading names:
// 长期绩效指标, 中期指标值 are mid-term; 年度绩效指标, 当年预期实现值 annual.
func periodOf(t string) (int, bool) {
	k := headingKey(t)
	if p, ok := vocab.blocks[k]; ok && k != "绩效指标" {
		return p, true
	}
	for _, w := range []string{"中期", "长期", "实施期", "总目标", "项目期"} {
		if strings.HasPrefix(k, w) {
			return midTerm, true
		}
	}
	for _, w := range []string{"年度", "本年", "当年"} {
		if strings.HasPrefix(k, w) {
			return annual, true
		}
	}
	return 0, false
}

// extraName is the name of an extra column in extra: its heading without
// a required-field mark and a trailing length limit (150字内).
func extraName(t string) string {
	t = strings.TrimLeft(t, "* ")
	if i := strings.LastIndexByte(t, '('); i > 0 && strings.HasSuffix(t, ")") && reLengthLimit.MatchString(t[i:]) {
		t = t[:i]
	}
	return strings.TrimSpace(t)
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
			if n := len(blocks); n > 0 && above.headingAbove() {
				if ls := blocks[n-1].lines; len(ls) > 0 && ls[len(ls)-1] == above {
					blocks[n-1].lines = ls[:len(ls)-1] // the next table's first heading row
				}
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
		bl.b.detectTwoLevel(bl.lines)
		for _, hf := range bl.b.halves {
			trees[hf.period].used = true
			p.evaluated = p.evaluated || hf.has[rActual] || hf.has[rScore]
		}
		for _, l := range bl.lines {
			if p.total(bl.b, l) {
				continue
			}
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

// fit scores placing a cell of kind k in column s of block b; next is the
// kind of the row's following cell, which decides whether 成本指标 heads a
// level-1 group (成本指标 | 经济成本指标) or is itself a level-2 heading.
func fit(k, next kind, s slot, b *block) int {
	switch s.role {
	case rLevel1:
		switch {
		case k == kLevel1, k == kEither && (next == kLevel2 || next == kEither):
			return 10
		case k == kEither:
			return 3 // 满意度指标 across both heading columns: where it stands decides
		case k == kUnknown:
			return 0
		}
	case rLevel2:
		switch {
		case k == kLevel2, k == kEither:
			return 10
		case k == kUnknown:
			return 0
		case b.loose && (k == kText || k == kValue || k == kNumber):
			return -1 // 资金到位率 as a level-2 heading: only where it stands
		}
	case rLevel3:
		switch k {
		case kText, kUnknown:
			return 2
		case kValue, kNumber:
			return -4
		}
	case rValue, rActual:
		switch k {
		case kValue, kNumber:
			return 4
		case kText, kUnknown:
			return 1 // 达成预期指标 is a value that reads like a heading
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
	case rWeight, rScore:
		if k == kNumber {
			return 2
		}
	case rNote:
		switch k {
		case kText, kValue, kNumber, kUnknown:
			return 0
		}
	case rExtra:
		switch {
		case s.kind && k == kOp:
			return 6
		case s.kind:
		case k == kText, k == kValue, k == kNumber, k == kUnknown, k == kOp:
			return 0
		}
	}
	return impossible
}

// overlaps reports whether a cell stands in a column.
func overlaps(c *grid.Cell, s slot) bool {
	return c.Col < s.col+s.span && s.col < c.Col+max(c.ColSpan, 1)
}

// align places the cells of a data row in block b's columns, in order,
// for the best total fit; a cell that fits nowhere is dropped (-1).
func align(toks []token, kinds []kind, b *block) []int {
	slots := b.slots
	n, m := len(toks), len(slots)
	score := func(i, j int) int {
		next := kText
		if i+1 < n {
			next = kinds[i+1]
		}
		f := fit(kinds[i], next, slots[j], b)
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

// total reads a table's 总分 row (a self-evaluation's total score): its
// number in the 得分 column, else its last number, is the score of a
// self-evaluation. It reports whether l is such a row, which is no
// indicator (a target form's 合计 of weights is none either).
func (p *parser) total(b *block, l *line) bool {
	if len(l.toks) == 0 {
		return false
	}
	switch headingKey(l.toks[0].text) {
	case "总分", "合计", "总计", "得分合计", "合计得分", "总得分":
	default:
		return false
	}
	var last *token
	for i := range l.toks[1:] {
		t := &l.toks[1+i]
		if _, err := normalize.Number(t.text); err != nil {
			continue
		}
		last = t
		for _, s := range b.slots {
			if s.role == rScore && overlaps(t.cell, s) {
				d, _ := normalize.Number(t.text)
				p.score = model.NewNumber(d)
				return true
			}
		}
	}
	if last != nil {
		d, _ := normalize.Number(last.text)
		p.score = model.NewNumber(d)
	}
	return true
}

// detectTwoLevel tells a two-level table (Hubei's) by its rows: it has no
// 三级指标 column, and the cells under its 一级指标 heading are level-2
// headings (数量指标, 质量指标), never level-1 ones. Its columns then move
// down a level: 一级 holds level-2 headings, 二级 the indicators' names.
func (b *block) detectTwoLevel(lines []*line) {
	for _, hf := range b.halves {
		if hf.has[rLevel3] || !hf.has[rLevel1] || !hf.has[rLevel2] {
			return
		}
	}
	l1, l2 := 0, 0
	for _, l := range lines {
		for i := range l.toks {
			t := &l.toks[i]
			for _, s := range b.slots {
				if s.role != rLevel1 || !overlaps(t.cell, s) {
					continue
				}
				switch t.kind() {
				case kLevel1:
					l1++
				case kLevel2:
					l2++
				}
			}
		}
	}
	if l2 == 0 || l1 > 0 {
		return
	}
	b.twoLevel = true
	for i := range b.slots {
		switch b.slots[i].role {
		case rLevel1:
			b.slots[i].role = rLevel2
		case rLevel2:
			b.slots[i].role = rLevel3
		}
	}
	for h := range b.halves {
		hf := &b.halves[h]
		hf.has[rLevel1], hf.has[rLevel2], hf.has[rLevel3] = false, true, true
	}
}

// in reports whether a cell stands in a column of b of role ro.
func (b *block) in(c *grid.Cell, ro role) bool {
	for _, s := range b.slots {
		if s.role == ro && overlaps(c, s) {
			return true
		}
	}
	return false
}

// placeholder reports whether t is what a template leaves in a cell to be
// filled: ……, ..., —.
func placeholder(t string) bool {
	return strings.Trim(t, ".…。·-—_ ") == ""
}

// row reads one data row of block b into the period trees.
func (p *parser) row(b *block, l *line, trees *[2]tree) {
	var toks []token
	var kinds []kind
	var starCol = -1
	cur := &trees[b.halves[0].period]
	for i := range l.toks {
		t := &l.toks[i]
		switch t.role {
		case rLabel, rLevel1, rLevel2, rLevel3, rValue, rOp, rWeight, rActual, rScore:
			continue // a heading's text, repeated where a PDF centres it
		}
		if t.text == "★" || t.text == "☆" {
			starCol = t.cell.Col
			continue
		}
		if placeholder(t.text) {
			continue
		}
		kinds = append(kinds, t.kind()) // first: the copy below keeps what it learns
		toks = append(toks, *t)
	}
	if len(toks) == 0 {
		return
	}
	// 满意度指标 under 效益指标, with no level-2 heading after it: a heading
	// of another family than the current level 1 starts a level 1 of its
	// own rather than a level 2 under it.
	for i, k := range kinds {
		if k != kEither {
			continue
		}
		if !b.twoLevel && !(b.in(toks[i].cell, rLevel2) && !b.in(toks[i].cell, rLevel1)) && cur.cur1 != nil && (i+1 == len(kinds) || kinds[i+1] != kLevel2 && kinds[i+1] != kEither) {
			if fam := vocab.family[level2Code(toks[i].text)]; fam != "" && level1Code(fam) != level1Code(cur.cur1.name) {
				kinds[i] = kLevel1
			}
		}
		break
	}
	at := align(toks, kinds, b)

	// Gather each half's cells by role.
	type cells [nRoles]*token
	var got [2]cells
	var extras [2][]model.Field
	var kindCell [2]*token
	var moved, dropped []string
	for i, j := range at {
		if j < 0 {
			dropped = append(dropped, fmt.Sprintf("“%s” (column %d)", toks[i].text, toks[i].cell.Col+1))
			continue
		}
		s := b.slots[j]
		if s.role == rExtra {
			extras[s.half] = append(extras[s.half], model.Field{Key: s.name, Value: toks[i].text})
			if s.kind {
				kindCell[s.half] = &toks[i]
			}
		} else {
			got[s.half][s.role] = &toks[i]
		}
		if !overlaps(toks[i].cell, s) {
			name := s.role.String()
			if s.role == rExtra {
				name = s.name
			}
			moved = append(moved, fmt.Sprintf("“%s” (column %d) read as %s%s (column %d)", toks[i].text, toks[i].cell.Col+1, b.periodName(s.half), name, s.col+1))
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
		l1 := shared(rLevel1, h)
		if l1 != nil {
			tr.level1(l1.text)
		}
		l2 := shared(rLevel2, h)
		if l2 != nil {
			switch fam := vocab.family[level2Code(l2.text)]; {
			case tr.cur1 == nil:
				tr.missingLevel1(p, l, l2.text, b.twoLevel)
			case b.twoLevel && fam != "" && level1Code(fam) != level1Code(tr.cur1.name):
				tr.level1(fam) // a two-level table moves to the heading's family
			}
			tr.level2(l2.text)
		}
		name, val := shared(rLevel3, h), got[h][rValue]
		if name == nil && val == nil && got[h][rOp] == nil || !hf.has[rLevel3] && val == nil {
			continue
		}
		if tr.cur2 == nil {
			switch {
			case tr.cur1 == nil:
				tr.level1("")
				p.warn(model.WarnMissingLevel, l.row, "indicator %s has no 一级指标 or 二级指标 above it", quoteTok(name))
				tr.level2("")
			case l1 != nil:
				// A level-1 heading with no level-2 beside it (written across
				// both columns, or the level-2 cell left blank): a level 2 of
				// its own name.
				tr.level2(tr.cur1.name)
			default:
				p.warn(model.WarnMissingLevel, l.row, "indicator %s has no 二级指标 above it", quoteTok(name))
				tr.level2("")
			}
		}
		in := p.indicator(l, tr, name, got[h][rOp], val, got[h][rUnit], kindCell[h])
		if starCol >= 0 && b.halfOfCol(starCol) == h {
			in.Core = true
		}
		if w := got[h][rWeight]; w != nil {
			if d, err := normalize.Number(w.text); err == nil {
				in.Weight = model.NewNumber(d)
			} else {
				extras[h] = append(extras[h], model.Field{Key: rWeight.String(), Value: w.text})
			}
		}
		if n := got[h][rNote]; n != nil {
			t := n.text
			in.Note = &t
		}
		if a := got[h][rActual]; a != nil {
			in.Actual = actual(a)
		}
		if sc := got[h][rScore]; sc != nil {
			if d, err := normalize.Number(sc.text); err == nil {
				in.Score = model.NewNumber(d)
			} else {
				extras[h] = append(extras[h], model.Field{Key: rScore.String(), Value: sc.text})
			}
		}
		if len(extras[h]) > 0 {
			in.Extra = extras[h]
		}
		in.Where = where(l, val, name)
		tr.cur2.ins = append(tr.cur2.ins, in)
	}
}

// actual reads a self-evaluation's 实际完成值, parsed on its own like any
// value.
func actual(t *token) *model.Value {
	out := &model.Value{Raw: t.cell.Text}
	out.Operator, out.Value, out.Unit, out.Text = fields(normalize.ParseValue(t.cell.Text))
	return out
}

// fields writes a parsed value as the contract's keys: operator, value and
// unit for a quantitative one, text for a qualitative one, all nil for an
// empty cell.
func fields(v normalize.Value) (op *string, n *model.Number, unit, text *string) {
	switch {
	case v.Quantitative():
		o := v.Operator
		op, n = &o, model.NewNumber(v.Number)
		if v.Unit != "" {
			u := v.Unit
			unit = &u
		}
	case v.Text != "":
		t := v.Text
		text = &t
	}
	return op, n, unit, text
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

// indicator builds an indicator from its cells: its name, and its value
// from the 指标值 cell, with the operator and the unit of their own columns
// where the form splits them (指标性质 | 指标值 | 度量单位), and the kind
// of value a 指标值类型 column says (定性: qualitative). Under a cost heading
// a bare 万 is 万元.
func (p *parser) indicator(l *line, tr *tree, name, op, val, unit, kindCell *token) model.Indicator {
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
	money := tr.cost()
	parse := normalize.ParseValue
	if money {
		parse = normalize.ParseMoney
	}
	qualitative := false
	for _, t := range []*token{op, kindCell} {
		if t != nil && headingKey(t.text) == "定性" {
			qualitative = true
		}
	}
	var opText string
	if op != nil && !qualitative {
		if k := headingKey(op.text); k != "定量" {
			opText = op.cell.Text
		}
	}
	split := op != nil || unit != nil
	if split {
		in.Raw = raw(val)
	} else {
		in.Raw = opText + raw(val) + raw(unit)
	}
	var v normalize.Value
	switch {
	case qualitative:
		v = normalize.Value{Text: norm(raw(val))}
		if v.Text == "" {
			v.Text = norm(raw(unit))
		}
	case !split && val != nil && val.parsed && !money:
		v = val.value // read already, when the cell's kind was worked out
	case !split:
		v = parse(in.Raw)
	default:
		v = p.splitValue(l, parse, opText, raw(val), raw(unit))
	}
	in.Operator, in.Value, in.Unit, in.Text = fields(v)
	if v.Empty() {
		if name != nil {
			p.warn(model.WarnMissingValue, l.row, "indicator “%s” has no value", name.text)
		}
	}
	return in
}

// splitValue reads a value whose operator and unit stand in columns of
// their own: the operator from its column unless the value has one, the
// unit from its column unless the value carries one, which wins over a
// unit column that contradicts it (with a unit_conflict warning).
func (p *parser) splitValue(l *line, parse func(string) normalize.Value, op, val, unit string) normalize.Value {
	own := parse(val)
	if !own.Quantitative() {
		if strings.TrimSpace(val) == "" && strings.TrimSpace(op+unit) == "" {
			return normalize.Value{}
		}
		if own.Text == "" {
			return parse(op + val + unit)
		}
		// 按月安排: words, whatever the columns say.
		if v := parse(op + val + unit); v.Quantitative() {
			return v
		}
		return own
	}
	whole := parse(op + val + unit)
	switch {
	case own.Unit != "" && strings.TrimSpace(unit) != "":
		u, _ := normalize.Unit(norm(unit))
		if u != own.Unit {
			written := own.Unit
			if m := reWrittenUnit.FindStringSubmatch(norm(val)); m != nil && m[1] != "" {
				written = m[1]
			}
			p.warn(model.WarnUnitConflict, l.row, "the value “%s” is in %s, its unit column says %s; the value's own unit is kept (%s)", norm(val), written, norm(unit), own.Unit)
		}
		if o, ok := normalize.Operator(op); ok && !strings.ContainsAny(val, "≥≤><=≧≦") {
			own.Operator = o
		}
		return own
	case whole.Quantitative():
		return whole
	}
	if o, ok := normalize.Operator(op); ok && !strings.ContainsAny(val, "≥≤><=≧≦") {
		own.Operator = o
	}
	return own
}

// level1 makes name the current 一级指标, continuing it when it is already.
// A score in the heading's text (产出指标(50分)) is its weight.
func (tr *tree) level1(name string) {
	name, w := headingWeight(name)
	if tr.cur1 != nil && tr.cur1.name == name {
		return
	}
	tr.cur1 = &l1node{name: name, weight: w}
	tr.l1s = append(tr.l1s, tr.cur1)
	tr.cur2 = nil
}

// level2 makes name the current 二级指标 of the current 一级指标.
func (tr *tree) level2(name string) {
	name, w := headingWeight(name)
	if tr.cur2 != nil && tr.cur2.name == name {
		return
	}
	tr.cur2 = &l2node{name: name, weight: w}
	tr.cur1.l2s = append(tr.cur1.l2s, tr.cur2)
}

// cost reports whether the current heading is a cost heading, under which
// money is read as money (250万 is 2500000 元).
func (tr *tree) cost() bool {
	return tr.cur1 != nil && level1Code(tr.cur1.name) == "cost" ||
		tr.cur2 != nil && strings.HasSuffix(level2Code(tr.cur2.name), "cost")
}

// headingWeight takes the score out of a heading: "产出指标(50分)" is
// 产出指标 and 50.
func headingWeight(name string) (string, *model.Number) {
	m := reHeadingWeight.FindStringSubmatch(name)
	if m == nil {
		return name, nil
	}
	d, err := normalize.Number(m[2])
	if err != nil {
		return name, nil
	}
	return strings.TrimSpace(m[1]), model.NewNumber(d)
}

// missingLevel1 opens the 一级指标 a second-level heading belongs under when
// the form gives none above it: its family's (数量指标 is under 产出指标).
// A two-level table has none by its shape; elsewhere it is a repair.
func (tr *tree) missingLevel1(p *parser, l *line, l2 string, twoLevel bool) {
	parent := vocab.family[level2Code(l2)]
	if !twoLevel {
		p.warn(model.WarnMissingLevel, l.row, "二级指标 “%s” has no 一级指标 above it; read under “%s”", l2, parent)
	}
	tr.level1(parent)
}

// model returns the tree as the contract's hierarchy.
func (tr *tree) model() []model.Level1 {
	out := make([]model.Level1, 0, len(tr.l1s))
	for _, n1 := range tr.l1s {
		l1 := model.Level1{Name: n1.name, Code: level1Code(n1.name), Weight: n1.weight, Children: make([]model.Level2, 0, len(n1.l2s))}
		for _, n2 := range n1.l2s {
			ins := n2.ins
			if ins == nil {
				ins = []model.Indicator{}
			}
			code := level2Code(n2.name)
			if l1.Code == "satisfaction" {
				code = "satisfaction" // under a level-1 satisfaction, any level 2 is
			}
			l1.Children = append(l1.Children, model.Level2{Name: n2.name, Code: code, Weight: n2.weight, Indicators: ins})
		}
		out = append(out, l1)
	}
	return out
}
