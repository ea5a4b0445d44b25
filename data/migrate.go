package data

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
)

// ApplicationID is written to PRAGMA application_id (offset 68 of the
// SQLite header) and identifies an auditwalk engagement file: "AWK1".
const ApplicationID = 0x41574B31

// migrationFiles holds data/migrations/NNNN_name.sql. Adding a schema change
// is adding the next numbered file: versions must run 1, 2, 3... without
// gaps, and a file, once released, is never edited.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// migration is one embedded schema step.
type migration struct {
	version int
	name    string
	sql     string
}

// migrations returns the embedded migrations in version order.
func migrations() ([]migration, error) {
	entries, err := fs.ReadDir(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	var list []migration
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		num, _, ok := strings.Cut(e.Name(), "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v < 1 {
			return nil, fmt.Errorf("migrations/%s: name must be NNNN_description.sql", e.Name())
		}
		if v != len(list)+1 {
			return nil, fmt.Errorf("migrations/%s: expected version %d next", e.Name(), len(list)+1)
		}
		body, err := fs.ReadFile(migrationFiles, path.Join("migrations", e.Name()))
		if err != nil {
			return nil, err
		}
		list = append(list, migration{version: v, name: e.Name(), sql: string(body)})
	}
	return list, nil
}

// SchemaVersion is the schema version this build writes (the number of the
// last embedded migration).
func SchemaVersion() int {
	list, err := migrations()
	if err != nil {
		return 0
	}
	return len(list)
}

// migrate applies the migrations after the file's user_version, each in its
// own transaction together with the user_version bump, so a crash leaves the
// file at a whole version.
func migrate(ctx context.Context, db *sql.DB, list []migration) error {
	var current int
	if err := db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&current); err != nil {
		return err
	}
	for _, m := range list {
		if m.version <= current {
			continue
		}
		if err := applyMigration(ctx, db, m); err != nil {
			return fmt.Errorf("migration %s: %w", m.name, err)
		}
	}
	return nil
}

func applyMigration(ctx context.Context, db *sql.DB, m migration) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback() //nolint:errcheck // no-op after Commit
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return err
	}
	if m.version == 1 {
		if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA application_id = %d", ApplicationID)); err != nil {
			return err
		}
	}
	// PRAGMA takes no bound parameters; the version is our own integer.
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", m.version)); err != nil {
		return err
	}
	return tx.Commit()
}
