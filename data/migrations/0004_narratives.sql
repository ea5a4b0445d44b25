-- 0004: narratives edited in the app. One row per control and subject
-- ("org" or "system:<id>"); no row means the generated narrative is used.
-- generated keeps the generated text as it was when the edit was made, so
-- exports can show both. Every row is in the activity trail (entity
-- "narrative", id "controlID@subject") and checked by Verify.
CREATE TABLE narrative (
	control_id TEXT NOT NULL,
	subject    TEXT NOT NULL,
	text       TEXT NOT NULL,
	generated  TEXT NOT NULL DEFAULT '',
	edited_by  TEXT NOT NULL,
	edited_at  TEXT NOT NULL,
	PRIMARY KEY (control_id, subject)
) WITHOUT ROWID;
