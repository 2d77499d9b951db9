package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/jixiao/jixiao/model"
)

// earlier is what --skip-known takes from an earlier run's report.
type earlier struct {
	name string
	// known holds the sha256 of every file the report lists as ok (or as
	// known, that is ok in a run before it).
	known   map[[sha256.Size]byte]bool
	outputs []model.Output // the files that run wrote
	args    []string
}

// loadKnown reads an earlier run report. The report is read as a stream,
// one entry at a time.
func loadKnown(name string) (*earlier, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	dec := json.NewDecoder(bufio.NewReader(f))
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("%s: not a run report: %w", name, err)
	}
	e := &earlier{name: name, known: map[[sha256.Size]byte]bool{}}
	sawFiles := false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		key, _ := tok.(string)
		switch key {
		case "outputs":
			if err := dec.Decode(&e.outputs); err != nil {
				return nil, fmt.Errorf("%s: outputs: %w", name, err)
			}
			continue
		case "args":
			if err := dec.Decode(&e.args); err != nil {
				return nil, fmt.Errorf("%s: args: %w", name, err)
			}
			continue
		case "files":
		default:
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return nil, fmt.Errorf("%s: %w", name, err)
			}
			continue
		}
		sawFiles = true
		if err := expectDelim(dec, '['); err != nil {
			return nil, fmt.Errorf("%s: files: %w", name, err)
		}
		for dec.More() {
			var fr model.FileReport
			if err := dec.Decode(&fr); err != nil {
				return nil, fmt.Errorf("%s: files: %w", name, err)
			}
			if fr.SHA256 == nil || (fr.Status != model.StatusOK && fr.Status != model.StatusKnown) {
				continue
			}
			var sum [sha256.Size]byte
			if n, err := hex.Decode(sum[:], []byte(*fr.SHA256)); err != nil || n != sha256.Size {
				return nil, fmt.Errorf("%s: %s: bad sha256 %q", name, fr.Path, *fr.SHA256)
			}
			e.known[sum] = true
		}
		if _, err := dec.Token(); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
	}
	if !sawFiles {
		return nil, fmt.Errorf("%s: not a run report: no files", name)
	}
	return e, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err == io.EOF {
		return fmt.Errorf("empty")
	}
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("found %v where %q was expected", tok, want)
	}
	return nil
}
