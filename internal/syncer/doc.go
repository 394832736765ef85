// Package syncer keeps the offline cache (internal/store) in step with the
// hosted API (internal/headshotpro).
//
// A sync is pull-then-apply: every list the org view needs is fetched first
// (organization, credits, teams, invites, members, models and the org-wide
// favorites with their signed URLs; all of them side by side) and
// only then written, in one store transaction that writes only the rows
// that changed (a signed URL that was merely signed again is kept while it
// stays valid; see internal/store). No network I/O happens inside a
// transaction, and a sync that fails or is cancelled part-way writes
// nothing: the previous copy stays whole. A full pull of 10,000 members is
// about 160 requests, well inside the 300/min rate limit; photo galleries
// are not pulled here but fetched when a person is opened.
//
// Mass-deletion guard: when a pull would remove more than half of the people
// in the cache (and at least MassDeletionMin of them), Sync stops with a
// *MassDeletionError and changes nothing (the store asks the guard inside
// the apply's transaction, before writing); the caller asks the user and runs
// again with AllowMassDeletion. A wrong API key for another org, or a
// half-broken server answering empty lists, must not wipe the cache.
//
// Prefetch downloads thumbnails and favorites into the blob cache with a
// small, bounded number of parallel fetches, so results survive the org's
// 30-day purge and expiring URLs, and can be reviewed offline.
//
// The outbox holds actions taken offline (invites, revokes, team changes).
// Replay sends due items one by one; a network failure stops the round (we
// are offline) and leaves the item pending with backoff; a permanent 4xx
// puts it in needs_attention with the server's message. An invite is never
// sent twice: before (re-)sending, Replay asks the API whether the invite
// already exists, which also settles an earlier attempt whose outcome was
// unknown (a crash or a 5xx after the request was written).
package syncer
