package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/model"
)

// htmlPage is the --html page for auditors: one self-contained file (no
// network, no other file: its style and script are inline, and its
// Content-Security-Policy forbids anything else) with the run's totals,
// the files that gave no form and every form with its findings, warnings
// and indicators. Every text of a document is escaped by html/template.
//
// The forms' sections are rendered by the workers (renderForm) and the
// files' rows as they come, into temporary files, so that memory stays
// flat; finish puts the page together once the totals are known.
type htmlPage struct {
	out          *output
	files, forms *os.File
	fw, mw       *bufio.Writer
	nForms       int
	nFiles       int
	depts        map[string]int
	rules        map[string]int
	statuses     map[string]int
	links        linker
	err          error
}

// formMeta is what the page's filters need of a form.
type formMeta struct {
	dept  string
	rules []string
}

// linker makes the links from the page to the files it names: relative
// to the page's directory, from paths relative to the directory the run
// ran in.
type linker struct{ cwd, dir string }

func newLinker(page string) linker {
	cwd, _ := os.Getwd()
	dir := cwd
	if !isStdout(page) {
		if abs, err := filepath.Abs(page); err == nil {
			dir = filepath.Dir(abs)
		}
	}
	return linker{cwd: cwd, dir: dir}
}

// href is the link to a source path, "" for standard input.
func (l linker) href(path string) string {
	if path == "-" || path == "" || l.dir == "" {
		return ""
	}
	p := filepath.FromSlash(path)
	if !filepath.IsAbs(p) {
		p = filepath.Join(l.cwd, p)
	}
	rel, err := filepath.Rel(l.dir, p)
	if err != nil {
		return ""
	}
	s := (&url.URL{Path: filepath.ToSlash(rel)}).EscapedPath()
	if !strings.HasPrefix(s, "../") && !strings.HasPrefix(s, "./") {
		s = "./" + s // never read as a scheme
	}
	return s
}

func newHTMLPage(name string, stdout io.Writer) (*htmlPage, error) {
	out, err := create(name, stdout)
	if err != nil {
		return nil, err
	}
	h := &htmlPage{out: out, depts: map[string]int{}, rules: map[string]int{}, statuses: map[string]int{}, links: newLinker(name)}
	for _, f := range []**os.File{&h.files, &h.forms} {
		t, err := os.CreateTemp("", "jixiao-html-*")
		if err != nil {
			h.abort()
			return nil, err
		}
		os.Remove(t.Name()) // gone when closed
		*f = t
	}
	h.fw, h.mw = bufio.NewWriter(h.files), bufio.NewWriter(h.forms)
	return h, nil
}

// htmlOut is the page's output, or nil.
func (o *outputs) htmlOut() *output {
	if o.html == nil {
		return nil
	}
	return o.html.out
}

func (h *htmlPage) abort() {
	for _, f := range []*os.File{h.files, h.forms} {
		if f != nil {
			f.Close()
		}
	}
	h.out.abort()
}

// addForms adds the sections renderForm wrote to b.
func (h *htmlPage) addForms(b *bytes.Buffer, meta []formMeta) {
	if b == nil {
		return
	}
	if _, err := h.mw.Write(b.Bytes()); err != nil && h.err == nil {
		h.err = err
	}
	for _, m := range meta {
		h.nForms++
		h.depts[m.dept]++
		for _, r := range m.rules {
			h.rules[r]++
		}
	}
}

// addForm renders one form and adds it.
func (h *htmlPage) addForm(f *model.Form) error {
	var b bytes.Buffer
	m, err := renderForm(&b, f, h.links)
	if err != nil {
		return err
	}
	h.addForms(&b, []formMeta{m})
	return nil
}

// keepForms keeps the file an earlier run wrote in out, as out.keep does,
// and puts its forms on the page too.
func (h *htmlPage) keepForms(out *output, was model.Output) error {
	if err := out.keep(was); err != nil {
		return err
	}
	f, err := os.Open(out.name)
	if err != nil {
		return err
	}
	defer f.Close()
	return eachForm(f, h.addForm)
}

