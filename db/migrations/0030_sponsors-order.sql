-- A resolution's sponsors in printed order from the index alone (resolution and meeting pages,
-- exports, the search index): the primary key (resolution_id, land) found the rows but they had to
-- be read from the table and sorted by position, once per resolution.
CREATE INDEX `resolution_sponsors_order` ON `resolution_sponsors` (`resolution_id`,`position`,`land`);
