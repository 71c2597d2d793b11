-- A tag per meeting that changes with every write to what the meeting's statistics are computed
-- from (its resolutions, their sponsors, Ziffern and follow-ups; the kind of actors), in the same
-- transaction as the write. The statistics keep each meeting's share of a report until its tag
-- changes (services/statistics-parts.ts). Random, not counted: a restored backup never brings
-- back a tag that meant other data.
CREATE TABLE `statistics_changes` (
	`meeting_id` integer PRIMARY KEY NOT NULL,
	`tag` integer NOT NULL
);
--> statement-breakpoint
INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_meeting_insert AFTER INSERT ON meetings BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings WHERE id = NEW.id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_meeting_update AFTER UPDATE OF conference_id, year, start_date ON meetings BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings WHERE id = NEW.id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_resolution_insert AFTER INSERT ON resolutions BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings WHERE id = NEW.meeting_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_resolution_delete AFTER DELETE ON resolutions BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings WHERE id = OLD.meeting_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_resolution_update AFTER UPDATE OF meeting_id, release, outcome ON resolutions BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings WHERE id IN (OLD.meeting_id, NEW.meeting_id)
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_sponsor_insert AFTER INSERT ON resolution_sponsors BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id = NEW.resolution_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_sponsor_delete AFTER DELETE ON resolution_sponsors BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id = OLD.resolution_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_sponsor_update AFTER UPDATE ON resolution_sponsors BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id IN (OLD.resolution_id, NEW.resolution_id)
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_demand_insert AFTER INSERT ON demands BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id = NEW.resolution_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_demand_delete AFTER DELETE ON demands BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id = OLD.resolution_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_demand_update AFTER UPDATE OF resolution_id, status, public_status, addressees, declaratory ON demands BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id IN (OLD.resolution_id, NEW.resolution_id)
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_follow_up_insert AFTER INSERT ON follow_ups BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id = NEW.resolution_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_follow_up_delete AFTER DELETE ON follow_ups BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id = OLD.resolution_id
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_follow_up_update AFTER UPDATE ON follow_ups BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT meeting_id, random() FROM resolutions WHERE id IN (OLD.resolution_id, NEW.resolution_id)
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
--> statement-breakpoint
CREATE TRIGGER statistics_changes_actor_update AFTER UPDATE OF kind ON actors BEGIN
  INSERT INTO statistics_changes (meeting_id, tag) SELECT id, random() FROM meetings WHERE true
    ON CONFLICT DO UPDATE SET tag = excluded.tag;
END;
