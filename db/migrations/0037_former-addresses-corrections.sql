CREATE TABLE `meeting_former_keys` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`meeting_id` integer NOT NULL,
	`url_key` text NOT NULL,
	`replaced_at` text NOT NULL,
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meeting_former_keys_meeting_key` ON `meeting_former_keys` (`meeting_id`,`url_key`);--> statement-breakpoint
CREATE INDEX `meeting_former_keys_key` ON `meeting_former_keys` (`url_key`);--> statement-breakpoint
ALTER TABLE `resolution_versions` ADD `correction` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- The addresses meetings had before their number or first day was changed, from the audit log
-- (src/services/conferences.ts saveMeeting logs each change with the meeting as it was): each
-- key a meeting had and has no longer, with when it last gave it up.
INSERT INTO `meeting_former_keys` (`meeting_id`, `url_key`, `replaced_at`)
SELECT m.`id`, json_extract(a.`before`, '$.urlKey'), max(a.`at`)
FROM `audit_log` a
JOIN `meetings` m ON m.`id` = CAST(a.`entity_id` AS integer)
WHERE a.`entity_type` = 'meeting' AND a.`action` = 'meeting.update'
  AND json_valid(a.`before`) AND json_type(a.`before`, '$.urlKey') = 'text'
  AND json_extract(a.`before`, '$.urlKey') <> m.`url_key`
GROUP BY m.`id`, json_extract(a.`before`, '$.urlKey');
