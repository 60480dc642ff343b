//go:build linux

package ringway

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// LAYOUT 14.1: who may own a journal, and what its paths may be; LAYOUT 14.8: a segment truncated under the reader.

func needsRoot(t *testing.T) {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root to give a file to another uid (chown)")
	}
}

func journalOfThreeRecords(t *testing.T) string {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(3)
	return dir
}

func expectOpenRefused(t *testing.T, dir string, options JournalOptions, field, message string) {
	t.Helper()
	r, err := OpenJournalWithOptions(dir, options)
	if err == nil {
		r.Close()
		t.Fatalf("opened %s, expected %s", dir, message)
	}
	expectJournalError(t, err, ErrInvalidFile, field)
	if got := err.(*Error).Message; got != message {
		t.Fatalf("expected\n%s\ngot\n%s", message, got)
	}
}

func expectReadsThreeRecords(t *testing.T, dir string, options JournalOptions) {
	t.Helper()
	r, err := OpenJournalWithOptions(dir, options)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	seen := &seenRecords{t: t}
	if err := pollJournal(r, seen); err != nil {
		t.Fatal(err)
	}
	if len(seen.indexes) != 3 {
		t.Fatalf("read %d records, expected 3", len(seen.indexes))
	}
}

func TestJournalRefusesADirectoryOfAnotherUserUnlessAllowed(t *testing.T) {
	needsRoot(t)
	dir := journalOfThreeRecords(t)
	if err := os.Chown(dir, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	defer os.Chown(dir, 0, 0)
	expectOpenRefused(t, dir, JournalOptions{}, "owner", "journal directory belongs to another user: file="+dir+
		" field=owner found=uid 65534 expected=uid 0 (or allow other owners)")
	expectReadsThreeRecords(t, dir, JournalOptions{AllowOtherOwner: true})
}

func TestJournalRefusesADirectoryOtherUsersMayWriteUnlessAllowed(t *testing.T) {
	dir := journalOfThreeRecords(t)
	for _, mode := range []os.FileMode{0o777, 0o770, 0o720} {
		if err := os.Chmod(dir, mode); err != nil {
			t.Fatal(err)
		}
		expectOpenRefused(t, dir, JournalOptions{}, "directory", fmt.Sprintf("journal directory is writable by "+
			"other users (they could plant or swap segments): file=%s field=directory found=mode 0%o "+
			"expected=no group or other write bit (or allow other owners)", dir, mode))
		expectReadsThreeRecords(t, dir, JournalOptions{AllowOtherOwner: true})
	}
	_ = os.Chmod(dir, 0o700)
}

func TestJournalRefusesASegmentOfAnotherUserUnlessAllowed(t *testing.T) {
	needsRoot(t)
	dir := journalOfThreeRecords(t)
	segment := filepath.Join(dir, JournalSegmentFileName(0))
	if err := os.Chown(segment, 65534, 65534); err != nil {
		t.Fatal(err)
	}
	expectOpenRefused(t, dir, JournalOptions{}, "owner", "journal segment belongs to another user: file="+segment+
		" field=owner found=uid 65534 expected=uid 0 (or allow other owners)")
	expectReadsThreeRecords(t, dir, JournalOptions{AllowOtherOwner: true})
}

func TestJournalRefusesASymlinkedSegmentEvenWhenFollowingSymlinks(t *testing.T) {
	dir := journalOfThreeRecords(t)
	segment := filepath.Join(dir, JournalSegmentFileName(0))
	elsewhere := filepath.Join(t.TempDir(), "elsewhere")
	if err := os.Rename(segment, elsewhere); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, segment); err != nil {
		t.Fatal(err)
	}
	message := "not a regular journal segment file: file=" + segment + " field=fileType found=symlink " +
		"expected=regular file"
	expectOpenRefused(t, dir, JournalOptions{}, "fileType", message)
	expectOpenRefused(t, dir, JournalOptions{AllowOtherOwner: true, FollowSymlinks: true}, "fileType", message)
}

