package main

import (
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/jixiao/jixiao/model"
)

// progress shows a bar on standard error when it is a terminal.
type progress struct {
	bar *progressbar.ProgressBar
}

// newProgress starts a bar when w is a terminal and quiet is unset; the
// number of files is counted in the background while the run goes on.
func newProgress(w io.Writer, quiet bool, paths []string) *progress {
	f, ok := w.(*os.File)
	if quiet || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	bar := progressbar.NewOptions(-1,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("extracting"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionThrottle(100_000_000),
		progressbar.OptionClearOnFinish(),
	)
	go func() {
		n := 0
		for _, p := range paths {
			filepath.WalkDir(p, func(_ string, d fs.DirEntry, err error) error {
				if err == nil && !d.IsDir() {
					n++
				}
				return nil
			})
		}
		bar.ChangeMax(n)
	}()
	return &progress{bar: bar}
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
