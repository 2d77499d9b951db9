package doc

import (
	"bytes"
	"encoding/binary"
	"slices"
	"unicode/utf16"
)

// The tests write their own .doc files: a compound file (compound) holding
// a WordDocument stream (a FIB, the text in pieces, the FKP pages of
// paragraph and character properties) and a 1Table stream (the piece table,
// the bin tables, the font table), as Word lays them out, small.

// builder is a document being written: its text, one 16-bit unit per
// character position, with each character's and each paragraph mark's
// property modifiers.
type builder struct {
	units []uint16
	chps  map[int][]byte // by character position
	paps  map[int][]byte // by the position of a paragraph's mark
	fonts []string
	// pieces splits the text into pieces at these positions; compressed
	// says which pieces are 8-bit (their characters must be Windows-1252);
	// reversed stores the pieces in the stream in reverse order.
	cuts       []int
	compressed map[int]bool
	reversed   bool
	flags      uint16 // FibBase flags besides fWhichTblStm
	nFib       uint16
	prc        bool // a Prc before the piece table's Pcdt
	data       []byte
}

func newBuilder() *builder {
	return &builder{chps: map[int][]byte{}, paps: map[int][]byte{}, compressed: map[int]bool{}, nFib: 0x00C1}
}

// write adds text with character property modifiers.
func (b *builder) write(s string, chp ...[]byte) *builder {
	for _, u := range utf16.Encode([]rune(s)) {
		if len(chp) > 0 {
			b.chps[len(b.units)] = slices.Concat(chp...)
		}
		b.units = append(b.units, u)
	}
	return b
}

// mark adds a paragraph mark (\r) or cell mark (\a) with paragraph
// property modifiers.
func (b *builder) mark(m rune, pap ...[]byte) *builder {
	b.paps[len(b.units)] = slices.Concat(pap...)
	b.units = append(b.units, uint16(m))
	return b
}

// para writes a paragraph outside tables.
func (b *builder) para(s string) *builder { return b.write(s).mark('\r') }

// row writes a table row of depth 1: each cell's text then a cell mark,
// then the row-end mark with the row's definition.
func (b *builder) row(def []byte, cells ...string) *builder {
	for _, c := range cells {
		b.write(c).mark(0x07, inTable)
	}
	return b.mark(0x07, inTable, ttp, def)
}

// Property modifiers.
var (
	inTable = sprm(sprmPFInTable, 1)
	ttp     = sprm(sprmPFTtp, 1)
	deleted = sprm(sprmCFRMarkDel, 1)
	hidden  = sprm(sprmCFVanish, 1)
)

// sprm writes a modifier with its operand.
func sprm(op uint16, arg ...byte) []byte {
	return append(binary.LittleEndian.AppendUint16(nil, op), arg...)
}

func itap(n int) []byte { return sprm(sprmPItap, binary.LittleEndian.AppendUint32(nil, uint32(n))...) }

func font(op uint16, ftc int) []byte {
	return sprm(op, binary.LittleEndian.AppendUint16(nil, uint16(ftc))...)
}

func symbolSprm(ftc int, char uint16) []byte {
	arg := binary.LittleEndian.AppendUint16(nil, uint16(ftc))
	return sprm(sprmCSymbol, binary.LittleEndian.AppendUint16(arg, char)...)
}

// tc is a cell of a row definition: its merge flags.
type tc struct{ horz, vert uint8 }

// defTable writes sprmTDefTable: the cells' edges and their TC80s.
func defTableSprm(edges []int, tcs ...tc) []byte {
	var rest []byte
	rest = append(rest, byte(len(edges)-1))
	for _, e := range edges {
		rest = binary.LittleEndian.AppendUint16(rest, uint16(int16(e)))
	}
	for _, t := range tcs {
		tc80 := make([]byte, 20)
		binary.LittleEndian.PutUint16(tc80, uint16(t.horz)|uint16(t.vert)<<5)
		rest = append(rest, tc80...)
	}
	out := binary.LittleEndian.AppendUint16(nil, sprmTDefTable)
	out = binary.LittleEndian.AppendUint16(out, uint16(len(rest)+1))
	return append(out, rest...)
}

func vertMergeSprm(itc int, flag byte) []byte {
	return sprm(sprmTVertMerge, 2, byte(itc), flag)
}

