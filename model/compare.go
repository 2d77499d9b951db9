package model

// Comparison is one self-evaluation set beside the target form of the same
// project and year: a line of "jixiao compare".
type Comparison struct {
	SelfEvaluation string   `json:"self_evaluation"` // the self-evaluation's form id
	Target         *string  `json:"target"`          // the target form's id; null when there is none, or more than one
	Status         string   `json:"status"`          // paired, missing or ambiguous
	Candidates     []string `json:"candidates"`      // for ambiguous: the ids of the target forms that match
	Key            string   `json:"key"`             // what the pair was made by
	Year           *int     `json:"year"`
	Department     *string  `json:"department"`
	ProjectName    *string  `json:"project_name"`
	Indicators     []Pair   `json:"indicators"`
}

// Comparison statuses.
const (
	PairPaired    = "paired"
	PairMissing   = "missing"   // no target form of the project and year
	PairAmbiguous = "ambiguous" // more than one
)

// Pair is one indicator in a comparison: its target, what was achieved and
// whether that met the target.
type Pair struct {
	Side    string  `json:"side"` // both, target_only or self_evaluation_only
	Period  string  `json:"period"`
	Level1  string  `json:"level1"`
	Level2  string  `json:"level2"`
	Name    string  `json:"name"`
	Target  *Value  `json:"target"`  // the target form's value; the self-evaluation's own where there is no target form
	Stated  *Value  `json:"stated"`  // the target as the self-evaluation states it (年度指标值)
	Actual  *Value  `json:"actual"`  // 实际完成值
	Met     string  `json:"met"`     // met, not_met or unknown
	Why     string  `json:"why"`     // why unknown, or why not met
	Score   *Number `json:"score"`   // 得分
	Weight  *Number `json:"weight"`  // 分值
	Changed bool    `json:"changed"` // the self-evaluation states another target than the target form
}

// Results of a pair.
const (
	Met     = "met"
	NotMet  = "not_met"
	Unknown = "unknown"
)

// Sides of a pair.
const (
	SideBoth           = "both"
	SideTarget         = "target_only"
	SideSelfEvaluation = "self_evaluation_only"
)
