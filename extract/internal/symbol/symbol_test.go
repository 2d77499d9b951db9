package symbol

import "testing"

func TestFamily(t *testing.T) {
	t.Parallel()
	for name, want := range map[string]string{
		"Symbol": Symbol, "SymbolMT": Symbol, "ABCDEF+Symbol": Symbol, "Symbol,Bold": Symbol,
		"Wingdings": Wingdings, "EAAAAA+Wingdings-Regular": Wingdings, "Wingdings,Bold": Wingdings,
		"EAAAAA+OpenSymbol": OpenSymbol, "Wingdings2": "", "Wingdings3": "", "SimSun": "", "": "",
		"ABCDEFG+Symbol": "", "Symbolic": "",
	} {
		if got := Family(name); got != want {
			t.Errorf("Family(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestChar(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		font string
		c    uint64
		want string
	}{
		{"Symbol", 0xF0B3, "≥"}, {"symbol", 0xB3, "≥"}, {" Symbol ", 0xF0A3, "≤"}, {"Symbol", 'a', "α"},
		{"Wingdings", 0xF0AB, "★"}, {"WINGDINGS", 0xFC, "✓"}, {"Wingdings", 0xF041, ""},
		{"SimSun", 0x2605, "★"}, {"SimSun", 0xF0AB, ""}, {"", 0x41, "A"}, {"Arial", 0x1F, ""},
		{"OpenSymbol", 0xF0AB, ""}, // Char knows the fonts Word names, not LibreOffice's stand-in
	} {
		if got := Char(tt.font, tt.c); got != tt.want {
			t.Errorf("Char(%q, %#x) = %q, want %q", tt.font, tt.c, got, tt.want)
		}
	}
}

func TestMap(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		family string
		c      uint64
		want   string
	}{
		{OpenSymbol, 0xF0AB, "★"}, {OpenSymbol, 0xF0B3, "≥"}, {OpenSymbol, 0xF0A3, "≤"}, {OpenSymbol, 0xF0FE, "☑"},
		{OpenSymbol, 0xF061, "α"}, {OpenSymbol, 0xF0FF, ""}, {OpenSymbol, 0x2022, "•"},
		{Symbol, 0xF0AB, "↔"}, {Wingdings, 0xF0AB, "★"}, {"", 0xF0AB, ""},
	} {
		if got := Map(tt.family, tt.c); got != tt.want {
			t.Errorf("Map(%q, %#x) = %q, want %q", tt.family, tt.c, got, tt.want)
		}
	}
}
