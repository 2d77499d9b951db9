package extract

// The helpers of the reader tests still in this package (docx_test.go,
// xlsx_test.go), which lost theirs when the interpreter's tests moved to
// extract/form: the same as that package's, until those readers move out
// too.

import (
	"fmt"
	"strings"
	"testing"

	"github.com/jixiao/jixiao/model"
)

// flat lists a form's indicators one per line: period|L1(code)|L2(code)|name|value.
func flat(f model.Form) []string {
	var out []string
	for _, p := range []struct {
		name string
		l1s  []model.Level1
	}{{"mid", f.Indicators.MidTerm}, {"annual", f.Indicators.Annual}} {
		for _, l1 := range p.l1s {
			for _, l2 := range l1.Children {
				prefix := fmt.Sprintf("%s|%s(%s)|%s(%s)", p.name, l1.Name, l1.Code, l2.Name, l2.Code)
				if len(l2.Indicators) == 0 {
					out = append(out, prefix+"|-")
				}
				for _, in := range l2.Indicators {
					v := "∅"
					switch {
					case in.Operator != nil:
						v = *in.Operator + in.Value.String()
						if in.Unit != nil {
							v += " " + *in.Unit
						}
					case in.Text != nil:
						v = "“" + *in.Text + "”"
					}
					if in.Core {
						v += " ★"
					}
					if in.Weight != nil {
						v += " w" + in.Weight.String()
					}
					if in.Note != nil {
						v += " note:" + *in.Note
					}
					out = append(out, prefix+"|"+in.Name+"|"+v)
				}
			}
		}
	}
	return out
}

func check(t *testing.T, what string, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n got:\n  %s\nwant:\n  %s", what, strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
