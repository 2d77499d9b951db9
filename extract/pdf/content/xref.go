package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
)

// The object layer trusts a file's cross-reference sections: a /Prev
// chain that loops makes it loop forever, and a /Size or a subsection
// that claims billions of objects makes it allocate them. checkXref walks
// the sections first, bounded; repair rebuilds the table of a complete
// file whose offsets are wrong, as a file edited by a careless tool has.

// maxObjects bounds the object numbers a file of n bytes may claim: no
// object takes less than a byte or two.
func maxObjects(n int) int64 { return int64(n)/2 + 1024 }

// checkXref walks the cross-reference sections from startxref along
// /Prev, and reports a loop or an impossible size as damage.
func checkXref(data []byte) error {
	tail := data[max(0, len(data)-1024):]
	i := bytes.LastIndex(tail, []byte("startxref"))
	if i < 0 {
		return nil // the object layer says what is missing
	}
	l := &lexer{b: tail, pos: i + len("startxref")}
	var op operand
	if kw, ok := l.next(&op, 0); !ok || kw != nil || op.kind != kNum {
		return nil
	}
	limit := maxObjects(len(data))
	seen := map[int64]bool{}
	for off := int64(op.num); ; {
		if off < 0 || off >= int64(len(data)) {
			return nil // a bad offset: the object layer reports it
		}
		if seen[off] {
			return damaged("the cross-reference sections loop (/Prev %d)", off)
		}
		if len(seen) >= 256 {
			return damaged("more than 256 cross-reference sections")
		}
		seen[off] = true
		prev, err := checkSection(data, int(off), limit)
		if err != nil || prev < 0 {
			return err
		}
		off = prev
	}
}

// checkSection checks one cross-reference section, a table with its
// trailer or a stream, and returns its /Prev (-1 for none).
func checkSection(data []byte, off int, limit int64) (int64, error) {
	l := &lexer{b: data, pos: off}
	var op operand
	kw, ok := l.next(&op, 0)
	if !ok {
		return -1, nil
	}
	var d []operand
	if string(kw) == "xref" {
		for {
			kw, ok := l.next(&op, 0)
			if !ok {
				return -1, nil
			}
			if string(kw) == "trailer" {
				break
			}
			if kw != nil || op.kind != kNum {
				return -1, nil // malformed: the object layer says so
			}
			start := op.num
			if kw, ok := l.next(&op, 0); !ok || kw != nil || op.kind != kNum {
				return -1, nil
			}
			if start < 0 || op.num < 0 || int64(start+op.num) > limit {
				return -1, damaged("a cross-reference subsection claims objects %.0f to %.0f", start, start+op.num)
			}
			// Skip the entries: 20 bytes each, or tokens when the lines
			// are not standard.
			for range int(op.num) {
				for range 3 {
					if _, ok := l.next(&op, 0); !ok {
						return -1, nil
					}
				}
			}
		}
		if kw, ok := l.next(&op, 0); !ok || kw != nil || op.kind != kDict {
			return -1, nil
		}
		d = op.arr
	} else {
		// n g obj << … >> stream
		for k := 0; k < 3 && ok; k++ {
			if string(kw) == "obj" {
				break
			}
			kw, ok = l.next(&op, 0)
		}
		if string(kw) != "obj" {
			return -1, nil
		}
		if kw, ok := l.next(&op, 0); !ok || kw != nil || op.kind != kDict {
			return -1, nil
		}
		d = op.arr
		if n := dictNum(d, "Size"); n > limit {
			return -1, damaged("a cross-reference stream claims %.0f objects", float64(n))
		}
		for k, v := range d {
			if v.kind == kName && string(v.str) == "Index" && k%2 == 0 && k+1 < len(d) {
				idx := d[k+1].arr
				for j := 0; j+1 < len(idx); j += 2 {
					if idx[j].num < 0 || idx[j+1].num < 0 || int64(idx[j].num+idx[j+1].num) > limit {
						return -1, damaged("a cross-reference stream's /Index claims objects %.0f to %.0f", idx[j].num, idx[j].num+idx[j+1].num)
					}
				}
			}
		}
	}
	if n := dictNum(d, "Prev"); n >= 0 {
		return n, nil
	}
	return -1, nil
}

