-- Document frequencies of the repeated-demand terms: how many compared Ziffern contain a term,
-- kept with every insert and delete of demand_terms (also the deletes cascading from a Ziffer).
CREATE TRIGGER `demand_terms_count_insert` AFTER INSERT ON `demand_terms` BEGIN
  INSERT INTO `repeat_terms` (`term`, `documents`) VALUES (NEW.`term`, 1)
    ON CONFLICT (`term`) DO UPDATE SET `documents` = `documents` + 1;
END;
--> statement-breakpoint
CREATE TRIGGER `demand_terms_count_delete` AFTER DELETE ON `demand_terms` BEGIN
  UPDATE `repeat_terms` SET `documents` = `documents` - 1 WHERE `term` = OLD.`term`;
  DELETE FROM `repeat_terms` WHERE `term` = OLD.`term` AND `documents` <= 0;
END;
