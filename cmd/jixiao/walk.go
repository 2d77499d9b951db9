package main

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// job is one file to read.
type job struct {
	path   string // as reached from the command line, slash-separated
	osPath string
	size   int64
	stdin  bool
	err    error // the file could not be reached
}

// walk calls fn for every file of paths, in order: the paths as given, each
// directory walked in lexical order. It stops when fn fails or ctx ends.
func walk(ctx context.Context, paths []string, fn func(job) error) error {
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
		fi, err := os.Stat(p)
		if err != nil {
			if err := fn(job{path: filepath.ToSlash(p), osPath: p, err: err}); err != nil {
				return err
			}
			continue
		}
		if !fi.IsDir() {
			if err := fn(job{path: filepath.ToSlash(p), osPath: p, size: fi.Size()}); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if cerr := ctx.Err(); cerr != nil {
				return cerr
			}
			if err != nil {
				// An unreadable directory or file: its own failure.
				return fn(job{path: filepath.ToSlash(path), osPath: path, err: err})
			}
			if d.IsDir() {
				if path != p && strings.HasPrefix(d.Name(), ".") {
					return filepath.SkipDir // .git and the like
				}
				return nil
			}
			if !d.Type().IsRegular() && d.Type()&fs.ModeSymlink == 0 {
				return nil // devices, sockets, pipes
			}
			j := job{path: filepath.ToSlash(path), osPath: path}
			if info, err := os.Stat(path); err != nil {
				j.err = err
			} else if info.IsDir() {
				return nil // a link to a directory is not followed
			} else {
				j.size = info.Size()
			}
			return fn(j)
		})
		if err != nil {
			return err
		}
	}
	return nil
}
