// Package model defines what jixiao writes: one Form per extracted form
// (a line of -o), one Row per indicator (a line of --rows) and the Report
// of a run (--report). The JSON keys, nulls and number formats are those of
// the output contract, version 2; schema.json is its machine-readable form.
package model

// SchemaVersion is the version of the output contract the types follow.
const SchemaVersion = 2

// Form types, as the contract names them.
const (
	// FormTarget is a project's targets: 项目支出绩效目标申报表, 项目绩效目标表,
	// and the approved 绩效目标批复表 of the same shape.
	FormTarget = "project_performance_target"
	// FormSelfEvaluation is a project's year-end 项目支出绩效自评表.
	FormSelfEvaluation = "project_self_evaluation"
	// FormDepartment is a department's 部门整体支出绩效目标表.
	FormDepartment = "department_performance_target"
)

// Form is one extracted form.
type Form struct {
	SchemaVersion int        `json:"schema_version"`
	ID            string     `json:"id"` // "<sha256 of the file>:<form_index>"
	Source        Source     `json:"source"`
	FormType      string     `json:"form_type"`
	Title         *string    `json:"title"`
	Year          *int       `json:"year"`
	Project       Project    `json:"project"`
	Funds         Funds      `json:"funds"`
	Goals         Goals      `json:"goals"`
	Indicators    Indicators `json:"indicators"`
	Score         *Number    `json:"score"` // 总分, of a self-evaluation
	Findings      []Finding  `json:"findings"`
	Warnings      []Warning  `json:"warnings"`
}

// Source says where a form came from. The fields that do not apply to the
// file's format are absent.
type Source struct {
	Path      string `json:"path"` // as reached from the command line, slash-separated
	SHA256    string `json:"sha256"`
	Format    string `json:"format"`             // txt, xlsx, xls, xml, html, pdf, docx or doc
	Encoding  string `json:"encoding,omitempty"` // txt and html only
	FormIndex int    `json:"form_index"`         // 0-based order inside the file
	Pages     []int  `json:"pages,omitempty"`    // pdf, 1-based
	Sheet     string `json:"sheet,omitempty"`    // workbooks
	Cells     string `json:"cells,omitempty"`    // workbooks, "A1:H40"
	Lines     []int  `json:"lines,omitempty"`    // txt, [first, last], 1-based
	Table     int    `json:"table,omitempty"`    // docx, doc and html, 1-based
}

// Project holds the project facts of the form's header block.
type Project struct {
	Name             *string `json:"name"`
	Category         *string `json:"category"` // "保障运转类" of "保障运转类-…"
	DepartmentCode   *string `json:"department_code"`
	Department       *string `json:"department"`
	ImplementingUnit *string `json:"implementing_unit"`
	Attribute        *string `json:"attribute"`
	PeriodYears      *int    `json:"period_years"`
	Start            *string `json:"start"` // "YYYY", "YYYY-MM" or "YYYY-MM-DD"
	End              *string `json:"end"`
	// Key names the project across years and files: its department's
	// code (else its name) and its name without the category prefix and
	// year (normalize.ProjectKey); null when the form names no project.
	Key *string `json:"key"`
}

// Funds holds the money of the form, always in 元.
type Funds struct {
	Unit       string   `json:"unit"`        // always "元"
	StatedUnit *string  `json:"stated_unit"` // the unit the form states, "万元" or "元"
	MidTerm    *Amounts `json:"mid_term"`
	Annual     *Amounts `json:"annual"`
	Initial    *Amounts `json:"initial"`          // 年初预算数, of a self-evaluation
	Executed   *Amounts `json:"executed"`         // 全年执行数, of a self-evaluation
	Weight     *Number  `json:"weight,omitempty"` // 分值 of 年度资金总额, of a self-evaluation
	Score      *Number  `json:"score,omitempty"`  // 得分 of 年度资金总额, of a self-evaluation
}

// Amounts is one column of the funds block. A blank cell is null.
type Amounts struct {
	Total     *Number `json:"total"`
	Fiscal    *Number `json:"fiscal"`    // 其中：财政拨款
	Other     *Number `json:"other"`     // 其他资金
	Carryover *Number `json:"carryover"` // 上年结转资金
	Items     []Item  `json:"items"`     // every amount stated, in form order
}

// Item is one amount the funds block states, under its label.
type Item struct {
	Label  string  `json:"label"`  // normalized, without 其中:, list numbers and units
	Amount *Number `json:"amount"` // in 元; null when blank
}

// Goals holds the goal texts.
type Goals struct {
	MidTerm *MidTermGoal `json:"mid_term"`
	Annual  *Goal        `json:"annual"`
}

// MidTermGoal is the 中期目标 with the years its label states.
type MidTermGoal struct {
	StartYear *int    `json:"start_year"`
	EndYear   *int    `json:"end_year"`
	Text      *string `json:"text"`
}

