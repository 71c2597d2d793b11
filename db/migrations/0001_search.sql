-- Full-text search (issue 6). Generated with `drizzle-kit generate --custom --name search`.
--
-- search_index: one FTS5 row per resolution (rowid = resolutions.id), contentless (the original
-- texts stay in their tables; snippets are built from them). Columns, in bm25 weight order:
-- title, body (demands + protocol statements), followups (public summaries), internal (internal
-- summaries; only matched for logged-in viewers). The indexed text is the GERMAN-NORMALISED form
-- (src/domain/search-text.ts: lower case, ä→ae, ö→oe, ü→ue, ß→ss), so the tokenizer must not fold
-- diacritics itself (remove_diacritics 0: "Förderung" and "Forderung" stay different words).
-- prefix='2 3' keeps short prefix queries ("Be*") from merging thousands of term lists.
--
-- search_facets: per resolution, the multi-valued facet attributes as ',a,b,' lists (sponsoring
-- Länder, demand statuses as logged-in users and as the public see them, addressees), so that
-- filters and facet counts over a candidate set read one short row per resolution instead of
-- all its demands.
--
-- Sync: the triggers below only RECORD which resolution changed (search_pending) — plain SQL, so
-- every writer is covered (services, CLI, raw bulk inserts, the sqlite3 shell) without a
-- JavaScript SQL function. The search service normalises and re-indexes the pending resolutions
-- before every query (src/services/search.ts, syncSearchIndex), in one write transaction.
CREATE VIRTUAL TABLE `search_index` USING fts5(
  title, body, followups, internal,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);
--> statement-breakpoint
CREATE TABLE `search_pending` (
  `resolution_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_facets` (
  `resolution_id` integer PRIMARY KEY NOT NULL,
  `sponsors` text DEFAULT '' NOT NULL,
  `statuses` text DEFAULT '' NOT NULL,
  `public_statuses` text DEFAULT '' NOT NULL,
  `addressees` text DEFAULT '' NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_pending` (`resolution_id`) SELECT `id` FROM `resolutions`;
--> statement-breakpoint
CREATE TRIGGER `search_resolutions_insert` AFTER INSERT ON `resolutions` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_resolutions_update` AFTER UPDATE OF `title` ON `resolutions` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_resolutions_delete` AFTER DELETE ON `resolutions` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (OLD.`id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_demands_insert` AFTER INSERT ON `demands` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_demands_update` AFTER UPDATE OF `text`, `resolution_id`, `status`, `public_status`, `addressees` ON `demands` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`), (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_demands_delete` AFTER DELETE ON `demands` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_insert` AFTER INSERT ON `protocol_statements` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_update` AFTER UPDATE OF `text`, `resolution_id` ON `protocol_statements` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`), (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_statements_delete` AFTER DELETE ON `protocol_statements` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_follow_ups_insert` AFTER INSERT ON `follow_ups` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_follow_ups_update` AFTER UPDATE OF `summary`, `visibility`, `resolution_id`, `resulting_status` ON `follow_ups` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`), (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_follow_ups_delete` AFTER DELETE ON `follow_ups` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_sponsors_insert` AFTER INSERT ON `resolution_sponsors` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_sponsors_update` AFTER UPDATE ON `resolution_sponsors` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`), (OLD.`resolution_id`);
END;
--> statement-breakpoint
CREATE TRIGGER `search_sponsors_delete` AFTER DELETE ON `resolution_sponsors` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (OLD.`resolution_id`);
END;
