-- What Shotdesk put into a directory (Entra ID, Google Workspace, BambooHR)
-- and what was there before, so a second run sends only what is left or
-- changed and Revert can put the previous photo back. Local-owned: never
-- touched by ApplySnapshot, salvaged by Rebuild.
CREATE TABLE publish_log (
    id            INTEGER PRIMARY KEY,
    run_id        TEXT NOT NULL,
    target        TEXT NOT NULL,            -- "entra", "google", "bamboohr", "demo"
    account_id    TEXT NOT NULL,            -- the directory's id for the person
    email         TEXT NOT NULL,
    member_id     TEXT NOT NULL,
    actor         TEXT NOT NULL,            -- who ran it: OS user @ computer
    action        TEXT NOT NULL,            -- "publish" | "revert"
    photo_key     TEXT NOT NULL,            -- favorite + template + size sent ('' for a revert to none)
    photo_hash    TEXT NOT NULL,            -- sha256 of the bytes sent
    previous_hash TEXT NOT NULL,            -- kept photo's sha256; '' = there was none
    previous_type TEXT NOT NULL,            -- its content type
    status        TEXT NOT NULL,            -- "done" | "failed"
    error         TEXT NOT NULL,            -- words, for a failure
    at            INTEGER NOT NULL,
    reverted_at   INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX publish_log_account ON publish_log (target, account_id, id);
CREATE INDEX publish_log_run ON publish_log (run_id);
