-- Every demand's contribution to demand_summary: one row per status kind (internal 1: the
-- status logged-in users see, 0: the public one) and per total, sponsoring Land and addressee.
CREATE VIEW demand_contributions AS
  SELECT d.id AS demand_id, d.resolution_id, r.meeting_id, k.internal, 'all' AS dimension, '' AS key, r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END AS status
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
  UNION ALL
  SELECT d.id, d.resolution_id, r.meeting_id, k.internal, 'land', s.land, r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN resolution_sponsors s ON s.resolution_id = d.resolution_id
         CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
  UNION ALL
  SELECT DISTINCT d.id, d.resolution_id, r.meeting_id, k.internal, 'addressee', a.value, r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN json_each(d.addressees) a
         CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
  UNION ALL
  SELECT d.id, d.resolution_id, r.meeting_id, k.internal, 'addressee', '', r.release, r.outcome,
         CASE k.internal WHEN 1 THEN d.status ELSE d.public_status END
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id CROSS JOIN (SELECT 1 AS internal UNION ALL SELECT 0) k
   WHERE json_array_length(d.addressees) = 0;
--> statement-breakpoint
INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
  SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE true GROUP BY meeting_id, internal, dimension, key, release, outcome, status;
--> statement-breakpoint
CREATE TRIGGER demand_summary_demand_insert AFTER INSERT ON demands BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE demand_id = NEW.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_demand_delete BEFORE DELETE ON demands BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE demand_id = OLD.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_demand_update_before BEFORE UPDATE OF resolution_id, status, public_status, addressees ON demands BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE demand_id = OLD.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_demand_update_after AFTER UPDATE OF resolution_id, status, public_status, addressees ON demands BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE demand_id = NEW.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
-- A resolution's demands and sponsors deleted with it find it gone: this trigger takes them all out.
CREATE TRIGGER demand_summary_resolution_delete BEFORE DELETE ON resolutions BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE resolution_id = OLD.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_resolution_update_before BEFORE UPDATE OF meeting_id, release, outcome ON resolutions BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE resolution_id = OLD.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_resolution_update_after AFTER UPDATE OF meeting_id, release, outcome ON resolutions BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE resolution_id = NEW.id
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_sponsor_insert AFTER INSERT ON resolution_sponsors BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE resolution_id = NEW.resolution_id AND dimension = 'land' AND key = NEW.land
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_sponsor_delete BEFORE DELETE ON resolution_sponsors BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE resolution_id = OLD.resolution_id AND dimension = 'land' AND key = OLD.land
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_sponsor_update_before BEFORE UPDATE OF resolution_id, land ON resolution_sponsors BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, -count(*) FROM demand_contributions WHERE resolution_id = OLD.resolution_id AND dimension = 'land' AND key = OLD.land
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER demand_summary_sponsor_update_after AFTER UPDATE OF resolution_id, land ON resolution_sponsors BEGIN
  INSERT INTO demand_summary (meeting_id, internal, dimension, key, release, outcome, status, demands)
    SELECT meeting_id, internal, dimension, key, release, outcome, status, count(*) FROM demand_contributions WHERE resolution_id = NEW.resolution_id AND dimension = 'land' AND key = NEW.land
    GROUP BY meeting_id, internal, dimension, key, release, outcome, status
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
