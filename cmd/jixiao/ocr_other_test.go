//go:build !linux

package main

import "time"

// cpuTime and peakRSS are measured on Linux only.
func cpuTime() time.Duration { return 0 }

func peakRSS() int64 { return 0 }
