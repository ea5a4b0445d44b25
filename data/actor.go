package data

import "strings"

// SetActor changes who the store records on every later change (updated_by
// and the activity trail's actor). The TUI calls it when the person at the
// keyboard says who they are after the file was opened (the identity
// prompt): reopening instead would drop the writer lock for a moment and
// hand every screen a new store. An empty name means "unknown", as in Open.
func (s *Store) SetActor(name string) {
	name = strings.TrimSpace(name)
	if name == "" {
		name = "unknown"
	}
	s.actorMu.Lock()
	defer s.actorMu.Unlock()
	s.actor = name
}

// currentActor is the actor to stamp on a change now.
func (s *Store) currentActor() string {
	s.actorMu.Lock()
	defer s.actorMu.Unlock()
	return s.actor
}
