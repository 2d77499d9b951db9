package review

import (
	"fmt"
	"strconv"
)

// span is a range of years a form states, and how it names it.
type span struct {
	from, to int
	label    string
}

func (s span) contains(y int) bool { return s.from <= y && y <= s.to }

// midTermYears returns the years the 中期目标 label states, when it states
// both.
func (c *checker) midTermYears() (span, bool) {
	g := c.f.Goals.MidTerm
	if g == nil || g.StartYear == nil || g.EndYear == nil {
		return span{}, false
	}
	s, e := *g.StartYear, *g.EndYear
	return span{s, e, fmt.Sprintf("中期目标（%d年—%d年）", s, e)}, true
}

// projectDates returns the project's start and end, when it states both.
func (c *checker) projectDates() (start, end date, ok bool) {
	s, ok1 := parseDate(c.f.Project.Start)
	e, ok2 := parseDate(c.f.Project.End)
	return s, e, ok1 && ok2
}

// projectSpan returns the years of the project's start and end.
func (c *checker) projectSpan() (span, bool) {
	s, e, ok := c.projectDates()
	if !ok {
		return span{}, false
	}
	return span{s.year, e.year, "项目起止时间（" + s.text + " 至 " + e.text + "）"}, true
}

// lengthYears returns how many years a project of these dates runs: the
// months it covers, rounded up to years, where both dates name a month
// (2023-07 to 2024-01 is 1, 2022-01 to 2024-12 is 3); else the calendar
// years it touches.
func lengthYears(s, e date) int {
	if s.month > 0 && e.month > 0 {
		months := (e.year-s.year)*12 + e.month - s.month + 1
		return (months + 11) / 12
	}
	return e.year - s.year + 1
}

// periodMismatch: the years of the 中期目标, 项目期, start and end and the
// form's year disagree.
func periodMismatch(c *checker) {
	py := c.f.Project.PeriodYears
	mid, hasMid := c.midTermYears()
	if hasMid {
		switch {
		case mid.from > mid.to:
			c.add("", "%s的起始年 %d 晚于结束年 %d；请更正中期目标的年份", mid.label, mid.from, mid.to)
		case py != nil && *py > 0 && mid.to-mid.from+1 != *py:
			c.add("", "%s共 %d 年，而项目期为 %d 年；请统一中期目标年份与项目期", mid.label, mid.to-mid.from+1, *py)
		}
		if c.f.Year != nil && mid.from <= mid.to && !mid.contains(*c.f.Year) {
			c.add("", "表的年度 %d 不在%s之内；请核对申报年度或中期目标年份", *c.f.Year, mid.label)
		}
	}
	s, e, hasDates := c.projectDates()
	if !hasDates {
		return
	}
	proj, _ := c.projectSpan()
	if s.year > e.year || (s.year == e.year && s.month > e.month && e.month > 0) {
		c.add("", "项目开始时间 %s 晚于结束时间 %s；请更正项目起止时间", s.text, e.text)
		return
	}
	if hasMid {
		if mid.from <= mid.to && (s.year != mid.from || e.year != mid.to) {
			c.add("", "%s与%s的年份不一致；请统一两处的起止年份", proj.label, mid.label)
		}
		return
	}
	if n := lengthYears(s, e); py != nil && *py > 0 && n != *py {
		c.add("", "%s约 %d 年，而项目期为 %d 年；请统一项目起止时间与项目期", proj.label, n, *py)
	}
	if c.f.Year != nil && !proj.contains(*c.f.Year) {
		c.add("", "表的年度 %d 不在%s之内；请核对申报年度或项目起止时间", *c.f.Year, proj.label)
	}
}

// deadlineOutsidePeriod: a 时效指标 whose deadline names a year outside its
// period.
func deadlineOutsidePeriod(c *checker) {
	ps := c.periods()
	var ranges [2]span
	var has [2]bool
	// The mid-term period: the 中期目标's years, else the project's.
	if m, ok := c.midTermYears(); ok && m.from <= m.to {
		ranges[0], has[0] = m, true
	} else if p, ok := c.projectSpan(); ok && p.from <= p.to {
		ranges[0], has[0] = p, true
	}
	// The year's: the form's year, widened to the project's dates where
	// the project runs across years (2023-07 to 2024-01).
	if c.f.Year != nil {
		ranges[1], has[1] = span{*c.f.Year, *c.f.Year, strconv.Itoa(*c.f.Year) + " 年度"}, true
		if p, ok := c.projectSpan(); ok && p.from <= p.to && (p.from < *c.f.Year || p.to > *c.f.Year) {
			ranges[1] = span{min(p.from, *c.f.Year), max(p.to, *c.f.Year), ranges[1].label + "及" + p.label}
		}
	} else if p, ok := c.projectSpan(); ok && p.from <= p.to {
		ranges[1], has[1] = p, true
	}
	for i, p := range ps {
		if !has[i] {
			continue
		}
		for _, e := range entries(p.levels) {
			if e.l2.Code != "timeliness" || e.ind.Text == nil {
				continue
			}
			for _, y := range years(*e.ind.Text) {
				if !ranges[i].contains(y) {
					c.addAt(e.ind, "%s时效指标%s的完成时限「%s」（%d 年）不在%s之内；请核对完成时限",
						p.name, title(e.ind), *e.ind.Text, y, ranges[i].label)
					break
				}
			}
		}
	}
}
