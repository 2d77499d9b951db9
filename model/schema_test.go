package model

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"
)

// update is accepted so that "go test ./... -update" runs in every package.
var _ = flag.Bool("update", false, "rewrite golden files (in the packages that have them)")

func compile(t testing.TB, def string) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(Schema))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	loc := "schema.json"
	if def != "" {
		loc += "#/$defs/" + def
	}
	s, err := c.Compile(loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func validate(t *testing.T, s *jsonschema.Schema, where string, data []byte) {
	t.Helper()
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", where, err)
		return
	}
	if err := s.Validate(inst); err != nil {
		t.Errorf("%s: %v", where, err)
	}
}

// TestGoldenFilesValidate validates every golden output of the fixtures.
func TestGoldenFilesValidate(t *testing.T) {
	forms, rows, comparisons := compile(t, "form"), compile(t, "row"), compile(t, "comparison")
	files, err := filepath.Glob("../fixtures/*/*.expected.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no golden files found under ../fixtures")
	}
	n := 0
	for _, name := range files {
		s := forms
		switch {
		case strings.HasSuffix(name, ".rows.expected.jsonl"):
			s = rows
		case filepath.Base(name) == "compare.expected.jsonl":
			s = comparisons
		}
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 1<<24)
		for line := 1; sc.Scan(); line++ {
			validate(t, s, name+":"+itoa(line), sc.Bytes())
			n++
		}
		f.Close()
	}
	t.Logf("%d records in %d golden files validated", n, len(files))
}

func itoa(n int) string { return jsonNumber(n) }

func jsonNumber(n int) string { b, _ := json.Marshal(n); return string(b) }

// full is a form with every optional field set.
func full() Form {
	s, y, n := "x", 2023, NewNumber(decimal.RequireFromString("12.5"))
	op := GE
	return Form{
		SchemaVersion: SchemaVersion, ID: strings.Repeat("a", 64) + ":0", FormType: FormSelfEvaluation,
		Source: Source{Path: "a.txt", SHA256: strings.Repeat("a", 64), Format: "txt", Encoding: "utf-8", Lines: []int{1, 2}},
		Title:  &s, Year: &y,
		Project: Project{Name: &s, Category: &s, DepartmentCode: &s, Department: &s, ImplementingUnit: &s, Attribute: &s, PeriodYears: &y,
			Start: ptr("2023-07"), End: ptr("2024-01-31"), Key: ptr("073|x")},
		Funds: Funds{Unit: "元", StatedUnit: ptr("万元"),
			MidTerm:  &Amounts{Total: n, Fiscal: n, Other: n, Carryover: n, Items: []Item{{Label: "中期资金总额", Amount: n}, {Label: "其他资金", Amount: nil}}},
			Annual:   &Amounts{Total: n, Other: n, Items: []Item{}},
			Initial:  &Amounts{Total: n, Items: []Item{{Label: "年度资金总额", Amount: n}}},
			Executed: &Amounts{Total: n, Items: []Item{{Label: "年度资金总额", Amount: n}}},
			Weight:   n, Score: n},
		Goals: Goals{MidTerm: &MidTermGoal{&y, &y, &s}, Annual: &Goal{Text: &s, Actual: &s}},
		Indicators: Indicators{MidTerm: []Level1{{Name: "产出指标", Code: "output", Weight: n, Children: []Level2{{Name: "数量指标", Code: "quantity",
			Indicators: []Indicator{{Name: "n", Raw: "≥12.5个", Operator: &op, Value: n, Unit: ptr("个"), Weight: n, Note: &s, Core: true,
				Actual: &Value{Raw: "13个", Operator: &op, Value: n, Unit: ptr("个")}, Score: n,
				Extra: Extra{{"评分细则", "a\"b"}, {"指标值类型", "定量"}}, Where: Where{Line: 3}},
				{Name: "m", Raw: "好", Text: &s, Actual: &Value{Raw: "好", Text: &s},
					Where: Where{Page: 2, Box: &[4]Number{*n, *n, *n, *n}}}}}}}},
			Annual: []Level1{}},
		Score:    n,
		Findings: []Finding{{Rule: "funds_mismatch", Severity: SeverityError, Message: "m", Where: "line 2"}},
		Warnings: []Warning{{Code: WarnMisalignedRow, Message: "m", Where: "line 1"}},
	}
}

const GE = ">="

func ptr(s string) *string { return &s }

