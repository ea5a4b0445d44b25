-- 0001: the engagement header, the pack it started with, answers, the AI
-- inventory, vendors, resume state and the activity trail.
--
-- Conventions: times are UTC text in a fixed-width RFC 3339 form with nine
-- fractional digits (so they sort as text); lists are compact JSON arrays;
-- booleans are 0/1. System and vendor ids use AUTOINCREMENT so an id is
-- never reused after a delete: answers ("system:7") and trail records refer
-- to them by id.

CREATE TABLE engagement (
	id           INTEGER PRIMARY KEY CHECK (id = 1),
	name         TEXT NOT NULL DEFAULT '',
	client       TEXT NOT NULL DEFAULT '',
	assessor     TEXT NOT NULL DEFAULT '',
	readiness    TEXT NOT NULL DEFAULT '',
	period_start TEXT NOT NULL DEFAULT '',
	period_end   TEXT NOT NULL DEFAULT '',
	as_of        TEXT NOT NULL DEFAULT '',
	pack_id      TEXT NOT NULL DEFAULT '',
	pack_version TEXT NOT NULL DEFAULT '',
	pack_hash    TEXT NOT NULL DEFAULT '',
	created_at   TEXT NOT NULL
);

-- The exact pack source the walkthrough started with, so answers keep their
-- meaning when the binary's embedded packs change.
CREATE TABLE pack_source (
	id          INTEGER PRIMARY KEY CHECK (id = 1),
	pack_id     TEXT NOT NULL,
	version     TEXT NOT NULL,
	hash        TEXT NOT NULL,
	source      BLOB NOT NULL,
	recorded_at TEXT NOT NULL
);

CREATE TABLE answer (
	question_id   TEXT NOT NULL,
	subject       TEXT NOT NULL,
	value         TEXT NOT NULL DEFAULT '',
	choices       TEXT NOT NULL DEFAULT '[]',
	justification TEXT NOT NULL DEFAULT '',
	source        TEXT NOT NULL DEFAULT '',
	note          TEXT NOT NULL DEFAULT '',
	flagged       INTEGER NOT NULL DEFAULT 0 CHECK (flagged IN (0, 1)),
	updated_at    TEXT NOT NULL,
	updated_by    TEXT NOT NULL,
	PRIMARY KEY (question_id, subject)
) WITHOUT ROWID;

CREATE TABLE vendor (
	id            INTEGER PRIMARY KEY AUTOINCREMENT,
	name          TEXT NOT NULL COLLATE NOCASE UNIQUE,
	service       TEXT NOT NULL DEFAULT '',
	report        TEXT NOT NULL DEFAULT '',
	period_end    TEXT NOT NULL DEFAULT '',
	opinion       TEXT NOT NULL DEFAULT '',
	covers        TEXT NOT NULL DEFAULT '',
	covers_note   TEXT NOT NULL DEFAULT '',
	carve_outs    TEXT NOT NULL DEFAULT '[]',
	bridge_letter TEXT NOT NULL DEFAULT '',
	cuecs         TEXT NOT NULL DEFAULT '[]',
	dpa_signed    TEXT NOT NULL DEFAULT '',
	training      TEXT NOT NULL DEFAULT '',
	retention     TEXT NOT NULL DEFAULT '',
	subprocessors TEXT NOT NULL DEFAULT '[]',
	scores        TEXT NOT NULL DEFAULT '{}',
	notes         TEXT NOT NULL DEFAULT '',
	updated_at    TEXT NOT NULL
);

CREATE TABLE system (
	id                  INTEGER PRIMARY KEY AUTOINCREMENT,
	name                TEXT NOT NULL COLLATE NOCASE UNIQUE,
	purpose             TEXT NOT NULL DEFAULT '',
	business_owner      TEXT NOT NULL DEFAULT '',
	technical_owner     TEXT NOT NULL DEFAULT '',
	vendor_id           INTEGER REFERENCES vendor (id),
	models              TEXT NOT NULL DEFAULT '[]',
	identities          TEXT NOT NULL DEFAULT '[]',
	deployment          TEXT NOT NULL DEFAULT '',
	data_categories     TEXT NOT NULL DEFAULT '[]',
	affects_service     INTEGER NOT NULL DEFAULT 0 CHECK (affects_service IN (0, 1)),
	consequential       INTEGER NOT NULL DEFAULT 0 CHECK (consequential IN (0, 1)),
	oversight           TEXT NOT NULL DEFAULT '',
	logging             TEXT NOT NULL DEFAULT '',
	log_retention       TEXT NOT NULL DEFAULT '',
	access_control      TEXT NOT NULL DEFAULT '[]',
	approval            TEXT NOT NULL DEFAULT '',
	last_reviewed       TEXT NOT NULL DEFAULT '',
	scope_override      INTEGER CHECK (scope_override IN (0, 1)),
	scope_justification TEXT NOT NULL DEFAULT '',
	notes               TEXT NOT NULL DEFAULT '',
	updated_at          TEXT NOT NULL
);

CREATE INDEX system_vendor ON system (vendor_id);

-- Small resume state (cursor, filters). Not audited: it is not engagement
-- content.
CREATE TABLE ui_state (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;

-- The activity trail. hash chains each record to the one before; see
-- activity.go for the exact formula. before/after are canonical JSON of the
-- row ('' when there is none).
CREATE TABLE activity (
	seq       INTEGER PRIMARY KEY,
	at        TEXT NOT NULL,
	actor     TEXT NOT NULL,
	action    TEXT NOT NULL,
	entity    TEXT NOT NULL,
	entity_id TEXT NOT NULL,
	before    TEXT NOT NULL DEFAULT '',
	after     TEXT NOT NULL DEFAULT '',
	prev_hash TEXT NOT NULL,
	hash      TEXT NOT NULL
);

CREATE INDEX activity_entity ON activity (entity, entity_id, seq);
CREATE INDEX activity_actor ON activity (actor, seq);
