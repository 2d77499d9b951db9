// Command jixiao turns Chinese government budget-performance forms
// (项目支出绩效目标申报表) into structured data.
//
// Usage:
//
//	jixiao extract [flags] PATH...
//	jixiao compare [-o FILE] FORMS.jsonl...
//	jixiao rules [--json]
//	jixiao report --html FILE REPORT FORMS.jsonl
//	jixiao schema [--sql postgres|sqlite]
//	jixiao version
//
// Run "jixiao extract --help" for the flags of extract.
package main

import (
	"fmt"
	"io"
	"os"
	"runtime/debug"

	"github.com/jixiao/jixiao/model"
)

// version is set at build time with -ldflags "-X main.version=…"; without
// it the version comes from the build information (toolVersion).
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

  jixiao extract [flags] PATH...               read forms from files and directories
  jixiao compare FORMS.jsonl...                set self-evaluations beside their target forms
  jixiao rules [--json]                        list the review rules behind each form's findings
  jixiao report --html FILE REPORT FORMS.jsonl  the HTML page of a run, from its report and forms
  jixiao schema                                print the JSON Schema of the output
  jixiao schema --sql postgres|sqlite          print the warehouse's tables and their loader
  jixiao version                               print the version
  jixiao help [extract]                        print this, or the flags and examples of extract

Run "jixiao extract --help" for the flags and examples.
`

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// tuneGC lets the heap grow to five times what is live before it is
// collected (GOGC=400), under a soft limit of 1 GiB: a run's live data is
// small and bounded by the bytes in flight, and at Go's default (a heap
// of 4 MiB collected at every few files) a batch of a hundred one-page
// PDFs took 1.8 times the CPU. GOGC or GOMEMLIMIT, when set, rule.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(400)
	debug.SetMemoryLimit(1 << 30)
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
	case "report":
		return reportCmd(args[1:], stdout, stderr)
	case "schema":
		return schemaCmd(args[1:], stdout, stderr)
	case "version", "--version", "-version":
		fmt.Fprintf(stdout, "jixiao %s (output contract version %d)\n", toolVersion(), model.SchemaVersion)
		return exitOK
	case "help", "-h", "-help", "--help":
		if len(args) > 1 && args[1] == "extract" {
			extractHelp(stdout)
			return exitOK
		}
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "jixiao: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

// toolVersion is the version of this build: the one set with -ldflags,
// else the module's version (go install …@v1.2.0, or the pseudo-version
// go build stamps in a clone), else the VCS revision, else "dev".
func toolVersion() string {
	if version != "dev" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	return buildVersion(bi)
}

func buildVersion(bi *debug.BuildInfo) string {
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if modified == "true" {
		rev += "+dirty"
	}
	return rev
}
