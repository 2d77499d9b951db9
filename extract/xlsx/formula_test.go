package xlsx

import (
	"strings"
	"testing"
)

func TestSummed(t *testing.T) {
	for _, tt := range []struct {
		f    string
		want []rect
		ok   bool
	}{
		{"SUM(D8:D10)", []rect{{7, 3, 9, 3}}, true},
		{"=sum($D$8:$E$9)", []rect{{7, 3, 8, 4}}, true},
		{"SUM(D8,D9)", []rect{{7, 3, 7, 3}, {8, 3, 8, 3}}, true},
		{"D8+D9+D10", []rect{{7, 3, 7, 3}, {8, 3, 8, 3}, {9, 3, 9, 3}}, true},
		{"SUM(Sheet2!D8:D9)", nil, false},
		{"AVERAGE(D8:D9)", nil, false},
		{"D8*2", nil, false},
		{"D8", nil, false},
	} {
		got, ok := summed(tt.f)
		if ok != tt.ok || len(got) != len(tt.want) {
			t.Errorf("summed(%q) = %v, %v", tt.f, got, ok)
			continue
		}
		for i := range got {
			if got[i] != tt.want[i] {
				t.Errorf("summed(%q) = %v, want %v", tt.f, got, tt.want)
			}
		}
	}
}

// TestContradictions notes a sum saved as 0 over filled cells, and nothing
// for a right one or one over empty cells.
func TestContradictions(t *testing.T) {
	cells := []cell{
		{row: 0, col: 0, formula: "SUM(A2:A3)", value: "0"},     // wrong: 128.5
		{row: 0, col: 1, formula: "SUM(B2:B3)", value: "0"},     // nothing to add up
		{row: 0, col: 2, formula: "A2+A3", value: "128.5"},      // right: 120 + 8.5
		{row: 0, col: 3, value: "5"},                            // outside the ranges
		{row: 1, col: 0, value: "120"},                          //
		{row: 2, col: 0, value: " 8.5 "},                        //
		{row: 2, col: 1, value: "x"},                            // not a number
		{row: 3, col: 0, formula: "SUM(A1:A3)", value: "128.5"}, // right, its own cell aside
		{row: 3, col: 1, formula: "B1", uncached: true},         // no saved value
	}
	notes := contradictions("S", cells)
	if len(notes) != 1 || notes[0].Pos.Ref != "A1" || !strings.Contains(notes[0].Message, "come to 128.5") || notes[0].Code != noteFormula {
		t.Errorf("%+v", notes)
	}
}
