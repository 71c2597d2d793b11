-- Which vocabulary words each resolution's public text holds. Generated with
-- `drizzle-kit generate --custom --name search-row-words`.
--
-- search_row_words: one row per resolution in the public index: the ids (search_words.id) of the
-- distinct words of four or more letters of its public text (the words the vocabulary lists for
-- it, src/domain/search-text.ts indexedText), sorted, as a blob of varint gaps
-- (src/services/search/row-words.ts). The search checks with it which of a few hundred title
-- matches hold one of a query word's compounds (src/services/search/match-checks.ts) without
-- reading the doclists of up to a hundred compounds. Kept by syncSearchIndex with search_index,
-- in the same write transaction.
--
-- search_row_words_pending: resolutions whose row is to be written from the public index as it
-- is (the backfill below: every vocabulary word's doclist read once and turned around, seconds for
-- 100,000 resolutions instead of minutes for re-indexing every text). Resolutions queued in
-- search_pending get their row with the full re-index.
CREATE TABLE `search_row_words` (
  `resolution_id` integer PRIMARY KEY NOT NULL,
  `words` blob NOT NULL
);
--> statement-breakpoint
CREATE TABLE `search_row_words_pending` (
  `resolution_id` integer PRIMARY KEY NOT NULL
);
--> statement-breakpoint
INSERT INTO `search_row_words_pending` (`resolution_id`) SELECT `id` FROM `resolutions`;
