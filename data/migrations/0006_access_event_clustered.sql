-- 0006: access events clustered for detection and fast imports (issue 8).
--
-- Before, access_event was a rowid table with a UNIQUE index on the hex
-- fingerprint: every import sorted its rows by a random key to walk that
-- index, and every detection run sorted all events twice more (per group,
-- per day), spilling to temporary files. Now the table is WITHOUT ROWID,
-- keyed by (service, actor, resource, model, time, fingerprint): the order
-- detection reads in, so it streams the table with no sort, and an import
-- sorts once, into that order. The key is unique exactly when the
-- fingerprint is (the fingerprint hashes the other key columns), so a
-- re-import still adds nothing. The fingerprint is stored as its 32 bytes,
-- and the file name, which is always the import batch's source, is no
-- longer repeated on every row.
CREATE TABLE access_event_v6 (
	service     TEXT NOT NULL DEFAULT '',
	actor       TEXT NOT NULL DEFAULT '',
	resource    TEXT NOT NULL DEFAULT '',
	model       TEXT NOT NULL DEFAULT '',
	time        TEXT NOT NULL,
	fingerprint BLOB NOT NULL,
	action      TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	outcome     TEXT NOT NULL DEFAULT '',
	event_id    TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT '',
	line        INTEGER NOT NULL,
	batch_id    INTEGER NOT NULL REFERENCES import_batch (id),
	PRIMARY KEY (service, actor, resource, model, time, fingerprint)
) WITHOUT ROWID;

INSERT INTO access_event_v6 (service, actor, resource, model, time, fingerprint, action, source, outcome,
		event_id, detail, line, batch_id)
	SELECT service, actor, resource, model, time, unhex(fingerprint), action, source, outcome,
		event_id, detail, line, batch_id
	FROM access_event ORDER BY service, actor, resource, model, time, fingerprint;

DROP TABLE access_event;
ALTER TABLE access_event_v6 RENAME TO access_event;
