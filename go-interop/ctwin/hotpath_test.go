//go:build cgo

package ctwin_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/ctwin"
	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Differential tests of the pure-Go module against ringway.h (through package ctwin): the same random operations on
// two channels, one driven by each, must deliver the same messages, return the same results and error details, and
// leave byte-identical files.

type message = ctwin.Message

// goSide is a channel of the Go module with its producers and consumer.
type goSide struct {
	ch        *ringway.Channel
	producers []*ringway.Producer
	consumer  *ringway.Consumer
}

func (s *goSide) poll(limit int) ([]message, int, error) {
	var got []message
	n, err := s.consumer.Poll(func(typeID int32, body []byte) { got = append(got, message{typeID, bytes.Clone(body)}) },
		limit)
	return got, n, err
}

func (s *goSide) pollBatch(capacity int, limit int) ([]message, int, error) {
	batch := ringway.NewBatch(capacity)
	n, err := s.consumer.PollBatch(batch, limit)
	return batchMessages(batch), n, err
}

func batchMessages(batch *ringway.Batch) []message {
	var got []message
	for typeID, body, ok := batch.Next(); ok; typeID, body, ok = batch.Next() {
		got = append(got, message{typeID, bytes.Clone(body)})
	}
	return got
}

const clockStartMs = 1_700_000_000_000

func newGoSide(t *testing.T, kind ringway.RingKind, capacity int, producers int, fakeClock bool) *goSide {
	t.Helper()
	ch, err := ringway.Create(filepath.Join(t.TempDir(), "go.ringway"), ringway.CreateOptions{Kind: kind, Capacity: capacity})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ch.Close() })
	if fakeClock {
		var nowMs atomic.Int64
		nowMs.Store(clockStartMs)
		if err := ch.SetClock(func() int64 { return nowMs.Add(1) / 2 }); err != nil {
			t.Fatal(err)
		}
	}
	s := &goSide{ch: ch}
	for range producers {
		p, err := ch.Producer()
		if err != nil {
			t.Fatal(err)
		}
		s.producers = append(s.producers, p)
	}
	if s.consumer, err = ch.Consumer(); err != nil {
		t.Fatal(err)
	}
	return s
}

// cSide is a ringway.h channel with its producers and consumer.
type cSide struct {
	*ctwin.Channel
	path string
}

func newCSide(t *testing.T, kind ringway.RingKind, capacity int, producers int, fakeClock bool) *cSide {
	t.Helper()
	path := filepath.Join(t.TempDir(), "c.ringway")
	start := int64(0)
	if fakeClock {
		start = clockStartMs
	}
	ch, err := ctwin.Create(path, ringway.CreateOptions{Kind: kind, Capacity: capacity}, start)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(ch.Close)
	for range producers {
		if _, err := ch.AttachProducer(); err != nil {
			t.Fatal(err)
		}
	}
	if err := ch.AttachConsumer(); err != nil {
		t.Fatal(err)
	}
	return &cSide{Channel: ch, path: path}
}

func (s *cSide) pollBatch(capacity int, limit int) ([]message, int, error) {
	// PollBatch asks the ring only for the messages sure to fit, as the Go module's does
	maxRecordLength := (s.Capacity()/8 + layout.RecordHeaderLength + 7) &^ 7
	ask := min(capacity/maxRecordLength, limit)
	if ask <= 0 {
		return nil, 0, nil
	}
	var got []message
	copied := 0
	for copied < limit && ask > 0 {
		messages, n, err := s.Poll(ask)
		got = append(got, messages...)
		if err != nil {
			if copied > 0 {
				return got, copied, nil
			}
			return got, 0, err
		}
		copied += n
		if n < ask {
			break
		}
		ask = min((capacity-recordsLength(got))/maxRecordLength, limit-copied)
	}
	return got, copied, nil
}

func recordsLength(messages []message) int {
	length := 0
	for _, m := range messages {
		length += ringway.RecordLength(len(m.Body))
	}
	return length
}

