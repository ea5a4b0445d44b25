package tui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// bigTriage holds n exceptions of every kind, severity and status, raised
// over a year, with a task for every tenth.
func bigTriage(n int) *fakeTriage {
	kinds, sevs, sts := model.ExceptionKinds(), model.Severities(), model.ExceptionStatuses()
	ft := &fakeTriage{}
	for i := range n {
		e := model.Exception{ID: int64(i + 1), Kind: kinds[i%len(kinds)], Severity: sevs[i%len(sevs)],
			Status: sts[i%len(sts)], Title: fmt.Sprintf("Finding %d with a title long enough to be truncated at 80 columns", i),
			Owner: []string{"", "tester", "dana", "priya"}[i%4], SystemIDs: []int64{int64(i%2 + 1)},
			ControlIDs: []string{"AC-1"}, RaisedBy: model.DetectorActor,
			RaisedAt: triageNow().Add(-time.Duration(i%365) * 24 * time.Hour)}
		ft.ex = append(ft.ex, e)
		if i%10 == 0 {
			ft.tasks = append(ft.tasks, model.RemediationTask{ID: int64(len(ft.tasks) + 1), ExceptionID: e.ID,
				Title: "Fix it", Owner: "tester", Due: "2026-02-01", Status: model.TaskTodo})
		}
	}
	return ft
}

// benchTriageApp opens the triage queue over 10,000 exceptions at w×h.
func benchTriageApp(b *testing.B, w, h int) *App {
	b.Helper()
	a := newTriageApp(b, bigTriage(10000), w, h)
	press(b, a, "5")
	if topID(a) != ScreenTriage || len(a.com.Triage.list) != 10000 {
		b.Fatalf("queue not loaded: top %s, %d exceptions", topID(a), len(a.com.Triage.list))
	}
	return a
}

// benchKeys measures Update+View per keypress, cycling through keys.
func benchKeys(b *testing.B, w, h int, keys ...string) {
	a := benchTriageApp(b, w, h)
	msgs := make([]tea.KeyPressMsg, len(keys))
	for i, k := range keys {
		msgs[i] = keyMsg(k)
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		a.Update(msgs[i%len(msgs)])
		_ = a.View()
		i++
	}
}

func BenchmarkTriageQueueMove10k80x24(b *testing.B)  { benchKeys(b, 80, 24, "j", "j", "j", "k") }
func BenchmarkTriageQueueMove10k160x48(b *testing.B) { benchKeys(b, 160, 48, "j", "j", "j", "k") }
func BenchmarkTriageQueuePage10k160x48(b *testing.B) {
	benchKeys(b, 160, 48, "ctrl+d", "ctrl+d", "ctrl+u")
}

// BenchmarkTriageQueueStatusFilter10k re-filters all 10,000 exceptions on
// every keypress (s cycles the status filter).
func BenchmarkTriageQueueStatusFilter10k(b *testing.B) { benchKeys(b, 160, 48, "s") }

// BenchmarkTriageLoad10k folds a full reload (expiry, sort, index) and
// draws the next frame (filter and counts recomputed).
func BenchmarkTriageLoad10k(b *testing.B) {
	a := benchTriageApp(b, 160, 48)
	ft := bigTriage(10000)
	b.ReportAllocs()
	seq := a.com.Triage.loadSeq
	for b.Loop() {
		seq++
		a.com.Triage.loadSeq = seq
		a.Update(triageLoadedMsg{seq: seq, exceptions: append([]model.Exception(nil), ft.ex...), tasks: ft.tasks})
		_ = a.View()
	}
}
