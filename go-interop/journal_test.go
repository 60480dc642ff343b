//go:build linux

package ringway

import (
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// testJournalWriter is a test-only journal writer (LAYOUT 14.4, 14.5), like c-interop's journal_test_writer.h: it
// creates segments as "<name>.tmp-<pid>" then renames them, appends records with their index entries, releases
// committedEnd after each, wakes parked followers (LAYOUT 14.9) after each commit and roll, and rolls when a record
// or its index entry does not fit. It takes no writer lease; Java's
// JournalWriter is the real writer, which the cross-language tests read.
type testJournalWriter struct {
	t               testing.TB
	dir             string
	segmentLength   int64
	indexSpacing    int32
	indexEntryCount int32
	dataOffset      int64
	data            []byte
	firstIndex      int64
	nextIndex       int64
	committedEnd    int64
	segmentCount    int
}

func newTestJournalWriter(t testing.TB, dir string, segmentLength int64, spacing, entries int32) *testJournalWriter {
	w := &testJournalWriter{t: t, dir: dir, segmentLength: segmentLength, indexSpacing: spacing,
		indexEntryCount: entries, dataOffset: layout.JournalDataOffset(entries)}
	w.data = w.createSegment(0)
	w.committedEnd = w.dataOffset
	t.Cleanup(w.close)
	return w
}

func storeInt64(data []byte, offset int64, value int64) {
	atomic.StoreInt64((*int64)(unsafe.Pointer(&data[offset])), value)
}

func storeInt32(data []byte, offset int64, value int32) {
	atomic.StoreInt32((*int32)(unsafe.Pointer(&data[offset])), value)
}

func (w *testJournalWriter) createSegment(firstIndex int64) []byte {
	path := filepath.Join(w.dir, JournalSegmentFileName(firstIndex))
	temporary := fmt.Sprintf("%s.tmp-%d", path, os.Getpid())
	file, err := os.OpenFile(temporary, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		w.t.Fatal(err)
	}
	defer file.Close()
	if err := file.Truncate(w.segmentLength); err != nil {
		w.t.Fatal(err)
	}
	data, err := syscall.Mmap(int(file.Fd()), 0, int(w.segmentLength), syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_SHARED)
	if err != nil {
		w.t.Fatal(err)
	}
	storeInt64(data, layout.JournalMagicOffset, layout.JournalMagic)
	storeInt32(data, layout.JournalHeaderLengthOffset, layout.JournalHeaderLength)
	storeInt64(data, layout.JournalSegmentLengthOffset, w.segmentLength)
	storeInt64(data, layout.JournalFirstIndexOffset, firstIndex)
	storeInt64(data, layout.JournalDataOffsetOffset, w.dataOffset)
	storeInt32(data, layout.JournalIndexSpacingOffset, w.indexSpacing)
	storeInt32(data, layout.JournalIndexEntryCountOffset, w.indexEntryCount)
	storeInt32(data, layout.JournalMaxMessageLengthOffset, int32(w.segmentLength-w.dataOffset-layout.JournalRecordHeaderLength))
	storeInt64(data, layout.JournalIDOffset, 0x1234567890ABCDEF)
	storeInt64(data, layout.JournalCommittedEndOffset, w.dataOffset)
	storeInt64(data, layout.JournalNextIndexOffset, firstIndex)
	storeInt32(data, layout.JournalVersionOffset, layout.JournalVersion)
	if err := os.Rename(temporary, path); err != nil {
		w.t.Fatal(err)
	}
	w.segmentCount++
	return data
}

func (w *testJournalWriter) roll() {
	next := w.createSegment(w.nextIndex)
	storeInt32(w.data, layout.JournalSegmentStateOffset, layout.JournalSegmentSealed)
	w.wakeFollowers(w.data) // LAYOUT 14.9: a follower parked on the old segment moves on
	_ = syscall.Munmap(w.data)
	w.data = next
	w.firstIndex = w.nextIndex
	w.committedEnd = w.dataOffset
}

func (w *testJournalWriter) append(typeID int32, body []byte, timestampNs int64) int64 {
	aligned := int64(layout.JournalRecordHeaderLength+len(body)+7) &^ 7
	relative := w.nextIndex - w.firstIndex
	needsEntry := relative%int64(w.indexSpacing) == 0
	k := relative / int64(w.indexSpacing)
	if w.committedEnd+aligned > w.segmentLength || (needsEntry && k >= int64(w.indexEntryCount)) {
		w.roll()
		return w.append(typeID, body, timestampNs)
	}
	at := w.committedEnd
	binary.LittleEndian.PutUint32(w.data[at:], uint32(layout.JournalRecordHeaderLength+len(body)))
	binary.LittleEndian.PutUint32(w.data[at+4:], uint32(typeID))
	binary.LittleEndian.PutUint64(w.data[at+8:], uint64(w.nextIndex))
	binary.LittleEndian.PutUint64(w.data[at+16:], uint64(timestampNs))
	copy(w.data[at+layout.JournalRecordHeaderLength:], body)
	if needsEntry {
		entry := layout.JournalHeaderLength + k*layout.JournalEntryLength
		binary.LittleEndian.PutUint64(w.data[entry:], uint64(at))
		binary.LittleEndian.PutUint64(w.data[entry+8:], uint64(timestampNs))
	}
	w.nextIndex++
	w.committedEnd += aligned
	storeInt64(w.data, layout.JournalNextIndexOffset, w.nextIndex)
	// SYNC POINT: pairs with the reader's acquire of committedEnd
	storeInt64(w.data, layout.JournalCommittedEndOffset, w.committedEnd)
	w.wakeFollowers(w.data)
	return w.nextIndex - 1
}

func (w *testJournalWriter) close() {
	if w.data != nil {
		_ = syscall.Munmap(w.data)
		w.data = nil
	}
}

// record i of the tests' journals: body length i % 97, byte j = i*31 + j, type id 1 + i % 5, timestamps 10 apart
// every third record (so that some are equal).
func testBody(index int64) []byte {
	body := make([]byte, index%97)
	for j := range body {
		body[j] = byte(index*31 + int64(j))
	}
	return body
}

func testTimestamp(index int64) int64 {
	return 1000 + (index/3)*10
}

func (w *testJournalWriter) appendRecords(count int) {
	for n := 0; n < count; n++ {
		index := w.nextIndex
		w.append(1+int32(index%5), testBody(index), testTimestamp(index))
	}
}

type seenRecords struct {
	t       *testing.T
	indexes []int64
}

func (s *seenRecords) handler() JournalHandler {
	return func(index, timestampNs int64, typeID int32, body []byte) {
		if timestampNs != testTimestamp(index) || typeID != 1+int32(index%5) || string(body) != string(testBody(index)) {
			s.t.Errorf("record %d: timestamp %d type %d body %d bytes differ from what was appended", index,
				timestampNs, typeID, len(body))
		}
		if n := len(s.indexes); n > 0 && s.indexes[n-1]+1 != index {
			s.t.Errorf("record %d after %d", index, s.indexes[n-1])
		}
		s.indexes = append(s.indexes, index)
	}
}

func pollJournal(r *JournalReader, seen *seenRecords) error {
	for {
		n, err := r.Poll(seen.handler(), 50)
		if err != nil || n == 0 {
			return err
		}
	}
}

func openTestJournal(t *testing.T, dir string) *JournalReader {
	t.Helper()
	r, err := OpenJournal(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

func expectJournalError(t *testing.T, err error, sentinel error, field string, contains ...string) {
	t.Helper()
	var detail *Error
	if !errors.Is(err, sentinel) || !errors.As(err, &detail) {
		t.Fatalf("expected %v, got %v", sentinel, err)
	}
	if detail.Field != field {
		t.Fatalf("expected field %s, got %s (%v)", field, detail.Field, err)
	}
	for _, text := range contains {
		if !strings.Contains(err.Error(), text) {
			t.Fatalf("%q does not contain %q", err.Error(), text)
		}
	}
}

func TestOpenJournalShouldRefuseADirectoryWithoutSegments(t *testing.T) {
	dir := t.TempDir()
	_, err := OpenJournal(dir)
	expectJournalError(t, err, ErrFileNotFound, "segments", "found=0")
	_, err = OpenJournal(filepath.Join(dir, "absent"))
	expectJournalError(t, err, ErrFileNotFound, "directory")
}

func TestJournalReaderShouldReadEveryRecordAcrossSeveralSegments(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(1000)
	if w.segmentCount < 10 {
		t.Fatalf("expected many segments, made %d", w.segmentCount)
	}
	r := openTestJournal(t, dir)
	seen := &seenRecords{t: t}
	if err := pollJournal(r, seen); err != nil {
		t.Fatal(err)
	}
	if len(seen.indexes) != 1000 || seen.indexes[0] != 0 || r.NextIndex() != 1000 {
		t.Fatalf("read %d records, next index %d", len(seen.indexes), r.NextIndex())
	}
	if r.JournalID() != 0x1234567890ABCDEF {
		t.Fatalf("journal id %x", r.JournalID())
	}
}

func TestJournalReaderShouldDeliverAtMostLimitRecords(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(30)
	r := openTestJournal(t, dir)
	seen := &seenRecords{t: t}
	for _, want := range []struct{ limit, delivered int }{{7, 7}, {0, 0}, {100, 23}, {100, 0}} {
		if n, err := r.Poll(seen.handler(), want.limit); n != want.delivered || err != nil {
			t.Fatalf("Poll(%d) = %d, %v; expected %d", want.limit, n, err, want.delivered)
		}
	}
}

func TestJournalReaderShouldFollowTheTailAcrossRolls(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 2, 4)
	r := openTestJournal(t, dir)
	seen := &seenRecords{t: t}
	for round := 0; round < 200; round++ {
		if n, err := r.Poll(seen.handler(), 100); n != 0 || err != nil {
			t.Fatalf("at the tail: %d, %v", n, err)
		}
		w.appendRecords(round % 4)
		if n, err := r.Poll(seen.handler(), 100); n != round%4 || err != nil {
			t.Fatalf("round %d: %d, %v", round, n, err)
		}
	}
	if w.segmentCount <= 10 || int64(len(seen.indexes)) != w.nextIndex {
		t.Fatalf("%d segments, read %d of %d", w.segmentCount, len(seen.indexes), w.nextIndex)
	}
}

func TestJournalReaderShouldFollowAWriterInAnotherGoroutine(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 2, 4)
	r := openTestJournal(t, dir)
	const count = 3000
	done := make(chan struct{})
	go func() {
		defer close(done)
		w.appendRecords(count)
	}()
	seen := &seenRecords{t: t}
	for len(seen.indexes) < count {
		if _, err := r.Poll(seen.handler(), 64); err != nil {
			t.Fatal(err)
		}
	}
	<-done
}

func TestJournalReaderShouldSeekToEveryIndexAcrossSegments(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(300)
	r := openTestJournal(t, dir)
	for index := int64(0); index < 300; index++ {
		if err := r.SeekIndex(index); err != nil {
			t.Fatal(err)
		}
		seen := &seenRecords{t: t}
		if n, err := r.Poll(seen.handler(), 1); n != 1 || err != nil || seen.indexes[0] != index {
			t.Fatalf("seek %d: %d, %v, %v", index, n, err, seen.indexes)
		}
	}
	if err := r.SeekStart(); err != nil {
		t.Fatal(err)
	}
	fromStart := &seenRecords{t: t}
	if n, err := r.Poll(fromStart.handler(), 1); n != 1 || err != nil || fromStart.indexes[0] != 0 {
		t.Fatalf("seek to start: %d, %v, %v", n, err, fromStart.indexes)
	}
	if err := r.SeekIndex(305); err != nil {
		t.Fatal(err)
	}
	seen := &seenRecords{t: t}
	if n, _ := r.Poll(seen.handler(), 10); n != 0 {
		t.Fatalf("delivered %d past the end", n)
	}
	w.appendRecords(10)
	if err := pollJournal(r, seen); err != nil || len(seen.indexes) != 5 || seen.indexes[0] != 305 {
		t.Fatalf("after appending: %v, %v", err, seen.indexes)
	}
}

func TestJournalReaderShouldRefuseToSeekBeforeTheFirstRecord(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(100)
	if err := os.Remove(filepath.Join(dir, JournalSegmentFileName(0))); err != nil {
		t.Fatal(err)
	}
	r := openTestJournal(t, dir)
	expectJournalError(t, r.SeekIndex(0), ErrInvalidArgument, "index", "found=0 expected=>=")
}

func TestJournalReaderShouldSeekByTimeToTheFirstRecordAtOrAfterIt(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(300)
	r := openTestJournal(t, dir)
	for time := int64(990); time <= testTimestamp(299)+1; time += 3 {
		expected := int64(0)
		for expected < 300 && testTimestamp(expected) < time {
			expected++
		}
		if err := r.SeekTime(time); err != nil {
			t.Fatal(err)
		}
		seen := &seenRecords{t: t}
		n, err := r.Poll(seen.handler(), 1)
		if err != nil || (expected < 300 && (n != 1 || seen.indexes[0] != expected)) || (expected == 300 && n != 0) {
			t.Fatalf("seek time %d: %d, %v, %v; expected index %d", time, n, err, seen.indexes, expected)
		}
	}
}

func TestJournalReaderShouldSeekToTheEndAndDeliverOnlyNewRecords(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(123)
	r := openTestJournal(t, dir)
	if err := r.SeekEnd(); err != nil || r.NextIndex() != 123 {
		t.Fatalf("%v, next index %d", err, r.NextIndex())
	}
	w.appendRecords(3)
	seen := &seenRecords{t: t}
	if err := pollJournal(r, seen); err != nil || len(seen.indexes) != 3 || seen.indexes[0] != 123 {
		t.Fatalf("%v, %v", err, seen.indexes)
	}
}

func TestJournalReaderShouldIgnoreTemporaryAndOtherFiles(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(20)
	for _, name := range []string{"00000000000000000000.rwj.tmp-99999", "0000000000000000000.rwj", "notes.txt",
		"000000000000000000001.rwj", "00000000000000000001.rwjx", "99999999999999999999.rwj"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("garbage"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	r := openTestJournal(t, dir)
	seen := &seenRecords{t: t}
	if err := pollJournal(r, seen); err != nil || len(seen.indexes) != 20 {
		t.Fatalf("%v, %d records", err, len(seen.indexes))
	}
	if err := r.SeekTime(maxInt64); err != nil {
		t.Fatal(err)
	}
}

func TestParseJournalSegmentFileNameShouldAcceptOnlyTwentyDigitNamesThatFitAnInt64(t *testing.T) {
	for name, want := range map[string]int64{"00000000000000812345.rwj": 812345, "09223372036854775807.rwj": maxInt64} {
		if got, ok := ParseJournalSegmentFileName(name); !ok || got != want {
			t.Errorf("%s: %d, %v", name, got, ok)
		}
	}
	for _, name := range []string{"09223372036854775808.rwj", "00000000000000812345.rwj.tmp-12",
		"0000000000000081234a.rwj", "short.rwj", "+0000000000000812345.rwj"} {
		if _, ok := ParseJournalSegmentFileName(name); ok {
			t.Errorf("%s accepted", name)
		}
	}
	if JournalSegmentFileName(812345) != "00000000000000812345.rwj" {
		t.Errorf("name %s", JournalSegmentFileName(812345))
	}
}

func patchFile(t *testing.T, path string, offset int64, value int64, width int) {
	t.Helper()
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	bytes := make([]byte, 8)
	binary.LittleEndian.PutUint64(bytes, uint64(value))
	if _, err := file.WriteAt(bytes[:width], offset); err != nil {
		t.Fatal(err)
	}
}

func TestOpenJournalShouldRefuseASegmentWithABadHeaderFieldNamingIt(t *testing.T) {
	cases := []struct {
		offset   int64
		value    int64
		width    int
		sentinel error
		field    string
	}{
		{layout.JournalMagicOffset, 42, 8, ErrInvalidFile, "magic"},
		{layout.JournalVersionOffset, 0x00020000, 4, ErrUnsupportedVersion, "journalVersion.major"},
		{layout.JournalHeaderLengthOffset, 2048, 4, ErrInvalidFile, "headerLength"},
		{layout.JournalSegmentLengthOffset, 8192, 8, ErrInvalidFile, "segmentLength"},
		{layout.JournalFirstIndexOffset, 7, 8, ErrInvalidFile, "firstIndex"},
		{layout.JournalIndexSpacingOffset, 3, 4, ErrInvalidFile, "indexSpacing"},
		{layout.JournalIndexSpacingOffset, 131072, 4, ErrInvalidFile, "indexSpacing"},
		{layout.JournalIndexEntryCountOffset, 0, 4, ErrInvalidFile, "indexEntryCount"},
		{layout.JournalIndexEntryCountOffset, 300, 4, ErrInvalidFile, "dataOffset"},
		{layout.JournalDataOffsetOffset, 4096 * 3, 8, ErrInvalidFile, "dataOffset"},
		{layout.JournalMaxMessageLengthOffset, 1 << 20, 4, ErrInvalidFile, "maxMessageLength"},
		{layout.JournalMaxMessageLengthOffset, -1, 4, ErrInvalidFile, "maxMessageLength"},
		{layout.JournalCommittedEndOffset, 3*4096 + 8, 8, ErrInvalidFile, "committedEnd"},
		{layout.JournalCommittedEndOffset, 2*4096 + 4, 8, ErrInvalidFile, "committedEnd"},
		{layout.JournalCommittedEndOffset, 8, 8, ErrInvalidFile, "committedEnd"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s=%d", c.field, c.value), func(t *testing.T) {
			dir := t.TempDir()
			w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
			w.appendRecords(5)
			patchFile(t, filepath.Join(dir, JournalSegmentFileName(0)), c.offset, c.value, c.width)
			_, err := OpenJournal(dir)
			expectJournalError(t, err, c.sentinel, c.field, "00000000000000000000.rwj")
		})
	}
}

func TestJournalReaderShouldRefuseASegmentOfAnotherJournal(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(200)
	r := openTestJournal(t, dir)
	firstIndexes, err := r.segments()
	if err != nil || len(firstIndexes) < 3 {
		t.Fatalf("%v, %v", err, firstIndexes)
	}
	patchFile(t, filepath.Join(dir, JournalSegmentFileName(firstIndexes[1])), layout.JournalIDOffset, 77, 8)
	seen := &seenRecords{t: t}
	expectJournalError(t, pollJournal(r, seen), ErrInvalidFile, "journalId", "found=0x4D expected=0x1234567890ABCDEF")
	if int64(len(seen.indexes)) != firstIndexes[1] {
		t.Fatalf("read %d records before the foreign segment at %d", len(seen.indexes), firstIndexes[1])
	}
}

func TestJournalReaderShouldStopBeforeACorruptRecordNamingItsOffsetAndField(t *testing.T) {
	cases := []struct {
		fieldOffset int64
		value       int64
		width       int
		field       string
		detail      string
	}{
		{layout.JournalRecordLengthOffset, 23, 4, "length", "found=23 expected=24.."},
		{layout.JournalRecordLengthOffset, 100000, 4, "length", "found=100000"},
		{layout.JournalRecordTypeIDOffset, 0, 4, "typeId", "found=0 expected=>=1"},
		{layout.JournalRecordTypeIDOffset, -1, 4, "typeId", "found=-1 expected=>=1"},
		{layout.JournalRecordIndexOffset, 99, 8, "index", "found=99 expected=3"},
		{layout.JournalRecordTimestampOffset, 5, 8, "timestampNs", "found=5 expected=>=1000"},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s=%d", c.field, c.value), func(t *testing.T) {
			dir := t.TempDir()
			w := newTestJournalWriter(t, dir, 4*4096, 4, 8)
			w.appendRecords(6)
			// record 3 follows records of 0, 1 and 2 body bytes: 24 + 32 + 32
			recordOffset := w.dataOffset + 24 + 32 + 32
			patchFile(t, filepath.Join(dir, JournalSegmentFileName(0)), recordOffset+c.fieldOffset, c.value, c.width)
			r := openTestJournal(t, dir)
			seen := &seenRecords{t: t}
			if n, err := r.Poll(seen.handler(), 10); n != 3 || err != nil {
				t.Fatalf("before the corrupt record: %d, %v", n, err)
			}
			for i := 0; i < 2; i++ {
				_, err := r.Poll(seen.handler(), 10)
				expectJournalError(t, err, ErrCorruptRecord, c.field, fmt.Sprintf("offset=%d", recordOffset), c.detail,
					"00000000000000000000.rwj")
			}
			if len(seen.indexes) != 3 || r.NextIndex() != 3 {
				t.Fatalf("moved past the corrupt record: %v, %d", seen.indexes, r.NextIndex())
			}
		})
	}
}

