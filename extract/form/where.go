package form

import (
	"math"

	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/model"
)

// where says where an indicator's row stands, in the terms of its file's
// format: the line of a text dump, the value's cell of a workbook (the
// name's when there is no value), the row's box on a PDF page, the row of
// a document's table.
func where(l *line, val, name *token) model.Where {
	at := val
	if at == nil {
		at = name
	}
	var w model.Where
	rp := l.row.Pos
	switch {
	case rp.Line > 0:
		w.Line = rp.Line
	case at != nil && at.cell.Pos.Ref != "":
		w.Sheet, w.Cell = at.cell.Pos.Sheet, at.cell.Pos.Ref
	case rp.Sheet != "" || rp.Ref != "":
		w.Sheet, w.Cell = rp.Sheet, rp.Ref
	case rp.Table > 0:
		w.Table, w.Row = rp.Table, rp.TableRow
	}
	if w != (model.Where{}) {
		return w
	}
	// A PDF row: the box around its cells on the page of its first cell,
	// leaving out cells merged down over other rows (a level-1 heading)
	// where the row has cells of its own.
	own := false
	for _, c := range l.row.Cells {
		own = own || c.RowSpan <= 1 && c.Pos.Box != nil
	}
	page, box := 0, grid.Box{}
	for _, c := range l.row.Cells {
		if c.Pos.Page == 0 || c.Pos.Box == nil || page != 0 && c.Pos.Page != page || own && c.RowSpan > 1 {
			continue
		}
		b := *c.Pos.Box
		if page == 0 {
			page, box = c.Pos.Page, b
			continue
		}
		box = grid.Box{X0: min(box.X0, b.X0), Y0: min(box.Y0, b.Y0), X1: max(box.X1, b.X1), Y1: max(box.Y1, b.Y1)}
	}
	if page == 0 {
		if at != nil && at.cell.Pos.Table > 0 {
			w.Table, w.Row = at.cell.Pos.Table, at.cell.Pos.TableRow
		} else if rp.Page > 0 {
			w.Page = rp.Page
		}
		return w
	}
	w.Page = page
	w.Box = &[4]model.Number{tenth(box.X0), tenth(box.Y0), tenth(box.X1), tenth(box.Y1)}
	return w
}

// tenth rounds a coordinate to 0.1 point, exactly as a decimal.
func tenth(f float64) model.Number {
	return model.Number{Decimal: decimal.NewFromFloat(math.Round(f*10) / 10).Round(1)}
}
