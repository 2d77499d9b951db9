package main

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// TestSequencerOrder: outcomes come in the order of Add, whatever order the
// work finishes in.
func TestSequencerOrder(t *testing.T) {
	t.Parallel()
	s := newSequencer(4, 100)
	var got []int
	for i := range 20 {
		err := s.Add(context.Background(), 1, func(done func()) func() {
			defer done()
			time.Sleep(time.Duration(20-i) * time.Millisecond / 4)
			return func() { got = append(got, i) }
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	s.Wait()
	want := make([]int, 20)
	for i := range want {
		want[i] = i
	}
	if !slices.Equal(got, want) {
		t.Errorf("order %v", got)
	}
}

// TestSequencerHoldsWeightUntilDone: work whose done is called late (a
// reader still running after its file was given up on) keeps its weight
// taken, so the next piece of work over the limit waits for it.
func TestSequencerHoldsWeightUntilDone(t *testing.T) {
	t.Parallel()
	s := newSequencer(2, 10)
	release := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	err := s.Add(context.Background(), 10, func(done func()) func() {
		go func() { // the abandoned reader
			defer wg.Done()
			<-release
			done()
			done() // a second call changes nothing
		}()
		return func() {}
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if err := s.Add(ctx, 5, func(done func()) func() { done(); return func() {} }); err == nil {
		t.Fatal("second Add went ahead while the first one's reader still held its weight")
	}
	close(release)
	wg.Wait()
	if err := s.Add(context.Background(), 50, func(done func()) func() { done(); return func() {} }); err != nil {
		t.Fatal(err) // over the limit: counts as the limit, and the limit is free again
	}
	s.Wait()
}
