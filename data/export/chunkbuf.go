package export

import "io"

// chunkSize is the size of a chunkBuf chunk.
const chunkSize = 64 << 10

// chunkBuf is an append-only text buffer kept in fixed-size chunks, so a
// document body of tens of megabytes is never copied to grow it (a
// strings.Builder doubles and copies, and the big discarded arrays keep
// the garbage collector and the kernel busy).
type chunkBuf struct {
	chunks [][]byte
	n      int
}

// writeString appends s.
func (c *chunkBuf) writeString(s string) {
	c.n += len(s)
	for len(s) > 0 {
		if len(c.chunks) == 0 || len(c.chunks[len(c.chunks)-1]) == chunkSize {
			c.chunks = append(c.chunks, make([]byte, 0, chunkSize))
		}
		last := &c.chunks[len(c.chunks)-1]
		k := min(len(s), chunkSize-len(*last))
		*last = append(*last, s[:k]...)
		s = s[k:]
	}
}

// writeByte appends b.
func (c *chunkBuf) writeByte(b byte) {
	if len(c.chunks) == 0 || len(c.chunks[len(c.chunks)-1]) == chunkSize {
		c.chunks = append(c.chunks, make([]byte, 0, chunkSize))
	}
	last := &c.chunks[len(c.chunks)-1]
	*last = append(*last, b)
	c.n++
}

// Len is the number of bytes written.
func (c *chunkBuf) Len() int { return c.n }

// trimmedLen is Len without the trailing run of byte b.
func (c *chunkBuf) trimmedLen(b byte) int {
	n := c.n
	for i := len(c.chunks) - 1; i >= 0; i-- {
		ch := c.chunks[i]
		j := len(ch)
		for j > 0 && ch[j-1] == b {
			j--
		}
		n -= len(ch) - j
		if j > 0 {
			break
		}
	}
	return n
}

// writePrefix writes the first n bytes to w.
func (c *chunkBuf) writePrefix(w io.Writer, n int) error {
	for _, ch := range c.chunks {
		if n <= 0 {
			break
		}
		k := min(n, len(ch))
		if _, err := w.Write(ch[:k]); err != nil {
			return err
		}
		n -= k
	}
	return nil
}