// eachForm calls fn with every form of a JSON Lines stream.
func eachForm(r io.Reader, fn func(*model.Form) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(nil, 256<<20)
	for n := 1; sc.Scan(); n++ {
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		var f model.Form
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return fmt.Errorf("line %d: %w", n, err)
		}
		if err := fn(&f); err != nil {
			return err
		}
	}
	return sc.Err()
}

// addFile lists a file that gave the page no form: failed, skipped, no
// form, a duplicate. Known files are only counted: their forms are an
// earlier run's.
func (h *htmlPage) addFile(f model.FileReport) {
	switch f.Status {
	case model.StatusOK, model.StatusKnown:
		return
	}
	h.nFiles++
	h.statuses[f.Status]++
	v := fileView{Status: f.Status, Path: f.Path, Href: h.links.href(f.Path), Reason: f.Reason}
	if f.Error != nil {
		v.Reason = *f.Error
	}
	if f.Status == model.StatusNoForm {
		v.Reason = "read, but no form found in it"
	}
	if err := pageTemplates.ExecuteTemplate(h.fw, "file", v); err != nil && h.err == nil {
		h.err = err
	}
}

type fileView struct{ Status, Path, Href, Reason string }

// finish writes the page.
func (h *htmlPage) finish(head model.Report) error {
	defer h.files.Close()
	defer h.forms.Close()
	for _, w := range []*bufio.Writer{h.fw, h.mw} {
		if err := w.Flush(); err != nil && h.err == nil {
			h.err = err
		}
	}
	if h.err != nil {
		h.out.abort()
		return fmt.Errorf("the HTML page %s: %w", h.out.name, h.err)
	}
	v := pageView{Report: head, CSP: csp, Forms: h.nForms, Files: h.nFiles,
		Args: shellQuote(head.Args), Depts: options(h.depts), Rules: options(h.rules), Statuses: options(h.statuses)}
	t := head.Totals
	v.Totals = []tally{{"files", t.Files}, {"ok", t.OK}, {"no form", t.NoForm}, {"failed", t.Failed - t.Interrupted},
		{"interrupted", t.Interrupted}, {"skipped", t.Skipped}, {"known", t.Known}, {"duplicate", t.Duplicate},
		{"forms", t.Forms}, {"warnings", t.Warnings}, {"findings", t.Findings}}
	v.ByCode, v.ByRule = sortedCounts(t.WarningsByCode), sortedCounts(t.FindingsByRule)
	if err := pageTemplates.ExecuteTemplate(h.out, "head", v); err != nil {
		h.out.abort()
		return err
	}
	for _, f := range []*os.File{h.files} {
		if err := copyFrom(h.out, f); err != nil {
			h.out.abort()
			return err
		}
	}
	if err := pageTemplates.ExecuteTemplate(h.out, "middle", v); err != nil {
		h.out.abort()
		return err
	}
	if err := copyFrom(h.out, h.forms); err != nil {
		h.out.abort()
		return err
	}
	// The script is written as it is, outside of any template, so that
	// its bytes are those its hash in the page's policy is of.
	h.out.WriteString("</main>\n<script>")
	h.out.WriteString(pageScript)
	h.out.WriteString("</script>\n</body>\n</html>\n")
	return h.out.commit()
}

func copyFrom(o *output, f *os.File) error {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return err
	}
	_, err := io.Copy(o, f)
	return err
}

type pageView struct {
	model.Report
	CSP                    string
	Args                   string
	Forms, Files           int
	Totals                 []tally
	ByCode, ByRule         []tally
	Depts, Rules, Statuses []tally
}

type tally struct {
	Name string
	N    int
}

func sortedCounts(m map[string]int) []tally {
	var out []tally
	for k, n := range m {
		out = append(out, tally{k, n})
	}
	slices.SortFunc(out, func(a, b tally) int { return strings.Compare(a.Name, b.Name) })
	return out
}

func options(m map[string]int) []tally { return sortedCounts(m) }

// noDepartment is the filter's name for forms that name no department.
const noDepartment = "—"