// TestTypesValidate marshals the types, fully populated and empty, and
// validates them.
func TestTypesValidate(t *testing.T) {
	f := full()
	b, err := json.Marshal(f)
	if err != nil {
		t.Fatal(err)
	}
	validate(t, compile(t, "form"), "full form", b)
	for i, r := range f.Rows() {
		b, _ := json.Marshal(r)
		validate(t, compile(t, "row"), "row "+itoa(i), b)
	}
	empty := Form{SchemaVersion: SchemaVersion, ID: strings.Repeat("b", 64) + ":3", FormType: FormTarget, Warnings: []Warning{}, Findings: []Finding{},
		Source: Source{Path: "a.pdf", SHA256: strings.Repeat("b", 64), Format: "pdf", Pages: []int{2}}, Funds: Funds{Unit: "元"}}
	b, _ = json.Marshal(empty)
	validate(t, compile(t, "form"), "empty form", b)
	rep := Report{SchemaVersion: SchemaVersion, Tool: "jixiao dev", Args: []string{}, Started: "2026-11-27T10:00:00Z",
		Outputs: []Output{{Flag: OutputForms, Path: "/x/forms.jsonl", Bytes: 10, SHA256: strings.Repeat("d", 64), Lines: 2, Kept: 1}},
		Files: []FileReport{
			{Path: "a", Status: StatusSkipped}, {Path: "b", SHA256: ptr(strings.Repeat("c", 64)), Format: ptr("txt"), Status: StatusFailed, Error: ptr("bad"), DuplicateOf: "a"},
			{Path: "c", SHA256: ptr(strings.Repeat("c", 64)), Format: ptr("txt"), Status: StatusDuplicate, Reason: "the same bytes as b", DuplicateOf: "b"},
			{Path: "d", Status: StatusFailed, Error: ptr("interrupted while it was read"), Interrupted: true},
			{Path: "e", SHA256: ptr(strings.Repeat("e", 64)), Format: ptr("txt"), Status: StatusOK, Forms: 1, Warnings: 1, Findings: 2,
				WarningsByCode: map[string]int{WarnMisalignedRow: 1}, FindingsByRule: map[string]int{"funds_mismatch": 2}},
		}}
	for _, f := range rep.Files {
		rep.Totals.Add(f)
	}
	b, _ = json.Marshal(rep)
	validate(t, compile(t, "report"), "report", b)
}

// TestSchemaMatchesTypes checks that the schema's properties are exactly
// the JSON fields of the Go types, and that every field the types always
// write is required.
func TestSchemaMatchesTypes(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(Schema, &root); err != nil {
		t.Fatal(err)
	}
	defs := root["$defs"].(map[string]any)
	for name, typ := range map[string]reflect.Type{
		"form":       reflect.TypeFor[Form](),
		"row":        reflect.TypeFor[Row](),
		"report":     reflect.TypeFor[Report](),
		"comparison": reflect.TypeFor[Comparison](),
	} {
		checkType(t, defs, name, typ, defs[name].(map[string]any))
	}
}

func checkType(t *testing.T, defs map[string]any, where string, typ reflect.Type, node map[string]any) {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ == reflect.TypeFor[Number]() || typ == reflect.TypeFor[Field]() {
		return // Extra, a slice of Field, is written as an object
	}
	node = resolve(defs, node)
	props, _ := node["properties"].(map[string]any)
	var required []string
	req, _ := node["required"].([]any)
	for _, r := range req {
		required = append(required, r.(string))
	}
	var names []string
	for i := range typ.NumField() {
		f := typ.Field(i)
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		names = append(names, name)
		p, ok := props[name]
		if !ok {
			t.Errorf("%s: the schema has no property %q (field %s)", where, name, f.Name)
			continue
		}
		if opts != "omitempty" && !slices.Contains(required, name) {
			t.Errorf("%s: %q is always written but not required", where, name)
		}
		sub := p.(map[string]any)
		if items, ok := resolve(defs, sub)["items"].(map[string]any); ok && f.Type.Kind() == reflect.Slice {
			sub = items
		}
		checkType(t, defs, where+"."+name, f.Type, sub)
	}
	for p := range props {
		if !slices.Contains(names, p) {
			t.Errorf("%s: the schema's property %q is no field of %s", where, p, typ)
		}
	}
}

// resolve follows a node's $ref within the schema's $defs.
func resolve(defs map[string]any, node map[string]any) map[string]any {
	for {
		ref, ok := node["$ref"].(string)
		if !ok || node["properties"] != nil || node["items"] != nil {
			return node
		}
		node = defs[strings.TrimPrefix(ref, "#/$defs/")].(map[string]any)
	}
}
