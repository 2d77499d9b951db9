package content

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/sha256"
	"crypto/sha512"
	"hash"
	"regexp"
	"strconv"

	"github.com/ledongthuc/pdf"
)

// The object layer decrypts RC4 and AES-128 (revisions 2 to 4) itself.
// AES-256 (revision 6 of ISO 32000-2, and Adobe's revision 5) it cannot,
// so a document encrypted so is decrypted here, with an empty user
// password, into a copy whose every string and stream holds its plain
// bytes at the same offsets: the cross-reference table stays valid and
// the object layer reads the copy as an unencrypted document.

var (
	reEncryptRef = regexp.MustCompile(`/Encrypt\s*(\d+)\s+(\d+)\s+R`)
	reLength     = regexp.MustCompile(`/Length\s+(\d+)(\s+\d+\s+R)?`)
	reXRefType   = regexp.MustCompile(`/Type\s*/XRef\b`)
)

// hideEncrypt renames the trailer's /Encrypt key (same length), so that
// the object layer opens the document without decrypting it.
func hideEncrypt(data []byte) []byte {
	out := bytes.Clone(data)
	key := []byte("/Encrypt")
	for i := 0; ; {
		j := bytes.Index(out[i:], key)
		if j < 0 {
			return out
		}
		j += i
		end := j + len(key)
		if end >= len(out) || isWhite(out[end]) || isDelim(out[end]) || ('0' <= out[end] && out[end] <= '9') {
			copy(out[j:], "/JXcrypt")
		}
		i = end
	}
}

// decryptV5 decrypts an AES-256 document (V 5, R 5 or 6) with the empty
// user password.
func decryptV5(data []byte) ([]byte, error) {
	out := hideEncrypt(data)
	r, err := pdf.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		return nil, damaged("%v", err)
	}
	enc := r.Trailer().Key("JXcrypt")
	if enc.Kind() != pdf.Dict {
		return nil, damaged("the encryption dictionary cannot be read")
	}
	if f := enc.Key("Filter").Name(); f != "Standard" {
		return nil, damaged("encrypted with the %q security handler, which jixiao does not read", f)
	}
	v, rev := enc.Key("V").Int64(), enc.Key("R").Int64()
	if v != 5 || (rev != 5 && rev != 6) {
		return nil, damaged("unsupported encryption (V %d, R %d)", v, rev)
	}
	u, ue := []byte(enc.Key("U").RawString()), []byte(enc.Key("UE").RawString())
	if len(u) < 48 || len(ue) < 32 {
		return nil, damaged("the encryption dictionary's U or UE entry is malformed")
	}
	key, ok := fileKeyV5(nil, u[:48], ue[:32], rev)
	if !ok {
		return nil, ErrPassword
	}
	var encObj []byte
	if m := reEncryptRef.FindSubmatch(data); m != nil {
		encObj = append(append(append([]byte(nil), m[1]...), ' '), m[2]...)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, damaged("%v", err)
	}
	decryptObjects(out, block, encObj)
	return out, nil
}

// fileKeyV5 checks the user password against U and returns the file key
// it unlocks from UE (ISO 32000-2, 7.6.4.3.3, algorithm 2.A).
func fileKeyV5(pw, u, ue []byte, rev int64) ([]byte, bool) {
	if len(pw) > 127 {
		pw = pw[:127]
	}
	check := hashV5(pw, u[32:40], nil, rev)
	if !bytes.Equal(check, u[:32]) {
		return nil, false
	}
	ik := hashV5(pw, u[40:48], nil, rev)
	block, err := aes.NewCipher(ik)
	if err != nil {
		return nil, false
	}
	key := make([]byte, 32)
	cipher.NewCBCDecrypter(block, make([]byte, 16)).CryptBlocks(key, ue)
	return key, true
}

// hashV5 is the password hash of revision 5 (SHA-256) and 6 (algorithm
// 2.B).
func hashV5(pw, salt, udata []byte, rev int64) []byte {
	h := sha256.New()
	h.Write(pw)
	h.Write(salt)
	h.Write(udata)
	k := h.Sum(nil)
	if rev == 5 {
		return k
	}
	hashes := [3]hash.Hash{sha256.New(), sha512.New384(), sha512.New()}
	var k1, e []byte
	for round := 0; ; round++ {
		k1 = k1[:0]
		for range 64 {
			k1 = append(k1, pw...)
			k1 = append(k1, k...)
			k1 = append(k1, udata...)
		}
		block, _ := aes.NewCipher(k[:16])
		if cap(e) < len(k1) {
			e = make([]byte, len(k1))
		}
		e = e[:len(k1)]
		cipher.NewCBCEncrypter(block, k[16:32]).CryptBlocks(e, k1)
		sum := 0
		for _, b := range e[:16] {
			sum += int(b)
		}
		hh := hashes[sum%3]
		hh.Reset()
		hh.Write(e)
		k = hh.Sum(nil)
		if round >= 63 && int(e[len(e)-1]) <= round+1-32 {
			break
		}
		if round > 2000 { // cannot happen; a bound all the same
			break
		}
	}
	return k[:32]
}

