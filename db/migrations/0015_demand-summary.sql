CREATE TABLE `demand_summary` (
	`meeting_id` integer NOT NULL,
	`internal` integer NOT NULL,
	`dimension` text NOT NULL,
	`key` text NOT NULL,
	`release` text NOT NULL,
	`outcome` text NOT NULL,
	`status` text NOT NULL,
	`demands` integer NOT NULL,
	PRIMARY KEY(`meeting_id`, `internal`, `dimension`, `key`, `release`, `outcome`, `status`)
);