func TestJournalReaderShouldReportABodyLongerThanMaxMessageLength(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 4*4096, 4, 8)
	w.appendRecords(50)
	patchFile(t, filepath.Join(dir, JournalSegmentFileName(0)), layout.JournalMaxMessageLengthOffset, 10, 4)
	r := openTestJournal(t, dir)
	seen := &seenRecords{t: t}
	expectJournalError(t, pollJournal(r, seen), ErrCorruptRecord, "length",
		"found=35 expected=<=34 (maxMessageLength + header)")
	if len(seen.indexes) != 11 {
		t.Fatalf("read %d", len(seen.indexes))
	}
}

func TestJournalReaderShouldRefuseASealedSegmentWhoseNextIndexDisagrees(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(200)
	patchFile(t, filepath.Join(dir, JournalSegmentFileName(0)), layout.JournalNextIndexOffset, 5, 8)
	r := openTestJournal(t, dir)
	expectJournalError(t, pollJournal(r, &seenRecords{t: t}), ErrInvalidFile, "nextIndex", "found=5")
}

func TestJournalReaderShouldReportAMissingNextSegment(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(200)
	r := openTestJournal(t, dir)
	firstIndexes, _ := r.segments()
	if err := os.Remove(filepath.Join(dir, JournalSegmentFileName(firstIndexes[1]))); err != nil {
		t.Fatal(err)
	}
	expectJournalError(t, pollJournal(r, &seenRecords{t: t}), ErrFileNotFound, "file")
}

