-- Which of a resolution's rarely filled lists have entries. Generated with `drizzle-kit generate --custom --name resolution-lists`.
--
-- The resolution page reads four lists that most resolutions do not have: protocol statements,
-- versions, the resolutions that refer to its TOP (back-links) and confirmed repeats of its
-- Ziffern; and it asks of every follow-up whether documents are stored with it. Each costs the page
-- a correlated subquery, run for every page view, mostly to find nothing (about 20–45 µs of an
-- uncached page on the 100,000-resolution benchmark for the four lists). resolution_lists says per
-- resolution whether there is anything to look for: the page's queries
-- (src/services/archive-queries.ts resolutionDetails, resolutionFollowUps) run a subquery only
-- where its flag is set. A flag counts every entry, whoever may see it; the subquery still applies
-- the visibility rule.
--
-- The triggers below keep the flags for every writer (services, command-line import, raw SQL), in
-- the transaction of the write: each write that can change a flag computes the flags of the
-- resolutions it touches anew from resolution_list_flags. A resolution without a row has no
-- entries in any of the four lists (rows are made by the first write that touches a resolution,
-- and by the backfill below only for resolutions with an entry).
CREATE TABLE `resolution_lists` (
  `resolution_id` integer PRIMARY KEY NOT NULL REFERENCES `resolutions`(`id`) ON DELETE CASCADE,
  `statements` integer NOT NULL DEFAULT 0,
  `versions` integer NOT NULL DEFAULT 0,
  `referenced_by` integer NOT NULL DEFAULT 0,
  `repeated` integer NOT NULL DEFAULT 0,
  `documents` integer NOT NULL DEFAULT 0
);
--> statement-breakpoint
-- The flags as computed from the lists themselves. referenced_by: a row of resolution_references
-- whose text is the TOP's ("TOP 14 88. UMK", domain/references.ts referenceText), as the page's
-- back-link query matches it; repeated: a confirmed pair with one of its Ziffern; documents: a
-- document stored with one of its follow-ups.
CREATE VIEW `resolution_list_flags` AS
  SELECT r.`id` AS `resolution_id`,
    EXISTS (SELECT 1 FROM `protocol_statements` ps WHERE ps.`resolution_id` = r.`id`) AS `statements`,
    EXISTS (SELECT 1 FROM `resolution_versions` v WHERE v.`resolution_id` = r.`id`) AS `versions`,
    EXISTS (SELECT 1 FROM `meetings` m JOIN `conferences` c ON c.`id` = m.`conference_id`
              JOIN `resolution_references` rr ON rr.`reference` = 'TOP ' || r.`agenda_item` || ' ' || m.`number` || '. ' || c.`short_name`
             WHERE m.`id` = r.`meeting_id`) AS `referenced_by`,
    (EXISTS (SELECT 1 FROM `demands` rd JOIN `demand_repeats` dr ON dr.`first_demand_id` = rd.`id`
              WHERE rd.`resolution_id` = r.`id` AND +dr.`state` = 'confirmed')
      OR EXISTS (SELECT 1 FROM `demands` rd JOIN `demand_repeats` dr ON dr.`second_demand_id` = rd.`id`
              WHERE rd.`resolution_id` = r.`id` AND +dr.`state` = 'confirmed')) AS `repeated`,
    EXISTS (SELECT 1 FROM `follow_ups` f JOIN `follow_up_documents` fd ON fd.`follow_up_id` = f.`id`
             WHERE f.`resolution_id` = r.`id`) AS `documents`
  FROM `resolutions` r;
--> statement-breakpoint
INSERT INTO `resolution_lists` (`resolution_id`, `statements`, `versions`, `referenced_by`, `repeated`, `documents`)
  SELECT `resolution_id`, `statements`, `versions`, `referenced_by`, `repeated`, `documents` FROM `resolution_list_flags`
   WHERE `statements` OR `versions` OR `referenced_by` OR `repeated` OR `documents`;
