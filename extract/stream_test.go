package extract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"unicode/utf8"

	"github.com/jixiao/jixiao/model"
)

// streamAll runs Stream over data and gathers what emit was given.
func streamAll(t testing.TB, name string, data []byte, opts Options) (*Result, []model.Form, error) {
	t.Helper()
	var forms []model.Form
	res, err := Stream(context.Background(), name, bytes.NewReader(data), int64(len(data)), opts, func(f *model.Form) error {
		forms = append(forms, *f)
		return nil
	})
	return res, forms, err
}

// sameAsFile fails unless Stream gives what File gives: the result, the
// error, and the forms, in order.
func sameAsFile(t *testing.T, name string, data []byte) {
	t.Helper()
	want, werr := File(context.Background(), name, data, Options{})
	got, forms, err := streamAll(t, name, data, Options{})
	if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
		t.Fatalf("%s: Stream error %v, File %v", name, err, werr)
	}
	if err != nil {
		return // the forms of a file that fails are dropped
	}
	if got.SHA256 != want.SHA256 || got.Format != want.Format || got.Encoding != want.Encoding || got.Stack != nil || got.Forms != nil {
		t.Errorf("%s: Stream %+v, File %s %s %s", name, got, want.SHA256, want.Format, want.Encoding)
	}
	g, _ := json.Marshal(forms)
	w, _ := json.Marshal(want.Forms)
	if !bytes.Equal(g, w) {
		t.Errorf("%s: %d forms streamed, File %d, not the same", name, len(forms), len(want.Forms))
	}
}

// TestStreamAsFile: every fixture, of every format, and a long dump of all
// the UTF-8 text fixtures one after the other, many times over, stream to
// what File reads of them.
func TestStreamAsFile(t *testing.T) {
	var names []string
	for _, dir := range []string{"txt", "xlsx", "docx", "pdf", "html", "doc", "xls", "xml", "bad"} {
		n, _ := filepath.Glob(filepath.Join("../fixtures", dir, "*"))
		names = append(names, n...)
	}
	sort.Strings(names)
	var long []byte
	tried := 0
	for _, n := range names {
		if fi, err := os.Stat(n); err != nil || fi.IsDir() || filepath.Ext(n) == ".jsonl" || filepath.Ext(n) == ".md" {
			continue
		}
		data, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		tried++
		sameAsFile(t, n, data)
		if filepath.Ext(n) == ".txt" && utf8.Valid(data) && !bytes.HasPrefix(data, []byte{0xEF, 0xBB, 0xBF}) {
			long = append(long, data...)
			long = append(long, '\n')
		}
	}
	if tried < 100 {
		t.Errorf("only %d fixtures", tried)
	}
	sameAsFile(t, "long.txt", bytes.Repeat(long, 30))
}

// TestStreamEmitError: an error of emit's stops the reading and comes back
// as it is.
func TestStreamEmitError(t *testing.T) {
	data := bytes.Repeat(seed(t), 10)
	stop := errors.New("stop")
	for _, name := range []string{"a.txt", "a.bin"} {
		n := 0
		_, err := Stream(context.Background(), name, bytes.NewReader(data), int64(len(data)), Options{}, func(*model.Form) error {
			n++
			return stop
		})
		if err != stop || n != 1 {
			t.Errorf("%s: %v after %d forms", name, err, n)
		}
	}
}

// TestStreamCancel: a cancelled read stops with the context's error.
func TestStreamCancel(t *testing.T) {
	data := bytes.Repeat(seed(t), 100)
	ctx, cancel := context.WithCancel(context.Background())
	n := 0
	_, err := Stream(ctx, "a.txt", bytes.NewReader(data), int64(len(data)), Options{}, func(*model.Form) error {
		if n++; n == 3 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) || n > 3+2*1024 {
		t.Errorf("%v after %d forms", err, n)
	}
}

func seed(t testing.TB) []byte {
	data, err := os.ReadFile("../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// FuzzStream: on arbitrary bytes under each name a file may have, Stream
// gives what File gives.
func FuzzStream(f *testing.F) {
	for _, dir := range []string{"txt", "bad"} {
		names, _ := filepath.Glob(filepath.Join("..", "fixtures", dir, "*.txt"))
		for _, n := range names {
			if b, err := os.ReadFile(n); err == nil {
				f.Add(b, uint8(0))
			}
		}
	}
	f.Add([]byte("项目名称\tx\n主管部门\ty\n实施单位\tz\n一级指标\t二级指标\t三级指标\t指标值\n产出指标\t数量指标\t人数\t≥10人\n"), uint8(0))
	names := []string{"a.txt", "a.tsv", "a", "a.pdf", "a.xlsx"}
	f.Fuzz(func(t *testing.T, data []byte, which uint8) {
		sameAsFile(t, names[int(which)%len(names)], data)
	})
}