func TestJournalReaderShouldDetectASegmentTruncatedWhileFollowedWhenIdle(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(3)
	r := openTestJournal(t, dir)
	r.SetIdlePollsPerLengthCheck(4)
	if err := pollJournal(r, &seenRecords{t: t}); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(filepath.Join(dir, JournalSegmentFileName(0)), 2*4096); err != nil {
		t.Fatal(err)
	}
	var err error
	polls := 0
	for ; err == nil && polls < 10; polls++ {
		_, err = r.Poll(nil, 10)
	}
	expectJournalError(t, err, ErrInvalidFile, "fileLength", "found=8192 expected=12288")
	if polls > 4 {
		t.Fatalf("noticed after %d idle polls", polls)
	}
}

func TestJournalReaderShouldReportAFaultOnATruncatedSegmentInsteadOfCrashing(t *testing.T) {
	dir := t.TempDir()
	w := newTestJournalWriter(t, dir, 3*4096, 4, 8)
	w.appendRecords(3)
	r := openTestJournal(t, dir)
	// the records start at 8192: cut the file there, so that reading the first record touches a page past the end
	if err := os.Truncate(filepath.Join(dir, JournalSegmentFileName(0)), 2*4096); err != nil {
		t.Fatal(err)
	}
	_, err := r.Poll(nil, 10)
	expectJournalError(t, err, ErrInvalidFile, "fileLength", "truncated while mapped",
		fmt.Sprintf("found=8192 expected=>=%d (committedEnd)", w.committedEnd))
}

