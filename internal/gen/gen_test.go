package gen

import (
	"context"
	"path/filepath"
	"testing"

	"auditwalk/data"
)

func generateSmall(t *testing.T, seed uint64) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "e.db")
	sum, err := Generate(context.Background(), Config{Out: out, Seed: seed, Scale: Small()})
	if err != nil {
		t.Fatal(err)
	}
	sc := Small()
	if sum.Systems != sc.Systems || sum.Vendors != sc.Vendors || sum.Answers != sc.Answers || sum.Exceptions != sc.Exceptions ||
		sum.Tasks != sc.Exceptions || sum.AccessRecords != sc.AccessRecords || sum.Evidence != sc.Evidence {
		t.Fatalf("summary %+v does not match the scale %+v", sum, sc)
	}
	h, err := ContentHash(context.Background(), out)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func TestSameSeedGivesTheSameContent(t *testing.T) {
	a, b := generateSmall(t, 7), generateSmall(t, 7)
	if a != b {
		t.Fatalf("seed 7 gave %s then %s", a, b)
	}
	if c := generateSmall(t, 8); c == a {
		t.Fatalf("seeds 7 and 8 gave the same content %s", a)
	}
}

func TestGeneratedFileVerifiesAndLoads(t *testing.T) {
	ctx := context.Background()
	out := filepath.Join(t.TempDir(), "e.db")
	if _, err := Generate(ctx, Config{Out: out, Seed: 1, Scale: Small()}); err != nil {
		t.Fatal(err)
	}
	st, err := data.Open(ctx, out, data.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rep, err := st.Verify(ctx)
	if err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", rep.Problems(), err)
	}
	snap, err := st.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !snap.Engagement.IsSetUp() || len(snap.Answers) != Small().Answers {
		t.Fatalf("engagement set up %v with %d answers", snap.Engagement.IsSetUp(), len(snap.Answers))
	}
}

func TestGenerateRefusesToReplaceAFileWithoutForce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "e.db")
	cfg := Config{Out: out, Seed: 1, Scale: Small()}
	if _, err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	if _, err := Generate(context.Background(), cfg); err == nil {
		t.Fatal("a second Generate replaced the file without Force")
	}
	cfg.Force = true
	if _, err := Generate(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
}

func TestAccessLinesAreDistinctAndDependOnTheSeed(t *testing.T) {
	sc := Small()
	seen := map[string]bool{}
	for i := range sc.AccessRecords {
		l := AccessLine(3, sc, i)
		if seen[l] {
			t.Fatalf("line %d repeats: %s", i, l)
		}
		seen[l] = true
	}
	if AccessLine(3, sc, 5) == AccessLine(4, sc, 5) {
		t.Fatal("the seed does not change the lines")
	}
}
