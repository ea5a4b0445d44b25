-- 0003: accountability. People and their roles, assignments of controls
-- and AI systems to owners, review states of answers and narratives, owner
-- attestations, owners' packets (export records, the manifest inside a
-- packet file, per-answer merge outcomes) and merge conflicts.
--
-- Conventions as in 0001. Every row here is in the activity trail (entity
-- named after the table) and checked by Verify.

-- A person. roles is a sorted JSON list: one person may hold several.
CREATE TABLE person (
	name       TEXT NOT NULL COLLATE NOCASE PRIMARY KEY,
	email      TEXT NOT NULL DEFAULT '',
	roles      TEXT NOT NULL DEFAULT '[]',
	updated_at TEXT NOT NULL,
	updated_by TEXT NOT NULL
) WITHOUT ROWID;

-- A control (target: control id) or AI system (target: decimal system id)
-- given to an owner; one owner each.
CREATE TABLE assignment (
	kind        TEXT NOT NULL CHECK (kind IN ('control', 'system')),
	target      TEXT NOT NULL,
	owner       TEXT NOT NULL REFERENCES person (name),
	assigned_at TEXT NOT NULL,
	assigned_by TEXT NOT NULL,
	PRIMARY KEY (kind, target)
) WITHOUT ROWID;

CREATE INDEX assignment_owner ON assignment (owner);

-- The review state of an answer (key "questionID@subject") or a narrative
-- (key "controlID@subject"). No row means not-reviewed. content_sha256 is
-- the reviewed content's fingerprint; reset says why a state went back to
-- not-reviewed ("answer changed after approval ...").
CREATE TABLE review (
	kind           TEXT NOT NULL CHECK (kind IN ('answer', 'narrative')),
	key            TEXT NOT NULL,
	state          TEXT NOT NULL CHECK (state IN ('not-reviewed', 'reviewed', 'approved', 'changes-requested')),
	comment        TEXT NOT NULL DEFAULT '',
	reviewer       TEXT NOT NULL DEFAULT '',
	at             TEXT NOT NULL DEFAULT '',
	content_sha256 TEXT NOT NULL DEFAULT '',
	reset          TEXT NOT NULL DEFAULT '',
	PRIMARY KEY (kind, key)
) WITHOUT ROWID;

-- An owner's attestation. answers is the JSON list of covered answers'
-- canonical lines; payload is the exact text signed (signature: armored
-- SSHSIG, '' when unsigned). uid identifies it across packet files;
-- packet is the packet id it was merged from ('' when made here).
CREATE TABLE attestation (
	id             INTEGER PRIMARY KEY AUTOINCREMENT,
	uid            TEXT NOT NULL UNIQUE,
	engagement     TEXT NOT NULL DEFAULT '',
	person         TEXT NOT NULL,
	email          TEXT NOT NULL DEFAULT '',
	role           TEXT NOT NULL,
	statement      TEXT NOT NULL,
	controls       TEXT NOT NULL DEFAULT '[]',
	answers        TEXT NOT NULL DEFAULT '[]',
	answers_sha256 TEXT NOT NULL,
	at             TEXT NOT NULL,
	payload        TEXT NOT NULL,
	signature      TEXT NOT NULL DEFAULT '',
	signer_key     TEXT NOT NULL DEFAULT '',
	packet         TEXT NOT NULL DEFAULT ''
);

-- A packet. In the assessor's file a row with direction 'export' records
-- each packet exported (base: JSON map "questionID@subject" → SHA-256 of
-- the answer's content at export, '' when unanswered). In a packet file the
-- single row with direction 'manifest' describes the packet itself.
CREATE TABLE packet (
	packet_id   TEXT NOT NULL PRIMARY KEY,
	direction   TEXT NOT NULL CHECK (direction IN ('export', 'manifest')),
	owner       TEXT NOT NULL,
	source_file TEXT NOT NULL,
	exported_at TEXT NOT NULL,
	exported_by TEXT NOT NULL,
	base        TEXT NOT NULL DEFAULT '{}',
	context     TEXT NOT NULL DEFAULT '[]',
	systems     TEXT NOT NULL DEFAULT '[]'
) WITHOUT ROWID;

-- What merging a packet did with each answer it changed: applied, same
-- (both sides already agree) or conflict. theirs_sha256 is the packet's
-- answer content merged; a later merge of the same content changes nothing.
CREATE TABLE packet_item (
	packet_id     TEXT NOT NULL REFERENCES packet (packet_id),
	key           TEXT NOT NULL,
	theirs_sha256 TEXT NOT NULL,
	outcome       TEXT NOT NULL CHECK (outcome IN ('applied', 'same', 'conflict')),
	merged_at     TEXT NOT NULL,
	merged_by     TEXT NOT NULL,
	source_file   TEXT NOT NULL,
	PRIMARY KEY (packet_id, key)
) WITHOUT ROWID;

-- A conflict: the assessor and the packet both changed an answer since
-- export. ours/theirs are the answer rows (canonical JSON) at merge time.
CREATE TABLE conflict (
	id          INTEGER PRIMARY KEY AUTOINCREMENT,
	packet_id   TEXT NOT NULL REFERENCES packet (packet_id),
	question_id TEXT NOT NULL,
	subject     TEXT NOT NULL,
	ours        TEXT NOT NULL,
	theirs      TEXT NOT NULL,
	status      TEXT NOT NULL CHECK (status IN ('open', 'resolved')),
	resolution  TEXT NOT NULL DEFAULT '' CHECK (resolution IN ('', 'ours', 'theirs')),
	created_at  TEXT NOT NULL,
	resolved_by TEXT NOT NULL DEFAULT '',
	resolved_at TEXT NOT NULL DEFAULT ''
);

CREATE INDEX conflict_status ON conflict (status, id);