// offerBatch offers the records with ringway_producer_offer_batch, the twin of OfferBatch: in order until one is
// refused, on SPSC in runs (LAYOUT 6.1 "Runs"). A run counts as one busy operation for the heartbeat (LAYOUT 8.1),
// so one Offer per record would read the injected clock at other times and store other heartbeats.
func (s *cSide) offerBatch(p int, records []message) (int, error) {
	return s.OfferBatch(p, records)
}

// requireSameResult fails unless both errors are nil, or both the same sentinel with the same detail (the file
// names of the two channels aside).
func requireSameResult(t *testing.T, step string, goPath, cPath string, goErr, cErr error) {
	t.Helper()
	if (goErr == nil) != (cErr == nil) {
		t.Fatalf("%s: Go returned %v, C %v", step, goErr, cErr)
	}
	if goErr == nil {
		return
	}
	renamed := func(text string) string { return strings.ReplaceAll(text, goPath, cPath) }
	if renamed(goErr.Error()) != cErr.Error() {
		t.Fatalf("%s: Go returned %v, C %v", step, goErr, cErr)
	}
	var goDetail, cDetail *ringway.Error
	if errors.As(goErr, &goDetail) != errors.As(cErr, &cDetail) {
		t.Fatalf("%s: Go returned %#v, C %#v", step, goErr, cErr)
	}
	if goDetail != nil {
		renamedDetail := *goDetail
		renamedDetail.File = renamed(renamedDetail.File)
		renamedDetail.Message = renamed(renamedDetail.Message)
		if renamedDetail != *cDetail {
			t.Fatalf("%s: Go returned %#v, C %#v", step, *goDetail, *cDetail)
		}
	}
}

func requireSameMessages(t *testing.T, step string, goGot, cGot []message) {
	t.Helper()
	if len(goGot) != len(cGot) {
		t.Fatalf("%s: Go delivered %d messages, C %d", step, len(goGot), len(cGot))
	}
	for i := range goGot {
		if goGot[i].TypeID != cGot[i].TypeID || !bytes.Equal(goGot[i].Body, cGot[i].Body) {
			t.Fatalf("%s: message %d: Go %d %x, C %d %x", step, i, goGot[i].TypeID, goGot[i].Body, cGot[i].TypeID,
				cGot[i].Body)
		}
	}
}

// requireIdenticalFiles compares the two channel files byte for byte, but for the creation time and, when the real
// clock runs, the heartbeat words, which differ between two channels made one after the other.
func requireIdenticalFiles(t *testing.T, step string, goPath, cPath string, realClock bool) {
	t.Helper()
	goFile, err := os.ReadFile(goPath)
	if err != nil {
		t.Fatal(err)
	}
	cFile, err := os.ReadFile(cPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(goFile) != len(cFile) {
		t.Fatalf("%s: file lengths differ: %d %d", step, len(goFile), len(cFile))
	}
	// the creation time and the channelId differ by nature (a clock, a random draw); the tests check them elsewhere
	ignored := [][2]int{{layout.HeaderCreationTimeMsOffset, layout.HeaderCreationTimeMsOffset + 8},
		{layout.HeaderChannelIDOffset, layout.HeaderChannelIDOffset + 8}}
	if realClock {
		ignored = append(ignored,
			[2]int{layout.HeaderProducerHeartbeatMsOffset, layout.HeaderProducerHeartbeatMsOffset + 8},
			[2]int{layout.HeaderConsumerHeartbeatMsOffset, layout.HeaderConsumerHeartbeatMsOffset + 8})
	}
	for _, span := range ignored {
		clear(goFile[span[0]:span[1]])
		clear(cFile[span[0]:span[1]])
	}
	if !bytes.Equal(goFile, cFile) {
		for i := range goFile {
			if goFile[i] != cFile[i] {
				t.Fatalf("%s: files differ first at file offset %d (ring index %d): Go %x, C %x", step, i,
					i-layout.HeaderLength, goFile[i:min(i+16, len(goFile))], cFile[i:min(i+16, len(cFile))])
			}
		}
	}
}

// mapped is a test's own shared mapping of a channel file, to write what a peer (or a hostile process) would.
type mapped []byte

func mapFile(t *testing.T, path string) mapped {
	t.Helper()
	file, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		t.Fatal(err)
	}
	bytes, err := syscall.Mmap(int(file.Fd()), 0, int(info.Size()), syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_SHARED)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = syscall.Munmap(bytes) })
	return bytes
}

