// Package headshotpro is the typed client for HeadshotPro's hosted V2
// organization API (the 24 endpoints of internal/sandbox/openapi.yaml) and a
// separate downloader for the signed photo URLs it hands out.
//
// # Shape
//
// New(baseURL, apiKey, opts...) validates the base URL (https, or http only
// to a loopback host such as the sandbox) and returns a Client whose
// methods return domain types (Organization, Team, Member, Invite, Model)
// or this package's own types where the domain has no home for the data
// (Photo with its signed URLs, FavoritePhoto with member context, invite and
// download results, pages). Wire types stay unexported in types.go.
// Paginated lists come as single pages (ListMembers, ListModels,
// ListPhotos, ListFavorites) and as iter.Seq2 iterators (Members, Models,
// Photos, Favorites) that follow hasMore with pages of 200. An iterator
// stops with ErrPagination when a server claims hasMore yet sends an empty
// page, and after 10,000 pages, instead of looping forever.
//
// # Retries: what is repeated, and why
//
// A request is idempotent when sending it twice has the effect of sending
// it once: every GET, PUT (rename team), DELETE (delete team/model), the
// read-only POST /photos/download, and POST /teams/{id}/members (it sets a
// target state: these emails are in this team). Idempotent requests are
// retried after network errors, 5xx, 408 and unusable 2xx bodies (HTML
// from a proxy, JSON cut short), up to RetryPolicy.MaxAttempts (default 4)
// tries in total, sleeping a full-jitter exponential backoff
// rand[0, min(30 s, 500 ms·2^n)] between tries.
//
// Every other POST — create invite above all, also revoke invite, create
// team, create model — is never repeated blindly: the API has no
// idempotency key, so a repeat after a lost answer could send a second
// invitation email or spend a second credit. Such a POST is repeated only
// when the request provably never reached the server: a DNS failure or a
// failed dial (connection refused, unreachable, dial timeout) happens
// before a byte is written. When a non-idempotent request fails in a way
// that may have reached the server (a 5xx, a reset after sending, a
// truncated answer) the error matches ErrOutcomeUnknown: the caller must
// read the state (e.g. Invite(email)) before deciding to send again.
//
// A 429 RATE_LIMIT_EXCEEDED is the server refusing before acting, so any
// request, POST included, waits until X-RateLimit-Reset (an ISO-8601
// timestamp, plus 100 ms) and goes again, up to MaxRateLimitRetries (5)
// times. One wait is capped at MaxRateLimitWait (65 s; the window is one
// minute, so a later reset means clock skew); a missing or unparseable
// header falls back to backoff. 429 INVITE_LIMIT_EXCEEDED is not a time
// window and is returned at once. All waits end early when ctx is done.
//
// # Errors
//
// A non-2xx answer (or a 2xx with "success": false) is an *APIError with
// Status, Code, Message, RequestID, and RetryAt for 429. errors.Is maps it
// to ErrUnauthorized, ErrForbidden, ErrNotFound, ErrRateLimited,
// ErrInviteLimit, ErrInsufficientCredits, ErrAlreadyExists,
// ErrAlreadyDeleted, ErrInvalidEmail, ErrInvalidRequest, ErrServer (the
// code decides; the status decides when the code is missing, so a proxy's
// HTML 502 still reads as ErrServer with an excerpt of the page as its
// message). Network failures (DNS, dial, reset, TLS, timeouts) and
// non-API answers (captive portal pages) match ErrOffline, so the app can
// say "offline" rather than "the server said no". IsPermanent reports a 4xx
// other than 429: the outbox parks such items instead of replaying them.
//
// # Tolerant decoding
//
// Unknown fields are ignored. Enum values (statuses) are kept verbatim in
// the domain string types, known or not. Nullable or sometimes-absent
// fields (name, teamId, teamName, modelId, finishedAt, …) are pointers in
// the wire types and become "" / zero time in the domain. Credits decode
// as float64 from an integer, a fraction or a numeric string. Timestamps are
// RFC 3339 with or without milliseconds; a missing, null or unparseable
// timestamp becomes the zero time rather than failing a 10,000-member
// sync. The documented bodies put the payload under a resource key
// ("members", "organization", …); the overview pages draw
// {"success": true, "data": {…}} instead, so when the key is missing and
// "data" holds it (or is the resource itself) the client reads that.
// Org-wide favorites accept the member's display name under "name" or
// "title" (the key names are inferred). A 2xx that is missing the payload
// entirely is ErrBadResponse, never an empty list: a sync must not mistake a
// broken answer for an empty organization.
//
// The four list pages a sync reads (members, models, photos, invites) are
// read by a hand-written decoder (fastjson.go) that takes only the plain,
// documented shapes and hands everything else to encoding/json, so all of
// the above holds on both paths; a differential fuzz test keeps the two in
// agreement.
//
// # Downloads
//
// Downloader is a separate http.Client with its own Transport (up to
// DownloadIdleConnsPerHost idle connections per host, so the parallel
// downloads of an export reuse theirs) that never sends an Authorization
// header: the URL signature is the storage host's only credential. It checks
// Content-Length against a cap before reading, caps the body while
// streaming to an io.Writer, reports ErrTruncated when fewer bytes than
// Content-Length arrive, cancels a body that stalls (idle timeout), and
// maps 401/403/410 from the storage host to ErrURLExpired.
// Client.FetchPhoto refreshes an expired URL through the API once and
// retries once; it only retries when the failed attempt wrote nothing, so
// the writer never mixes attempts.
//
// # Redaction
//
// The key appears only in the Authorization header of API requests; no
// header is ever logged. Every URL that reaches a log line or an error
// message goes through RedactURL (no query string, fragment or user info),
// including the URL Go's *url.Error embeds, because a signed photo URL is
// a credential until it expires.
package headshotpro
