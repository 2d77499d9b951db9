package main

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// job is one file to read, or one entry of the walk to report.
type job struct {
	path   string // as reached from the command line, slash-separated
	osPath string
	size   int64
	stdin  bool
	err    error  // the entry could not be reached: failed
	skip   string // why the entry is not read: skipped
	dupOf  string // the path the same file was reached at before
}

// walker walks the command line's paths in order, each directory in
// lexical order, and hands every entry to fn.
type walker struct {
	ctx    context.Context
	follow bool // follow links to directories
	fn     func(job) error
	// dirs holds the directories walked, so that no directory is walked
	// twice; open those on the path from the root to the current one, so
	// that a link back to one of them is seen as a loop.
	dirs map[fileID]string
	open map[fileID]bool
	// files holds the files read, so that a file reached twice (through a
	// link, a hard link or overlapping arguments) is read once.
	files map[fileID]string
	// own holds the run's own output files, which are not inputs.
	own map[fileID]bool
}

// walk calls fn for every entry of paths; it stops when fn fails or ctx
// ends.
// Files named in own (the run's outputs) are passed over in silence.
func walk(ctx context.Context, paths []string, follow bool, own []string, fn func(job) error) error {
	w := &walker{ctx: ctx, follow: follow, fn: fn, dirs: map[fileID]string{}, open: map[fileID]bool{}, files: map[fileID]string{}, own: map[fileID]bool{}}
	for _, o := range own {
		if fi, err := os.Stat(o); err == nil {
			if id, ok := idOf(fi); ok {
				w.own[id] = true
			}
		}
	}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			return err
		}
		if p == "-" {
			if err := fn(job{path: "-", stdin: true}); err != nil {
				return err
			}
			continue
		}
		fi, err := os.Stat(p) // a link named on the command line is followed
		if err != nil {
			if err := fn(job{path: filepath.ToSlash(p), osPath: p, err: err}); err != nil {
				return err
			}
			continue
		}
		if err := w.entry(p, fi, true); err != nil {
			return err
		}
	}
	return nil
}

// entry handles one path whose (followed) info is fi.
func (w *walker) entry(p string, fi fs.FileInfo, linked bool) error {
	j := job{path: filepath.ToSlash(p), osPath: p}
	id, hasID := idOf(fi)
	if hasID && w.own[id] {
		return nil
	}
	switch {
	case fi.IsDir():
		if !hasID {
			return w.dir(p)
		}
		if first, ok := w.dirs[id]; ok {
			j.skip = "directory already walked as " + first
			if w.open[id] {
				j.skip = "link loop: leads back to " + first
			}
			return w.fn(j)
		}
		w.dirs[id], w.open[id] = j.path, true
		defer delete(w.open, id)
		return w.dir(p)
	case !fi.Mode().IsRegular():
		j.skip = "not a regular file (" + fi.Mode().Type().String() + ")"
	default:
		j.size = fi.Size()
		if hasID {
			if first, ok := w.files[id]; ok {
				j.skip, j.dupOf = "the same file as "+first, first
			} else {
				w.files[id] = j.path
			}
		}
	}
	return w.fn(j)
}

// dir walks a directory's entries in lexical order.
func (w *walker) dir(p string) error {
	entries, err := os.ReadDir(p)
	if err != nil {
		// Report the directory; walk what could be read of it.
		if ferr := w.fn(job{path: filepath.ToSlash(p), osPath: p, err: err}); ferr != nil {
			return ferr
		}
	}
	for _, d := range entries {
		if err := w.ctx.Err(); err != nil {
			return err
		}
		child := filepath.Join(p, d.Name())
		j := job{path: filepath.ToSlash(child), osPath: child}
		name := d.Name()
		switch {
		case d.IsDir() && strings.HasPrefix(name, "."):
			j.skip = "hidden directory"
		case strings.HasPrefix(name, "~$"):
			j.skip = "Office lock file"
		case strings.HasPrefix(name, ".~lock.") && strings.HasSuffix(name, "#"):
			j.skip = "LibreOffice lock file"
		}
		if j.skip != "" {
			if err := w.fn(j); err != nil {
				return err
			}
			continue
		}
		if d.Type()&fs.ModeSymlink != 0 {
			fi, err := os.Stat(child)
			switch {
			case err != nil:
				j.err = linkError(err)
			case fi.IsDir() && !w.follow:
				j.skip = "link to a directory, not followed (use --follow)"
			default:
				if err := w.entry(child, fi, true); err != nil {
					return err
				}
				continue
			}
			if err := w.fn(j); err != nil {
				return err
			}
			continue
		}
		fi, err := d.Info()
		if err != nil {
			j.err = err // removed while walking
			if err := w.fn(j); err != nil {
				return err
			}
			continue
		}
		if err := w.entry(child, fi, false); err != nil {
			return err
		}
	}
	return nil
}

// linkError says what is wrong with a link that cannot be followed.
func linkError(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("broken link: its target does not exist")
	case isLoop(err):
		return errors.New("link loop: the link leads back to itself")
	}
	return err
}
