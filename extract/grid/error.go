package grid

import (
	"errors"
	"fmt"
)

// Errors a file can fail with. Readers wrap them, with Errorf, in messages
// that say more; the caller wraps those in an *Error naming the file.
var (
	ErrUnsupported = errors.New("not a kind of file jixiao reads")
	ErrEmpty       = errors.New("empty file")
	ErrBinary      = errors.New("binary data, not a text dump")
	ErrLegacy      = errors.New("legacy binary Office format")
	ErrEncrypted   = errors.New("encrypted, password required")
	ErrNoText      = errors.New("no text layer (scanned image?)")
	ErrCorrupt     = errors.New("damaged file")
	ErrTooLarge    = errors.New("file too large")
	ErrTooComplex  = errors.New("too complex to read")
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
	if !e.Pos.IsZero() {
		return fmt.Sprintf("%s: %s: %v", e.Path, e.Pos, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.Path, e.Err)
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// At returns err as an *Error at pos, keeping the position an *Error inside
// err already has, since that one is the more precise.
func At(pos Pos, err error) error {
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	return &Error{Pos: pos, Err: err}
}

// reason is a sentinel with a more precise message.
type reason struct {
	msg string
	err error
}

func (r *reason) Error() string { return r.msg }
func (r *reason) Unwrap() error { return r.err }

// Errorf returns an error that says the formatted message and that
// errors.Is reports as kind, one of the Err values above:
// Errorf(ErrLegacy, "legacy .xls: save as .xlsx"). Errors among the
// arguments are formatted, not wrapped.
func Errorf(kind error, format string, args ...any) error {
	return &reason{msg: fmt.Sprintf(format, args...), err: kind}
}

// kinds are the Err values, in the order Kind tries them.
var kinds = []error{ErrUnsupported, ErrEmpty, ErrBinary, ErrLegacy, ErrEncrypted, ErrNoText, ErrCorrupt, ErrTooLarge, ErrTooComplex, ErrInternal}

// Kind returns the Err value err wraps, or nil when it wraps none (an OS
// error, a cancelled context, a reader's own error).
func Kind(err error) error {
	for _, k := range kinds {
		if errors.Is(err, k) {
			return k
		}
	}
	return nil
}
