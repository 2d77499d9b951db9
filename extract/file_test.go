package extract

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"
	"github.com/jixiao/jixiao/extract/txt"
)

// TestDetectTextUnderAnyName: a text dump named .pdf, .xlsx, .docx, .xls
// or .doc is read as what it is; random bytes under those names still fail.
func TestDetectTextUnderAnyName(t *testing.T) {
	dump := []byte("项目名称\t某项目\n主管部门\t某局\n")
	for _, name := range []string{"a.pdf", "a.xlsx", "a.docx", "a.xls", "a.doc", "a.xml"} {
		if f, err := Detect(name, dump); f != FormatTXT || err != nil {
			t.Errorf("%s: %s, %v", name, f, err)
		}
		if f, err := Detect(name, []byte{0x01, 0x02, 'a', '\t', 'b', '\n'}); f == FormatTXT || err == nil {
			t.Errorf("%s, binary: %s, %v", name, f, err)
		}
	}
}

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
		{"a.txt", nil, FormatTXT, grid.ErrEmpty, "empty file"},
		{"a.pdf", []byte("%PDF-1.7\n"), FormatPDF, nil, ""},
		{"a.txt", []byte("%PDF-1.4\n%âãÏÓ"), FormatPDF, nil, ""},
		{"a.pdf", []byte("plain text"), FormatPDF, grid.ErrCorrupt, "not a PDF: it does not start with %PDF-"},
		{"a.pdf", []byte("<html>"), FormatHTML, nil, ""},
		{"a.xlsx", []byte("plain text"), FormatXLSX, grid.ErrCorrupt, "not a workbook (.xlsx): it is no zip package"},
		{"a.docx", []byte("plain text"), FormatDOCX, grid.ErrCorrupt, "not a Word document (.docx): it is no zip package"},
		{"a.xlsx", []byte("<html>"), FormatHTML, nil, ""},
		{"a.xlsx", []byte("PK\x03\x04....[Content_Types].xml....xl/workbook.xml"), FormatXLSX, nil, ""},
		{"a.docx", []byte("PK\x03\x04....word/document.xml"), FormatDOCX, nil, ""},
		{"a.zip.xlsx", []byte("PK\x03\x04garbage"), FormatXLSX, nil, ""},
		{"a.xls", ole, FormatXLS, grid.ErrCorrupt, "the compound file has no Workbook stream"},
		{"a.doc", ole, FormatDOC, nil, ""},
		{"a.doc", []byte("plain text"), FormatDOC, grid.ErrCorrupt, "damaged or not a Word 97–2003 document (.doc)"},
		{"a.wps", oleWith("WordDocument", "1Table"), FormatDOC, nil, ""},
		{"a.doc", oleWith("EncryptionInfo", "EncryptedPackage"), FormatDOC, grid.ErrEncrypted, "document is password-protected"},
		{"a.wps", ole, "", grid.ErrLegacy, "WPS .wps document"},
		{"a.xlsx", ole, FormatXLSX, grid.ErrEncrypted, "workbook is password-protected"},
		{"a.docx", ole, FormatDOCX, grid.ErrEncrypted, "document is password-protected"},
		{"a.xls", []byte("plain"), FormatXLS, grid.ErrCorrupt, "damaged or not an Excel 97–2003 workbook (.xls)"},
		{"a.doc", []byte(`{\rtf1\ansi 项目名称}`), "", grid.ErrLegacy, "an RTF document named .doc"},
		{"a.docx", []byte(`{\rtf1\ansi 项目名称}`), "", grid.ErrLegacy, "an RTF document named .docx"},
		{"a.xls", []byte("\ufeff<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><table>"), FormatHTML, nil, ""},
		{"a.xls", []byte("<meta http-equiv=\"Content-Type\" content=\"application/vnd.ms-excel; charset=gb2312\">\n<table>"), FormatHTML, nil, ""},
		{"a.xls", []byte("\r\n\r\n<table border=1><tr><td>项目名称</td></tr></table>"), FormatHTML, nil, ""},
		{"a.doc", []byte("<?xml version=\"1.0\"?>\n<!-- saved -->\n<!DOCTYPE html><html>"), FormatHTML, nil, ""},
		{"a.htm", []byte("\xff\xfe<\x00h\x00t\x00m\x00l\x00>\x00"), FormatHTML, nil, ""},
		{"a.htm", []byte("\xfe\xff\x00<\x00t\x00a\x00b\x00l\x00e\x00>"), FormatHTML, nil, ""},
		{"a.html", []byte("项目名称<br>"), FormatHTML, nil, ""},
		{"a.txt", []byte("<tablet>\tx\n"), FormatTXT, nil, ""},
		{"a.xls", []byte("项目支出绩效目标申报表\r\n<TABLE border=1><TR><TD>项目名称"), FormatHTML, nil, ""},
		{"a.txt", []byte("项目支出绩效目标申报表\r\n<TABLE border=1><TR><TD>项目名称"), FormatTXT, nil, ""},
		{"a.txt", []byte("<table\tx\n"), FormatHTML, nil, ""},
		{"a.xls", []byte("<?xml version=\"1.0\"?>\n<?mso-application progid=\"Excel.Sheet\"?>"), FormatXML, nil, ""},
		{"a.txt", []byte("\xef\xbb\xbf<?xml version=\"1.0\"?>\r\n<Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"), FormatXML, nil, ""},
		{"a.xml", []byte("<?xml version=\"1.0\"?>\n<ss:Workbook xmlns:ss=\"urn:schemas-microsoft-com:office:spreadsheet\">"), FormatXML, nil, ""},
		{"a.xml", []byte("<?xml version=\"1.0\"?>\n<Workbook xmlns=\"urn:example\">"), FormatXML, grid.ErrUnsupported, "an XML file that is no Excel 2003 XML spreadsheet"},
		{"a.doc", []byte("MIME-Version: 1.0\r\n"), "", grid.ErrLegacy, "a web archive (MHT) named .doc"},
		{"a.txt", []byte("<html><body>项目名称</body></html>"), FormatHTML, nil, ""},
		{"a.xlsx", oleWith("EncryptionInfo", "EncryptedPackage"), FormatXLSX, grid.ErrEncrypted, "workbook is password-protected"},
		{"a.docx", oleWith("EncryptionInfo", "EncryptedPackage"), FormatDOCX, grid.ErrEncrypted, "document is password-protected"},
		{"a.xlsx", oleWith("Workbook", "SummaryInformation"), FormatXLS, nil, ""},
		{"a.xlsx", oleWith("Book\x00"), FormatXLS, nil, ""},
		{"a.et", oleWith("Workbook"), FormatXLS, nil, ""},
		{"a.docx", oleWith("WordDocument", "1Table"), FormatDOC, nil, ""},
		{"a.xls", oleWith("Workbook"), FormatXLS, nil, ""},
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
		"e.doc": true, "f.jpg": false, "g.jsonl": false, "h": false, "i.md": false, "j.htm": true, "k.HTML": true, "l.wps": true} {
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
	res, err := File(context.Background(), "dir/seed.txt", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Forms) != 2 || res.Format != FormatTXT || res.Encoding != txt.UTF8 || res.Warnings() == 0 {
		t.Fatalf("%d forms, %q, %q", len(res.Forms), res.Format, res.Encoding)
	}
	for i, f := range res.Forms {
		s := f.Source
		if s.Path != "dir/seed.txt" || s.SHA256 != res.SHA256 || s.FormIndex != i || f.ID != res.SHA256+":"+string(rune('0'+i)) {
			t.Errorf("form %d source %+v id %s", i, s, f.ID)
		}
	}
	if _, err := File(context.Background(), "x.txt", nil, Options{}); !errors.Is(err, grid.ErrEmpty) {
		t.Errorf("empty: %v", err)
	}
	var e *grid.Error
	if _, err := File(context.Background(), "x.pdf", []byte("nope"), Options{}); !errors.As(err, &e) || e.Path != "x.pdf" {
		t.Errorf("an *grid.Error naming the file: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := File(ctx, "x.txt", data, Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}

// TestFileRecoversPanics makes a reader panic: File returns grid.ErrInternal
// with the stack, and does not crash.
func TestFileRecoversPanics(t *testing.T) {
	t.Parallel()
	boom := Options{read: func(context.Context, []byte) ([]*grid.Grid, error) { panic("boom") }}
	res, err := File(context.Background(), "x.txt", []byte("x"), boom)
	if !errors.Is(err, grid.ErrInternal) || !strings.Contains(err.Error(), "boom") || len(res.Stack) == 0 || res.Forms != nil {
		t.Errorf("err %v, stack %d bytes", err, len(res.Stack))
	}
}
