package data

import (
	"context"
	"database/sql"
	"slices"

	"auditwalk/model"
)

// AccessDays returns the distinct days of access-log activity per
// (service, actor, resource, model) from start to end inclusive (empty
// bounds are open), for the log-gap rule. It is one SELECT DISTINCT over
// the day part of the stored time (UTC text, so the first ten characters
// are the day).
func (s *Store) AccessDays(ctx context.Context, start, end model.Date) ([]model.AccessDay, error) {
	out, err := loadAccessDays(ctx, s.db, start, end)
	if err != nil {
		return nil, s.fail("list access days", err)
	}
	return out, nil
}

func loadAccessDays(ctx context.Context, q dbQuerier, start, end model.Date) ([]model.AccessDay, error) {
	lo, hi := string(start), "9999-12-31T"
	if t, ok := end.Time(); ok {
		hi = string(model.DateOf(t.AddDate(0, 0, 1))) // times sort as text; the day after is exclusive
	}
	rows, err := q.QueryContext(ctx, `SELECT DISTINCT service, actor, resource, model, substr(time, 1, 10) AS day
		FROM access_event WHERE time >= ? AND time < ?
		ORDER BY service, actor, resource, model, day`, lo, hi)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []model.AccessDay
	intern := internTable() // few distinct values repeat on many days
	var service, actor, resource, mdl, day sql.RawBytes
	for rows.Next() {
		if err := rows.Scan(&service, &actor, &resource, &mdl, &day); err != nil {
			return nil, err
		}
		out = append(out, model.AccessDay{Service: intern(service), Actor: intern(actor), Resource: intern(resource),
			Model: intern(mdl), Day: model.Date(intern(day))})
	}
	return slices.Clip(out), rows.Err()
}
