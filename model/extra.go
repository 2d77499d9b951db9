package model

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Extra holds the cells of an indicator's row whose columns the contract
// has no key for: pairs of the column's heading and the cell's text, in
// column order. It is written as a JSON object in that order, or null when
// it is empty.
type Extra []Field

// Field is one heading and its cell's text.
type Field struct {
	Key, Value string
}

// MarshalJSON writes e as an object, keys in e's order.
func (e Extra) MarshalJSON() ([]byte, error) {
	if len(e) == 0 {
		return []byte("null"), nil
	}
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range e {
		if i > 0 {
			b.WriteByte(',')
		}
		for j, s := range []string{f.Key, f.Value} {
			if j > 0 {
				b.WriteByte(':')
			}
			if err := writeString(&b, s); err != nil {
				return nil, err
			}
		}
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// writeString writes s as a JSON string, without escaping HTML as
// json.Marshal would, to match the encoder the outputs use.
func writeString(b *bytes.Buffer, s string) error {
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline
	return nil
}

// UnmarshalJSON reads an object, keeping its keys' order, or null.
func (e *Extra) UnmarshalJSON(data []byte) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	t, err := dec.Token()
	if err != nil {
		return err
	}
	if t == nil {
		*e = nil
		return nil
	}
	if t != json.Delim('{') {
		return fmt.Errorf("model: extra: want an object, got %v", t)
	}
	var out Extra
	for dec.More() {
		var f Field
		k, err := dec.Token()
		if err != nil {
			return err
		}
		f.Key, _ = k.(string)
		if err := dec.Decode(&f.Value); err != nil {
			return fmt.Errorf("model: extra %q: %w", f.Key, err)
		}
		out = append(out, f)
	}
	if _, err := dec.Token(); err != nil {
		return err
	}
	*e = out
	return nil
}
