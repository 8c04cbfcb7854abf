-- 004: event bodies are kept as the JSON text the collector checked (json), not re-encoded as jsonb. No query
-- looks inside a body, and jsonb refuses text a browser can send (a \u0000 escape, an unpaired surrogate):
-- one such event failed its whole batch. Storing text also spares PostgreSQL a parse of every body on insert.
ALTER TABLE events ALTER COLUMN body TYPE json USING body::json;
ALTER TABLE dead_letters ALTER COLUMN body TYPE json USING body::json;
