package main

import (
	"debug/pe"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"unicode/utf16"
)

// Resource type IDs (winuser.h).
const (
	rtGroupIcon = 14
	rtVersion   = 16
	rtManifest  = 24
)

// checkPE checks what Windows shows of an executable: the subsystem (a GUI
// program gets no console; a console program makes cmd.exe wait and keeps
// its exit code), the VERSIONINFO resource, the icon and the manifest.
func checkPE(path, subsystem, numeric, full string) error {
	f, err := pe.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()

	var got uint16
	switch oh := f.OptionalHeader.(type) {
	case *pe.OptionalHeader64:
		got = oh.Subsystem
	case *pe.OptionalHeader32:
		got = oh.Subsystem
	default:
		return fmt.Errorf("%s: no optional header", path)
	}
	want := map[string]uint16{"gui": pe.IMAGE_SUBSYSTEM_WINDOWS_GUI, "console": pe.IMAGE_SUBSYSTEM_WINDOWS_CUI}[subsystem]
	if want == 0 {
		return fmt.Errorf("subsystem must be gui or console, not %q", subsystem)
	}
	if got != want {
		return fmt.Errorf("%s: PE subsystem %d, want %d (%s)", path, got, want, subsystem)
	}

	res, err := newResources(f)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	for _, typ := range []uint32{rtGroupIcon, rtManifest} {
		if _, err := res.first(typ); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	raw, err := res.first(rtVersion)
	if err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	vi, err := parseVersionInfo(raw)
	if err != nil {
		return fmt.Errorf("%s: VERSIONINFO: %w", path, err)
	}
	wantFixed := numeric + ".0"
	if vi.fileVersion != wantFixed || vi.productVersion != wantFixed {
		return fmt.Errorf("%s: VERSIONINFO file version %s, product version %s; want %s", path, vi.fileVersion, vi.productVersion, wantFixed)
	}
	if full != "-" && vi.strings["ProductVersion"] != full {
		return fmt.Errorf("%s: VERSIONINFO ProductVersion string %q, want %q", path, vi.strings["ProductVersion"], full)
	}
	fmt.Printf("%s: %s subsystem, version %s, ProductVersion %q, FileDescription %q\n",
		path, subsystem, vi.fileVersion, vi.strings["ProductVersion"], vi.strings["FileDescription"])
	return nil
}

// resources reads the .rsrc section's directory tree (type → name →
// language → data).
type resources struct {
	data []byte // the section
	rva  uint32 // its virtual address: data entries hold image RVAs
}

func newResources(f *pe.File) (*resources, error) {
	s := f.Section(".rsrc")
	if s == nil {
		return nil, errors.New("no .rsrc section (no icon, manifest or version resource)")
	}
	data, err := s.Data()
	if err != nil {
		return nil, err
	}
	return &resources{data: data, rva: s.VirtualAddress}, nil
}

// first returns the data of the first resource of type typ (any name, any
// language).
func (r *resources) first(typ uint32) ([]byte, error) {
	off, isDir, err := r.lookup(0, typ, true)
	if err != nil {
		return nil, fmt.Errorf("resource type %d: %w", typ, err)
	}
	for isDir { // name level, then language level: take the first entry
		if off, isDir, err = r.lookup(off, 0, false); err != nil {
			return nil, fmt.Errorf("resource type %d: %w", typ, err)
		}
	}
	if int(off)+16 > len(r.data) {
		return nil, fmt.Errorf("resource type %d: data entry out of range", typ)
	}
	dataRVA := binary.LittleEndian.Uint32(r.data[off:])
	size := binary.LittleEndian.Uint32(r.data[off+4:])
	start := int64(dataRVA) - int64(r.rva)
	if start < 0 || start+int64(size) > int64(len(r.data)) {
		return nil, fmt.Errorf("resource type %d: data out of range", typ)
	}
	return r.data[start : start+int64(size)], nil
}

// lookup reads the IMAGE_RESOURCE_DIRECTORY at off and returns the entry
// with the given ID (byID) or the first entry: the offset of what it points
// to and whether that is another directory.
func (r *resources) lookup(off, id uint32, byID bool) (uint32, bool, error) {
	if int(off)+16 > len(r.data) {
		return 0, false, errors.New("directory out of range")
	}
	named := uint32(binary.LittleEndian.Uint16(r.data[off+12:]))
	ids := uint32(binary.LittleEndian.Uint16(r.data[off+14:]))
	for i := uint32(0); i < named+ids; i++ {
		e := off + 16 + 8*i
		if int(e)+8 > len(r.data) {
			return 0, false, errors.New("directory entry out of range")
		}
		name := binary.LittleEndian.Uint32(r.data[e:])
		target := binary.LittleEndian.Uint32(r.data[e+4:])
		if byID && (name&0x80000000 != 0 || name != id) {
			continue
		}
		return target & 0x7fffffff, target&0x80000000 != 0, nil
	}
	return 0, false, errors.New("not found")
}

type versionInfo struct {
	fileVersion, productVersion string
	strings                     map[string]string
}

// parseVersionInfo decodes a VS_VERSIONINFO block: its VS_FIXEDFILEINFO
// and the strings of its StringFileInfo tables.
func parseVersionInfo(b []byte) (versionInfo, error) {
	vi := versionInfo{strings: map[string]string{}}
	root, err := parseBlock(b)
	if err != nil {
		return vi, err
	}
	if root.key != "VS_VERSION_INFO" || len(root.value) < 52 {
		return vi, fmt.Errorf("root block %q with %d value bytes", root.key, len(root.value))
	}
	v := root.value
	if binary.LittleEndian.Uint32(v) != 0xFEEF04BD {
		return vi, errors.New("no VS_FIXEDFILEINFO signature")
	}
	quad := func(ms, ls uint32) string {
		return fmt.Sprintf("%d.%d.%d.%d", ms>>16, ms&0xffff, ls>>16, ls&0xffff)
	}
	le := binary.LittleEndian
	vi.fileVersion = quad(le.Uint32(v[8:]), le.Uint32(v[12:]))
	vi.productVersion = quad(le.Uint32(v[16:]), le.Uint32(v[20:]))
	for _, c := range root.children {
		if c.key != "StringFileInfo" {
			continue
		}
		for _, table := range c.children {
			for _, s := range table.children {
				vi.strings[s.key] = s.text()
			}
		}
	}
	return vi, nil
}

type block struct {
	key       string
	valueType uint16 // 1 = text
	value     []byte
	children  []block
}

func (b block) text() string {
	u := make([]uint16, 0, len(b.value)/2)
	for i := 0; i+1 < len(b.value); i += 2 {
		u = append(u, binary.LittleEndian.Uint16(b.value[i:]))
	}
	return strings.TrimRight(string(utf16.Decode(u)), "\x00")
}

// parseBlock reads one version resource block (wLength, wValueLength,
// wType, a NUL-terminated UTF-16 key, padding to 32 bits, the value,
// padding, then child blocks up to wLength).
func parseBlock(b []byte) (block, error) {
	var blk block
	if len(b) < 6 {
		return blk, errors.New("short block")
	}
	le := binary.LittleEndian
	length := int(le.Uint16(b))
	valueLen := int(le.Uint16(b[2:]))
	blk.valueType = le.Uint16(b[4:])
	if length < 6 || length > len(b) {
		return blk, fmt.Errorf("block length %d of %d bytes", length, len(b))
	}
	b = b[:length]
	i := 6
	var key []uint16
	for ; i+1 < len(b); i += 2 {
		c := le.Uint16(b[i:])
		if c == 0 {
			i += 2
			break
		}
		key = append(key, c)
	}
	blk.key = string(utf16.Decode(key))
	i = align4(i)
	if blk.valueType == 1 {
		valueLen *= 2 // text values count 16-bit characters
	}
	if i+valueLen > len(b) {
		valueLen = max(0, len(b)-i)
	}
	blk.value = b[min(i, len(b)) : min(i, len(b))+valueLen]
	i = align4(i + valueLen)
	for i+6 <= len(b) {
		child, err := parseBlock(b[i:])
		if err != nil {
			return blk, err
		}
		blk.children = append(blk.children, child)
		i = align4(i + int(le.Uint16(b[i:])))
	}
	return blk, nil
}

func align4(n int) int { return (n + 3) &^ 3 }
