package workflow

import (
	"strings"
	"testing"
)

func TestPFPFileName(t *testing.T) {
	for in, want := range map[string]string{
		"ana@northwind.example":         "ana@northwind.example",
		`a/b\c:d*e?f"g<h>i|j`:           "a_b_c_d_e_f_g_h_i_j",
		"..":                            "profile",
		"":                              "profile",
		" .hidden. ":                    "hidden",
		"Eve \u202Egpj.exe":             "Eve _gpj.exe",
		"tab\there":                     "tab here",
		"CON":                           "_CON",
		strings.Repeat("é", 200):        strings.Repeat("é", 60), // bundle.MaxNameBytes
		"bad\xffutf8@northwind.example": "bad_utf8@northwind.example",
	} {
		got := strings.TrimSuffix(PFPFileName(in), "-pfp.png")
		if got != want {
			t.Errorf("PFPFileName(%q) = %q, want %q", in, got, want)
		}
		if len(got+"-pfp.png") > 255 {
			t.Errorf("PFPFileName(%q) is %d bytes with the suffix", in, len(got+"-pfp.png"))
		}
	}
}

func TestMemberPageURLEscapes(t *testing.T) {
	if got := memberPageURL("a/b?c#d"); got != "https://www.headshotpro.com/app/admin/members/a%2Fb%3Fc%23d?tab=headshots" {
		t.Fatalf("escaping: %s", got)
	}
}
