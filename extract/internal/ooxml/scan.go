package ooxml

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jixiao/jixiao/extract/grid"
)

// A part's XML is read by a lexer of its own rather than by encoding/xml,
// which spends most of a workbook's read allocating (a name, an attribute
// slice and an interface for every token, a string for every attribute
// value). The lexer reads what OOXML parts are made of: elements with
// ASCII names, quoted attributes, text with the five named entities and
// character references, comments, the XML declaration of UTF-8. It
// accepts exactly what encoding/xml accepts and gives the same tokens
// (entities decoded, line ends made \n, the same lines): for anything
// else, or anything wrong, it hands the rest of the part, from the token
// it is at, to encoding/xml, which then says what encoding/xml says
// (FuzzLexer holds the two together). A part declaring another encoding
// than UTF-8 is read by encoding/xml from its declaration on.

// Kind is the kind of a Token.
type Kind uint8

// The kinds of tokens Scan visits.
const (
	StartElement Kind = iota + 1
	EndElement
	CharData
)

// Token is a token of a part's XML as Scan visits it: a start or end
// element, or character data. What it holds is valid only during the
// visit.
type Token struct {
	Kind Kind
	// Name is an element's local name: its prefix, if any, is dropped.
	Name string
	// Text is character data with its entities decoded and its line
	// ends made \n.
	Text  []byte
	attrs []attr
}

// attr is an attribute of a start element: its local name and its value,
// decoded.
type attr struct{ name, value []byte }

// AttrBytes returns the value of the element's attribute by its local
// name, in any namespace (of several, the first), and whether it has one.
// The bytes are valid only during the visit.
func (t *Token) AttrBytes(local string) ([]byte, bool) {
	for _, a := range t.attrs {
		if string(a.name) == local {
			return a.value, true
		}
	}
	return nil, false
}

// Attr returns the value of the element's attribute by its local name, in
// any namespace (of several, the first); "" when it has none.
func (t *Token) Attr(local string) string {
	v, _ := t.AttrBytes(local)
	return string(v)
}

// lexStatus is what lex made of the bytes it was given.
type lexStatus uint8

const (
	lexToken lexStatus = iota // a token, in l.tok
	lexSkip                   // something Scan does not visit: a comment, the XML declaration
	lexMore                   // the token goes on past the bytes
	lexOdd                    // something for encoding/xml to read, or to fail on
	lexDone                   // no bytes left
)

// lexer reads a part's XML token by token.
type lexer struct {
	r        io.Reader
	buf      []byte
	pos, end int   // the bytes of buf not yet read
	eof      bool  // r is at its end
	err      error // r failed
	line     int   // the line at pos
	tok      Token
	closing  string   // the name of a self-closing element, whose end is next
	scratch  []byte   // decoded text and attribute values
	offs     [][3]int // the attributes decoded into scratch: index, start, end
	names    map[string]string
	recent   [64]string   // names looked up lately, by a hash of their bytes
	dec      *xml.Decoder // reading the rest, once the lexer handed it over
	lineBase int          // the lines before the decoder's first
}

// lexers are lexers done with, whose buffers the next part reuses.
var lexers = sync.Pool{New: func() any { return &lexer{buf: make([]byte, 32<<10)} }}

// newLexer returns a lexer of r, keeping the names of elements in names.
// Its tokens are valid until it is released.
func newLexer(r io.Reader, names map[string]string) *lexer {
	l := lexers.Get().(*lexer)
	*l = lexer{r: r, buf: l.buf[:cap(l.buf)], line: 1, tok: Token{attrs: l.tok.attrs[:0]}, scratch: l.scratch[:0], offs: l.offs[:0], names: names, recent: l.recent}
	return l
}

// release gives the lexer back to the pool, but for a buffer grown large.
func (l *lexer) release() {
	if cap(l.buf) > 1<<20 {
		l.buf = nil
	}
	if cap(l.scratch) > 1<<20 {
		l.scratch = nil
	}
	l.r, l.dec, l.names = nil, nil, nil
	lexers.Put(l)
}

// lineNo returns the line the lexer is at: after the last token.
func (l *lexer) lineNo() int {
	if l.dec != nil {
		line, _ := l.dec.InputPos()
		return l.lineBase + line
	}
	return l.line
}

