package main

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/model"
)

// The warehouse tests load the fixtures' output with the recipe of
// docs/warehouse.md (scripts/load-postgres, scripts/load-sqlite) twice,
// and hold every column of every loaded form and row to the JSON line it
// came from, read with json.Number, which keeps a number's text: the row
// counts, every number exactly as written, every text byte for byte, every
// JSON column as a value; the second load must change nothing. .ci/run
// sets JIXIAO_WAREHOUSE=required, installs sqlite3 and PostgreSQL and
// starts a server (PGHOST); elsewhere a missing one skips its test.

// warehouseInput writes the forms and rows of the fixtures, and of a form
// made to hold what a careless load would lose: numbers a float rounds,
// backslashes, quotes, control characters and line breaks in text.
func warehouseInput(t *testing.T) (forms, rows string, nForms, nRows int) {
	t.Helper()
	t.Chdir("../..")
	var fb, rb []byte
	for _, dir := range []string{"fixtures/txt", "fixtures/xlsx", "fixtures/docx", "fixtures/pdf"} {
		f, r, status, stderr := extractFiles(t, dir)
		if status != exitOK {
			t.Fatalf("extract %s: %d %s", dir, status, stderr)
		}
		fb, rb = append(fb, f...), append(rb, r...)
	}
	// The hard form: the seed's first form under another id.
	id := strings.Repeat("e", 64) + ":0"
	var form map[string]any
	decodeNumbers(t, lines(fb)[0], &form)
	seedID := form["id"].(string)
	form["id"] = id
	form["source"].(map[string]any)["sha256"] = strings.Repeat("e", 64)
	form["title"] = `a\b"c` + "\\n\n\t\x01\x02\x7f'; DROP TABLE jixiao_forms; --"
	funds := form["funds"].(map[string]any)
	funds["mid_term"].(map[string]any)["total"] = json.Number("123399.99999999999")
	funds["annual"].(map[string]any)["fiscal"] = json.Number("0.00000000000000000001")
	funds["annual"].(map[string]any)["other"] = json.Number("-12345678901234567890123456789.5")
	line, _ := json.Marshal(form)
	fb = append(append(fb, line...), '\n')
	n := 0
	for _, l := range lines(rb) {
		var row map[string]any
		decodeNumbers(t, l, &row)
		if row["form_id"] != seedID {
			continue
		}
		row["form_id"] = id
		row["value"] = json.Number([]string{"123399.99999999999", "0.1", "0.0000001", "100", "33.333333333333333333"}[n%5])
		row["name"] = `\"` + row["name"].(string) + "\\"
		line, _ := json.Marshal(row)
		rb = append(append(rb, line...), '\n')
		n++
	}
	dir := t.TempDir()
	forms, rows = filepath.Join(dir, "forms.jsonl"), filepath.Join(dir, "rows.jsonl")
	os.WriteFile(forms, fb, 0o644)
	os.WriteFile(rows, rb, 0o644)
	return forms, rows, len(lines(fb)), len(lines(rb))
}

func decodeNumbers(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatal(err)
	}
}

// need returns the path of a command, skipping the test without it unless
// the warehouse is required.
func need(t *testing.T, name string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err == nil {
		return p
	}
	if os.Getenv("JIXIAO_WAREHOUSE") == "required" {
		t.Fatalf("%s is not installed, and JIXIAO_WAREHOUSE=required", name)
	}
	t.Skipf("%s is not installed", name)
	return ""
}

// warehouse is one database the recipe loads into.
type warehouse struct {
	load  func(t *testing.T) string             // runs the recipe, returns its output
	query func(t *testing.T, sql string) string // tab-separated, NULL for null
	// enc says how a column is selected so that the query's text of it
	// can be compared: the select expression.
	enc  func(c column) string
	bool [2]string // false and true as the query writes them
}

var loadLine = regexp.MustCompile(`forms changed (\d+) rows deleted (\d+) rows changed (\d+)`)

