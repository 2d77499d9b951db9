package content

import (
	"unicode/utf16"
)

// cmap is a parsed CMap: the code space (how many bytes each code takes)
// and, for a ToUnicode map, the text of each code, or, for an encoding
// CMap, the CID of each code.
type cmap struct {
	space  []codeRange // code space ranges
	uni    map[uint32]string
	uniRng []uniRange
	cid    map[uint32]uint32
	cidRng []cidRange
}

type codeRange struct {
	n      int // bytes
	lo, hi uint32
}

type uniRange struct {
	lo, hi uint32
	dst    []byte // UTF-16BE of lo; later codes add to its last unit
	list   []string
}

type cidRange struct{ lo, hi, cid uint32 }

func codeOf(b []byte) uint32 {
	var v uint32
	for _, c := range b {
		v = v<<8 | uint32(c)
	}
	return v
}

// utf16Text decodes UTF-16BE as a ToUnicode map writes it.
func utf16Text(b []byte) string {
	if len(b) == 1 {
		return string(rune(b[0]))
	}
	if len(b) == 2 && (b[0] < 0xD8 || b[0] >= 0xE0) {
		return string(rune(uint16(b[0])<<8 | uint16(b[1]))) // one unit of the BMP, as most are
	}
	u := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		u = append(u, uint16(b[i])<<8|uint16(b[i+1]))
	}
	return string(utf16.Decode(u))
}

// parseCMap reads a CMap stream's code space, bfchar/bfrange and
// cidchar/cidrange sections. It is lenient: what it cannot read it skips.
func parseCMap(data []byte) *cmap {
	m := &cmap{}
	l := &lexer{b: data}
	var ops []operand
	var op operand
	for {
		kw, ok := l.next(&op, 0)
		if !ok {
			break
		}
		if kw == nil {
			if len(ops) < 4096 {
				ops = append(ops, op)
			}
			continue
		}
		switch string(kw) {
		case "endcodespacerange":
			for i := 0; i+1 < len(ops); i += 2 {
				lo, hi := ops[i], ops[i+1]
				if lo.kind == kString && hi.kind == kString && len(lo.str) > 0 && len(lo.str) <= 4 {
					m.space = append(m.space, codeRange{n: len(lo.str), lo: codeOf(lo.str), hi: codeOf(hi.str)})
				}
			}
		case "endbfchar":
			for i := 0; i+1 < len(ops); i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind != kString || len(src.str) > 4 {
					continue
				}
				if m.uni == nil {
					m.uni = map[uint32]string{}
				}
				switch dst.kind {
				case kString:
					m.uni[codeOf(src.str)] = utf16Text(dst.str)
				case kName:
					m.uni[codeOf(src.str)] = glyphText(string(dst.str))
				}
			}
		case "endbfrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				if lo.kind != kString || hi.kind != kString || len(lo.str) > 4 || len(hi.str) > 4 {
					continue
				}
				r := uniRange{lo: codeOf(lo.str), hi: codeOf(hi.str)}
				if r.hi < r.lo {
					continue
				}
				switch dst.kind {
				case kString:
					r.dst = append([]byte(nil), dst.str...)
				case kArray:
					for _, d := range dst.arr {
						if d.kind == kString {
							r.list = append(r.list, utf16Text(d.str))
						} else {
							r.list = append(r.list, "")
						}
					}
				default:
					continue
				}
				m.uniRng = append(m.uniRng, r)
			}
		case "endcidchar":
			for i := 0; i+1 < len(ops); i += 2 {
				src, dst := ops[i], ops[i+1]
				if src.kind == kString && dst.kind == kNum && len(src.str) <= 4 {
					if m.cid == nil {
						m.cid = map[uint32]uint32{}
					}
					m.cid[codeOf(src.str)] = uint32(max(dst.num, 0))
				}
			}
		case "endcidrange":
			for i := 0; i+2 < len(ops); i += 3 {
				lo, hi, dst := ops[i], ops[i+1], ops[i+2]
				if lo.kind == kString && hi.kind == kString && dst.kind == kNum && len(lo.str) <= 4 && len(hi.str) <= 4 {
					m.cidRng = append(m.cidRng, cidRange{codeOf(lo.str), codeOf(hi.str), uint32(max(dst.num, 0))})
				}
			}
		}
		ops = ops[:0]
	}
	return m
}

// text returns the text of a code, and whether the map has it.
func (m *cmap) text(code uint32) (string, bool) {
	if s, ok := m.uni[code]; ok {
		return s, true
	}
	for i := range m.uniRng {
		r := &m.uniRng[i]
		if code < r.lo || code > r.hi {
			continue
		}
		off := code - r.lo
		if r.list != nil {
			if int(off) < len(r.list) {
				return r.list[off], true
			}
			return "", false
		}
		if len(r.dst) == 0 {
			return "", false
		}
		d := append([]byte(nil), r.dst...)
		// Add the offset to the last byte pair, carrying as UTF-16 would.
		v := uint32(d[len(d)-1]) + off
		d[len(d)-1] = byte(v)
		if len(d) >= 2 {
			v = uint32(d[len(d)-2]) + v>>8
			d[len(d)-2] = byte(v)
		}
		return utf16Text(d), true
	}
	return "", false
}

// cidOf returns the CID of a code under an encoding CMap.
func (m *cmap) cidOf(code uint32) uint32 {
	if c, ok := m.cid[code]; ok {
		return c
	}
	for _, r := range m.cidRng {
		if code >= r.lo && code <= r.hi {
			return r.cid + code - r.lo
		}
	}
	return 0
}

// codeLen returns the length of the code at the start of s under the
// code space, 1 when s matches no range.
func (m *cmap) codeLen(s []byte) int {
	for n := 1; n <= 4 && n <= len(s); n++ {
		c := codeOf(s[:n])
		for _, r := range m.space {
			if r.n == n && c >= r.lo && c <= r.hi {
				return n
			}
		}
	}
	// No range matches: take the shortest length the space has.
	short := 0
	for _, r := range m.space {
		if short == 0 || r.n < short {
			short = r.n
		}
	}
	if short == 0 {
		return 1
	}
	return min(short, len(s))
}