func TestJournalRefusesASymlinkedDirectoryUnlessAskedToFollowIt(t *testing.T) {
	dir := journalOfThreeRecords(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(dir, link); err != nil {
		t.Fatal(err)
	}
	expectOpenRefused(t, link, JournalOptions{}, "directory", "journal directory is a symlink: file="+link+
		" field=directory found=symlink expected=a directory (or ask to follow symlinks)")
	expectReadsThreeRecords(t, link, JournalOptions{FollowSymlinks: true})
}

// recordEnd is the file offset just past record index of a journal of one segment whose data starts at dataOffset.
func recordEnd(dataOffset, index int64) int64 {
	end := dataOffset
	for i := int64(0); i <= index; i++ {
		end += int64(layout.JournalRecordHeaderLength+len(testBody(i))+7) &^ 7
	}
	return end
}

func TestJournalReportsTruncationNotACorruptRecordWhenTheSegmentShrinksUnderTheReader(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 16*4096, 4, 128)
	w.appendRecords(300)
	if w.segmentCount > 1 {
		t.Fatalf("%d segments, expected 1", w.segmentCount)
	}
	segment := filepath.Join(dir, JournalSegmentFileName(0))
	// at the end of record 150, mid-page: the next header reads as zeros; and at a page boundary: a fault
	for _, truncateAt := range []int64{recordEnd(w.dataOffset, 150), (recordEnd(w.dataOffset, 150) + 4095) &^ 4095} {
		copyDir := t.TempDir()
		copied := filepath.Join(copyDir, JournalSegmentFileName(0))
		data, err := os.ReadFile(segment)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(copied, data, 0o600); err != nil {
			t.Fatal(err)
		}
		r := openTestJournal(t, copyDir)
		seen := &seenRecords{t: t}
		if n, err := r.Poll(seen.handler(), 10); n != 10 || err != nil {
			t.Fatalf("polled %d, %v", n, err)
		}
		if err := os.Truncate(copied, truncateAt); err != nil {
			t.Fatal(err)
		}
		err = pollJournal(r, seen)
		expectJournalError(t, err, ErrInvalidFile, "fileLength")
		expected := fmt.Sprintf("journal segment truncated while mapped: file=%s field=fileLength found=%d "+
			"expected=>=%d (committedEnd)", copied, truncateAt, w.committedEnd)
		if got := err.(*Error).Message; got != expected {
			t.Fatalf("expected\n%s\ngot\n%s", expected, got)
		}
		whole := 0
		for recordEnd(w.dataOffset, int64(whole)) <= truncateAt {
			whole++
		}
		if len(seen.indexes) != whole {
			t.Fatalf("delivered %d records, expected the %d that end before the cut", len(seen.indexes), whole)
		}
		if err := r.CheckNotTruncated(); err == nil {
			t.Fatal("CheckNotTruncated accepted a truncated segment")
		}
	}
}

func TestJournalReportsTruncationToAForwarderThatChecksAfterItsCopy(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 16*4096, 4, 128)
	w.appendRecords(300)
	segment := filepath.Join(dir, JournalSegmentFileName(0))
	r := openTestJournal(t, dir)
	// in the body of record 151: its header is intact, its body's tail reads as zeros
	truncateAt := recordEnd(w.dataOffset, 150) + layout.JournalRecordHeaderLength + 5
	forwarded := &seenRecords{t: t}
	refused := 0
	forward := func(index, timestampNs int64, typeID int32, body []byte) {
		copied := append([]byte(nil), body...)
		if r.CheckNotTruncated() != nil {
			refused++
			return
		}
		forwarded.handler()(index, timestampNs, typeID, copied)
	}
	if n, err := r.Poll(forward, 10); n != 10 || err != nil {
		t.Fatalf("polled %d, %v", n, err)
	}
	if err := os.Truncate(segment, truncateAt); err != nil {
		t.Fatal(err)
	}
	var err error
	for n := 1; n > 0 && err == nil; {
		n, err = r.Poll(forward, 50)
	}
	expectJournalError(t, err, ErrInvalidFile, "fileLength", "truncated while mapped")
	if len(forwarded.indexes) != 10 || refused == 0 {
		t.Fatalf("forwarded %d records (expected the 10 before the truncation), refused %d", len(forwarded.indexes),
			refused)
	}
}
