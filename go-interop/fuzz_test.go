package ringway

import (
	"encoding/binary"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"unsafe"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// FuzzOpenChannelFile turns arbitrary bytes into a channel file, then opens it, takes its Status, attaches a
// consumer (unblock timeout 0, so that every stuck MPSC claim is padded at once, LAYOUT 7.1) and polls, attaches a
// producer (which runs the SPSC repair walk) and offers, takes the Status again, and finally truncates the file while
// it is mapped and checks that Status and a new attach see it (LAYOUT 11.1). Nothing may crash, every failure must be
// an *Error with a known sentinel and a key=value detail, and every body handed to the handler must lie inside the
// mapped ring with a valid length. Poll, PollBatch, Offer and TryClaim/Commit/Abort run the Go hot path
// (fastpath.go), so the fuzzer feeds hostile records and positions to its checks.
//
// Input: the first byte picks the mode (as c-interop/fuzz/fuzz_channel_file.c does).
//   - even: the rest of the input is the whole file, byte for byte;
//   - odd: a valid channel is created (capacity 64 << (byte 1 % 7), kind from byte 2), its file cut to byte 3 * 64
//     bytes when byte 3 is not 0, and the rest applied as patches [offset low, offset high, length, bytes...] at
//     offset * 8 % file length, so that the fuzzer reaches the checks after the identity fields and the ring.
//
// The seed corpus in testdata/fuzz/FuzzOpenChannelFile runs in every go test. Fuzz longer with
//
//	go test -run '^$' -fuzz '^FuzzOpenChannelFile$' -fuzztime 10m .
func FuzzOpenChannelFile(f *testing.F) {
	f.Add([]byte{0, 'R', 'I', 'N', 'G', 'W', 'A', 'Y', 0})
	f.Add([]byte{1, 0, 1, 0})
	f.Add([]byte{1, 2, 2, 0})
	dir := testDirectory(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		path := filepath.Join(dir, "fuzz.ringway")
		_ = os.Remove(path)
		if !writeFuzzFile(t, path, data) {
			return
		}
		exerciseChannel(t, path)
	})
}

func writeFuzzFile(t *testing.T, path string, data []byte) bool {
	if len(data) == 0 {
		return false
	}
	if data[0]%2 == 0 {
		if err := os.WriteFile(path, data[1:], 0o600); err != nil {
			t.Fatal(err)
		}
		return true
	}
	if len(data) < 4 {
		return false
	}
	kind := SPSC
	if data[2]%2 == 1 {
		kind = MPSC
	}
	ch, err := Create(path, CreateOptions{Kind: kind, Capacity: MinCapacity << (data[1] % 7)})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Close(); err != nil {
		t.Fatal(err)
	}
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if data[3] != 0 && int(data[3])*64 < len(file) {
		file = file[:int(data[3])*64]
	}
	for patch := data[4:]; len(patch) >= 3 && len(file) > 0; {
		offset := int(binary.LittleEndian.Uint16(patch)) * 8 % len(file)
		length := min(int(patch[2]), len(patch)-3)
		copy(file[offset:], patch[3:3+length])
		patch = patch[3+length:]
	}
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	return true
}

