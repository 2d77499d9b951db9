package model

import (
	"bytes"
	"encoding/json"
	"reflect"
	"slices"
	"testing"

	"github.com/shopspring/decimal"
)

func TestNumberJSON(t *testing.T) {
	tests := []struct{ in, want string }{
		{"1110000", "1110000"},
		{"111.00", "111"},
		{"85.50", "85.5"},
		{"0", "0"},
		{"0.00", "0"},
		{"-5", "-5"},
		{"123456789012345678901234.5", "123456789012345678901234.5"},
		{"0.000001", "0.000001"},
	}
	for _, tt := range tests {
		n := NewNumber(decimal.RequireFromString(tt.in))
		b, err := json.Marshal(n)
		if err != nil || string(b) != tt.want {
			t.Errorf("Marshal(%s) = %s, %v; want %s", tt.in, b, err, tt.want)
		}
		var back Number
		if err := json.Unmarshal(b, &back); err != nil || !back.Equal(n.Decimal) {
			t.Errorf("Unmarshal(%s) = %s, %v", b, back, err)
		}
	}
	// 111.00万元 is 1110000 exactly, never 1109999.9999.
	d := decimal.RequireFromString("111.00").Mul(decimal.New(1, 4))
	if b, _ := json.Marshal(NewNumber(d)); string(b) != "1110000" {
		t.Errorf("111.00 × 10000 = %s", b)
	}
	if b, _ := json.Marshal(struct{ V *Number }{}); string(b) != `{"V":null}` {
		t.Errorf("nil Number = %s", b)
	}
}

func TestRowsFlatten(t *testing.T) {
	f := full()
	f.Indicators.Annual = f.Indicators.MidTerm
	rows := f.Rows()
	if len(rows) != 4 {
		t.Fatalf("got %d rows, want 4", len(rows))
	}
	if rows[0].Period != PeriodMidTerm || rows[1].Position != 1 || rows[2].Period != PeriodAnnual || rows[2].Position != 0 {
		t.Errorf("periods and positions: %+v", rows)
	}
	r := rows[0]
	if r.FormID != f.ID || r.FormType != FormSelfEvaluation || r.Level1 != "产出指标" || r.Level2Code != "quantity" || r.Name != "n" || !r.Core || r.Value == nil {
		t.Errorf("row: %+v", r)
	}
	if r.ActualRaw == nil || *r.ActualRaw != "13个" || *r.ActualUnit != "个" || r.ActualValue == nil || r.ActualText != nil || r.Score == nil || len(r.Extra) != 2 || r.Where.Line != 3 {
		t.Errorf("row's v2 keys: %+v", r)
	}
	if q := rows[1]; q.ActualText == nil || q.ActualValue != nil || q.Where.Page != 2 || q.Extra != nil {
		t.Errorf("qualitative row: %+v", q)
	}
}

func TestTotalsAdd(t *testing.T) {
	var tot Totals
	for _, s := range []string{StatusOK, StatusOK, StatusNoForm, StatusFailed, StatusSkipped, StatusKnown, StatusDuplicate} {
		tot.Add(FileReport{Status: s, Forms: 2, Warnings: 1, Findings: 3,
			WarningsByCode: map[string]int{WarnMisalignedRow: 1}, FindingsByRule: map[string]int{"a": 1, "b": 2}})
	}
	tot.Add(FileReport{Status: StatusFailed, Interrupted: true})
	want := Totals{Files: 8, OK: 2, NoForm: 1, Failed: 2, Interrupted: 1, Skipped: 1, Known: 1, Duplicate: 1, Forms: 14, Warnings: 7, Findings: 21,
		WarningsByCode: map[string]int{WarnMisalignedRow: 7}, FindingsByRule: map[string]int{"a": 7, "b": 14}}
	if !reflect.DeepEqual(tot, want) {
		t.Errorf("totals = %+v, want %+v", tot, want)
	}
}

// TestExtraJSON: extra keeps its columns' order both ways, is null when
// empty, and does not escape HTML (a cell may say <5%).
func TestExtraJSON(t *testing.T) {
	e := Extra{{"评(扣)分标准", "完成得满分<5%扣1分"}, {"指标值类型", "定量"}, {"a\"b", "x\ny"}}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf) // as the outputs are written
	enc.SetEscapeHTML(false)
	if err := enc.Encode(e); err != nil {
		t.Fatal(err)
	}
	b := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	want := `{"评(扣)分标准":"完成得满分<5%扣1分","指标值类型":"定量","a\"b":"x\ny"}`
	if string(b) != want {
		t.Errorf("marshal: %s, want %s", b, want)
	}
	var back Extra
	if err := json.Unmarshal(b, &back); err != nil || !slices.Equal(back, e) {
		t.Errorf("unmarshal: %v, %v", back, err)
	}
	for _, empty := range []Extra{nil, {}} {
		if b, _ := json.Marshal(empty); string(b) != "null" {
			t.Errorf("empty: %s", b)
		}
	}
	if err := json.Unmarshal([]byte("null"), &back); err != nil || back != nil {
		t.Errorf("null: %v, %v", back, err)
	}
	for _, bad := range []string{`[]`, `{"a":1}`, `{"a"`} {
		if err := json.Unmarshal([]byte(bad), &back); err == nil {
			t.Errorf("%s: no error", bad)
		}
	}
}
