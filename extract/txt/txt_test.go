package txt

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/grid"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"
)

// update is accepted so that "go test ./... -update" runs in every package.
var _ = flag.Bool("update", false, "rewrite golden files (in the packages that have them)")

func TestDecode(t *testing.T) {
	const text = "项目名称\t保障运转类\n"
	gb, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	be, _ := unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewEncoder().Bytes([]byte(text))
	leNoBOM, _ := unicode.UTF16(unicode.LittleEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte("name\tvalue\n项目\n"))
	beNoBOM, _ := unicode.UTF16(unicode.BigEndian, unicode.IgnoreBOM).NewEncoder().Bytes([]byte("name\tvalue\n项目\n"))
	tests := []struct {
		name string
		in   []byte
		enc  string
		want string
		err  error
	}{
		{"utf-8", []byte(text), UTF8, text, nil},
		{"utf-8 with BOM", append([]byte{0xEF, 0xBB, 0xBF}, text...), UTF8, text, nil},
		{"gb18030", gb, GB18030, text, nil},
		{"utf-16le with BOM", le, UTF16LE, text, nil},
		{"utf-16be with BOM", be, UTF16BE, text, nil},
		{"utf-16le without BOM", leNoBOM, UTF16LE, "name\tvalue\n项目\n", nil},
		{"utf-16be without BOM", beNoBOM, UTF16BE, "name\tvalue\n项目\n", nil},
		{"ascii", []byte("a\tb\r\n"), UTF8, "a\tb\r\n", nil},
		{"binary with NULs", []byte{0x89, 'P', 'N', 'G', 0, 0, 0, 13, 0xff, 0x00, 0x10}, "", "", grid.ErrBinary},
		{"random bytes", []byte{0x81, 0x30, 0xff, 0xff, 0xff, 0x80, 0x80, 0x01, 0x02, 0x03}, "", "", grid.ErrBinary},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, err := decode(tt.in)
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("err = %v, want %v", err, tt.err)
				}
				return
			}
			if err != nil || d.text != tt.want || d.enc != tt.enc || len(d.problems) != 0 {
				t.Errorf("decode = %+v, %v; want %q, %q", d, err, tt.want, tt.enc)
			}
		})
	}
}

// TestDecodeRepairs: a few bad bytes do not fail a dump: they are
// replaced, removed or read in the encoding they are in, each with a
// problem naming its line; a file that is mostly not text still fails.
func TestDecodeRepairs(t *testing.T) {
	gbLine, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("主管部门\t某局\n"))
	gbText, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("项目名称\t甲\n实施单位\t乙\n年度目标\t完成\n"))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("项目名称\t甲\n"))
	const u = "项目名称\t保障运转类\n主管部门\t某局\n"
	for _, tt := range []struct {
		name, enc, want string
		in              []byte
		lines           []int
	}{
		{"a cut in the last character", UTF8, "项目名称\t保障运转类\n主管部门\t某\uFFFD", []byte(u[:len(u)-len("局\n")+1]), []int{2}},
		{"one flipped byte", UTF8, "项目名称\t保障运转类\n主管部门\t某\uFFFD\n", append([]byte(u[:len(u)-4]), 0xFF, 0xFE, '\n'), []int{2}},
		{"a Latin-1 byte", UTF8, "项目名称\t保障运转类\ncaf\uFFFD\n", append([]byte("项目名称\t保障运转类\ncaf"), 0xE9, '\n'), []int{2}},
		{"a GB18030 line in UTF-8", UTF8, "项目名称\t保障运转类\n主管部门\t某局\n", append([]byte("项目名称\t保障运转类\n"), gbLine...), []int{2}},
		{"a UTF-8 line in GB18030", GB18030, "项目名称\t甲\n实施单位\t乙\n年度目标\t完成\n主管部门\t某局\n", append(append([]byte{}, gbText...), "主管部门\t某局\n"...), []int{4}},
		{"a NUL", UTF8, "项目名称\t保障运转类\n主管部门\t某局\n", []byte("项目名称\t保障运转类\n主管部门\x00\t某局\n"), []int{2}},
		{"a UTF-8 tail after UTF-16", UTF16LE, "项目名称\t甲\n主管部门\t某局\n", append(append([]byte{}, le...), "主管部门\t某局\n"...), []int{2}},
	} {
		d, err := decode(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		var lines []int
		for _, p := range d.problems {
			lines = append(lines, p.line)
		}
		if d.enc != tt.enc || d.text != tt.want || fmt.Sprint(lines) != fmt.Sprint(tt.lines) {
			t.Errorf("%s: %s %q, problems %+v; want %s %q at lines %v", tt.name, d.enc, d.text, d.problems, tt.enc, tt.want, tt.lines)
		}
	}
	// Mostly not text: fails, naming a line.
	junk := bytes.Repeat([]byte{0x01, 0x02, 0xFF, 0x03}, 100)
	if _, err := decode(junk); !errors.Is(err, grid.ErrBinary) || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("junk: %v", err)
	}
}

