UPDATE `audit_log` SET `conference_id` = CAST(`entity_id` AS integer) WHERE `entity_type` = 'conference';
--> statement-breakpoint
UPDATE `audit_log` SET `conference_id` = (SELECT `conference_id` FROM `meetings` WHERE `meetings`.`id` = CAST(`audit_log`.`entity_id` AS integer)) WHERE `entity_type` = 'meeting';
--> statement-breakpoint
UPDATE `audit_log` SET `conference_id` = (SELECT `m`.`conference_id` FROM `resolutions` `r` JOIN `meetings` `m` ON `m`.`id` = `r`.`meeting_id` WHERE `r`.`id` = CAST(`audit_log`.`entity_id` AS integer)) WHERE `entity_type` = 'resolution';
--> statement-breakpoint
UPDATE `audit_log` SET `conference_id` = (SELECT `m`.`conference_id` FROM `follow_ups` `f` JOIN `resolutions` `r` ON `r`.`id` = `f`.`resolution_id` JOIN `meetings` `m` ON `m`.`id` = `r`.`meeting_id` WHERE `f`.`id` = CAST(`audit_log`.`entity_id` AS integer)) WHERE `entity_type` = 'follow_up';
