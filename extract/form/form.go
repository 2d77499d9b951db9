package form

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/normalize"

	"github.com/jixiao/jixiao/model"
)

// token is a cell with its normalized text and what the vocabulary makes of
// it, worked out once.
type token struct {
	cell       *grid.Cell
	text       string // normalized text
	role       role   // as an indicator-table heading
	class      kind   // as a data cell, once known
	classified bool
	value      normalize.Value // the value it reads as, when kind parsed it
	parsed     bool
}

// kind returns what the cell says it is as a data cell.
func (t *token) kind() kind {
	if !t.classified {
		t.class, t.value, t.parsed = kindOf(t.text)
		t.classified = true
	}
	return t.class
}

// line is a grid row with its cells' normalized text and what the
// interpreter makes of it.
type line struct {
	row    *grid.Row
	toks   []token
	labels []label // header-block labels among the row's cells
	roles  int     // indicator-table column headings among them
}

// label is a cell that labels a header-block field.
type label struct {
	f         field
	i         int    // index of the cell in its line
	paren     string // its parenthesized remark: the unit of 项目资金(万元)
	full      string // the label's full text
	truncated bool
	inline    *grid.Cell // the value written in the label's own cell: 项目名称：某项目
}

// inlineLabel reads a cell that holds a label and its value together,
// "项目名称：某项目": the label must be whole, not cut short.
func inlineLabel(c *grid.Cell, t string) (label, bool) {
	head, tail, ok := strings.Cut(t, ":")
	if !ok || strings.TrimSpace(tail) == "" {
		return label{}, false
	}
	key, paren := labelKey(head)
	f, full, truncated := matchKey(key)
	if f == fNone || truncated {
		return label{}, false
	}
	// The value as the source has it: after the first colon of either width.
	raw := c.Text
	if i := strings.IndexAny(raw, ":："); i >= 0 {
		_, size := utf8.DecodeRuneInString(raw[i:])
		raw = raw[i+size:]
	}
	v := *c
	v.Text = raw
	return label{f: f, paren: paren, full: full, inline: &v}, true
}

func (l *line) text() string {
	if len(l.toks) == 0 {
		return ""
	}
	return l.toks[0].text
}

func (l *line) isTitle() bool {
	return len(l.toks) > 0 && len(l.toks) <= 3 && reTitle.MatchString(strings.ReplaceAll(l.toks[0].text, " ", ""))
}

// factsOnly reports whether l holds labels of project facts and no other:
// 预算单位, 主管部门, 实施单位, 项目类别 — not amounts, goals or headings.
func (l *line) factsOnly() bool {
	if len(l.labels) == 0 || l.isHeader() {
		return false
	}
	for _, lb := range l.labels {
		switch lb.f {
		case fDept, fDeptCode, fUnit, fAttr, fCategory:
		default:
			return false
		}
	}
	return true
}

// closes reports whether l is one of a form's closing rows (审核意见, 填表人):
// it ends the indicator table and is never an indicator. A heading row of
// the table is no closing row.
func (l *line) closes() bool {
	if l.isHeader() || len(l.toks) == 0 {
		return false
	}
	c, _ := closingRow(l.toks[0].text)
	return c
}

func (l *line) isYear() bool { return len(l.toks) == 1 && reYearLine.MatchString(l.toks[0].text) }

func (l *line) isSignature() bool { return isSignature(l.text()) }

func (l *line) has(f field) bool {
	for _, lb := range l.labels {
		if lb.f == f {
			return true
		}
	}
	return false
}

// isHeader reports whether the row heads an indicator table: it names at
// least two of the levels, or the third level and the value.
func (l *line) isHeader() bool { return l.roles >= 2 }

// scan normalizes a grid's rows once.
func scan(g *grid.Grid) []line {
	lines := make([]line, len(g.Rows))
	for i := range g.Rows {
		scanRow(&lines[i], &g.Rows[i])
	}
	return lines
}

