package data

import (
	"context"
	"database/sql"
)

// Statements nearly every write runs. With modernc.org/sqlite an Exec or
// Query given SQL text parses and plans it on every call; for an answer
// save (five statements) that was about a quarter of its CPU time. A writer
// store prepares these once at open (prepareHot) and each transaction binds
// them to itself on first use (txn.exec, txn.queryRow).

// The hot statements' text, written out once: callers pass it on every
// call (it is the key of the prepared statement), so it must not be built
// per call. TestHotSQLMatchesTheColumnLists checks it against the column
// lists and the builders the other statements use.
const (
	// lastRecordSQL reads the trail head a new record chains to.
	lastRecordSQL   = "SELECT seq, hash FROM activity ORDER BY seq DESC LIMIT 1"
	insertRecordSQL = "INSERT INTO activity (" + activityCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
	answerGetSQL    = "SELECT " + answerCols + " FROM answer WHERE question_id = ? AND subject = ?"
	answerPutSQL    = "INSERT INTO answer (" + answerCols + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
		" ON CONFLICT (question_id, subject) DO UPDATE SET question_id = excluded.question_id, subject = excluded.subject," +
		" value = excluded.value, choices = excluded.choices, justification = excluded.justification," +
		" source = excluded.source, note = excluded.note, flagged = excluded.flagged," +
		" updated_at = excluded.updated_at, updated_by = excluded.updated_by"
	reviewGetSQL = "SELECT " + reviewStateCols + " FROM review WHERE kind = ? AND key = ?"
)

// hotSQL lists the statements prepareHot prepares.
func hotSQL() []string {
	return []string{lastRecordSQL, insertRecordSQL, answerGetSQL, answerPutSQL, reviewGetSQL}
}

// hotStmts are the prepared hot statements of a writer store, by SQL text.
// Filled once at open and only read afterwards.
type hotStmts map[string]*sql.Stmt

// prepareHot prepares hotSQL on db. It must run outside any transaction:
// the store has one connection, which a transaction would hold.
func prepareHot(ctx context.Context, db *sql.DB) (hotStmts, error) {
	hot := hotStmts{}
	for _, q := range hotSQL() {
		st, err := db.PrepareContext(ctx, q)
		if err != nil {
			hot.close()
			return nil, err
		}
		hot[q] = st
	}
	return hot, nil
}

func (h hotStmts) close() {
	for _, st := range h {
		_ = st.Close() // the connection closes next; nothing to report
	}
}

// stmt returns the hot statement for query bound to the transaction (bound
// once per transaction and closed with it), or nil when query is not hot.
func (t *txn) stmt(ctx context.Context, query string) *sql.Stmt {
	st, ok := t.hot[query]
	if !ok {
		return nil
	}
	if b, ok := t.bound[st]; ok {
		return b
	}
	if t.bound == nil {
		t.bound = map[*sql.Stmt]*sql.Stmt{}
	}
	b := t.tx.StmtContext(ctx, st)
	t.bound[st] = b
	return b
}

// exec runs query in the transaction, prepared when it is hot.
func (t *txn) exec(ctx context.Context, query string, args ...any) error {
	var err error
	if st := t.stmt(ctx, query); st != nil {
		_, err = st.ExecContext(ctx, args...)
	} else {
		_, err = t.tx.ExecContext(ctx, query, args...)
	}
	return err
}

// queryRow runs a one-row query in the transaction, prepared when it is
// hot. Scan the row before the next use of the same query.
func (t *txn) queryRow(ctx context.Context, query string, args ...any) *sql.Row {
	if st := t.stmt(ctx, query); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return t.tx.QueryRowContext(ctx, query, args...)
}
