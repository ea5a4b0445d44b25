package ingest

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"testing"

	"auditwalk/model"
)

// genReader produces an inventory CSV of about size bytes on the fly, so
// large-file tests need neither a committed fixture nor the whole file in
// memory.
type genReader struct {
	buf  bytes.Buffer
	n    int
	size int64
	made int64
}

func newGenReader(size int64) *genReader {
	g := &genReader{size: size}
	g.buf.WriteString("Acme AI inventory (generated)\n\n")
	g.buf.WriteString("AI System,Purpose,Owner email,Tech owner,Provider,Model(s),Data types,Customer facing?,Human in the loop,Logging,Status,Last reviewed,Cost centre\n")
	return g
}

func (g *genReader) Read(p []byte) (int, error) {
	for g.buf.Len() < len(p) && g.made < g.size {
		before := g.buf.Len()
		writeGenRow(&g.buf, g.n)
		g.made += int64(g.buf.Len() - before)
		g.n++
	}
	if g.buf.Len() == 0 {
		return 0, io.EOF
	}
	return g.buf.Read(p)
}

// writeGenRow writes one realistic row: a quoted multi-line purpose, two
// models on separate lines, a day-first date.
func writeGenRow(b *bytes.Buffer, i int) {
	statuses := []string{"Approved", "In review", "Shadow IT", "retired"}
	fmt.Fprintf(b, "System %06d,\"Drafts replies for queue %d.\nEscalates anything about refunds, legal or safety to a human agent.\",owner%d@acme.example,eng%d@acme.example,Vendor %d,\"model-%d-large\nmodel-%d-mini\",Customer data; PII,%s,Sampled,Full,%s,%02d/%02d/2025,CC-%d\n",
		i, i%97, i%300, i%50, i%40, i%7, i%7, []string{"Y", "N"}[i%2], statuses[i%4], 1+i%28, 1+i%12, i%1000)
}

func TestReadInventoryFiftyMegabytesInBoundedMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("50 MB read skipped in -short mode")
	}
	const size = 50 << 20
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	g := newGenReader(size)
	inv, err := ReadInventory("big.csv", g, "")
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if len(inv.Errors) != 0 || len(inv.Rows) != g.n {
		t.Fatalf("rows = %d of %d, errors %v", len(inv.Rows), g.n, issueStrings(inv.Errors[:min(3, len(inv.Errors))]))
	}
	if last := inv.Rows[len(inv.Rows)-1]; last.Line != 4+3*(g.n-1) {
		t.Errorf("last row at line %d, want %d", last.Line, 4+3*(g.n-1))
	}
	// What stays live is the parsed rows (about 700 bytes per system, the
	// strings sharing each record's text); the reader must not also hold
	// the file, its raw records or a grown-and-abandoned row slice.
	live := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d rows from %d MB: %d MB live after reading, %d MB obtained from the OS", g.n, size>>20, live>>20, after.Sys>>20)
	if live > 7*size/2 {
		t.Errorf("%d MB live after reading a %d MB file", live>>20, size>>20)
	}
	runtime.KeepAlive(inv)
}

// genInventory returns an n-row inventory CSV.
func genInventory(n int) []byte {
	g := newGenReader(1 << 62)
	var b bytes.Buffer
	b.Write(g.buf.Bytes())
	for i := 0; i < n; i++ {
		writeGenRow(&b, i)
	}
	return b.Bytes()
}

func BenchmarkReadInventory10k(b *testing.B) {
	data := genInventory(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		inv, err := ReadInventory("bench.csv", bytes.NewReader(data), "")
		if err != nil || len(inv.Rows) != 10000 {
			b.Fatalf("rows %d, err %v", len(inv.Rows), err)
		}
	}
}

func BenchmarkPlanInventory10k(b *testing.B) {
	data := genInventory(10000)
	inv, err := ReadInventory("bench.csv", bytes.NewReader(data), "")
	if err != nil {
		b.Fatal(err)
	}
	// The store holds every system; every tenth differs from the file.
	var vendors []model.Vendor
	for i := range 40 {
		vendors = append(vendors, model.Vendor{ID: int64(i + 1), Name: fmt.Sprintf("Vendor %d", i)})
	}
	existing := make([]model.System, len(inv.Rows))
	for i, r := range inv.Rows {
		s := r.System
		s.ID = int64(i + 1)
		s.VendorID = int64(i%40 + 1)
		if i%10 == 0 {
			s.BusinessOwner = "someone.else@acme.example"
		}
		existing[i] = s
	}
	b.ReportAllocs()
	for b.Loop() {
		p := PlanInventory(existing, vendors, inv)
		if !p.OK() || len(p.Systems) != 1000 || p.UnchangedSystems != 9000 {
			b.Fatalf("plan: %s %v", p.Summary(), issueStrings(p.Errors[:min(3, len(p.Errors))]))
		}
	}
}
