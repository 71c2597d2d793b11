-- Reporting requests by due date (the reminders' scheduled query): the Ziffern with a due date, or
-- due at a meeting, were found by reading every demand of the archive on every run. Partial
-- indexes hold only the few that have one.
CREATE INDEX `demands_due_date` ON `demands` (`due_date`) WHERE "demands"."due_date" is not null;--> statement-breakpoint
CREATE INDEX `demands_due_meeting` ON `demands` (`due_meeting_id`) WHERE "demands"."due_meeting_id" is not null;--> statement-breakpoint
-- A resolution's sponsors in printed order from the index alone (resolution and meeting pages,
-- exports, the search index): the primary key (resolution_id, land) found the rows but they had to
-- be read from the table and sorted by position, once per resolution.
CREATE INDEX `resolution_sponsors_order` ON `resolution_sponsors` (`resolution_id`,`position`,`land`);
