package content

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"strings"
	"testing"
)

// FuzzImage decodes any image dictionary entries and any stream data as
// an image XObject: it decodes, or fails with an error, never panics
// (nor hits a runtime error that Decode recovers from),
// and what it decodes is as large as the dictionary says.
func FuzzImage(f *testing.F) {
	var jpg bytes.Buffer
	jpeg.Encode(&jpg, image.NewGray(image.Rect(0, 0, 8, 8)), nil)
	for _, s := range []struct{ dict, data string }{
		{"/Width 4/Height 2/BitsPerComponent 8/ColorSpace/DeviceGray", "\x00\x32\x64\x96\xc8\xfa\xff\x0a"},
		{"/Width 8/Height 2/BitsPerComponent 1/ColorSpace/DeviceGray/Decode[1 0]", "\xf0\x0f"},
		{"/Width 8/Height 2/ImageMask true", "\xf0\x0f"},
		{"/Width 2/Height 1/BitsPerComponent 8/ColorSpace[/Indexed/DeviceRGB 1 <000000FFFFFF>]", "\x01\x00"},
		{"/Width 1/Height 1/BitsPerComponent 8/ColorSpace/DeviceCMYK", "\x00\x00\x00\xff"},
		{"/Width 3/Height 5/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/FlateDecode/DecodeParms<</Predictor 15/Colors 1/Columns 3>>", string(zlibOf([]byte{0, 10, 20, 30, 1, 10, 10, 10, 2, 5, 5, 5, 3, 10, 10, 10, 4, 1, 1, 1}))},
		{"/Width 3/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/FlateDecode/DecodeParms<</Predictor 2/Colors 1/Columns 3>>", string(zlibOf([]byte{10, 5, 5}))},
		{"/Width 4/Height 1/BitsPerComponent 8/ColorSpace/DeviceGray/Filter[/ASCII85Decode/RunLengthDecode]", "<~ru*Q,!<~>"},
		{"/Width 8/Height 8/BitsPerComponent 8/ColorSpace/DeviceGray/Filter/DCTDecode", jpg.String()},
		{"/Width 16/Height 2/BitsPerComponent 1/Filter/CCITTFaxDecode/DecodeParms<</K -1/Columns 16/BlackIs1 true>>", "\x26\xa0\x00\x10\x01"},
		{"/Width 16/Height 2/BitsPerComponent 1/Filter/CCITTFaxDecode/DecodeParms<</K 0/Columns 16/EncodedByteAlign true>>", "\x00\x10\x01"},
		{"/Width 2/Height 2/BitsPerComponent 16/ColorSpace[/ICCBased 6 0 R]", "\xff\xff\x00\x00\x80\x00\x12\x34"},
	} {
		f.Add(s.dict, []byte(s.data))
	}
	f.Fuzz(func(t *testing.T, dict string, data []byte) {
		d, err := Open(imagePage(dict, data))
		if err != nil {
			return
		}
		p, err := d.Page(context.Background(), 1)
		if err != nil {
			return
		}
		for i := range p.Images {
			im := &p.Images[i]
			if im.Width*im.Height > 1<<20 {
				continue // a real image that size is legal, and slow to fuzz
			}
			img, err := im.Decode()
			if err != nil {
				// Decode turns a panic into an error; a runtime error (an
				// index out of range) is a bug all the same.
				if strings.Contains(err.Error(), "unreadable structure") {
					t.Errorf("Decode: %v", err)
				}
				continue
			}
			if b := img.Bounds(); b.Dx() > im.Width || b.Dy() > im.Height && b.Dx() == im.Width {
				t.Errorf("decoded %v for a %d×%d image", b, im.Width, im.Height)
			}
		}
	})
}

// FuzzFilters runs the filters jixiao decodes itself on any bytes: none
// panics.
func FuzzFilters(f *testing.F) {
	f.Add([]byte{0, 10, 20, 30, 1, 10, 10, 10, 4, 1, 1, 1}, uint16(3), uint8(1))
	f.Add([]byte{254, 9, 0, 4, 128}, uint16(4), uint8(2))
	f.Add([]byte("4142>"), uint16(1), uint8(1))
	f.Fuzz(func(t *testing.T, data []byte, columns uint16, bpp uint8) {
		stride := int(columns%512) + 1
		pngPredict(data, stride, int(bpp%8)+1)
		tiffPredict(bytes.Clone(data), stride, int(bpp%8)+1, 8)
		runLength(data)
		asciiHex(data)
		ascii85Decode(data)
	})
}
