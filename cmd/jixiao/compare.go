package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/jixiao/jixiao/model"
	"github.com/jixiao/jixiao/normalize"
)

const compareUsage = `Usage: jixiao compare [-o FILE] FORMS.jsonl...

Sets each 项目支出绩效自评表 (self-evaluation) beside the 绩效目标申报表
(target form) of the same project and year, and writes one JSON object per
self-evaluation: per indicator its target, what was achieved and whether
that met the target. FORMS are outputs of "jixiao extract -o"; targets and
self-evaluations may be in the same file or in different ones, told apart
by their form_type.

A pair is made by the project's key (project.key: its department's code,
else its name, and its name without the category prefix 保障运转类-) and
its year. A self-evaluation with no such target is "missing";
with more than one, "ambiguous" (their ids are listed, none is chosen).
Indicators are matched by name (without a parenthetical part) under the
same level-1 code, then by name alone; those on one side only are listed
with side target_only or self_evaluation_only.

met is "met" or "not_met" when the target and the actual are both numbers
in the same unit (the target's operator applied to the actual value), and
"unknown" otherwise, with why.

Flags:
`

// compareCmd runs "jixiao compare".
func compareCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	out := fs.String("o", "", "write the comparisons, JSON Lines, to `FILE` (default standard output)")
	if done, status := parseSub(fs, args, compareUsage, stdout, stderr); done {
		return status
	}
	if fs.NArg() == 0 {
		fmt.Fprintf(stderr, "jixiao compare: no FORMS file given\n\n%s", compareUsage)
		return exitUsage
	}
	var forms []model.Form
	for _, name := range fs.Args() {
		fsOf, err := readForms(name)
		if err != nil {
			fmt.Fprintf(stderr, "jixiao compare: %v\n", err)
			return exitFailed
		}
		forms = append(forms, fsOf...)
	}
	o, err := create(*out, stdout)
	if err != nil {
		fmt.Fprintf(stderr, "jixiao compare: %v\n", err)
		return exitUsage
	}
	enc := json.NewEncoder(o)
	enc.SetEscapeHTML(false)
	for _, c := range compare(forms) {
		if err := enc.Encode(c); err != nil {
			o.abort()
			fmt.Fprintf(stderr, "jixiao compare: %v\n", err)
			return exitFailed
		}
	}
	if err := o.commit(); err != nil {
		fmt.Fprintf(stderr, "jixiao compare: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// readForms reads a JSON Lines file of forms.
func readForms(name string) ([]model.Form, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var forms []model.Form
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" {
			continue
		}
		var form model.Form
		if err := json.Unmarshal([]byte(line), &form); err != nil {
			return nil, fmt.Errorf("%s:%d: not a form: %v", name, n, err)
		}
		forms = append(forms, form)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return forms, nil
}

// compare pairs every self-evaluation of forms with its target form.
func compare(forms []model.Form) []model.Comparison {
	targets := map[string][]*model.Form{}
	for i := range forms {
		if f := &forms[i]; f.FormType == model.FormTarget {
			if k := pairKey(f); k != "" {
				targets[k] = append(targets[k], f)
			}
		}
	}
	var out []model.Comparison
	for i := range forms {
		s := &forms[i]
		if s.FormType != model.FormSelfEvaluation {
			continue
		}
		c := model.Comparison{SelfEvaluation: s.ID, Key: pairKey(s), Year: s.Year,
			Department: s.Project.Department, ProjectName: s.Project.Name, Candidates: []string{}}
		var target *model.Form
		switch ts := targets[c.Key]; {
		case c.Key == "" || len(ts) == 0:
			c.Status = model.PairMissing
		case len(ts) > 1:
			c.Status = model.PairAmbiguous
			for _, t := range ts {
				c.Candidates = append(c.Candidates, t.ID)
			}
		default:
			c.Status, target = model.PairPaired, ts[0]
			c.Target = &target.ID
		}
		c.Indicators = pairIndicators(target, s)
		out = append(out, c)
	}
	return out
}

// pairKey is what a self-evaluation and its target form share: the
// project's key (its department and its name without category, as
// normalize.ProjectKey makes it) and the year; "" when the form names no
// project.
func pairKey(f *model.Form) string {
	if f.Project.Name == nil {
		return ""
	}
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	key := normalize.ProjectKey(str(f.Project.DepartmentCode), str(f.Project.Department), *f.Project.Name)
	if key == "" {
		return ""
	}
	year := ""
	if f.Year != nil {
		year = strconv.Itoa(*f.Year)
	}
	return key + "|" + year
}

// fold is the form of a name that pairs are made by: normalized, without
// white space and punctuation.
func fold(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || strings.ContainsRune("-_—()[]【】,.、:;·", r) {
			return -1
		}
		return r
	}, normalize.Text(s))
}

// indicatorRef is an indicator with its place in its form.
type indicatorRef struct {
	period, l1, l1Code, l2 string
	in                     *model.Indicator
	used                   bool
}