--> statement-breakpoint
-- Protocol statements and versions: the flag of their resolution (both resolutions when one moves).
CREATE TRIGGER `resolution_lists_statement_insert` AFTER INSERT ON `protocol_statements` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = NEW.`resolution_id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_statement_delete` AFTER DELETE ON `protocol_statements` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = OLD.`resolution_id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_statement_update` AFTER UPDATE OF `resolution_id` ON `protocol_statements` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (OLD.`resolution_id`, NEW.`resolution_id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_version_insert` AFTER INSERT ON `resolution_versions` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = NEW.`resolution_id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_version_delete` AFTER DELETE ON `resolution_versions` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = OLD.`resolution_id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_version_update` AFTER UPDATE OF `resolution_id` ON `resolution_versions` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (OLD.`resolution_id`, NEW.`resolution_id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
-- Back-links: a reference added, removed or changed counts for the TOP its text names. The TOP is
-- found from the text: within each conference whose short name ends it (CROSS JOIN: the few
-- conferences first, then their meetings by index), the agenda item is what lies between "TOP " and
-- " <meeting number>. <short name>" (the equality then checks the whole text).
CREATE TRIGGER `resolution_lists_reference_insert` AFTER INSERT ON `resolution_references` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (
    SELECT r.`id` FROM `conferences` c CROSS JOIN `meetings` m
      JOIN `resolutions` r ON r.`meeting_id` = m.`id`
       AND r.`agenda_item` = substr(NEW.`reference`, 5, length(NEW.`reference`) - 7 - length(m.`number`) - length(c.`short_name`))
     WHERE m.`conference_id` = c.`id` AND substr(NEW.`reference`, -length(c.`short_name`)) = c.`short_name`
       AND NEW.`reference` = 'TOP ' || r.`agenda_item` || ' ' || m.`number` || '. ' || c.`short_name`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_reference_delete` AFTER DELETE ON `resolution_references` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (
    SELECT r.`id` FROM `conferences` c CROSS JOIN `meetings` m
      JOIN `resolutions` r ON r.`meeting_id` = m.`id`
       AND r.`agenda_item` = substr(OLD.`reference`, 5, length(OLD.`reference`) - 7 - length(m.`number`) - length(c.`short_name`))
     WHERE m.`conference_id` = c.`id` AND substr(OLD.`reference`, -length(c.`short_name`)) = c.`short_name`
       AND OLD.`reference` = 'TOP ' || r.`agenda_item` || ' ' || m.`number` || '. ' || c.`short_name`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_reference_update` AFTER UPDATE ON `resolution_references` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (
    SELECT r.`id` FROM `conferences` c CROSS JOIN `meetings` m
      JOIN `resolutions` r ON r.`meeting_id` = m.`id`
       AND r.`agenda_item` IN (substr(OLD.`reference`, 5, length(OLD.`reference`) - 7 - length(m.`number`) - length(c.`short_name`)),
                               substr(NEW.`reference`, 5, length(NEW.`reference`) - 7 - length(m.`number`) - length(c.`short_name`)))
     WHERE m.`conference_id` = c.`id` AND 'TOP ' || r.`agenda_item` || ' ' || m.`number` || '. ' || c.`short_name` IN (OLD.`reference`, NEW.`reference`))
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
-- A TOP whose text changes (agenda item, meeting, meeting number, conference short name), or a new
-- TOP that others already refer to, has its back-link flag computed anew.
CREATE TRIGGER `resolution_lists_resolution_insert` AFTER INSERT ON `resolutions`
  WHEN EXISTS (SELECT 1 FROM `meetings` m JOIN `conferences` c ON c.`id` = m.`conference_id`
                 JOIN `resolution_references` rr ON rr.`reference` = 'TOP ' || NEW.`agenda_item` || ' ' || m.`number` || '. ' || c.`short_name`
                WHERE m.`id` = NEW.`meeting_id`) BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = NEW.`id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_resolution_update` AFTER UPDATE OF `agenda_item`, `meeting_id` ON `resolutions` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = NEW.`id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_meeting_update` AFTER UPDATE OF `number`, `conference_id` ON `meetings` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (SELECT `id` FROM `resolutions` WHERE `meeting_id` = NEW.`id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_conference_update` AFTER UPDATE OF `short_name` ON `conferences` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT r.`id` FROM `meetings` m JOIN `resolutions` r ON r.`meeting_id` = m.`id` WHERE m.`conference_id` = NEW.`id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
-- Confirmed repeats: a pair confirmed, undone or removed counts for the resolutions of both its
-- Ziffern; a Ziffer removed or moved to another resolution, for the resolutions it leaves and joins.
CREATE TRIGGER `resolution_lists_repeat_insert` AFTER INSERT ON `demand_repeats` WHEN NEW.`state` = 'confirmed' BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT `resolution_id` FROM `demands` WHERE `id` IN (NEW.`first_demand_id`, NEW.`second_demand_id`))
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_repeat_delete` AFTER DELETE ON `demand_repeats` WHEN OLD.`state` = 'confirmed' BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT `resolution_id` FROM `demands` WHERE `id` IN (OLD.`first_demand_id`, OLD.`second_demand_id`))
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_repeat_update` AFTER UPDATE OF `state`, `first_demand_id`, `second_demand_id` ON `demand_repeats`
  WHEN OLD.`state` = 'confirmed' OR NEW.`state` = 'confirmed' BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT `resolution_id` FROM `demands`
                             WHERE `id` IN (OLD.`first_demand_id`, OLD.`second_demand_id`, NEW.`first_demand_id`, NEW.`second_demand_id`))
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_demand_delete` AFTER DELETE ON `demands`
  WHEN EXISTS (SELECT 1 FROM `resolution_lists` WHERE `resolution_id` = OLD.`resolution_id` AND `repeated`) BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = OLD.`resolution_id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_demand_update` AFTER UPDATE OF `resolution_id` ON `demands` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (OLD.`resolution_id`, NEW.`resolution_id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
-- Documents of follow-ups: a document stored, removed or moved counts for the resolution of its
-- follow-up; a follow-up removed (its documents with it) or moved to another resolution, for the
-- resolutions it leaves and joins.
CREATE TRIGGER `resolution_lists_document_insert` AFTER INSERT ON `follow_up_documents` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT `resolution_id` FROM `follow_ups` WHERE `id` = NEW.`follow_up_id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_document_delete` AFTER DELETE ON `follow_up_documents` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT `resolution_id` FROM `follow_ups` WHERE `id` = OLD.`follow_up_id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_document_update` AFTER UPDATE OF `follow_up_id` ON `follow_up_documents` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags`
   WHERE `resolution_id` IN (SELECT `resolution_id` FROM `follow_ups` WHERE `id` IN (OLD.`follow_up_id`, NEW.`follow_up_id`))
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_follow_up_delete` AFTER DELETE ON `follow_ups`
  WHEN EXISTS (SELECT 1 FROM `resolution_lists` WHERE `resolution_id` = OLD.`resolution_id` AND `documents`) BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` = OLD.`resolution_id`
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_lists_follow_up_update` AFTER UPDATE OF `resolution_id` ON `follow_ups` BEGIN
  INSERT INTO `resolution_lists` SELECT * FROM `resolution_list_flags` WHERE `resolution_id` IN (OLD.`resolution_id`, NEW.`resolution_id`)
    ON CONFLICT DO UPDATE SET `statements` = excluded.`statements`, `versions` = excluded.`versions`, `referenced_by` = excluded.`referenced_by`, `repeated` = excluded.`repeated`, `documents` = excluded.`documents`;
END;
