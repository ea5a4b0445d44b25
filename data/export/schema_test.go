package export

import (
	"reflect"
	"strings"
	"testing"
)

// TestSchemaDocumentsEveryRegisterColumn keeps SCHEMA.md in step with the
// row structs: every register has a section and every column is named.
func TestSchemaDocumentsEveryRegisterColumn(t *testing.T) {
	v, err := newView(&Bundle{AsOf: "2025-01-01"})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range v.registers(1) {
		i := strings.Index(schemaDoc, "\n## "+r.name+"\n")
		if i < 0 {
			t.Errorf("SCHEMA.md has no section for %s", r.name)
			continue
		}
		section := schemaDoc[i+1:]
		if j := strings.Index(section[3:], "\n## "); j >= 0 {
			section = section[:j+3]
		}
		for _, col := range columns(reflect.TypeOf(r.build()).Elem()) {
			if !strings.Contains(section, col) {
				t.Errorf("SCHEMA.md section %s does not describe column %s", r.name, col)
			}
		}
	}
}