// bytes writes the document as a compound file.
func (b *builder) bytes() []byte {
	word := make([]byte, 0x400) // the FIB, then the text from 0x400
	type placed struct {
		cp0, cp1   int
		fc         int
		compressed bool
	}
	cuts := append(append([]int{0}, b.cuts...), len(b.units))
	pieces := make([]placed, 0, len(cuts)-1)
	for i := 0; i+1 < len(cuts); i++ {
		pieces = append(pieces, placed{cp0: cuts[i], cp1: cuts[i+1], compressed: b.compressed[i]})
	}
	order := make([]int, len(pieces))
	for i := range order {
		order[i] = i
	}
	if b.reversed {
		slices.Reverse(order)
	}
	fcOf := make([]int, len(b.units)) // the offset of each character
	width := make([]int, len(b.units))
	for _, i := range order {
		p := &pieces[i]
		p.fc = len(word)
		for cp := p.cp0; cp < p.cp1; cp++ {
			fcOf[cp] = len(word)
			if p.compressed {
				width[cp] = 1
				word = append(word, cp1252(b.units[cp]))
			} else {
				width[cp] = 2
				word = binary.LittleEndian.AppendUint16(word, b.units[cp])
			}
		}
	}
	// The FKP pages, after the text, 512-byte aligned.
	var papRuns, chpRuns []fkpRun
	for cp := range b.units {
		var pap []byte
		if g, ok := b.paps[cp]; ok {
			pap = append([]byte{0, 0}, g...) // istd 0
		}
		papRuns = append(papRuns, fkpRun{fcOf[cp], fcOf[cp] + width[cp], pap})
		chpRuns = append(chpRuns, fkpRun{fcOf[cp], fcOf[cp] + width[cp], b.chps[cp]})
	}
	papRuns, chpRuns = contiguous(papRuns), contiguous(chpRuns)
	pad := func() {
		for len(word)%512 != 0 {
			word = append(word, 0)
		}
	}
	pad()
	var table []byte
	bte := func(runs []fkpRun, page func([]fkpRun) []byte, entry int) (fc, lcb int) {
		var fcs, pns []uint32
		for i := 0; i < len(runs); {
			n, used := 0, 4
			for i+n < len(runs) && used+4+entry+len(runs[i+n].grpprl)+3 <= 511 && n < 100 {
				used += 4 + entry + len(runs[i+n].grpprl) + 3
				n++
			}
			fcs = append(fcs, uint32(runs[i].fc0))
			pns = append(pns, uint32(len(word)/512))
			word = append(word, page(runs[i:i+n])...)
			i += n
		}
		if len(runs) == 0 {
			return 0, 0
		}
		fcs = append(fcs, uint32(runs[len(runs)-1].fc1))
		fc = len(table)
		for _, v := range fcs {
			table = binary.LittleEndian.AppendUint32(table, v)
		}
		for _, v := range pns {
			table = binary.LittleEndian.AppendUint32(table, v)
		}
		return fc, len(table) - fc
	}
	papFC, papLcb := bte(papRuns, papPage, 13)
	chpFC, chpLcb := bte(chpRuns, chpPage, 1)
	// The piece table.
	clxFC := len(table)
	if b.prc {
		table = append(table, 0x01, 4, 0)
		table = append(table, sprm(sprmCFVanish, 0)...)
		table = append(table, 0) // padding inside the grpprl
	}
	table = append(table, 0x02)
	table = binary.LittleEndian.AppendUint32(table, uint32(4+12*len(pieces)))
	for _, p := range pieces {
		table = binary.LittleEndian.AppendUint32(table, uint32(p.cp0))
	}
	table = binary.LittleEndian.AppendUint32(table, uint32(len(b.units)))
	for _, p := range pieces {
		fc := uint32(p.fc)
		if p.compressed {
			fc = uint32(p.fc*2) | 0x40000000
		}
		pcd := make([]byte, 8)
		binary.LittleEndian.PutUint32(pcd[2:], fc)
		table = append(table, pcd...)
	}
	clxLcb := len(table) - clxFC
	// The font table.
	ffnFC := len(table)
	table = binary.LittleEndian.AppendUint16(table, uint16(len(b.fonts)))
	table = binary.LittleEndian.AppendUint16(table, 0)
	for _, f := range b.fonts {
		rec := make([]byte, 40)
		for _, u := range utf16.Encode([]rune(f)) {
			rec = binary.LittleEndian.AppendUint16(rec, u)
		}
		rec = append(rec, 0, 0)
		rec[0] = byte(len(rec) - 1)
		table = append(table, rec...)
	}
	ffnLcb := len(table) - ffnFC
	// The FIB.
	fib := word[:0x400]
	binary.LittleEndian.PutUint16(fib[0:], 0xA5EC)
	binary.LittleEndian.PutUint16(fib[2:], b.nFib)
	binary.LittleEndian.PutUint16(fib[0x0A:], b.flags|0x0200) // 1Table
	binary.LittleEndian.PutUint16(fib[32:], 14)
	binary.LittleEndian.PutUint16(fib[62:], 22)
	binary.LittleEndian.PutUint32(fib[64+4*3:], uint32(len(b.units)))
	binary.LittleEndian.PutUint16(fib[152:], 93)
	pair := func(i, fc, lcb int) {
		binary.LittleEndian.PutUint32(fib[154+8*i:], uint32(fc))
		binary.LittleEndian.PutUint32(fib[154+8*i+4:], uint32(lcb))
	}
	pair(iPlcfBteChpx, chpFC, chpLcb)
	pair(iPlcfBtePapx, papFC, papLcb)
	pair(iSttbfFfn, ffnFC, ffnLcb)
	pair(iClx, clxFC, clxLcb)
	streams := []stream{{"WordDocument", word}, {"1Table", table}}
	if b.data != nil {
		streams = append(streams, stream{"Data", b.data})
	}
	return compound(streams...)
}

