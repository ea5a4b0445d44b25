package data

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"auditwalk/model"
)

// BenchmarkSaveAnswerVsBareInsert times an answer save and the floor's bare
// INSERT+COMMIT alternately, one of each per iteration, and reports the
// median of each and their ratio (save/bare). Both wait on fsync, whose
// latency on a shared machine swings by 10× within seconds; run one after
// the other (BenchmarkSaveAnswer, then BenchmarkBareInsertCommit) they see
// different disks, alternated they see the same one.
func BenchmarkSaveAnswerVsBareInsert(b *testing.B) {
	ctx := context.Background()
	s, _ := newTestStore(b)
	db := newBareDB(b)
	saves := make([]time.Duration, 0, b.N)
	bares := make([]time.Duration, 0, b.N)
	b.ResetTimer()
	for i := range b.N {
		a := model.Answer{QuestionID: "q" + strconv.Itoa(i%500), Subject: model.SubjectOrg, Value: "v" + strconv.Itoa(i)}
		t0 := time.Now()
		if _, err := s.SaveAnswer(ctx, a); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := bareInsertCommit(db, i); err != nil {
			b.Fatal(err)
		}
		saves = append(saves, t1.Sub(t0))
		bares = append(bares, time.Since(t1))
	}
	save, bare := median(saves), median(bares)
	b.ReportMetric(float64(save.Nanoseconds()), "save-ns")
	b.ReportMetric(float64(bare.Nanoseconds()), "bare-ns")
	b.ReportMetric(float64(save)/float64(bare), "save/bare")
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}
