//go:build windows

package ringway

import (
	"errors"
	"strings"
	"testing"
)

// Journals are not read on Windows yet: opening one says so and names the platform, rather than failing on a check
// that does not apply.
func TestShouldRefuseToOpenAJournalNamingThePlatform(t *testing.T) {
	_, err := OpenJournal(testDirectory(t))
	var detail *Error
	if !errors.As(err, &detail) || !errors.Is(err, ErrIO) || detail.Field != "platform" ||
		!strings.HasPrefix(detail.Found, "windows/") {
		t.Fatalf("expected the platform named, got %v", err)
	}
}
