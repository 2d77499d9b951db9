package content

import (
	"bytes"
	"compress/zlib"
	"encoding/ascii85"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math"
	"strconv"
	"strings"

	"golang.org/x/image/ccitt"

	"github.com/ledongthuc/pdf"
)

// The object layer decodes only a few stream filters and panics on the
// others (DCTDecode, CCITTFaxDecode, PNG predictors other than Up), which
// are what scans are made of. An image's stream is therefore read here
// from its raw bytes, at the offset the object layer found it at, and
// decoded by jixiao: JPEG by image/jpeg, CCITT G3 and G4 by
// golang.org/x/image/ccitt, Flate with its predictors, and the ASCII
// filters and RunLength before them.

// ErrImage is an image that cannot be decoded: a filter jixiao does not
// read (JBIG2, JPEG 2000, LZW), damaged data, or an encrypted stream.
var ErrImage = errors.New("image cannot be decoded")

// Limits on one image.
const (
	maxImages      = 64       // images kept per page
	maxImageRaw    = 64 << 20 // bytes of an image's stream, encoded
	maxImagePixels = 64 << 20 // width × height: A4 at 700 dpi, A3 at 500
)

// Image is an image XObject a page draws.
type Image struct {
	Name          string // its resource name, "Im0"
	Width, Height int    // in samples
	// Place maps the image's unit square to upright page space (points
	// from the lower left of the page as it is shown), as the CTM at its
	// Do operator does: sample (i, j) of the image, its row j counted
	// from the top, has its centre at Place applied to
	// ((i+0.5)/Width, 1-(j+0.5)/Height).
	Place [6]float64
	// Mask is set for a stencil mask (/ImageMask): its light samples are
	// not painted, and what is under it shows through.
	Mask bool
	v    pdf.Value
	d    *Doc
}

// Apply maps a point of the image's unit square to upright page space.
func (im *Image) Apply(u, v float64) (x, y float64) {
	m := matrix(im.Place)
	return m.apply(u, v)
}

// image records an image XObject drawn under the current CTM.
func (in *interp) imageXObject(name string, v pdf.Value) {
	if len(in.page.Images) >= maxImages {
		return
	}
	w, h := v.Key("Width").Int64(), v.Key("Height").Int64()
	if w <= 0 || h <= 0 || w > 1<<20 || h > 1<<20 {
		return
	}
	in.page.Images = append(in.page.Images, Image{Name: name, Width: int(w), Height: int(h), Place: in.gs.ctm, Mask: v.Key("ImageMask").Bool(), v: v, d: in.d})
}

// Decode decodes the image: an *image.Gray for one colour component (a
// mask, grey, a separation, CCITT), an *image.RGBA or a JPEG's own type
// for colour. A sample's darkness is as shown: a /Decode [1 0] or a
// BlackIs1 is applied.
func (im *Image) Decode() (img image.Image, err error) {
	if int64(im.Width)*int64(im.Height) > maxImagePixels {
		return nil, fmt.Errorf("%w: an image of %d×%d samples", ErrTooLarge, im.Width, im.Height)
	}
	err = safe("decoding an image", func() error {
		var e error
		img, e = im.decode()
		return e
	})
	if err != nil && !errors.Is(err, ErrImage) && !errors.Is(err, ErrTooLarge) {
		err = fmt.Errorf("%w: %v", ErrImage, err)
	}
	return img, err
}

func imageErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrImage, fmt.Sprintf(format, args...))
}

