package form

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/jixiao/jixiao/extract/grid"

	"github.com/jixiao/jixiao/model"
)

// streamed reads g's rows through a Streamer in batches of random sizes,
// the grid's notes each with the batch of its row, reading again every few
// rows as every says.
func streamed(rng *rand.Rand, g *grid.Grid, every int) []model.Form {
	s := Streamer{Sheet: g.Sheet, Every: every}
	var forms []model.Form
	notes := g.Notes
	for i := 0; i < len(g.Rows); {
		n := 1 + rng.IntN(40)
		if rng.IntN(4) == 0 {
			n = 1
		}
		rows := g.Rows[i:min(i+n, len(g.Rows))]
		i += len(rows)
		last := rows[len(rows)-1].Cells[0].Row
		var here []grid.Note
		for len(notes) > 0 && notes[0].Row <= last {
			here, notes = append(here, notes[0]), notes[1:]
		}
		forms = append(forms, s.Add(rows, here)...)
	}
	if len(notes) > 0 {
		forms = append(forms, s.Add(nil, notes)...)
	}
	return append(forms, s.Close()...)
}

// sameForms fails unless got and want are the same forms.
func sameForms(t *testing.T, name string, got, want []model.Form) {
	t.Helper()
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	if string(g) != string(w) {
		t.Fatalf("%s: %d forms streamed, Parse %d\n got %.600s\nwant %.600s", name, len(got), len(want), firstDiff(string(g), string(w)), firstDiff(string(w), string(g)))
	}
}

// firstDiff returns a from a little before where it first differs from b.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	return a[max(0, i-200):]
}

// textFixtures returns the UTF-8 text fixtures, split into lines.
func textFixtures(t *testing.T) map[string][]string {
	names, _ := filepath.Glob("../../fixtures/txt/*.txt")
	out := map[string][]string{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = strings.Split(fixtureText(b), "\n")
	}
	if len(out) < 10 {
		t.Fatalf("only %d text fixtures", len(out))
	}
	return out
}

// fixtureText decodes a text fixture, most simply: the interpreter's tests
// need no reader.
func fixtureText(b []byte) string {
	var d *encoding.Decoder
	switch {
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}):
		d = unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
	case bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		d = unicode.UTF16(unicode.BigEndian, unicode.UseBOM).NewDecoder()
	case !utf8.Valid(b):
		d = simplifiedchinese.GB18030.NewDecoder()
	default:
		return string(b)
	}
	t, _ := d.Bytes(b)
	return string(t)
}

// withNotes gives g a note at every seventh row, as a reader's repairs.
func withNotes(g *grid.Grid) *grid.Grid {
	for i := 0; i < len(g.Rows); i += 7 {
		c := g.Rows[i].Cells[0]
		g.Notes = append(g.Notes, grid.Note{Row: c.Row, Col: c.Col, Pos: c.Pos, Code: model.WarnEncoding, Message: fmt.Sprint("note ", i)})
	}
	return g
}

// TestStreamerAsParse: a grid read a few rows at a time gives the forms
// Parse gives of the whole grid, wherever the batches are cut and however
// often the Streamer reads again: each fixture, the fixtures one after the
// other, and random runs of their lines put together, so that forms are
// cut short, run into each other and have junk between them.
func TestStreamerAsParse(t *testing.T) {
	fx := textFixtures(t)
	var names []string
	for n := range fx {
		names = append(names, n)
	}
	rng := rand.New(rand.NewPCG(14, 2))
	check := func(name, tsv string) {
		g := withNotes(gridOf(tsv))
		want := Parse(g)
		for _, every := range []int{1, 1 + rng.IntN(20), 1 + rng.IntN(200), 0} {
			sameForms(t, fmt.Sprintf("%s, every %d", name, every), streamed(rng, g, every), want)
		}
	}
	var all []string
	for _, n := range names {
		check(n, strings.Join(fx[n], "\n"))
		all = append(all, fx[n]...)
	}
	check("all fixtures", strings.Join(all, "\n"))
	// Far from the rows around them: a table whose heading row has the
	// row above it (中期指标 | 年度指标) and no header block, its form's
	// first row; a title many lines of year and signatures above its form.
	junk := strings.Repeat("无关的一行\t甲\n", 3000)
	g := fx["tpl_g_guangdong.txt"]
	for i, l := range g {
		if strings.HasPrefix(l, "一级 指标") {
			check("a heading row under the row above it", junk+strings.Join(g[i:], "\n"))
			break
		}
	}
	seed := strings.Join(fx["000_2f785805f3cd3769.txt"], "\n")
	body := seed[strings.Index(seed, "项目名称"):]
	check("a title far above", junk+"项目支出绩效目标申报表\n"+strings.Repeat("（2023年度）\n项目负责人（签字）：\n", 80)+body)
	forms := 0
	for i := range 150 {
		var b []string
		for range 1 + rng.IntN(12) {
			lines := fx[names[rng.IntN(len(names))]]
			from := rng.IntN(len(lines))
			to := from + rng.IntN(len(lines)-from+1)
			if rng.IntN(3) == 0 {
				from = 0 // whole forms too
			}
			b = append(b, lines[from:to]...)
		}
		tsv := strings.Join(b, "\n")
		forms += len(Parse(gridOf(tsv)))
		check(fmt.Sprint("random ", i), tsv)
	}
	if forms < 100 {
		t.Errorf("only %d forms in the random grids", forms)
	}
}

// TestStreamerHoldsLittle: rows with no form are let go of but the last
// few, and a form's rows once it is complete.
func TestStreamerHoldsLittle(t *testing.T) {
	seed := strings.Join(textFixtures(t)["000_2f785805f3cd3769.txt"], "\n")
	g := gridOf(strings.Repeat("无关的一行\t甲\n", 5000) + strings.Repeat(seed+"\n", 50))
	var s Streamer
	most, forms := 0, 0
	for i := 0; i < len(g.Rows); i += 100 {
		forms += len(s.Add(g.Rows[i:min(i+100, len(g.Rows))], nil))
		most = max(most, len(s.lines))
	}
	forms += len(s.Close())
	if want := len(Parse(g)); forms != want {
		t.Errorf("%d forms, want %d", forms, want)
	}
	if most > 3000 {
		t.Errorf("held %d rows at most", most)
	}
}

// FuzzStreamer: any tab-separated text read a few rows at a time gives the
// forms Parse gives of the whole of it.
func FuzzStreamer(f *testing.F) {
	names, _ := filepath.Glob("../../fixtures/txt/*.txt")
	for _, n := range names {
		if b, err := os.ReadFile(n); err == nil {
			f.Add(fixtureText(b), uint64(1))
		}
	}
	f.Fuzz(func(t *testing.T, tsv string, seed uint64) {
		g := withNotes(gridOf(tsv))
		rng := rand.New(rand.NewPCG(seed, 14))
		sameForms(t, "fuzz", streamed(rng, g, 1+rng.IntN(30)), Parse(g))
	})
}
