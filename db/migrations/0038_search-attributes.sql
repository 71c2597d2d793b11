-- The attributes of each resolution that a search reads for every candidate, in one compact row.
-- Generated with `drizzle-kit generate --custom --name search-attributes`.
--
-- A text search checks visibility and filters of up to a few thousand candidates and ranks them by
-- their titles (src/services/search/queries.ts, candidates.ts). Joined with resolutions, meetings,
-- conferences and search_facets, each candidate cost two pages of the file (its resolution and its
-- facets; the title matches lie spread over the whole archive): on the 100,000-resolution benchmark
-- about 5,000 page reads for "Bund Länder Kommunen". search_attributes holds per resolution what the
-- candidate statements read — release, conference, year and first day of its meeting, sort key,
-- release date, outcome, title, and its facet lists as search_facets holds them — some 30 rows to
-- a page instead of a few.
--
-- search_attribute_values computes the rows from their sources. The triggers below keep the table
-- for every writer (services, command-line import, raw SQL) in the transaction of the write: each
-- write to a resolution or a meeting that can change a row computes it anew from the view. The
-- facet lists are those of search_facets, which only the search index sync writes
-- (src/services/search/index-sync.ts), before any search reads them: it writes them here too, in
-- the same transaction (a trigger on search_facets would make FTS5 flush its
-- pending terms into a segment of their own for every resolution the sync writes: a trigger's
-- statement opens a savepoint, and FTS5 flushes on every savepoint). They are null while a
-- resolution has no row there (not indexed yet), and a search takes no such resolution, as the
-- join with search_facets did.
CREATE TABLE `search_attributes` (
  `resolution_id` integer PRIMARY KEY NOT NULL,
  `release` text NOT NULL,
  `conference_id` integer NOT NULL,
  `year` integer NOT NULL,
  `start_date` text,
  `sort_key` text NOT NULL,
  `released_on` text,
  `outcome` text NOT NULL,
  `title` text NOT NULL,
  `sponsors` text,
  `statuses` text,
  `public_statuses` text,
  `addressees` text,
  `public_addressees` text
);
--> statement-breakpoint
CREATE VIEW `search_attribute_values` AS
  SELECT r.`id` AS `resolution_id`, r.`release`, m.`conference_id`, m.`year`, m.`start_date`, r.`sort_key`, r.`released_on`, r.`outcome`, r.`title`,
    sf.`sponsors`, sf.`statuses`, sf.`public_statuses`, sf.`addressees`, sf.`public_addressees`
  FROM `resolutions` r
  JOIN `meetings` m ON m.`id` = r.`meeting_id`
  LEFT JOIN `search_facets` sf ON sf.`resolution_id` = r.`id`;
--> statement-breakpoint
INSERT INTO `search_attributes` SELECT * FROM `search_attribute_values` WHERE true ORDER BY `resolution_id`;
--> statement-breakpoint
CREATE TRIGGER `search_attributes_resolution_insert` AFTER INSERT ON `resolutions` BEGIN
  INSERT INTO `search_attributes` SELECT * FROM `search_attribute_values` WHERE `resolution_id` = NEW.`id`
    ON CONFLICT DO UPDATE SET `release` = excluded.`release`, `conference_id` = excluded.`conference_id`, `year` = excluded.`year`, `start_date` = excluded.`start_date`, `sort_key` = excluded.`sort_key`, `released_on` = excluded.`released_on`, `outcome` = excluded.`outcome`, `title` = excluded.`title`, `sponsors` = excluded.`sponsors`, `statuses` = excluded.`statuses`, `public_statuses` = excluded.`public_statuses`, `addressees` = excluded.`addressees`, `public_addressees` = excluded.`public_addressees`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_attributes_resolution_update` AFTER UPDATE OF `id`, `meeting_id`, `sort_key`, `title`, `outcome`, `release`, `released_on` ON `resolutions` BEGIN
  DELETE FROM `search_attributes` WHERE `resolution_id` = OLD.`id` AND OLD.`id` <> NEW.`id`;
  INSERT INTO `search_attributes` SELECT * FROM `search_attribute_values` WHERE `resolution_id` = NEW.`id`
    ON CONFLICT DO UPDATE SET `release` = excluded.`release`, `conference_id` = excluded.`conference_id`, `year` = excluded.`year`, `start_date` = excluded.`start_date`, `sort_key` = excluded.`sort_key`, `released_on` = excluded.`released_on`, `outcome` = excluded.`outcome`, `title` = excluded.`title`, `sponsors` = excluded.`sponsors`, `statuses` = excluded.`statuses`, `public_statuses` = excluded.`public_statuses`, `addressees` = excluded.`addressees`, `public_addressees` = excluded.`public_addressees`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_attributes_resolution_delete` AFTER DELETE ON `resolutions` BEGIN
  DELETE FROM `search_attributes` WHERE `resolution_id` = OLD.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `search_attributes_meeting_update` AFTER UPDATE OF `conference_id`, `year`, `start_date` ON `meetings` BEGIN
  INSERT INTO `search_attributes` SELECT * FROM `search_attribute_values` WHERE `resolution_id` IN (SELECT `id` FROM `resolutions` WHERE `meeting_id` = NEW.`id`)
    ON CONFLICT DO UPDATE SET `release` = excluded.`release`, `conference_id` = excluded.`conference_id`, `year` = excluded.`year`, `start_date` = excluded.`start_date`, `sort_key` = excluded.`sort_key`, `released_on` = excluded.`released_on`, `outcome` = excluded.`outcome`, `title` = excluded.`title`, `sponsors` = excluded.`sponsors`, `statuses` = excluded.`statuses`, `public_statuses` = excluded.`public_statuses`, `addressees` = excluded.`addressees`, `public_addressees` = excluded.`public_addressees`;
END;
