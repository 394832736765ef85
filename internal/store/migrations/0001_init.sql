-- 0001_init: the whole first schema. Times are INTEGER Unix milliseconds
-- (UTC); 0 means "not set" (a zero time.Time). Strings are NOT NULL with ''
-- for "absent" so comparisons in the upserts never meet NULL.

-- Server-owned mirror ---------------------------------------------------
-- Everything in this block is replaced by ApplySnapshot and may be thrown
-- away and re-fetched at any time (that is what Rebuild relies on).

CREATE TABLE organization (
    id      INTEGER PRIMARY KEY CHECK (id = 1), -- one row: the key's org
    uid     TEXT NOT NULL,
    name    TEXT NOT NULL,
    website TEXT NOT NULL,
    credits REAL NOT NULL                   -- fractional (Lite = 0.25)
) STRICT;

CREATE TABLE teams (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
) STRICT;

CREATE TABLE invites (
    email_norm TEXT PRIMARY KEY,            -- domain.NormalizeEmail
    email      TEXT NOT NULL,
    status     TEXT NOT NULL,               -- raw API value, unknown kept
    model_id   TEXT NOT NULL,
    team_id    TEXT NOT NULL,
    team_name  TEXT NOT NULL,
    created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
    id           TEXT PRIMARY KEY,
    email        TEXT NOT NULL,
    email_norm   TEXT NOT NULL,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    team_id      TEXT NOT NULL,
    team_name    TEXT NOT NULL,
    model_id     TEXT NOT NULL,
    model_status TEXT NOT NULL,
    joined_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX members_email ON members (email_norm);

CREATE TABLE models (
    id             TEXT PRIMARY KEY,
    uid            TEXT NOT NULL,
    email          TEXT NOT NULL,
    email_norm     TEXT NOT NULL,
    title          TEXT NOT NULL,
    status         TEXT NOT NULL,
    team_id        TEXT NOT NULL,
    team_name      TEXT NOT NULL,
    is_development INTEGER NOT NULL,
    created_at     INTEGER NOT NULL,
    finished_at    INTEGER NOT NULL
) STRICT;
CREATE INDEX models_email ON models (email_norm, created_at);
CREATE INDEX models_team ON models (team_id);

-- Photo metadata plus the last signed URLs. The URLs are bearer secrets
-- for 24 h: they exist here only so images can be prefetched and must never
-- be handed to the webview.
CREATE TABLE photos (
    id             TEXT PRIMARY KEY,
    model_id       TEXT NOT NULL REFERENCES models (id) ON DELETE CASCADE,
    status         TEXT NOT NULL,
    liked_status   TEXT NOT NULL,
    created_at     INTEGER NOT NULL,
    expires_at     INTEGER NOT NULL,
    url_main       TEXT NOT NULL,
    url_thumb      TEXT NOT NULL,
    url_original   TEXT NOT NULL,
    url_expires_at INTEGER NOT NULL
) STRICT;
CREATE INDEX photos_model ON photos (model_id, created_at);

-- The member's selected favorite per model. photo_id is deliberately not a
-- foreign key: the org-favorites endpoint may name a photo whose full
-- metadata was never fetched.
CREATE TABLE favorites (
    model_id TEXT PRIMARY KEY REFERENCES models (id) ON DELETE CASCADE,
    photo_id TEXT NOT NULL
) STRICT;

-- Read model: one row per person (normalized email), recomputed by
-- ApplySnapshot from the tables above. lifecycle is stored so that a tab
-- filter is an index lookup.
CREATE TABLE people (
    person_key       TEXT PRIMARY KEY,      -- normalized email
    member_id        TEXT NOT NULL,         -- '' for an invite not joined
    email            TEXT NOT NULL,
    name             TEXT NOT NULL,
    model_id         TEXT NOT NULL,         -- current (latest) shoot
    model_title      TEXT NOT NULL,
    model_status     TEXT NOT NULL,
    team_id          TEXT NOT NULL,
    team_name        TEXT NOT NULL,
    invite_status    TEXT NOT NULL,
    member_status    TEXT NOT NULL,
    has_favorite     INTEGER NOT NULL,
    favorite_photo   TEXT NOT NULL,
    finished_at      INTEGER NOT NULL,
    joined_at        INTEGER NOT NULL,
    invited_at       INTEGER NOT NULL,
    latest_at        INTEGER NOT NULL,      -- max(joined_at, invited_at): "Latest" sort
    lifecycle        TEXT NOT NULL,         -- domain.Lifecycle, '' when undecidable
    unknown_status   TEXT NOT NULL,         -- domain.State.Unknown
    shoot_count      INTEGER NOT NULL,
    search_text      TEXT NOT NULL          -- lower(email, name, title) for LIKE search
) STRICT;
CREATE INDEX people_lifecycle ON people (lifecycle, person_key);
CREATE INDEX people_team ON people (team_id, lifecycle, person_key);
CREATE INDEX people_latest ON people (latest_at);
CREATE INDEX people_model ON people (model_id);

-- Local intent: never written by sync -----------------------------------

-- "Mark as actioned", keyed by model id (the shoot), never by email
-- (a new shoot for the same email is new work, and an email can be reused by
-- someone else). A marker whose model vanished is kept.
CREATE TABLE local_markers (
    model_id    TEXT PRIMARY KEY,
    actioned    INTEGER NOT NULL,
    actioned_at INTEGER NOT NULL
) STRICT;

-- Actions taken while offline, replayed by the syncer at least once.
CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT NOT NULL,
    payload         TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    entity          TEXT NOT NULL,          -- per-entity FIFO; '' = independent
    state           TEXT NOT NULL CHECK (state IN ('pending', 'in_flight', 'done', 'needs_attention')),
    attempts        INTEGER NOT NULL,
    last_error      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    next_attempt_at INTEGER NOT NULL
) STRICT;
CREATE INDEX outbox_due ON outbox (state, next_attempt_at, id);
CREATE INDEX outbox_entity ON outbox (entity, id);

-- Bookkeeping of the sync engine (never a secret: no API key here).
CREATE TABLE sync_state (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) STRICT;