func TestJournalReaderShouldRefuseUseAfterClose(t *testing.T) {
	dir := t.TempDir()
	newTestJournalWriter(t, dir, 3*4096, 4, 8)
	r := openTestJournal(t, dir)
	r.Close()
	r.Close()
	_, err := r.Poll(nil, 1)
	expectJournalError(t, err, ErrClosed, "directory")
	for _, seek := range []error{r.SeekIndex(0), r.SeekTime(0), r.SeekEnd(), r.SeekStart()} {
		expectJournalError(t, seek, ErrClosed, "directory")
	}
}

// BenchmarkJournalPoll measures Poll with an empty handler over 100,000 records of 64 bytes in 16 MiB segments (the
// cost of the checks of LAYOUT 14.8 and the segment moves, without the cost of a handler):
//
//	go test -run '^$' -bench BenchmarkJournalPoll -count 5 .
func BenchmarkJournalPoll(b *testing.B) {
	dir := b.TempDir()
	w := newTestJournalWriter(b, dir, 16<<20, 64, 4096)
	body := make([]byte, 64)
	for i := 0; i < 100_000; i++ {
		w.append(1, body, int64(1000+i))
	}
	r, err := OpenJournal(dir)
	if err != nil {
		b.Fatal(err)
	}
	defer r.Close()
	handler := func(int64, int64, int32, []byte) {}
	b.ReportAllocs()
	b.ResetTimer()
	for read := 0; read < b.N; {
		n, err := r.Poll(handler, min(b.N-read, 1024))
		if err != nil {
			b.Fatal(err)
		}
		if n == 0 {
			if err := r.SeekStart(); err != nil {
				b.Fatal(err)
			}
		}
		read += n
	}
}
