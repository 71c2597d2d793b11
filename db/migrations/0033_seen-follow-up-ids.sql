-- What a user has seen of the watch list, and what the digest has mailed, by follow-up id instead of
-- a timestamp: a follow-up stored in the millisecond of the visit (or of the digest run), after it,
-- was never new (`created_at > last_seen_at`). The ids the old timestamps stood for: everything of
-- the watch (or of the user's watched resolutions) up to the first follow-up recorded after the
-- timestamp counts as seen, the rest stays new; without one, everything stored so far is seen.
ALTER TABLE `mail_preferences` ADD `digest_follow_up_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `watches` ADD `seen_follow_up_id` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `watches` SET `seen_follow_up_id` = coalesce(
  (SELECT min(`f`.`id`) - 1 FROM `follow_ups` `f`
    WHERE `f`.`resolution_id` = `watches`.`resolution_id`
      AND (`watches`.`demand_id` IS NULL OR `f`.`demand_id` IS NULL OR `f`.`demand_id` = `watches`.`demand_id`)
      AND `f`.`created_at` > `watches`.`last_seen_at`),
  (SELECT coalesce(max(`id`), 0) FROM `follow_ups`));--> statement-breakpoint
UPDATE `mail_preferences` SET `digest_follow_up_id` = coalesce(
  (SELECT min(`f`.`id`) - 1 FROM `follow_ups` `f`
    WHERE `f`.`resolution_id` IN (SELECT `w`.`resolution_id` FROM `watches` `w` WHERE `w`.`user_id` = `mail_preferences`.`user_id`)
      AND `f`.`created_at` > `mail_preferences`.`digest_cursor`),
  (SELECT coalesce(max(`id`), 0) FROM `follow_ups`));--> statement-breakpoint
ALTER TABLE `mail_preferences` DROP COLUMN `digest_cursor`;--> statement-breakpoint
ALTER TABLE `watches` DROP COLUMN `last_seen_at`;
