package export

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"
)

func identity(s string) string { return s }

// TestMarkdownDocumentsMatchGolden pins every Markdown document of the
// fixture engagement (update with go test ./data/export -update).
func TestMarkdownDocumentsMatchGolden(t *testing.T) {
	docs, err := Render(fixtureBundle(identity))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 11 {
		t.Fatalf("Render returned %d documents, want 11", len(docs))
	}
	for _, d := range docs {
		t.Run(strings.TrimSuffix(d.Name, ".md"), func(t *testing.T) {
			golden.RequireEqual(t, d.Content)
		})
	}
}
