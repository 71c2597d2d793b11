-- The search "as of" a date lists the Ziffern of up to 1,000 candidates that the viewer may see:
-- with the `internal` mark in the index they are read from it alone (the rows themselves, with
-- their texts, cost 10-15 ms on 100,000 resolutions). Same order, so every query that used the
-- index before keeps it.
DROP INDEX `demands_resolution`;--> statement-breakpoint
CREATE INDEX `demands_resolution` ON `demands` (`resolution_id`,`position`,`internal`);