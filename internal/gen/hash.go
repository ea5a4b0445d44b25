package gen

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"fmt"
	"io"
	"net/url"
	"strings"

	_ "modernc.org/sqlite" // the driver data uses; registered once
)

// hashedTables are the main tables ContentHash covers, with the columns it
// leaves out: evidence paths are absolute (they name where the file was
// generated), so they and the activity trail that records them are not
// part of the content.
func hashedTables() []struct{ table, skip string } {
	return []struct{ table, skip string }{
		{"engagement", ""}, {"answer", ""}, {"system", ""}, {"vendor", ""}, {"exception", ""}, {"task", ""},
		{"evidence", "path"}, {"import_batch", ""}, {"access_event", ""},
	}
}

// ContentHash returns a SHA-256 over every row of the main tables of the
// engagement file at path, in primary-key order, opened read-only.
func ContentHash(ctx context.Context, path string) (string, error) {
	db, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?mode=ro")
	if err != nil {
		return "", err
	}
	defer db.Close()
	h := sha256.New()
	for _, t := range hashedTables() {
		fmt.Fprintf(h, "table %s\n", t.table)
		if err := hashTable(ctx, db, t.table, t.skip, h); err != nil {
			return "", fmt.Errorf("%s: %s: %w", path, t.table, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

func hashTable(ctx context.Context, db *sql.DB, table, skip string, h io.Writer) error {
	order, err := primaryKey(ctx, db, table)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, "SELECT * FROM "+table+" ORDER BY "+order)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var line strings.Builder
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		line.Reset()
		for i, c := range cols {
			if c != skip {
				fmt.Fprintf(&line, "%s=%T:%v\x1f", c, vals[i], vals[i])
			}
		}
		line.WriteByte('\n')
		if _, err := h.Write([]byte(line.String())); err != nil {
			return err
		}
	}
	return rows.Err()
}

// primaryKey returns table's primary-key columns as an ORDER BY list
// (rowid for a table without a declared one).
func primaryKey(ctx context.Context, db *sql.DB, table string) (string, error) {
	rows, err := db.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk", table)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		cols = append(cols, `"`+c+`"`)
	}
	if len(cols) == 0 {
		return "rowid", rows.Err()
	}
	return strings.Join(cols, ", "), rows.Err()
}
