-- 003: pruning walks the primary key from the oldest id instead (ids are handed out in arrival order). A BRIN
-- index on received_at would widen as pruned space is reused by new rows, until every prune read the whole table.
DROP INDEX events_received_at;