// renderForm writes one form's section of the page.
func renderForm(w io.Writer, f *model.Form, links linker) (formMeta, error) {
	v := formView{Form: f, Href: links.href(f.Source.Path), Dept: noDepartment}
	p := f.Project
	switch {
	case p.Department != nil:
		v.Dept = *p.Department
	case p.DepartmentCode != nil:
		v.Dept = *p.DepartmentCode
	}
	v.Heading = deref(p.Name)
	if v.Heading == "" {
		v.Heading = deref(p.Department)
	}
	if v.Heading == "" {
		v.Heading = deref(f.Title)
	}
	v.Type = formTypes[f.FormType]
	v.Where = sourceWhere(f.Source)
	dept := deref(p.Department)
	if p.DepartmentCode != nil {
		dept = "[" + *p.DepartmentCode + "] " + dept
	}
	period := ""
	if p.Start != nil || p.End != nil {
		period = deref(p.Start) + " – " + deref(p.End)
	}
	years := ""
	if p.PeriodYears != nil {
		years = fmt.Sprintf("%d年", *p.PeriodYears)
	}
	v.Facts = nonEmpty([]fact{
		{"项目名称 name", deref(p.Name)}, {"项目键 key", deref(p.Key)}, {"主管部门 department", dept},
		{"实施单位 implementing unit", deref(p.ImplementingUnit)}, {"项目类别 category", deref(p.Category)},
		{"项目属性 attribute", deref(p.Attribute)}, {"项目期 years", years}, {"起止 period", period},
		{"总分 score", numText(f.Score)},
	})
	fu := f.Funds
	for _, a := range []struct {
		label string
		am    *model.Amounts
	}{{"中期 mid-term", fu.MidTerm}, {"年度 annual", fu.Annual}, {"年初预算 initial", fu.Initial}, {"全年执行 executed", fu.Executed}} {
		if a.am == nil {
			continue
		}
		row := fundsRow{Label: a.label, Total: money(a.am.Total), Fiscal: money(a.am.Fiscal), Other: money(a.am.Other), Carryover: money(a.am.Carryover)}
		for _, it := range a.am.Items {
			row.Items = append(row.Items, fact{it.Label, money(it.Amount)})
		}
		v.Funds = append(v.Funds, row)
	}
	v.Stated = deref(fu.StatedUnit)
	if g := f.Goals.MidTerm; g != nil {
		label := "中期目标 mid-term goal"
		if g.StartYear != nil || g.EndYear != nil {
			label += fmt.Sprintf(" (%s–%s)", year(g.StartYear), year(g.EndYear))
		}
		v.Goals = append(v.Goals, fact{label, deref(g.Text)})
	}
	if g := f.Goals.Annual; g != nil {
		v.Goals = append(v.Goals, fact{"年度目标 annual goal", deref(g.Text)})
		if g.Actual != nil {
			v.Goals = append(v.Goals, fact{"实际完成情况 actual", *g.Actual})
		}
	}
	v.Goals = nonEmpty(v.Goals)
	for _, per := range []struct {
		name string
		l1s  []model.Level1
	}{{"中期指标 mid-term indicators", f.Indicators.MidTerm}, {"年度指标 annual indicators", f.Indicators.Annual}} {
		if per.l1s == nil {
			continue
		}
		pv := periodView{Name: per.name}
		for _, l1 := range per.l1s {
			first1 := true
			l1name := l1.Name + weight(l1.Weight)
			if len(l1.Children) == 0 {
				pv.Rows = append(pv.Rows, indRow{L1: l1name, Empty: true})
			}
			for _, l2 := range l1.Children {
				first2 := true
				row := func() indRow {
					r := indRow{}
					if first1 {
						r.L1, first1 = l1name, false
					}
					if first2 {
						r.L2, first2 = l2.Name+weight(l2.Weight), false
					}
					return r
				}
				if len(l2.Indicators) == 0 {
					r := row()
					r.Empty = true
					pv.Rows = append(pv.Rows, r)
				}
				for _, in := range l2.Indicators {
					r := row()
					r.Name, r.Core, r.Raw = in.Name, in.Core, in.Raw
					r.Parsed = parsed(in.Operator, in.Value, in.Unit, in.Text)
					r.Weight, r.Score, r.Note = numText(in.Weight), numText(in.Score), deref(in.Note)
					if a := in.Actual; a != nil {
						r.Actual = a.Raw
					}
					for _, x := range in.Extra {
						r.Extra = append(r.Extra, fact{x.Key, x.Value})
					}
					r.Where = whereText(in.Where)
					pv.Rows = append(pv.Rows, r)
					pv.N++
				}
			}
		}
		v.Periods = append(v.Periods, pv)
	}
	var rules []string
	for _, x := range f.Findings {
		if !slices.Contains(rules, x.Rule) {
			rules = append(rules, x.Rule)
		}
	}
	v.Rules = " " + strings.Join(rules, " ") + " "
	return formMeta{dept: v.Dept, rules: rules}, pageTemplates.ExecuteTemplate(w, "form", v)
}

