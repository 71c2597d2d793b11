-- The text of documents on follow-ups is searchable with their resolution: a stored or removed
-- document queues the resolution for re-indexing (search_pending, see src/services/search/index-sync.ts).
CREATE TRIGGER `search_follow_up_documents_insert` AFTER INSERT ON `follow_up_documents` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) SELECT `resolution_id` FROM `follow_ups` WHERE `id` = NEW.`follow_up_id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_follow_up_documents_delete` AFTER DELETE ON `follow_up_documents` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) SELECT `resolution_id` FROM `follow_ups` WHERE `id` = OLD.`follow_up_id`;
END;