// scanRow normalizes one row into l: each line is read on its own.
func scanRow(l *line, r *grid.Row) {
	l.row = r
	l.toks = make([]token, 0, len(r.Cells))
	var seen [rValue + 1]bool
	for j := range r.Cells {
		t := norm(r.Cells[j].Text)
		if t == "" {
			continue
		}
		ro, f, paren, full, trunc := rNone, fNone, "", "", false
		if len(t) <= 80 { // longer is prose: no label, no heading
			key, p := labelKey(t)
			ro = keyRole(key)
			f, full, trunc = matchKey(key)
			paren = p
		}
		l.toks = append(l.toks, token{cell: &r.Cells[j], text: t, role: ro})
		if f != fNone {
			l.labels = append(l.labels, label{f: f, i: len(l.toks) - 1, paren: paren, full: full, truncated: trunc})
		} else if lb, ok := inlineLabel(&r.Cells[j], t); ok {
			lb.i = len(l.toks) - 1
			l.labels = append(l.labels, lb)
		}
		switch ro {
		case rLevel1, rLevel2, rLevel3, rValue:
			if !seen[ro] {
				seen[ro] = true
				l.roles++
			}
		}
	}
	if len(l.labels) > 0 && l.roles == 0 {
		l.unglue()
	}
}

// unglue splits the cells of a header row in which a producer ran a value
// and the next label together (拆违经费项目性质阶段性项目), and labels the
// pieces.
func (l *line) unglue() {
	var toks []token
	for i, t := range l.toks {
		parts := []string(nil)
		if !l.labelAt(i) && t.role == rNone {
			parts = glued(t.text)
		}
		if parts == nil {
			toks = append(toks, t)
			continue
		}
		for _, part := range parts {
			c := *t.cell
			c.Text = part
			toks = append(toks, token{cell: &c, text: part})
		}
	}
	if len(toks) == len(l.toks) {
		return
	}
	l.toks, l.labels = toks, nil
	for i := range l.toks {
		t := &l.toks[i]
		key, paren := labelKey(t.text)
		if f, full, trunc := matchKey(key); f != fNone {
			l.labels = append(l.labels, label{f: f, i: i, paren: paren, full: full, truncated: trunc})
		} else if lb, ok := inlineLabel(t.cell, t.text); ok {
			lb.i = i
			l.labels = append(l.labels, lb)
		}
	}
}

// labelAt reports whether the i-th token of l is a label.
func (l *line) labelAt(i int) bool {
	for _, lb := range l.labels {
		if lb.i == i {
			return true
		}
	}
	return false
}

// Parse finds every 项目支出绩效目标申报表 in g and reads it. A form is
// recognized by its structure: a 项目名称 row with other labels of the
// header block after it, or an indicator table's heading row; the title
// line, when there is one, only marks where the form starts. Text before,
// between and after forms is ignored.
//
// The forms' Source has the position fields of g's format set (lines,
// sheet and cells, pages, table); the caller fills in the file's fields
// (path, sha256, format, encoding, form_index) and the ID.
func Parse(g *grid.Grid) []model.Form {
	var forms []model.Form
	parseFrom(g, scan(g), -1, func(p *parser) bool {
		forms = append(forms, p.form)
		return true
	})
	return forms
}

// parseFrom reads the forms of lines whose bodies start after row claimed
// (rows up to it are there only as what comes before: an indicator table's
// heading looks at the row above it), handing each parser to take once its
// form is read; it stops when take returns false.
func parseFrom(g *grid.Grid, lines []line, claimed int, take func(p *parser) bool) {
	for i := claimed + 1; i < len(lines); i++ {
		if !startsForm(lines, i) {
			continue
		}
		p := &parser{g: g, lines: lines}
		end := p.parse(claimed, i)
		if !take(p) {
			return
		}
		claimed = end
		i = end
	}
}

// Starts reports whether rows start a form: a reader that lets go of text
// holding no form (the PDF reader, page by page) asks it which rows to keep.
func Starts(rows []grid.Row) bool {
	lines := scan(&grid.Grid{Rows: rows})
	for i := range lines {
		if startsForm(lines, i) {
			return true
		}
	}
	return false
}

// startsForm reports whether row i starts a form's body: a 项目名称 row
// followed by more of the header block or by an indicator table, or an
// indicator table's heading with no header block.
func startsForm(lines []line, i int) bool {
	l := &lines[i]
	if l.isHeader() {
		return true
	}
	if !l.has(fName) {
		return false
	}
	fields := map[field]bool{}
	for j := i; j < len(lines) && j < i+30; j++ {
		if j > i && (lines[j].has(fName) || lines[j].isTitle()) {
			break
		}
		if lines[j].isHeader() {
			return true
		}
		for _, lb := range lines[j].labels {
			if lb.f != fName && lb.f != fKnown {
				fields[lb.f] = true
			}
		}
	}
	return len(fields) >= 2
}

