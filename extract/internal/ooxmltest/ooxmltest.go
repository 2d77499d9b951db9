// Package ooxmltest writes and rewrites small zip packages for the tests
// of the OOXML readers.
package ooxmltest

import (
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/jixiao/jixiao/extract/grid"
)

// Zip writes a zip of the given entries, name and content, in order,
// deflated, with a fixed time: its bytes depend on the entries alone.
func Zip(t testing.TB, entries ...[2]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: e[0], Method: zip.Deflate, Modified: time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := io.WriteString(w, e[1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Entries returns the entries of a zip, name and inflated content, in
// order: to change some and write it again with Zip.
func Entries(t testing.TB, data []byte) [][2]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	out := make([][2]string, 0, len(zr.File))
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, [2]string{f.Name, string(b)})
	}
	return out
}

// WantErr checks that err, a reader's error, is of kind, at pos with no
// path (the reader does not know the file's name), with msg in its text;
// at no position when pos is zero.
func WantErr(t testing.TB, err, kind error, pos grid.Pos, msg string) {
	t.Helper()
	var e *grid.Error
	switch {
	case !errors.Is(err, kind):
		t.Errorf("err = %v, want %v", err, kind)
	case pos.IsZero() && errors.As(err, &e):
		t.Errorf("err = %v at %s, want no position", err, e.Pos)
	case !pos.IsZero() && (!errors.As(err, &e) || e.Pos != pos || e.Path != ""):
		t.Errorf("err = %v, want it at %s with no path", err, pos)
	case !strings.Contains(err.Error(), msg):
		t.Errorf("err = %v, want %q in it", err, msg)
	}
}