var formTypes = map[string]string{
	model.FormTarget:         "项目支出绩效目标表 project targets",
	model.FormSelfEvaluation: "项目支出绩效自评表 self-evaluation",
	model.FormDepartment:     "部门整体支出绩效目标表 department targets",
}

type formView struct {
	*model.Form
	Heading, Type, Href, Where, Dept, Rules, Stated string
	Facts                                           []fact
	Funds                                           []fundsRow
	Goals                                           []fact
	Periods                                         []periodView
}

type fact struct{ Label, Value string }

type fundsRow struct {
	Label, Total, Fiscal, Other, Carryover string
	Items                                  []fact
}

type periodView struct {
	Name string
	N    int
	Rows []indRow
}

type indRow struct {
	L1, L2, Name                                    string
	Core, Empty                                     bool
	Raw, Parsed, Weight, Actual, Score, Note, Where string
	Extra                                           []fact
}

func nonEmpty(fs []fact) []fact {
	var out []fact
	for _, f := range fs {
		if f.Value != "" {
			out = append(out, f)
		}
	}
	return out
}

func numText(n *model.Number) string {
	if n == nil {
		return ""
	}
	return n.String()
}

func year(y *int) string {
	if y == nil {
		return "?"
	}
	return fmt.Sprint(*y)
}

func weight(n *model.Number) string {
	if n == nil {
		return ""
	}
	return " (" + n.String() + "分)"
}

// money writes an amount in 元 with its thousands grouped: 1,110,000.
func money(n *model.Number) string {
	if n == nil {
		return ""
	}
	return group(n.Decimal)
}

func group(d decimal.Decimal) string {
	s := d.String()
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return sign + b.String()
}

// parsed says what a value was read as: ">= 10 个", or the text of a
// qualitative one.
func parsed(op *string, v *model.Number, unit, text *string) string {
	if text != nil {
		return "“" + *text + "”"
	}
	if op == nil && v == nil {
		return ""
	}
	s := deref(op) + " " + numText(v)
	if unit != nil {
		s += " " + *unit
	}
	return strings.TrimSpace(s)
}

// sourceWhere says where a form stands in its file.
func sourceWhere(s model.Source) string {
	var parts []string
	switch {
	case len(s.Lines) == 2:
		parts = append(parts, fmt.Sprintf("lines %d–%d", s.Lines[0], s.Lines[1]))
	case len(s.Pages) == 1:
		parts = append(parts, fmt.Sprintf("page %d", s.Pages[0]))
	case len(s.Pages) > 1:
		parts = append(parts, fmt.Sprintf("pages %d–%d", s.Pages[0], s.Pages[len(s.Pages)-1]))
	}
	if s.Sheet != "" {
		parts = append(parts, s.Sheet+"!"+s.Cells)
	}
	if s.Table != 0 {
		parts = append(parts, fmt.Sprintf("table %d", s.Table))
	}
	parts = append(parts, fmt.Sprintf("form %d of the file", s.FormIndex+1))
	return strings.Join(parts, ", ")
}

// whereText says where an indicator's row stands: "line 22", "Sheet1!E12",
// "page 2, x 56.7–540.2, y 700.1–712.3", "table 1, row 14".
func whereText(w model.Where) string {
	var parts []string
	if w.Line != 0 {
		parts = append(parts, fmt.Sprintf("line %d", w.Line))
	}
	if w.Sheet != "" {
		parts = append(parts, w.Sheet+"!"+w.Cell)
	}
	if w.Page != 0 {
		p := fmt.Sprintf("page %d", w.Page)
		if b := w.Box; b != nil {
			p += fmt.Sprintf(", x %s–%s, y %s–%s", b[0].String(), b[2].String(), b[1].String(), b[3].String())
		}
		parts = append(parts, p)
	}
	if w.Table != 0 {
		parts = append(parts, fmt.Sprintf("table %d, row %d", w.Table, w.Row))
	}
	return strings.Join(parts, ", ")
}

