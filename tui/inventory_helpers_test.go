package tui

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// invStore is the fake store with a working inventory: systems and vendors
// saved, deleted (vendor deletes unlink systems, as the real store does),
// imported and loaded back. It shadows fakeStore's inventory methods.
type invStore struct {
	*fakeStore
	imu      sync.Mutex
	systems  []model.System
	vendors  []model.Vendor
	nextID   int64
	deleted  []int64
	imports  int
	failInv  error
	lastSave model.System
}

func newInvStore(systems []model.System, vendors []model.Vendor) *invStore {
	st := &invStore{fakeStore: &fakeStore{}, systems: slices.Clone(systems), vendors: slices.Clone(vendors), nextID: 100}
	return st
}

func (f *invStore) Load(context.Context) (model.Snapshot, error) {
	f.imu.Lock()
	defer f.imu.Unlock()
	return model.Snapshot{Systems: slices.Clone(f.systems), Vendors: slices.Clone(f.vendors)}, nil
}

func (f *invStore) SaveSystem(_ context.Context, s model.System) (model.System, error) {
	f.imu.Lock()
	defer f.imu.Unlock()
	if f.failInv != nil {
		return model.System{}, f.failInv
	}
	if err := s.Validate(); err != nil {
		return model.System{}, err
	}
	if s.ID == 0 {
		f.nextID++
		s.ID = f.nextID
	}
	for _, v := range f.vendors {
		if v.ID == s.VendorID {
			s.VendorName = v.Name
		}
	}
	f.lastSave = s
	if i := slices.IndexFunc(f.systems, func(x model.System) bool { return x.ID == s.ID }); i >= 0 {
		f.systems[i] = s
	} else {
		f.systems = append(f.systems, s)
	}
	return s, nil
}

func (f *invStore) DeleteSystem(_ context.Context, id int64) error {
	f.imu.Lock()
	defer f.imu.Unlock()
	if f.failInv != nil {
		return f.failInv
	}
	n := len(f.systems)
	f.systems = slices.DeleteFunc(f.systems, func(x model.System) bool { return x.ID == id })
	if len(f.systems) == n {
		return errors.New("not found")
	}
	f.deleted = append(f.deleted, id)
	return nil
}

func (f *invStore) SaveVendor(_ context.Context, v model.Vendor) (model.Vendor, error) {
	f.imu.Lock()
	defer f.imu.Unlock()
	if f.failInv != nil {
		return model.Vendor{}, f.failInv
	}
	if v.ID == 0 {
		f.nextID++
		v.ID = f.nextID
	}
	if i := slices.IndexFunc(f.vendors, func(x model.Vendor) bool { return x.ID == v.ID }); i >= 0 {
		f.vendors[i] = v
	} else {
		f.vendors = append(f.vendors, v)
	}
	return v, nil
}

func (f *invStore) DeleteVendor(_ context.Context, id int64) error {
	f.imu.Lock()
	defer f.imu.Unlock()
	f.vendors = slices.DeleteFunc(f.vendors, func(x model.Vendor) bool { return x.ID == id })
	for i := range f.systems {
		if f.systems[i].VendorID == id {
			f.systems[i].VendorID, f.systems[i].VendorName = 0, ""
		}
	}
	f.deleted = append(f.deleted, id)
	return nil
}

// ImportInventory upserts by name, like the real store, in one step.
func (f *invStore) ImportInventory(ctx context.Context, systems []model.System, vendors []model.Vendor, _ string) (int, int, error) {
	created, updated := 0, 0
	for _, v := range vendors {
		if v.ID == 0 {
			created++
		} else {
			updated++
		}
		if _, err := f.SaveVendor(ctx, v); err != nil {
			return 0, 0, err
		}
	}
	for _, s := range systems {
		if s.ID == 0 {
			created++
		} else {
			updated++
		}
		if s.VendorID == 0 && s.VendorName != "" {
			for _, v := range f.vendors {
				if v.Name == s.VendorName {
					s.VendorID = v.ID
				}
			}
		}
		if _, err := f.SaveSystem(ctx, s); err != nil {
			return 0, 0, err
		}
	}
	f.imu.Lock()
	f.imports++
	f.imu.Unlock()
	return created, updated, nil
}

func (f *invStore) system(id int64) (model.System, bool) {
	f.imu.Lock()
	defer f.imu.Unlock()
	i := slices.IndexFunc(f.systems, func(x model.System) bool { return x.ID == id })
	if i < 0 {
		return model.System{}, false
	}
	return f.systems[i], true
}

func testVendors() []model.Vendor {
	return []model.Vendor{
		{ID: 7, Name: "OpenAI", Service: "API", Report: model.ReportType2, PeriodEnd: "2025-12-31", Covers: model.TriYes,
			DPASigned: model.TriYes, Training: model.TrainingOptedOut,
			Scores: map[model.ScoreDimension]model.Score{model.ScoreAuditLogs: {Value: 4, Note: "good"}}},
		{ID: 8, Name: "Acme AI", Report: model.ReportNone},
	}
}

func invSystems() []model.System {
	return []model.System{
		{ID: 1, Name: "Support bot", AffectsService: true, VendorID: 7, VendorName: "OpenAI", Approval: model.ApprovalApproved,
			BusinessOwner: "alice", DataCategories: []model.DataCategory{model.DataCustomer, model.DataPersonal}},
		{ID: 2, Name: "Code helper", DataCategories: []model.DataCategory{model.DataConfidential}, Approval: model.ApprovalPending,
			BusinessOwner: "bob", VendorID: 8, VendorName: "Acme AI"},
		{ID: 3, Name: "Slide maker", Approval: model.ApprovalShadow, BusinessOwner: "carol"},
	}
}

// newInvApp is newTestApp with the inventory fake store as store and
// importer.
func newInvApp(t testing.TB, st *invStore, w, h int) *App {
	t.Helper()
	snap, _ := st.Load(context.Background())
	snap.Engagement = setUpEngagement()
	a := New(Config{Store: st, Importer: st, Pack: testPack(), Snapshot: snap, DBPath: "test.db", Actor: "tester",
		Now: func() time.Time { return time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC) }})
	if a.walk != nil {
		a.walk.debounce = 0
	}
	pump(t, a, a.Init())
	send(t, a, tea.WindowSizeMsg{Width: w, Height: h})
	return a
}

func invScreen(a *App) *inventoryScreen { return a.tabs[ScreenInventory].(*inventoryScreen) }

// visibleNames lists the names in the inventory table's current view.
func visibleNames(a *App) []string {
	s := invScreen(a)
	var out []string
	for _, i := range s.tbl.view {
		out = append(out, s.tbl.rows[i].sys.Name)
	}
	return out
}

// subjects lists the walk's distinct subjects in order.
func subjects(a *App) []string {
	var out []string
	for _, it := range a.com.Session.Items() {
		if !slices.Contains(out, it.Subject) {
			out = append(out, it.Subject)
		}
	}
	return out
}