// next returns the next token, or io.EOF at the end of the part, or the
// error reading it failed with.
func (l *lexer) next() (*Token, error) {
	if l.closing != "" {
		l.tok.Kind, l.tok.Name, l.tok.Text, l.tok.attrs = EndElement, l.closing, nil, l.tok.attrs[:0]
		l.closing = ""
		return &l.tok, nil
	}
	if l.dec != nil {
		return l.decode()
	}
	for {
		n, st := l.lex(l.buf[l.pos:l.end], l.eof)
		switch st {
		case lexToken, lexSkip:
			l.line += bytes.Count(l.buf[l.pos:l.pos+n], []byte{'\n'})
			l.pos += n
			if st == lexToken {
				return &l.tok, nil
			}
			continue
		case lexDone:
			if l.err != nil {
				return nil, l.err
			}
			return nil, io.EOF
		case lexMore:
			if l.err != nil {
				return nil, l.err
			}
			if !l.eof {
				l.fill()
				continue
			}
		}
		l.handOver()
		return l.decode()
	}
}

// fill reads more of the part into the buffer, keeping the bytes not yet
// read and growing it when they fill it.
func (l *lexer) fill() {
	if l.pos > 0 {
		l.end = copy(l.buf, l.buf[l.pos:l.end])
		l.pos = 0
	}
	if l.end == len(l.buf) {
		l.buf = append(l.buf, make([]byte, max(len(l.buf), 4096))...)
		l.buf = l.buf[:cap(l.buf)]
	}
	n, err := l.r.Read(l.buf[l.end:])
	l.end += n
	switch {
	case errors.Is(err, io.EOF):
		l.eof = true
	case err != nil:
		l.err = err
	}
}

// handOver gives the rest of the part, from the token the lexer is at, to
// encoding/xml.
func (l *lexer) handOver() {
	rest := io.Reader(bytes.NewReader(l.buf[l.pos:l.end]))
	if !l.eof {
		rest = io.MultiReader(rest, l.r)
	}
	l.dec = xml.NewDecoder(rest)
	l.dec.CharsetReader = CharsetReader
	l.lineBase = l.line - 1
}

// decode returns the next token encoding/xml reads, its syntax errors at
// the part's lines.
func (l *lexer) decode() (*Token, error) {
	for {
		t, err := l.dec.RawToken()
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, &xml.SyntaxError{Msg: se.Msg, Line: l.lineBase + se.Line}
			}
			return nil, err
		}
		switch t := t.(type) {
		case xml.StartElement:
			attrs := l.tok.attrs[:0]
			for _, a := range t.Attr {
				attrs = append(attrs, attr{[]byte(a.Name.Local), []byte(a.Value)})
			}
			l.tok = Token{Kind: StartElement, Name: t.Name.Local, attrs: attrs}
		case xml.EndElement:
			l.tok = Token{Kind: EndElement, Name: t.Name.Local}
		case xml.CharData:
			l.tok = Token{Kind: CharData, Text: t}
		default: // comments, processing instructions, directives
			continue
		}
		return &l.tok, nil
	}
}

// lex reads one token from the start of b, which holds the rest of the
// part when eof is set. It returns how many bytes the token is.
func (l *lexer) lex(b []byte, eof bool) (int, lexStatus) {
	switch {
	case len(b) == 0 && eof:
		return 0, lexDone
	case len(b) < 2:
		if len(b) == 1 && b[0] != '<' && eof {
			return l.text(b, eof)
		}
		return 0, lexMore
	case b[0] != '<':
		return l.text(b, eof)
	}
	switch b[1] {
	case '/':
		return l.endTag(b)
	case '?':
		return l.procInst(b)
	case '!':
		return l.comment(b)
	}
	return l.startTag(b)
}

// text reads character data: up to the next <, or to the end of the part.
func (l *lexer) text(b []byte, eof bool) (int, lexStatus) {
	i := bytes.IndexByte(b, '<')
	if i < 0 {
		if !eof {
			return 0, lexMore
		}
		i = len(b)
	}
	l.scratch = l.scratch[:0]
	data, _, ok := l.value(b[:i], true)
	if !ok {
		return 0, lexOdd
	}
	l.tok.Kind, l.tok.Name, l.tok.Text, l.tok.attrs = CharData, "", data, l.tok.attrs[:0]
	return i, lexToken
}

