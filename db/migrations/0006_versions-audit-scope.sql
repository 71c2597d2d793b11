CREATE TABLE `resolution_versions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`resolution_id` integer NOT NULL,
	`number` integer NOT NULL,
	`at` text NOT NULL,
	`user_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`release` text NOT NULL,
	`released_on` text,
	`content` text NOT NULL,
	FOREIGN KEY (`resolution_id`) REFERENCES `resolutions`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `resolution_versions_number` ON `resolution_versions` (`resolution_id`,`number`);--> statement-breakpoint
ALTER TABLE `audit_log` ADD `conference_id` integer;--> statement-breakpoint
CREATE INDEX `audit_conference_at` ON `audit_log` (`conference_id`,`at`);