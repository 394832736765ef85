// Package pfp makes profile pictures (PFPs) from AI headshots, locally and
// fast: the 600×600 PNG behind "Download PFP" and the pfp.jpg of each member
// in the "Download Favorites" ZIP, styled by a local Template (shape, size,
// background, outline, grayscale, framing).
//
// # Pipeline
//
//	read (≤ Limits.MaxBytes) → sniff JPEG/PNG → DecodeConfig + pixel/side budget
//	→ EXIF orientation tag (JPEG, parsed from APP1, no second decode)
//	→ decode (image/jpeg or image/png, panics recovered) only what the
//	  framing can keep (decodeRegion): the square for Centre, the rows down
//	  to the bottom of the fallback square for HeadAndShoulders on a
//	  portrait (the face search looks there); Smart and EXIF-rotated
//	  sources keep everything
//	→ integer box shrink straight from the Y/Cb/Cr planes, in parallel bands,
//	  to the smallest size whose short side is still ≥ Template.Size
//	→ rotate/flip upright (on the small image: sub-millisecond)
//	→ find the face on a ≤ 320 px gray copy → choose the square (Framing)
//	→ resample that square to Size: Catmull-Rom
//	  in 14-bit fixed point for the last < 2× step of an opaque photo
//	  (catrom.go), imaging's Lanczos-3 otherwise
//	→ grayscale → background, anti-aliased shape mask and outline
//	→ EncodePNG (Up filter, Huffman-only deflate) or EncodeJPEG (flattened)
//
// RenderTo(JPEG) of a plain square (no outline) from a JPEG takes a
// shorter last step: the square goes to 4:2:0 planes, is resized there
// (luma full size, chroma a quarter) and is encoded from them (ycc.go).
//
// Why this shape: on a 3000×4000 headshot the cost is the JPEG decode, not
// the filter. The obvious imaging.Fill(Lanczos) spends ~180 ms converting
// 12 MP to RGBA and filtering it; shrinking the YCbCr planes first (what
// libjpeg's DCT scaling and libvips' shrink-on-load do) costs ~7 ms, and the
// final resample is then < 2× on a ≤ 1200 px square. Decoding only the
// square the framing keeps saves another 12–15 % of the decode, and the PNG
// writer (encode.go) takes ~5 ms where image/png took ~50. make bench on the
// 2-core machine (median of alternating rounds, 3000×4000 → 600 px PNG):
// 0.56× vipsthumbnail's time with libjpeg-turbo, 1.80× in pure Go, where
// image/jpeg is ~85 % of the work.
// TestFastPathMatchesReference checks that the shortcut stays within a mean
// absolute difference of 2.5/255 of a full-resolution Lanczos resize.
//
// # Limits
//
// Decoding arbitrary images can exhaust memory, and a header that matches
// its size is not a bug in the decoder (image package docs). So nothing is
// decoded until the declared size passes Limits (defaults: 40 MiB body,
// 50 MP, 16384 px per side). A 33-byte PNG declaring 40000×40000 is refused
// after reading it; a body longer than MaxBytes is refused after MaxBytes+1
// bytes, or at once when the reader knows its length. Errors wrap
// ErrTooLarge, ErrUnsupported (HTML error page, WebP, HEIC, GIF…) or
// ErrCorrupt (truncated or damaged: worth one re-download), and template
// problems wrap ErrInvalidTemplate.
//
// # Framing
//
// HeadAndShoulders (default) and Smart look for a face first: a boosted
// cascade of multi-block LBP features (OpenCV's lbpcascade_frontalface.xml,
// BSD-3-Clause, embedded), evaluated in pure Go on a grayscale copy of the
// shrunk image whose long side is ~160–320 px (a few ms per photo, see
// BenchmarkStageLocateFace). A found face is framed the same way for
// everyone: eyes at 40 % of the square, face box 45 % of its side, centred
// on the face; the square is shifted to stay inside the image and shrunk
// only when it must. When that zooms in past the shrunk pixels the decoded
// image is shrunk again by a smaller factor, so the square is still
// resampled down. Without a face: HeadAndShoulders takes the short side
// starting at 10 % of a portrait's height (AI headshots put the face in the
// upper part of the frame; a centre crop would cut the hair and keep the
// belt); Smart tries the largest skin-toned blob on a ≤ 128 px sampling
// (≈0.05 ms) and puts its centre at 40 % of the square, else falls back to
// HeadAndShoulders. Centre is the geometric centre and never looks.
// RenderFramed and Locate tell callers whether a face was found. The face
// locator was chosen over muesli/smartcrop, which costs ~80 ms on the shrunk
// image and aims at "interesting", not "face"; see face.go and frame.go.
//
// # Caching
//
// Template.Key is stable and includes a render version; callers cache
// rendered PFPs under a key that contains it (blobs.PFPKey).
//
// # Native JPEG (build tag turbojpeg)
//
// Built with -tags turbojpeg (and libjpeg-turbo: Debian libturbojpeg0-dev
// and libjpeg-dev, which libgtk-3-dev already brings), JPEG sources are
// decoded by libjpeg-turbo scaled by M/8 inside the inverse DCT — the
// smallest M that keeps the short side of the square ≥ the output size;
// any M for Centre, only 1/8, 2/8, 4/8 or 8/8 for the framings that look
// for a face, whose search must see the pixels it always saw (dctscale.go)
// — and pfp.jpg is encoded by it too. Only the square goes
// through the IDCT, and the rows below it are not decoded at all (libjpeg's
// jpeg_skip_scanlines and jpeg_crop_scanline; TurboJPEG 2.x has no crop). A
// 3000×4000 headshot then decodes a sixteenth of the square's pixels. Without the tag (any platform without
// the library) the pure-Go path above is used; anything libjpeg-turbo
// refuses falls back to it as well. DecoderName says which one a build has.
package pfp
