//go:build linux

package ringway

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"unsafe"
)

const fuzzSegmentLength = 3 * 4096

// FuzzJournalSegment feeds hostile segment bytes to the Go journal reader (LAYOUT 14.8): it opens the journal, polls
// to the end, seeks by index, by time and to the end and polls again. Nothing may crash or hang, every failure must
// be an *Error with a known sentinel, a file and a field, and every body must lie inside the segment being read.
//
// Input: the first byte picks the mode (as c-interop/fuzz/fuzz_journal_segment.c does).
//   - even: the rest of the input is written over the start of a zero-filled 12288-byte segment 0;
//   - odd: a valid journal is written by the test writer (byte 1: records, byte 2: index spacing), then the rest is
//     applied as patches [segment, offset low, offset high, length, bytes...] at offset * 8 % segmentLength of the
//     segment picked.
//
// Bytes 3..7 give the index and the time the reader seeks to. go-check.sh runs a fixed budget in every build; fuzz
// longer with
//
//	go test -run '^$' -fuzz '^FuzzJournalSegment$' -fuzztime 10m .
func FuzzJournalSegment(f *testing.F) {
	f.Add([]byte{1, 40, 1, 5, 0, 0, 110, 0, 0, 0, 0})
	f.Add([]byte{1, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0x00, 0x04, 4, 23, 0, 0, 0})
	f.Add([]byte{0, 0x52, 0x57, 0x4A, 0x4F, 0x55, 0x52, 0x4E, 0x4C, 0, 0, 1, 0, 0, 0x10, 0, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) == 0 {
			return
		}
		dir := t.TempDir()
		if data[0]%2 == 0 {
			segment := make([]byte, fuzzSegmentLength)
			copy(segment, data[1:])
			if err := os.WriteFile(filepath.Join(dir, JournalSegmentFileName(0)), segment, 0o600); err != nil {
				t.Fatal(err)
			}
		} else {
			writePatchedJournal(t, dir, data[1:])
		}
		var seekIndex, seekTime int64
		if len(data) >= 11 {
			seekIndex = int64(data[3]) | int64(data[4])<<8 | int64(data[5])<<16
			seekTime = 990 + (int64(data[6]) | int64(data[7])<<8)
		}
		exerciseJournal(t, dir, seekIndex, seekTime)
	})
}

func writePatchedJournal(t *testing.T, dir string, data []byte) {
	spacing := int32(1)
	records := 8
	if len(data) > 1 {
		spacing = 1 << (data[1] % 4)
	}
	if len(data) > 0 {
		records = int(data[0] % 64)
	}
	w := newTestJournalWriter(t, dir, fuzzSegmentLength, spacing, 8)
	for i := 0; i < records; i++ {
		body := make([]byte, (i*37)%200)
		for j := range body {
			body[j] = byte(i)
		}
		w.append(1+int32(i%3), body, 1000+int64(i)*5)
	}
	firstIndexes := []int64{}
	entries, _ := os.ReadDir(dir)
	for _, entry := range entries {
		if firstIndex, ok := ParseJournalSegmentFileName(entry.Name()); ok {
			firstIndexes = append(firstIndexes, firstIndex)
		}
	}
	w.close()
	data = data[min(len(data), 2):]
	for len(data) >= 4 {
		path := filepath.Join(dir, JournalSegmentFileName(firstIndexes[int(data[0])%len(firstIndexes)]))
		offset := (int64(data[1]) | int64(data[2])<<8) * 8 % fuzzSegmentLength
		length := min(int(data[3])%17, len(data)-4, int(fuzzSegmentLength-offset))
		patch := data[4 : 4+length]
		data = data[4+length:]
		file, err := os.OpenFile(path, os.O_RDWR, 0)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := file.WriteAt(patch, offset); err != nil {
			t.Fatal(err)
		}
		file.Close()
	}
}

func checkJournalFailure(t *testing.T, err error) {
	var detail *Error
	if !errors.As(err, &detail) || detail.File == "" || detail.Field == "" || detail.Code.Sentinel() == errUnknownCode {
		t.Fatalf("failure without a file, field and known code: %#v", err)
	}
}

func exerciseJournal(t *testing.T, dir string, seekIndex, seekTime int64) {
	r, err := OpenJournal(dir)
	if err != nil {
		checkJournalFailure(t, err)
		return
	}
	defer r.Close()
	handler := func(index, timestampNs int64, typeID int32, body []byte) {
		segment := r.segment.data
		if typeID < 1 || len(body) > int(r.segment.maxMessageLength) ||
			(len(body) > 0 && !inside(segment, body)) {
			t.Fatalf("record %d: type %d, body of %d bytes outside the segment", index, typeID, len(body))
		}
	}
	pollToEnd := func() {
		for i := 0; i < 256; i++ {
			n, err := r.Poll(handler, 7)
			if err != nil {
				checkJournalFailure(t, err)
				return
			}
			if n == 0 {
				return
			}
		}
	}
	pollToEnd()
	for _, seek := range []func() error{
		func() error { return r.SeekIndex(seekIndex) },
		func() error { return r.SeekTime(seekTime) },
		r.SeekEnd,
	} {
		if err := seek(); err != nil {
			checkJournalFailure(t, err)
			continue
		}
		pollToEnd()
	}
}

// inside reports whether body lies within segment's backing array.
func inside(segment, body []byte) bool {
	if len(segment) == 0 {
		return false
	}
	start := &segment[0]
	end := &segment[len(segment)-1]
	first := &body[0]
	last := &body[len(body)-1]
	return uintptrOf(first) >= uintptrOf(start) && uintptrOf(last) <= uintptrOf(end)
}

func uintptrOf(b *byte) uintptr {
	return uintptr(unsafe.Pointer(b))
}
