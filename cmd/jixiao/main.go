// Command jixiao turns Chinese government budget-performance forms
// (项目支出绩效目标申报表) into structured data.
//
// Usage:
//
//	jixiao extract [flags] PATH...
//	jixiao compare [-o FILE] FORMS.jsonl...
//	jixiao rules [--json]
//	jixiao schema
//	jixiao version
//
// Run "jixiao extract --help" for the flags of extract.
package main

import (
	"fmt"
	"io"
	"os"

	"github.com/jixiao/jixiao/model"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "dev"

// Exit statuses, as the contract gives them.
const (
	exitOK          = 0
	exitFailed      = 1 // at least one file failed; the others were written
	exitUsage       = 2
	exitInterrupted = 130
)

const usage = `jixiao turns 项目支出绩效目标申报表 (project expenditure performance-target
declaration forms) into JSON Lines.

Usage:

  jixiao extract [flags] PATH...   read forms from files and directories
  jixiao compare FORMS.jsonl...    set self-evaluations beside their target forms
  jixiao rules [--json]            list the review rules behind each form's findings
  jixiao schema                    print the JSON Schema of the output
  jixiao version                   print the version

Run "jixiao extract --help" for the flags and examples.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run runs the command line args and returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "extract":
		return extractCmd(args[1:], stdin, stdout, stderr)
	case "compare":
		return compareCmd(args[1:], stdout, stderr)
	case "rules":
		return rulesCmd(args[1:], stdout, stderr)
	case "schema":
		stdout.Write(model.Schema)
		return exitOK
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "jixiao %s (output contract version %d)\n", version, model.SchemaVersion)
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "jixiao: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}
