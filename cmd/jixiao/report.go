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
// in memory; the report is put together from it at the end, in an output
// created when the run starts, so that a report that cannot be written is
// found before any work.
type reporter struct {
	head  model.Report // all but Files
	out   *output      // nil without --report
	tmp   *os.File     // one entry per line
	w     *bufio.Writer
	enc   *json.Encoder
	count int
	err   error
}

func newReporter(name string, stdout io.Writer, head model.Report) (*reporter, error) {
	head.Totals.WarningsByCode = map[string]int{}
	head.Totals.FindingsByRule = map[string]int{}
	r := &reporter{head: head}
	if name == "" {
		return r, nil
	}
	out, err := create(name, stdout)
	if err != nil {
		return nil, err
	}
	f, err := os.CreateTemp("", "jixiao-report-*.jsonl")
	if err != nil {
		out.abort()
		return nil, err
	}
	os.Remove(f.Name()) // gone when closed, whatever happens
	r.out, r.tmp, r.w = out, f, bufio.NewWriter(f)
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

// abort discards the report.
func (r *reporter) abort() {
	if r.tmp != nil {
		r.tmp.Close()
	}
	r.out.abort()
}

// write writes the report.
func (r *reporter) write() error {
	if r.tmp == nil {
		return nil
	}
	defer r.tmp.Close()
	o := r.out
	if r.err != nil {
		o.abort()
		return r.err
	}
	if err := r.w.Flush(); err != nil {
		o.abort()
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