// decryptObjects decrypts, in place, the strings and streams of every
// object of data but the encryption dictionary (number encObj) and
// cross-reference streams.
func decryptObjects(data []byte, block cipher.Block, encObj []byte) {
	locs := findObjs(data)
	for k, loc := range locs {
		num := string(data[loc[2]:loc[3]]) + " " + string(data[loc[4]:loc[5]])
		if encObj != nil && num == string(encObj) {
			continue
		}
		start := loc[1]
		end := len(data)
		if k+1 < len(locs) {
			end = locs[k+1][0]
		}
		if e := bytes.Index(data[start:end], []byte("endobj")); e >= 0 {
			end = start + e
		}
		body := data[start:end]
		s := bytes.Index(body, []byte("stream"))
		dictPart := body
		if s >= 0 && !bytes.HasPrefix(body[s:], []byte("stream")) {
			s = -1
		}
		// "endstream" contains "stream": take the first "stream" keyword.
		if s >= 0 {
			dictPart = body[:s]
		}
		if reXRefType.Match(dictPart) {
			continue
		}
		decryptStrings(dictPart, block)
		if s < 0 {
			continue
		}
		ds := start + s + len("stream")
		if ds < len(data) && data[ds] == '\r' {
			ds++
		}
		if ds < len(data) && data[ds] == '\n' {
			ds++
		}
		de := -1
		if m := reLength.FindSubmatch(dictPart); m != nil && m[2] == nil {
			if n, err := strconv.Atoi(string(m[1])); err == nil && n >= 0 && ds+n <= len(data) {
				de = ds + n
			}
		}
		if de < 0 {
			e := bytes.Index(data[ds:], []byte("endstream"))
			if e < 0 {
				continue
			}
			de = ds + e
			for de > ds && (data[de-1] == '\n' || data[de-1] == '\r') {
				de--
			}
		}
		decryptInPlace(data[ds:de], block, ' ')
	}
}

// decryptInPlace decrypts an AES-256 ciphertext (its IV first) and writes
// the plain bytes over its start, filling the rest with fill. It returns
// the plain length, or -1 when b is no ciphertext.
func decryptInPlace(b []byte, block cipher.Block, fill byte) int {
	if len(b) < 32 || len(b)%16 != 0 {
		return -1
	}
	plain := make([]byte, len(b)-16)
	cipher.NewCBCDecrypter(block, b[:16]).CryptBlocks(plain, b[16:])
	if p := int(plain[len(plain)-1]); p >= 1 && p <= 16 && p <= len(plain) {
		plain = plain[:len(plain)-p]
	}
	n := copy(b, plain)
	for i := n; i < len(b); i++ {
		b[i] = fill
	}
	return n
}

// decryptStrings decrypts the strings of an object's dictionary or value
// in place, rewriting each as a hexadecimal string padded with spaces.
func decryptStrings(b []byte, block cipher.Block) {
	for i := 0; i < len(b); i++ {
		switch b[i] {
		case '%':
			for i < len(b) && b[i] != '\n' && b[i] != '\r' {
				i++
			}
		case '(':
			l := &lexer{b: b, pos: i}
			raw := l.literal()
			rewriteString(b[i:l.pos], raw, block)
			i = l.pos - 1
		case '<':
			if i+1 < len(b) && b[i+1] == '<' {
				i++
				continue
			}
			l := &lexer{b: b, pos: i}
			raw := l.hex()
			rewriteString(b[i:l.pos], raw, block)
			i = l.pos - 1
		}
	}
}

// rewriteString writes the decryption of ciphertext raw over span.
func rewriteString(span, raw []byte, block cipher.Block) {
	raw = bytes.Clone(raw)
	plainLen := -1
	if len(raw) >= 32 && len(raw)%16 == 0 {
		plainLen = decryptInPlace(raw, block, 0)
	}
	for i := range span {
		span[i] = ' '
	}
	if plainLen < 0 {
		copy(span, "()") // no ciphertext: an empty string
		return
	}
	if 2+2*plainLen > len(span) {
		// Too long as hex: a literal string, escaped where it must be.
		lit := []byte{'('}
		for _, c := range raw[:plainLen] {
			switch c {
			case '(', ')', '\\':
				lit = append(lit, '\\', c)
			case '\r':
				lit = append(lit, '\\', 'r')
			default:
				lit = append(lit, c)
			}
		}
		lit = append(lit, ')')
		if len(lit) > len(span) {
			lit = []byte("()") // cannot fit: an empty string
		}
		copy(span, lit)
		return
	}
	const digits = "0123456789ABCDEF"
	span[0] = '<'
	for i, c := range raw[:plainLen] {
		span[1+2*i] = digits[c>>4]
		span[2+2*i] = digits[c&15]
	}
	span[1+2*plainLen] = '>'
}
