// Package store is Shotdesk's offline cache: a SQLite file (mattn/go-sqlite3)
// holding a mirror of the organization as the hosted API last reported it,
// a "people" read model the lists are served from, and the local data the
// server cannot give back (actioned markers, the outbox of actions queued
// while offline).
//
// # Connections
//
// One writer and a read pool on the same file (WAL lets many readers run
// beside one writer; a second writer would only meet SQLITE_BUSY):
//
//   - the writer is a *sql.DB limited to one connection, opened with WAL,
//     synchronous=FULL, foreign keys, a busy timeout and _txlock=immediate,
//     so every write transaction is BEGIN IMMEDIATE and two writers queue in
//     Go instead of failing with SQLITE_BUSY on a read-to-write upgrade;
//   - readers are a separate pool with query_only=on; WAL lets them read a
//     consistent snapshot while a sync commits.
//
// Network I/O never happens inside a transaction: the syncer fetches a whole
// Snapshot first, then ApplySnapshot writes it in one transaction.
//
// # Schema rules
//
//   - Migrations are embedded (migrations/NNNN_name.sql), applied in order,
//     each in its own transaction together with its PRAGMA user_version bump.
//     A file with a newer user_version than this build knows is refused
//     (ErrNewerSchema) and left unmodified.
//   - Server-owned tables (organization, teams, invites, members, models,
//     photos, favorites, people) are written only by ApplySnapshot (plus
//     ReplacePhotos/UpdatePhotoURLs for on-demand photo detail). They can be
//     thrown away and re-fetched at any time. Their row_digest column (all
//     but organization and photos) is the hash ApplySnapshot compares to
//     skip unchanged rows, first summed over the whole table (one query
//     for an unchanged table), then row by row: another writer must set it
//     to NULL.
//   - Local tables (local_markers, outbox) are never written by a sync.
//     Markers are keyed by model id (the shoot), never matched by email.
//   - sync_state holds bookkeeping only. No secret (API key) is ever stored;
//     signed photo URLs are kept for prefetching and must not reach the webview.
//   - Times are INTEGER Unix milliseconds, 0 meaning unset; statuses are the
//     raw API strings, so unknown values are kept and shown as-is.
//   - people.lifecycle is domain.Derive of the row's inputs, recomputed by
//     every ApplySnapshot (the only writer of those inputs), so a tab filter
//     is an index lookup.
//
// # Crashes and damage
//
// A crash at any point leaves either the previous or the new snapshot (one
// transaction; verified by a kill -9 test). Outbox items left in_flight by a
// crash go back to pending at Open: delivery is at least once and the syncer
// checks the server before re-sending.
//
// Open runs PRAGMA quick_check, unless the file's bytes are exactly those
// a check passed before (a CRC-32C seal beside it, seal.go). A damaged or non-SQLite file yields a
// *CorruptError (errors.Is ErrCorrupt). Rebuild (or OpenOrRebuild) moves the
// file and its -wal/-shm aside together as "<name>.corrupt-<timestamp>",
// reads the markers and the outbox out of it best-effort, and starts a fresh
// cache holding them; RebuildReport says what was saved and what could not be.
package store
