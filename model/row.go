package model

// Period names as they appear in a Row.
const (
	PeriodMidTerm = "mid_term"
	PeriodAnnual  = "annual"
)

// Row is one indicator, denormalized with its form's facts: a line of
// --rows, so a warehouse loads every indicator as one table.
type Row struct {
	FormID         string  `json:"form_id"`
	SourcePath     string  `json:"source_path"`
	FormType       string  `json:"form_type"`
	Year           *int    `json:"year"`
	DepartmentCode *string `json:"department_code"`
	Department     *string `json:"department"`
	ProjectName    *string `json:"project_name"`
	ProjectKey     *string `json:"project_key"`
	Period         string  `json:"period"`
	Level1         string  `json:"level1"`
	Level1Code     string  `json:"level1_code"`
	Level2         string  `json:"level2"`
	Level2Code     string  `json:"level2_code"`
	Position       int     `json:"position"` // 0-based order inside its period
	Name           string  `json:"name"`
	Raw            string  `json:"raw"`
	Operator       *string `json:"operator"`
	Value          *Number `json:"value"`
	Unit           *string `json:"unit"`
	Text           *string `json:"text"`
	Core           bool    `json:"core"`
	Weight         *Number `json:"weight"`
	Note           *string `json:"note"`
	Where          Where   `json:"where"`
	ActualRaw      *string `json:"actual_raw"`
	ActualOperator *string `json:"actual_operator"`
	ActualValue    *Number `json:"actual_value"`
	ActualUnit     *string `json:"actual_unit"`
	ActualText     *string `json:"actual_text"`
	Score          *Number `json:"score"`
	Extra          Extra   `json:"extra"`
}

// Rows flattens f's indicators, mid-term first, each period in form order.
func (f *Form) Rows() []Row {
	n := 0
	for _, l1s := range [][]Level1{f.Indicators.MidTerm, f.Indicators.Annual} {
		for _, l1 := range l1s {
			for _, l2 := range l1.Children {
				n += len(l2.Indicators)
			}
		}
	}
	rows := make([]Row, 0, n)
	for _, p := range []struct {
		name string
		l1s  []Level1
	}{{PeriodMidTerm, f.Indicators.MidTerm}, {PeriodAnnual, f.Indicators.Annual}} {
		pos := 0
		for _, l1 := range p.l1s {
			for _, l2 := range l1.Children {
				for _, in := range l2.Indicators {
					r := Row{
						FormID:         f.ID,
						SourcePath:     f.Source.Path,
						FormType:       f.FormType,
						Year:           f.Year,
						DepartmentCode: f.Project.DepartmentCode,
						Department:     f.Project.Department,
						ProjectName:    f.Project.Name,
						ProjectKey:     f.Project.Key,
						Period:         p.name,
						Level1:         l1.Name,
						Level1Code:     l1.Code,
						Level2:         l2.Name,
						Level2Code:     l2.Code,
						Position:       pos,
						Name:           in.Name,
						Raw:            in.Raw,
						Operator:       in.Operator,
						Value:          in.Value,
						Unit:           in.Unit,
						Text:           in.Text,
						Core:           in.Core,
						Weight:         in.Weight,
						Note:           in.Note,
						Where:          in.Where,
						Score:          in.Score,
						Extra:          in.Extra,
					}
					if a := in.Actual; a != nil {
						raw := a.Raw
						r.ActualRaw, r.ActualOperator, r.ActualValue, r.ActualUnit, r.ActualText = &raw, a.Operator, a.Value, a.Unit, a.Text
					}
					rows = append(rows, r)
					pos++
				}
			}
		}
	}
	return rows
}
