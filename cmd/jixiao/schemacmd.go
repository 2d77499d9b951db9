package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/jixiao/jixiao/model"
)

const schemaUsage = `Usage: jixiao schema [--sql postgres|sqlite]

Without --sql, prints the JSON Schema of the output (a line of -o, a line of
--rows, and the run report under $defs). With --sql, prints the tables of
the warehouse in that SQL dialect, and the loader that upserts a run's
forms and rows into them; safe to run again. See docs/warehouse.md.
`

func schemaCmd(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("schema", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	dialect := fs.String("sql", "", "print the SQL tables and loader of `DIALECT`: postgres or sqlite")
	err := fs.Parse(args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		fmt.Fprint(stdout, schemaUsage)
		return exitOK
	case err != nil:
		fmt.Fprintf(stderr, "jixiao schema: %v\n%s", err, schemaUsage)
		return exitUsage
	case fs.NArg() > 0:
		fmt.Fprintf(stderr, "jixiao schema: unexpected %q\n%s", fs.Arg(0), schemaUsage)
		return exitUsage
	}
	switch *dialect {
	case "":
		stdout.Write(model.Schema)
	case "postgres", "postgresql":
		io.WriteString(stdout, postgresDDL)
	case "sqlite", "sqlite3":
		io.WriteString(stdout, sqliteDDL)
	default:
		fmt.Fprintf(stderr, "jixiao schema: --sql %q: want postgres or sqlite\n", *dialect)
		return exitUsage
	}
	return exitOK
}
