package txt

import (
	"bytes"
	"cmp"
	"context"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"github.com/jixiao/jixiao/extract/grid"
)

// decoded is a dump's whole text as the decoder makes it, with the
// problems it found: what TestDecode checks.
type decoded struct {
	text     string
	enc      string
	problems []problem
}

// decode runs both passes of the decoder over data and gathers the text.
func decode(data []byte) (*decoded, error) {
	sn, err := sniff(context.Background(), bytes.NewReader(data), int64(len(data)), nil)
	if err != nil {
		return nil, err
	}
	d, err := newDecoder(bytes.NewReader(data), sn, encodingOf(sn))
	if err != nil {
		return nil, err
	}
	var b strings.Builder
	for {
		t, ok, err := d.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			break
		}
		b.WriteString(t)
	}
	return &decoded{text: b.String(), enc: d.enc, problems: d.problems}, nil
}

// fixtures returns the text fixtures' bytes by name.
func fixtures(t testing.TB) map[string][]byte {
	names, _ := filepath.Glob("../../fixtures/txt/*.txt")
	bad, _ := filepath.Glob("../../fixtures/bad/*.txt")
	names = append(names, bad...)
	if len(names) < 10 {
		t.Fatalf("only %d text fixtures", len(names))
	}
	out := map[string][]byte{}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		out[filepath.Base(n)] = b
	}
	return out
}

// sameAsBefore fails unless Read gives what the reader before streaming
// gave: the same error kind, or the same grid (cells, rows, notes and
// encoding).
func sameAsBefore(t *testing.T, name string, data []byte, enc string) {
	t.Helper()
	want, werr := refRead(data, enc)
	gs, err := Read(context.Background(), data, Options{Encoding: enc})
	if (err != nil) != (werr != nil) || err != nil && (grid.Kind(err) != grid.Kind(werr) || err.Error() != werr.Error()) {
		t.Fatalf("%s: error %v, before %v", name, err, werr)
	}
	if err != nil {
		return
	}
	got := gs[0]
	if got.Encoding != want.Encoding {
		t.Errorf("%s: encoding %s, before %s", name, got.Encoding, want.Encoding)
	}
	if len(got.Rows) != len(want.Rows) {
		t.Errorf("%s: %d rows, before %d", name, len(got.Rows), len(want.Rows))
	}
	for i := range min(len(got.Rows), len(want.Rows)) {
		if !reflect.DeepEqual(got.Rows[i], want.Rows[i]) {
			t.Fatalf("%s: row %d\n got %+v\nwant %+v", name, i, got.Rows[i], want.Rows[i])
		}
	}
	// The streaming reader gives its notes in row order; the reference
	// gave a UTF-16 dump's in the order it found them.
	byRow := func(a, b grid.Note) int { return cmp.Or(a.Row-b.Row, strings.Compare(a.Message, b.Message)) }
	slices.SortStableFunc(got.Notes, byRow)
	slices.SortStableFunc(want.Notes, byRow)
	if len(got.Notes)+len(want.Notes) > 0 && !reflect.DeepEqual(got.Notes, want.Notes) {
		t.Errorf("%s: notes\n got %+v\nwant %+v", name, got.Notes, want.Notes)
	}
}

// TestReadAsBefore: every text fixture, in its own encoding and forced
// into each other, gives the grid the whole-file reader gave.
func TestReadAsBefore(t *testing.T) {
	for name, data := range fixtures(t) {
		for _, enc := range []string{"", UTF8, GB18030, UTF16LE, UTF16BE} {
			sameAsBefore(t, name+" as "+enc, data, enc)
		}
	}
}

// TestReadAsBeforeDamaged: copies of the fixtures with bytes flipped, cut,
// NULs and lines of the other encoding put in, quotes inserted where a
// spreadsheet would write them, give what the whole-file reader gave; a
// stray quote, which made that reader read the whole file again as plain
// text, now makes only its record plain, so there the grids are compared
// with the record's lines read plain.
func TestReadAsBeforeDamaged(t *testing.T) {
	rng := rand.New(rand.NewPCG(14, 1))
	var inputs [][]byte
	fx := fixtures(t)
	for _, name := range slices.Sorted(maps.Keys(fx)) { // in one order, so the damage is the same every run
		inputs = append(inputs, fx[name])
	}
	gbLine, _ := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte("主管部门\t某局\n"))
	le, _ := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewEncoder().Bytes([]byte("项目名称\t甲\n一级指标\t二级指标\t三级指标\t指标值\n"))
	inputs = append(inputs, le, append(append([]byte{}, le...), "tail\t尾\n"...), append(le[:len(le)-1:len(le)-1], "x\n"...))
	for i := range 600 {
		b := append([]byte{}, inputs[rng.IntN(len(inputs))]...)
		for range rng.IntN(4) {
			if len(b) == 0 {
				break
			}
			at := rng.IntN(len(b))
			switch rng.IntN(7) {
			case 0:
				b[at] ^= byte(1 + rng.IntN(255))
			case 1:
				b = b[:at]
			case 2:
				b = append(b[:at:at], append([]byte{0}, b[at:]...)...)
			case 3:
				b = append(b[:at:at], append(append([]byte{}, gbLine...), b[at:]...)...)
			case 4, 5:
				// A quoted cell as Excel writes it: at the start of a
				// field, its line breaks and quotes inside.
				q := []byte("\"甲\n乙\"\"丙\"")
				if j := bytes.LastIndexAny(b[:at], "\t\n"); j >= 0 {
					at = j + 1
				} else {
					at = 0
				}
				b = append(b[:at:at], append(q, b[at:]...)...)
			case 6:
				b = append(b[:at:at], append([]byte("\r\n"), b[at:]...)...)
			}
		}
		name := fmt.Sprintf("damaged %d", i)
		if refStrayQuote(b) {
			continue // checked by TestReadStrayQuote
		}
		sameAsBefore(t, name, b, "")
	}
}

