package review

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/model"
)

// fundsSum: fiscal + other + carryover ≠ total, per column of the funds
// block.
func fundsSum(c *checker) {
	cols := []struct {
		name string
		a    *model.Amounts
	}{
		{"中期资金", c.f.Funds.MidTerm},
		{"年度资金", c.f.Funds.Annual},
		{"年初预算数", c.f.Funds.Initial},
		{"全年执行数", c.f.Funds.Executed},
	}
	for _, col := range cols {
		a := col.a
		total := c.total(a)
		if total == nil {
			continue
		}
		fiscal, other := num(a.Fiscal), num(a.Other)
		parts := []struct {
			label string
			n     *model.Number
		}{{"财政拨款", fiscal}, {"其他资金", other}, {"上年结转", num(a.Carryover)}}
		var sum decimal.Decimal
		var terms []string
		for _, p := range parts {
			if p.n != nil {
				sum = sum.Add(p.n.Decimal)
				terms = append(terms, p.label+" "+yuan(p.n))
			}
		}
		switch {
		case fiscal != nil && other != nil:
			// Every part is stated (a blank 上年结转 is none): they must add up.
			if !sum.Equal(total.Decimal) {
				c.add("", "%s：%s，合计 %s 元，与资金总额 %s 不符（相差 %s 元）；请核对资金总额及其构成",
					col.name, strings.Join(terms, " + "), fmtNum(sum), yuan(total), fmtNum(sum.Sub(total.Decimal).Abs()))
			}
		case len(terms) > 0 && sum.GreaterThan(total.Decimal):
			// A part is blank, but those stated already exceed the total.
			c.add("", "%s：%s，合计 %s 元，已超过资金总额 %s；请核对资金总额及其构成",
				col.name, strings.Join(terms, " + "), fmtNum(sum), yuan(total))
		}
	}
}

// annualFundsOverMidTerm: the year's money above the whole period's.
func annualFundsOverMidTerm(c *checker) {
	m, a := c.total(c.f.Funds.MidTerm), c.total(c.f.Funds.Annual)
	if m == nil || a == nil || !m.IsPositive() {
		return
	}
	if a.GreaterThan(m.Decimal) {
		c.add("", "年度资金总额 %s 超过中期资金总额 %s；中期资金应包含本年度资金，请核对两栏金额及单位",
			yuan(a), yuan(m))
	}
}

// midTermFundsZero: a mid-term total of zero.
func midTermFundsZero(c *checker) {
	m := c.total(c.f.Funds.MidTerm)
	if m == nil || !m.IsZero() {
		return
	}
	msg := "中期资金总额为 0 元"
	if a := c.total(c.f.Funds.Annual); a != nil && a.IsPositive() {
		msg += "，而年度资金总额为 " + yuan(a)
	}
	c.add("", "%s；请填写项目整个实施期的资金总额", msg)
}

// total returns a column's total, nil when the column or its total is
// absent, and nil for every column of a form with a formula warning: a
// workbook whose sums were saved without their values (WPS saves 0) holds
// totals that are the reader's problem, not the form's, and the warning
// already says so.
func (c *checker) total(a *model.Amounts) *model.Number {
	if a == nil || c.formula {
		return nil
	}
	return num(a.Total)
}

// costs returns a period's cost indicators that cap an amount of money in
// 元: under a cost heading, unit 元, operator ≤ < or =.
func costs(levels []model.Level1) []entry {
	var out []entry
	for _, e := range entries(levels) {
		q, ok := quantOf(e.ind)
		if ok && e.underCost() && q.unit == "元" && (q.op == "<=" || q.op == "<" || q.op == "=") {
			out = append(out, e)
		}
	}
	return out
}

// costOverFunds: a cost indicator in 元 above the money of its period.
func costOverFunds(c *checker) {
	for _, p := range c.periods() {
		total := c.total(p.funds)
		if total == nil || !total.IsPositive() {
			continue
		}
		for _, e := range costs(p.levels) {
			if e.ind.Value.GreaterThan(total.Decimal) {
				c.addAt(e.ind, "%s成本指标%s的目标值 %s 超过%s资金总额 %s；请核对金额及单位（元/万元）",
					p.name, title(e.ind), value(e.ind), p.name, yuan(total))
			}
		}
	}
}

// costSumOverFunds: the cost indicators in 元 of a period add up to more
// than its money, while none exceeds it alone.
func costSumOverFunds(c *checker) {
	for _, p := range c.periods() {
		total := c.total(p.funds)
		if total == nil || !total.IsPositive() {
			continue
		}
		cs := costs(p.levels)
		if len(cs) < 2 {
			continue
		}
		var sum decimal.Decimal
		var names []string
		for _, e := range cs {
			if e.ind.Value.GreaterThan(total.Decimal) {
				sum = decimal.Zero // cost_over_funds raises it
				break
			}
			sum = sum.Add(e.ind.Value.Decimal)
			names = append(names, title(e.ind)+value(e.ind))
		}
		if sum.GreaterThan(total.Decimal) {
			c.add("", "%s成本指标中以元计的 %d 项（%s）合计 %s 元，超过%s资金总额 %s；请核对各项成本或资金总额",
				p.name, len(names), strings.Join(names, "、"), fmtNum(sum), p.name, yuan(total))
		}
	}
}
