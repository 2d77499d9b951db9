package extract

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

func TestDetect(t *testing.T) {
	ole := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0, 0, 0}
	tests := []struct {
		name   string
		data   []byte
		format string
		err    error
		msg    string
	}{
		{"a.txt", []byte("项目名称\tx\n"), FormatTXT, nil, ""},
		{"a.TSV", []byte("x"), FormatTXT, nil, ""},
		{"-", []byte("x"), FormatTXT, nil, ""},
		{"a.txt", nil, FormatTXT, ErrEmpty, "empty file"},
		{"a.pdf", []byte("%PDF-1.7\n"), FormatPDF, nil, ""},
		{"a.txt", []byte("%PDF-1.4\n%âãÏÓ"), FormatPDF, nil, ""},
		{"a.pdf", []byte("<html>"), FormatPDF, ErrCorrupt, "not a PDF: it does not start with %PDF-"},
		{"a.xlsx", []byte("plain text"), FormatXLSX, ErrCorrupt, "not a workbook (.xlsx): it is no zip package"},
		{"a.docx", []byte("plain text"), FormatDOCX, ErrCorrupt, "not a Word document (.docx): it is no zip package"},
		{"a.xlsx", []byte("<html>"), "", ErrLegacy, "a web page (HTML) named .xlsx"},
		{"a.xlsx", []byte("PK\x03\x04....[Content_Types].xml....xl/workbook.xml"), FormatXLSX, nil, ""},
		{"a.docx", []byte("PK\x03\x04....word/document.xml"), FormatDOCX, nil, ""},
		{"a.zip.xlsx", []byte("PK\x03\x04garbage"), FormatXLSX, nil, ""},
		{"a.xls", ole, "", ErrLegacy, "legacy .xls: save as .xlsx"},
		{"a.doc", ole, "", ErrLegacy, "legacy .doc: save as .docx"},
		{"a.wps", ole, "", ErrLegacy, "WPS .wps document"},
		{"a.xlsx", ole, FormatXLSX, ErrEncrypted, "workbook is password-protected"},
		{"a.docx", ole, FormatDOCX, ErrEncrypted, "document is password-protected"},
		{"a.xls", []byte("plain"), "", ErrCorrupt, "legacy .xls"},
		{"a.doc", []byte(`{\rtf1\ansi 项目名称}`), "", ErrLegacy, "an RTF document named .doc"},
		{"a.docx", []byte(`{\rtf1\ansi 项目名称}`), "", ErrLegacy, "an RTF document named .docx"},
		{"a.xls", []byte("\ufeff<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table>"), "", ErrLegacy, "a web page (HTML) named .xls"},
		{"a.xls", []byte("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>"), "", ErrLegacy, "an Excel 2003 XML spreadsheet named .xls"},
		{"a.doc", []byte("MIME-Version: 1.0\r\n"), "", ErrLegacy, "a web archive (MHT) named .doc"},
		{"a.txt", []byte("<html><body>项目名称</body></html>"), FormatTXT, nil, ""},
		{"a.xlsx", oleWith("EncryptionInfo", "EncryptedPackage"), FormatXLSX, ErrEncrypted, "workbook is password-protected"},
		{"a.docx", oleWith("EncryptionInfo", "EncryptedPackage"), FormatDOCX, ErrEncrypted, "document is password-protected"},
		{"a.xlsx", oleWith("Workbook", "SummaryInformation"), "", ErrLegacy, "legacy .xls (named .xlsx): save as .xlsx"},
		{"a.xlsx", oleWith("Book\x00"), "", ErrLegacy, "legacy .xls (named .xlsx)"},
		{"a.docx", oleWith("WordDocument", "1Table"), "", ErrLegacy, "legacy .doc (named .docx): save as .docx"},
		{"a.xls", oleWith("Workbook"), "", ErrLegacy, "legacy .xls: save as .xlsx"},
	}
	for _, tt := range tests {
		f, err := Detect(tt.name, tt.data)
		if f != tt.format || !errors.Is(err, tt.err) || (err != nil && !strings.Contains(err.Error(), tt.msg)) {
			t.Errorf("Detect(%s, %.12q) = %q, %v; want %q, %v %q", tt.name, tt.data, f, err, tt.format, tt.err, tt.msg)
		}
	}
}

