//go:build !cgo

package ocr

import "errors"

// Without cgo ONNX Runtime cannot be loaded: Open says so.
const available = false

func initRuntime(string) error { return ErrUnavailable }

func openModel(string, int) (model, error) { return nil, errors.New("unavailable") }
