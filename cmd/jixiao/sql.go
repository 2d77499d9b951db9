package main

import (
	"fmt"
	"strings"
)

// The warehouse's tables, built from one list of columns for both
// dialects: jixiao_forms (a line of -o, flattened: source, project, funds
// and goals as columns, the funds' items, the hierarchy, findings and
// warnings as JSON), jixiao_rows (a line of --rows), a staging table that
// the lines are copied into as they are, and a loader that upserts the
// staged lines, drops the rows a reloaded form no longer has, and logs
// what it changed in jixiao_loads. Numbers are exact: numeric in
// PostgreSQL, their JSON text in SQLite (whose REAL would round them).
// No text of a document is ever part of an SQL statement: the lines are
// copied in as data (COPY, .import) and taken apart by the loader.

// kind is a column's type.
type kind int

const (
	kText kind = iota
	kInteger
	kNumeric
	kBoolean
	kJSON
)

// column is one column and the JSON path of its value in the line.
type column struct {
	name    string
	path    string // dotted
	kind    kind
	notNull bool
}

func col(name, path string, k kind) column   { return column{name, path, k, false} }
func colNN(name, path string, k kind) column { return column{name, path, k, true} }
func amountColumns(period string) (cs []column) {
	for _, f := range []string{"total", "fiscal", "other", "carryover"} {
		cs = append(cs, col(period+"_"+f, "funds."+period+"."+f, kNumeric))
	}
	return cs
}

var formColumns = func() []column {
	cs := []column{
		colNN("id", "id", kText),
		colNN("schema_version", "schema_version", kInteger),
		colNN("source_path", "source.path", kText),
		colNN("source_sha256", "source.sha256", kText),
		colNN("source_format", "source.format", kText),
		col("source_encoding", "source.encoding", kText),
		colNN("form_index", "source.form_index", kInteger),
		col("source_pages", "source.pages", kJSON),
		col("source_sheet", "source.sheet", kText),
		col("source_cells", "source.cells", kText),
		col("source_lines", "source.lines", kJSON),
		col("source_table", "source.table", kInteger),
		colNN("form_type", "form_type", kText),
		col("title", "title", kText),
		col("year", "year", kInteger),
		col("project_key", "project.key", kText),
		col("project_name", "project.name", kText),
		col("project_category", "project.category", kText),
		col("department_code", "project.department_code", kText),
		col("department", "project.department", kText),
		col("implementing_unit", "project.implementing_unit", kText),
		col("project_attribute", "project.attribute", kText),
		col("period_years", "project.period_years", kInteger),
		col("project_start", "project.start", kText),
		col("project_end", "project.end", kText),
		colNN("funds_unit", "funds.unit", kText),
		col("funds_stated_unit", "funds.stated_unit", kText),
	}
	for _, p := range []string{"mid_term", "annual", "initial", "executed"} {
		cs = append(cs, amountColumns(p)...)
	}
	return append(cs,
		col("funds_weight", "funds.weight", kNumeric),
		col("funds_score", "funds.score", kNumeric),
		colNN("funds", "funds", kJSON),
		col("mid_term_goal_start_year", "goals.mid_term.start_year", kInteger),
		col("mid_term_goal_end_year", "goals.mid_term.end_year", kInteger),
		col("mid_term_goal", "goals.mid_term.text", kText),
		col("annual_goal", "goals.annual.text", kText),
		col("annual_goal_actual", "goals.annual.actual", kText),
		colNN("indicators", "indicators", kJSON),
		col("score", "score", kNumeric),
		colNN("findings", "findings", kJSON),
		colNN("warnings", "warnings", kJSON),
	)
}()

var rowColumns = []column{
	colNN("form_id", "form_id", kText),
	colNN("period", "period", kText),
	colNN("position", "position", kInteger),
	colNN("source_path", "source_path", kText),
	colNN("form_type", "form_type", kText),
	col("year", "year", kInteger),
	col("department_code", "department_code", kText),
	col("department", "department", kText),
	col("project_name", "project_name", kText),
	col("project_key", "project_key", kText),
	colNN("level1", "level1", kText),
	colNN("level1_code", "level1_code", kText),
	colNN("level2", "level2", kText),
	colNN("level2_code", "level2_code", kText),
	colNN("name", "name", kText),
	colNN("raw", "raw", kText),
	col("operator", "operator", kText),
	col("value", "value", kNumeric),
	col("unit", "unit", kText),
	col("text", "text", kText),
	colNN("core", "core", kBoolean),
	col("weight", "weight", kNumeric),
	col("note", "note", kText),
	colNN("location", "where", kJSON), // "where" is a keyword of SQL
	col("actual_raw", "actual_raw", kText),
	col("actual_operator", "actual_operator", kText),
	col("actual_value", "actual_value", kNumeric),
	col("actual_unit", "actual_unit", kText),
	col("actual_text", "actual_text", kText),
	col("score", "score", kNumeric),
	col("extra", "extra", kJSON),
}

