-- A protocol statement marked internal (or public again) moves between the public and the internal
-- search text: its resolution is indexed again.
CREATE TRIGGER `search_statements_internal` AFTER UPDATE OF `internal` ON `protocol_statements` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`);
END;
