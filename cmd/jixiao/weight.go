package main

import (
	"path/filepath"
	"strings"
)

// fileWeight is how many bytes of memory reading a file of size bytes takes
// at its peak, for the sequencer to bound the work in flight by: what the
// file's format holds, as TestFootprints measures it (the peak heap of
// opening the file, reading its forms and encoding them, forms and rows,
// with the Go runtime's default GOGC, so that a peak includes the garbage
// a collection has not yet taken).
//
// A text dump is read as a stream: past a few hundred KB it holds the same
// whatever its size (a window of rows, the forms being read, 1 MB of each
// output before it spills to a temporary file). Measured: 0.3 MB for the
// 5 KB seed, 22–25 MB for 1 MB of it, 26–28 MB for 20 MB (and, in
// scripts/memory.sh, 37 MB of RSS for 200 MB). It is weighed 2 MB plus 40
// times its size, at most 40 MB. A dump that is one huge form holds that
// form: it is not weighed as such.
//
// The other formats are read whole, and take some times their size, per
// byte less as they grow: a workbook (.xlsx) 2.0 MB at 14.5 KB (138 per
// byte), 13.3–15.5 MB at 159 KB (84–97), 60 MB at 916 KB (66); a document
// (.docx) 1.0 MB at 7 KB, 9–13 MB at 268 KB (34–49), 79 MB at 2.6 MB (30);
// a PDF 1.3 MB at 77 KB (17), 13–18 MB at 1.16 MB (11–16); a web page
// 0.7 MB at 80 KB (9), 12.3 MB at 1.6 MB (8); a Word 97–2003 document 0.4
// MB at 51 KB (8); an Excel 97–2003 workbook 0.4 MB at 22 KB (19); an
// Excel 2003 XML one 0.7 MB at 27 KB (26). Each is weighed 2 MB plus a
// factor a quarter or more above the slope of its middle sizes, or above
// its one figure: those two terms exceed every figure above. A file is
// weighed by its name: one whose content is of another format than its
// name says (a PDF named .txt) is weighed as its name says.
func fileWeight(name string, size int64) int64 {
	const base = 2 << 20
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx", ".xlsm":
		return base + 120*size
	case ".xml":
		return base + 32*size
	case ".xls", ".et":
		return base + 24*size
	case ".docx":
		return base + 56*size
	case ".pdf":
		return base + 20*size
	case ".htm", ".html", ".doc", ".wps":
		return base + 12*size
	}
	// Text, and whatever else is read as text when its content says so.
	return min(base+40*size, 40<<20)
}
