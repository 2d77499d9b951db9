package content

import "strconv"

// The content-stream lexer. Content streams are read often (every page,
// every form XObject) and their operands are short lived, so the lexer
// works on the stream's bytes in place and reuses one operand stack.

// opKind is the kind of an operand.
type opKind uint8

const (
	kNum opKind = iota
	kName
	kString
	kArray
	kDict
	kOther // true, false, null
	kRef   // an object reference, "12 0 R" (num is 12)
)

// operand is one operand of a content-stream operator. A string or name
// refers to the stream's bytes (or to a buffer of the lexer when it had
// escapes to undo); an array or dictionary holds its items in arr (a
// dictionary as key, value, key, value…).
type operand struct {
	kind opKind
	num  float64
	str  []byte
	arr  []operand
}

// lexer reads tokens from a content stream.
type lexer struct {
	b   []byte
	pos int
}

func isWhite(c byte) bool {
	return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == 0
}

func isDelim(c byte) bool {
	switch c {
	case '(', ')', '<', '>', '[', ']', '{', '}', '/', '%':
		return true
	}
	return false
}

// skipWhite skips white space and comments.
func (l *lexer) skipWhite() {
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		if isWhite(c) {
			l.pos++
			continue
		}
		if c == '%' {
			for l.pos < len(l.b) && l.b[l.pos] != '\n' && l.b[l.pos] != '\r' {
				l.pos++
			}
			continue
		}
		return
	}
}

// next reads the next token: an operand into op (returning "", true), or an
// operator keyword (returning it, true); ok is false at the end.
func (l *lexer) next(op *operand, depth int) (keyword []byte, ok bool) {
	for {
		kw, ok, again := l.token(op, depth)
		if !again {
			return kw, ok
		}
	}
}

// token reads one token as next does; again is set when it skipped a
// stray delimiter and there is more to read.
func (l *lexer) token(op *operand, depth int) (keyword []byte, ok, again bool) {
	l.skipWhite()
	if l.pos >= len(l.b) {
		return nil, false, false
	}
	c := l.b[l.pos]
	switch {
	case c == '/':
		l.pos++
		start := l.pos
		hasEscape := false
		for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			if l.b[l.pos] == '#' {
				hasEscape = true
			}
			l.pos++
		}
		*op = operand{kind: kName, str: l.b[start:l.pos]}
		if hasEscape {
			op.str = unescapeName(op.str)
		}
		return nil, true, false
	case c == '(':
		op.kind, op.str = kString, l.literal()
		op.arr = nil
		return nil, true, false
	case c == '<':
		if l.pos+1 < len(l.b) && l.b[l.pos+1] == '<' {
			l.pos += 2
			*op = operand{kind: kDict}
			op.arr = l.items('>', depth)
			return nil, true, false
		}
		op.kind, op.str = kString, l.hex()
		op.arr = nil
		return nil, true, false
	case c == '[':
		l.pos++
		*op = operand{kind: kArray}
		op.arr = l.items(']', depth)
		return nil, true, false
	case c == ']' || c == '>' || c == ')' || c == '{' || c == '}':
		l.pos++ // stray delimiter: skip it
		return nil, false, true
	case c == '+' || c == '-' || c == '.' || ('0' <= c && c <= '9'):
		start := l.pos
		l.pos++
		for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
			l.pos++
		}
		*op = operand{kind: kNum, num: parseNum(l.b[start:l.pos])}
		return nil, true, false
	}
	start := l.pos
	for l.pos < len(l.b) && !isWhite(l.b[l.pos]) && !isDelim(l.b[l.pos]) {
		l.pos++
	}
	if l.pos == start { // a lone delimiter we do not read
		l.pos++
		return nil, false, true
	}
	kw := l.b[start:l.pos]
	switch string(kw) {
	case "true", "false", "null":
		*op = operand{kind: kOther}
		return nil, true, false
	}
	return kw, true, false
}

// items reads the operands of an array or dictionary up to its closing
// delimiter. Operators inside are dropped.
func (l *lexer) items(end byte, depth int) []operand {
	var out []operand
	for {
		l.skipWhite()
		if l.pos >= len(l.b) {
			return out
		}
		if l.b[l.pos] == end {
			l.pos++
			if end == '>' && l.pos < len(l.b) && l.b[l.pos] == '>' {
				l.pos++
			}
			return out
		}
		if depth > 32 { // nesting this deep is no real content: skip a byte
			l.pos++
			continue
		}
		var op operand
		kw, ok := l.next(&op, depth+1)
		if !ok {
			return out
		}
		switch n := len(out); {
		case kw == nil:
			out = append(out, op)
		case string(kw) == "R" && n >= 2 && out[n-2].kind == kNum && out[n-1].kind == kNum:
			out = append(out[:n-2], operand{kind: kRef, num: out[n-2].num})
		}
	}
}

