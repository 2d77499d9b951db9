package grid

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"testing"
)

func TestPos(t *testing.T) {
	for _, tt := range []struct {
		p    Pos
		want string
	}{
		{Pos{Line: 12}, "line 12"},
		{Pos{Sheet: "Sheet1", Ref: "B12"}, "Sheet1!B12"},
		{Pos{Sheet: "绩效 目标", Ref: "A1"}, "'绩效 目标'!A1"},
		{Pos{Page: 2}, "page 2"},
		{Pos{Page: 2, Box: &Box{X0: 72, Y0: 100, X1: 200, Y1: 712.4}}, "page 2 at (72, 712)"},
		{Pos{Table: 1, TableRow: 5}, "table 1, row 5"},
		{Pos{Table: 2}, "table 2"},
		{Pos{Paragraph: 3}, "paragraph 3"},
		{Pos{Part: "word/document.xml", Line: 3}, "word/document.xml line 3"},
		{Pos{Part: "xl/styles.xml"}, "xl/styles.xml"},
		{Pos{Sheet: "S"}, "sheet S"},
		{Pos{}, "?"},
	} {
		if got := tt.p.String(); got != tt.want {
			t.Errorf("%+v: %q, want %q", tt.p, got, tt.want)
		}
	}
	for _, tt := range []struct {
		r, c int
		want string
	}{{0, 0, "A1"}, {11, 1, "B12"}, {0, 25, "Z1"}, {0, 26, "AA1"}, {9, 701, "ZZ10"}, {0, 702, "AAA1"}} {
		if got := CellName(tt.r, tt.c); got != tt.want {
			t.Errorf("CellName(%d, %d) = %s, want %s", tt.r, tt.c, got, tt.want)
		}
	}
}

func TestError(t *testing.T) {
	for _, tt := range []struct {
		err  error
		want string
		kind error
	}{
		{&Error{Path: "a.txt", Err: ErrEmpty}, "a.txt: empty file", ErrEmpty},
		{&Error{Path: "a.xlsx", Pos: Pos{Sheet: "S", Ref: "B2"}, Err: Errorf(ErrCorrupt, "bad cell")}, "a.xlsx: S!B2: bad cell", ErrCorrupt},
		{&Error{Path: "a.pdf", Pos: Pos{Page: 3}, Err: Errorf(ErrTooComplex, "page too complex")}, "a.pdf: page 3: page too complex", ErrTooComplex},
		{fmt.Errorf("wrapped: %w", Errorf(ErrLegacy, "legacy .xls")), "wrapped: legacy .xls", ErrLegacy},
		{io.EOF, "EOF", nil},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%q, want %q", got, tt.want)
		}
		if got := Kind(tt.err); got != tt.kind {
			t.Errorf("%v: kind %v, want %v", tt.err, got, tt.kind)
		}
		if tt.kind != nil && !errors.Is(tt.err, tt.kind) {
			t.Errorf("%v: not errors.Is its kind", tt.err)
		}
	}
}

func TestAt(t *testing.T) {
	inner := &Error{Pos: Pos{Page: 2}, Err: ErrCorrupt}
	if got := At(Pos{Page: 1}, inner); got != error(inner) {
		t.Errorf("At replaced an inner position: %v", got)
	}
	var e *Error
	if got := At(Pos{Line: 4}, ErrBinary); !errors.As(got, &e) || e.Pos.Line != 4 || !errors.Is(got, ErrBinary) {
		t.Errorf("At(line 4, ErrBinary) = %#v", got)
	}
}

// TestCellNameAlike: CellName is the name the plain way of writing it
// gives, for any row and column.
func TestCellNameAlike(t *testing.T) {
	plain := func(row, col int) string {
		var b []byte
		for c := col + 1; c > 0; c = (c - 1) / 26 {
			b = append([]byte{byte('A' + (c-1)%26)}, b...)
		}
		return string(b) + strconv.Itoa(row+1)
	}
	for _, r := range []int{-2, -1, 0, 1, 8, 9, 10, 99, 1048575, math.MaxInt32, math.MaxInt64 - 1} {
		for _, c := range []int{-1, 0, 1, 25, 26, 701, 702, 16383, math.MaxInt64 - 1} {
			if got, want := CellName(r, c), plain(r, c); got != want {
				t.Errorf("CellName(%d, %d) = %s, want %s", r, c, got, want)
			}
		}
	}
}

// TestLinesAdd renumbers rows laid out apart after the rows so far and
// moves them right.
func TestLinesAdd(t *testing.T) {
	l := Lines{Rows: []Row{{Cells: []Cell{{Text: "a", Row: 0}}}}, N: 2}
	src := Lines{Rows: []Row{{Cells: []Cell{{Text: "b", Row: 0, Col: 0}, {Text: "c", Row: 0, Col: 1}}}}, N: 3}
	l.Add(&src, 2)
	if l.N != 5 || len(l.Rows) != 2 || l.Rows[1].Cells[0].Row != 2 || l.Rows[1].Cells[1].Col != 3 {
		t.Errorf("%+v", l)
	}
}