// csp is the page's Content-Security-Policy: nothing from anywhere, the
// inline style, and the one inline script whose hash it names.
var csp = func() string {
	sum := sha256.Sum256([]byte(pageScript))
	return "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
}()

var pageTemplates = template.Must(template.New("page").Parse(pageHTML))

// pageHTML is the page's templates: "head" (up to the files' rows),
// "file" (one row), "middle" (to the forms), "form" (one section); the
// script and the end are written by finish.
const pageHTML = `{{define "head"}}<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{.CSP}}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="{{.Tool}}">
<title>绩效目标审核 jixiao audit report {{.Started}}</title>
<style>
:root { --fg: #1d2330; --muted: #5b6475; --line: #d8dde6; --bg: #f6f7f9; --err: #b42318; --warn: #9a6700; --info: #1f5fa8; --ok: #1a7f37; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; padding: 0 2rem 3rem; color: var(--fg); background: var(--bg);
  font: 14px/1.5 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", sans-serif; }
h1 { font-size: 1.5rem; margin: 1.2rem 0 .2rem; }
h1 small, h2 small { color: var(--muted); font-weight: normal; font-size: .8em; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .4rem; }
.meta, .src { color: var(--muted); margin: .2rem 0; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9em; word-break: break-all; }
table { border-collapse: collapse; background: #fff; }
th, td { border: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef1f5; font-weight: 600; }
td.n { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.cards { display: flex; flex-wrap: wrap; gap: 1rem; align-items: flex-start; margin-top: 1rem; }
#totals td, #totals th { text-align: center; min-width: 4.5rem; }
nav#filters { position: sticky; top: 0; z-index: 1; background: var(--bg); padding: .6rem 0; border-bottom: 1px solid var(--line); display: flex; flex-wrap: wrap; gap: 1rem; align-items: center; }
nav select { font: inherit; max-width: 22rem; }
#shown { color: var(--muted); }
section.form { background: #fff; border: 1px solid var(--line); border-radius: 6px; padding: .2rem 1.2rem 1rem; margin: 1rem 0; }
section.form > h2 { margin-top: .8rem; }
.facts th { width: 12rem; }
.st { display: inline-block; padding: 0 .4rem; border-radius: 3px; font-size: .85em; background: #eef1f5; }
.st-failed, .sev-error { color: var(--err); }
.st-skipped, .st-duplicate, .st-no_form { color: var(--muted); }
.sev-warning { color: var(--warn); }
.sev-info { color: var(--info); }
ul.notes { margin: .3rem 0; padding-left: 1.2rem; }
ul.notes .code { font-weight: 600; }
.where, .where a { color: var(--muted); white-space: nowrap; }
table.ind { width: 100%; }
table.ind td.l { white-space: nowrap; font-weight: 600; }
.core { color: var(--err); }
.none { color: var(--muted); font-style: italic; }
.extra { color: var(--muted); font-size: .9em; }
details summary { cursor: pointer; color: var(--muted); }
.goal { white-space: pre-wrap; }
.bad { color: var(--err); }
</style>
</head>
<body>
<header>
<h1>绩效目标审核 <small>jixiao audit report</small></h1>
<p class="meta">{{.Tool}} · started {{.Started}} · {{.Millis}} ms{{if .Interrupted}} · <strong class="bad">interrupted: not every file was read</strong>{{end}}</p>
<p class="meta"><code>jixiao extract {{.Args}}</code></p>
</header>
<h2>汇总 <small>totals</small></h2>
<table id="totals"><thead><tr>{{range .Totals}}<th>{{.Name}}</th>{{end}}</tr></thead>
<tbody><tr>{{range .Totals}}<td class="n" data-total="{{.Name}}">{{.N}}</td>{{end}}</tr></tbody></table>
<div class="cards">
<table id="by-code"><thead><tr><th>warning code</th><th>warnings</th></tr></thead><tbody>
{{range .ByCode}}<tr><td><code>{{.Name}}</code></td><td class="n">{{.N}}</td></tr>
{{else}}<tr><td colspan="2" class="none">no warnings</td></tr>
{{end}}</tbody></table>
<table id="by-rule"><thead><tr><th>finding rule</th><th>findings</th></tr></thead><tbody>
{{range .ByRule}}<tr><td><code>{{.Name}}</code></td><td class="n">{{.N}}</td></tr>
{{else}}<tr><td colspan="2" class="none">no findings</td></tr>
{{end}}</tbody></table>
</div>
<nav id="filters">
<label>部门 department <select id="f-dept"><option value="">all</option>
{{range .Depts}}<option value="{{.Name}}">{{.Name}} ({{.N}})</option>
{{end}}</select></label>
<label>审核发现 finding <select id="f-rule"><option value="">all</option><option value="*">any finding</option><option value="-">no finding</option>
{{range .Rules}}<option value="{{.Name}}">{{.Name}} ({{.N}})</option>
{{end}}</select></label>
<label>状态 status <select id="f-status"><option value="">all</option><option value="ok">ok: forms</option>
{{range .Statuses}}<option value="{{.Name}}">{{.Name}} ({{.N}})</option>
{{end}}</select></label>
<output id="shown" data-forms="{{.Forms}}" data-files="{{.Files}}">{{.Forms}} forms, {{.Files}} files</output>
</nav>
<h2>未读出表单的文件 <small>files that gave no form ({{.Files}})</small></h2>
<table id="files"><thead><tr><th>status</th><th>file</th><th>reason</th></tr></thead><tbody>
{{end}}

{{define "file"}}<tr class="file" data-status="{{.Status}}"><td><span class="st st-{{.Status}}">{{.Status}}</span></td><td>{{if .Href}}<a href="{{.Href}}">{{.Path}}</a>{{else}}{{.Path}}{{end}}</td><td>{{.Reason}}</td></tr>
{{end}}

{{define "middle"}}{{if not .Files}}<tr><td colspan="3" class="none">none: every file gave forms</td></tr>
{{end}}</tbody></table>
<main id="forms">
<h2>表单 <small>forms ({{.Forms}})</small></h2>
{{end}}

{{define "form"}}<section class="form" id="{{.ID}}" data-dept="{{.Dept}}" data-rules="{{.Rules}}">
<h2>{{.Heading}} <small>{{with .Year}}{{.}}年 · {{end}}{{.Type}}</small></h2>
<p class="src">{{if .Href}}<a href="{{.Href}}">{{.Source.Path}}</a>{{else}}{{.Source.Path}}{{end}} · {{.Where}} · <code>{{.ID}}</code></p>
{{if .Findings}}<h3>审核发现 <small>findings ({{len .Findings}})</small></h3>
<ul class="notes findings">{{range .Findings}}<li class="sev-{{.Severity}}"><span class="code">{{.Rule}}</span> [{{.Severity}}] {{.Message}} <span class="where">{{.Where}}</span></li>{{end}}</ul>
{{else}}<p class="none">no findings</p>
{{end}}{{if .Warnings}}<h3>读取警告 <small>warnings ({{len .Warnings}})</small></h3>
<ul class="notes warnings">{{range .Warnings}}<li><span class="code">{{.Code}}</span> {{.Message}} <span class="where">{{.Where}}</span></li>{{end}}</ul>
{{end}}<h3>项目 <small>project</small></h3>
<table class="facts"><tbody>
{{range .Facts}}<tr><th>{{.Label}}</th><td>{{.Value}}</td></tr>
{{end}}</tbody></table>
{{if .Funds}}<h3>资金 <small>funds, 元{{with .Stated}} (the form states {{.}}){{end}}</small></h3>
<table class="funds"><thead><tr><th></th><th>总额 total</th><th>财政拨款 fiscal</th><th>其他 other</th><th>上年结转 carryover</th><th>items</th></tr></thead><tbody>
{{range .Funds}}<tr><th>{{.Label}}</th><td class="n">{{.Total}}</td><td class="n">{{.Fiscal}}</td><td class="n">{{.Other}}</td><td class="n">{{.Carryover}}</td><td>{{range .Items}}<div>{{.Label}}: {{if .Value}}{{.Value}}{{else}}<span class="none">blank</span>{{end}}</div>{{end}}</td></tr>
{{end}}</tbody></table>
{{end}}{{if .Goals}}<h3>目标 <small>goals</small></h3>
<table class="facts"><tbody>
{{range .Goals}}<tr><th>{{.Label}}</th><td class="goal">{{.Value}}</td></tr>
{{end}}</tbody></table>
{{end}}{{range .Periods}}<h3>{{.Name}} <small>({{.N}})</small></h3>
<table class="ind"><thead><tr><th>一级指标</th><th>二级指标</th><th>三级指标 indicator</th><th>指标值 value</th><th>read as</th><th>分值</th><th>实际 actual</th><th>得分</th><th>where</th></tr></thead><tbody>
{{range .Rows}}<tr class="indicator"><td class="l">{{.L1}}</td><td class="l">{{.L2}}</td>{{if .Empty}}<td colspan="7" class="none">no indicator</td>{{else}}<td>{{if .Core}}<span class="core" title="core indicator">★</span>{{end}}{{.Name}}{{with .Note}}<div class="extra">备注: {{.}}</div>{{end}}{{range .Extra}}<div class="extra">{{.Label}}: {{.Value}}</div>{{end}}</td><td>{{.Raw}}</td><td>{{.Parsed}}</td><td class="n">{{.Weight}}</td><td>{{.Actual}}</td><td class="n">{{.Score}}</td><td class="where">{{if $.Href}}<a href="{{$.Href}}" title="{{$.Source.Path}}">{{.Where}}</a>{{else}}{{.Where}}{{end}}</td>{{end}}</tr>
{{end}}</tbody></table>
{{end}}</section>
{{end}}`