// literal reads a literal string, undoing its escapes.
func (l *lexer) literal() []byte {
	l.pos++ // (
	start := l.pos
	depth := 1
	plain := true
	for i := l.pos; i < len(l.b); i++ {
		switch l.b[i] {
		case '\\':
			plain = false
			i++
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				if plain {
					l.pos = i + 1
					return l.b[start:i]
				}
				i = len(l.b)
			}
		case '\r':
			plain = false
		}
	}
	var out []byte
	depth = 1
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		switch c {
		case '(':
			depth++
		case ')':
			depth--
			if depth == 0 {
				return out
			}
		case '\r':
			if l.pos < len(l.b) && l.b[l.pos] == '\n' {
				l.pos++
			}
			c = '\n'
		case '\\':
			if l.pos >= len(l.b) {
				return out
			}
			c = l.b[l.pos]
			l.pos++
			switch c {
			case 'n':
				c = '\n'
			case 'r':
				c = '\r'
			case 't':
				c = '\t'
			case 'b':
				c = '\b'
			case 'f':
				c = '\f'
			case '\r':
				if l.pos < len(l.b) && l.b[l.pos] == '\n' {
					l.pos++
				}
				continue
			case '\n':
				continue
			default:
				if '0' <= c && c <= '7' {
					v := int(c - '0')
					for k := 0; k < 2 && l.pos < len(l.b) && '0' <= l.b[l.pos] && l.b[l.pos] <= '7'; k++ {
						v = v*8 + int(l.b[l.pos]-'0')
						l.pos++
					}
					c = byte(v)
				}
			}
		}
		out = append(out, c)
	}
	return out
}

// hex reads a hexadecimal string.
func (l *lexer) hex() []byte {
	l.pos++ // <
	out := make([]byte, 0, 16)
	half, odd := byte(0), false
	for l.pos < len(l.b) {
		c := l.b[l.pos]
		l.pos++
		if c == '>' {
			break
		}
		v, ok := unhex(c)
		if !ok {
			continue
		}
		if odd {
			out = append(out, half<<4|v)
		} else {
			half = v
		}
		odd = !odd
	}
	if odd {
		out = append(out, half<<4)
	}
	return out
}

func unhex(c byte) (byte, bool) {
	switch {
	case '0' <= c && c <= '9':
		return c - '0', true
	case 'a' <= c && c <= 'f':
		return c - 'a' + 10, true
	case 'A' <= c && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

func unescapeName(b []byte) []byte {
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		if b[i] == '#' && i+2 < len(b) {
			h, ok1 := unhex(b[i+1])
			lo, ok2 := unhex(b[i+2])
			if ok1 && ok2 {
				out = append(out, h<<4|lo)
				i += 2
				continue
			}
		}
		out = append(out, b[i])
	}
	return out
}

// parseNum reads a PDF number; malformed ones ("--5", "1.2.3") read as
// much as makes sense, and nonsense as 0.
func parseNum(b []byte) float64 {
	// The common cases, integers and plain decimals, without allocating.
	neg := false
	i := 0
	for i < len(b) && (b[i] == '-' || b[i] == '+') {
		neg = neg != (b[i] == '-')
		i++
	}
	var v float64
	digits := 0
	for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
		v = v*10 + float64(b[i]-'0')
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		scale := 0.1
		for ; i < len(b) && '0' <= b[i] && b[i] <= '9'; i++ {
			v += float64(b[i]-'0') * scale
			scale /= 10
			digits++
		}
	}
	if i < len(b) && digits > 0 {
		// Anything else (an exponent, which PDF does not have, or junk):
		// let strconv try, else keep what was read.
		if f, err := strconv.ParseFloat(string(b), 64); err == nil {
			v = f
			neg = false
		}
	}
	if neg {
		v = -v
	}
	return v
}

// skipInlineImage moves past an inline image's data, after its ID
// operator, to just after its EI.
func (l *lexer) skipInlineImage() {
	if l.pos < len(l.b) && isWhite(l.b[l.pos]) {
		l.pos++
	}
	for i := l.pos; i+1 < len(l.b); i++ {
		if l.b[i] == 'E' && l.b[i+1] == 'I' && (i == 0 || isWhite(l.b[i-1])) && (i+2 >= len(l.b) || isWhite(l.b[i+2]) || isDelim(l.b[i+2])) {
			l.pos = i + 2
			return
		}
	}
	l.pos = len(l.b)
}
