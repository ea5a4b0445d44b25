package tui

import (
	"context"
	"fmt"
	"slices"

	tea "charm.land/bubbletea/v2"

	"auditwalk/model"
)

// Screen ids of the inventory and vendor register tabs.
const (
	ScreenInventory ScreenID = "inventory"
	ScreenVendors   ScreenID = "vendors"
)

// InventoryImporter applies an import in one transaction: all of it or
// nothing. *data.Store implements it; main.go passes it in Config.Importer.
type InventoryImporter interface {
	ImportInventory(ctx context.Context, systems []model.System, vendors []model.Vendor, source string) (created, updated int, err error)
}

// SystemSavedMsg reports Store.SaveSystem. Sent is what the form asked to
// save; Saved is the stored row (ID, vendor name, stamp).
type SystemSavedMsg struct {
	Sent, Saved model.System
	Err         error
}

// SystemDeletedMsg reports Store.DeleteSystem.
type SystemDeletedMsg struct {
	ID   int64
	Name string
	Err  error
}

// VendorSavedMsg reports Store.SaveVendor.
type VendorSavedMsg struct {
	Sent, Saved model.Vendor
	Err         error
}

// VendorDeletedMsg reports Store.DeleteVendor.
type VendorDeletedMsg struct {
	ID   int64
	Name string
	Err  error
}

// InventoryImportedMsg reports an import and the inventory re-read after it.
type InventoryImportedMsg struct {
	Source           string
	Created, Updated int
	Systems          []model.System
	Vendors          []model.Vendor
	// Applied is set when the import committed; Err is then about the
	// re-read that followed it.
	Applied bool
	Err     error
}

// SystemsChangedMsg is broadcast after the session's systems or vendors
// changed (save, delete, import), once the session holds the new lists.
// Session.rev has moved too, so Walk and Summarize re-run on next use.
type SystemsChangedMsg struct {
	Systems []model.System
}

func (SystemSavedMsg) writeDone()       {}
func (SystemDeletedMsg) writeDone()     {}
func (VendorSavedMsg) writeDone()       {}
func (VendorDeletedMsg) writeDone()     {}
func (InventoryImportedMsg) writeDone() {}

// sessionWrite is a write result that folds itself into the session; App
// applies it before broadcasting the message, so screens see the new data.
type sessionWrite interface {
	writeResult
	applyTo(s *Session) (status StatusMsg, changed tea.Cmd, failed bool)
}

func changedCmd(s *Session) tea.Cmd {
	list := s.Systems
	return func() tea.Msg { return SystemsChangedMsg{Systems: list} }
}

func failStatus(what string, err error) StatusMsg {
	return StatusMsg{Kind: statusError, Text: what + " NOT saved: " + model.CleanLine(err.Error())}
}

func (m SystemSavedMsg) applyTo(s *Session) (StatusMsg, tea.Cmd, bool) {
	if m.Err != nil {
		return failStatus("System "+model.CleanLine(m.Sent.Name), m.Err), nil, true
	}
	s.putSystem(m.Saved)
	return StatusMsg{Kind: statusSuccess, Text: "Saved system " + model.CleanLine(m.Saved.Name)}, changedCmd(s), false
}

func (m SystemDeletedMsg) applyTo(s *Session) (StatusMsg, tea.Cmd, bool) {
	if m.Err != nil {
		return StatusMsg{Kind: statusError, Text: "System " + model.CleanLine(m.Name) + " NOT deleted: " + model.CleanLine(m.Err.Error())}, nil, true
	}
	s.removeSystem(m.ID)
	return StatusMsg{Kind: statusSuccess, Text: "Deleted system " + model.CleanLine(m.Name) + " (kept in the activity trail)"}, changedCmd(s), false
}

func (m VendorSavedMsg) applyTo(s *Session) (StatusMsg, tea.Cmd, bool) {
	if m.Err != nil {
		return failStatus("Vendor "+model.CleanLine(m.Sent.Name), m.Err), nil, true
	}
	s.putVendor(m.Saved)
	return StatusMsg{Kind: statusSuccess, Text: "Saved vendor " + model.CleanLine(m.Saved.Name)}, changedCmd(s), false
}

func (m VendorDeletedMsg) applyTo(s *Session) (StatusMsg, tea.Cmd, bool) {
	if m.Err != nil {
		return StatusMsg{Kind: statusError, Text: "Vendor " + model.CleanLine(m.Name) + " NOT deleted: " + model.CleanLine(m.Err.Error())}, nil, true
	}
	s.removeVendor(m.ID)
	return StatusMsg{Kind: statusSuccess, Text: "Deleted vendor " + model.CleanLine(m.Name)}, changedCmd(s), false
}

func (m InventoryImportedMsg) applyTo(s *Session) (StatusMsg, tea.Cmd, bool) {
	switch {
	case m.Err != nil && m.Applied:
		return StatusMsg{Kind: statusError, Text: "Imported " + model.CleanLine(m.Source) + ": " + model.CleanLine(m.Err.Error())}, nil, false
	case m.Err != nil:
		return StatusMsg{Kind: statusError, Text: "Import NOT applied: " + model.CleanLine(m.Err.Error())}, nil, true
	}
	s.Systems, s.Vendors = m.Systems, m.Vendors
	s.touchInventory()
	return StatusMsg{Kind: statusSuccess, Text: fmt.Sprintf("Imported %s: %d created, %d updated",
		model.CleanLine(m.Source), m.Created, m.Updated)}, changedCmd(s), false
}

