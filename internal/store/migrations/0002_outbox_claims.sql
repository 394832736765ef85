-- An item in flight names the process sending it ("<host tag>:<pid>"), so
-- a second process opening the cache leaves it alone while that process
-- runs, and takes it back only once it is known to have ended.
ALTER TABLE outbox ADD COLUMN claimed_by TEXT NOT NULL DEFAULT '';
