package ooxml

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// chunked reads at most n bytes at a time, to move the lexer's buffer
// boundary through every token.
type chunked struct {
	r io.Reader
	n int
}

func (c chunked) Read(p []byte) (int, error) { return c.r.Read(p[:min(len(p), c.n)]) }

// lexed lists the tokens the lexer reads from data, each with the line it
// ends on, and the error it ends with.
func lexed(data []byte, chunk int) ([]string, string) {
	l := newLexer(chunked{bytes.NewReader(data), chunk}, map[string]string{})
	defer l.release()
	if chunk == 1 {
		l.buf = make([]byte, 16) // to grow it
	}
	var out []string
	for {
		t, err := l.next()
		if err != nil {
			return out, errText(err)
		}
		out = append(out, tokenText(t, l.lineNo()))
	}
}

// decoded is lexed by encoding/xml alone.
func decoded(data []byte) ([]string, string) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.CharsetReader = CharsetReader
	var out []string
	for {
		t, err := d.RawToken()
		if err != nil {
			return out, errText(err)
		}
		line, _ := d.InputPos()
		var tok Token
		switch t := t.(type) {
		case xml.StartElement:
			tok = Token{Kind: StartElement, Name: t.Name.Local}
			for _, a := range t.Attr {
				tok.attrs = append(tok.attrs, attr{[]byte(a.Name.Local), []byte(a.Value)})
			}
		case xml.EndElement:
			tok = Token{Kind: EndElement, Name: t.Name.Local}
		case xml.CharData:
			tok = Token{Kind: CharData, Text: t}
		default:
			continue
		}
		out = append(out, tokenText(&tok, line))
	}
}

func tokenText(t *Token, line int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d:", line)
	switch t.Kind {
	case StartElement:
		b.WriteString("<" + t.Name)
		for _, a := range t.attrs {
			fmt.Fprintf(&b, " %s=%q", a.name, a.value)
		}
	case EndElement:
		b.WriteString("</" + t.Name)
	case CharData:
		fmt.Fprintf(&b, "%q", t.Text)
	}
	return b.String()
}

func errText(err error) string {
	if errors.Is(err, io.EOF) {
		return "EOF"
	}
	return err.Error()
}

// sameAsDecoder fails when the lexer reads data otherwise than
// encoding/xml, whatever the size of the reads.
func sameAsDecoder(t *testing.T, data []byte) {
	t.Helper()
	want, wantErr := decoded(data)
	for _, chunk := range []int{1 << 20, 1, 2, 3, 7, 64} {
		if chunk < 64 && len(data) > 4096 {
			continue // a long token read a byte at a time is lexed again at each
		}
		got, gotErr := lexed(data, chunk)
		if gotErr != wantErr || len(got) != len(want) {
			t.Fatalf("reads of %d: %d tokens, %s\nwant %d, %s\n got %q\nwant %q", chunk, len(got), gotErr, len(want), wantErr, got, want)
		}
		for i := range got {
			if got[i] != want[i] {
				t.Fatalf("reads of %d: token %d is %s, want %s", chunk, i, got[i], want[i])
			}
		}
	}
}

// lexerSeeds are XML texts at the lexer's corners and past them.
var lexerSeeds = []string{
	"",
	"<a/>",
	`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\r\n<worksheet xmlns=\"x\" xmlns:r='y'><c r=\"A1\" s = '3' t=\"s\"><v>1</v></c></worksheet>",
	"\ufeff<?xml version='1.0'?><a/>",
	`<?xml version="1.1"?><a/>`,
	`<?xml version="1.0" encoding="GBK"?><a>` + "\xd6\xd0</a>",
	`<?xml version="1.0" encoding="klingon"?><a/>`,
	`<?xml-stylesheet href="a"?><a/>`,
	"<a>x &amp; &lt;&gt;&apos;&quot; &#65;&#x42;&#x10FFFF;&#xD800;</a>",
	"<a>&#0;</a>", "<a>&#x110000;</a>", "<a>&#;</a>", "<a>&#X41;</a>", "<a>&bogus;</a>", "<a>&amp</a>", "<a>&amp x;</a>", "<a>&é;</a>",
	"<a b=\"&#9;&#10;&#13;x\r\ny\rz\" c='\"'/>",
	"<a>line\r\nbreaks\rand\n\r\nmore\r</a>",
	"<a>]]></a>", "<a>]]&gt;</a>", "<a>]&#93;]></a>", "<a b=']]>'/>",
	"<a>\x00</a>", "<a>\x01</a>", "<a>\t\n</a>", "<a>\xff</a>", "<a>\xef\xbf\xbe</a>", "<a>\xed\xa0\x80</a>", "<a>中文</a>",
	"<a><!-- a comment --></a>", "<a><!-- a -- b --></a>", "<a><!--- x ---></a>", "<a><!-x--></a>", "<a><!----></a>", "<a><!-- \n\n --></a>",
	"<a><![CDATA[x]]></a>", "<!DOCTYPE a><a/>",
	"<a:b:c/>", "<:a/>", "<a:/>", "<x:a y:b='1' :c='2' d:='3'/>", "<1a/>", "<a.b-c_d/>", "<中/>", "< a/>", "<a b/>", "<a b=c/>", "<a b='<'/>", "<a b='1'c='2'/>",
	"<a/ >", "<a></a >", "<a></a b>", "</a>", "<a>", "<a><b></a>", "<a", "<a b='1", "<a><", "text only", "<a>\n\n<b\n/>\n</a>\n\n",
	"<a>" + strings.Repeat("长", 10000) + "</a>",
	"<a " + strings.Repeat(`x="1" `, 500) + "/>",
}

func TestLexer(t *testing.T) {
	for _, s := range lexerSeeds {
		t.Run(fmt.Sprintf("%.20q", s), func(t *testing.T) { sameAsDecoder(t, []byte(s)) })
	}
	for _, data := range fixtureParts(t) {
		sameAsDecoder(t, data)
	}
}

// fixtureParts are the XML parts of the workbook and document fixtures.
func fixtureParts(t testing.TB) [][]byte {
	var out [][]byte
	for _, glob := range []string{"../../../fixtures/xlsx/*.xlsx", "../../../fixtures/docx/*.docx"} {
		names, _ := filepath.Glob(glob)
		if len(names) == 0 {
			t.Fatalf("no %s", glob)
		}
		for _, n := range names {
			data, err := os.ReadFile(n)
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range zr.File {
				rc, err := f.Open()
				if err != nil {
					t.Fatal(err)
				}
				b, _ := io.ReadAll(rc)
				rc.Close()
				out = append(out, b)
			}
		}
	}
	return out
}

// FuzzLexer: the lexer reads any bytes as encoding/xml does, token for
// token, line for line, error for error.
func FuzzLexer(f *testing.F) {
	for _, s := range lexerSeeds {
		f.Add([]byte(s))
	}
	for _, b := range fixtureParts(f) {
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) { sameAsDecoder(t, data) })
}

// TestLexerOwnPath: the parts of the fixtures, as Excel, WPS, LibreOffice
// and excelize write them, are read by the lexer itself, never handed to
// encoding/xml.
func TestLexerOwnPath(t *testing.T) {
	for i, data := range fixtureParts(t) {
		l := newLexer(bytes.NewReader(data), map[string]string{})
		defer l.release()
		for {
			if _, err := l.next(); err != nil {
				break
			}
		}
		if l.dec != nil {
			t.Errorf("part %d handed over at line %d: %.80q", i, l.lineBase+1, data[l.pos:])
		}
	}
}
