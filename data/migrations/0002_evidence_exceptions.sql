-- 0002: evidence files, imported records (access events, model changes,
-- output reviews) with their import batches, exceptions and remediation
-- tasks.
--
-- Conventions as in 0001. Imported records are not in the activity trail
-- one by one (a million log lines would bloat it): each import batch is,
-- with the file's SHA-256 and its row counts, and Verify checks every
-- batch's record count against its trail record.

-- An evidence file attached to an answer ("questionID@subject"), a system,
-- a vendor or an exception (their ids). content holds the file's bytes when
-- stored = 1; a reference-only file keeps path, size and hash only.
CREATE TABLE evidence (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	target_type    TEXT NOT NULL CHECK (target_type IN ('answer', 'system', 'vendor', 'exception')),
	target_key     TEXT NOT NULL,
	path           TEXT NOT NULL,
	name           TEXT NOT NULL,
	size           INTEGER NOT NULL CHECK (size >= 0),
	sha256         TEXT NOT NULL,
	attached_by    TEXT NOT NULL,
	attached_at    TEXT NOT NULL,
	effective_date TEXT NOT NULL DEFAULT '',
	retention_date TEXT NOT NULL DEFAULT '',
	stored         INTEGER NOT NULL CHECK (stored IN (0, 1)),
	content        BLOB,
	note           TEXT NOT NULL DEFAULT '',
	CHECK ((stored = 1) = (content IS NOT NULL))
);

CREATE INDEX evidence_target ON evidence (target_type, target_key);

-- One import of one file. rows is what the file held, new_rows what was
-- added (the rest were already present, matched by fingerprint).
CREATE TABLE import_batch (
	id       INTEGER PRIMARY KEY AUTOINCREMENT,
	kind     TEXT NOT NULL CHECK (kind IN ('access-log', 'changes', 'reviews')),
	source   TEXT NOT NULL,
	sha256   TEXT NOT NULL,
	format   TEXT NOT NULL,
	rows     INTEGER NOT NULL,
	new_rows INTEGER NOT NULL,
	at       TEXT NOT NULL,
	actor    TEXT NOT NULL
);

-- Normalised access-log events. fingerprint (model.AccessEvent's) makes a
-- re-import add nothing; batch_id is the import that added the row.
CREATE TABLE access_event (
	id          INTEGER PRIMARY KEY,
	time        TEXT NOT NULL,
	actor       TEXT NOT NULL DEFAULT '',
	action      TEXT NOT NULL DEFAULT '',
	service     TEXT NOT NULL DEFAULT '',
	model       TEXT NOT NULL DEFAULT '',
	resource    TEXT NOT NULL DEFAULT '',
	source      TEXT NOT NULL DEFAULT '',
	outcome     TEXT NOT NULL DEFAULT '',
	event_id    TEXT NOT NULL DEFAULT '',
	detail      TEXT NOT NULL DEFAULT '',
	source_file TEXT NOT NULL,
	line        INTEGER NOT NULL,
	fingerprint TEXT NOT NULL UNIQUE,
	batch_id    INTEGER NOT NULL REFERENCES import_batch (id)
);

CREATE TABLE change_record (
	id           INTEGER PRIMARY KEY,
	time         TEXT NOT NULL,
	system       TEXT NOT NULL,
	change_type  TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	ticket       TEXT NOT NULL DEFAULT '',
	requested_by TEXT NOT NULL DEFAULT '',
	approved_by  TEXT NOT NULL DEFAULT '',
	deployed_by  TEXT NOT NULL DEFAULT '',
	tested       TEXT NOT NULL DEFAULT '',
	source_file  TEXT NOT NULL,
	line         INTEGER NOT NULL,
	fingerprint  TEXT NOT NULL UNIQUE,
	batch_id     INTEGER NOT NULL REFERENCES import_batch (id)
);

CREATE TABLE review_record (
	id             INTEGER PRIMARY KEY,
	sample_id      TEXT NOT NULL,
	system         TEXT NOT NULL,
	reviewer       TEXT NOT NULL DEFAULT '',
	date           TEXT NOT NULL,
	verdict        TEXT NOT NULL,
	issue_category TEXT NOT NULL DEFAULT '',
	note           TEXT NOT NULL DEFAULT '',
	source_file    TEXT NOT NULL,
	line           INTEGER NOT NULL,
	fingerprint    TEXT NOT NULL UNIQUE,
	batch_id       INTEGER NOT NULL REFERENCES import_batch (id)
);

-- Exceptions, automatic (fingerprint set, unique) and manual (fingerprint
-- ''). Lists, the decision, the management response and the history are
-- compact JSON.
CREATE TABLE exception (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	kind                TEXT NOT NULL,
	rule                TEXT NOT NULL DEFAULT '',
	title               TEXT NOT NULL,
	detail              TEXT NOT NULL DEFAULT '',
	citations           TEXT NOT NULL DEFAULT '[]',
	system_ids          TEXT NOT NULL DEFAULT '[]',
	vendor_ids          TEXT NOT NULL DEFAULT '[]',
	control_ids         TEXT NOT NULL DEFAULT '[]',
	criteria            TEXT NOT NULL DEFAULT '[]',
	severity            TEXT NOT NULL,
	suggested_severity  TEXT NOT NULL DEFAULT '',
	severity_reason     TEXT NOT NULL DEFAULT '',
	owner               TEXT NOT NULL DEFAULT '',
	status              TEXT NOT NULL,
	decision            TEXT NOT NULL DEFAULT '{}',
	raised_by           TEXT NOT NULL,
	raised_at           TEXT NOT NULL,
	updated_at          TEXT NOT NULL,
	management_response TEXT NOT NULL DEFAULT '{}',
	fingerprint         TEXT NOT NULL DEFAULT '',
	history             TEXT NOT NULL DEFAULT '[]'
);

CREATE UNIQUE INDEX exception_fingerprint ON exception (fingerprint) WHERE fingerprint <> '';

CREATE TABLE task (
	id           INTEGER PRIMARY KEY AUTOINCREMENT,
	exception_id INTEGER NOT NULL REFERENCES exception (id),
	title        TEXT NOT NULL,
	description  TEXT NOT NULL DEFAULT '',
	owner        TEXT NOT NULL DEFAULT '',
	due          TEXT NOT NULL DEFAULT '',
	status       TEXT NOT NULL,
	tracker_ref  TEXT NOT NULL DEFAULT '',
	note         TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL,
	updated_at   TEXT NOT NULL
);

CREATE INDEX task_exception ON task (exception_id);
