package export

import (
	"bytes"
	"strings"
	"testing"
)

// A chunked body must read back exactly as written, across chunk
// boundaries, with trailing newlines trimmed even when they span chunks.
func TestChunkBufKeepsTextAcrossChunksAndTrimsTrailingNewlines(t *testing.T) {
	var c chunkBuf
	var want strings.Builder
	for i := 0; want.Len() < 3*chunkSize; i++ {
		s := strings.Repeat("x", i%997) + "|"
		c.writeString(s)
		c.writeByte('y')
		want.WriteString(s + "y")
	}
	body := want.String()
	tail := strings.Repeat("\n", chunkSize-len(c.chunks[len(c.chunks)-1])+10)
	c.writeString(tail)
	if c.Len() != len(body)+len(tail) {
		t.Fatalf("Len = %d, want %d", c.Len(), len(body)+len(tail))
	}
	n := c.trimmedLen('\n')
	if n != len(body) {
		t.Fatalf("trimmedLen = %d, want %d", n, len(body))
	}
	var got bytes.Buffer
	if err := c.writePrefix(&got, n); err != nil {
		t.Fatal(err)
	}
	if got.String() != body {
		t.Error("body read back differs from what was written")
	}
}
