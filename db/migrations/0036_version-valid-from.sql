ALTER TABLE `resolution_versions` ADD `valid_from` text;--> statement-breakpoint
-- The day from which each older version's wording was valid, by the rule of
-- src/services/versions.ts recordVersion: NULL (the wording as adopted, valid from the day of its
-- meeting) for the first version and for every version made before the resolution was first
-- released; a version with the content of the one before keeps that one's day (only its release
-- changed); any other version is valid from the day it was recorded, in Berlin (MESZ from the
-- last Sunday of March, 01:00 UTC, to the last Sunday of October, 01:00 UTC; else MEZ).
WITH RECURSIVE `chain`(`id`, `resolution_id`, `number`, `content`, `released`, `valid_from`) AS (
  SELECT v.`id`, v.`resolution_id`, v.`number`, v.`content`, v.`release` <> 'draft', NULL
  FROM `resolution_versions` v
  WHERE v.`number` = (SELECT min(w.`number`) FROM `resolution_versions` w WHERE w.`resolution_id` = v.`resolution_id`)
  UNION ALL
  SELECT v.`id`, v.`resolution_id`, v.`number`, v.`content`, c.`released` OR v.`release` <> 'draft',
    CASE
      WHEN v.`content` = c.`content` THEN c.`valid_from`
      WHEN NOT c.`released` THEN NULL
      ELSE date(v.`at`, CASE
        WHEN v.`at` >= date(substr(v.`at`, 1, 4) || '-03-25', 'weekday 0') || 'T01:00:00.000Z'
         AND v.`at` < date(substr(v.`at`, 1, 4) || '-10-25', 'weekday 0') || 'T01:00:00.000Z'
        THEN '+2 hours' ELSE '+1 hours' END)
    END
  FROM `chain` c
  JOIN `resolution_versions` v ON v.`resolution_id` = c.`resolution_id`
    AND v.`number` = (SELECT min(n.`number`) FROM `resolution_versions` n WHERE n.`resolution_id` = c.`resolution_id` AND n.`number` > c.`number`)
)
UPDATE `resolution_versions` SET `valid_from` = `chain`.`valid_from`
FROM `chain` WHERE `chain`.`id` = `resolution_versions`.`id` AND `chain`.`valid_from` IS NOT NULL;