func exerciseChannel(t *testing.T, path string) {
	ch, err := Open(path, OpenOptions{})
	if err != nil {
		requireDetailedError(t, err)
		return
	}
	defer ch.Close()
	capacity := ch.Capacity()
	maxLength := ch.MaxMessageLength()
	if capacity < MinCapacity || capacity > MaxCapacity || capacity&(capacity-1) != 0 || maxLength != capacity/8 {
		t.Fatalf("opened a channel with capacity=%d maxMessageLength=%d", capacity, maxLength)
	}
	// an injected clock that moves on every read drives the heartbeats and the unblock rule through the Go callback
	var clockMs int64
	if err := ch.SetClock(func() int64 { clockMs++; return clockMs }); err != nil {
		t.Fatal(err)
	}
	if err := ch.SetUnblockTimeout(0); err != nil {
		t.Fatal(err)
	}
	requireSaneStatus(t, ch, false)
	consumer, err := ch.Consumer()
	if err != nil {
		requireDetailedError(t, err)
	} else {
		ringStart, ringEnd := ch.ringBounds()
		for range 4 {
			_, err := consumer.Poll(func(typeID int32, body []byte) {
				if typeID < 1 || len(body) > maxLength {
					t.Fatalf("delivered typeId=%d length=%d (max %d)", typeID, len(body), maxLength)
				}
				if len(body) > 0 {
					start := uintptr(unsafe.Pointer(&body[0]))
					if start < ringStart || start+uintptr(len(body)) > ringEnd {
						t.Fatalf("body outside the ring")
					}
				}
			}, 64)
			if err != nil {
				requireDetailedError(t, err)
				break
			}
		}
		batch := NewBatch(4 * consumer.MaxRecordLength())
		if _, err := consumer.PollBatch(batch, 64); err != nil {
			requireDetailedError(t, err)
		}
		for _, b, ok := batch.Next(); ok; _, b, ok = batch.Next() {
			if len(b) > maxLength {
				t.Fatalf("batch body of %d bytes (max %d)", len(b), maxLength)
			}
		}
	}
	producer, err := ch.Producer()
	if err != nil {
		requireDetailedError(t, err)
	} else {
		for range 3 {
			if err := producer.Offer(1, []byte("fuzz")); err != nil && !errors.Is(err, ErrRingFull) {
				requireDetailedError(t, err)
			}
		}
		// the zero-copy claim of the Go path: the slice must lie inside the ring, commit and abort must succeed
		ringStart, ringEnd := ch.ringBounds()
		for i := range 2 {
			index, claimed, err := producer.TryClaim(2, 3)
			if err != nil {
				if !errors.Is(err, ErrRingFull) {
					requireDetailedError(t, err)
				}
				continue
			}
			start := uintptr(unsafe.Pointer(&claimed[0]))
			if len(claimed) != 3 || start < ringStart || start+uintptr(len(claimed)) > ringEnd {
				t.Fatalf("claimed %d bytes at %#x, outside the ring [%#x, %#x)", len(claimed), start, ringStart, ringEnd)
			}
			copy(claimed, "abc")
			if i == 0 {
				err = producer.Commit(index)
			} else {
				err = producer.Abort(index)
			}
			if err != nil {
				t.Fatalf("commit or abort of a claim just made: %v", err)
			}
		}
		if consumer != nil {
			if _, err := consumer.Poll(func(int32, []byte) {}, 64); err != nil {
				requireDetailedError(t, err)
			}
		}
	}
	requireSaneStatus(t, ch, false)

	// LAYOUT 11.1: another process truncates the file while it is mapped; close the roles first (touching a missing
	// page would raise SIGBUS, which no check can stop), then Status and every new attach must see it
	if consumer != nil {
		_ = consumer.Close()
	}
	if producer != nil {
		_ = producer.Close()
	}
	if err := os.Truncate(path, int64(layout.HeaderLength+capacity/2)); err != nil {
		if runtime.GOOS == "windows" {
			return // Windows refuses to truncate a mapped file (ERROR_USER_MAPPED_FILE): 11.1 cannot happen there
		}
		t.Fatal(err)
	}
	requireSaneStatus(t, ch, true)
	if _, err := ch.Producer(); !errors.Is(err, ErrInvalidFile) {
		t.Fatalf("producer attach to a truncated file: %v", err)
	}
	if _, err := ch.Consumer(); !errors.Is(err, ErrInvalidFile) {
		t.Fatalf("consumer attach to a truncated file: %v", err)
	}
}

// requireSaneStatus checks what Status must report whatever the file holds: the identity Open validated, the
// required length, verdicts that are named, and (for a truncated file) no positions read from the missing trailer.
func requireSaneStatus(t *testing.T, ch *Channel, truncated bool) {
	status, err := ch.Status()
	if err != nil {
		t.Fatalf("status of an open channel: %v", err)
	}
	if status.Capacity != ch.Capacity() || status.Kind != ch.Kind() ||
		status.RequiredFileLength != layout.FileLength(status.Capacity) || status.Truncated() != truncated {
		t.Fatalf("status disagrees with the channel (truncated=%v):\n%s", truncated, status)
	}
	for _, liveness := range []Liveness{status.ProducerLiveness, status.ConsumerLiveness} {
		if liveness < Absent || liveness > Dead {
			t.Fatalf("unnamed verdict %d:\n%s", int32(liveness), status)
		}
	}
	if truncated && (status.HeadPosition != 0 || status.TailPosition != 0 || status.FillLength != 0) {
		t.Fatalf("positions read from a truncated file:\n%s", status)
	}
	if !strings.Contains(status.String(), "unblockedRecords=") {
		t.Fatalf("status text:\n%s", status)
	}
}