// flatten lists a form's indicators in form order.
func flatten(f *model.Form) []*indicatorRef {
	if f == nil {
		return nil
	}
	var out []*indicatorRef
	for _, p := range []struct {
		name string
		l1s  []model.Level1
	}{{model.PeriodMidTerm, f.Indicators.MidTerm}, {model.PeriodAnnual, f.Indicators.Annual}} {
		for _, l1 := range p.l1s {
			for _, l2 := range l1.Children {
				for i := range l2.Indicators {
					out = append(out, &indicatorRef{period: p.name, l1: l1.Name, l1Code: l1.Code, l2: l2.Name, in: &l2.Indicators[i]})
				}
			}
		}
	}
	return out
}

// nameKey is what indicators are matched by: the name without a
// parenthetical part (结余率(计算方法为:…)), folded.
func nameKey(name string) string {
	return fold(normalize.StripParens(normalize.Text(name)))
}

// pairIndicators matches the self-evaluation's indicators with the target
// form's annual ones, by name under the same level-1 code, then by name.
func pairIndicators(target, self *model.Form) []model.Pair {
	var ts []*indicatorRef
	for _, r := range flatten(target) {
		if r.period == model.PeriodAnnual {
			ts = append(ts, r)
		}
	}
	find := func(s *indicatorRef, sameCode bool) *indicatorRef {
		for _, t := range ts {
			if !t.used && nameKey(t.in.Name) == nameKey(s.in.Name) && (!sameCode || t.l1Code == s.l1Code) {
				return t
			}
		}
		return nil
	}
	out := []model.Pair{}
	for _, s := range flatten(self) {
		t := find(s, true)
		if t == nil {
			t = find(s, false)
		}
		p := model.Pair{Side: model.SideBoth, Period: s.period, Level1: s.l1, Level2: s.l2, Name: s.in.Name,
			Stated: valueOf(s.in), Actual: s.in.Actual, Score: s.in.Score, Weight: s.in.Weight}
		if t != nil {
			t.used = true
			p.Target = valueOf(t.in)
			p.Changed = !sameValue(p.Target, p.Stated)
		} else {
			p.Target = p.Stated
			if target != nil {
				p.Side = model.SideSelfEvaluation
			}
		}
		p.Met, p.Why = met(p.Target, p.Actual)
		out = append(out, p)
	}
	for _, t := range ts {
		if !t.used {
			out = append(out, model.Pair{Side: model.SideTarget, Period: t.period, Level1: t.l1, Level2: t.l2, Name: t.in.Name,
				Target: valueOf(t.in), Met: model.Unknown, Why: "the self-evaluation does not report this indicator"})
		}
	}
	return out
}

// valueOf is an indicator's target value.
func valueOf(in *model.Indicator) *model.Value {
	return &model.Value{Raw: in.Raw, Operator: in.Operator, Value: in.Value, Unit: in.Unit, Text: in.Text}
}

// sameValue reports whether two targets say the same.
func sameValue(a, b *model.Value) bool {
	eq := func(x, y *string) bool { return x == nil && y == nil || x != nil && y != nil && *x == *y }
	switch {
	case a == nil || b == nil:
		return a == b
	case a.Value != nil && b.Value != nil:
		return eq(a.Operator, b.Operator) && eq(a.Unit, b.Unit) && a.Value.Equal(b.Value.Decimal)
	}
	return a.Value == nil && b.Value == nil && eq(a.Text, b.Text)
}

// met applies the target's operator to the actual value, when both are
// numbers in the same unit.
func met(target, actual *model.Value) (string, string) {
	str := func(s *string) string {
		if s == nil {
			return "no unit"
		}
		return *s
	}
	switch {
	case target == nil:
		return model.Unknown, "no target"
	case actual == nil:
		return model.Unknown, "no actual value"
	case target.Value == nil || target.Operator == nil:
		return model.Unknown, "the target is not a number"
	case actual.Value == nil:
		return model.Unknown, "the actual value is not a number"
	case str(target.Unit) != str(actual.Unit):
		return model.Unknown, fmt.Sprintf("units differ: the target is in %s, the actual value in %s", str(target.Unit), str(actual.Unit))
	}
	c := actual.Value.Cmp(target.Value.Decimal)
	ok := false
	switch *target.Operator {
	case normalize.GE:
		ok = c >= 0
	case normalize.LE:
		ok = c <= 0
	case normalize.GT:
		ok = c > 0
	case normalize.LT:
		ok = c < 0
	case normalize.EQ:
		ok = c == 0
	default:
		return model.Unknown, "unknown operator " + *target.Operator
	}
	if ok {
		return model.Met, ""
	}
	return model.NotMet, fmt.Sprintf("%s %s %s is not met by %s", *target.Operator, target.Value, str(target.Unit), actual.Value)
}
