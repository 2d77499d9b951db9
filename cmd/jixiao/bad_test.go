package main

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/model"
)

// bomb writes a zip whose one entry inflates to size bytes of zeros from a
// few hundred kilobytes: a workbook or document that would fill memory.
func bomb(t *testing.T, name, entry string, size int) {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	ct, _ := w.Create("[Content_Types].xml")
	ct.Write([]byte(`<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"></Types>`))
	f, err := w.Create(entry)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte(`<?xml version="1.0"?><x>`))
	zeros := make([]byte, 1<<20)
	for range size >> 20 {
		f.Write(zeros)
	}
	w.Close()
	if err := os.WriteFile(name, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(from, "*"))
	os.MkdirAll(to, 0o755)
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(to, filepath.Base(n)), b, 0o644)
	}
}

// TestBadFiles runs a directory of good forms and every kind of bad input:
// each bad file gets its status and a message that names the problem, the
// run's status is 1, and the good files' output is byte for byte what a
// run without the bad files writes.
func TestBadFiles(t *testing.T) {
	dir := t.TempDir()
	good, bad := filepath.Join(dir, "good"), filepath.Join(dir, "bad")
	copyTree(t, "../../fixtures/txt", good)
	copyTree(t, "../../fixtures/bad", bad)
	bomb(t, filepath.Join(bad, "bomb.xlsx"), "xl/worksheets/sheet1.xml", 600<<20)
	bomb(t, filepath.Join(bad, "bomb.docx"), "word/document.xml", 600<<20)
	legacy, err := os.ReadFile(filepath.Join(bad, "legacy.doc"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(bad, "truncated.doc"), legacy[:len(legacy)/2], 0o644)
	if fib := bytes.Index(legacy, []byte{0xEC, 0xA5}); fib > 0 { // the FIB's flags: fEncrypted
		enc := append([]byte(nil), legacy...)
		enc[fib+0x0B] |= 0x01
		os.WriteFile(filepath.Join(bad, "encrypted.doc"), enc, 0o644)
	}
	// legacy.xls is an Excel 97–2003 workbook with a form, read now: the
	// bad directory keeps only a damaged copy of it.
	xlsBook, err := os.ReadFile(filepath.Join(bad, "legacy.xls"))
	if err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(bad, "legacy.xls"))
	os.WriteFile(filepath.Join(bad, "truncated.xls"), xlsBook[:len(xlsBook)/2], 0o644)
	os.Symlink("loop-b.txt", filepath.Join(bad, "loop-a.txt"))
	os.Symlink("loop-a.txt", filepath.Join(bad, "loop-b.txt"))
	unreadable := filepath.Join(bad, "unreadable.txt")
	if os.Geteuid() == 0 {
		os.Symlink("/proc/self/mem", unreadable) // root reads any mode; this fails when read
	} else {
		os.WriteFile(unreadable, seed(t), 0)
	}

	out, report := filepath.Join(t.TempDir(), "all.jsonl"), filepath.Join(t.TempDir(), "r.json")
	status, _, stderr := runCLI(t, "", "extract", "-q", "-o", out, "--report", report, dir)
	if status != exitFailed {
		t.Errorf("status %d, want %d: %s", status, exitFailed, stderr)
	}
	got := byPath(readReport(t, report), dir)
	wants := map[string]struct{ status, says string }{
		"bad/empty.txt":        {model.StatusFailed, "empty file"},
		"bad/empty.xlsx":       {model.StatusFailed, "empty file"},
		"bad/empty.pdf":        {model.StatusFailed, "empty file"},
		"bad/empty.docx":       {model.StatusFailed, "empty file"},
		"bad/random.txt":       {model.StatusFailed, "binary data, not a text dump"},
		"bad/random.xlsx":      {model.StatusFailed, "not a workbook (.xlsx)"},
		"bad/random.pdf":       {model.StatusFailed, "not a PDF"},
		"bad/random.docx":      {model.StatusFailed, "not a Word document (.docx)"},
		"bad/truncated.pdf":    {model.StatusFailed, "damaged"},
		"bad/scanned.pdf":      {model.StatusFailed, "no text layer (scanned image?)"},
		"bad/password.pdf":     {model.StatusFailed, "encrypted, password required"},
		"bad/garbage-zip.xlsx": {model.StatusFailed, "damaged"},
		"bad/garbage-zip.docx": {model.StatusFailed, "damaged"},
		"bad/bomb.xlsx":        {model.StatusFailed, "limit"},
		"bad/bomb.docx":        {model.StatusFailed, "limit"},
		"bad/truncated.xls":    {model.StatusFailed, "not an Excel 97–2003 workbook"}, // its directory is cut off with the rest
		"bad/legacy.doc":       {model.StatusNoForm, ""},                              // a one-line Word 97–2003 document, read
		"bad/empty.doc":        {model.StatusFailed, "empty file"},
		"bad/random.doc":       {model.StatusFailed, "damaged or not a Word 97–2003 document (.doc)"},
		"bad/truncated.doc":    {model.StatusFailed, "damaged Word 97–2003 document"},
		"bad/encrypted.doc":    {model.StatusFailed, "password-protected (encrypted Word 97–2003 document)"},
		"bad/empty.html":       {model.StatusFailed, "empty file"},
		"bad/random.html":      {model.StatusFailed, "binary data, not a web page"},
		"bad/password.xlsx":    {model.StatusFailed, "workbook is password-protected"},
		"bad/~$lock-file.xlsx": {model.StatusSkipped, "Office lock file"},
		"bad/photo.jpg":        {model.StatusSkipped, "not a kind of file jixiao reads"},
		"bad/notes.md":         {model.StatusSkipped, "not a kind of file jixiao reads"},
		"bad/loop-a.txt":       {model.StatusFailed, "link loop"},
		"bad/loop-b.txt":       {model.StatusFailed, "link loop"},
		"bad/unreadable.txt":   {model.StatusFailed, ""},
	}
	for path, w := range wants {
		f, ok := got[path]
		if !ok {
			t.Errorf("%s: not in the report", path)
			continue
		}
		said := errText(f) + f.Reason
		if f.Status != w.status || !strings.Contains(said, w.says) || (f.Status == model.StatusFailed && said == "") {
			t.Errorf("%s: %s %q; want %s %q", path, f.Status, said, w.status, w.says)
		}
		t.Logf("%-22s %-8s %s", path, f.Status, said)
	}

	// The good files come out as if the bad ones were not there.
	alone := filepath.Join(t.TempDir(), "good.jsonl")
	if s, _, e := runCLI(t, "", "extract", "-q", "-o", alone, good); s != exitOK {
		t.Fatalf("good files alone: status %d: %s", s, e)
	}
	a, _ := os.ReadFile(out)
	b, _ := os.ReadFile(alone)
	if len(b) == 0 || !bytes.Equal(a, b) {
		t.Errorf("the good files' output changed with the bad files beside them (%d vs %d bytes)", len(a), len(b))
	}
}