func requireDetailedError(t *testing.T, err error) {
	var detail *Error
	if !errors.As(err, &detail) {
		t.Fatalf("%v is not an *Error", err)
	}
	if detail.Code.Sentinel() == errUnknownCode || !errors.Is(err, detail.Code.Sentinel()) {
		t.Fatalf("%v has no sentinel", err)
	}
	if detail.Code != CodeIO && !strings.Contains(detail.Message, "file=") {
		t.Fatalf("no key=value detail: %q", detail.Message)
	}
}

// TestEverySeedShouldReachTheCheckItIsNamedFor keeps the seed corpus honest: each seed file must still fail at the
// field its name says (or, for the valid ones, deliver its one message), so that a change to the input format or to
// the checks cannot silently turn the corpus into files that all fail at the first check.
func TestEverySeedShouldReachTheCheckItIsNamedFor(t *testing.T) {
	expected := map[string]struct {
		field     string // the field of the error at open or poll; "" when no error
		delivered int
	}{
		"capacity-not-power-of-two": {field: "capacity"},
		"corrupt-record-length":     {field: "length"},
		"corrupt-record-type-id":    {field: "typeId"},
		"foreign-consumer-lease":    {field: ""}, // a dead owner's lease is taken over (LAYOUT 8)
		"head-after-tail":           {field: "tailPosition"},
		"raw-magic-only":            {field: "fileLength"},
		"raw-too-short":             {field: "fileLength"},
		// a head record of INT32_MAX bytes: poll refuses it; the producer attach of the fuzz target runs the SPSC
		// repair walk over it, which once overflowed aligning that length and walked backwards for ~4 s
		"spsc-repair-walk-record-length-int32-max":     {field: "length"},
		"spsc-repair-walk-record-length-int32-max-cut": {field: "length"},
		"trailer-cut-off":           {field: "fileLength"},
		"unsupported-major-version": {field: "layoutVersion.major"},
		"valid-mpsc-with-record":    {delivered: 1},
		"valid-spsc-with-record":    {delivered: 1},
	}
	files, err := filepath.Glob(filepath.Join("testdata", "fuzz", "FuzzOpenChannelFile", "*"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(expected) {
		t.Fatalf("%d seed files, %d expectations", len(files), len(expected))
	}
	for _, file := range files {
		name := filepath.Base(file)
		want, ok := expected[name]
		if !ok {
			t.Errorf("seed %s has no expectation", name)
			continue
		}
		path := filepath.Join(testDirectory(t), "seed.ringway")
		writeFuzzFile(t, path, readSeed(t, file))
		field, delivered := openAndPoll(path)
		if field != want.field || delivered != want.delivered {
			t.Errorf("seed %s: field=%q delivered=%d, expected field=%q delivered=%d", name, field, delivered,
				want.field, want.delivered)
		}
	}
}

// readSeed reads a corpus file: "go test fuzz v1" then one []byte("...") line with a Go string literal.
func readSeed(t *testing.T, file string) []byte {
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(text)), "\n")
	if len(lines) != 2 || lines[0] != "go test fuzz v1" {
		t.Fatalf("%s is not a one-value corpus file", file)
	}
	literal := strings.TrimSuffix(strings.TrimPrefix(lines[1], "[]byte("), ")")
	value, err := strconv.Unquote(literal)
	if err != nil {
		t.Fatalf("%s: %v", file, err)
	}
	return []byte(value)
}

func openAndPoll(path string) (field string, delivered int) {
	fieldOf := func(err error) string {
		var detail *Error
		if errors.As(err, &detail) {
			return detail.Field
		}
		return err.Error()
	}
	ch, err := Open(path, OpenOptions{})
	if err != nil {
		return fieldOf(err), 0
	}
	defer ch.Close()
	consumer, err := ch.Consumer()
	if err != nil {
		return fieldOf(err), 0
	}
	n, err := consumer.Poll(func(int32, []byte) {}, 10)
	if err != nil {
		return fieldOf(err), n
	}
	return "", n
}

// ringBounds returns the address range of the mapped ring data area, for tests that check a body lies inside it.
func (ch *Channel) ringBounds() (start uintptr, end uintptr) {
	ch.mu.Lock()
	defer ch.mu.Unlock()
	if ch.file == nil {
		return 0, 0
	}
	start = uintptr(ch.file.data)
	return start, start + uintptr(ch.file.capacity)
}
