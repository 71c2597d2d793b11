-- The status events of the follow-ups with all that the statistics "as of" a date read of them
-- (services/statistics-queries.ts statusChanges): a Ziffer's last event by a date is a seek in this
-- index, without a read of the follow-up's row.
CREATE INDEX `follow_ups_status_events` ON `follow_ups` (`resolution_id`,`demand_id`,`date`,`resulting_status`,`visibility`) WHERE "follow_ups"."resulting_status" is not null;
