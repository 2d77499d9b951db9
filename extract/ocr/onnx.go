//go:build cgo

package ocr

import (
	"fmt"
	"sync"

	ort "github.com/yalue/onnxruntime_go"
)

const available = true

var (
	initMu  sync.Mutex
	initLib string // the library loaded, "" until one is
)

// initRuntime loads ONNX Runtime's shared library, once per process: a
// library that failed to load may be followed by another.
func initRuntime(lib string) error {
	initMu.Lock()
	defer initMu.Unlock()
	if initLib != "" {
		if lib != initLib {
			return fmt.Errorf("ONNX Runtime is already loaded from %s, not %s", initLib, lib)
		}
		return nil
	}
	ort.SetSharedLibraryPath(lib)
	if err := ort.InitializeEnvironment(ort.WithLogLevelError()); err != nil {
		return fmt.Errorf("loading ONNX Runtime from %s: %w (run scripts/install-ocr)", lib, err)
	}
	initLib = lib
	return nil
}

// onnxModel is a model in an ONNX Runtime session.
type onnxModel struct {
	s *ort.DynamicAdvancedSession
}

func openModel(path string, threads int) (model, error) {
	info, out, err := ort.GetInputOutputInfo(path)
	if err != nil {
		return nil, fmt.Errorf("reading the model %s: %w", path, err)
	}
	if len(info) != 1 || len(out) < 1 {
		return nil, fmt.Errorf("the model %s has %d inputs and %d outputs, want 1 and 1", path, len(info), len(out))
	}
	opts, err := ort.NewSessionOptions()
	if err != nil {
		return nil, err
	}
	defer opts.Destroy()
	if err := opts.SetIntraOpNumThreads(threads); err != nil {
		return nil, err
	}
	if err := opts.SetInterOpNumThreads(1); err != nil {
		return nil, err
	}
	// ONNX Runtime's threads spin between the model's operators by default:
	// with other work on the CPUs (other files, other processes) that
	// burns the time the work needs.
	if err := opts.AddSessionConfigEntry("session.intra_op.allow_spinning", "0"); err != nil {
		return nil, err
	}
	s, err := ort.NewDynamicAdvancedSession(path, []string{info[0].Name}, []string{out[0].Name}, opts)
	if err != nil {
		return nil, fmt.Errorf("loading the model %s: %w", path, err)
	}
	return &onnxModel{s: s}, nil
}

func (m *onnxModel) run(input []float32, shape []int64) ([]float32, []int64, error) {
	in, err := ort.NewTensor(ort.NewShape(shape...), input)
	if err != nil {
		return nil, nil, err
	}
	defer in.Destroy()
	outs := []ort.Value{nil}
	if err := m.s.Run([]ort.Value{in}, outs); err != nil {
		return nil, nil, err
	}
	defer outs[0].Destroy()
	t, ok := outs[0].(*ort.Tensor[float32])
	if !ok {
		return nil, nil, fmt.Errorf("the model's output is not a float tensor")
	}
	data := append([]float32(nil), t.GetData()...)
	return data, []int64(t.GetShape()), nil
}

func (m *onnxModel) close() { m.s.Destroy() }
