-- The dated changes of the demand counts per status, from which the statistics "as of" a date add
-- up a conference's counts (services/statistics-queries.ts `statusTotalsAsOf`) instead of reading
-- its Ziffern and follow-ups. Per status kind (`internal` 1: the statuses logged-in users see, 0:
-- the public ones), conference, release state and outcome of the resolution: how many Ziffern
-- entered (+) or left (−) a status on a day. A Ziffer enters 'open' on its meeting's date (the
-- start, or 1 January of its year) and then moves with each status event the kind sees — its own
-- and its whole resolution's, by date, then id — on the event's date (an event before the meeting
-- counts on the meeting's date). The counts as of a date are the sum of the changes up to it.
-- Every change is kept per day, per month and per year (`span`; `period` '2020-06-30', '2020-06',
-- '2020'): a date's sum reads the years before it, the months of its year before it and the days
-- of its month up to it. Kept by the triggers below in the same transaction as every write to
-- follow-ups, Ziffern, resolutions and meetings; rows whose count fell to 0 may stay.
CREATE TABLE `status_deltas` (
	`internal` integer NOT NULL,
	`span` text NOT NULL,
	`period` text NOT NULL,
	`conference_id` integer NOT NULL,
	`release` text NOT NULL,
	`outcome` text NOT NULL,
	`status` text NOT NULL,
	`demands` integer NOT NULL,
	PRIMARY KEY(`internal`, `span`, `period`, `conference_id`, `release`, `outcome`, `status`)
) WITHOUT ROWID;
--> statement-breakpoint
-- Each Ziffer's changes (`demands` +1/−1) per status kind, at their full dates: 'open' on the
-- meeting's date; for every status event the kind sees, the status it sets in, the status before
-- it (the kind's previous event by date and id, else 'open') out — where the two differ.
-- The triggers read it for the Ziffern a write touches (by demand, resolution or meeting).
CREATE VIEW status_delta_contributions AS
  SELECT d.id AS demand_id, d.resolution_id, r.meeting_id, m.conference_id, k.internal, r.release, r.outcome,
         coalesce(m.start_date, m.year || '-01-01') AS date, 'open' AS status, 1 AS demands
    FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN meetings m ON m.id = r.meeting_id
         CROSS JOIN (SELECT 0 AS internal UNION ALL SELECT 1) k
   WHERE k.internal = 1 OR NOT d.internal
  UNION ALL
  SELECT c.demand_id, c.resolution_id, c.meeting_id, c.conference_id, c.internal, c.release, c.outcome, c.date,
         CASE n.sign WHEN 1 THEN c.status ELSE c.before END, n.sign
    FROM (
      SELECT d.id AS demand_id, d.resolution_id, r.meeting_id, m.conference_id, k.internal, r.release, r.outcome,
             max(e.date, coalesce(m.start_date, m.year || '-01-01')) AS date, e.resulting_status AS status,
             coalesce(nullif(substr(max(
               coalesce((SELECT max(o.date || printf('%012d', o.id) || o.resulting_status) FROM follow_ups o
                          WHERE o.resolution_id = d.resolution_id AND o.demand_id = d.id AND o.resulting_status IS NOT NULL
                            AND (o.date < e.date OR o.date = e.date AND o.id < e.id) AND (k.internal = 1 OR o.visibility = 'public')), ''),
               coalesce((SELECT max(w.date || printf('%012d', w.id) || w.resulting_status) FROM follow_ups w
                          WHERE w.resolution_id = d.resolution_id AND w.demand_id IS NULL AND w.resulting_status IS NOT NULL
                            AND (w.date < e.date OR w.date = e.date AND w.id < e.id) AND (k.internal = 1 OR w.visibility = 'public')), '')
             ), 23), ''), 'open') AS before
        FROM demands d JOIN resolutions r ON r.id = d.resolution_id JOIN meetings m ON m.id = r.meeting_id
             CROSS JOIN (SELECT 0 AS internal UNION ALL SELECT 1) k
             JOIN follow_ups e ON e.resolution_id = d.resolution_id AND (e.demand_id = d.id OR e.demand_id IS NULL)
       WHERE (k.internal = 1 OR NOT d.internal) AND e.resulting_status IS NOT NULL AND (k.internal = 1 OR e.visibility = 'public')
    ) c CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1) n
   WHERE c.before <> c.status;
--> statement-breakpoint
-- The contributions per day, month and year, as the table keeps them.
CREATE VIEW status_delta_rows AS
  SELECT c.demand_id, c.resolution_id, c.meeting_id, c.internal, s.span, substr(c.date, 1, s.width) AS period,
         c.conference_id, c.release, c.outcome, c.status, c.demands
    FROM status_delta_contributions c
         CROSS JOIN (SELECT 'year' AS span, 4 AS width UNION ALL SELECT 'month', 7 UNION ALL SELECT 'day', 10) s;
--> statement-breakpoint
-- The day rows computed over the whole archive at once (this migration, bulk loads:
-- services/demand-summary.ts): the same changes as status_delta_contributions, summed. One pass
-- over the status events' index with a window for the status before each event (the kinds in one
-- go: the public's previous event is the last public one before it); the Ziffern entering 'open'
-- counted from demand_summary, which holds each meeting's Ziffern per kind; a Ziffer's `internal`
-- mark read only in meetings that have such Ziffern (the summary's kinds differ there). The
-- indexes are named so that neither the Ziffern nor the follow-ups themselves are read.
CREATE VIEW status_delta_rebuild AS
  WITH internal_meetings AS (
    SELECT meeting_id FROM demand_summary WHERE dimension = 'all'
     GROUP BY meeting_id HAVING sum(CASE internal WHEN 1 THEN demands ELSE -demands END) <> 0
  ),
  events AS (
    SELECT f.demand_id, f.resolution_id, f.date, f.id, f.resulting_status AS status, f.visibility
      FROM follow_ups f INDEXED BY follow_ups_status_events
     WHERE f.resulting_status IS NOT NULL AND f.demand_id IS NOT NULL
       AND EXISTS (SELECT 1 FROM demands d INDEXED BY demands_resolution WHERE d.resolution_id = f.resolution_id AND d.id = f.demand_id)
    UNION ALL
    SELECT d.id, f.resolution_id, f.date, f.id, f.resulting_status, f.visibility
      FROM follow_ups f INDEXED BY follow_ups_status_events JOIN demands d INDEXED BY demands_resolution ON d.resolution_id = f.resolution_id
     WHERE f.resulting_status IS NOT NULL AND f.demand_id IS NULL
  ),
  steps AS (
    SELECT demand_id, resolution_id, date, status, visibility,
           coalesce(lag(status) OVER by_date, 'open') AS before,
           coalesce(substr(max(CASE visibility WHEN 'public' THEN date || printf('%012d', id) || status END)
                    OVER (by_date ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 23), 'open') AS public_before
      FROM events
    WINDOW by_date AS (PARTITION BY demand_id ORDER BY date, id)
  ),
  changes AS (
    SELECT demand_id, resolution_id, 1 AS internal, date, status, before FROM steps WHERE before <> status
    UNION ALL
    SELECT demand_id, resolution_id, 0, date, status, public_before FROM steps WHERE visibility = 'public' AND public_before <> status
  ),
  deltas AS (
    SELECT c.internal, max(c.date, coalesce(m.start_date, m.year || '-01-01')) AS date, m.conference_id, r.release, r.outcome,
           CASE n.sign WHEN 1 THEN c.status ELSE c.before END AS status, n.sign AS demands
      FROM changes c CROSS JOIN resolutions r ON r.id = c.resolution_id CROSS JOIN meetings m ON m.id = r.meeting_id
           CROSS JOIN (SELECT 1 AS sign UNION ALL SELECT -1) n
     WHERE c.internal = 1 OR r.meeting_id NOT IN internal_meetings OR NOT EXISTS (SELECT 1 FROM demands d WHERE d.id = c.demand_id AND d.internal)
    UNION ALL
    SELECT s.internal, coalesce(m.start_date, m.year || '-01-01'), m.conference_id, s.release, s.outcome, 'open', s.demands
      FROM demand_summary s JOIN meetings m ON m.id = s.meeting_id WHERE s.dimension = 'all'
  )
  SELECT internal, date, conference_id, release, outcome, status, sum(demands) AS demands FROM deltas
   GROUP BY internal, date, conference_id, release, outcome, status HAVING sum(demands) <> 0;
--> statement-breakpoint
INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
  SELECT internal, 'day', date, conference_id, release, outcome, status, demands FROM status_delta_rebuild;
--> statement-breakpoint
INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
  SELECT d.internal, s.span, substr(d.period, 1, s.width), d.conference_id, d.release, d.outcome, d.status, sum(d.demands)
    FROM status_deltas d CROSS JOIN (SELECT 'year' AS span, 4 AS width UNION ALL SELECT 'month', 7) s
   WHERE d.span = 'day'
   GROUP BY d.internal, s.span, substr(d.period, 1, s.width), d.conference_id, d.release, d.outcome, d.status;
--> statement-breakpoint
-- The triggers take a write's Ziffern out of the sums before it (`-demands`) and add them again
-- after it. A status event recorded, changed or deleted moves the Ziffern of its resolution (of
-- both resolutions when it moves to another).
CREATE TRIGGER status_deltas_follow_up_insert_before BEFORE INSERT ON follow_ups WHEN NEW.resulting_status IS NOT NULL BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE resolution_id = NEW.resolution_id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_follow_up_insert_after AFTER INSERT ON follow_ups WHEN NEW.resulting_status IS NOT NULL BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE resolution_id = NEW.resolution_id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_follow_up_delete_before BEFORE DELETE ON follow_ups WHEN OLD.resulting_status IS NOT NULL BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE resolution_id = OLD.resolution_id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_follow_up_delete_after AFTER DELETE ON follow_ups WHEN OLD.resulting_status IS NOT NULL BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE resolution_id = OLD.resolution_id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_follow_up_update_before BEFORE UPDATE OF resolution_id, demand_id, date, resulting_status, visibility ON follow_ups WHEN OLD.resulting_status IS NOT NULL OR NEW.resulting_status IS NOT NULL BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE resolution_id IN (OLD.resolution_id, NEW.resolution_id)
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_follow_up_update_after AFTER UPDATE OF resolution_id, demand_id, date, resulting_status, visibility ON follow_ups WHEN OLD.resulting_status IS NOT NULL OR NEW.resulting_status IS NOT NULL BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE resolution_id IN (OLD.resolution_id, NEW.resolution_id)
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
-- A Ziffer added, deleted, moved to another resolution or marked internal (or public again).
CREATE TRIGGER status_deltas_demand_insert AFTER INSERT ON demands BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE demand_id = NEW.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_demand_delete BEFORE DELETE ON demands BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE demand_id = OLD.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_demand_update_before BEFORE UPDATE OF resolution_id, internal ON demands BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE demand_id = OLD.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_demand_update_after AFTER UPDATE OF resolution_id, internal ON demands BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE demand_id = NEW.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
-- A resolution deleted takes its Ziffern out here: they and its follow-ups, deleted with it, find
-- it gone (the view joins it) and change nothing more. One moved, released or decided otherwise.
CREATE TRIGGER status_deltas_resolution_delete BEFORE DELETE ON resolutions BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE resolution_id = OLD.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_resolution_update_before BEFORE UPDATE OF meeting_id, release, outcome ON resolutions BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE resolution_id = OLD.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_resolution_update_after AFTER UPDATE OF meeting_id, release, outcome ON resolutions BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE resolution_id = NEW.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
-- A meeting moved to another date or conference moves the Ziffern of its resolutions.
CREATE TRIGGER status_deltas_meeting_update_before BEFORE UPDATE OF conference_id, year, start_date ON meetings BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, -demands FROM status_delta_rows WHERE meeting_id = OLD.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
--> statement-breakpoint
CREATE TRIGGER status_deltas_meeting_update_after AFTER UPDATE OF conference_id, year, start_date ON meetings BEGIN
  INSERT INTO status_deltas (internal, span, period, conference_id, release, outcome, status, demands)
    SELECT internal, span, period, conference_id, release, outcome, status, demands FROM status_delta_rows WHERE meeting_id = NEW.id
    ON CONFLICT DO UPDATE SET demands = demands + excluded.demands;
END;
