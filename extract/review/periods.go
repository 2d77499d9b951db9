package review

import "github.com/jixiao/jixiao/model"

// period is one of a form's two periods: its indicators and its money.
type period struct {
	name   string // 中期 or 年度, as messages name it
	levels []model.Level1
	funds  *model.Amounts
}

// periods returns the form's mid-term and annual periods, in that order.
func (c *checker) periods() [2]period {
	return [2]period{
		{"中期", c.f.Indicators.MidTerm, c.f.Funds.MidTerm},
		{"年度", c.f.Indicators.Annual, c.f.Funds.Annual},
	}
}

// entry is one indicator with the headings above it.
type entry struct {
	l1  *model.Level1
	l2  *model.Level2
	ind *model.Indicator
}

// entries returns a period's indicators in the form's order.
func entries(levels []model.Level1) []entry {
	var out []entry
	for i := range levels {
		l1 := &levels[i]
		for j := range l1.Children {
			l2 := &l1.Children[j]
			for k := range l2.Indicators {
				out = append(out, entry{l1, l2, &l2.Indicators[k]})
			}
		}
	}
	return out
}

// count returns how many indicators a period lists.
func count(levels []model.Level1) int {
	n := 0
	for _, l1 := range levels {
		n += countL1(l1)
	}
	return n
}

func countL1(l1 model.Level1) int {
	n := 0
	for _, l2 := range l1.Children {
		n += len(l2.Indicators)
	}
	return n
}

// costCodes are the level-2 codes of cost headings.
var costCodes = map[string]bool{"cost": true, "economic_cost": true, "social_cost": true, "ecological_cost": true}

// underCost reports whether an indicator stands under a cost heading: a
// level-1 成本指标 or a level-2 heading with a cost code.
func (e entry) underCost() bool { return e.l1.Code == "cost" || costCodes[e.l2.Code] }

// measurableCodes are the level-2 headings whose targets must be
// measurable: quantity, quality, timeliness and the money of a project.
var measurableCodes = map[string]bool{"quantity": true, "quality": true, "timeliness": true, "cost": true, "economic_cost": true}

// measurable reports whether an indicator stands where a measurable target
// is expected: under 数量/质量/时效/成本/经济成本指标, or under a heading of no
// known code in the 产出 or 成本 family.
func (e entry) measurable() bool {
	if measurableCodes[e.l2.Code] {
		return true
	}
	return e.l2.Code == "other" && (e.l1.Code == "output" || e.l1.Code == "cost")
}

// satisfaction reports whether an indicator is a 满意度: by its headings'
// codes or by its name.
func (e entry) satisfaction() bool {
	return e.l1.Code == "satisfaction" || e.l2.Code == "satisfaction" || containsAny(e.ind.Name, "满意度", "满意率")
}

// heading names an indicator's level-2 heading for a message: 「数量指标」.
func (e entry) heading() string { return "「" + e.l2.Name + "」" }
