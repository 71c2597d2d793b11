-- Search for what people type: inflected forms and compounds; public ranking from public text
-- only. Generated with `drizzle-kit generate --custom --name search-stems-compounds`.
--
-- search_index is rebuilt with the columns title, body (demands + protocol statements),
-- followups (public follow-up summaries), documents (text of documents on public follow-ups) and
-- stems (the stem keys of all those words where they differ from the word,
-- src/domain/search-stem.ts). Internal follow-ups (summaries, documents) move to their own table
-- search_internal (internal, stems): FTS5's bm25 normalises by the length of the whole row, so an
-- internal column in the public table moved the public ranking.
--
-- search_words: the vocabulary (every normalised word of four or more letters ever indexed),
-- with a trigram index (search_word_parts) that finds the words containing a query word —
-- "krankenhaus" in "krankenhausversorgung" — without a trigram index over all the text.
--
-- search_facets records a hash of each row's public and internal text: a re-index leaves an
-- unchanged row alone (FTS5 does not restore its bm25 totals exactly on delete, so re-writing the
-- row after a status change or an internal note would move the public ranking).
--
-- Every resolution is queued for re-indexing (search_pending, see src/services/search/index-sync.ts).
DROP TABLE `search_index`;
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_index` USING fts5(
  title, body, followups, documents, stems,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_internal` USING fts5(
  internal, stems,
  content = '', contentless_delete = 1,
  tokenize = 'unicode61 remove_diacritics 0',
  prefix = '2 3'
);
--> statement-breakpoint
CREATE TABLE `search_words` (
  `id` integer PRIMARY KEY NOT NULL,
  `word` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `search_words_word` ON `search_words` (`word`);
--> statement-breakpoint
CREATE VIRTUAL TABLE `search_word_parts` USING fts5(
  word,
  content = 'search_words', content_rowid = 'id',
  tokenize = 'trigram'
);
--> statement-breakpoint
ALTER TABLE `search_facets` ADD `public_hash` text;
--> statement-breakpoint
ALTER TABLE `search_facets` ADD `internal_hash` text;
--> statement-breakpoint
DELETE FROM `search_facets`;
--> statement-breakpoint
INSERT OR IGNORE INTO `search_pending` (`resolution_id`) SELECT `id` FROM `resolutions`;