// oleWith returns the start of an OLE2 compound file whose directory names
// the streams, as a legacy or encrypted Office file's does.
func oleWith(streams ...string) []byte {
	b := []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
	b = append(b, make([]byte, 512-len(b))...)
	for _, s := range streams {
		entry := make([]byte, 128) // a directory entry: the name in UTF-16LE first
		for i := 0; i < len(s); i++ {
			entry[2*i] = s[i]
		}
		b = append(b, entry...)
	}
	return b
}

func TestClaims(t *testing.T) {
	for name, want := range map[string]bool{"a.txt": true, "A.XLSX": true, "b.pdf": true, "c.docx": true, "d.xls": true,
		"e.doc": true, "f.jpg": false, "g.jsonl": false, "h": false, "i.md": false} {
		if Claims(name) != want {
			t.Errorf("Claims(%s) = %v", name, !want)
		}
	}
}

func TestFile(t *testing.T) {
	data, err := os.ReadFile("../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		t.Fatal(err)
	}
	res, err := File(context.Background(), "dir/seed.txt", data)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Forms) != 2 || res.Format != FormatTXT || res.Encoding != UTF8 || res.Warnings() == 0 {
		t.Fatalf("%d forms, %q, %q", len(res.Forms), res.Format, res.Encoding)
	}
	for i, f := range res.Forms {
		s := f.Source
		if s.Path != "dir/seed.txt" || s.SHA256 != res.SHA256 || s.FormIndex != i || f.ID != res.SHA256+":"+string(rune('0'+i)) {
			t.Errorf("form %d source %+v id %s", i, s, f.ID)
		}
	}
	if _, err := File(context.Background(), "x.txt", nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	var e *Error
	if _, err := File(context.Background(), "x.pdf", []byte("nope")); !errors.As(err, &e) || e.Path != "x.pdf" {
		t.Errorf("an *Error naming the file: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := File(ctx, "x.txt", data); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestFileRecoversPanics makes a reader panic: File returns ErrInternal
// with the stack, and does not crash.
func TestFileRecoversPanics(t *testing.T) {
	real := readers[FormatTXT]
	t.Cleanup(func() { readers[FormatTXT] = real })
	readers[FormatTXT] = func(context.Context, []byte) ([]*Grid, string, error) { panic("boom") }
	res, err := File(context.Background(), "x.txt", []byte("x"))
	if !errors.Is(err, ErrInternal) || !strings.Contains(err.Error(), "boom") || len(res.Stack) == 0 || res.Forms != nil {
		t.Errorf("err %v, stack %d bytes", err, len(res.Stack))
	}
}

func TestPos(t *testing.T) {
	for _, tt := range []struct {
		p    Pos
		want string
	}{
		{Pos{Line: 12}, "line 12"},
		{Pos{Sheet: "Sheet1", Ref: "B12"}, "Sheet1!B12"},
		{Pos{Sheet: "绩效 目标", Ref: "A1"}, "'绩效 目标'!A1"},
		{Pos{Page: 2}, "page 2"},
		{Pos{Page: 2, Box: &Box{X0: 72, Y0: 100, X1: 200, Y1: 712.4}}, "page 2 at (72, 712)"},
		{Pos{Table: 1, TableRow: 5}, "table 1, row 5"},
		{Pos{Table: 2}, "table 2"},
		{Pos{Paragraph: 3}, "paragraph 3"},
		{Pos{}, "?"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
	for _, tt := range []struct {
		r, c int
		want string
	}{{0, 0, "A1"}, {11, 1, "B12"}, {0, 25, "Z1"}, {0, 26, "AA1"}, {9, 701, "ZZ10"}, {0, 702, "AAA1"}} {
		if got := CellName(tt.r, tt.c); got != tt.want {
			t.Errorf("CellName(%d, %d) = %s, want %s", tt.r, tt.c, got, tt.want)
		}
	}
}
