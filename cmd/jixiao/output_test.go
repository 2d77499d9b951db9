package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestOutputFailure: when a write fails (a full disk), commit reports it,
// the temporary file is removed and the earlier file is left as it was.
func TestOutputFailure(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "forms.jsonl")
	os.WriteFile(target, []byte("earlier run\n"), 0o644)
	o, err := create(target, &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	o.WriteString("{}\n")
	o.err = &os.PathError{Op: "write", Path: o.tmp, Err: syscall.ENOSPC} // as a full disk reports it
	err = o.commit()
	if err == nil || !strings.Contains(err.Error(), "no space left on device") || !strings.Contains(err.Error(), target) {
		t.Errorf("commit: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	if b, _ := os.ReadFile(target); string(b) != "earlier run\n" {
		t.Errorf("the earlier file became %q", b)
	}
}

// TestOutputAbort: an aborted output leaves nothing.
func TestOutputAbort(t *testing.T) {
	dir := t.TempDir()
	o, err := create(filepath.Join(dir, "x.jsonl"), &bytes.Buffer{})
	if err != nil {
		t.Fatal(err)
	}
	o.WriteString("half")
	o.abort()
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("left behind: %v", entries)
	}
	var nilOutput *output
	nilOutput.abort() // no --rows: nothing to abort
}
