package main

import (
	"io"

	"github.com/schollz/progressbar/v3"

	"github.com/jixiao/jixiao/model"
)

// progress shows a bar on standard error when it is a terminal.
type progress struct {
	bar   *progressbar.ProgressBar
	total int // files the walk has found
}

// newProgress starts a bar on w when show is set (w is a terminal and -q
// is unset). Its total grows as the walk finds files (found), so that no
// second walk of the paths is needed.
func newProgress(w io.Writer, show bool) *progress {
	if !show {
		return &progress{}
	}
	bar := progressbar.NewOptions(0,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("extracting"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)
	return &progress{bar: bar}
}

// found counts one more file in the bar's total.
func (p *progress) found() {
	if p.bar != nil {
		p.total++
		p.bar.ChangeMax(p.total)
	}
}

func (p *progress) active() bool { return p.bar != nil }

func (p *progress) done(f *model.FileReport) {
	if p.bar != nil {
		p.bar.Add(1)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}