// dialect says how one SQL dialect types and extracts a column.
type dialect struct {
	name    string
	typ     map[kind]string
	extract func(c column) string // from the staged line, s.doc
}

var postgresTypes = map[kind]string{kText: "text", kInteger: "integer", kNumeric: "numeric", kBoolean: "boolean", kJSON: "jsonb"}

var postgres = dialect{
	name: "PostgreSQL",
	typ:  postgresTypes,
	extract: func(c column) string {
		p := "'{" + strings.ReplaceAll(c.path, ".", ",") + "}'"
		switch c.kind {
		case kInteger, kNumeric, kBoolean:
			// #>> of a json (not jsonb) value is its text as written, so a
			// number reaches numeric exactly.
			return fmt.Sprintf("(s.doc #>> %s)::%s", p, postgresTypes[c.kind])
		case kJSON:
			return fmt.Sprintf("NULLIF((s.doc #> %s)::jsonb, 'null'::jsonb)", p)
		}
		return "s.doc #>> " + p
	},
}

var sqlite = dialect{
	name: "SQLite",
	typ:  map[kind]string{kText: "TEXT", kInteger: "INTEGER", kNumeric: "TEXT", kBoolean: "INTEGER", kJSON: "TEXT"},
	extract: func(c column) string {
		p := "'$." + c.path + "'"
		switch c.kind {
		case kNumeric, kJSON:
			// -> gives the JSON text of the value, a number as written;
			// json_extract would give a REAL, rounded.
			return fmt.Sprintf("NULLIF(s.doc -> %s, 'null')", p)
		}
		return fmt.Sprintf("json_extract(s.doc, %s)", p)
	},
}

func names(cs []column, prefix string) string {
	var b []string
	for _, c := range cs {
		b = append(b, prefix+c.name)
	}
	return strings.Join(b, ", ")
}

func (d dialect) table(name string, cs []column, key, extra string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "CREATE TABLE IF NOT EXISTS %s (\n", name)
	for _, c := range cs {
		nn := ""
		if c.notNull {
			nn = " NOT NULL"
		}
		fmt.Fprintf(&b, "  %s %s%s,\n", c.name, d.typ[c.kind], nn)
	}
	if extra != "" {
		b.WriteString("  " + extra + ",\n")
	}
	fmt.Fprintf(&b, "  PRIMARY KEY (%s)\n);\n", key)
	return b.String()
}

func (d dialect) selectList(cs []column) string {
	var b []string
	for _, c := range cs {
		b = append(b, "    "+d.extract(c)+" AS "+c.name)
	}
	return strings.Join(b, ",\n")
}

// upsert inserts the staged lines into table, updating a row only where a
// value differs, so that a second load of the same lines changes nothing.
func upsert(table string, cs []column, key, from string) string {
	var set, old, neu []string
	for _, c := range cs {
		if strings.Contains(", "+key+",", ", "+c.name+",") {
			continue
		}
		set = append(set, c.name+" = excluded."+c.name)
		old = append(old, table+"."+c.name)
		neu = append(neu, "excluded."+c.name)
	}
	return fmt.Sprintf("INSERT INTO %s (%s)\n%s\nON CONFLICT (%s) DO UPDATE SET\n    %s\n  WHERE (%s)\n    IS DISTINCT FROM (%s)",
		table, names(cs, ""), from, key, strings.Join(set, ",\n    "), strings.Join(old, ", "), strings.Join(neu, ", "))
}

const formKey, rowKey = "id", "form_id, period, position"

func header(d dialect) string {
	return fmt.Sprintf(`-- The jixiao warehouse in %s (output contract version 2), as
-- "jixiao schema --sql %s" prints it. Running it again changes no data: it
-- creates what is missing and replaces the loader. docs/warehouse.md says
-- how to load a run's forms and rows; scripts/load-%s does it.
`, d.name, strings.ToLower(strings.TrimSuffix(d.name, "QL")), strings.ToLower(strings.TrimSuffix(d.name, "QL")))
}

