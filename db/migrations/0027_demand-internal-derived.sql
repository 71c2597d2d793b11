-- A Ziffer marked internal (or public again) moves between the public and the internal search
-- text: its resolution is indexed again.
CREATE TRIGGER `search_demands_internal` AFTER UPDATE OF `internal` ON `demands` BEGIN
  INSERT OR IGNORE INTO `search_pending` (`resolution_id`) VALUES (NEW.`resolution_id`);
END;
--> statement-breakpoint
-- The public's rows of demand_summary (internal 0) leave out the Ziffern marked internal: the
-- view and the demand triggers that read it are made anew, the triggers also firing on `internal`.
-- (No Ziffer is internal yet when this runs, so the stored sums stay right.)
DROP TRIGGER demand_summary_demand_update_before;
--> statement-breakpoint
DROP TRIGGER demand_summary_demand_update_after;
--> statement-breakpoint
DROP VIEW demand_contributions;
--> statement-breakpoint
CREATE VIEW demand_contributions AS
  SELECT d.id AS demand_id, d.resolution_id, r.meeting_id, k.internal, 'all' AS dimension, '' AS key, r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END AS status
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
   WHERE k.internal = 1 OR NOT d.internal
  UNION ALL
  SELECT d.id, d.resolution_id, r.meeting_id, k.internal, 'land', s.land, r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN resolution_sponsors s ON s.resolution_id = d.resolution_id
         CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
   WHERE k.internal = 1 OR NOT d.internal
  UNION ALL
  SELECT DISTINCT d.id, d.resolution_id, r.meeting_id, k.internal, 'addressee', a.value, r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN json_each(d.addressees) a
         CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
   WHERE k.internal = 1 OR NOT d.internal
  UNION ALL
  SELECT d.id, d.resolution_id, r.meeting_id, k.internal, 'addressee', '', r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
   WHERE json_array_length(d.addressees) = 0 AND (k.internal = 1 OR NOT d.internal);
--> statement-breakpoint
CREATE TRIGGER demand_summary_demand_update_before BEFORE UPDATE OF resolution_id, status, public_status, addressees, internal ON demands BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE demand_id = OLD.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_demand_update_after AFTER UPDATE OF resolution_id, status, public_status, addressees, internal ON demands BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE demand_id = NEW.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
-- The statistics' tag of the meeting changes when one of its Ziffern is marked internal or public.
DROP TRIGGER statistics_changes_demand_update;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_demand_update AFTER UPDATE OF resolution_id, status, public_status, addressees, declaratory, internal ON demands BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id IN (OLD.resolution_id, NEW.resolution_id)
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
-- The addressees of the Ziffern the public sees, for its search filter and facet (a Ziffer marked
-- internal adds its addressees to `addressees` only). No Ziffer is internal yet: the same lists.
ALTER TABLE `search_facets` ADD `public_addressees` text DEFAULT '' NOT NULL;
--> statement-breakpoint
UPDATE `search_facets` SET `public_addressees` = `addressees`;