// value checks and decodes text or an attribute's value, raw: every
// character one XML allows, entities decoded, \r\n and \r made \n. A text
// may not hold ]]>. It returns raw itself when there is nothing to
// decode, else what it decoded, appended to l.scratch.
func (l *lexer) value(raw []byte, text bool) (data []byte, decoded, ok bool) {
	plain := true
	for i := 0; i < len(raw); {
		for i < len(raw) && !special[raw[i]] {
			i++
		}
		if i == len(raw) {
			break
		}
		c := raw[i]
		if c >= utf8.RuneSelf {
			r, n := utf8.DecodeRune(raw[i:])
			if r == utf8.RuneError && n == 1 || !inRange(r) {
				return nil, false, false
			}
			i += n
			continue
		}
		switch {
		case c == '&' || c == '\r':
			plain = false
		case c < 0x20 && c != '\t' && c != '\n':
			return nil, false, false
		case c == '>' && text && i >= 2 && raw[i-1] == ']' && raw[i-2] == ']':
			return nil, false, false // ]]> outside CDATA
		}
		i++
	}
	if plain {
		return raw, false, true
	}
	start := len(l.scratch)
	for i := 0; i < len(raw); i++ {
		switch c := raw[i]; c {
		case '\r':
			l.scratch = append(l.scratch, '\n')
			if i+1 < len(raw) && raw[i+1] == '\n' {
				i++
			}
		case '&':
			r, n, ok := entity(raw[i:])
			if !ok {
				return nil, false, false
			}
			l.scratch = utf8.AppendRune(l.scratch, r)
			i += n - 1
		default:
			l.scratch = append(l.scratch, c)
		}
	}
	return l.scratch[start:], true, true
}

// special are the bytes value looks at: the others are characters XML
// allows as they are.
var special = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c < 0x20 && c != '\t' && c != '\n' || c == '\r' || c == '&' || c == '>' || c >= utf8.RuneSelf
	}
	return t
}()

// entity decodes the entity at the start of b, as encoding/xml does (a
// character reference that is no character is U+FFFD), returning the
// character and the entity's length; not ok for one encoding/xml fails
// on, or that it is not sure to read alike.
func entity(b []byte) (rune, int, bool) {
	semi := bytes.IndexByte(b, ';')
	if semi < 0 {
		return 0, 0, false
	}
	name := b[1:semi]
	if len(name) > 0 && name[0] == '#' {
		digits, base := name[1:], 10
		if len(digits) > 0 && digits[0] == 'x' {
			digits, base = digits[1:], 16
		}
		for _, c := range digits {
			if !('0' <= c && c <= '9' || base == 16 && ('a' <= c && c <= 'f' || 'A' <= c && c <= 'F')) {
				return 0, 0, false
			}
		}
		n, err := strconv.ParseUint(string(digits), base, 64)
		if err != nil || n > unicode.MaxRune {
			return 0, 0, false
		}
		r := rune(n)
		if !utf8.ValidRune(r) {
			r = utf8.RuneError // string(rune(n)), as encoding/xml makes it
		}
		return r, semi + 1, inRange(r)
	}
	switch string(name) {
	case "lt":
		return '<', semi + 1, true
	case "gt":
		return '>', semi + 1, true
	case "amp":
		return '&', semi + 1, true
	case "apos":
		return '\'', semi + 1, true
	case "quot":
		return '"', semi + 1, true
	}
	return 0, 0, false
}

// inRange reports whether XML allows a character.
func inRange(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// name reads an XML name of ASCII at b[i:], as encoding/xml reads one: it
// returns the local name (after a single prefix: "r" of "r:id", but all of
// ":a" and "a:"), the whole name, and where it ends.
func name(b []byte, i int) (local, full []byte, end int, st lexStatus) {
	j := i
	for j < len(b) && isNameByte(b[j]) {
		j++
	}
	switch {
	case j == len(b):
		return nil, nil, 0, lexMore
	case b[j] >= utf8.RuneSelf || j == i:
		return nil, nil, 0, lexOdd
	}
	full = b[i:j]
	if c := full[0]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' || c == ':') {
		return nil, nil, 0, lexOdd
	}
	local = full
	if k := bytes.IndexByte(full, ':'); k >= 0 {
		if bytes.IndexByte(full[k+1:], ':') >= 0 {
			return nil, nil, 0, lexOdd
		}
		if k > 0 && k < len(full)-1 {
			local = full[k+1:]
		}
	}
	return local, full, j, lexToken
}

func isNameByte(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '_' || c == ':' || c == '.' || c == '-'
}

