package review

import (
	"strconv"

	"github.com/jixiao/jixiao/model"
)

// Location formats where an indicator's row stands as the warnings of the
// output write it: "line 12" (txt), "Sheet1!E12" (workbooks), "page 2"
// (pdf), "table 1, row 5" (docx, html). It is "" for a zero Where.
func Location(w model.Where) string {
	switch {
	case w.Line > 0:
		return "line " + strconv.Itoa(w.Line)
	case w.Sheet != "" && w.Cell != "":
		return w.Sheet + "!" + w.Cell
	case w.Cell != "":
		return w.Cell
	case w.Page > 0:
		return "page " + strconv.Itoa(w.Page)
	case w.Table > 0 && w.Row > 0:
		return "table " + strconv.Itoa(w.Table) + ", row " + strconv.Itoa(w.Row)
	case w.Table > 0:
		return "table " + strconv.Itoa(w.Table)
	}
	return ""
}

// formLocation formats where a form stands in its file, for the findings
// about the whole form: "lines 3-36", "Sheet1!A1:H40", "pages 1-2",
// "table 2"; "" when the source says nothing of it.
func formLocation(s model.Source) string {
	span := func(unit string, first, last int) string {
		if first == last {
			return unit + " " + strconv.Itoa(first)
		}
		return unit + "s " + strconv.Itoa(first) + "-" + strconv.Itoa(last)
	}
	switch {
	case len(s.Lines) > 0:
		return span("line", s.Lines[0], s.Lines[len(s.Lines)-1])
	case s.Sheet != "" && s.Cells != "":
		return s.Sheet + "!" + s.Cells
	case s.Sheet != "":
		return s.Sheet
	case len(s.Pages) > 0:
		return span("page", s.Pages[0], s.Pages[len(s.Pages)-1])
	case s.Table > 0:
		return "table " + strconv.Itoa(s.Table)
	}
	return ""
}
