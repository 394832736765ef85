package blobs

// The cache's keys are built only here, so the code that writes an image
// (sync, exports, previews) and the code that reads it (the media route,
// exports) can never disagree on a spelling.

// Variants of a downloaded photo, as HeadshotPro serves them.
const (
	VariantThumb = "thumbnail"
	VariantMain  = "main"
)

// Encodings of a rendered profile picture. The same template rendered as
// PNG (Download PFP, previews) and as JPEG (pfp.jpg in Download Favorites)
// are different files, so the encoding is part of the key.
const (
	EncodingPNG  = "png"
	EncodingJPEG = "jpeg"
)

// PhotoKey is the key of one variant of a downloaded photo:
// "photo:<photoId>:<variant>".
func PhotoKey(photoID, variant string) string { return "photo:" + photoID + ":" + variant }

// PFPKey is the key of a favorite rendered as a profile picture in one
// template: "pfp:<photoId>:<templateKey>:<encoding>". The template's key is
// part of it, so a changed template renders anew and old renders stay until
// eviction.
func PFPKey(photoID, templateKey, encoding string) string {
	return "pfp:" + photoID + ":" + templateKey + ":" + encoding
}