// postgresDDL is the tables and the loader, jixiao_load(), for PostgreSQL.
var postgresDDL = func() string {
	d := postgres
	var b strings.Builder
	b.WriteString(header(d))
	b.WriteString(`
SET client_min_messages = warning;

-- The lines of -o and --rows as they are: COPY in CSV mode with a quote and
-- a delimiter that JSON text never holds (encoding/json escapes every
-- control character), so each line is one value, backslashes and all.
CREATE UNLOGGED TABLE IF NOT EXISTS jixiao_stage (
  n bigint GENERATED ALWAYS AS IDENTITY,
  doc json NOT NULL
);

`)
	b.WriteString(d.table("jixiao_forms", formColumns, formKey, ""))
	b.WriteString("CREATE INDEX IF NOT EXISTS jixiao_forms_project_key ON jixiao_forms (project_key);\n\n")
	b.WriteString(d.table("jixiao_rows", rowColumns, rowKey, "FOREIGN KEY (form_id) REFERENCES jixiao_forms (id) ON DELETE CASCADE"))
	b.WriteString("CREATE INDEX IF NOT EXISTS jixiao_rows_project_key ON jixiao_rows (project_key);\n\n")
	b.WriteString(`CREATE TABLE IF NOT EXISTS jixiao_loads (
  loaded_at timestamptz NOT NULL DEFAULT now(),
  forms_changed bigint NOT NULL,
  rows_deleted bigint NOT NULL,
  rows_changed bigint NOT NULL
);

-- jixiao_load() upserts the staged lines (a form's line has no form_id, a
-- row's has), the last of a repeated key winning; deletes the rows of a
-- loaded form that its new rows no longer have; empties the stage; logs
-- and returns what changed. A row is only updated where a value differs.
CREATE OR REPLACE FUNCTION jixiao_load(OUT forms_changed bigint, OUT rows_deleted bigint, OUT rows_changed bigint)
LANGUAGE plpgsql SET client_min_messages = warning AS $jixiao$
BEGIN
  DROP TABLE IF EXISTS jixiao_staged_forms, jixiao_staged_rows;
  CREATE TEMP TABLE jixiao_staged_forms ON COMMIT DROP AS
  SELECT DISTINCT ON (id) * FROM (
  SELECT s.n,
`)
	b.WriteString(d.selectList(formColumns))
	b.WriteString(`
  FROM jixiao_stage s WHERE s.doc ->> 'form_id' IS NULL) f
  ORDER BY id, n DESC;
  CREATE TEMP TABLE jixiao_staged_rows ON COMMIT DROP AS
  SELECT DISTINCT ON (form_id, period, position) * FROM (
  SELECT s.n,
`)
	b.WriteString(d.selectList(rowColumns))
	b.WriteString(`
  FROM jixiao_stage s WHERE s.doc ->> 'form_id' IS NOT NULL) r
  ORDER BY form_id, period, position, n DESC;

  WITH up AS (
`)
	b.WriteString(upsert("jixiao_forms", formColumns, formKey, "  SELECT "+names(formColumns, "")+" FROM jixiao_staged_forms"))
	b.WriteString(`
  RETURNING 1)
  SELECT count(*) INTO forms_changed FROM up;

  WITH gone AS (
    DELETE FROM jixiao_rows r USING jixiao_staged_forms f
    WHERE r.form_id = f.id AND NOT EXISTS (
      SELECT 1 FROM jixiao_staged_rows x WHERE (x.form_id, x.period, x.position) = (r.form_id, r.period, r.position))
    RETURNING 1)
  SELECT count(*) INTO rows_deleted FROM gone;

  WITH up AS (
`)
	b.WriteString(upsert("jixiao_rows", rowColumns, rowKey, "  SELECT "+names(rowColumns, "")+" FROM jixiao_staged_rows"))
	b.WriteString(`
  RETURNING 1)
  SELECT count(*) INTO rows_changed FROM up;

  DELETE FROM jixiao_stage;
  INSERT INTO jixiao_loads (forms_changed, rows_deleted, rows_changed) VALUES (forms_changed, rows_deleted, rows_changed);
END
$jixiao$;
`)
	return b.String()
}()

