package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"

	"github.com/jixiao/jixiao/model"
)

// reporter collects the run report. The files' entries go to a temporary
// file as they come, so that a run over a million files holds none of them
// in memory; the report is put together from it at the end.
type reporter struct {
	head  model.Report // all but Files
	tmp   *os.File     // one entry per line; nil without --report
	w     *bufio.Writer
	enc   *json.Encoder
	count int
	err   error
}

func newReporter(name string, head model.Report) (*reporter, error) {
	r := &reporter{head: head}
	if name == "" {
		return r, nil
	}
	f, err := os.CreateTemp("", "jixiao-report-*.jsonl")
	if err != nil {
		return nil, err
	}
	os.Remove(f.Name()) // gone when closed, whatever happens
	r.tmp, r.w = f, bufio.NewWriter(f)
	r.enc = json.NewEncoder(r.w)
	r.enc.SetEscapeHTML(false)
	return r, nil
}

// add records one file.
func (r *reporter) add(f model.FileReport) {
	r.head.Totals.Add(f)
	if r.tmp == nil || r.err != nil {
		return
	}
	if err := r.enc.Encode(f); err != nil {
		r.err = err
	}
	r.count++
}

// write writes the report to name.
func (r *reporter) write(name string, stdout io.Writer) error {
	if r.tmp == nil {
		return nil
	}
	defer r.tmp.Close()
	if r.err != nil {
		return r.err
	}
	if err := r.w.Flush(); err != nil {
		return err
	}
	o, err := create(name, stdout)
	if err != nil {
		return err
	}
	var hb bytes.Buffer
	enc := json.NewEncoder(&hb)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(r.head); err != nil {
		o.abort()
		return err
	}
	head := bytes.TrimSuffix(hb.Bytes(), []byte("\n"))
	// head ends in `"files": null` + "\n}": the entries go in its place,
	// one file to a line.
	head = bytes.TrimSuffix(head, []byte("null\n}"))
	o.Write(head)
	o.WriteString("[")
	if _, err := r.tmp.Seek(0, io.SeekStart); err != nil {
		o.abort()
		return err
	}
	sc := bufio.NewScanner(r.tmp)
	sc.Buffer(nil, 1<<20)
	for i := 0; sc.Scan(); i++ {
		if i > 0 {
			o.WriteString(",")
		}
		o.WriteString("\n    ")
		o.Write(sc.Bytes())
	}
	if err := sc.Err(); err != nil {
		o.abort()
		return err
	}
	if r.count > 0 {
		o.WriteString("\n  ")
	}
	o.WriteString("]\n}\n")
	return o.commit()
}