func (m mapped) putInt32(offset int, value int32) {
	binary.LittleEndian.PutUint32(m[offset:], uint32(value))
}

func (m mapped) putInt64(offset int, value int64) {
	binary.LittleEndian.PutUint64(m[offset:], uint64(value))
}

func (m mapped) int64At(offset int) int64 {
	return int64(binary.LittleEndian.Uint64(m[offset:]))
}

// claimInProgress is one claim made on both sides, to be committed or aborted later.
type claimInProgress struct {
	producer int
	goIndex  int
	cIndex   int
}

// runDifferential drives both sides with the operations a seeded random source picks and checks them after each.
func runDifferential(t *testing.T, seed int64, kind ringway.RingKind, capacity int, operations int, realClock bool) {
	t.Helper()
	random := rand.New(rand.NewSource(seed))
	producers := 1
	if kind == ringway.MPSC {
		producers = 3
	}
	goSide := newGoSide(t, kind, capacity, producers, !realClock)
	cSide := newCSide(t, kind, capacity, producers, !realClock)
	goPath, cPath := goSide.ch.Path(), cSide.path
	goMap, cMap := mapFile(t, goPath), mapFile(t, cPath)
	maxLength := goSide.ch.MaxMessageLength()
	var claims []claimInProgress

	for op := range operations {
		step := fmt.Sprintf("seed=%d kind=%v capacity=%d operation=%d", seed, kind, capacity, op)
		if random.Intn(16) == 0 {
			// somebody announced a wait: the next wake must clear the flag and count itself on both sides alike
			offset := layout.HeaderDataWaitersOffset
			if random.Intn(2) == 0 {
				offset = layout.HeaderSpaceWaitersOffset
			}
			goMap.putInt32(offset, 1)
			cMap.putInt32(offset, 1)
		}
		p := random.Intn(producers)
		length := random.Intn(maxLength + 1)
		if random.Intn(8) == 0 {
			length = maxLength
		}
		typeID := int32(1 + random.Intn(1000))
		body := make([]byte, length)
		random.Read(body)
		switch choice := random.Intn(100); {
		case choice < 30:
			step += " offer"
			requireSameResult(t, step, goPath, cPath, goSide.producers[p].Offer(typeID, body),
				cSide.Offer(p, typeID, body))
		case choice < 45 && len(claims) < 4:
			step += " tryClaim"
			goIndex, goClaimed, goErr := goSide.producers[p].TryClaim(typeID, length)
			cIndex, cClaimed, cErr := cSide.TryClaim(p, typeID, length)
			requireSameResult(t, step, goPath, cPath, goErr, cErr)
			if goIndex != cIndex || len(goClaimed) != len(cClaimed) {
				t.Fatalf("%s: Go claimed %d (%d bytes), C %d (%d bytes)", step, goIndex, len(goClaimed), cIndex,
					len(cClaimed))
			}
			if goErr == nil {
				copy(goClaimed, body)
				copy(cClaimed, body)
				claims = append(claims, claimInProgress{p, goIndex, cIndex})
			}
		case choice < 60 && len(claims) > 0:
			k := random.Intn(len(claims))
			claim := claims[k]
			claims = append(claims[:k], claims[k+1:]...)
			if random.Intn(3) == 0 {
				step += " abort"
				requireSameResult(t, step, goPath, cPath, goSide.producers[claim.producer].Abort(claim.goIndex),
					cSide.Abort(claim.producer, claim.cIndex))
			} else {
				step += " commit"
				requireSameResult(t, step, goPath, cPath, goSide.producers[claim.producer].Commit(claim.goIndex),
					cSide.Commit(claim.producer, claim.cIndex))
			}
			if random.Intn(4) == 0 {
				step += " twice"
				requireSameResult(t, step, goPath, cPath, goSide.producers[claim.producer].Commit(claim.goIndex),
					cSide.Commit(claim.producer, claim.cIndex))
			}
		case choice < 65:
			step += " offerBatch"
			goBatch := ringway.NewBatch(0)
			var records []message
			for range 1 + random.Intn(5) {
				n := random.Intn(maxLength + 1)
				if random.Intn(10) == 0 {
					n = maxLength + 1 + random.Intn(8) // refused: stays first in the batch
				}
				b := make([]byte, n)
				random.Read(b)
				id := int32(random.Intn(20)) // 0 is refused
				_ = goBatch.Append(id, b)
				records = append(records, message{id, b})
			}
			goOffered, goErr := goSide.producers[p].OfferBatch(goBatch)
			cOffered, cErr := cSide.offerBatch(p, records)
			requireSameResult(t, step, goPath, cPath, goErr, cErr)
			if goOffered != cOffered || goBatch.Pending() != len(records)-cOffered {
				t.Fatalf("%s: Go offered %d (%d pending), C %d of %d", step, goOffered, goBatch.Pending(), cOffered,
					len(records))
			}
		case choice < 70:
			step += " invalid"
			badTypeID := int32(random.Intn(3)) - 1
			requireSameResult(t, step, goPath, cPath, goSide.producers[p].Offer(badTypeID, body),
				cSide.Offer(p, badTypeID, body))
			index := random.Intn(capacity+16) - 8
			requireSameResult(t, step+" commit", goPath, cPath, goSide.producers[p].Commit(index),
				cSide.Commit(p, index))
		case choice < 90:
			step += " poll"
			limit := 1 + random.Intn(6)
			goGot, goN, goErr := goSide.poll(limit)
			cGot, cN, cErr := cSide.Poll(limit)
			requireSameResult(t, step, goPath, cPath, goErr, cErr)
			if goN != cN {
				t.Fatalf("%s: Go polled %d, C %d", step, goN, cN)
			}
			requireSameMessages(t, step, goGot, cGot)
		default:
			step += " pollBatch"
			batchCapacity := random.Intn(4 * (maxLength + 16))
			limit := 1 + random.Intn(6)
			goGot, goN, goErr := goSide.pollBatch(batchCapacity, limit)
			cGot, cN, cErr := cSide.pollBatch(batchCapacity, limit)
			requireSameResult(t, step, goPath, cPath, goErr, cErr)
			if goN != cN {
				t.Fatalf("%s: Go polled %d, C %d", step, goN, cN)
			}
			requireSameMessages(t, step, goGot, cGot)
		}
		requireIdenticalFiles(t, step, goPath, cPath, realClock)
		if goSide.consumer.Position() != cSide.Position() {
			t.Fatalf("%s: positions differ: Go %d, C %d", step, goSide.consumer.Position(), cSide.Position())
		}
	}
}