// Goal is the 年度目标.
type Goal struct {
	Text   *string `json:"text"`
	Actual *string `json:"actual"` // 实际完成情况, of a self-evaluation
}

// Indicators holds the indicator hierarchies. A period the form does not
// carry is null; a period it carries with no rows is an empty list.
type Indicators struct {
	MidTerm []Level1 `json:"mid_term"`
	Annual  []Level1 `json:"annual"`
}

// Level1 is a 一级指标 heading.
type Level1 struct {
	Name     string   `json:"name"`
	Code     string   `json:"code"`
	Weight   *Number  `json:"weight"` // the score its text carries: 产出指标(50分)
	Children []Level2 `json:"children"`
}

// Level2 is a 二级指标 heading; it is kept even when no indicator is listed
// under it.
type Level2 struct {
	Name       string      `json:"name"`
	Code       string      `json:"code"`
	Weight     *Number     `json:"weight"`
	Indicators []Indicator `json:"indicators"`
}

// Indicator is a 三级指标 and its 指标值.
type Indicator struct {
	Name     string  `json:"name"`
	Raw      string  `json:"raw"`      // the value as the source has it
	Operator *string `json:"operator"` // >=, <=, >, <, = ; null when qualitative
	Value    *Number `json:"value"`    // in Unit; null when qualitative
	Unit     *string `json:"unit"`
	Text     *string `json:"text"` // the value when qualitative
	Core     bool    `json:"core"` // marked ★
	Weight   *Number `json:"weight"`
	Note     *string `json:"note"`
	Actual   *Value  `json:"actual"` // 实际完成值, of a self-evaluation
	Score    *Number `json:"score"`  // 得分, of a self-evaluation
	Extra    Extra   `json:"extra"`  // the columns no other key holds
	Where    Where   `json:"where"`
}

// Value is a value parsed on its own, like an indicator's: an actual value
// of a self-evaluation.
type Value struct {
	Raw      string  `json:"raw"`
	Operator *string `json:"operator"`
	Value    *Number `json:"value"`
	Unit     *string `json:"unit"`
	Text     *string `json:"text"`
}

// Where says where an indicator's row stands in its file; only the keys
// of its format are written.
type Where struct {
	Line  int        `json:"line,omitempty"`  // txt
	Sheet string     `json:"sheet,omitempty"` // workbooks
	Cell  string     `json:"cell,omitempty"`  // workbooks: the value's cell
	Page  int        `json:"page,omitempty"`  // pdf
	Box   *[4]Number `json:"box,omitempty"`   // pdf: x0, y0, x1, y1 in points from the lower left
	Table int        `json:"table,omitempty"` // docx, html
	Row   int        `json:"row,omitempty"`   // docx, html: 1-based row of the table
}

// Finding is what a reviewer of performance targets would raise about a
// form's content.
type Finding struct {
	Rule     string `json:"rule"`
	Severity string `json:"severity"` // error, warning or info
	Message  string `json:"message"`
	Where    string `json:"where"`
}

// Severities of findings.
const (
	SeverityError   = "error"
	SeverityWarning = "warning"
	SeverityInfo    = "info"
)

// Warning is a problem found, or a repair made, while reading a form.
type Warning struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Where   string `json:"where"` // "line 60", "Sheet1!B12", "page 2"
}

// Warning codes.
const (
	WarnMisalignedRow  = "misaligned_row"  // a row's cells were re-placed by their vocabulary
	WarnDroppedCell    = "dropped_cell"    // a cell no column could take
	WarnTruncatedLabel = "truncated_label" // a label cut short was read as the full one
	WarnMissingLevel   = "missing_level"   // an indicator with no heading above it
	WarnMissingValue   = "missing_value"   // an indicator with no value
	WarnMissingName    = "missing_name"    // a value with no indicator name
	WarnBadAmount      = "bad_amount"      // a funds cell that is not an amount
	WarnFundsMismatch  = "funds_mismatch"  // total ≠ fiscal + other
	WarnAssumedUnit    = "assumed_unit"    // the form states no money unit
	WarnNoIndicators   = "no_indicators"   // a form with no indicator table
	WarnFormula        = "formula"         // a formula cell without a cached value, or one that contradicts its cells
	WarnUnitConflict   = "unit_conflict"   // a unit column that contradicts the value's own unit
	WarnMissingHeader  = "missing_header"  // a header block, funds block or goal that could not be found or read
	WarnEncoding       = "encoding"        // bytes of a text dump repaired: not in its encoding (replaced), NUL (removed), or a line in another encoding
	WarnDamagedPart    = "damaged_part"    // a part of the file's package missing, damaged or held twice, read around
	// WarnOCR is a form read from a scan by OCR (--ocr): one per page, with
	// the mean recognition confidence, and one per cell read with a
	// confidence under the thresholds (a line's, or one character's),
	// quoting the text read, for a person to check against the scan.
	WarnOCR = "ocr"
)
