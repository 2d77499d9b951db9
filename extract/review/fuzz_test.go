package review

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/jixiao/jixiao/model"
)

// FuzzCheck decodes arbitrary JSON into a form and reviews it: Check must
// not panic, must return a non-nil slice, and must give the same findings
// twice. The corpus is every form of the fixtures' golden files.
func FuzzCheck(f *testing.F) {
	for _, name := range goldenFiles(f) {
		for _, l := range goldenLines(f, name) {
			f.Add(l)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var form model.Form
		if err := json.Unmarshal(data, &form); err != nil {
			return
		}
		got := Check(&form)
		if got == nil {
			t.Fatal("Check returned nil")
		}
		if again := Check(&form); !reflect.DeepEqual(got, again) {
			t.Fatalf("Check is not deterministic:\n%v\n%v", got, again)
		}
		for _, fd := range got {
			if fd.Rule == "" || fd.Severity == "" || fd.Message == "" {
				t.Fatalf("incomplete finding %+v", fd)
			}
		}
	})
}
