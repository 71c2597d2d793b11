-- Title matches are never crowded out of the candidates. Generated with
-- `drizzle-kit generate --custom --name search-titles`.
--
-- search_titles: one FTS5 row per resolution (rowid = resolutions.id) with its title only: the
-- normalised words (title) and their stem keys where they differ from the word (stems,
-- src/domain/search-stem.ts). search_index keeps the stems of all texts in one column, so it
-- cannot tell an inflected form in the title from one in the text; this table can. When a common
-- word fills the search's candidates with the newest exact matches, the search looks up the
-- resolutions whose title holds a query word as typed or inflected here and adds those it did
-- not find (src/services/search/title-matches.ts). Kept by syncSearchIndex with search_index,
-- in the same write transaction.
--
-- search_titles_pending: resolutions whose title row is to be written without re-indexing the
-- rest (the backfill below: the titles of 100,000 resolutions take seconds, a full re-index
-- minutes). Resolutions queued in search_pending get their title row with the full re-index.
CREATE VIRTUAL TABLE `search_titles` USING fts5(
  title, stems,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);
--> statement-breakpoint
CREATE TABLE `search_titles_pending` (
  `resolution_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_titles_pending` (`resolution_id`) SELECT `id` FROM `resolutions`;
