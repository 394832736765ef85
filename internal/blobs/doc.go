// Package blobs is Shotdesk's image cache on disk: content-addressed files
// (sha256) with a small key index, a size budget with LRU eviction, and an
// http.Handler that serves cached images to the webview by key.
//
// # Layout
//
//	<dir>/ab/abcdef…      one file per content hash (64 hex chars), first two
//	                      hex chars as a fan-out directory
//	<dir>/.blob.shotdesk-tmp-<pid>-<random>
//	                      a Put in progress (a userfiles temp name); removed on
//	                      failure, swept at Open once its process is gone
//	<dir>/index.json      key → hash and last-access times, written atomically
//
// # Crash safety
//
// Put streams into a temp file in the cache dir, hashing as it writes,
// fsyncs it, then renames it to its hash name and fsyncs the directory, so a
// file under a hash name is always complete: a crash or failed Put leaves at
// most a temp file, which Open deletes (userfiles.Sweep) once the process
// that wrote it is gone, or after a day: the window and the command line
// may share the cache, and one must not delete the other's Put in progress. Identical content maps to the same
// name, so concurrent Puts of the same bytes are harmless.
//
// The index is a cache of a cache: it is written atomically but lazily (at
// most every IndexFlushInterval, and on Flush/Close). A crash can lose the
// latest key mappings and access times; lost keys are simply misses (the
// caller re-downloads or re-renders) and lost access times fall back to the
// files' modification times.
//
// # Eviction
//
// After each Put, while usage exceeds the budget, the least recently
// accessed blobs are deleted, except blobs that are pinned (Pin; an export
// in progress pins what it will read) and blobs accessed within the last
// Grace (default 10 minutes), so an image just written or shown is never
// pulled from under its reader. If everything left is protected, usage may
// exceed the budget until the protection ends.
//
// # Serving
//
// Handler serves only cached content, chosen by a caller-supplied resolver
// from /<prefix>/<kind>/<id>/<variant>; there is no free-form path. Files
// are opened through an os.Root on the cache dir so a symlink cannot point
// outside it, and only sniffed JPEG, PNG and WebP are served.
package blobs