// parser reads one form.
type parser struct {
	g     *grid.Grid
	lines []line
	form  model.Form
	first int // first row of the form, title included
	last  int // last row of the form, signature line included
	// evaluated is set when the indicator table has columns of a
	// self-evaluation: 实际完成值, 得分.
	evaluated bool
	score     *model.Number // the 总分 row's
}

// warn records a warning at a row.
func (p *parser) warn(code string, r *grid.Row, format string, args ...any) {
	p.form.Warnings = append(p.form.Warnings, model.Warning{Code: code, Message: fmt.Sprintf(format, args...), Where: r.Pos.String()})
}

// parse reads the form whose body starts at row start; rows up to claimed
// belong to earlier forms. It returns the form's last row.
func (p *parser) parse(claimed, start int) int {
	p.form = model.Form{
		SchemaVersion: model.SchemaVersion,
		FormType:      model.FormTarget,
		Funds:         model.Funds{Unit: "元"},
		Findings:      []model.Finding{},
		Warnings:      []model.Warning{},
	}
	body := start // the row that starts the form: its 项目名称 row, or its table's heading
	if p.lines[start].isHeader() {
		start = p.headerAbove(claimed, start)
	} else {
		// Project facts of the header block above its 项目名称 row (预算单位
		// first).
		for start-1 > claimed && p.lines[start-1].factsOnly() && !p.lines[start-1].isTitle() && !p.lines[start-1].isSignature() {
			start--
		}
	}
	p.first = start
	p.preamble(claimed, start)

	// The header block runs to the indicator table's heading; a form with
	// no indicator table before the next form's start ends its header at
	// its first line of signatures (a 项目负责人 row inside a header block
	// with a table below it is a row of the header).
	h := start
	for h < len(p.lines) && !p.lines[h].isHeader() {
		if h > body && (p.lines[h].has(fName) || p.lines[h].isTitle()) {
			break
		}
		h++
	}
	headerEnd := h
	if h < len(p.lines) && h-1 > start && p.lines[h-1].headingAbove() {
		headerEnd = h - 1 // the table's first heading row: 一级指标 | 中期指标 | 年度指标
	}
	if h < len(p.lines) && !p.lines[h].isHeader() {
		h = len(p.lines) // no indicator table before the next form
		for i := start + 1; i < headerEnd; i++ {
			if p.lines[i].isSignature() {
				headerEnd = i
				break
			}
		}
	}
	p.header(start, headerEnd)
	end := headerEnd - 1
	if h < len(p.lines) {
		end = p.indicators(h)
	}
	p.form.FormType = p.formType(start, headerEnd)
	if p.form.FormType == model.FormSelfEvaluation {
		p.form.Score = p.score
	}
	p.missing(start, headerEnd)
	if h >= len(p.lines) {
		p.warn(model.WarnNoIndicators, p.lines[start].row, "no indicator table (一级指标 二级指标 三级指标 指标值) follows the header block")
	}
	p.last = p.footer(end)
	p.source()
	p.notes()
	return p.last
}

// formType tells what kind of form this is: from its title (项目支出绩效
// 自评表, 部门整体支出绩效目标表), else from its structure: an indicator table
// with 实际完成值 or 得分 columns makes a self-evaluation, a header block with
// a department's name (部门(单位)名称) and no project's a department form.
func (p *parser) formType(start, end int) string {
	title := ""
	if p.form.Title != nil {
		title = strings.ReplaceAll(*p.form.Title, " ", "")
	}
	switch {
	case strings.Contains(title, "自评"):
		return model.FormSelfEvaluation
	case strings.Contains(title, "部门整体") || strings.Contains(title, "整体支出"):
		return model.FormDepartment
	case title != "" && p.form.Project.Name != nil:
		return model.FormTarget
	case p.evaluated:
		return model.FormSelfEvaluation
	}
	if p.form.Project.Name == nil {
		for i := start; i < end; i++ {
			if p.lines[i].has(fDepartment) {
				return model.FormDepartment
			}
		}
	}
	return model.FormTarget
}

// headerAbove returns where the header block of a form whose indicator
// table starts at row i begins, when that block has no 项目名称 row (it is
// missing, or undecodable): the first of the rows above, after the
// previous form's and below any title, that hold labels of at least two
// fields of the header block; i itself when there are none.
func (p *parser) headerAbove(claimed, i int) int {
	fields := map[field]bool{}
	first := i
	for j := i - 1; j > claimed && j >= i-30; j-- {
		l := &p.lines[j]
		if l.isTitle() || l.isYear() || l.isHeader() {
			break
		}
		for _, lb := range l.labels {
			if lb.f != fKnown {
				fields[lb.f] = true
				first = j
			}
		}
	}
	if len(fields) < 2 {
		return i
	}
	return first
}