// differentialSeed is RINGWAY_DIFF_SEED when set (to replay a failure), else a new seed that the test logs.
func differentialSeed(t *testing.T) int64 {
	if text := os.Getenv("RINGWAY_DIFF_SEED"); text != "" {
		seed, err := strconv.ParseInt(text, 10, 64)
		if err != nil {
			t.Fatalf("RINGWAY_DIFF_SEED=%q: %v", text, err)
		}
		return seed
	}
	seed := time.Now().UnixNano()
	t.Logf("seed=%d (replay with RINGWAY_DIFF_SEED=%d)", seed, seed)
	return seed
}

func TestShouldWriteTheSameBytesAndDeliverTheSameMessagesAsRingwayH(t *testing.T) {
	seed := differentialSeed(t)
	for i, capacity := range []int{ringway.MinCapacity, 256, 1024, 4096} {
		for _, kind := range []ringway.RingKind{ringway.SPSC, ringway.MPSC} {
			for _, realClock := range []bool{false, true} {
				name := fmt.Sprintf("%v/%d/realClock=%v", kind, capacity, realClock)
				t.Run(name, func(t *testing.T) {
					runDifferential(t, seed+int64(i), kind, capacity, 1500, realClock)
				})
			}
		}
	}
}

// corruptions are impossible records written at the consumer's head, one per check of LAYOUT 7 step 2.2.
var corruptions = []struct {
	name           string
	length, typeID int32
	field          string
}{
	{"length below the header", 4, 1, "length"},
	{"length past the end of the data area", 1 << 20, 1, "length"},
	{"type id zero", 16, 0, "typeId"},
	{"type id below padding", 16, -7, "typeId"},
	{"body above maxMessageLength", 8 + 200, 1, "length"},
}