// raw returns a stream's bytes as the file has them, before any filter.
func (d *Doc) raw(v pdf.Value) ([]byte, error) {
	if d.r.Trailer().Key("Encrypt").Kind() != pdf.Null {
		return nil, imageErr("the document is encrypted (RC4 or AES-128), and its images are not decrypted")
	}
	// The object layer prints a stream as its dictionary, "@" and the
	// offset of its data; a test holds it to that.
	s := v.String()
	at := strings.LastIndexByte(s, '@')
	if v.Kind() != pdf.Stream || at < 0 {
		return nil, imageErr("not a stream")
	}
	off, err := strconv.ParseInt(s[at+1:], 10, 64)
	n := v.Key("Length").Int64()
	if err != nil || off < 0 || off > int64(len(d.data)) || n < 0 {
		return nil, imageErr("a stream's offset or length is wrong")
	}
	if n > maxImageRaw {
		return nil, fmt.Errorf("%w: an image stream of more than %d MiB", ErrTooLarge, maxImageRaw>>20)
	}
	end := min(off+n, int64(len(d.data)))
	if i := bytes.Index(d.data[off:end], []byte("endstream")); i >= 0 && off+int64(i)+9 < end-16 {
		end = off + int64(i) // a /Length too long
	}
	return d.data[off:end], nil
}

// filters returns a stream's filters and their parameters, in order.
func filters(v pdf.Value) ([]string, []pdf.Value) {
	f, p := v.Key("Filter"), v.Key("DecodeParms")
	if f.Kind() == pdf.Null {
		f, p = v.Key("F"), v.Key("DP")
	}
	switch f.Kind() {
	case pdf.Name:
		if p.Kind() == pdf.Array {
			p = p.Index(0)
		}
		return []string{f.Name()}, []pdf.Value{p}
	case pdf.Array:
		var names []string
		var params []pdf.Value
		for i := 0; i < f.Len() && i < 8; i++ {
			names = append(names, f.Index(i).Name())
			q := p
			if p.Kind() == pdf.Array {
				q = p.Index(i)
			} else if i > 0 {
				q = pdf.Value{}
			}
			params = append(params, q)
		}
		return names, params
	}
	return nil, nil
}

func (im *Image) decode() (image.Image, error) {
	v := im.v
	data, err := im.d.raw(v)
	if err != nil {
		return nil, err
	}
	names, params := filters(v)
	for k, name := range names {
		last := k == len(names)-1
		switch name {
		case "DCTDecode", "DCT":
			if !last {
				return nil, imageErr("a filter after DCTDecode")
			}
			return decodeJPEG(data, v)
		case "CCITTFaxDecode", "CCF":
			if !last {
				return nil, imageErr("a filter after CCITTFaxDecode")
			}
			return decodeCCITT(data, params[k], im.Width, im.Height, blackIs0(v))
		case "FlateDecode", "Fl":
			data, err = inflate(data, params[k])
		case "ASCIIHexDecode", "AHx":
			data, err = asciiHex(data)
		case "ASCII85Decode", "A85":
			data, err = ascii85Decode(data)
		case "RunLengthDecode", "RL":
			data, err = runLength(data)
		default:
			return nil, imageErr("a %s image (jixiao decodes JPEG, CCITT fax, Flate and raw samples)", name)
		}
		if err != nil {
			return nil, err
		}
	}
	return samples(data, v, im.Width, im.Height)
}

// blackIs0 reports whether a /Decode array swaps a one-component image's
// dark and light: [1 0].
func blackIs0(v pdf.Value) bool {
	dec := v.Key("Decode")
	return dec.Len() >= 2 && dec.Index(0).Float64() > dec.Index(1).Float64()
}

func decodeJPEG(data []byte, v pdf.Value) (image.Image, error) {
	img, err := jpeg.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, imageErr("JPEG: %v", err)
	}
	if g, ok := img.(*image.Gray); ok && blackIs0(v) {
		invert(g.Pix)
	}
	return img, nil
}

func invert(b []byte) {
	for i := range b {
		b[i] = 255 - b[i]
	}
}