// cp1252 returns a character's Windows-1252 byte (the tests keep to
// ASCII, Latin-1 and the curly quotes).
func cp1252(u uint16) byte {
	switch u {
	case 0x201C:
		return 0x93
	case 0x201D:
		return 0x94
	}
	return byte(u)
}

// contiguous sorts runs by offset, joins neighbours of the same
// properties and fills the gaps between pieces with runs of none, as the
// runs of an FKP page follow one another.
func contiguous(runs []fkpRun) []fkpRun {
	slices.SortFunc(runs, func(a, b fkpRun) int { return a.fc0 - b.fc0 })
	var out []fkpRun
	for _, r := range runs {
		if n := len(out); n > 0 {
			last := &out[n-1]
			if last.fc1 < r.fc0 {
				out = append(out, fkpRun{last.fc1, r.fc0, nil})
				last = &out[len(out)-1]
			}
			if last.fc1 == r.fc0 && bytes.Equal(last.grpprl, r.grpprl) {
				last.fc1 = r.fc1
				continue
			}
		}
		out = append(out, r)
	}
	return out
}

// fkpRun is the properties of [fc0, fc1) in an FKP page.
type fkpRun struct {
	fc0, fc1 int
	grpprl   []byte
}

// papPage writes a PAPX FKP page.
func papPage(runs []fkpRun) []byte {
	page := make([]byte, 512)
	crun := len(runs)
	for i, r := range runs {
		binary.LittleEndian.PutUint32(page[4*i:], uint32(r.fc0))
	}
	binary.LittleEndian.PutUint32(page[4*crun:], uint32(runs[crun-1].fc1))
	end := 511
	for i, r := range runs {
		g := r.grpprl
		if g == nil {
			continue
		}
		var px []byte
		if len(g)%2 == 1 {
			px = append([]byte{byte((len(g) + 1) / 2)}, g...)
		} else {
			px = append([]byte{0, byte(len(g) / 2)}, g...)
		}
		start := (end - len(px)) &^ 1
		copy(page[start:], px)
		page[4*(crun+1)+13*i] = byte(start / 2)
		end = start
	}
	page[511] = byte(crun)
	return page
}