func TestShouldReportACorruptRecordAsRingwayHDoes(t *testing.T) {
	for _, kind := range []ringway.RingKind{ringway.SPSC, ringway.MPSC} {
		for _, corruption := range corruptions {
			t.Run(fmt.Sprintf("%v/%s", kind, corruption.name), func(t *testing.T) {
				goSide := newGoSide(t, kind, 1024, 1, false)
				cSide := newCSide(t, kind, 1024, 1, false)
				goPath, cPath := goSide.ch.Path(), cSide.path
				if err := goSide.producers[0].Offer(5, []byte("before")); err != nil {
					t.Fatal(err)
				}
				if err := cSide.Offer(0, 5, []byte("before")); err != nil {
					t.Fatal(err)
				}
				for _, path := range []string{goPath, cPath} {
					// write the bad record after the good one, then publish its length last, as a writer would
					m := mapFile(t, path)
					index := layout.HeaderLength + layout.AlignedLength(layout.RecordHeaderLength+len("before"))
					m.putInt32(index+layout.RecordTypeIDOffset, corruption.typeID)
					m.putInt32(index+layout.RecordLengthOffset, corruption.length)
				}
				goGot, goN, goErr := goSide.poll(10)
				cGot, cN, cErr := cSide.Poll(10)
				if goN != 1 || goErr != nil {
					t.Fatalf("first poll: delivered %d, %v; expected the message before the corrupt record", goN, goErr)
				}
				requireSameResult(t, "first poll", goPath, cPath, goErr, cErr)
				requireSameMessages(t, "first poll", goGot, cGot)
				if cN != goN {
					t.Fatalf("first poll: Go %d, C %d", goN, cN)
				}
				_, _, goErr = goSide.poll(10)
				_, _, cErr = cSide.Poll(10)
				if !errors.Is(goErr, ringway.ErrCorruptRecord) {
					t.Fatalf("second poll: %v, expected a corrupt record", goErr)
				}
				requireSameResult(t, "second poll", goPath, cPath, goErr, cErr)
				_, _, goErr = goSide.pollBatch(4096, 10)
				_, _, cErr = cSide.pollBatch(4096, 10)
				requireSameResult(t, "poll batch", goPath, cPath, goErr, cErr)
				if goSide.consumer.Position() != cSide.Position() {
					t.Fatalf("the head moved: Go %d, C %d", goSide.consumer.Position(), cSide.Position())
				}
			})
		}
	}
}

func TestShouldRefuseBadClaimsAsRingwayHDoes(t *testing.T) {
	for _, kind := range []ringway.RingKind{ringway.SPSC, ringway.MPSC} {
		goSide := newGoSide(t, kind, 1024, 1, false)
		cSide := newCSide(t, kind, 1024, 1, false)
		goPath, cPath := goSide.ch.Path(), cSide.path
		goIndex, _, _ := goSide.producers[0].TryClaim(3, 10)
		cIndex, _, _ := cSide.TryClaim(0, 3, 10)
		for _, index := range []int{-1, 0, 3, 7, goIndex + 8, 1024, 1 << 40, goIndex} {
			requireSameResult(t, fmt.Sprintf("%v commit %d", kind, index), goPath, cPath,
				goSide.producers[0].Commit(index), cSide.Commit(0, index))
		}
		requireSameResult(t, "commit twice", goPath, cPath, goSide.producers[0].Commit(goIndex), cSide.Commit(0, cIndex))
		requireSameResult(t, "abort after commit", goPath, cPath, goSide.producers[0].Abort(goIndex),
			cSide.Abort(0, cIndex))
	}
}
