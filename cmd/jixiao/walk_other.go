//go:build !unix

package main

import (
	"io/fs"
	"strings"
)

// fileID identifies a file; without inode numbers, files reached twice are
// not recognized and a link loop ends at the operating system's limit.
type fileID struct{}

func idOf(fs.FileInfo) (fileID, bool) { return fileID{}, false }

// isLoop reports whether err says a link leads back to itself; without
// ELOOP, by the wording the system uses.
func isLoop(err error) bool {
	return strings.Contains(err.Error(), "too many levels of symbolic links")
}
