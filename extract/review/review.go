// Package review applies the rules a reviewer of 绩效目标 (performance
// targets) applies to an extracted form: funds that do not add up, periods
// whose years disagree, indicator families or headings left out, vague or
// impossible targets, annual targets that exceed the mid-term ones, cost
// indicators above the money, indicators listed twice.
//
// Check turns a form into its findings (model.Finding), which are about
// what the form says; the warnings of the interpreter are about reading
// it. Rules documents every rule, in the order Check applies them, for the
// README and the jixiao rules command.
//
// The package reads forms, never files: it imports model and normalize
// only, and every function is a pure function of its input.
package review

import (
	"fmt"

	"github.com/jixiao/jixiao/model"
)

// Rule documents one review rule: what its findings are called, how
// serious they are, and what it checks.
type Rule struct {
	// Name is the finding's rule, snake_case (funds_sum_mismatch).
	Name string
	// Severity is that of every finding of the rule: model.SeverityError,
	// model.SeverityWarning or model.SeverityInfo.
	Severity string
	// Summary says in one line of Chinese what the rule raises.
	Summary string
	// Doc says in Chinese what the rule checks, when it does not apply, and
	// what the filer or the auditor should do about a finding.
	Doc string
}

// rule is a Rule with the check that applies it.
type rule struct {
	Rule
	check func(c *checker)
}

// Rules returns every rule Check applies, in the order it applies them
// (and so the order of a form's findings).
func Rules() []Rule {
	out := make([]Rule, len(rules))
	for i, r := range rules {
		out[i] = r.Rule
	}
	return out
}

// Check reviews a form and returns its findings: for each rule in the order
// of Rules, what it raises, in the form's order. It returns an empty,
// non-nil slice when the form passes every rule (and for a nil form). It
// does not modify f.
func Check(f *model.Form) []model.Finding {
	if f == nil {
		return []model.Finding{}
	}
	c := &checker{f: f, at: formLocation(f.Source), out: []model.Finding{}}
	for _, w := range f.Warnings {
		c.formula = c.formula || w.Code == model.WarnFormula
	}
	for i := range rules {
		c.rule = &rules[i].Rule
		rules[i].check(c)
	}
	return c.out
}

// checker holds a form under review and the findings raised so far.
type checker struct {
	f    *model.Form
	at   string // where the form stands, for findings about the whole form
	rule *Rule  // the rule being applied
	out  []model.Finding
	// formula is set for a form with a formula warning, whose funds
	// totals the funds rules do not judge.
	formula bool
}

// add raises a finding of the current rule at where ("" for the form's
// own location).
func (c *checker) add(where, format string, args ...any) {
	if where == "" {
		where = c.at
	}
	c.out = append(c.out, model.Finding{
		Rule:     c.rule.Name,
		Severity: c.rule.Severity,
		Message:  fmt.Sprintf(format, args...),
		Where:    where,
	})
}

// addAt raises a finding about an indicator, at the indicator's row.
func (c *checker) addAt(ind *model.Indicator, format string, args ...any) {
	c.add(Location(ind.Where), format, args...)
}
