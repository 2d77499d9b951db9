package extract_test

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/jixiao/jixiao/extract"
	"github.com/jixiao/jixiao/extract/grid"
)

// ExampleFile reads the forms of one file: the format is told by the
// file's bytes, its reader makes grids of it, and the interpreter reads the
// forms in them. Each form's indicators hang under their level-1 and
// level-2 headings, every value parsed.
func ExampleFile() {
	data, err := os.ReadFile("../fixtures/txt/000_2f785805f3cd3769.txt")
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := extract.File(context.Background(), "000_2f785805f3cd3769.txt", data, extract.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Format, res.Encoding, len(res.Forms), "forms")
	f := res.Forms[0]
	fmt.Println(*f.Project.Name, *f.Year)
	l1 := f.Indicators.Annual[0]
	l3 := l1.Children[0].Indicators[0]
	fmt.Println(l1.Name, ">", l1.Children[0].Name, ">", l3.Name, l3.Raw, "=", *l3.Operator, l3.Value, *l3.Unit)

	// A file that cannot be read says why, with its path and, where there
	// is one, the place in it.
	_, err = extract.File(context.Background(), "a.pdf", []byte("%PDF-1.7\n"), extract.Options{})
	var e *grid.Error
	fmt.Println(errors.As(err, &e), e.Path, errors.Is(err, grid.ErrCorrupt))
	// Output:
	// txt utf-8 2 forms
	// 保障运转类-养老保险专项业务经费 2023
	// 产出指标 > 数量指标 > 督查县区养老保险经办机构风险防控、社保待遇稽核次数 ≥14次 = >= 14 次
	// true a.pdf true
}