// checkWarehouse loads forms and rows twice and checks the tables.
func checkWarehouse(t *testing.T, w warehouse, forms, rows string, nForms, nRows int) {
	first := loadLine.FindStringSubmatch(w.load(t))
	if first == nil || first[1] != fmt.Sprint(nForms) || first[3] != fmt.Sprint(nRows) {
		t.Fatalf("first load: %v, want %d forms and %d rows changed", first, nForms, nRows)
	}
	if got := w.query(t, "SELECT count(*) FROM jixiao_forms"); got != fmt.Sprint(nForms) {
		t.Errorf("%s forms in jixiao_forms, want %d", got, nForms)
	}
	if got := w.query(t, "SELECT count(*) FROM jixiao_rows"); got != fmt.Sprint(nRows) {
		t.Errorf("%s rows in jixiao_rows, want %d", got, nRows)
	}
	formsDump, rowsDump := w.dump(t, "jixiao_forms", formColumns, formKey), w.dump(t, "jixiao_rows", rowColumns, rowKey)
	compareTable(t, w, "jixiao_forms", formColumns, forms, formsDump)
	compareTable(t, w, "jixiao_rows", rowColumns, rows, rowsDump)

	second := loadLine.FindStringSubmatch(w.load(t))
	if second == nil || second[1] != "0" || second[2] != "0" || second[3] != "0" {
		t.Errorf("second load: %v, want nothing changed", second)
	}
	if w.dump(t, "jixiao_forms", formColumns, formKey) != formsDump || w.dump(t, "jixiao_rows", rowColumns, rowKey) != rowsDump {
		t.Error("the second load changed the tables")
	}
}

// dump selects every column of table, keyed, in key order.
func (w warehouse) dump(t *testing.T, table string, cs []column, key string) string {
	var sel []string
	for _, c := range cs {
		sel = append(sel, w.enc(c))
	}
	return w.query(t, fmt.Sprintf("SELECT %s FROM %s ORDER BY %s", strings.Join(sel, ", "), table, key))
}

// compareTable holds each line of the table's dump to the JSON line of the
// same key.
func compareTable(t *testing.T, w warehouse, table string, cs []column, file, dump string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]map[string]any{}
	keyOf := func(vals []string) string { return strings.Join(vals, "\x00") }
	nKey := len(strings.Split(map[string]string{"jixiao_forms": formKey, "jixiao_rows": rowKey}[table], ","))
	for _, l := range lines(data) {
		var m map[string]any
		decodeNumbers(t, l, &m)
		var key []string
		for _, c := range cs[:nKey] {
			key = append(key, fmt.Sprint(pathValue(m, c.path)))
		}
		want[keyOf(key)] = m
	}
	compared, numbers := 0, 0
	for _, line := range strings.Split(dump, "\n") {
		vals := strings.Split(line, "\t")
		if len(vals) != len(cs) {
			t.Fatalf("%s: a line of %d values, want %d: %q", table, len(vals), len(cs), line)
		}
		key := append([]string(nil), vals[:nKey]...)
		for i := range key {
			if cs[i].kind == kText {
				b, _ := hex.DecodeString(strings.ToLower(key[i]))
				key[i] = string(b)
			}
		}
		m, ok := want[keyOf(key)]
		if !ok {
			t.Errorf("%s: %q is in no line", table, key)
			continue
		}
		for i, c := range cs {
			v := pathValue(m, c.path)
			if msg := differs(w, c, v, vals[i]); msg != "" {
				t.Errorf("%s %q %s: %s", table, key, c.name, msg)
			}
			compared++
			if c.kind == kNumeric && v != nil {
				numbers++
			}
		}
	}
	if compared == 0 || numbers < 100 {
		t.Errorf("%s: only %d values and %d numbers compared", table, compared, numbers)
	}
	t.Logf("%s: %d values compared, %d of them numbers", table, compared, numbers)
}

// pathValue returns the value at a dotted path, nil where there is none.
func pathValue(m map[string]any, path string) any {
	var v any = m
	for _, k := range strings.Split(path, ".") {
		o, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = o[k]
	}
	return v
}

// differs compares a column's text in the dump with the JSON value.
func differs(w warehouse, c column, want any, got string) string {
	if want == nil {
		if got != "NULL" {
			return fmt.Sprintf("%q, want NULL", got)
		}
		return ""
	}
	switch c.kind {
	case kText:
		b, err := hex.DecodeString(strings.ToLower(got))
		if err != nil || string(b) != want {
			return fmt.Sprintf("%q, want %q", b, want)
		}
	case kInteger, kNumeric:
		if n, ok := want.(json.Number); !ok || got != string(n) {
			return fmt.Sprintf("%s, want %v exactly", got, want)
		}
	case kBoolean:
		if got != w.bool[map[bool]int{false: 0, true: 1}[want.(bool)]] {
			return fmt.Sprintf("%s, want %v", got, want)
		}
	case kJSON:
		b, err := hex.DecodeString(strings.ToLower(got))
		if err != nil {
			return err.Error()
		}
		var v any
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil || !reflect.DeepEqual(v, want) {
			return fmt.Sprintf("%s, want %v", b, want)
		}
	}
	return ""
}

