package records

import (
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"auditwalk/model"
)

// genReader produces a large input on demand, so tests and benchmarks of
// streaming never hold the whole file themselves.
type genReader struct {
	prefix, sep, suffix string
	n, i                int
	line                func(i int) string
	pending             []byte
	done                bool
}

func newGen(prefix string, n int, sep, suffix string, line func(int) string) *genReader {
	return &genReader{prefix: prefix, sep: sep, suffix: suffix, n: n, line: line, pending: []byte(prefix)}
}

func (g *genReader) Read(p []byte) (int, error) {
	for len(g.pending) < len(p) && !g.done {
		switch {
		case g.i < g.n:
			if g.i > 0 {
				g.pending = append(g.pending, g.sep...)
			}
			g.pending = append(g.pending, g.line(g.i)...)
			g.i++
		default:
			g.pending = append(g.pending, g.suffix...)
			g.done = true
		}
	}
	if len(g.pending) == 0 {
		return 0, io.EOF
	}
	n := copy(p, g.pending)
	g.pending = g.pending[n:]
	if len(g.pending) == 0 {
		g.pending = nil // let the backing array go
	}
	return n, nil
}

// cloudTrailLine is a realistic Bedrock InvokeModel event.
func cloudTrailLine(i int) string {
	t := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Second)
	return fmt.Sprintf(`{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:app-%d","arn":"arn:aws:sts::111122223333:assumed-role/app-role-%d/session","accountId":"111122223333"},"eventTime":%q,"eventSource":"bedrock.amazonaws.com","eventName":"InvokeModel","awsRegion":"us-east-1","sourceIPAddress":"10.0.%d.%d","userAgent":"Boto3/1.34.0","requestParameters":{"modelId":"anthropic.claude-3-haiku-20240307-v1:0"},"responseElements":null,"requestID":"req-%08d","eventID":"evt-%08d","readOnly":true,"eventType":"AwsApiCall","recipientAccountId":"111122223333","eventCategory":"Data"}`,
		i%50, i%7, t.Format(time.RFC3339), (i/256)%256, i%256, i, i)
}

// heapAfterGC is the live heap in use.
func heapAfterGC() uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapInuse
}

func TestLargeInputsReadWithFlatMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 200k generated records")
	}
	const n = 200_000
	cases := map[string]func() io.Reader{
		"jsonl":   func() io.Reader { return newGen("", n, "\n", "\n", cloudTrailLine) },
		"records": func() io.Reader { return newGen("{\"Records\":[\n", n, ",\n", "\n]}\n", cloudTrailLine) },
		"csv": func() io.Reader {
			return newGen("time,user,action,model\n", n, "", "", func(i int) string {
				return fmt.Sprintf("2025-01-01T00:00:%02dZ,user-%d,InvokeModel,\"model\n%d\"\n", i%60, i, i)
			})
		},
	}
	for name, input := range cases {
		t.Run(name, func(t *testing.T) {
			base := heapAfterGC()
			var peak uint64
			count, lastLine := 0, 0
			_, err := ReadAccessLog(name, input(), Options{}, func(e model.AccessEvent) error {
				count++
				lastLine = e.Line
				if count%20_000 == 0 {
					peak = max(peak, heapAfterGC())
				}
				return nil
			})
			if err != nil || count != n {
				t.Fatalf("read %d of %d events: %v", count, n, err)
			}
			const budget = 8 << 20
			if peak > base+budget {
				t.Errorf("heap grew from %d KiB to %d KiB reading %d records; want under %d KiB growth",
					base>>10, peak>>10, n, budget>>10)
			}
			if name == "csv" && lastLine != 2*n {
				t.Errorf("last CSV record at line %d, want %d", lastLine, 2*n)
			}
			if name == "records" && lastLine != n+1 {
				t.Errorf("last record at line %d, want %d", lastLine, n+1)
			}
		})
	}
}

// BenchmarkReadCloudTrailJSONL measures decoding Bedrock CloudTrail events
// one per line; events/s is the figure to watch.
func BenchmarkReadCloudTrailJSONL(b *testing.B) {
	const n = 10_000
	var sb strings.Builder
	for i := range n {
		sb.WriteString(cloudTrailLine(i))
		sb.WriteByte('\n')
	}
	data := sb.String()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		count := 0
		if _, err := ReadAccessLog("bench.jsonl", strings.NewReader(data), Options{}, func(model.AccessEvent) error {
			count++
			return nil
		}); err != nil || count != n {
			b.Fatalf("read %d events: %v", count, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkReadAccessLog1M streams a million generated CloudTrail events
// in the log-file layout ({"Records":[...]}) and reports the peak heap
// seen while reading, sampled every 100k events.
func BenchmarkReadAccessLog1M(b *testing.B) {
	const n = 1_000_000
	var peak uint64
	for b.Loop() {
		count := 0
		_, err := ReadAccessLog("big.json", newGen("{\"Records\":[\n", n, ",\n", "\n]}\n", cloudTrailLine), Options{},
			func(model.AccessEvent) error {
				count++
				if count%100_000 == 0 {
					var ms runtime.MemStats
					runtime.ReadMemStats(&ms)
					peak = max(peak, ms.HeapInuse)
				}
				return nil
			})
		if err != nil || count != n {
			b.Fatalf("read %d events: %v", count, err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "events/s")
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}
