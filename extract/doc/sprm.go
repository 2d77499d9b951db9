package doc

// The property modifiers (sprms) the reader looks at.
const (
	sprmPFInTable        = 0x2416
	sprmPFTtp            = 0x2417
	sprmPFInnerTableCell = 0x244B
	sprmPFInnerTtp       = 0x244C
	sprmPItap            = 0x6649
	sprmPDtap            = 0x664A
	sprmPHugePapx        = 0x6646
	sprmPChgTabs         = 0xC615
	sprmTDefTable        = 0xD608
	sprmTDefTable10      = 0xD606
	sprmTVertMerge       = 0xD62B
	sprmCFRMarkDel       = 0x0800
	sprmCFVanish         = 0x083C
	sprmCSymbol          = 0x6A09
	sprmCRgFtc0          = 0x4A4F
	sprmCRgFtc1          = 0x4A50
	sprmCRgFtc2          = 0x4A51
)

// sprms calls f with each property modifier of a grpprl and its operand.
// A modifier cut short ends the list.
func sprms(g []byte, f func(op uint16, arg []byte)) {
	for i := 0; i+2 <= len(g); {
		op := u16(g, i)
		i += 2
		var n int
		switch op >> 13 {
		case 0, 1:
			n = 1
		case 2, 4, 5:
			n = 2
		case 3:
			n = 4
		case 7:
			n = 3
		case 6:
			switch {
			case op == sprmTDefTable || op == sprmTDefTable10:
				if i+2 > len(g) {
					return
				}
				n = max(int(u16(g, i))+1, 2) // cb counts the rest, plus one; the operand holds cb too
			case i >= len(g):
				return
			case op == sprmPChgTabs && g[i] == 255:
				n = chgTabsSize(g[i:])
			default:
				n = int(g[i]) + 1
			}
		}
		if n > len(g)-i {
			return
		}
		f(op, g[i:i+n])
		i += n
	}
}

// chgTabsSize returns the size of a sprmPChgTabs operand whose size byte
// is 255: its deleted tabs then its added ones say how long it is.
func chgTabsSize(b []byte) int {
	n := 1
	if n >= len(b) {
		return len(b) + 1
	}
	del := int(b[n])
	n += 1 + 4*del
	if n >= len(b) {
		return len(b) + 1
	}
	add := int(b[n])
	return n + 1 + 3*add
}

// toggle reads a character toggle: 1 and 0x81 (the opposite of the
// style's, taken as on) are on.
func toggle(arg []byte) bool {
	return arg[0] == 1 || arg[0] == 0x81
}

// paragraphProps applies a paragraph's property modifiers to p. A huge
// paragraph property list kept in the Data stream (sprmPHugePapx) is read
// from there, once.
func (d *document) paragraphProps(p *pap, g []byte, depth int) {
	sprms(g, func(op uint16, arg []byte) {
		switch op {
		case sprmPFInTable:
			p.inTable = arg[0] != 0
		case sprmPFTtp:
			p.ttp = arg[0] != 0
		case sprmPFInnerTableCell:
			p.innerCell = arg[0] != 0
		case sprmPFInnerTtp:
			p.innerTtp = arg[0] != 0
		case sprmPItap:
			p.itap = int(min(u32(arg, 0), 1<<20))
		case sprmPDtap:
			p.itap = max(0, min(p.itap+int(int32(u32(arg, 0))), 1<<20))
		case sprmTDefTable:
			p.tap = defTable(arg[2:])
		case sprmTVertMerge:
			if p.tap != nil && len(arg) >= 3 {
				if itc := int(arg[1]); itc < len(p.tap.vert) {
					p.tap.vert[itc] = arg[2]
				}
			}
		case sprmPHugePapx:
			off := int(u32(arg, 0))
			if depth == 0 && off >= 0 && off+2 <= len(d.data) {
				n := int(u16(d.data, off))
				if off+2+n <= len(d.data) {
					d.paragraphProps(p, d.data[off+2:off+2+n], depth+1)
				}
			}
		}
	})
}

// defTable reads a sprmTDefTable operand after its size: the number of
// cells, their edges, and their TC80s, whose flags say how cells merge.
// The TC80s may be fewer than the cells: the rest are plain.
func defTable(b []byte) *tap {
	if len(b) < 1 {
		return nil
	}
	itc := int(b[0])
	if 1+2*(itc+1) > len(b) {
		return nil
	}
	t := &tap{edges: make([]int, itc+1), horz: make([]uint8, itc), vert: make([]uint8, itc)}
	for i := range itc + 1 {
		t.edges[i] = int(int16(u16(b, 1+2*i)))
	}
	tcs := b[1+2*(itc+1):]
	for i := 0; i < itc && 20*i+2 <= len(tcs); i++ {
		grf := u16(tcs, 20*i)
		t.horz[i] = uint8(grf & 0x3)
		t.vert[i] = uint8(grf >> 5 & 0x3)
	}
	return t
}

// characterProps reads a run's property modifiers.
func characterProps(g []byte) *chp {
	c := &chp{font: [3]int{-1, -1, -1}, symFont: -1}
	sprms(g, func(op uint16, arg []byte) {
		switch op {
		case sprmCFRMarkDel:
			c.deleted = toggle(arg)
		case sprmCFVanish:
			c.hidden = toggle(arg)
		case sprmCSymbol:
			c.symFont, c.symbol = int(u16(arg, 0)), u16(arg, 2)
		case sprmCRgFtc0:
			c.font[0] = int(u16(arg, 0))
		case sprmCRgFtc1:
			c.font[1] = int(u16(arg, 0))
		case sprmCRgFtc2:
			c.font[2] = int(u16(arg, 0))
		}
	})
	return c
}
