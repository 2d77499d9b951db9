package normalize

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// ProjectKey returns the key that names one project across years and
// files, or "" when name is blank: the department's code, else the
// department's name, then "|", then the project's name, each as Text gives
// it with all white space removed, the name without a category prefix
// ("保障运转类-", "特定目标类：", "【特定目标类】", "(一般性项目类)") and without a
// leading year ("2023年", "2023年度"). So "保障运转类-养老保险专项业务经费" of
// department 073 in 2023 and "2024年度养老保险专项业务经费" of "[073]…" in 2024
// are both "073|养老保险专项业务经费".
func ProjectKey(code, department, name string) string {
	n := squeeze(name)
	if n == "" {
		return ""
	}
	for {
		rest := cutCategory(n)
		rest = cutYear(rest)
		if rest == n || rest == "" {
			break
		}
		n = rest
	}
	dept := squeeze(code)
	if dept == "" {
		dept = squeeze(department)
	}
	return dept + "|" + n
}

// squeeze returns Text(s) without any white space.
func squeeze(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return r
	}, Text(s))
}

// cutCategory takes a leading project category off s: a short phrase
// ending in 类, followed by a dash, an underscore or a colon, or standing in
// brackets.
func cutCategory(s string) string {
	for _, b := range [][2]string{{"【", "】"}, {"[", "]"}, {"(", ")"}, {"〔", "〕"}, {"「", "」"}} {
		if rest, ok := strings.CutPrefix(s, b[0]); ok {
			if cat, after, ok := strings.Cut(rest, b[1]); ok && isCategory(cat) {
				return trimSeparator(after)
			}
		}
	}
	i := strings.IndexFunc(s, isSeparator)
	if i <= 0 || !isCategory(s[:i]) {
		return s
	}
	return trimSeparator(s[i:])
}

// isCategory reports whether s reads as a project category, the "XX类" of
// the contract's "XX类-…": 3 to 12 characters ending in 类.
func isCategory(s string) bool {
	n := utf8.RuneCountInString(s)
	return n >= 3 && n <= 12 && strings.HasSuffix(s, "类")
}

func isSeparator(r rune) bool {
	switch r {
	case '-', '—', '–', '‐', '_', ':', '、', '·':
		return true
	}
	return false
}

func trimSeparator(s string) string { return strings.TrimLeftFunc(s, isSeparator) }

// cutYear takes a leading year off s: "2023年", "2023年度".
func cutYear(s string) string {
	if len(s) < 4 || !(strings.HasPrefix(s, "19") || strings.HasPrefix(s, "20")) {
		return s
	}
	for i := range 4 {
		if !isDigit(s[i]) {
			return s
		}
	}
	rest, ok := strings.CutPrefix(s[4:], "年")
	if !ok {
		return s
	}
	rest = strings.TrimPrefix(rest, "度")
	return trimSeparator(rest)
}
