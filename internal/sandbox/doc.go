// Package sandbox is a local, faithful implementation of HeadshotPro's
// hosted Organization API V2 (as HeadshotPro's public API documentation
// describes it, reconstructed in openapi.yaml next to this file) over a
// seeded, deterministic demo organization — what stripe-mock is for
// Stripe. It backs `shotdesk sandbox`, the desktop app's demo mode (no API
// key configured), and the integration tests of the API client, sync and
// ZIP export.
//
// # Embedding
//
//	srv, err := sandbox.New(sandbox.Options{Members: 240, Seed: 1})
//	base, err := srv.Start("127.0.0.1:0") // "http://127.0.0.1:PORT/api/v2"
//	defer srv.Close()
//	// clients send "Authorization: Bearer " + srv.APIKey()
//
// or mount srv.Handler() on your own server (httptest.NewServer); tests use
// sandboxtest.NewTest. Options zero values get defaults: 240 members, seed
// 0, key "sk_sandbox_demo", URL TTL 24h, 300 requests/minute, time.Now,
// images cached in memory only. New builds metadata only (10,000 members in
// ~0.1 s); photo JPEGs are drawn on first download and cached (memory LRU
// of 256 MiB, plus ImageCacheDir when set).
//
// # What is served
//
//   - /api/v2/organization/... — the 24 operations of openapi.yaml, with
//     the documented envelope ({"success": true, <resource keys>} or
//     {"success": false, "error", "code"}), Bearer auth, X-RateLimit-*
//     headers on every response, offset pagination and every documented
//     error code. contract_test.go validates each operation's success and
//     error responses against the spec with kin-openapi.
//   - /cdn/photos/{photoId}/{main|thumbnail|original}.jpg?expires=&signature=
//     — the photo host: HMAC-SHA256 signed URLs (per-server random secret,
//     over path and expiry), S3-style XML errors (403 SignatureDoesNotMatch,
//     403 AccessDenied "Request has expired", 404 NoSuchKey). It refuses
//     requests that also carry an Authorization header (400
//     InvalidArgument), as S3 does, so a client leaking its API key to the
//     photo host fails in tests. Photo URLs are absolute, built from the
//     request's Host, so they work behind httptest or any listener.
//   - /_sandbox/... — control routes (not part of the hosted API; Bearer key
//     required except GET /_sandbox/openapi.yaml): lifecycle steps, clock,
//     faults, settings, reset, state, scenarios, stats. README.md documents
//     each with an example; every one has a Go method on Server
//     (AcceptInvite, StartUpload, SubmitPhotos, AdvanceModel, FailModel,
//     FinishModel, PickFavorite, DeleteModel, SetNow, Advance, SetFaults,
//     ResetFaults, ResetOrg, SetCredits, SetWhitelabel, SetRateLimit,
//     SetPendingInviteLimit, Scenarios, Stats).
//
// The faults include a shaped link (link.go): a round trip before every
// API and photo answer and handshakes on new connections (RTT), one
// bandwidth shared by all photo downloads (Bandwidth), and a few photos
// sent much slower (SlowPhotos), so exports can be measured against what
// an admin's network allows rather than loopback.
//
// # The demo organization
//
// seedOrg is a pure function of (Members, Seed, clock at New): the same
// inputs give the same ids, names, statuses, times and image pixels. Times
// are placed relative to the clock reading at New, so pass a fixed
// Options.Clock to make timestamps reproducible too. "Members" counts people
// (invites): 5-8 teams, ~8% with no team. The first people get one of every
// scenario (seed.go, listed by GET /_sandbox/scenarios); the rest are drawn
// from a realistic mix: pending invites, revoked invites, joined without
// upload (some with a null name), onboarding, waiting, pending (training),
// generatingHeadshots, failed, finished without favorite, finished with
// favorite, deleted, two shoots (two active models, one e-mail), finished
// 55-59 days ago (60-day retry window), finished 85-89 days ago (retention),
// URLs issued with a 15-minute TTL, path-hostile titles (/ \ : * ? " < > |,
// CON, "..", trailing dot, bidi override, emoji, tab/newline, > 255 bytes),
// an empty title, and non-ASCII names (é ü ø ß ł ğ, Chinese, Japanese,
// Korean, Greek, Cyrillic, Arabic). Two whitelabel models (no member,
// title null) are added for orgs of 20+. Each finished model has 8-20
// photos (1024×1536 up to 3000×4000), some liked, some soft-deleted; a
// favorite is the one "loved" photo. Credits = members/5 + 0.25.
//
// Portraits are drawn in code (images.go): gradient backdrop, shoulders,
// shirt, neck, head ellipse with hair, eyes and mouth, luma grain, written
// straight into 4:2:0 YCbCr; main is encoded at quality 88, original at 93,
// thumbnail 400 px wide at 80. A 3000×4000 main takes ~250 ms (≈50 ms
// drawing, the rest image/jpeg) and weighs ~2-3 MB.
//
// # Choices where the docs say INFERRED or say nothing
//
// Each follows the documentation's recommendation when it has one.
//
//   - Envelope: resource keys at top level, never a "data" wrapper. Every
//     success is 200, creates and deletes included. Timestamps are UTC with
//     milliseconds ("2024-01-15T10:30:00.000Z").
//   - Unknown path, or a known path with a method it lacks: 404 NOT_FOUND
//     (Express style; the spec has no 405). Unexpected failures and injected
//     5xx: code INTERNAL_ERROR.
//   - Bodies: must be one JSON object; malformed JSON, other JSON types,
//     unknown fields, wrong field types, trailing data and bodies over 1 MiB
//     are 400 INVALID_REQUEST (413 is not in the spec, so it is not used).
//   - Pagination: limit default 50, clamped to 1..200 (0 → 1, 500 → 200);
//     non-integer or negative limit/offset → 400 INVALID_REQUEST;
//     pagination.limit echoes the effective limit; hasMore = offset +
//     len(items) < total. Order is newest first — invites by createdAt,
//     members by joinedAt, models by createdAt, photos by createdAt, org
//     favorites by their model's createdAt — ties broken by id, so pages
//     are stable.
//   - Rate limit: one budget per organization (the key), a fixed one-minute
//     window that opens with the first counted request after the previous
//     window ended; X-RateLimit-Reset is that window's end. Requests
//     rejected with 429 are not counted; 401s carry the headers but are not
//     counted; no Retry-After (none is documented); /_sandbox and /cdn are
//     not limited.
//   - Statuses: a member's "current model" is their newest non-deleted
//     model (else the newest). Member status: no model → accepted; active →
//     finished; deleted → accepted; anything else → pending. Invite status:
//     revoked; pending (not joined); accepted (no model); onboarding →
//     uploading; waiting/pending/generatingHeadshots/failed → generating;
//     active → completed; deleted → deleted. Invites list modelId once a
//     model exists.
//   - Invites: e-mails are trimmed and compared case-insensitively; syntax
//     is a practical dot-atom check (INVALID_EMAIL). A live invite or an
//     existing member for the e-mail → 400 ALREADY_EXISTS (the member case
//     uses the documented "A user with this email already exists…"
//     message); a revoked invite may be replaced by a new one. Unknown
//     teamId → 404. 402 INSUFFICIENT_CREDITS when the balance is 0 or less
//     (invites do not reserve or spend credits). 429 INVITE_LIMIT_EXCEEDED
//     only when a pending-invite cap is set (off by default; the real
//     threshold is unknown). teamId is null in the response when not given.
//     The link points at this server's /auth/signup, a plain-text page.
//   - Revoke: no invite → 404; already revoked → 400 ALREADY_DELETED;
//     already accepted → 400 INVALID_REQUEST (the dashboard only revokes
//     before acceptance). Lookup: 400 INVALID_EMAIL, 404 NOT_FOUND.
//   - /team lists people who joined (pending invitees are only under
//     /invites) and has no teamId filter. /team/accepted|pending|finished
//     return the summary shape plus modelId/modelStatus when a model exists.
//   - POST /teams/{id}/members moves members and not-yet-joined invitees
//     (user, their models and invite); it is all-or-nothing: an e-mail not in
//     the org → 404 and nothing moves.
//   - Teams: names are trimmed, unique case-insensitively, at most 100
//     characters (INVALID_REQUEST otherwise); create/rename/delete return the
//     whole organization; deleting a team sets teamId/teamName to null on its
//     members, models and invites.
//   - Models: deleted models stay listed unless filtered; a teamId filter
//     matching no team gives an empty page. POST /models (whitelabel) is
//     enabled by default (a control turns it off → 403 FORBIDDEN), validates
//     version (lora|one-shot), 402 when credits ≤ 0 unless isDevelopment,
//     creates an onboarding model with title null; the credit is charged at
//     submit (one per shoot, none for development models).
//   - DELETE /models/{id}: soft delete (status deleted, still listed); again
//     → 400 ALREADY_DELETED; its photos are no longer listed, returned or
//     served (CDN 404).
//   - Photos: a model that is not active lists no photos; every photo
//     object carries modelId; status=deleted lists soft-deleted photos, and
//     their URLs work. GET …/photos/favorite without a favorite → 200 with
//     photo null and a message. Download: empty body or empty photoIds = all
//     active photos; an unknown id → 404 for the whole request; items are
//     {id, urls}. Org favorites: one per active model with a favorite (a
//     member with two shoots appears twice), member context keys email,
//     name (the member's name; null for whitelabel), title (model title),
//     teamId, teamName.
//   - URLs: expiresAt = response time + TTL rounded up to a whole second
//     (the URL carries Unix seconds); re-calling any photo endpoint re-signs.
//   - Credits: a number (may be fractional, e.g. 48.25); only submit spends.
package sandbox
