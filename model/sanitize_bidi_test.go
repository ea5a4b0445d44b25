package model

import "testing"

func TestCleanTextDropsBidiOverridesAndKeepsMarks(t *testing.T) {
	cases := map[string]string{
		"invoice\u202efdp.exe":                        "invoicefdp.exe",
		"\u202aembed\u202c \u202bR\u202c":             "embed R",
		"\u202dforced\u202c":                          "forced",
		"\u2066iso\u2069 \u2067R\u2069 \u2068f\u2069": "iso R f",
		"marks \u200e\u200f\u061c stay":               "marks \u200e\u200f\u061c stay",
		"zero\u200bwidth\u200d joiners":               "zero\u200bwidth\u200d joiners",
	}
	for in, want := range cases {
		if got := CleanText(in); got != want {
			t.Errorf("CleanText(%q) = %q, want %q", in, got, want)
		}
		if got := CleanLine(in); got != want {
			t.Errorf("CleanLine(%q) = %q, want %q", in, got, want)
		}
	}
}
