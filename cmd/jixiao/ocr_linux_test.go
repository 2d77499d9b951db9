//go:build linux

package main

import (
	"syscall"
	"time"
)

// cpuTime is the CPU time the process has used, its threads' (ONNX
// Runtime's) included: with other work on the machine, a page's wall time
// says less than this.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSS is the process's peak resident memory, in bytes.
func peakRSS() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return int64(ru.Maxrss) << 10 // Linux counts kilobytes
}
