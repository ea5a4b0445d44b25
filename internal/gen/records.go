package gen

import (
	"bufio"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"auditwalk/data"
	"auditwalk/data/ingest/records"
	"auditwalk/model"
)

// AccessLogName is the source name the generated access log is imported as.
const AccessLogName = "generated-access-log.jsonl"

// evidence writes Scale.Evidence small files next to the engagement and
// attaches each (stored in the file, as the app does for small files) to
// an answer, a system, a vendor or an exception in turn.
func (b *builder) evidence(ctx context.Context) error {
	snap, err := b.st.Load(ctx) // for the answers saved since the inventory step
	if err != nil {
		return err
	}
	answerKeys := make([]model.AnswerKey, 0, len(snap.Answers))
	for k := range snap.Answers {
		answerKeys = append(answerKeys, k)
	}
	sortKeys(answerKeys)
	for i := 1; i <= b.cfg.Scale.Evidence; i++ {
		path := filepath.Join(b.evidenceDir(), fmt.Sprintf("evidence-%05d.txt", i))
		body := fmt.Sprintf("Evidence %d (seed %d)\nScreenshot export of the control in operation.\n%s\n", i, b.cfg.Seed,
			randomText(b, 64+b.rng.IntN(1024)))
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			return err
		}
		if _, err := b.st.AttachEvidence(ctx, b.evidenceTarget(i, answerKeys), path,
			data.AttachOptions{EffectiveDate: "2026-02-27", Retention: "2033-03-31", Note: fmt.Sprintf("item %d", i)}); err != nil {
			return fmt.Errorf("evidence %d: %w", i, err)
		}
		b.sum.Evidence++
	}
	return nil
}

func (b *builder) evidenceTarget(i int, answers []model.AnswerKey) string {
	r := b.rng
	switch i % 4 {
	case 0:
		k := answers[r.IntN(len(answers))]
		return "answer:" + k.QuestionID + "@" + k.Subject
	case 1:
		return "system:" + strconv.FormatInt(b.snap.Systems[r.IntN(len(b.snap.Systems))].ID, 10)
	case 2:
		return "vendor:" + strconv.FormatInt(b.snap.Vendors[r.IntN(len(b.snap.Vendors))].ID, 10)
	default:
		return "exception:" + strconv.FormatInt(b.exIDs[r.IntN(len(b.exIDs))], 10)
	}
}

func randomText(b *builder, n int) string {
	const letters = "abcdefghijklmnopqrstuvwxyz      "
	out := make([]byte, n)
	for i := range out {
		out[i] = letters[b.rng.IntN(len(letters))]
	}
	return string(out)
}

// accessLog streams Scale.AccessRecords JSONL lines through an io.Pipe into
// ImportAccessLog: the bulk path, one transaction, memory flat.
func (b *builder) accessLog(ctx context.Context) error {
	pr, pw := io.Pipe()
	go func() { pw.CloseWithError(WriteAccessLog(pw, b.cfg.Seed, b.cfg.Scale)) }()
	res, err := b.st.ImportAccessLog(ctx, AccessLogName, pr, records.FormatJSON, nil, false)
	pr.CloseWithError(io.ErrClosedPipe) // stop the writer if the import gave up early
	if err != nil {
		return err
	}
	b.sum.AccessRecords = res.New
	if res.New != b.cfg.Scale.AccessRecords {
		return fmt.Errorf("imported %d new records of %d", res.New, b.cfg.Scale.AccessRecords)
	}
	return nil
}

// WriteAccessLog writes the access log Generate imports for seed and scale
// as JSON lines: mostly calls by the systems' service identities, some by
// people, a few to services no system declares (shadow AI). Every line is
// distinct. The benchmark script imports the same rows as CSV.
func WriteAccessLog(w io.Writer, seed uint64, sc Scale) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	for i := range sc.AccessRecords {
		if _, err := bw.WriteString(AccessLine(seed, sc, i)); err != nil {
			return err
		}
		if err := bw.WriteByte('\n'); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// AccessLine is line i of the generated access log. It derives from i and
// the seed alone (not the generator's random stream), so the log can be
// written independently of the rest.
func AccessLine(seed uint64, sc Scale, i int) string {
	r := accessRow(seed, sc, i)
	return fmt.Sprintf(`{"time":%q,"actor":%q,"action":%q,"service":%q,"model":%q,"resource":%q,"ip":%q,"outcome":%q,"id":%q}`,
		r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
}

// AccessCSVHeader is the header row of WriteAccessLogCSV.
func AccessCSVHeader() []string {
	return []string{"time", "actor", "action", "service", "model", "resource", "ip", "outcome", "id"}
}

// WriteAccessLogCSV writes the same rows as WriteAccessLog as CSV with a
// header: the floor of the import benchmark (sqlite3 .import) and
// auditwalk both read this file.
func WriteAccessLogCSV(w io.Writer, seed uint64, sc Scale) error {
	bw := bufio.NewWriterSize(w, 256<<10)
	cw := csv.NewWriter(bw)
	if err := cw.Write(AccessCSVHeader()); err != nil {
		return err
	}
	for i := range sc.AccessRecords {
		r := accessRow(seed, sc, i)
		if err := cw.Write(r[:]); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

// accessRow is row i's fields in AccessCSVHeader order.
func accessRow(seed uint64, sc Scale, i int) [9]string {
	h := mix(seed, uint64(i))
	t := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * 15 * time.Second)
	sys := 1 + int(h%uint64(max(sc.Systems, 1)))
	actor, resource, service := systemIdentity(sys), fmt.Sprintf("proj-%04d", sys), "openai"
	switch (h >> 20) % 16 {
	case 0:
		actor, resource, service = fmt.Sprintf("user%04d@example.com", (h>>24)%5000), "chat.example-ai.app", "unapproved-ai"
	case 1, 2:
		actor = fmt.Sprintf("user%04d@example.com", (h>>24)%5000)
	}
	outcome := "success"
	if (h>>32)%50 == 0 {
		outcome = "denied"
	}
	return [9]string{t.Format(time.RFC3339), actor, "chat.completions", service, modelNames()[(h>>40)%uint64(len(modelNames()))],
		resource, fmt.Sprintf("10.%d.%d.%d", (h>>8)%256, (h>>16)%256, (h>>48)%256), outcome, fmt.Sprintf("evt-%d-%d", seed, i)}
}

// mix is SplitMix64 over seed and i: a cheap stateless hash for per-line
// choices.
func mix(seed, i uint64) uint64 {
	z := seed*0x9e3779b97f4a7c15 + i + 0x632be59bd9b4e019
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
