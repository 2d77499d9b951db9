package review

import "github.com/jixiao/jixiao/model"

// family is a level-1 family every project's targets must have.
type family struct {
	code, name string
	// l2 are the level-2 codes that stand for the family where the form
	// files them under another level-1 (Guangdong's 效果指标 holds
	// 社会公众或服务对象满意度指标).
	l2 []string
}

var families = []family{
	{"output", "产出指标", []string{"quantity", "quality", "timeliness"}},
	{"benefit", "效益指标", []string{"economic", "social", "ecological", "sustainability"}},
	{"satisfaction", "满意度指标", []string{"satisfaction"}},
}

// in reports whether a period has a family: a level-1 of its code, or a
// level-2 of one of its level-2 codes.
func (fam family) in(levels []model.Level1) bool {
	for _, l1 := range levels {
		if l1.Code == fam.code {
			return true
		}
		for _, l2 := range l1.Children {
			for _, c := range fam.l2 {
				if l2.Code == c {
					return true
				}
			}
		}
	}
	return false
}

// level1Missing: a period with indicators but no 产出, 效益 or 满意度
// family.
func level1Missing(c *checker) {
	for _, p := range c.periods() {
		if count(p.levels) == 0 {
			continue
		}
		for _, fam := range families {
			if !fam.in(p.levels) {
				c.add("", "%s绩效指标缺少一级指标「%s」；请按模板补充该类指标", p.name, fam.name)
			}
		}
	}
}

// noCostIndicator: no cost heading anywhere in a form with indicators.
func noCostIndicator(c *checker) {
	ps := c.periods()
	if count(ps[0].levels)+count(ps[1].levels) == 0 {
		return
	}
	for _, p := range ps {
		for _, l1 := range p.levels {
			if l1.Code == "cost" {
				return
			}
			for _, l2 := range l1.Children {
				if costCodes[l2.Code] {
					return
				}
			}
		}
	}
	c.add("", "绩效指标中没有成本指标（一级或二级）；请补充反映项目成本控制的指标（如单位成本、补助标准）")
}

// hasL2 reports whether a period has a level-2 heading of a code.
func hasL2(levels []model.Level1, code string) bool {
	for _, l1 := range levels {
		for _, l2 := range l1.Children {
			if l2.Code == code {
				return true
			}
		}
	}
	return false
}

// noQuantityQuality: a period with indicators and an 产出 family but no
// 数量指标 or no 质量指标 heading.
func noQuantityQuality(c *checker) {
	for _, p := range c.periods() {
		if count(p.levels) == 0 || !families[0].in(p.levels) {
			continue
		}
		for _, h := range []struct{ code, name string }{{"quantity", "数量指标"}, {"quality", "质量指标"}} {
			if !hasL2(p.levels, h.code) {
				c.add("", "%s绩效指标没有「%s」；产出指标应至少包括数量和质量指标，请补充", p.name, h.name)
			}
		}
	}
}

// requiredCodes are the level-2 headings that a template requires to be
// filled.
var requiredCodes = map[string]bool{
	"quantity": true, "quality": true, "timeliness": true, "cost": true, "economic_cost": true,
	"social": true, "satisfaction": true,
}

// requiredFamilies are the level-1 codes whose heading must hold at least
// one indicator.
var requiredFamilies = map[string]bool{"output": true, "benefit": true, "satisfaction": true, "cost": true}

// requiredHeadingEmpty: in a period whose other headings are filled, a
// required heading left with no indicator.
func requiredHeadingEmpty(c *checker) {
	for _, p := range c.periods() {
		if count(p.levels) == 0 {
			continue
		}
		// A code is filled where any heading of it is: a self-evaluation's
		// empty 经济效益指标 left under 满意度指标 is coded satisfaction
		// there, beside the 服务对象满意度指标 that holds the indicators.
		filled := map[string]bool{}
		for _, e := range entries(p.levels) {
			filled[e.l2.Code] = true
		}
		for _, l1 := range p.levels {
			if requiredFamilies[l1.Code] && countL1(l1) == 0 {
				c.add("", "%s绩效指标的一级指标「%s」下没有填写任何指标，而本期其他指标已填写；请补充", p.name, l1.Name)
				continue
			}
			for _, l2 := range l1.Children {
				if requiredCodes[l2.Code] && len(l2.Indicators) == 0 && !filled[l2.Code] {
					c.add("", "%s绩效指标「%s」下的二级指标「%s」没有填写任何指标，而本期其他指标已填写；请补充", p.name, l1.Name, l2.Name)
				}
			}
		}
	}
}

// noQuantitativeIndicator: a period with indicators, none of them
// quantitative.
func noQuantitativeIndicator(c *checker) {
	for _, p := range c.periods() {
		es := entries(p.levels)
		if len(es) == 0 {
			continue
		}
		quantitative := false
		for _, e := range es {
			if _, ok := quantOf(e.ind); ok {
				quantitative = true
				break
			}
		}
		if !quantitative {
			c.add("", "%s绩效指标共 %d 项，没有一项定量指标；请至少为数量、质量、成本指标给出可衡量的数值目标", p.name, len(es))
		}
	}
}

// duplicateIndicator: the same indicator twice under one level-2 heading.
func duplicateIndicator(c *checker) {
	for _, p := range c.periods() {
		for _, l1 := range p.levels {
			for _, l2 := range l1.Children {
				seen := map[string]int{}
				for i := range l2.Indicators {
					ind := &l2.Indicators[i]
					k := key(ind.Name)
					if k == "" {
						continue
					}
					seen[k]++
					if n := seen[k]; n > 1 {
						c.addAt(ind, "%s绩效指标「%s」下的指标%s第 %d 次出现（指标值 %s）；请删除重复的指标或合并其目标值",
							p.name, l2.Name, title(ind), n, value(ind))
					}
				}
			}
		}
	}
}
