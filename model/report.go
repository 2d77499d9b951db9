package model

// File statuses in a Report.
const (
	StatusOK        = "ok"        // read, at least one form
	StatusNoForm    = "no_form"   // read, no form in it
	StatusFailed    = "failed"    // could not be read; Error says why
	StatusSkipped   = "skipped"   // not a kind of file jixiao reads
	StatusKnown     = "known"     // an earlier report lists it as ok
	StatusDuplicate = "duplicate" // its bytes equal an earlier file's (DuplicateOf); its forms are not written again
)

// Output flags, as a Report's Outputs name them.
const (
	OutputForms = "-o"
	OutputRows  = "--rows"
	OutputHTML  = "--html"
)

// Report is the run report written by --report.
type Report struct {
	SchemaVersion int          `json:"schema_version"`
	Tool          string       `json:"tool"`    // "jixiao <version>"
	Args          []string     `json:"args"`    // the command line after "extract"
	Started       string       `json:"started"` // RFC 3339
	Millis        int64        `json:"millis"`
	Interrupted   bool         `json:"interrupted"`
	Outputs       []Output     `json:"outputs"` // the regular files the run wrote, the report aside
	Totals        Totals       `json:"totals"`
	Files         []FileReport `json:"files"`
}

// Output is a regular file a run wrote and renamed into place: what it
// holds when the run ended, so that a later run given this report with
// --skip-known can tell that the file is still the one this run wrote, and
// append to it rather than replace it.
type Output struct {
	Flag   string `json:"flag"`   // OutputForms, OutputRows or OutputHTML
	Path   string `json:"path"`   // absolute
	Bytes  int64  `json:"bytes"`  // its size
	SHA256 string `json:"sha256"` // of its bytes
	Lines  int    `json:"lines"`  // its lines: the forms of -o, the rows of --rows
	Kept   int    `json:"kept"`   // of Lines, those carried over from the earlier run's file (--skip-known)
}

// Totals counts a run's files by status, and its forms, warnings and
// findings. Forms, Warnings and Findings count what the run wrote: a known
// or duplicate file's forms are not written again and count nothing.
type Totals struct {
	Files     int `json:"files"`
	OK        int `json:"ok"`
	NoForm    int `json:"no_form"`
	Failed    int `json:"failed"`
	Skipped   int `json:"skipped"`
	Known     int `json:"known"`
	Duplicate int `json:"duplicate"`
	// Interrupted counts, of the failed files, those abandoned because
	// the run was interrupted; --skip-known reads them again.
	Interrupted    int            `json:"interrupted"`
	Forms          int            `json:"forms"`
	Warnings       int            `json:"warnings"`
	Findings       int            `json:"findings"`
	WarningsByCode map[string]int `json:"warnings_by_code"` // code → warnings
	FindingsByRule map[string]int `json:"findings_by_rule"` // rule → findings
}

// FileReport is what happened to one file.
type FileReport struct {
	Path           string         `json:"path"`
	SHA256         *string        `json:"sha256"` // null when the file was not read
	Format         *string        `json:"format"` // null when unknown
	Status         string         `json:"status"`
	Forms          int            `json:"forms"`
	Warnings       int            `json:"warnings"`
	Findings       int            `json:"findings"`
	WarningsByCode map[string]int `json:"warnings_by_code,omitempty"`
	FindingsByRule map[string]int `json:"findings_by_rule,omitempty"`
	Error          *string        `json:"error"`                 // why a file failed
	Interrupted    bool           `json:"interrupted,omitempty"` // failed: abandoned when the run was interrupted
	Reason         string         `json:"reason,omitempty"`      // why a file was skipped, known or a duplicate
	DuplicateOf    string         `json:"duplicate_of,omitempty"`
	Millis         int64          `json:"millis"`
}

// Add counts f into t.
func (t *Totals) Add(f FileReport) {
	t.Files++
	switch f.Status {
	case StatusOK:
		t.OK++
	case StatusNoForm:
		t.NoForm++
	case StatusFailed:
		t.Failed++
		if f.Interrupted {
			t.Interrupted++
		}
	case StatusSkipped:
		t.Skipped++
	case StatusKnown:
		t.Known++
	case StatusDuplicate:
		t.Duplicate++
	}
	t.Forms += f.Forms
	t.Warnings += f.Warnings
	t.Findings += f.Findings
	t.WarningsByCode = addCounts(t.WarningsByCode, f.WarningsByCode)
	t.FindingsByRule = addCounts(t.FindingsByRule, f.FindingsByRule)
}

func addCounts(to, from map[string]int) map[string]int {
	if to == nil {
		to = map[string]int{}
	}
	for k, n := range from {
		to[k] += n
	}
	return to
}
