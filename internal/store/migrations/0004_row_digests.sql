-- A digest of each row as ApplySnapshot last wrote it (rowDigest in
-- apply.go), so a sync compares a snapshot with the cache by reading two
-- columns instead of running an upsert for every row. NULL (rows written
-- before this migration, or by anything else) means "unknown": the next
-- ApplySnapshot rewrites the row and sets it. Only ApplySnapshot writes
-- these tables; any other writer must set row_digest to NULL.
ALTER TABLE teams ADD COLUMN row_digest INTEGER;
ALTER TABLE invites ADD COLUMN row_digest INTEGER;
ALTER TABLE members ADD COLUMN row_digest INTEGER;
ALTER TABLE models ADD COLUMN row_digest INTEGER;
ALTER TABLE favorites ADD COLUMN row_digest INTEGER;
ALTER TABLE people ADD COLUMN row_digest INTEGER;
