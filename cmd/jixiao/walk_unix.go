//go:build unix

package main

import (
	"errors"
	"io/fs"
	"syscall"
)

// fileID identifies a file on its device.
type fileID struct{ dev, ino uint64 }

func idOf(fi fs.FileInfo) (fileID, bool) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return fileID{}, false
	}
	return fileID{uint64(st.Dev), uint64(st.Ino)}, true
}

// isLoop reports whether err is the system's "too many levels of symbolic
// links", which a link that leads back to itself gives.
func isLoop(err error) bool { return errors.Is(err, syscall.ELOOP) }
