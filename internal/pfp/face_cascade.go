package pfp

import (
	_ "embed"
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
	"sync"
)

// The face detector is a boosted cascade of multi-block local-binary-
// pattern (LBP) stumps in OpenCV's cascade format, evaluated here in pure Go
// (no cgo, nothing loaded at run time). The trained model is OpenCV's
// lbpcascade_frontalface.xml as shipped in Debian's opencv-data package,
// BSD-3-Clause (cascades/LICENSE), embedded unchanged (LF line endings).
// Why this model: LBP features are integer comparisons of block sums, so a
// window costs a few dozen integral-image reads and no per-window variance
// normalisation (Haar cascades need one), and its 24 px window lets us scan
// a small image.
// OpenCV's newer lbpcascade_frontalface_improved.xml has a 45 px window: it
// needed a scan image twice as large, four times the windows, for the same
// smallest face. A pure-Go PICO detector (esimov/pigo) was the other
// candidate; its module is not available from the module proxy here.
//
//go:embed cascades/lbpcascade_frontalface.xml
var frontalFaceXML []byte

// lbpCascade is a parsed OpenCV LBP cascade.
type lbpCascade struct {
	w, h     int // detection window, pixels
	stages   []lbpStage
	features []lbpFeature
}

type lbpStage struct {
	threshold float32
	weak      []lbpStump
}

// lbpStump is a categorical decision stump: LBP code c selects leaf[0] when
// bit c of subset is set, leaf[1] otherwise.
type lbpStump struct {
	feature int
	subset  [8]uint32
	leaf    [2]float32
}

// lbpFeature is a 3×3 grid of w×h blocks at (x,y) in the window.
type lbpFeature struct{ x, y, w, h int }

// thresholdEps is what OpenCV subtracts from every stage threshold when it
// loads a cascade (THRESHOLD_EPS in cascadedetect.cpp), so that a window
// scoring exactly the trained threshold passes; we match it to reproduce
// its decisions.
const thresholdEps = 1e-5

var frontalFace = sync.OnceValue(func() *lbpCascade {
	c, err := parseLBPCascade(frontalFaceXML)
	if err != nil {
		// The model is compiled into the binary and TestCascadeParses
		// loads it, so this is a build defect, not an input error.
		panic(fmt.Sprintf("pfp: embedded face cascade: %v", err))
	}
	return c
})