// sqliteDDL is the tables and the loader for SQLite: inserting into the
// view jixiao_load runs its trigger, which does what jixiao_load() does in
// PostgreSQL.
var sqliteDDL = func() string {
	d := sqlite
	var b strings.Builder
	b.WriteString(header(d))
	b.WriteString(`
-- The lines of -o and --rows as they are (.import in ascii mode, one line a
-- value), indexed as the loader looks rows up.
CREATE TABLE IF NOT EXISTS jixiao_stage (doc TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS jixiao_stage_rows ON jixiao_stage (
  json_extract(doc, '$.form_id'), json_extract(doc, '$.period'), json_extract(doc, '$.position'));

-- Numbers are their JSON text, exact (TEXT): CAST(value AS REAL) for
-- arithmetic that may round. core is 0 or 1. JSON columns are JSON text.
`)
	b.WriteString(d.table("jixiao_forms", formColumns, formKey, ""))
	b.WriteString("CREATE INDEX IF NOT EXISTS jixiao_forms_project_key ON jixiao_forms (project_key);\n\n")
	b.WriteString("-- The foreign key holds where PRAGMA foreign_keys is on.\n")
	b.WriteString(d.table("jixiao_rows", rowColumns, rowKey, "FOREIGN KEY (form_id) REFERENCES jixiao_forms (id) ON DELETE CASCADE"))
	b.WriteString("CREATE INDEX IF NOT EXISTS jixiao_rows_project_key ON jixiao_rows (project_key);\n\n")
	b.WriteString(`CREATE TABLE IF NOT EXISTS jixiao_loads (
  loaded_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
  forms_changed INTEGER NOT NULL DEFAULT 0,
  rows_deleted INTEGER NOT NULL DEFAULT 0,
  rows_changed INTEGER NOT NULL DEFAULT 0
);

-- INSERT INTO jixiao_load VALUES (1) upserts the staged lines (a form's
-- line has no form_id, a row's has; a repeated key: the last wins),
-- deletes the rows of a loaded form that its new rows no longer have,
-- empties the stage and logs what changed in jixiao_loads. A row is only
-- updated where a value differs.
CREATE VIEW IF NOT EXISTS jixiao_load AS SELECT NULL AS go WHERE 0;
DROP TRIGGER IF EXISTS jixiao_load_run;
CREATE TRIGGER jixiao_load_run INSTEAD OF INSERT ON jixiao_load
BEGIN
  INSERT INTO jixiao_loads (forms_changed) VALUES (0);
`)
	fromForms := "  SELECT\n" + d.selectList(formColumns) + "\n  FROM jixiao_stage s WHERE json_extract(s.doc, '$.form_id') IS NULL ORDER BY s.rowid"
	b.WriteString(strings.Replace(upsert("jixiao_forms", formColumns, formKey, fromForms), "IS DISTINCT FROM", "IS NOT", 1))
	b.WriteString(`;
  UPDATE jixiao_loads SET forms_changed = changes() WHERE rowid = (SELECT max(rowid) FROM jixiao_loads);
  DELETE FROM jixiao_rows
  WHERE form_id IN (SELECT json_extract(doc, '$.id') FROM jixiao_stage WHERE json_extract(doc, '$.form_id') IS NULL)
    AND NOT EXISTS (SELECT 1 FROM jixiao_stage s -- unary + keeps the columns' affinity off, so that the index serves
      WHERE json_extract(s.doc, '$.form_id') = +jixiao_rows.form_id AND json_extract(s.doc, '$.period') = +jixiao_rows.period
        AND json_extract(s.doc, '$.position') = +jixiao_rows.position);
  UPDATE jixiao_loads SET rows_deleted = changes() WHERE rowid = (SELECT max(rowid) FROM jixiao_loads);
`)
	fromRows := "  SELECT\n" + d.selectList(rowColumns) + "\n  FROM jixiao_stage s WHERE json_extract(s.doc, '$.form_id') IS NOT NULL ORDER BY s.rowid"
	b.WriteString(strings.Replace(upsert("jixiao_rows", rowColumns, rowKey, fromRows), "IS DISTINCT FROM", "IS NOT", 1))
	b.WriteString(`;
  UPDATE jixiao_loads SET rows_changed = changes() WHERE rowid = (SELECT max(rowid) FROM jixiao_loads);
  DELETE FROM jixiao_stage;
END;
`)
	return b.String()
}()
