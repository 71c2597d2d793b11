ALTER TABLE `demands` ADD `due_meeting_number` integer;--> statement-breakpoint
CREATE INDEX `demands_due_meeting_number` ON `demands` (`due_meeting_number`);