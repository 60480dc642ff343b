package ringway

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestTheModulesRingwayHShouldEqualCInterops checks the one-source-of-truth rule: c-interop/include/ringway.h is
// the C library, and this module carries a copy because a Go module zip cannot reach outside the module. Refresh
// the copy with: cp c-interop/include/ringway.h go-interop/ringway.h
func TestTheModulesRingwayHShouldEqualCInterops(t *testing.T) {
	source := filepath.Join("..", "c-interop", "include", "ringway.h")
	original, err := os.ReadFile(source)
	if os.IsNotExist(err) {
		t.Skip("c-interop/include/ringway.h not found: not in the Ringway repository")
	}
	if err != nil {
		t.Fatal(err)
	}
	mirror, err := os.ReadFile("ringway.h")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(original, mirror) {
		t.Fatalf("go-interop/ringway.h differs from %s: run cp c-interop/include/ringway.h go-interop/ringway.h",
			source)
	}
}
