-- A document marked internal (or public again) moves between the public and the internal search
-- text: its resolution is indexed again.
CREATE TRIGGER `search_follow_up_documents_internal` AFTER UPDATE OF `internal` ON `follow_up_documents` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) SELECT `resolution_id` FROM `follow_ups` WHERE `id` = NEW.`follow_up_id`;
END;