// refStrayQuote reports whether the whole-file reader fell back to plain
// text for data.
func refStrayQuote(data []byte) bool {
	d, err := refDecode(data)
	if err != nil {
		return false
	}
	_, err = refSplit(d.text, true)
	return err != nil
}

// TestReadStrayQuote: quoting that does not hold together makes only its
// record plain text; the records around it keep their quoting.
func TestReadStrayQuote(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		want     []string
	}{
		{"stray quote between quoted cells", "\"a\tb\"\tc\n他说\"好\td\n\"e\nf\"\n",
			[]string{"001:001:a\tb", "001:002:c", "002:001:他说\"好", "002:002:d", "003:001:e\nf:004"}},
		{"unclosed quote: its line plain, the next lines read afresh", "\"abc\tb\nc\td\n\"x\"\n",
			[]string{"001:001:\"abc", "001:002:b", "002:001:c", "002:002:d", "003:001:x"}},
		{"a quote that closes with text after it", "\"ab\"c\td\n\"x\"\n",
			[]string{"001:001:\"ab\"c", "001:002:d", "002:001:x"}},
		{"a quote open for more than maxQuoted lines", "\"a\n" + strings.Repeat("b\n", maxQuoted) + "\"\n",
			append(append([]string{"001:001:\"a"}, func() []string {
				var s []string
				for i := range maxQuoted {
					s = append(s, itoa(i+2)+":001:b")
				}
				return s
			}()...), itoa(maxQuoted+2)+":001:\"")},
	} {
		gs, err := Read(context.Background(), []byte(tt.in), Options{})
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := cellsOf(gs[0]); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

// TestScannerBatches: the rows come in batches whose cells count rows over
// the whole dump, and a long dump is read without its text held whole.
func TestScannerBatches(t *testing.T) {
	data := bytes.Repeat(fixtures(t)["000_2f785805f3cd3769.txt"], 20)
	want, err := refRead(data, "")
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewScanner(context.Background(), bytes.NewReader(data), int64(len(data)), Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var rows []grid.Row
	batches := 0
	for {
		r, _, err := s.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		batches++
		rows = append(rows, r...)
	}
	if batches < 2 || !reflect.DeepEqual(rows, want.Rows) {
		t.Errorf("%d batches, %d rows; want %d rows", batches, len(rows), len(want.Rows))
	}
}

// TestScannerSum: the first pass hands every byte to the caller's hash.
func TestScannerSum(t *testing.T) {
	data := bytes.Repeat([]byte("项目名称\t甲\n"), 100000)
	var sum bytes.Buffer
	if _, err := NewScanner(context.Background(), bytes.NewReader(data), int64(len(data)), Options{}, &sum); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(sum.Bytes(), data) {
		t.Errorf("the hash saw %d bytes of %d", sum.Len(), len(data))
	}
}

// TestBinaryEarly: a dump whose start is already too much binary for the
// rest to make it text fails without its rows being split, and says what
// the whole file holds.
func TestBinaryEarly(t *testing.T) {
	junk := bytes.Repeat([]byte{0x01, 0x02, 0xFF, 0x03, '\n'}, 100000)
	data := append(junk, bytes.Repeat([]byte("项目名称\t甲\n"), 1000)...)
	_, werr := refRead(data, "")
	s, err := NewScanner(context.Background(), bytes.NewReader(data), int64(len(data)), Options{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rows := 0
	for {
		r, _, err := s.Next()
		if err != nil {
			if err.Error() != werr.Error() {
				t.Errorf("error %v, before %v", err, werr)
			}
			break
		}
		rows += len(r)
	}
	// Four of each five characters are binary: once an eighth of the file
	// is read, the rest cannot make it text.
	if rows > 100000/4 {
		t.Errorf("%d rows of 100000 split before it failed", rows)
	}
}

// FuzzReadAsBefore: on any input the whole-file reader read with its
// quoting holding together, the streaming reader gives the same grid.
func FuzzReadAsBefore(f *testing.F) {
	for _, b := range fixtures(f) {
		f.Add(b)
	}
	f.Add([]byte("\"one\r\ntwo\"\r\nc\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if refStrayQuote(data) || bytes.Count(data, []byte{'\n'}) > maxQuoted && bytes.Contains(data, []byte{'"'}) {
			return
		}
		sameAsBefore(t, "fuzz", data, "")
	})
}
