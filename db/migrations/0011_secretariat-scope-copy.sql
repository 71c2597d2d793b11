-- A secretariat bound to one conference keeps it; one bound to none is no longer universal and
-- cannot log in until an administrator assigns its conferences.
INSERT INTO `user_conferences` (`user_id`, `conference_id`)
  SELECT `id`, `conference_id` FROM `users` WHERE `role` = 'secretariat' AND `conference_id` IS NOT NULL;
