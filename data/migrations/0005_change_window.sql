-- 0005: the engagement's approved change window, in the canonical text of
-- model.ChangeWindow ("mon-fri 09:00-17:00 Europe/Berlin"); '' when none is
-- set. The engagement row's trail JSON carries it as "change_window" only
-- when set, so rows written before this migration still verify.
ALTER TABLE engagement ADD COLUMN change_window TEXT NOT NULL DEFAULT '';
