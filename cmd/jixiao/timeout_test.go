package main

import (
	"bytes"
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/jixiao/jixiao/extract"
)

// TestFileTimeoutIsOwnTime: --file-timeout counts a file's own running
// time, from when it has a core, not the time it waits for one. One core
// (GOMAXPROCS 1) is played by a lock each file's reader holds while it
// works, for 60% of the limit: were the eight files' timers started as
// soon as -j 8 gave each a worker, they would queue for the core inside
// their limits and most would time out. Waiting for the core before their
// timers start, none does, and the output is -j 1's. (A lock and a sleep
// stand for the core and the work so that the test holds on a machine
// busy with other work, which makes CPU time come and go.)
func TestFileTimeoutIsOwnTime(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	const limit = 500 * time.Millisecond
	var core sync.Mutex
	slow := func(real readFunc) readFunc {
		return func(ctx context.Context, name string, data []byte) (*extract.Result, error) {
			core.Lock()
			defer core.Unlock()
			select {
			case <-time.After(limit * 6 / 10):
			case <-ctx.Done():
				return nil, ctx.Err()
			}
			return real(ctx, name, data)
		}
	}
	files := map[string][]byte{}
	for i := range 8 {
		files[fmt.Sprintf("f%d.txt", i)] = append(bytes.Clone(seed(t)), fmt.Sprintf("\n%d\n", i)...)
	}
	dir := writeFiles(t, files)
	var outs []string
	for _, j := range []string{"1", "8"} {
		report := filepath.Join(t.TempDir(), "r.json")
		status, stdout, stderr := runReader(t, slow, "-q", "-j", j, "--file-timeout", limit.String(), "--report", report, dir)
		if status != exitOK {
			t.Errorf("-j %s: status %d: %s", j, status, stderr)
		}
		for name, f := range byPath(readReport(t, report), dir) {
			if f.Millis > limit.Milliseconds() {
				t.Errorf("-j %s: %s took %d ms, over the limit", j, name, f.Millis)
			}
		}
		outs = append(outs, stdout)
	}
	if outs[0] != outs[1] || len(lines([]byte(outs[0]))) != 16 {
		t.Errorf("-j 1 wrote %d forms, -j 8 %d", len(lines([]byte(outs[0]))), len(lines([]byte(outs[1]))))
	}
}
