package model

import _ "embed"

// Schema is the JSON Schema (draft 2020-12) of the output: a line of -o
// validates against it as a form, a line of --rows as a row; its $defs
// "report" is the run report.
//
//go:embed schema.json
var Schema []byte
