package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/shopspring/decimal"

	"github.com/jixiao/jixiao/model"
)

// TestCompare extracts the fixture pair of fixtures/compare, a target form
// and the self-evaluation of the same project and year, and compares them:
// the output must equal compare.expected.jsonl (-update rewrites it) and
// validate against the schema's comparison.
func TestCompare(t *testing.T) {
	t.Chdir("../..")
	forms, _, status, stderr := extractFiles(t, "fixtures/compare")
	if status != exitOK {
		t.Fatalf("extract: %d %s", status, stderr)
	}
	in := filepath.Join(t.TempDir(), "forms.jsonl")
	if err := os.WriteFile(in, forms, 0o644); err != nil {
		t.Fatal(err)
	}
	var out, errb bytes.Buffer
	if s := run([]string{"compare", in}, strings.NewReader(""), &out, &errb); s != exitOK {
		t.Fatalf("compare: %d %s", s, errb.String())
	}
	golden := "fixtures/compare/compare.expected.jsonl"
	if *update {
		if err := os.WriteFile(golden, out.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := diffJSONL(want, out.Bytes(), nil); len(diffs) > 0 {
		t.Errorf("%s: %s", golden, strings.Join(diffs, "\n"))
	}
	s := schemaOf(t, "comparison")
	var met, notMet, unknown int
	for _, l := range lines(out.Bytes()) {
		inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(l))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(inst); err != nil {
			t.Error(err)
		}
		var cmp model.Comparison
		if err := json.Unmarshal(l, &cmp); err != nil {
			t.Fatal(err)
		}
		if cmp.Status != model.PairPaired || cmp.Target == nil {
			t.Errorf("status %s", cmp.Status)
		}
		for _, p := range cmp.Indicators {
			switch p.Met {
			case model.Met:
				met++
			case model.NotMet:
				notMet++
			default:
				unknown++
			}
		}
	}
	// The fixture's seven indicators: three met (30期, 92%, 65%), two not
	// (1420 of ≥1500人次, 803 of ≤800元/人), two unknown (a deadline; 95
	// with no unit beside ≥90%).
	if met != 3 || notMet != 2 || unknown != 2 {
		t.Errorf("met %d, not met %d, unknown %d", met, notMet, unknown)
	}
}

// TestMet applies a target's operator to an actual value.
func TestMet(t *testing.T) {
	num := func(op, v, unit string) *model.Value {
		var in model.Indicator
		in.Operator, in.Value = &op, model.NewNumber(decimal.RequireFromString(v))
		if unit != "" {
			in.Unit = &unit
		}
		return valueOf(&in)
	}
	text := "效果明显"
	for _, tt := range []struct {
		target, actual *model.Value
		want           string
	}{
		{num(">=", "10", "个"), num("=", "12", "个"), model.Met},
		{num(">=", "10", "个"), num("=", "9", "个"), model.NotMet},
		{num("<=", "5", "%"), num("=", "5", "%"), model.Met},
		{num("<", "5", "%"), num("=", "5", "%"), model.NotMet},
		{num(">", "5", "%"), num("=", "5.1", "%"), model.Met},
		{num("=", "100", "%"), num("=", "100.0", "%"), model.Met},
		{num(">=", "90", "%"), num("=", "95", ""), model.Unknown},
		{num(">=", "90", "%"), &model.Value{Raw: text, Text: &text}, model.Unknown},
		{&model.Value{Raw: text, Text: &text}, num("=", "1", ""), model.Unknown},
		{nil, num("=", "1", ""), model.Unknown},
		{num(">=", "1", ""), nil, model.Unknown},
	} {
		if got, why := met(tt.target, tt.actual); got != tt.want {
			t.Errorf("met(%+v, %+v) = %s (%s), want %s", tt.target, tt.actual, got, why, tt.want)
		}
	}
}

// TestRules lists every review rule, as text and as JSON.
func TestRules(t *testing.T) {
	status, stdout, _ := runCLI(t, "", "rules")
	if status != exitOK || !strings.Contains(stdout, "funds_sum_mismatch (error)") {
		t.Errorf("rules: %d %q", status, stdout)
	}
	status, stdout, _ = runCLI(t, "", "rules", "--json")
	var rules []map[string]string
	if err := json.Unmarshal([]byte(stdout), &rules); status != exitOK || err != nil || len(rules) < 16 {
		t.Errorf("rules --json: %d %v %d rules", status, err, len(rules))
	}
	for _, r := range rules {
		if r["name"] == "" || r["severity"] == "" || r["summary"] == "" || r["doc"] == "" {
			t.Errorf("rule %v", r)
		}
	}
	if status, _, _ := runCLI(t, "", "rules", "extra"); status != exitUsage {
		t.Errorf("rules extra: %d", status)
	}
}

// TestSubcommandHelp: help goes to stdout, a usage error to stderr.
func TestSubcommandHelp(t *testing.T) {
	for _, cmd := range []string{"compare", "rules"} {
		status, stdout, stderr := runCLI(t, "", cmd, "--help")
		if status != exitOK || !strings.Contains(stdout, "Usage: jixiao "+cmd) || stderr != "" {
			t.Errorf("%s --help: %d %q %q", cmd, status, stdout, stderr)
		}
		status, stdout, stderr = runCLI(t, "", cmd, "--nope")
		if status != exitUsage || stdout != "" || !strings.Contains(stderr, "Usage: jixiao "+cmd) {
			t.Errorf("%s --nope: %d %q %q", cmd, status, stdout, stderr)
		}
	}
}