func decodeCCITT(data []byte, p pdf.Value, w, h int, decodeInverted bool) (image.Image, error) {
	k := p.Key("K").Int64()
	// /Columns defaults to 1728 (a fax line), but an image's /Width says
	// how wide it is drawn: without /Columns the width is taken.
	cols := int(p.Key("Columns").Int64())
	if cols <= 0 || cols > 1<<20 {
		cols = w
	}
	if rows := int(p.Key("Rows").Int64()); rows > 0 {
		h = min(h, rows)
	}
	sf := ccitt.Group3
	if k < 0 {
		sf = ccitt.Group4
	} else if k > 0 {
		return nil, imageErr("CCITT group 3 two-dimensional (K > 0) images are not decoded")
	}
	blackIs1 := p.Key("BlackIs1").Bool()
	g := image.NewGray(image.Rect(0, 0, cols, h))
	err := ccitt.DecodeIntoGray(g, bytes.NewReader(data), ccitt.MSB, sf, &ccitt.Options{Align: p.Key("EncodedByteAlign").Bool(), Invert: blackIs1})
	if err != nil {
		return nil, imageErr("CCITT fax: %v", err)
	}
	if decodeInverted {
		invert(g.Pix)
	}
	if cols != w {
		// Lines coded wider or narrower than the image: cut or pad them.
		out := image.NewGray(image.Rect(0, 0, w, h))
		for i := range out.Pix {
			out.Pix[i] = 255
		}
		for y := 0; y < h; y++ {
			copy(out.Pix[y*out.Stride:y*out.Stride+w], g.Pix[y*g.Stride:y*g.Stride+cols])
		}
		g = out
	}
	return g, nil
}

// inflate undoes FlateDecode and its predictor.
func inflate(data []byte, p pdf.Value) ([]byte, error) {
	zr, err := zlib.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, imageErr("Flate: %v", err)
	}
	var b bytes.Buffer
	n, err := io.Copy(&b, io.LimitReader(zr, maxImagePixels*4+1))
	if n > maxImagePixels*4 {
		return nil, fmt.Errorf("%w: an image inflates past %d MiB", ErrTooLarge, maxImagePixels*4>>20)
	}
	if err != nil && b.Len() == 0 {
		return nil, imageErr("Flate: %v", err)
	}
	out := b.Bytes() // a stream cut short keeps what was decoded
	pred := p.Key("Predictor").Int64()
	if pred <= 1 {
		return out, nil
	}
	colors := max(1, p.Key("Colors").Int64())
	bpc := p.Key("BitsPerComponent").Int64()
	if bpc == 0 {
		bpc = 8
	}
	columns := max(1, p.Key("Columns").Int64())
	if colors > 32 || bpc > 16 || columns > 1<<20 {
		return nil, imageErr("a predictor's parameters are out of range")
	}
	bpp := int(max(1, (colors*bpc+7)/8))
	stride := int((colors*bpc*columns + 7) / 8)
	if pred == 2 {
		return tiffPredict(out, stride, bpp, int(bpc)), nil
	}
	return pngPredict(out, stride, bpp)
}

// pngPredict undoes PNG prediction: each row starts with its filter type.
func pngPredict(data []byte, stride, bpp int) ([]byte, error) {
	rows := len(data) / (stride + 1)
	out := make([]byte, rows*stride)
	prev := make([]byte, stride)
	for r := 0; r < rows; r++ {
		in := data[r*(stride+1):]
		ft, row := in[0], in[1:stride+1]
		cur := out[r*stride : (r+1)*stride]
		copy(cur, row)
		switch ft {
		case 0:
		case 1:
			for i := bpp; i < stride; i++ {
				cur[i] += cur[i-bpp]
			}
		case 2:
			for i := range cur {
				cur[i] += prev[i]
			}
		case 3:
			for i := range cur {
				var left byte
				if i >= bpp {
					left = cur[i-bpp]
				}
				cur[i] += byte((int(left) + int(prev[i])) / 2)
			}
		case 4:
			for i := range cur {
				var a, c byte
				if i >= bpp {
					a, c = cur[i-bpp], prev[i-bpp]
				}
				cur[i] += paeth(a, prev[i], c)
			}
		default:
			return nil, imageErr("a PNG predictor row of type %d", ft)
		}
		prev = cur
	}
	return out, nil
}

