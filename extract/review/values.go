package review

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/normalize"
)

// vagueIn raises the vague qualitative targets of the entries that want
// (measurable or not) a measurable target.
func vagueIn(c *checker, measurable bool, advice string) {
	for _, p := range c.periods() {
		for _, e := range entries(p.levels) {
			if e.measurable() != measurable || e.ind.Operator != nil || e.ind.Text == nil {
				continue
			}
			w := vague(*e.ind.Text)
			if w == "" {
				continue
			}
			what := "是模糊表述"
			if w != normalize.Text(*e.ind.Text) {
				what = "含模糊表述“" + w + "”"
			}
			c.addAt(e.ind, "%s绩效指标%s下的%s，指标值「%s」%s；%s",
				p.name, e.heading(), title(e.ind), *e.ind.Text, what, advice)
		}
	}
}

// vagueTarget: a vague target where a measurable one is expected.
func vagueTarget(c *checker) {
	vagueIn(c, true, "数量、质量、时效、成本指标应给出可衡量的数值或明确时限")
}

// vagueOutcome: a vague target of a benefit, satisfaction or other
// heading.
func vagueOutcome(c *checker) {
	vagueIn(c, false, "宜尽量量化（比例、人次、较基期的变化值），或写明可核验的标准")
}

var hundred = decimal.NewFromInt(100)

// growth reports whether a name is that of a change (增长率), which may
// exceed 100% or be negative.
func growth(name string) bool {
	return containsAny(name, "增长", "增幅", "增速", "增加", "提高", "提升", "上升", "下降", "降低", "减少", "变化", "变动", "偏差", "超额")
}

// impossibleValue: a 满意度 or a rate above 100%, a negative count or
// amount.
func impossibleValue(c *checker) {
	for _, p := range c.periods() {
		for _, e := range entries(p.levels) {
			q, ok := quantOf(e.ind)
			if !ok {
				continue
			}
			lower := q.op == ">=" || q.op == ">" || q.op == "="
			over := q.v.GreaterThan(hundred) || (q.op == ">" && q.v.GreaterThanOrEqual(hundred))
			rate := q.unit == "%" && strings.HasSuffix(baseName(e.ind.Name), "率") && !growth(e.ind.Name)
			// A 满意度 in %, or with no unit where the name says it is one
			// (a count under the 满意度 heading, 回访次数 150, is none).
			sat := (q.unit == "%" && e.satisfaction()) ||
				(q.unit == "" && (strings.HasSuffix(baseName(e.ind.Name), "满意度") || strings.HasSuffix(baseName(e.ind.Name), "满意率")))
			switch {
			case lower && over && sat:
				c.addAt(e.ind, "%s满意度指标%s的目标值 %s 超过 100%%，不可能达到；请更正", p.name, title(e.ind), q)
			case lower && over && rate:
				c.addAt(e.ind, "%s比率指标%s的目标值 %s 超过 100%%，不可能达到；请更正", p.name, title(e.ind), q)
			case q.v.IsNegative() && !growth(e.ind.Name) && !signedUnit(q.unit):
				c.addAt(e.ind, "%s绩效指标%s的目标值 %s 为负数；数量、金额和比率不能为负，请更正", p.name, title(e.ind), q)
			}
		}
	}
}

// signedUnit reports whether a unit's values may be negative: degrees,
// percentage points.
func signedUnit(u string) bool {
	return strings.Contains(u, "℃") || strings.Contains(u, "度") || strings.Contains(u, "百分点")
}

// paired is an indicator of the annual period and the mid-term indicator
// of the same name.
type paired struct{ mid, ann entry }

// pairs returns the annual indicators that have a mid-term indicator of
// the same name (the first of that name), in the annual period's order.
func (c *checker) pairs() []paired {
	ps := c.periods()
	mid := map[string]entry{}
	for _, e := range entries(ps[0].levels) {
		if k := key(e.ind.Name); k != "" {
			if _, ok := mid[k]; !ok {
				mid[k] = e
			}
		}
	}
	var out []paired
	for _, e := range entries(ps[1].levels) {
		if m, ok := mid[key(e.ind.Name)]; ok {
			out = append(out, paired{m, e})
		}
	}
	return out
}

// timeUnits are units of duration, which do not add up over the years.
var timeUnits = map[string]bool{
	"年": true, "个月": true, "月": true, "周": true, "天": true, "日": true, "个工作日": true, "工作日": true,
	"小时": true, "个小时": true, "分钟": true, "秒": true,
}

// cumulative reports whether an indicator counts or sums something that
// adds up over the years (次, 人, 元, 公里), so that the year's target
// cannot exceed the whole period's: not a rate, a share, a duration, an
// average or a standard.
func cumulative(name, unit string) bool {
	switch {
	case unit == "%" || unit == "‰" || strings.Contains(unit, "百分点") || strings.Contains(unit, "/") || timeUnits[unit]:
		return false
	case strings.HasSuffix(baseName(name), "率") || containsAny(name, "满意度", "比例", "占比", "均", "每", "单位", "标准", "单价", "年限", "时间", "时限"):
		return false
	}
	return true
}

// annualOverMidTerm: the year's target above the whole period's for a
// count or an amount.
func annualOverMidTerm(c *checker) {
	for _, pr := range c.pairs() {
		m, okm := quantOf(pr.mid.ind)
		a, oka := quantOf(pr.ann.ind)
		if !okm || !oka || m.unit != a.unit || !cumulative(pr.ann.ind.Name, a.unit) {
			continue
		}
		if !isLowerBound(m.op) || !isLowerBound(a.op) {
			continue
		}
		if a.v.GreaterThan(m.v) {
			c.addAt(pr.ann.ind, "%s的年度目标 %s 高于中期目标 %s；年度目标是中期目标的一部分，不应超过中期目标，请核对",
				title(pr.ann.ind), a, m)
		}
	}
}

// isLowerBound reports whether an operator sets a target to reach: ≥ > =.
func isLowerBound(op string) bool { return op == ">=" || op == ">" || op == "=" }

// operatorMismatch: the same indicator with different operators in the two
// periods.
func operatorMismatch(c *checker) {
	for _, pr := range c.pairs() {
		m, okm := quantOf(pr.mid.ind)
		a, oka := quantOf(pr.ann.ind)
		if !okm || !oka || m.op == a.op {
			continue
		}
		c.addAt(pr.ann.ind, "%s的中期指标值为 %s，年度指标值为 %s，比较符不一致（%s 与 %s）；同一指标两期应使用相同的比较符，请核对",
			title(pr.ann.ind), m, a, sym(m.op), sym(a.op))
	}
}