// dictNum returns a number entry of a dictionary's operands, -1 if none.
func dictNum(d []operand, key string) int64 {
	for k := 0; k+1 < len(d); k += 2 {
		if d[k].kind == kName && string(d[k].str) == key && d[k+1].kind == kNum {
			return int64(d[k+1].num)
		}
	}
	return -1
}

var (
	reCatalog = regexp.MustCompile(`/Type\s*/Catalog\b`)
	reTrailer = regexp.MustCompile(`/(Encrypt|ID)\s*(\d+\s+\d+\s+R|\[[^\]]*\])`)
)

// repair rebuilds the cross-reference table of a file whose table is
// wrong or missing (a file cut short before it): it finds every "n g obj"
// (the last of a number wins, as an incremental update's would) and the
// catalog, and appends a new table and trailer. Objects inside object
// streams are not found; a file that keeps its catalog in one is not
// repaired. Of a file cut short, what the objects it holds draw is read.
func repair(data []byte) ([]byte, bool) {
	offsets := map[int]int{}
	root := -1
	maxNum := 0
	locs := findObjs(data)
	for k, loc := range locs {
		if loc[0] > 0 && !isWhite(data[loc[0]-1]) && !isDelim(data[loc[0]-1]) {
			continue // "12 0 obj" inside a longer token
		}
		n, err1 := strconv.Atoi(string(data[loc[2]:loc[3]]))
		if err1 != nil || n <= 0 || int64(n) > maxObjects(len(data)) {
			continue
		}
		offsets[n] = loc[0]
		maxNum = max(maxNum, n)
		end := len(data)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		if reCatalog.Match(data[loc[1]:min(end, loc[1]+4096)]) {
			root = n
		}
	}
	if root < 0 {
		return nil, false
	}
	var b bytes.Buffer
	b.Grow(len(data) + 20*(maxNum+1) + 256)
	b.Write(data)
	b.WriteString("\n")
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", maxNum+1)
	for n := 1; n <= maxNum; n++ {
		if off, ok := offsets[n]; ok {
			fmt.Fprintf(&b, "%010d 00000 n \n", off)
		} else {
			b.WriteString("0000000000 65535 f \n")
		}
	}
	fmt.Fprintf(&b, "trailer\n<</Size %d/Root %d 0 R", maxNum+1, root)
	// Keep the old trailer's /Encrypt and /ID, which decryption needs.
	tail := data[max(0, len(data)-4096):]
	for _, m := range reTrailer.FindAllSubmatch(tail, -1) {
		fmt.Fprintf(&b, "/%s %s", m[1], m[2])
	}
	fmt.Fprintf(&b, ">>\nstartxref\n%d\n%%%%EOF\n", xref)
	return b.Bytes(), true
}

// findObjs finds every "n g obj" in data, as the regular expression
// (\d+)\s+(\d+)\s+obj\b would, but without its cost over a whole file:
// each is the index pairs of the match, of n and of g. It looks for the
// keyword and reads the numbers back from it.
func findObjs(data []byte) [][]int {
	var out [][]int
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	digit := func(c byte) bool { return '0' <= c && c <= '9' }
	word := func(c byte) bool { return digit(c) || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
	for at := 0; ; {
		k := bytes.Index(data[at:], []byte("obj"))
		if k < 0 {
			return out
		}
		k += at
		at = k + 3
		if at < len(data) && word(data[at]) {
			continue
		}
		i := k
		for i > 0 && space(data[i-1]) {
			i--
		}
		if i == k {
			continue
		}
		genEnd := i
		for i > 0 && digit(data[i-1]) {
			i--
		}
		if i == genEnd {
			continue
		}
		genStart := i
		for i > 0 && space(data[i-1]) {
			i--
		}
		if i == genStart {
			continue
		}
		numEnd := i
		for i > 0 && digit(data[i-1]) {
			i--
		}
		if i == numEnd {
			continue
		}
		out = append(out, []int{i, k + 3, i, numEnd, genStart, genEnd})
	}
}
