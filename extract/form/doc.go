// Package form is the interpreter: it finds the forms in a grid by their
// structure and reads them into model records. It knows no file format: a
// grid from a text dump, a workbook, a Word document or a PDF reads alike.
//
// Labels of the header block (项目名称, 主管部门, 项目资金 …) and headings of
// the indicator table (一级指标 … 指标值) are matched by their meaning
// through a vocabulary kept as data (vocab.go), never by column position;
// each data row of the indicator table is aligned to the heading's columns
// by what its cells say, and every repair is a warning.
package form
