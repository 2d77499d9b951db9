package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/extract/review"
)

const rulesUsage = `Usage: jixiao rules [--json]

Lists the review rules whose findings "jixiao extract" writes into each
form's findings: each rule's name, severity (error, warning, info), what
it raises and what it checks, in Chinese. A finding is about what a form
says (its funds do not add up, a target is vague); a warning is about
reading it.

Flags:
`

// rulesCmd runs "jixiao rules".
func rulesCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("rules", flag.ContinueOnError)
	asJSON := fs.Bool("json", false, "write the rules as a JSON array")
	if done, status := parseSub(fs, args, rulesUsage, stdout, stderr); done {
		return status
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "jixiao rules: unexpected argument %q\n", fs.Arg(0))
		return exitUsage
	}
	rules := review.Rules()
	if *asJSON {
		type rule struct {
			Name     string `json:"name"`
			Severity string `json:"severity"`
			Summary  string `json:"summary"`
			Doc      string `json:"doc"`
		}
		out := make([]rule, len(rules))
		for i, r := range rules {
			out[i] = rule(r)
		}
		enc := json.NewEncoder(stdout)
		enc.SetEscapeHTML(false)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			fmt.Fprintf(stderr, "jixiao rules: %v\n", err)
			return exitFailed
		}
		return exitOK
	}
	for _, r := range rules {
		fmt.Fprintf(stdout, "%s (%s)\n    %s\n    %s\n\n", r.Name, r.Severity, r.Summary, r.Doc)
	}
	return exitOK
}

// parseSub parses a subcommand's flags. Help (-h, --help) goes to stdout
// with status 0, a flag error to stderr with the usage and status 2; done
// is false when the command should go on.
func parseSub(fs *flag.FlagSet, args []string, usage string, stdout, stderr io.Writer) (done bool, status int) {
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	help := func(w io.Writer) {
		fmt.Fprint(w, usage)
		fs.SetOutput(w)
		fs.PrintDefaults()
	}
	switch err := fs.Parse(args); {
	case err == flag.ErrHelp:
		help(stdout)
		return true, exitOK
	case err != nil:
		fmt.Fprintf(stderr, "jixiao %s: %v\n", fs.Name(), err)
		help(stderr)
		return true, exitUsage
	}
	return false, exitOK
}
