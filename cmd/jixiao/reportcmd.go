package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/jixiao/jixiao/model"
)

const reportUsage = `Usage: jixiao report --html FILE REPORT FORMS.jsonl

Writes the HTML page for auditors that "jixiao extract --html" writes, from
a run's report and a forms file: the totals of REPORT, the files it lists
that gave no form, and every form of FORMS.jsonl (all of them, also those a
resumed run kept from the run before it). Source paths are taken as
relative to the current directory, as extract wrote them.
`

func reportCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("report", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	html := fs.String("html", "", "write the page to `FILE`")
	var paths []string
	rest := args
	for {
		err := fs.Parse(rest)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, reportUsage)
			fs.SetOutput(stdout)
			fs.PrintDefaults()
			return exitOK
		}
		if err != nil {
			fmt.Fprintf(stderr, "jixiao report: %v\n%s", err, reportUsage)
			return exitUsage
		}
		if fs.NArg() == 0 {
			break
		}
		paths = append(paths, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if *html == "" || len(paths) != 2 {
		fmt.Fprintf(stderr, "jixiao report: want --html FILE, a REPORT and a FORMS.jsonl\n%s", reportUsage)
		return exitUsage
	}
	for _, p := range paths {
		if !isStdout(*html) && samePath(*html, p) {
			fmt.Fprintf(stderr, "jixiao report: --html %s is also an input: it would be replaced\n", *html)
			return exitUsage
		}
	}
	if err := writeReportPage(*html, paths[0], paths[1], stdout); err != nil {
		fmt.Fprintf(stderr, "jixiao report: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func writeReportPage(html, report, forms string, stdout io.Writer) error {
	b, err := os.ReadFile(report)
	if err != nil {
		return err
	}
	var rep model.Report
	if err := json.Unmarshal(b, &rep); err != nil {
		return fmt.Errorf("%s: not a run report: %w", report, err)
	}
	f, err := os.Open(forms)
	if err != nil {
		return err
	}
	defer f.Close()
	page, err := newHTMLPage(html, stdout)
	if err != nil {
		return err
	}
	for _, fr := range rep.Files {
		page.addFile(fr)
	}
	if err := eachForm(f, page.addForm); err != nil {
		page.abort()
		return fmt.Errorf("%s: %w", forms, err)
	}
	rep.Files = nil
	return page.finish(rep)
}