// preamble takes the title, year and signature lines above the form's body,
// back to the rows of the previous form.
func (p *parser) preamble(claimed, start int) {
	for i := start - 1; i > claimed; i-- {
		l := &p.lines[i]
		switch {
		case l.isTitle():
			p.first = i
			t := strings.Join(texts(l.toks), "")
			p.form.Title = &t
			if p.form.Year == nil {
				p.year(t)
			}
			return
		case l.isYear():
			p.year(l.text())
		case l.isSignature() || reMoneyUnit.MatchString(l.text()) && len(l.toks) == 1:
		default:
			return
		}
		p.first = i
	}
}

func (p *parser) year(t string) {
	if m := reYear.FindString(t); m != "" {
		y := atoi(m[:4])
		p.form.Year = &y
	}
}

// footer takes the closing rows that follow the form's last row (审核意见
// blocks, lines of signatures and dates), and returns the form's last row.
func (p *parser) footer(end int) int {
	for i := end + 1; i < len(p.lines); i++ {
		l := &p.lines[i]
		if !l.closes() || l.has(fName) {
			break
		}
		end = i
	}
	return end
}

// source sets the form's position fields from the rows it spans.
func (p *parser) source() {
	s := &p.form.Source
	first, last := &p.lines[p.first], &p.lines[p.last]
	if first.row.Pos.Line > 0 {
		end := last.row.Pos.Line
		if last.row.Pos.EndLine > end {
			end = last.row.Pos.EndLine
		}
		s.Lines = []int{first.row.Pos.Line, end}
	}
	if p.g.Sheet != "" {
		s.Sheet = p.g.Sheet
		if minR, minC, maxR, maxC := p.extent(); minR >= 0 {
			s.Cells = grid.CellName(minR, minC) + ":" + grid.CellName(maxR, maxC)
		}
	}
	for i := p.first; i <= p.last; i++ {
		r := p.lines[i].row
		if r.Pos.Page > 0 && !slices.Contains(s.Pages, r.Pos.Page) {
			s.Pages = append(s.Pages, r.Pos.Page)
		}
		for _, c := range r.Cells {
			if c.Pos.Page > 0 && !slices.Contains(s.Pages, c.Pos.Page) {
				s.Pages = append(s.Pages, c.Pos.Page)
			}
			if s.Table == 0 && c.Pos.Table > 0 {
				s.Table = c.Pos.Table
			}
		}
	}
	slices.Sort(s.Pages)
}

// extent returns the grid rectangle the form's cells cover, spans
// included; minR is -1 when the form has no cells.
func (p *parser) extent() (minR, minC, maxR, maxC int) {
	minR, minC, maxR, maxC = -1, -1, -1, -1
	for i := p.first; i <= p.last; i++ {
		for _, c := range p.lines[i].row.Cells {
			r1, c1 := c.Row+max(c.RowSpan, 1)-1, c.Col+max(c.ColSpan, 1)-1
			if minR < 0 || c.Row < minR {
				minR = c.Row
			}
			if minC < 0 || c.Col < minC {
				minC = c.Col
			}
			maxR, maxC = max(maxR, r1), max(maxC, c1)
		}
	}
	return minR, minC, maxR, maxC
}

// notes makes a warning of each of the grid's notes that falls in the
// form's rows, in whatever column: a formula saved without its value in
// the form's last column leaves that column empty, and so outside the
// cells the form covers. A note about a part of the file's package (its
// Pos names a part and no cell: styles that are missing, say) is about
// the whole grid, and every form of it gets it.
func (p *parser) notes() {
	if len(p.g.Notes) == 0 {
		return
	}
	minR, _, maxR, _ := p.extent()
	for _, n := range p.g.Notes {
		whole := n.Pos.Part != "" && n.Pos.Ref == ""
		if minR >= 0 && (whole || n.Row >= minR && n.Row <= maxR) {
			p.form.Warnings = append(p.form.Warnings, model.Warning{Code: n.Code, Message: n.Message, Where: n.Pos.String()})
		}
	}
}

func texts(ts []token) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.text
	}
	return out
}
