package ocr

import (
	"context"
	"errors"
	"image"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/extract/pdf/content"
	"github.com/jixiao/jixiao/extract/scan"
)

func TestCTCDecode(t *testing.T) {
	dict := []string{"a", "b", "≥", " "}
	// Steps of 5 classes: blank, a, b, ≥, space.
	steps := [][]float32{
		{0.1, 0.9, 0, 0, 0}, // a
		{0.2, 0.8, 0, 0, 0}, // a again: one a
		{0.9, 0, 0, 0, 0.1}, // blank
		{0, 0.7, 0, 0, 0.3}, // a after a blank: a second a
		{0, 0, 0, 0.6, 0.4}, // ≥
		{0, 0, 0, 0, 1},     // space
		{0, 0, 1, 0, 0},     // b
	}
	var probs []float32
	for _, s := range steps {
		probs = append(probs, s...)
	}
	text, conf, weak, least := ctcDecode(probs, len(steps), 5, dict)
	if weak != "≥" || least < 0.6-1e-6 || least > 0.6+1e-6 {
		t.Errorf("least sure of %q at %v, want ≥ at 0.6", weak, least)
	}
	if text != "aa≥ b" {
		t.Errorf("text %q, want %q", text, "aa≥ b")
	}
	if want := (0.9 + 0.7 + 0.6 + 1 + 1) / 5; conf < want-1e-6 || conf > want+1e-6 {
		t.Errorf("confidence %v, want %v", conf, want)
	}
	if text, conf, _, _ := ctcDecode(make([]float32, 10), 2, 5, dict); text != "" || conf != 0 {
		t.Errorf("all blank: %q %v", text, conf)
	}
}

func TestDetBoxes(t *testing.T) {
	w, h := 64, 32
	prob := make([]float32, w*h)
	set := func(x0, y0, x1, y1 int, p float32) {
		for y := y0; y < y1; y++ {
			for x := x0; x < x1; x++ {
				prob[y*w+x] = p
			}
		}
	}
	set(4, 4, 30, 10, 0.9)   // a line
	set(4, 20, 50, 26, 0.8)  // another
	set(40, 2, 42, 4, 0.9)   // too small
	set(34, 12, 60, 17, 0.4) // above the threshold, below the box threshold
	boxes := detBoxes(prob, w, h, 60, 30, 0.3, 0.5, 1.6)
	if len(boxes) != 2 {
		t.Fatalf("boxes %v, want 2", boxes)
	}
	// The first, 26×6, grows by 26·6·1.6/(2·32) = 3.9 → 4 pixels.
	if want := image.Rect(0, 0, 34, 14); boxes[0] != want {
		t.Errorf("first box %v, want %v", boxes[0], want)
	}
	if boxes[1].Max.X > 60 || boxes[1].Max.Y > 30 {
		t.Errorf("second box %v is not clipped to the image", boxes[1])
	}
}

func TestInputs(t *testing.T) {
	img := image.NewGray(image.Rect(0, 0, 100, 24))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	in, shape := recInput(img)
	if shape[0] != 1 || shape[1] != 3 || shape[2] != 48 || shape[3] != 200 {
		t.Errorf("recognition input %v, want [1 3 48 200]", shape)
	}
	if in[0] != 1 || len(in) != 3*48*200 {
		t.Errorf("paper is %v, want 1 ((255/255-0.5)/0.5)", in[0])
	}
	din, dshape := detInput(img)
	if dshape[2] != 32 || dshape[3] != 128 || len(din) != 3*32*128 {
		t.Errorf("detection input %v, want [1 3 32 128]", dshape)
	}
	if want := float32((1 - 0.485) / 0.229); din[0] < want-1e-4 || din[0] > want+1e-4 {
		t.Errorf("paper is %v in detection's red, want %v", din[0], want)
	}
}

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	err := Check(dir)
	if !errors.Is(err, ErrNotInstalled) || !strings.Contains(err.Error(), "scripts/install-ocr") || !strings.Contains(err.Error(), RecModel) {
		t.Errorf("an empty directory: %v", err)
	}
	for _, f := range []string{Library(), DetModel, RecModel, Dictionary} {
		os.WriteFile(filepath.Join(dir, f), []byte("x"), 0o644)
	}
	if err := Check(dir); err != nil {
		t.Errorf("a full directory: %v", err)
	}
	t.Setenv(EnvDir, "/somewhere")
	if d := DefaultDir(""); d != "/somewhere" {
		t.Errorf("DefaultDir with %s set: %q", EnvDir, d)
	}
	if d := DefaultDir("/flag"); d != "/flag" {
		t.Errorf("DefaultDir of a flag: %q", d)
	}
	if _, err := Open(dir, Options{}); err == nil {
		t.Errorf("Open of files that are no models succeeded")
	}
}

func TestDictionary(t *testing.T) {
	dir := DefaultDir("")
	if err := Check(dir); err != nil {
		t.Skipf("OCR not installed, so not tested: %v", err)
	}
	dict, err := readDict(filepath.Join(dir, Dictionary))
	if err != nil {
		t.Fatal(err)
	}
	if len(dict) != 6624 || dict[len(dict)-1] != " " {
		t.Errorf("%d classes but the blank, the last %q; want 6,624 ending in a space", len(dict), dict[len(dict)-1])
	}
	for _, c := range []string{"≥", "≤", "★", "％", "%", "万", "元"} {
		found := false
		for _, d := range dict {
			found = found || d == c
		}
		if !found {
			t.Errorf("the dictionary lacks %q", c)
		}
	}
}

// open opens the engine, or skips when OCR is not installed or not built.
func open(t *testing.T) *Engine {
	t.Helper()
	e, err := Open("", Options{})
	if errors.Is(err, ErrNotInstalled) || errors.Is(err, ErrUnavailable) {
		t.Skipf("OCR not available, so not tested: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(e.Close)
	return e
}

// TestEngine detects and reads the header of a committed scan.
func TestEngine(t *testing.T) {
	e := open(t)
	data, err := os.ReadFile("../../fixtures/scan/t2_200dpi_grey_flate.pdf")
	if err != nil {
		t.Fatal(err)
	}
	d, err := content.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	p, err := d.Page(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	im := &p.Images[0]
	img, err := im.Decode()
	if err != nil {
		t.Fatal(err)
	}
	w, h := float64(im.Width), float64(im.Height)
	r := scan.Grey(img, scan.Affine{1 / w, 0, 0, -1 / h, 0, 1}.Then(scan.Affine(im.Place)))
	r, tables, _, _ := scan.Layout(r)
	if len(tables) == 0 {
		t.Fatal("no table")
	}
	// Above the table: the title and the year.
	head := r.Crop(image.Rect(0, 0, r.W, tables[0].Box.Min.Y-2))
	lines, err := e.Lines(context.Background(), head)
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, l := range lines {
		texts = append(texts, l.Text)
		if l.Conf < 0.8 {
			t.Errorf("%q read with confidence %.2f", l.Text, l.Conf)
		}
	}
	all := strings.Join(texts, "|")
	if !strings.Contains(all, "项目支出绩效目标表") {
		t.Errorf("read %q, want the title 项目支出绩效目标表", all)
	}
	blank := image.NewGray(image.Rect(0, 0, 40, 20))
	for i := range blank.Pix {
		blank.Pix[i] = 255
	}
	if l, err := e.Recognize(context.Background(), blank); err != nil || strings.TrimSpace(l.Text) != "" {
		t.Errorf("paper read as %q, %v", l.Text, err)
	}
}