func runScript(t *testing.T, env []string, script string, args ...string) string {
	t.Helper()
	cmd := exec.Command("bash", append([]string{script}, args...)...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return string(out)
}

func TestWarehouseSQLite(t *testing.T) {
	bin := binary(t)
	sqlite3 := need(t, "sqlite3")
	forms, rows, nForms, nRows := warehouseInput(t)
	db := filepath.Join(t.TempDir(), "w.db")
	env := []string{"JIXIAO=" + bin}
	w := warehouse{
		load: func(t *testing.T) string { return runScript(t, env, "scripts/load-sqlite", db, forms, rows) },
		query: func(t *testing.T, sql string) string {
			out, err := exec.Command(sqlite3, "-bail", "-separator", "\t", "-nullvalue", "NULL", db, sql).CombinedOutput()
			if err != nil {
				t.Fatalf("sqlite3: %v\n%s", err, out)
			}
			return strings.TrimSuffix(string(out), "\n")
		},
		enc: func(c column) string {
			if c.kind == kText || c.kind == kJSON {
				return fmt.Sprintf("CASE WHEN %s IS NULL THEN 'NULL' ELSE hex(%[1]s) END", c.name)
			}
			return c.name
		},
		bool: [2]string{"0", "1"},
	}
	checkWarehouse(t, w, forms, rows, nForms, nRows)
	checkStaleRows(t, forms, rows, func(f, r string) string { return runScript(t, env, "scripts/load-sqlite", db, f, r) })
	if got := w.query(t, "SELECT typeof(value) FROM jixiao_rows WHERE value IS NOT NULL GROUP BY 1"); got != "text" {
		t.Errorf("values are stored as %s, want text (exact)", got)
	}
}

func TestWarehousePostgres(t *testing.T) {
	bin := binary(t)
	psql := need(t, "psql")
	if os.Getenv("PGHOST") == "" {
		if os.Getenv("JIXIAO_WAREHOUSE") == "required" {
			t.Fatal("no PostgreSQL server: PGHOST is not set, and JIXIAO_WAREHOUSE=required")
		}
		t.Skip("no PostgreSQL server (set PGHOST)")
	}
	forms, rows, nForms, nRows := warehouseInput(t)
	db := fmt.Sprintf("jixiao_test_%d", os.Getpid())
	admin := func(sql string) {
		if out, err := exec.Command(psql, "-X", "-q", "-d", "postgres", "-c", sql).CombinedOutput(); err != nil {
			t.Fatalf("psql %s: %v\n%s", sql, err, out)
		}
	}
	admin("DROP DATABASE IF EXISTS " + db)
	admin("CREATE DATABASE " + db)
	t.Cleanup(func() { admin("DROP DATABASE IF EXISTS " + db) })
	env := []string{"JIXIAO=" + bin, "PGDATABASE=" + db}
	w := warehouse{
		load: func(t *testing.T) string { return runScript(t, env, "scripts/load-postgres", forms, rows) },
		query: func(t *testing.T, sql string) string {
			out, err := exec.Command(psql, "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=NULL", "-v", "ON_ERROR_STOP=1", "-d", db, "-c", sql).CombinedOutput()
			if err != nil {
				t.Fatalf("psql: %v\n%s", err, out)
			}
			return strings.TrimSuffix(string(out), "\n")
		},
		enc: func(c column) string {
			switch c.kind {
			case kText, kJSON:
				return fmt.Sprintf("encode(convert_to(%s::text, 'UTF8'), 'hex')", c.name)
			}
			return c.name + "::text" // numeric::text, the number as stored
		},
		bool: [2]string{"false", "true"},
	}
	// The versions of the rows: a second load that rewrote a row, even
	// with the same values, would change them.
	versions := func() string {
		return w.query(t, "SELECT md5(string_agg(xmin::text, ',' ORDER BY id)) FROM jixiao_forms") +
			w.query(t, "SELECT md5(string_agg(xmin::text, ',' ORDER BY form_id, period, position)) FROM jixiao_rows")
	}
	first := false
	load := w.load
	var before string
	w.load = func(t *testing.T) string {
		out := load(t)
		if !first {
			first, before = true, versions()
		} else if versions() != before {
			t.Error("the second load wrote new versions of rows")
		}
		return out
	}
	checkWarehouse(t, w, forms, rows, nForms, nRows)
	checkStaleRows(t, forms, rows, func(f, r string) string { return runScript(t, env, "scripts/load-postgres", f, r) })
	if got := w.query(t, "SELECT value::text FROM jixiao_rows WHERE form_id = '"+strings.Repeat("e", 64)+":0' AND period = 'mid_term' AND position = 0"); got != "123399.99999999999" {
		t.Errorf("the value a float rounds: %s", got)
	}
}

// checkStaleRows reloads the hard form with fewer rows: the rows it no
// longer has are deleted; then the whole again.
func checkStaleRows(t *testing.T, forms, rows string, load func(forms, rows string) string) {
	t.Helper()
	id := strings.Repeat("e", 64) + ":0"
	fb, _ := os.ReadFile(forms)
	rb, _ := os.ReadFile(rows)
	var f, r []byte
	for _, l := range lines(fb) {
		if bytes.Contains(l, []byte(`"id":"`+id+`"`)) {
			f = append(append(f, l...), '\n')
		}
	}
	kept, all := 0, 0
	for _, l := range lines(rb) {
		if bytes.Contains(l, []byte(`"form_id":"`+id+`"`)) {
			if kept < 5 {
				r = append(append(r, l...), '\n')
				kept++
			}
			all++
		}
	}
	gone := fmt.Sprint(all - kept)
	dir := t.TempDir()
	pf, pr := filepath.Join(dir, "f.jsonl"), filepath.Join(dir, "r.jsonl")
	os.WriteFile(pf, f, 0o644)
	os.WriteFile(pr, r, 0o644)
	m := loadLine.FindStringSubmatch(load(pf, pr))
	if m == nil || m[1] != "0" || m[2] != gone || m[3] != "0" || all < 10 {
		t.Errorf("a form reloaded with 5 of its %d rows: %v, want %s rows deleted and nothing else", all, m, gone)
	}
	if m := loadLine.FindStringSubmatch(load(forms, rows)); m == nil || m[3] != gone {
		t.Errorf("the whole again: %v, want %s rows changed", m, gone)
	}
}

// TestSQLColumnsCoverOutput: every key of a row is a column of
// jixiao_rows, and every key of a form is a column of jixiao_forms or
// inside one of its JSON columns, so that a key added to the output cannot
// be left out of the warehouse.
func TestSQLColumnsCoverOutput(t *testing.T) {
	check := func(typ reflect.Type, cs []column, table string) {
		var paths []string
		var walk func(reflect.Type, string)
		walk = func(typ reflect.Type, prefix string) {
			for typ.Kind() == reflect.Pointer {
				typ = typ.Elem()
			}
			if typ.Kind() != reflect.Struct || typ == reflect.TypeFor[model.Number]() {
				paths = append(paths, strings.TrimPrefix(prefix, "."))
				return
			}
			for i := range typ.NumField() {
				name, _, _ := strings.Cut(typ.Field(i).Tag.Get("json"), ",")
				walk(typ.Field(i).Type, prefix+"."+name)
			}
		}
		walk(typ, "")
		covered := map[string]bool{}
		for _, p := range paths {
			for _, c := range cs {
				if p == c.path || (c.kind == kJSON && strings.HasPrefix(p, c.path+".")) {
					covered[p] = true
				}
			}
			if !covered[p] {
				t.Errorf("%s: no column holds %s", table, p)
			}
		}
		for _, c := range cs {
			found := false
			for _, p := range paths {
				found = found || p == c.path || strings.HasPrefix(p, c.path+".")
			}
			if !found {
				t.Errorf("%s: column %s holds %s, which is no key of the output", table, c.name, c.path)
			}
		}
	}
	check(reflect.TypeFor[model.Form](), formColumns, "jixiao_forms")
	check(reflect.TypeFor[model.Row](), rowColumns, "jixiao_rows")
	for _, ddl := range []string{postgresDDL, sqliteDDL} {
		if !strings.Contains(ddl, "PRIMARY KEY (id)") || !strings.Contains(ddl, "PRIMARY KEY (form_id, period, position)") {
			t.Error("a table without its primary key")
		}
	}
	if postgres.typ[kNumeric] != "numeric" || sqlite.typ[kNumeric] != "TEXT" || strings.Contains(postgresDDL, "double precision") || strings.Contains(sqliteDDL, " REAL,") {
		t.Error("a number column that rounds")
	}
}
