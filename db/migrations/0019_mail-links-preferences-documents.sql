CREATE TABLE `follow_up_documents` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`follow_up_id` integer NOT NULL,
	`sha256` text NOT NULL,
	`file_name` text NOT NULL,
	`type` text NOT NULL,
	`size` integer NOT NULL,
	`text` text,
	`user_id` integer,
	`created_at` text NOT NULL,
	FOREIGN KEY (`follow_up_id`) REFERENCES `follow_ups`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `follow_up_documents_follow_up` ON `follow_up_documents` (`follow_up_id`);--> statement-breakpoint
CREATE INDEX `follow_up_documents_sha256` ON `follow_up_documents` (`sha256`);--> statement-breakpoint
CREATE TABLE `mail_preferences` (
	`user_id` integer PRIMARY KEY NOT NULL,
	`reminders` integer DEFAULT true NOT NULL,
	`digest` text DEFAULT 'weekly' NOT NULL,
	`password_reset` integer DEFAULT true NOT NULL,
	`digest_cursor` text NOT NULL,
	`digest_period` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `password_reset_requests` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`email` text NOT NULL,
	`ip` text,
	`requested_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `reminders_sent` (
	`demand_id` integer NOT NULL,
	`due_date` text NOT NULL,
	`kind` text NOT NULL,
	`user_id` integer NOT NULL,
	`mail_id` integer,
	`sent_at` text NOT NULL,
	PRIMARY KEY(`demand_id`, `due_date`, `kind`, `user_id`),
	FOREIGN KEY (`demand_id`) REFERENCES `demands`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`mail_id`) REFERENCES `mail_outbox`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `reminders_sent_user` ON `reminders_sent` (`user_id`,`demand_id`);--> statement-breakpoint
CREATE TABLE `user_tokens` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`user_id` integer NOT NULL,
	`purpose` text NOT NULL,
	`token_hash` text NOT NULL,
	`created_at` text NOT NULL,
	`expires_at` text NOT NULL,
	`used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `user_tokens_token_hash_unique` ON `user_tokens` (`token_hash`);--> statement-breakpoint
CREATE INDEX `user_tokens_user` ON `user_tokens` (`user_id`,`purpose`,`created_at`);