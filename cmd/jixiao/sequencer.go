package main

import (
	"context"
	"sync/atomic"

	"github.com/sourcegraph/conc/stream"
	"golang.org/x/sync/semaphore"
)

// sequencer runs work on a bounded number of workers and hands each piece's
// outcome on in the order the work was added, as gofmt's does: the bytes
// in flight, weighted by what each file takes in memory, are bounded too,
// so that many large files do not fill memory while one slow file holds
// up the ordered output.
type sequencer struct {
	max    int64 // the largest weight in flight
	sem    *semaphore.Weighted
	stream *stream.Stream
}

// newSequencer returns a sequencer of workers workers that keeps at most
// max weight in flight.
func newSequencer(workers int, max int64) *sequencer {
	return &sequencer{max: max, sem: semaphore.NewWeighted(max), stream: stream.New().WithMaxGoroutines(workers)}
}

// Add waits until weight is free (a weight over the limit counts as the
// limit), then runs work on a worker. The function work returns is called
// in the order of the calls to Add, one at a time. The weight stays taken
// until that function has returned and work has called its done argument,
// which it must call exactly once, when the memory it stands for is let go:
// work that hands a file to a reader it then stops waiting for (a file
// over its time limit) calls done only when the reader returns.
//
// Add fails only when ctx ends while it waits.
func (s *sequencer) Add(ctx context.Context, weight int64, work func(done func()) func()) error {
	weight = min(max(weight, 1), s.max)
	if err := s.sem.Acquire(ctx, weight); err != nil {
		return err
	}
	var left atomic.Int32
	left.Store(2)
	release := func() {
		if left.Add(-1) == 0 {
			s.sem.Release(weight)
		}
	}
	s.stream.Go(func() stream.Callback {
		var once atomic.Bool
		emit := work(func() {
			if once.CompareAndSwap(false, true) {
				release()
			}
		})
		return func() {
			defer release()
			emit()
		}
	})
	return nil
}

// Wait waits for all work added to be done and its outcomes handed on.
func (s *sequencer) Wait() { s.stream.Wait() }
