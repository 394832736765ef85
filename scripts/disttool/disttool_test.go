package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// encodeBlock writes one version resource block the way rc.exe and winres
// do; the test builds a VS_VERSIONINFO from it.
func encodeBlock(key string, valueType uint16, value []byte, children ...[]byte) []byte {
	var b bytes.Buffer
	le := binary.LittleEndian
	b.Write(make([]byte, 6)) // wLength, wValueLength, wType: filled in below
	for _, u := range utf16.Encode([]rune(key + "\x00")) {
		_ = binary.Write(&b, le, u)
	}
	pad := func() {
		for b.Len()%4 != 0 {
			b.WriteByte(0)
		}
	}
	pad()
	b.Write(value)
	for _, c := range children {
		pad()
		b.Write(c)
	}
	out := b.Bytes()
	valueLen := len(value)
	if valueType == 1 {
		valueLen /= 2
	}
	le.PutUint16(out[0:], uint16(len(out)))
	le.PutUint16(out[2:], uint16(valueLen))
	le.PutUint16(out[4:], valueType)
	return out
}

func utf16z(s string) []byte {
	var b bytes.Buffer
	for _, u := range utf16.Encode([]rune(s + "\x00")) {
		_ = binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

func TestParseVersionInfo(t *testing.T) {
	fixed := make([]byte, 52)
	le := binary.LittleEndian
	le.PutUint32(fixed[0:], 0xFEEF04BD)
	le.PutUint32(fixed[8:], 1<<16|2)  // file version 1.2
	le.PutUint32(fixed[12:], 3<<16|0) // .3.0
	le.PutUint32(fixed[16:], 1<<16|2)
	le.PutUint32(fixed[20:], 3<<16|0)
	str := func(k, v string) []byte { return encodeBlock(k, 1, utf16z(v)) }
	table := encodeBlock("040904B0", 1, nil, str("ProductVersion", "1.2.3"), str("FileDescription", "Shotdesk"))
	root := encodeBlock("VS_VERSION_INFO", 0, fixed, encodeBlock("StringFileInfo", 1, nil, table))

	vi, err := parseVersionInfo(root)
	if err != nil {
		t.Fatal(err)
	}
	if vi.fileVersion != "1.2.3.0" || vi.productVersion != "1.2.3.0" {
		t.Errorf("fixed versions %s, %s", vi.fileVersion, vi.productVersion)
	}
	if vi.strings["ProductVersion"] != "1.2.3" || vi.strings["FileDescription"] != "Shotdesk" {
		t.Errorf("strings %v", vi.strings)
	}
	if _, err := parseVersionInfo(root[:20]); err == nil {
		t.Error("a truncated block was accepted")
	}
}

// The committed templates render, with the version where it belongs.
func TestRenderPlist(t *testing.T) {
	for _, name := range []string{"Info.plist", "Info.dev.plist"} {
		out := filepath.Join(t.TempDir(), name)
		if err := renderPlist(filepath.Join("..", "..", "build", "darwin", name), filepath.Join("..", "..", "wails.json"), "1.2.3", out); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "<string>1.2.3</string>") || strings.Contains(string(b), "{{") {
			t.Errorf("%s: version not rendered:\n%s", name, b)
		}
		d := xml.NewDecoder(bytes.NewReader(b))
		for {
			if _, err := d.Token(); err == io.EOF {
				break
			} else if err != nil {
				t.Fatalf("%s: not well-formed XML: %v", name, err)
			}
		}
	}
}

func TestStageVersion(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"wails.json", filepath.Join("build", "windows", "info.json")} {
		b, err := os.ReadFile(filepath.Join("..", "..", f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := stageVersion(dir, "1.2.3-dev+abc", "1.2.3"); err != nil {
		t.Fatal(err)
	}
	var w struct {
		Name string
		Info struct{ ProductVersion string }
	}
	read := func(f string, v any) {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatal(err)
		}
	}
	read("wails.json", &w)
	if w.Info.ProductVersion != "1.2.3" || w.Name != "shotdesk" {
		t.Errorf("wails.json: %+v", w)
	}
	var info struct {
		Fixed map[string]string
		Info  map[string]map[string]string
	}
	read(filepath.Join("build", "windows", "info.json"), &info)
	if info.Info["0000"]["ProductVersion"] != "1.2.3-dev+abc" {
		t.Errorf("info.json ProductVersion string: %v", info.Info)
	}
	if info.Fixed["file_version"] != "{{.Info.ProductVersion}}" {
		t.Errorf("info.json fixed versions must stay templates (wails fills them from wails.json): %v", info.Fixed)
	}
}