// pageScript filters the page by department, finding and status. The
// values come from the page's own attributes and options; nothing is
// written as HTML.
const pageScript = `
(function () {
  "use strict";
  var d = document;
  var forms = Array.prototype.slice.call(d.querySelectorAll("section.form"));
  var files = Array.prototype.slice.call(d.querySelectorAll("tr.file"));
  var sel = { dept: d.getElementById("f-dept"), rule: d.getElementById("f-rule"), status: d.getElementById("f-status") };
  var shown = d.getElementById("shown");
  function has(s, v) {
    for (var i = 0; i < s.options.length; i++) { if (s.options[i].value === v) { return true; } }
    return false;
  }
  function fromHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    Object.keys(sel).forEach(function (k) {
      var v = p.get(k);
      if (v !== null && has(sel[k], v)) { sel[k].value = v; }
    });
  }
  function apply() {
    var dept = sel.dept.value, rule = sel.rule.value, status = sel.status.value, nf = 0, nr = 0;
    forms.forEach(function (f) {
      var rules = f.getAttribute("data-rules"), bare = rules.trim();
      var ok = (dept === "" || f.getAttribute("data-dept") === dept) &&
        (rule === "" || (rule === "*" ? bare !== "" : rule === "-" ? bare === "" : rules.indexOf(" " + rule + " ") >= 0)) &&
        (status === "" || status === "ok");
      f.hidden = !ok;
      if (ok) { nf++; }
    });
    files.forEach(function (r) {
      var ok = dept === "" && rule === "" && status !== "ok" && (status === "" || r.getAttribute("data-status") === status);
      r.hidden = !ok;
      if (ok) { nr++; }
    });
    shown.textContent = nf + " of " + forms.length + " forms, " + nr + " of " + files.length + " files shown";
    shown.setAttribute("data-forms", String(nf));
    shown.setAttribute("data-files", String(nr));
  }
  function changed() {
    var p = new URLSearchParams();
    Object.keys(sel).forEach(function (k) { if (sel[k].value !== "") { p.set(k, sel[k].value); } });
    history.replaceState(null, "", "#" + p.toString());
    apply();
  }
  Object.keys(sel).forEach(function (k) { sel[k].addEventListener("change", changed); });
  window.addEventListener("hashchange", function () { fromHash(); apply(); });
  fromHash();
  apply();
  d.documentElement.setAttribute("data-ready", "1");
})();
`
