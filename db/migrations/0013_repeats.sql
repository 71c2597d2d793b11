CREATE TABLE `demand_repeats` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`first_demand_id` integer NOT NULL,
	`second_demand_id` integer NOT NULL,
	`similarity` real NOT NULL,
	`state` text DEFAULT 'proposed' NOT NULL,
	`found_at` text NOT NULL,
	`decided_at` text,
	`decided_by` integer,
	`version` integer DEFAULT 1 NOT NULL,
	FOREIGN KEY (`first_demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`second_demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`decided_by`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `demand_repeats_pair` ON `demand_repeats` (`first_demand_id`,`second_demand_id`);--> statement-breakpoint
CREATE INDEX `demand_repeats_second` ON `demand_repeats` (`second_demand_id`);--> statement-breakpoint
CREATE INDEX `demand_repeats_state` ON `demand_repeats` (`state`,`similarity`);--> statement-breakpoint
CREATE TABLE `demand_terms` (
	`term` text NOT NULL,
	`demand_id` integer NOT NULL,
	PRIMARY KEY(`term`, `demand_id`),
	FOREIGN KEY (`demand_id`) REFERENCES `repeat_demands`(`demand_id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `demand_terms_demand` ON `demand_terms` (`demand_id`);--> statement-breakpoint
CREATE TABLE `repeat_demands` (
	`demand_id` integer PRIMARY KEY NOT NULL,
	`meeting_id` integer NOT NULL,
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `repeat_terms` (
	`term` text PRIMARY KEY NOT NULL,
	`documents` integer NOT NULL
);