func paeth(a, b, c byte) byte {
	p := int(a) + int(b) - int(c)
	pa, pb, pc := abs(p-int(a)), abs(p-int(b)), abs(p-int(c))
	switch {
	case pa <= pb && pa <= pc:
		return a
	case pb <= pc:
		return b
	}
	return c
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// tiffPredict undoes TIFF predictor 2 for 8-bit components (other depths
// are left as they are: no scanner writes them).
func tiffPredict(data []byte, stride, bpp, bpc int) []byte {
	if bpc != 8 {
		return data
	}
	for r := 0; r+stride <= len(data); r += stride {
		row := data[r : r+stride]
		for i := bpp; i < stride; i++ {
			row[i] += row[i-bpp]
		}
	}
	return data
}

func asciiHex(data []byte) ([]byte, error) {
	var digits []byte
	for _, c := range data {
		if c == '>' {
			break
		}
		if _, ok := unhex(c); ok {
			digits = append(digits, c)
		}
	}
	if len(digits)%2 == 1 {
		digits = append(digits, '0')
	}
	out := make([]byte, len(digits)/2)
	_, err := hex.Decode(out, digits)
	if err != nil {
		return nil, imageErr("ASCIIHex: %v", err)
	}
	return out, nil
}

func ascii85Decode(data []byte) ([]byte, error) {
	if i := bytes.Index(data, []byte("~>")); i >= 0 {
		data = data[:i]
	}
	data = bytes.TrimPrefix(bytes.TrimSpace(data), []byte("<~"))
	out, err := io.ReadAll(io.LimitReader(ascii85.NewDecoder(bytes.NewReader(data)), maxImagePixels*4))
	if err != nil && len(out) == 0 {
		return nil, imageErr("ASCII85: %v", err)
	}
	return out, nil
}

func runLength(data []byte) ([]byte, error) {
	var out []byte
	for i := 0; i < len(data); {
		n := int(data[i])
		i++
		switch {
		case n == 128:
			return out, nil
		case n < 128:
			end := min(i+n+1, len(data))
			out = append(out, data[i:end]...)
			i = end
		default:
			if i < len(data) {
				out = append(out, bytes.Repeat(data[i:i+1], 257-n)...)
			}
			i++
		}
		if len(out) > maxImagePixels*4 {
			return nil, fmt.Errorf("%w: an image run-length decodes past %d MiB", ErrTooLarge, maxImagePixels*4>>20)
		}
	}
	return out, nil
}

// colourSpace is what samples of an image mean.
type colourSpace struct {
	n       int    // components
	lookup  []byte // Indexed: the palette, base components each
	base    int    // Indexed: components of the base space
	inkLike bool   // Separation: a tint of 1 is full ink
	cmyk    bool   // DeviceCMYK, or an Indexed base of it
	decode  [][2]float64
	hival   int
}

func spaceOf(cs pdf.Value, depth int) (colourSpace, error) {
	if depth > 4 {
		return colourSpace{}, imageErr("colour spaces nested too deep")
	}
	name := cs.Name()
	if cs.Kind() == pdf.Array && cs.Len() > 0 {
		name = cs.Index(0).Name()
	}
	switch name {
	case "DeviceGray", "G", "CalGray", "":
		return colourSpace{n: 1}, nil
	case "DeviceRGB", "RGB", "CalRGB", "Lab":
		return colourSpace{n: 3}, nil
	case "DeviceCMYK", "CMYK":
		return colourSpace{n: 4, cmyk: true}, nil
	case "ICCBased":
		n := int(cs.Index(1).Key("N").Int64())
		switch n {
		case 1, 3:
			return colourSpace{n: n}, nil
		case 4:
			return colourSpace{n: 4, cmyk: true}, nil
		}
		return colourSpace{}, imageErr("an ICC colour space of %d components", n)
	case "Separation":
		return colourSpace{n: 1, inkLike: true}, nil
	case "Indexed", "I":
		base, err := spaceOf(cs.Index(1), depth+1)
		if err != nil {
			return base, err
		}
		if base.lookup != nil || base.n > 4 {
			return colourSpace{}, imageErr("an Indexed colour space over another")
		}
		hival := int(cs.Index(2).Int64())
		lv := cs.Index(3)
		var lookup []byte
		switch lv.Kind() {
		case pdf.String:
			lookup = []byte(lv.RawString())
		case pdf.Stream:
			b, err := io.ReadAll(io.LimitReader(lv.Reader(), 4*256))
			if err != nil && len(b) == 0 {
				return colourSpace{}, imageErr("an Indexed palette cannot be read")
			}
			lookup = b
		}
		if hival < 0 || hival > 255 {
			return colourSpace{}, imageErr("an Indexed palette of %d colours", hival+1)
		}
		return colourSpace{n: 1, lookup: lookup, base: base.n, cmyk: base.cmyk, hival: hival}, nil
	}
	return colourSpace{}, imageErr("a %s colour space", name)
}

// samples turns an image's decoded samples into an image.
func samples(data []byte, v pdf.Value, w, h int) (image.Image, error) {
	mask := v.Key("ImageMask").Bool()
	bpc := int(v.Key("BitsPerComponent").Int64())
	var cs colourSpace
	if mask {
		cs, bpc = colourSpace{n: 1}, 1
	} else {
		var err error
		if cs, err = spaceOf(v.Key("ColorSpace"), 0); err != nil {
			return nil, err
		}
	}
	switch bpc {
	case 1, 2, 4, 8, 16:
	case 0:
		bpc = 8
	default:
		return nil, imageErr("%d bits a component", bpc)
	}
	stride := (w*cs.n*bpc + 7) / 8
	if len(data) < stride {
		return nil, imageErr("no samples")
	}
	rows := min(h, len(data)/stride) // a stream cut short keeps its rows
	maxv := float64(int(1)<<bpc - 1)
	// A stencil mask paints where its sample is 0 and leaves the page
	// where it is 1, unless /Decode [1 0]: as grey, 0 is black.
	flip := blackIs0(v)
	sample := func(row []byte, i int) int {
		switch bpc {
		case 8:
			return int(row[i])
		case 16:
			return int(row[2*i]) // the high byte
		}
		bit := i * bpc
		return int(row[bit/8]>>(8-bpc-bit%8)) & (1<<bpc - 1)
	}
	scale := func(s int) uint8 {
		if bpc == 16 {
			return uint8(s)
		}
		return uint8(math.Round(float64(s) * 255 / maxv))
	}
	if cs.n == 1 && cs.lookup == nil {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for i := range g.Pix {
			g.Pix[i] = 255 // rows missing are blank paper
		}
		for y := 0; y < rows; y++ {
			row := data[y*stride:]
			out := g.Pix[y*g.Stride:]
			for x := 0; x < w; x++ {
				c := scale(sample(row, x))
				if flip != cs.inkLike {
					c = 255 - c
				}
				out[x] = c
			}
		}
		return g, nil
	}
	rgba := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := range rgba.Pix {
		rgba.Pix[i] = 255
	}
	comp := make([]uint8, 4)
	for y := 0; y < rows; y++ {
		row := data[y*stride:]
		for x := 0; x < w; x++ {
			var c color.RGBA
			switch {
			case cs.lookup != nil:
				k := min(sample(row, x), cs.hival)
				for j := 0; j < cs.base; j++ {
					comp[j] = 0
					if k*cs.base+j < len(cs.lookup) {
						comp[j] = cs.lookup[k*cs.base+j]
					}
				}
				c = toRGBA(comp[:cs.base], cs.cmyk)
			default:
				for j := 0; j < cs.n; j++ {
					comp[j] = scale(sample(row, x*cs.n+j))
				}
				c = toRGBA(comp[:cs.n], cs.cmyk)
			}
			rgba.SetRGBA(x, y, c)
		}
	}
	return rgba, nil
}

func toRGBA(c []uint8, cmyk bool) color.RGBA {
	switch {
	case cmyk && len(c) == 4:
		r, g, b := color.CMYKToRGB(c[0], c[1], c[2], c[3])
		return color.RGBA{r, g, b, 255}
	case len(c) >= 3:
		return color.RGBA{c[0], c[1], c[2], 255}
	case len(c) == 1:
		return color.RGBA{c[0], c[0], c[0], 255}
	}
	return color.RGBA{255, 255, 255, 255}
}