// parseLBPCascade reads OpenCV's (2.4+) cascade XML for featureType LBP.
func parseLBPCascade(data []byte) (*lbpCascade, error) {
	var doc struct {
		Cascade struct {
			StageType   string `xml:"stageType"`
			FeatureType string `xml:"featureType"`
			Height      int    `xml:"height"`
			Width       int    `xml:"width"`
			MaxCat      int    `xml:"featureParams>maxCatCount"`
			Stages      []struct {
				Threshold float32 `xml:"stageThreshold"`
				Weak      []struct {
					Nodes  string `xml:"internalNodes"`
					Leaves string `xml:"leafValues"`
				} `xml:"weakClassifiers>_"`
			} `xml:"stages>_"`
			Features []struct {
				Rect string `xml:"rect"`
			} `xml:"features>_"`
		} `xml:"cascade"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("parse xml: %w", err)
	}
	d := doc.Cascade
	if d.StageType != "BOOST" || d.FeatureType != "LBP" || d.MaxCat != 256 {
		return nil, fmt.Errorf("want a BOOST cascade of 256-category LBP stumps, got %s/%s/%d", d.StageType, d.FeatureType, d.MaxCat)
	}
	if d.Width <= 0 || d.Height <= 0 || len(d.Stages) == 0 || len(d.Features) == 0 {
		return nil, fmt.Errorf("empty cascade (%d×%d window, %d stages, %d features)", d.Width, d.Height, len(d.Stages), len(d.Features))
	}
	c := &lbpCascade{w: d.Width, h: d.Height}
	for _, f := range d.Features {
		v, err := ints(f.Rect, 4)
		if err != nil {
			return nil, fmt.Errorf("feature rect %q: %w", f.Rect, err)
		}
		ft := lbpFeature{int(v[0]), int(v[1]), int(v[2]), int(v[3])}
		if ft.x < 0 || ft.y < 0 || ft.w <= 0 || ft.h <= 0 || ft.x+3*ft.w > c.w || ft.y+3*ft.h > c.h {
			return nil, fmt.Errorf("feature rect %q leaves the %d×%d window", f.Rect, c.w, c.h)
		}
		c.features = append(c.features, ft)
	}
	for si, s := range d.Stages {
		st := lbpStage{threshold: s.Threshold - thresholdEps}
		for _, w := range s.Weak {
			// "left right featureIndex subset[8]": depth-1 trees only.
			n, err := ints(w.Nodes, 11)
			if err != nil {
				return nil, fmt.Errorf("stage %d internalNodes: %w", si, err)
			}
			leaves := strings.Fields(w.Leaves)
			if len(leaves) != 2 {
				return nil, fmt.Errorf("stage %d: %d leaf values, want 2 (stumps only)", si, len(leaves))
			}
			var sp lbpStump
			sp.feature = int(n[2])
			if sp.feature < 0 || sp.feature >= len(c.features) {
				return nil, fmt.Errorf("stage %d: feature %d of %d", si, sp.feature, len(c.features))
			}
			for i := range sp.subset {
				sp.subset[i] = uint32(int32(n[3+i]))
			}
			for i, l := range leaves {
				v, err := strconv.ParseFloat(l, 32)
				if err != nil {
					return nil, fmt.Errorf("stage %d leaf %q: %w", si, l, err)
				}
				sp.leaf[i] = float32(v)
			}
			st.weak = append(st.weak, sp)
		}
		c.stages = append(c.stages, st)
	}
	return c, nil
}

func ints(s string, n int) ([]int64, error) {
	f := strings.Fields(s)
	if len(f) != n {
		return nil, fmt.Errorf("%d numbers, want %d", len(f), n)
	}
	out := make([]int64, n)
	for i, x := range f {
		v, err := strconv.ParseInt(x, 10, 64)
		if err != nil {
			return nil, err
		}
		out[i] = v
	}
	return out, nil
}

// integral is a summed-area table of an 8-bit image: sum[(y)*stride+x] is
// the sum of all pixels above and left of (x,y), with a zero first row and
// column, so any block sum is four reads.
type integral struct {
	sum    []int32
	stride int // w+1
	w, h   int // of the image
}

func newIntegral(pix []uint8, w, h int, buf []int32) integral {
	stride := w + 1
	n := stride * (h + 1)
	if cap(buf) < n {
		buf = make([]int32, n)
	}
	sum := buf[:n]
	clear(sum[:stride])
	for y := range h {
		row := pix[y*w : y*w+w]
		prev := sum[y*stride : y*stride+stride]
		cur := sum[(y+1)*stride : (y+1)*stride+stride]
		cur[0] = 0
		var acc int32
		for x, v := range row {
			acc += int32(v)
			cur[x+1] = prev[x+1] + acc
		}
	}
	return integral{sum: sum, stride: stride, w: w, h: h}
}

// scanner evaluates the cascade on one integral image: feature corner
// offsets are precomputed for its stride, so a window costs only reads.
type scanner struct {
	c    *lbpCascade
	offs [][16]int32 // per feature: the 4×4 grid corners, relative to the window origin
}

func (c *lbpCascade) scanner(stride int) scanner {
	s := scanner{c: c, offs: make([][16]int32, len(c.features))}
	for i, f := range c.features {
		for gy := range 4 {
			for gx := range 4 {
				s.offs[i][gy*4+gx] = int32((f.y+gy*f.h)*stride + f.x + gx*f.w)
			}
		}
	}
	return s
}

// lbpCode is OpenCV's multi-block LBP: the 8 outer blocks of the 3×3 grid
// compared with the centre block, clockwise from the top-left as bits 7..0
// (top-left 128, top 64, top-right 32, right 16, bottom-right 8, bottom 4,
// bottom-left 2, left 1). Each bit is "block ≥ centre". The comparisons are
// computed without branches: which way they go is as good as random, and
// mispredicted branches cost more than the arithmetic (2–3× on the whole
// detector).
func lbpCode(sum []int32, p int32, o *[16]int32) int32 {
	v := func(k int) int32 { return sum[p+o[k]] }
	p0, p1, p2, p3 := v(0), v(1), v(2), v(3)
	p4, p5, p6, p7 := v(4), v(5), v(6), v(7)
	p8, p9, p10, p11 := v(8), v(9), v(10), v(11)
	p12, p13, p14, p15 := v(12), v(13), v(14), v(15)
	c := p5 - p6 - p9 + p10
	// ge is 1 when block ≥ c: (block-c)>>31 is -1 for a negative difference,
	// 0 otherwise. Block sums are < 2³¹/2 (255 × a window's area), so the
	// difference cannot overflow.
	ge := func(block int32) int32 { return (block-c)>>31 + 1 }
	return ge(p0-p1-p4+p5)<<7 | ge(p1-p2-p5+p6)<<6 | ge(p2-p3-p6+p7)<<5 |
		ge(p6-p7-p10+p11)<<4 | ge(p10-p11-p14+p15)<<3 | ge(p9-p10-p13+p14)<<2 |
		ge(p8-p9-p12+p13)<<1 | ge(p4-p5-p8+p9)
}

// accepts runs every stage on the window whose top-left corner is at sum
// index p; most windows are rejected by the first stage or two.
func (s *scanner) accepts(sum []int32, p int32) bool {
	for i := range s.c.stages {
		st := &s.c.stages[i]
		var score float32
		for j := range st.weak {
			w := &st.weak[j]
			c := lbpCode(sum, p, &s.offs[w.feature])
			// leaf[0] when bit c of the subset is set (branch-free, as above).
			score += w.leaf[(w.subset[c>>5]>>(c&31))&1^1]
		}
		if score < st.threshold {
			return false
		}
	}
	return true
}