// space skips XML's white space at b[i:].
func space(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

// intern returns a name as a string, the same string each time: one of
// the names SpreadsheetML and WordprocessingML use without allocating it
// again for each part, else one the package's parts use.
func (l *lexer) intern(b []byte) string {
	h := (len(b)*7 + int(b[0]) + int(b[len(b)-1])*3) & (len(l.recent) - 1)
	if s := l.recent[h]; s == string(b) {
		return s
	}
	s, ok := knownNames[string(b)]
	if !ok {
		if s, ok = l.names[string(b)]; !ok {
			s = string(b)
			if len(l.names) < 4096 {
				l.names[s] = s
			}
		}
	}
	l.recent[h] = s
	return s
}

// startTag reads a start element, <name attr="value"…> or <name …/>.
func (l *lexer) startTag(b []byte) (int, lexStatus) {
	local, _, j, st := name(b, 1)
	if st != lexToken {
		return 0, st
	}
	attrs := l.tok.attrs[:0]
	l.scratch, l.offs = l.scratch[:0], l.offs[:0]
	empty := false
	for {
		j = space(b, j)
		if j >= len(b) {
			return 0, lexMore
		}
		if b[j] == '/' {
			if j+1 >= len(b) {
				return 0, lexMore
			}
			if b[j+1] != '>' {
				return 0, lexOdd
			}
			j, empty = j+2, true
			break
		}
		if b[j] == '>' {
			j++
			break
		}
		an, _, k, st := name(b, j)
		if st != lexToken {
			return 0, st
		}
		k = space(b, k)
		if k >= len(b) {
			return 0, lexMore
		}
		if b[k] != '=' {
			return 0, lexOdd
		}
		k = space(b, k+1)
		if k >= len(b) {
			return 0, lexMore
		}
		q := b[k]
		if q != '"' && q != '\'' {
			return 0, lexOdd
		}
		e := bytes.IndexByte(b[k+1:], q)
		if e < 0 {
			return 0, lexMore
		}
		raw := b[k+1 : k+1+e]
		if bytes.IndexByte(raw, '<') >= 0 {
			return 0, lexOdd
		}
		before := len(l.scratch)
		v, decoded, ok := l.value(raw, false)
		if !ok {
			return 0, lexOdd
		}
		attrs = append(attrs, attr{an, v})
		if decoded { // into scratch, which may move as it grows
			l.offs = append(l.offs, [3]int{len(attrs) - 1, before, len(l.scratch)})
		}
		j = k + 1 + e + 1
	}
	for _, o := range l.offs {
		attrs[o[0]].value = l.scratch[o[1]:o[2]]
	}
	n := l.intern(local)
	l.tok.Kind, l.tok.Name, l.tok.Text, l.tok.attrs = StartElement, n, nil, attrs
	if empty {
		l.closing = n
	}
	return j, lexToken
}

// endTag reads an end element, </name>.
func (l *lexer) endTag(b []byte) (int, lexStatus) {
	local, _, j, st := name(b, 2)
	if st != lexToken {
		return 0, st
	}
	j = space(b, j)
	if j >= len(b) {
		return 0, lexMore
	}
	if b[j] != '>' {
		return 0, lexOdd
	}
	l.tok.Kind, l.tok.Name, l.tok.Text, l.tok.attrs = EndElement, l.intern(local), nil, l.tok.attrs[:0]
	return j + 1, lexToken
}

// procInst reads the XML declaration, <?xml version="1.0" encoding="UTF-8"?>,
// which says nothing Scan needs: another version, another encoding, or
// another processing instruction is encoding/xml's.
func (l *lexer) procInst(b []byte) (int, lexStatus) {
	_, target, j, st := name(b, 2)
	if st != lexToken {
		return 0, st
	}
	if string(target) != "xml" {
		return 0, lexOdd
	}
	j = space(b, j)
	e := bytes.Index(b[j:], []byte("?>"))
	if e < 0 {
		return 0, lexMore
	}
	content := b[j : j+e]
	if v := procInstParam("version", content); v != nil && string(v) != "1.0" {
		return 0, lexOdd
	}
	if enc := procInstParam("encoding", content); enc != nil && !bytes.EqualFold(enc, []byte("utf-8")) {
		return 0, lexOdd
	}
	return j + e + 2, lexSkip
}

// procInstParam is encoding/xml's procInst: the value of a parameter of a
// processing instruction, as encoding/xml finds it; nil for none (and for
// an empty one, which encoding/xml takes as none).
func procInstParam(param string, s []byte) []byte {
	param += "="
	lenp := len(param)
	i := 0
	var sep byte
	for i < len(s) {
		sub := s[i:]
		k := bytes.Index(sub, []byte(param))
		if k < 0 || lenp+k >= len(sub) {
			return nil
		}
		i += lenp + k + 1
		if c := sub[lenp+k]; c == '\'' || c == '"' {
			sep = c
			break
		}
	}
	if sep == 0 {
		return nil
	}
	j := bytes.IndexByte(s[i:], sep)
	if j <= 0 {
		return nil
	}
	return s[i : i+j]
}

// comment reads a comment, <!-- … -->; other <! constructs (CDATA, a
// DOCTYPE) are encoding/xml's.
func (l *lexer) comment(b []byte) (int, lexStatus) {
	if len(b) < 4 {
		return 0, lexMore
	}
	if b[2] != '-' || b[3] != '-' {
		return 0, lexOdd
	}
	k := bytes.Index(b[4:], []byte("--"))
	switch {
	case k < 0 || 4+k+2 >= len(b):
		return 0, lexMore
	case b[4+k+2] != '>':
		return 0, lexOdd // -- inside a comment
	}
	return 4 + k + 3, lexSkip
}

// Scan streams a part's XML to visit, token by token, to its end, and
// fails on a part that is not well-formed XML with root as its root
// element, or that nests past Limits.Depth. what is what messages call the
// part ("the shared strings"). visit sees each start and end element and
// character data with the path of elements (local names) it is in; an
// error it returns is returned at the part and line (unless it says where
// it is). A part the package does not hold is no error.
func (p *Package) Scan(name, what, root string, visit func(t *Token, stack []string) error) error {
	return p.scan(name, what, root, 0, visit)
}

// scan is Scan reading at most limit inflated bytes of the part.
func (p *Package) scan(name, what, root string, limit int64, visit func(t *Token, stack []string) error) error {
	if !p.Has(name) {
		return nil
	}
	r, err := p.Open(name, limit)
	if err != nil {
		return err
	}
	defer r.Close()
	if p.names == nil {
		p.names = map[string]string{}
	}
	lx := newLexer(r, p.names)
	defer lx.release()
	fail := func(format string, args ...any) error {
		return &grid.Error{Pos: grid.Pos{Part: r.Name, Line: lx.lineNo()}, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: %s "+format, append([]any{p.noun, what}, args...)...)}
	}
	stack := make([]string, 0, 8)
	rooted := false
	for {
		t, err := lx.next()
		if errors.Is(err, io.EOF) {
			switch {
			case len(stack) > 0:
				return fail("ends in the middle of its XML")
			case !rooted:
				return &grid.Error{Pos: grid.Pos{Part: r.Name}, Err: grid.Errorf(grid.ErrCorrupt, "damaged %s: %s holds no XML", p.noun, what)}
			}
			return nil
		}
		if err != nil {
			return r.Fail(err, what, lx.lineNo())
		}
		switch t.Kind {
		case StartElement:
			switch {
			case p.limits.Depth > 0 && len(stack) == p.limits.Depth:
				return fail("nests elements more than %d deep", p.limits.Depth)
			case len(stack) == 0 && (rooted || t.Name != root):
				return fail("is not a <%s> part: its XML is <%s>", root, Name(t.Name))
			}
			rooted = true
			stack = append(stack, t.Name)
			err = visit(t, stack)
		case EndElement:
			if len(stack) == 0 || stack[len(stack)-1] != t.Name {
				return fail("is not well-formed XML: unexpected </%s>", Name(t.Name))
			}
			err = visit(t, stack)
			stack = stack[:len(stack)-1]
		case CharData:
			err = visit(t, stack)
		}
		if err != nil {
			return grid.At(grid.Pos{Part: r.Name, Line: lx.lineNo()}, err)
		}
	}
}

// knownNames are the local names of the elements of the parts the readers
// scan, and some of their neighbours'.
var knownNames = func() map[string]string {
	m := map[string]string{}
	for _, n := range strings.Fields(`worksheet sheetPr dimension sheetViews sheetView selection pane sheetFormatPr cols col
		sheetData row c v f is t r rPr rPh phoneticPr mergeCells mergeCell conditionalFormatting dataValidations dataValidation
		hyperlinks hyperlink printOptions pageMargins pageSetup headerFooter oddHeader oddFooter drawing legacyDrawing tableParts
		extLst ext sheetProtection autoFilter rowBreaks colBreaks brk
		sst si b i u sz color rFont family scheme charset vertAlign strike
		styleSheet numFmts numFmt fonts font name fills fill patternFill fgColor bgColor borders border left right top bottom diagonal
		cellStyleXfs cellXfs xf alignment protection cellStyles cellStyle dxfs dxf tableStyles colors indexedColors rgbColor mruColors
		workbook fileVersion workbookPr bookViews workbookView sheets sheet definedNames definedName calcPr AlternateContent Choice
		Relationships Relationship Types Default Override`) {
		m[n] = n
	}
	return m
}()
