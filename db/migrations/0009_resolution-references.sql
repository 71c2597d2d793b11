-- Links between resolutions. Generated with `drizzle-kit generate --custom --name resolution-references`.
--
-- resolution_references: one row per entry of resolutions.references ("TOP 14 88. UMK"), kept by
-- the triggers below for every writer (import, edit form, raw SQL), indexed by the text so that a
-- TOP finds the resolutions that refer to it (back-links). Which TOP a reference names is resolved
-- when a page is read (src/services/archive.ts): a reference to a TOP that arrives later becomes a
-- link as soon as it is there, and only TOPs the viewer may see are linked.
CREATE TABLE `resolution_references` (
  `resolution_id` integer NOT NULL REFERENCES `resolutions`(`id`) ON DELETE CASCADE,
  `reference` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `resolution_references_reference` ON `resolution_references` (`reference`);
--> statement-breakpoint
CREATE INDEX `resolution_references_resolution` ON `resolution_references` (`resolution_id`);
--> statement-breakpoint
INSERT INTO `resolution_references` (`resolution_id`, `reference`)
  SELECT r.`id`, trim(j.`value`) FROM `resolutions` r, json_each(r.`references`) j;
--> statement-breakpoint
CREATE TRIGGER `resolution_references_insert` AFTER INSERT ON `resolutions` BEGIN
  INSERT INTO `resolution_references` (`resolution_id`, `reference`)
    SELECT NEW.`id`, trim(`value`) FROM json_each(NEW.`references`);
END;
--> statement-breakpoint
CREATE TRIGGER `resolution_references_update` AFTER UPDATE OF `references` ON `resolutions` BEGIN
  DELETE FROM `resolution_references` WHERE `resolution_id` = NEW.`id`;
  INSERT INTO `resolution_references` (`resolution_id`, `reference`)
    SELECT NEW.`id`, trim(`value`) FROM json_each(NEW.`references`);
END;
