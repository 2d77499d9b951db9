package model

// File statuses in a Report.
const (
	StatusOK      = "ok"      // read, at least one form
	StatusNoForm  = "no_form" // read, no form in it
	StatusFailed  = "failed"  // could not be read; Error says why
	StatusSkipped = "skipped" // not a kind of file jixiao reads
	StatusKnown   = "known"   // an earlier report lists it as ok
)

// Report is the run report written by --report.
type Report struct {
	SchemaVersion int          `json:"schema_version"`
	Tool          string       `json:"tool"`    // "jixiao <version>"
	Args          []string     `json:"args"`    // the command line after "extract"
	Started       string       `json:"started"` // RFC 3339
	Millis        int64        `json:"millis"`
	Interrupted   bool         `json:"interrupted"`
	Totals        Totals       `json:"totals"`
	Files         []FileReport `json:"files"`
}

// Totals counts a run's files by status, and its forms and warnings.
type Totals struct {
	Files    int `json:"files"`
	OK       int `json:"ok"`
	NoForm   int `json:"no_form"`
	Failed   int `json:"failed"`
	Skipped  int `json:"skipped"`
	Known    int `json:"known"`
	Forms    int `json:"forms"`
	Warnings int `json:"warnings"`
}

// FileReport is what happened to one file.
type FileReport struct {
	Path        string  `json:"path"`
	SHA256      *string `json:"sha256"` // null when the file was not read
	Format      *string `json:"format"` // null when unknown
	Status      string  `json:"status"`
	Forms       int     `json:"forms"`
	Warnings    int     `json:"warnings"`
	Error       *string `json:"error"`            // why a file failed
	Reason      string  `json:"reason,omitempty"` // why a file was skipped or known
	DuplicateOf string  `json:"duplicate_of,omitempty"`
	Millis      int64   `json:"millis"`
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
	case StatusSkipped:
		t.Skipped++
	case StatusKnown:
		t.Known++
	}
	t.Forms += f.Forms
	t.Warnings += f.Warnings
}