// touchInventory marks systems or vendors changed. Lists are replaced, not
// edited in place, because commands may still hold the old slices.
func (s *Session) touchInventory() {
	s.rev++
	s.sysRev++
}

// putSystem inserts or replaces a system by id.
func (s *Session) putSystem(sys model.System) {
	list := slices.Clone(s.Systems)
	if i := slices.IndexFunc(list, func(x model.System) bool { return x.ID == sys.ID }); i >= 0 {
		list[i] = sys
	} else {
		list = append(list, sys)
	}
	s.Systems = list
	s.touchInventory()
}

// removeSystem drops a system; its answers stay in the session (and the
// store), so re-adding or re-scoping it brings them back.
func (s *Session) removeSystem(id int64) {
	s.Systems = slices.DeleteFunc(slices.Clone(s.Systems), func(x model.System) bool { return x.ID == id })
	s.touchInventory()
}

// putVendor inserts or replaces a vendor and renames it on linked systems.
func (s *Session) putVendor(v model.Vendor) {
	list := slices.Clone(s.Vendors)
	if i := slices.IndexFunc(list, func(x model.Vendor) bool { return x.ID == v.ID }); i >= 0 {
		list[i] = v
	} else {
		list = append(list, v)
	}
	s.Vendors = list
	s.relinkSystems(v.ID, v.ID, v.Name)
	s.touchInventory()
}

// removeVendor drops a vendor and unlinks its systems, as the store does.
func (s *Session) removeVendor(id int64) {
	s.Vendors = slices.DeleteFunc(slices.Clone(s.Vendors), func(x model.Vendor) bool { return x.ID == id })
	s.relinkSystems(id, 0, "")
	s.touchInventory()
}

func (s *Session) relinkSystems(from, to int64, name string) {
	var list []model.System
	for i, sys := range s.Systems {
		if sys.VendorID != from || (sys.VendorID == to && sys.VendorName == name) {
			continue
		}
		if list == nil {
			list = slices.Clone(s.Systems)
		}
		list[i].VendorID, list[i].VendorName = to, name
	}
	if list != nil {
		s.Systems = list
	}
}

// vendorName is the register name of a vendor id ("" for none).
func (s *Session) vendorName(id int64) string {
	for _, v := range s.Vendors {
		if v.ID == id {
			return v.Name
		}
	}
	return ""
}

// linkedSystems counts the systems linked to a vendor.
func (s *Session) linkedSystems(id int64) int {
	n := 0
	for _, sys := range s.Systems {
		if sys.VendorID == id {
			n++
		}
	}
	return n
}

// saveSystem queues Store.SaveSystem of sys (captured by value).
func (c *Common) saveSystem(sys model.System) tea.Cmd {
	sys.Models = slices.Clone(sys.Models)
	sys.Identities = slices.Clone(sys.Identities)
	sys.DataCategories = slices.Clone(sys.DataCategories)
	sys.AccessControl = slices.Clone(sys.AccessControl)
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := store.SaveSystem(ctx, sys)
		return SystemSavedMsg{Sent: sys, Saved: saved, Err: err}
	}})
}

// deleteSystem queues Store.DeleteSystem.
func (c *Common) deleteSystem(id int64, name string) tea.Cmd {
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		return SystemDeletedMsg{ID: id, Name: name, Err: store.DeleteSystem(ctx, id)}
	}})
}

// saveVendor queues Store.SaveVendor of v (captured by value).
func (c *Common) saveVendor(v model.Vendor) tea.Cmd {
	v.CarveOuts = slices.Clone(v.CarveOuts)
	v.CUECs = slices.Clone(v.CUECs)
	v.Subprocessors = slices.Clone(v.Subprocessors)
	scores := make(map[model.ScoreDimension]model.Score, len(v.Scores))
	for k, sc := range v.Scores {
		scores[k] = sc
	}
	v.Scores = scores
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		saved, err := store.SaveVendor(ctx, v)
		return VendorSavedMsg{Sent: v, Saved: saved, Err: err}
	}})
}

// deleteVendor queues Store.DeleteVendor (the store unlinks its systems).
func (c *Common) deleteVendor(id int64, name string) tea.Cmd {
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		return VendorDeletedMsg{ID: id, Name: name, Err: store.DeleteVendor(ctx, id)}
	}})
}

// applyImport queues an import through imp, then re-reads the inventory so
// the session gets the stored rows (new ids, implied vendors).
func (c *Common) applyImport(imp InventoryImporter, systems []model.System, vendors []model.Vendor, source string) tea.Cmd {
	store, ctxf := c.Store, c.storeCtx
	return c.Writes.push(write{run: func() tea.Msg {
		ctx, cancel := ctxf()
		defer cancel()
		cr, up, err := imp.ImportInventory(ctx, systems, vendors, source)
		if err != nil {
			return InventoryImportedMsg{Source: source, Err: err}
		}
		snap, err := store.Load(ctx)
		if err != nil {
			err = fmt.Errorf("imported, but re-reading the inventory failed (restart to see it): %w", err)
		}
		return InventoryImportedMsg{Source: source, Created: cr, Updated: up, Systems: snap.Systems, Vendors: snap.Vendors,
			Applied: true, Err: err}
	}})
}