// chpPage writes a CHPX FKP page.
func chpPage(runs []fkpRun) []byte {
	page := make([]byte, 512)
	crun := len(runs)
	for i, r := range runs {
		binary.LittleEndian.PutUint32(page[4*i:], uint32(r.fc0))
	}
	binary.LittleEndian.PutUint32(page[4*crun:], uint32(runs[crun-1].fc1))
	end := 511
	for i, r := range runs {
		if r.grpprl == nil {
			continue
		}
		px := append([]byte{byte(len(r.grpprl))}, r.grpprl...)
		start := (end - len(px)) &^ 1
		copy(page[start:], px)
		page[4*(crun+1)+i] = byte(start / 2)
		end = start
	}
	page[511] = byte(crun)
	return page
}

// stream is a named stream of a compound file.
type stream struct {
	name string
	data []byte
}

// compound writes a version 3 compound file of 512-byte sectors: its FAT
// sectors, one directory sector, the streams (padded to 4096 bytes, so that
// none is in the mini stream).
func compound(streams ...stream) []byte {
	const sector = 512
	const end, free, fatSect, noStream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
	padded := make([][]byte, len(streams))
	total := 1 // the directory
	for i, s := range streams {
		data := append(slices.Clip(s.data), make([]byte, max(4096-len(s.data), 0))...)
		for len(data)%sector != 0 {
			data = append(data, 0)
		}
		padded[i] = data
		total += len(data) / sector
	}
	nfat := 1
	for (nfat+total+sector/4-1)/(sector/4) > nfat {
		nfat++
	}
	if nfat > 109 {
		panic("compound: too large for the header's FAT list")
	}
	fat := make([]uint32, 0, nfat*sector/4)
	for range nfat {
		fat = append(fat, fatSect)
	}
	dirSector := uint32(nfat)
	fat = append(fat, end)
	var body []byte
	starts := make([]uint32, len(streams))
	for i, data := range padded {
		first := nfat + 1 + len(body)/sector
		starts[i] = uint32(first)
		n := len(data) / sector
		for k := range n {
			next := uint32(first + k + 1)
			if k == n-1 {
				next = end
			}
			fat = append(fat, next)
		}
		body = append(body, data...)
	}
	header := make([]byte, sector)
	copy(header, []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1})
	le := binary.LittleEndian
	le.PutUint16(header[0x18:], 0x3E)
	le.PutUint16(header[0x1A:], 3)
	le.PutUint16(header[0x1C:], 0xFFFE)
	le.PutUint16(header[0x1E:], 9)
	le.PutUint16(header[0x20:], 6)
	le.PutUint32(header[0x2C:], uint32(nfat))
	le.PutUint32(header[0x30:], dirSector)
	le.PutUint32(header[0x38:], 4096)
	le.PutUint32(header[0x3C:], end) // no mini FAT
	le.PutUint32(header[0x44:], end) // no DIFAT sectors
	for i := range 109 {
		v := uint32(free)
		if i < nfat {
			v = uint32(i)
		}
		le.PutUint32(header[0x4C+4*i:], v)
	}
	fatSectors := make([]byte, nfat*sector)
	for i := range nfat * sector / 4 {
		v := uint32(free)
		if i < len(fat) {
			v = fat[i]
		}
		le.PutUint32(fatSectors[4*i:], v)
	}
	dir := make([]byte, sector)
	entry := func(i int, name string, kind byte, right, child, start uint32, size int) {
		e := dir[128*i : 128*i+128]
		u := utf16.Encode([]rune(name))
		for k, c := range u {
			le.PutUint16(e[2*k:], c)
		}
		le.PutUint16(e[64:], uint16(2*len(u)+2))
		e[66], e[67] = kind, 1
		le.PutUint32(e[68:], noStream)
		le.PutUint32(e[72:], right)
		le.PutUint32(e[76:], child)
		le.PutUint32(e[116:], start)
		le.PutUint32(e[120:], uint32(size))
	}
	entry(0, "Root Entry", 5, noStream, 1, end, 0)
	for i, s := range streams {
		right := uint32(noStream)
		if i+2 <= len(streams) {
			right = uint32(i + 2)
		}
		entry(i+1, s.name, 2, right, noStream, starts[i], max(len(s.data), 4096))
	}
	for i := len(streams) + 1; i < 4; i++ {
		le.PutUint32(dir[128*i+68:], noStream)
		le.PutUint32(dir[128*i+72:], noStream)
		le.PutUint32(dir[128*i+76:], noStream)
	}
	return bytes.Join([][]byte{header, fatSectors, dir, body}, nil)
}