// TestReadNotes: the repairs become notes at the rows they fall in.
func TestReadNotes(t *testing.T) {
	in := append([]byte("项目名称\t甲\n主管部门\t某"), 0xFF, '\n', '\n', 'x', '\n')
	gs, err := Read(context.Background(), in, Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := gs[0].Notes
	if len(n) != 1 || n[0].Row != 1 || n[0].Code != noteEncoding || n[0].Pos.Line != 2 || !strings.Contains(n[0].Message, "line 2") {
		t.Errorf("notes %+v", n)
	}
}

// cellsOf lists a grid's cells as "line:column:text" (column 1-based).
func cellsOf(g *grid.Grid) []string {
	var out []string
	for _, r := range g.Rows {
		for _, c := range r.Cells {
			s := itoa(c.Pos.Line) + ":" + itoa(c.Col+1) + ":" + c.Text
			if c.Pos.EndLine > 0 {
				s += ":" + itoa(c.Pos.EndLine)
			}
			out = append(out, s)
		}
	}
	return out
}

func itoa(n int) string { return fmt.Sprintf("%03d", n) }

func TestReadText(t *testing.T) {
	// Each cell is written "line:column:text", with ":endline" for a cell
	// that runs over several lines.
	tests := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", "a\tb\nc\td\n", []string{"001:001:a", "001:002:b", "002:001:c", "002:002:d"}},
		{"empty cells and lines keep positions", "\n\ta\t\t\n\n\t\t\tb\n", []string{"002:002:a", "004:004:b"}},
		{"crlf", "a\tb\r\nc\r\n", []string{"001:001:a", "001:002:b", "002:001:c"}},
		{"quoted tab", "\"x\ty\"\tz\n", []string{"001:001:x\ty", "001:002:z"}},
		{"quoted line break", "a\t\"one\ntwo\"\tb\nc\n", []string{"001:001:a", "001:002:one\ntwo:002", "002:003:b", "003:001:c"}},
		{"quoted crlf line break", "\"one\r\ntwo\"\r\nc\r\n", []string{"001:001:one\ntwo:002", "003:001:c"}},
		{"doubled quotes", "\"他说\"\"好\"\"\"\tb\n", []string{"001:001:他说\"好\"", "001:002:b"}},
		{"stray quote: read as plain text", "他说\"好\tb\nc\n", []string{"001:001:他说\"好", "001:002:b", "002:001:c"}},
		{"unclosed quote: read as plain text", "\"abc\tb\nc\n", []string{"001:001:\"abc", "001:002:b", "002:001:c"}},
		{"white-space cells are empty", " \t\u3000\tx\n", []string{"001:003:x"}},
		{"no final newline", "a", []string{"001:001:a"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			gs, err := Read(context.Background(), []byte(tt.in), Options{})
			if err != nil || len(gs) != 1 || gs[0].Encoding != UTF8 {
				t.Fatalf("Read: %v, %d grids", err, len(gs))
			}
			g := gs[0]
			got := cellsOf(g)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("cells\n got %q\nwant %q", got, tt.want)
			}
			for i, r := range g.Rows {
				for _, c := range r.Cells {
					if c.Row != i || c.RowSpan != 1 || c.ColSpan != 1 {
						t.Errorf("cell %q: row %d span %dx%d in row %d", c.Text, c.Row, c.RowSpan, c.ColSpan, i)
					}
				}
			}
		})
	}
}

// FuzzRead reads arbitrary bytes as a text dump: nothing may panic, an
// error is grid.ErrBinary, and every cell lies inside the input, in order.
func FuzzRead(f *testing.F) {
	names, _ := filepath.Glob("../../fixtures/txt/*.txt")
	if len(names) == 0 {
		f.Fatal("no text fixtures in ../../fixtures/txt")
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte("项目名称\tx\n主管部门\ty\n实施单位\tz\n一级指标\t二级指标\t三级指标\t指标值\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		gs, err := Read(context.Background(), data, Options{})
		if err != nil {
			if !errors.Is(err, grid.ErrBinary) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		lines := strings.Count(string(data), "\n") + 1
		last := 0
		for i, r := range gs[0].Rows {
			if len(r.Cells) == 0 {
				t.Fatalf("row %d has no cells", i)
			}
			if r.Pos.Line < last || r.Pos.Line < 1 || r.Pos.Line > lines*2+1 { // UTF-16 and CR-only inputs count differently; stay generous
				t.Fatalf("row %d at line %d after line %d, of %d", i, r.Pos.Line, last, lines)
			}
			last = r.Pos.Line
			for _, c := range r.Cells {
				if c.Row != i || strings.TrimSpace(c.Text) == "" {
					t.Fatalf("row %d: cell %+v", i, c)
				}
			}
		}
	})
}

// TestReadEncoding forces an encoding: bytes that detection would take for
// another one are read as the caller says, and a name nobody knows fails.
func TestReadEncoding(t *testing.T) {
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("项目名称\t甲"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		enc  string
		in   []byte
		want string
	}{
		{GB18030, gbk, "项目名称|甲"},
		{UTF8, []byte("\xEF\xBB\xBF项目\t乙"), "项目|乙"},
		{UTF16LE, []byte{'a', 0, '\t', 0, 'b', 0}, "a|b"},
		{UTF16BE, []byte{0, 'a', 0, '\t', 0, 'b'}, "a|b"},
	} {
		gs, err := Read(context.Background(), tt.in, Options{Encoding: tt.enc})
		if err != nil {
			t.Fatalf("%s: %v", tt.enc, err)
		}
		var got []string
		for _, c := range gs[0].Rows[0].Cells {
			got = append(got, c.Text)
		}
		if strings.Join(got, "|") != tt.want || gs[0].Encoding != tt.enc {
			t.Errorf("%s: %q as %s, want %q", tt.enc, got, gs[0].Encoding, tt.want)
		}
	}
	if _, err := Read(context.Background(), []byte("x"), Options{Encoding: "latin1"}); err == nil || !strings.Contains(err.Error(), "unknown text encoding") {
		t.Errorf("latin1: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Read(ctx, []byte("a\tb"), Options{}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %v", err)
	}
}
