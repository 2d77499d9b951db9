package extract

import (
	"errors"
	"fmt"
)

// Errors a file can fail with. They are wrapped in an *Error that names the
// file and, where there is one, the position.
var (
	ErrUnsupported = errors.New("not a kind of file jixiao reads")
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary data, not a text dump")
	ErrLegacy      = errors.New("legacy binary Office format")
	ErrEncrypted   = errors.New("encrypted, password required")
	ErrNoText      = errors.New("no text layer (scanned image?)")
	ErrCorrupt     = errors.New("damaged file")
	ErrTooLarge    = errors.New("file too large")
	ErrInternal    = errors.New("internal error")
)

// Error is a file that could not be read: its path, where in it the problem
// is when that is known, and why.
type Error struct {
	Path string
	Pos  Pos   // zero when the problem is the whole file
	Err  error // wraps one of the Err values above, or an OS or reader error
}

// Error formats the error as "path: position: reason", or "path: reason"
// when the problem is the whole file.
func (e *Error) Error() string {
	if e.Pos != (Pos{}) {
		return fmt.Sprintf("%s: %s: %v", e.Path, e.Pos, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// reason wraps a sentinel with a more precise message, keeping errors.Is.
type reason struct {
	msg string
	err error
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.err }

// because returns err with the message msg, as in because(ErrLegacy,
// "legacy .xls: save as .xlsx").
func because(err error, format string, args ...any) error {
	return &reason{msg: fmt.Sprintf(format, args...), err: err}
}
