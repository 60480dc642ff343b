//go:build linux

package ringway

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// The helper process: the test binary run again with helperRoleEnv set, so that a real process holds a role of a
// channel and can be killed with SIGKILL (DEAD verdicts, dead claims). It prints helperReadyLine once it holds what
// its role asks, then waits to be killed.
const (
	helperRoleEnv    = "RINGWAY_GO_TEST_HELPER_ROLE"
	helperChannelEnv = "RINGWAY_GO_TEST_HELPER_CHANNEL"
	helperReadyLine  = processReadyLine
	// helperRoleBoth attaches a producer and the consumer.
	helperRoleBoth = "producer-and-consumer"
	// helperRoleClaim attaches a producer and claims a message it never commits.
	helperRoleClaim = "claim"
	// helperRoleMainThreadExits attaches a producer and the consumer, then ends the main thread (a raw exit(2) of
	// that thread alone) while a goroutine on another thread keeps running: /proc/<pid>/stat then shows Z.
	helperRoleMainThreadExits = "main-thread-exits"
	// helperRoleNotASCIIName attaches a producer and the consumer, then renames its process (/proc/self/comm) to
	// bytes that are not ASCII.
	helperRoleNotASCIIName = "not-ascii-name"
	// notASCIIName is that name: ')' and spaces, UTF-8 'é' and the byte 0xff.
	notASCIIName = "g) (\xc3\xa9 \xff"
	// helperRoleTwoClaims attaches the SPSC producer, claims A, claims B, commits B and leaves A uncommitted.
	helperRoleTwoClaims = "two-claims"
	// claimedTypeID marks the helper's claim, which must never be delivered.
	claimedTypeID = 77
	// committedTypeID marks the helper's claim B, committed after claim A.
	committedTypeID = 78
	// helperRoleClaimThenCommit attaches a producer, claims a message, and writes and commits it when a line arrives
	// on its standard input (after the test stopped and continued it), then prints helperCommittedLine.
	helperRoleClaimThenCommit = "claim-then-commit"
	helperCommittedLine       = "committed"
	// lateBody is the body of the message the helper commits late.
	lateBody = "committed late.."
	// helperRoleRunCut attaches an MPSC producer and offers a batch of runCutRecords records of claimedTypeID as one
	// run (LAYOUT 6.2 "Runs") whose last body lies on a page it may not read: the copy faults after the claim and the
	// negative length, before the commit, and the helper waits to be killed with the run cut there.
	helperRoleRunCut = "run-cut"
	// runCutRecords and runCutBodyLength: records of 15 bytes, 16 aligned, so that the run copies each record alone
	// and writes the second one whole before the third faults.
	runCutRecords    = 3
	runCutBodyLength = 7
)

func init() {
	if os.Getenv(helperRoleEnv) == helperRoleMainThreadExits {
		// TestMain then runs on the main thread (the thread-group leader), which the helper ends
		runtime.LockOSThread()
	}
}

func init() {
	childRoles[helperRoleEnv] = func(role string) int { return runHelper(role, os.Getenv(helperChannelEnv)) }
	childRoles[pidNamespaceHelperEnv] = func(action string) int {
		return runPidNamespaceHelper(action, os.Getenv(helperChannelEnv))
	}
}

func runHelper(role string, path string) int {
	ch, err := Open(path, OpenOptions{})
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	producer, err := ch.Producer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "helper:", err)
		return 1
	}
	switch role {
	case helperRoleMainThreadExits:
		if _, err := ch.Consumer(); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		go func() {
			for !leaderHasExited() {
				time.Sleep(time.Millisecond)
			}
			fmt.Println(helperReadyLine)
			for {
				time.Sleep(time.Hour) // until SIGKILL
			}
		}()
		// exit(2), not exit_group(2): only this thread, the leader, ends; the process lives on in its others
		_, _, errno := syscall.Syscall(syscall.SYS_EXIT, 0, 0, 0)
		fmt.Fprintln(os.Stderr, "helper: exit of the main thread returned", errno)
		return 1
	case helperRoleNotASCIIName:
		if _, err := ch.Consumer(); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		if err := os.WriteFile("/proc/self/comm", []byte(notASCIIName), 0); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
	case helperRoleBoth:
		if _, err := ch.Consumer(); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
	case helperRoleClaim:
		if _, body, err := producer.TryClaim(claimedTypeID, 16); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		} else {
			copy(body, "never committed.")
		}
	case helperRoleTwoClaims:
		if _, _, err := producer.TryClaim(claimedTypeID, 16); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		index, body, err := producer.TryClaim(committedTypeID, 9)
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		copy(body, "committed")
		if err := producer.Commit(index); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
	case helperRoleClaimThenCommit:
		index, body, err := producer.TryClaim(claimedTypeID, len(lateBody))
		if err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		fmt.Println(helperReadyLine)
		if _, err := bufio.NewReader(os.Stdin).ReadString('\n'); err != nil {
			return 3
		}
		copy(body, lateBody)
		if err := producer.Commit(index); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
		fmt.Println(helperCommittedLine)
		return 0
	case helperRoleRunCut:
		if err := offerRunCutByFault(producer); err != nil {
			fmt.Fprintln(os.Stderr, "helper:", err)
			return 1
		}
	default:
		fmt.Fprintln(os.Stderr, "helper: unknown role", role)
		return 2
	}
	fmt.Println(helperReadyLine)
	for {
		time.Sleep(time.Hour) // until SIGKILL
	}
}

// offerRunCutByFault is helperRoleRunCut's batch: runCutRecords records whose last body starts a page mapped with no
// access. OfferBatch reads only the records' headers before it claims the run, then faults in the copy; the fault is
// recovered here (debug.SetPanicOnFault), leaving the run claimed and never committed, as a producer killed there would.
func offerRunCutByFault(producer *Producer) error {
	pageLength := os.Getpagesize()
	mapped, err := syscall.Mmap(-1, 0, 2*pageLength, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		return err
	}
	recordLength := layout.RecordHeaderLength + runCutBodyLength
	alignedLength := layout.AlignedLength(recordLength)
	records := mapped[pageLength-(runCutRecords-1)*alignedLength-layout.RecordHeaderLength:]
	for record := range runCutRecords {
		header := records[record*alignedLength:]
		binary.LittleEndian.PutUint32(header[layout.RecordLengthOffset:], uint32(recordLength))
		binary.LittleEndian.PutUint32(header[layout.RecordTypeIDOffset:], claimedTypeID)
		copy(header[layout.RecordHeaderLength:recordLength], "cut run")
	}
	if err := syscall.Mprotect(mapped[pageLength:], syscall.PROT_NONE); err != nil {
		return err
	}
	batch := &Batch{buffer: records[:runCutRecords*alignedLength], pending: runCutRecords}
	faulted := func() (faulted bool) {
		defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
		defer func() { faulted = recover() != nil }()
		_, err = producer.OfferBatch(batch)
		return false
	}()
	if !faulted {
		return fmt.Errorf("OfferBatch of a run whose last body cannot be read returned %v without a fault", err)
	}
	return nil
}

// leaderHasExited tells whether /proc/self/stat, the thread-group leader's, shows the state Z.
func leaderHasExited() bool {
	stat, err := os.ReadFile("/proc/self/stat")
	if err != nil {
		return false
	}
	nameEnd := bytes.LastIndexByte(stat, ')')
	return nameEnd >= 0 && nameEnd+2 < len(stat) && stat[nameEnd+2] == 'Z'
}

// startHelper starts the helper process in a role on the channel at path and waits until it holds the role.
func startHelper(t *testing.T, role string, path string) *exec.Cmd {
	t.Helper()
	return startProcess(t, true, helperRoleEnv+"="+role, helperChannelEnv+"="+path).cmd
}

// killHelper kills the helper with SIGKILL and reaps it, so that its pid no longer names a live process.
func killHelper(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		t.Fatalf("helper did not die of SIGKILL: %v", err)
	}
}

// testClock is an injected clock that moves only when told to.
type testClock struct{ nowMs atomic.Int64 }

func newTestClock(t *testing.T, ch *Channel) *testClock {
	t.Helper()
	clock := &testClock{}
	clock.nowMs.Store(1_000_000) // CLOCK_MONOTONIC ms, as heartbeats hold since layout 1.2
	if err := ch.SetClock(clock.nowMs.Load); err != nil {
		t.Fatal(err)
	}
	return clock
}

func (c *testClock) advance(ms int64) { c.nowMs.Add(ms) }

func mustStatus(t *testing.T, ch *Channel) Status {
	t.Helper()
	status, err := ch.Status()
	if err != nil {
		t.Fatalf("status: %v", err)
	}
	return status
}

func requireLiveness(t *testing.T, status Status, producer Liveness, consumer Liveness) {
	t.Helper()
	if status.ProducerLiveness != producer || status.ConsumerLiveness != consumer {
		t.Fatalf("liveness producer=%s consumer=%s, expected producer=%s consumer=%s\n%s",
			status.ProducerLiveness, status.ConsumerLiveness, producer, consumer, status)
	}
}

func TestShouldReportAbsentAliveAndStaleFromTheInjectedClockWithoutSleeping(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			ch := create(t, kind, 1024)
			clock := newTestClock(t, ch)
			const timeoutMs = 3_000
			if err := ch.SetHeartbeatTimeout(timeoutMs * time.Millisecond); err != nil {
				t.Fatal(err)
			}
			requireLiveness(t, mustStatus(t, ch), Absent, Absent)

			producer := mustProducer(t, ch)
			consumer := mustConsumer(t, ch)
			attachedMs := clock.nowMs.Load()
			status := mustStatus(t, ch)
			requireLiveness(t, status, Alive, Alive)
			pid := int64(os.Getpid())
			if status.ProducerPID != pid || status.ConsumerPID != pid || status.CreatorPID != pid {
				t.Fatalf("pids: expected %d everywhere\n%s", pid, status)
			}
			if status.ProducerHeartbeatMs != attachedMs || status.ConsumerHeartbeatMs != attachedMs ||
				status.NowMs != attachedMs || status.ProducerHeartbeatAgeMs != 0 {
				t.Fatalf("heartbeats: expected %d (the injected clock)\n%s", attachedMs, status)
			}
			if !producer.IsConsumerAlive() || !consumer.IsProducerAlive() {
				t.Fatalf("both alive expected\n%s", status)
			}

			clock.advance(timeoutMs) // exactly the timeout: still alive
			requireLiveness(t, mustStatus(t, ch), Alive, Alive)
			clock.advance(1)
			status = mustStatus(t, ch)
			requireLiveness(t, status, Stale, Stale)
			if status.ProducerHeartbeatAgeMs != timeoutMs+1 || status.ConsumerHeartbeatAgeMs != timeoutMs+1 {
				t.Fatalf("ages: expected %d\n%s", timeoutMs+1, status)
			}
			if producer.IsConsumerAlive() || consumer.IsProducerAlive() {
				t.Fatalf("a stale peer is not alive\n%s", status)
			}
			if !strings.Contains(status.String(), "producer: liveness=STALE pid="+fmt.Sprint(pid)) ||
				!strings.Contains(status.String(), "heartbeatAgeMs=3001") {
				t.Fatalf("status text:\n%s", status)
			}

			producer.Heartbeat()
			requireLiveness(t, mustStatus(t, ch), Alive, Stale)
			if _, err := consumer.Poll(func(int32, []byte) {}, 1); err != nil { // an idle poll beats
				t.Fatal(err)
			}
			requireLiveness(t, mustStatus(t, ch), Alive, Alive)
			if ch.ProducerLiveness() != Alive || ch.ConsumerLiveness() != Alive {
				t.Fatalf("channel verdicts differ from status")
			}

			if err := consumer.Close(); err != nil {
				t.Fatal(err)
			}
			if producer.IsConsumerAlive() || ch.ConsumerLiveness() != Absent {
				t.Fatalf("a closed consumer is absent: %s", ch.ConsumerLiveness())
			}
		})
	}
}

func TestShouldReportDeadRolesOfAKilledProcessAndLetTheNextProcessTakeThemOver(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			ch := create(t, kind, 1024)
			helper := startHelper(t, helperRoleBoth, ch.Path())
			helperPID := int64(helper.Process.Pid)
			status := mustStatus(t, ch)
			requireLiveness(t, status, Alive, Alive)
			if status.ProducerPID != helperPID || status.ConsumerPID != helperPID {
				t.Fatalf("expected the helper's pid %d\n%s", helperPID, status)
			}
			if _, err := ch.Consumer(); !errors.Is(err, ErrLeaseTaken) {
				t.Fatalf("a live process's consumer lease was taken: %v", err)
			}

			killHelper(t, helper)
			status = mustStatus(t, ch)
			requireLiveness(t, status, Dead, Dead)
			if status.ProducerPID != helperPID || !strings.Contains(status.String(), "consumer: liveness=DEAD") {
				t.Fatalf("the dead process is named\n%s", status)
			}

			producer := mustProducer(t, ch)
			if producer.IsConsumerAlive() {
				t.Fatalf("dead consumer reported alive")
			}
			consumer := mustConsumer(t, ch)
			requireLiveness(t, mustStatus(t, ch), Alive, Alive)
			if !producer.IsConsumerAlive() || !consumer.IsProducerAlive() {
				t.Fatalf("the new roles are alive\n%s", mustStatus(t, ch))
			}
		})
	}
}

// LAYOUT 8: a process whose main thread has exited shows Z in /proc/<pid>/stat, yet runs while any other thread
// does; its roles must not be taken over.
func TestShouldKeepTheRolesOfAProcessWhoseMainThreadExitedWhileItsOtherThreadsRun(t *testing.T) {
	checkRolesOfALiveHelperAreKeptUntilItIsKilled(t, helperRoleMainThreadExits)
}

// LAYOUT 8: /proc/<pid>/stat is bytes; a process name that is not ASCII must not make its owner look dead.
func TestShouldKeepTheRolesOfAProcessWhoseNameIsNotASCII(t *testing.T) {
	checkRolesOfALiveHelperAreKeptUntilItIsKilled(t, helperRoleNotASCIIName)
}

func checkRolesOfALiveHelperAreKeptUntilItIsKilled(t *testing.T, role string) {
	ch := create(t, SPSC, 1024)
	helper := startHelper(t, role, ch.Path())
	helperPID := int64(helper.Process.Pid)
	status := mustStatus(t, ch)
	requireLiveness(t, status, Alive, Alive)
	if status.ProducerPID != helperPID || status.ConsumerPID != helperPID {
		t.Fatalf("expected the helper's pid %d\n%s", helperPID, status)
	}
	_, err := ch.Consumer()
	detail := requireCode(t, err, ErrLeaseTaken, "consumerLease")
	if detail.Found != fmt.Sprintf("pid %d (alive)", helperPID) {
		t.Fatalf("a live process's consumer lease: %+v", detail)
	}
	_, err = ch.Producer()
	requireCode(t, err, ErrLeaseTaken, "producerLease")

	killHelper(t, helper)
	requireLiveness(t, mustStatus(t, ch), Dead, Dead)
	mustConsumer(t, ch)
	mustProducer(t, ch)
	requireLiveness(t, mustStatus(t, ch), Alive, Alive)
}

func TestShouldUnblockAClaimOfAKilledMpscProducerAfterTheTimeoutAndCountIt(t *testing.T) {
	ch := create(t, MPSC, 1024)
	clock := newTestClock(t, ch)
	const unblockMs = 2_000
	if err := ch.SetUnblockTimeout(unblockMs * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	producer := mustProducer(t, ch)
	if err := producer.Offer(1, []byte("before")); err != nil {
		t.Fatal(err)
	}
	killHelper(t, startHelper(t, helperRoleClaim, ch.Path())) // its claim stays, never committed
	if err := producer.Offer(2, []byte("after")); err != nil {
		t.Fatal(err)
	}
	consumer := mustConsumer(t, ch)

	var got []message
	poll := func() int { return pollInto(t, consumer, &got) }
	for i := 0; i < 4; i++ { // the claim stops the consumer, however often it polls, while the clock stands still
		poll()
	}
	if len(got) != 1 || string(got[0].body) != "before" || ch.UnblockedRecordCount() != 0 {
		t.Fatalf("before the timeout: got %v, unblocked %d", got, ch.UnblockedRecordCount())
	}
	clock.advance(unblockMs - 1)
	poll()
	if len(got) != 1 || ch.UnblockedRecordCount() != 0 {
		t.Fatalf("1 ms before the timeout: got %v, unblocked %d", got, ch.UnblockedRecordCount())
	}
	clock.advance(1)
	for i := 0; i < 4 && len(got) < 2; i++ {
		poll()
	}
	if len(got) != 2 || got[1].typeID != 2 || string(got[1].body) != "after" {
		t.Fatalf("after the timeout: got %v", got)
	}
	status := mustStatus(t, ch)
	if ch.UnblockedRecordCount() != 1 || status.UnblockedRecordCount != 1 || status.FillLength != 0 ||
		status.MessagesConsumed != 2 {
		t.Fatalf("expected one unblocked record, nothing left, two consumed\n%s", status)
	}
	if !strings.Contains(status.String(), "unblockedRecords=1") {
		t.Fatalf("status text:\n%s", status)
	}
}

// LAYOUT 7.1 step 1: the consumer loads the tail for the unblock rule at most once per millisecond of its clock, also
// when a claim's negative length shows at the head, so the timeout counts from the first poll of the next millisecond.
func TestShouldLookForAStuckMpscClaimAtMostOnceAMillisecondEvenWhenItsNegativeLengthShowsAtTheHead(t *testing.T) {
	ch := create(t, MPSC, 1024)
	clock := newTestClock(t, ch)
	const unblockMs = 1_000
	if err := ch.SetUnblockTimeout(unblockMs * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	producer := mustProducer(t, ch)
	consumer := mustConsumer(t, ch)
	var got []message
	poll := func() int { return pollInto(t, consumer, &got) }
	// nothing blocked: the rule ran for this millisecond
	poll()
	killHelper(t, startHelper(t, helperRoleClaim, ch.Path())) // its claim stays, never committed
	if err := producer.Offer(1, []byte("after")); err != nil {
		t.Fatal(err)
	}
	poll() // same millisecond: the tail is not loaded again
	clock.advance(1)
	poll() // the timeout counts from here
	clock.advance(unblockMs - 1)
	poll()
	if len(got) != 0 || ch.UnblockedRecordCount() != 0 {
		t.Fatalf("padded by a timeout counted from the same-millisecond poll: got %v, unblocked %d", got,
			ch.UnblockedRecordCount())
	}
	clock.advance(1)
	for i := 0; i < 4 && len(got) < 1; i++ {
		poll()
	}
	if len(got) != 1 || string(got[0].body) != "after" || ch.UnblockedRecordCount() != 1 {
		t.Fatalf("after the timeout: got %v, unblocked %d", got, ch.UnblockedRecordCount())
	}
}

// LAYOUT 7.1, length == 0: the last claim before the tail, never written, ends where the next record begins, so
// only the next message lets the consumer pad it.
func TestShouldUnblockTheLastMpscClaimWhoseLengthWasNeverWrittenOnlyOnceTheNextMessageFollowsIt(t *testing.T) {
	ch := create(t, MPSC, 1024)
	clock := newTestClock(t, ch)
	const unblockMs = 1_000
	if err := ch.SetUnblockTimeout(unblockMs * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	producer := mustProducer(t, ch)
	consumer := mustConsumer(t, ch)
	var got []message
	poll := func() int { return pollInto(t, consumer, &got) }
	if err := producer.Offer(1, []byte("one")); err != nil {
		t.Fatal(err)
	}
	poll()
	// a producer CASed the tail and died before storing its length: the last claim, all zero
	atomic.AddInt64(ch.file.trailerInt64(layout.TrailerTailPositionOffset), 24)
	poll()
	clock.advance(unblockMs)
	poll()
	if ch.UnblockedRecordCount() != 0 || ch.ConsumerPosition() != ch.ProducerPosition()-24 {
		t.Fatalf("padded a claim whose end is unknown: unblocked %d, head %d, tail %d", ch.UnblockedRecordCount(),
			ch.ConsumerPosition(), ch.ProducerPosition())
	}
	if err := producer.Offer(2, []byte("two")); err != nil {
		t.Fatal(err)
	}
	clock.advance(1) // the unblock rule runs at most once per millisecond (LAYOUT 7.1 step 1)
	for i := 0; i < 4 && len(got) < 2; i++ {
		poll()
	}
	if len(got) != 2 || string(got[1].body) != "two" || ch.UnblockedRecordCount() != 1 ||
		ch.ConsumerPosition() != ch.ProducerPosition() {
		t.Fatalf("the next message's header ends the claim: got %v, unblocked %d, head %d, tail %d", got,
			ch.UnblockedRecordCount(), ch.ConsumerPosition(), ch.ProducerPosition())
	}
}

// cutRunTest is the setting of the tests of an MPSC run cut before its commit (LAYOUT 6.2 "Runs"): a channel whose
// consumer pads a dead claim after cutRunUnblockMs of the injected clock, and a surviving producer that sent "before"
// and sends "after" once the run is cut.
type cutRunTest struct {
	ch       *Channel
	clock    *testClock
	survivor *Producer
	consumer *Consumer
	got      []message
}

const cutRunUnblockMs = 1_000

func newCutRunTest(t *testing.T) *cutRunTest {
	t.Helper()
	ch := create(t, MPSC, 1024)
	clock := newTestClock(t, ch)
	if err := ch.SetUnblockTimeout(cutRunUnblockMs * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	test := &cutRunTest{ch: ch, clock: clock, survivor: mustProducer(t, ch), consumer: mustConsumer(t, ch)}
	test.offer(t, 1, "before")
	return test
}

func (test *cutRunTest) offer(t *testing.T, typeID int32, body string) {
	t.Helper()
	if err := test.survivor.Offer(typeID, []byte(body)); err != nil {
		t.Fatal(err)
	}
}

// pollUntilTimeout polls four times, lets the unblock timeout pass, and polls four times more.
func (test *cutRunTest) pollUntilTimeout(t *testing.T) {
	t.Helper()
	for range 4 {
		pollInto(t, test.consumer, &test.got)
	}
	test.clock.advance(cutRunUnblockMs)
	for range 4 {
		pollInto(t, test.consumer, &test.got)
	}
}

// requirePaddedWhole checks that the consumer delivered the survivor's two messages and nothing else, the run having
// been padded as one record, and read everything.
func (test *cutRunTest) requirePaddedWhole(t *testing.T) {
	t.Helper()
	ch, got := test.ch, test.got
	if len(got) != 2 || string(got[0].body) != "before" || got[1].typeID != 2 || string(got[1].body) != "after" ||
		ch.UnblockedRecordCount() != 1 || test.consumer.Position() != ch.ProducerPosition() {
		t.Fatalf("expected the run padded as one record and only the survivor's messages: got %v, unblocked %d, "+
			"head %d, tail %d", got, ch.UnblockedRecordCount(), test.consumer.Position(), ch.ProducerPosition())
	}
}

// LAYOUT 6.2 "Runs": the state of an MPSC run cut before its commit (the tail past three records of 16 bytes, the
// first header holding the negative length of the whole run, the later headers their lengths) is one dead claim:
// padded whole after the unblock timeout when no live producer may own it, none of its records delivered.
func TestShouldPadAnUncommittedMpscRunWholeAfterTheTimeoutAndDeliverNoneOfItsRecords(t *testing.T) {
	test := newCutRunTest(t)
	// a producer without a slot CASed the tail past its run, stored -48 and wrote the records, then died
	const recordLength, runRecords = 16, 3
	runIndex := int32(test.ch.ProducerPosition())
	atomic.AddInt64(test.ch.file.trailerInt64(layout.TrailerTailPositionOffset), runRecords*recordLength)
	r := newRing(test.ch.file)
	for record := range int32(runRecords) {
		index := runIndex + record*recordLength
		length := int32(recordLength)
		if record == 0 {
			length = -runRecords * recordLength
		}
		*r.recordLength(index) = length
		*r.recordTypeID(index) = claimedTypeID
		binary.LittleEndian.PutUint64(r.bytes(index+layout.RecordHeaderLength, 8), uint64(100+record))
	}
	test.offer(t, 2, "after")

	for range 4 {
		pollInto(t, test.consumer, &test.got)
	}
	if len(test.got) != 1 || test.ch.UnblockedRecordCount() != 0 {
		t.Fatalf("before the timeout: got %v, unblocked %d", test.got, test.ch.UnblockedRecordCount())
	}
	test.pollUntilTimeout(t)
	test.requirePaddedWhole(t)
}

// LAYOUT 6.2 "Runs" end to end: a producer process whose run stops between its claim and its commit leaves the
// negative length of the whole run in its first header (the records after it may already be written), holds its
// claim floor, and so is never unblocked while it lives; once it is killed its run is padded whole after the timeout.
func TestShouldKeepTheRunOfALiveMpscProducerAndPadItWholeOnceTheProducerIsKilled(t *testing.T) {
	test := newCutRunTest(t)
	runIndex := int(test.ch.ProducerPosition())
	helper := startHelper(t, helperRoleRunCut, test.ch.Path())
	test.offer(t, 2, "after")
	alignedLength := layout.AlignedLength(layout.RecordHeaderLength + runCutBodyLength)
	ring := ringBytes(t, test.ch)
	firstLength := int32(binary.LittleEndian.Uint32(ring[runIndex+layout.RecordLengthOffset:]))
	secondLength := int32(binary.LittleEndian.Uint32(ring[runIndex+alignedLength+layout.RecordLengthOffset:]))
	if firstLength != int32(-runCutRecords*alignedLength) ||
		secondLength != int32(layout.RecordHeaderLength+runCutBodyLength) {
		t.Fatalf("the cut run's headers read %d and %d, expected %d (the whole run, being written) and %d",
			firstLength, secondLength, -runCutRecords*alignedLength, layout.RecordHeaderLength+runCutBodyLength)
	}

	test.pollUntilTimeout(t)
	if len(test.got) != 1 || test.ch.UnblockedRecordCount() != 0 ||
		test.consumer.BlockingProducerPid() != helper.Process.Pid {
		t.Fatalf("while the run's producer lives: got %v, unblocked %d, blocking pid %d (helper %d)", test.got,
			test.ch.UnblockedRecordCount(), test.consumer.BlockingProducerPid(), helper.Process.Pid)
	}
	killHelper(t, helper)
	test.pollUntilTimeout(t)
	test.requirePaddedWhole(t)
}

func TestShouldPadOnlyTheUncommittedClaimOfAKilledSpscProducerAndDeliverTheRecordItCommittedAfterIt(t *testing.T) {
	ch := create(t, SPSC, 1024)
	consumer := mustConsumer(t, ch)
	var got []message
	poll := func() int { return pollInto(t, consumer, &got) }
	helper := startHelper(t, helperRoleTwoClaims, ch.Path())
	if n := poll(); n != 0 {
		t.Fatalf("the consumer passed the uncommitted claim A: %v", got)
	}
	killHelper(t, helper) // SIGKILL with claim A out and claim B committed

	producer := mustProducer(t, ch) // takes the lease and repairs (LAYOUT 7.1)
	if ch.UnblockedRecordCount() != 1 {
		t.Fatalf("expected claim A padded as one dead claim, counted %d", ch.UnblockedRecordCount())
	}
	if err := producer.Offer(3, []byte("after")); err != nil {
		t.Fatal(err)
	}
	poll()
	if len(got) != 2 || got[0].typeID != committedTypeID || string(got[0].body) != "committed" ||
		got[1].typeID != 3 || string(got[1].body) != "after" {
		t.Fatalf("expected B (committed after the dead claim A), then the new producer's message: %v", got)
	}
	if status := mustStatus(t, ch); status.FillLength != 0 {
		t.Fatalf("expected everything read\n%s", status)
	}
}

func TestShouldRefuseToOpenASymlinkUnlessAskedToFollowIt(t *testing.T) {
	ch := create(t, SPSC, 1024)
	link := filepath.Join(filepath.Dir(ch.Path()), "link.ringway")
	if err := os.Symlink(ch.Path(), link); err != nil {
		t.Fatal(err)
	}
	_, err := Open(link, OpenOptions{})
	detail := requireCode(t, err, ErrInvalidFile, "file")
	if detail.Found != "symlink" || detail.File != link {
		t.Fatalf("detail: %+v", detail)
	}
	followed, err := Open(link, OpenOptions{FollowSymlinks: true})
	if err != nil {
		t.Fatalf("open following the symlink: %v", err)
	}
	if followed.Capacity() != 1024 {
		t.Fatalf("followed the symlink to a channel of capacity %d", followed.Capacity())
	}
	_ = followed.Close()

	// create never follows one, not even to replace it
	for _, replace := range []bool{false, true} {
		_, err := Create(link, CreateOptions{Kind: SPSC, Capacity: 2048, ReplaceExisting: replace})
		requireCode(t, err, ErrFileExists, "file")
	}
	if target, err := os.Readlink(link); err != nil || target != ch.Path() {
		t.Fatalf("the symlink was touched: %q %v", target, err)
	}
}

func TestShouldReplaceAnExistingChannelFileOnlyWhenAsked(t *testing.T) {
	path := channelPath(t)
	first, err := Create(path, CreateOptions{Kind: SPSC, Capacity: 1024})
	if err != nil {
		t.Fatal(err)
	}
	_ = first.Close()
	_, err = Create(path, CreateOptions{Kind: MPSC, Capacity: 2048})
	requireCode(t, err, ErrFileExists, "file")
	kept, err := Open(path, OpenOptions{})
	if err != nil || kept.Capacity() != 1024 || kept.Kind() != SPSC {
		t.Fatalf("the refused create changed the file: %v", err)
	}
	_ = kept.Close()

	replaced, err := Create(path, CreateOptions{Kind: MPSC, Capacity: 2048, ReplaceExisting: true})
	if err != nil {
		t.Fatalf("replace: %v", err)
	}
	defer replaced.Close()
	if replaced.Capacity() != 2048 || replaced.Kind() != MPSC {
		t.Fatalf("replaced channel: %s %d", replaced.Kind(), replaced.Capacity())
	}
	// replacing what is not a regular file is refused even when asked
	directory := filepath.Join(t.TempDir(), "a-directory")
	if err := os.Mkdir(directory, 0o700); err != nil {
		t.Fatal(err)
	}
	_, err = Create(directory, CreateOptions{Kind: SPSC, Capacity: 1024, ReplaceExisting: true})
	requireCode(t, err, ErrFileExists, "file")
}

func TestShouldRefuseAnotherUsersFileUnlessAllowed(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to give the file to another uid")
	}
	ch := create(t, SPSC, 1024)
	const nobody = 65534
	if err := os.Chown(ch.Path(), nobody, nobody); err != nil {
		t.Fatal(err)
	}
	_, err := Open(ch.Path(), OpenOptions{})
	detail := requireCode(t, err, ErrInvalidFile, "owner")
	if detail.Found != fmt.Sprintf("uid %d", nobody) {
		t.Fatalf("detail names the owner: %+v", detail)
	}
	allowed, err := Open(ch.Path(), OpenOptions{AllowOtherOwner: true})
	if err != nil {
		t.Fatalf("open allowing another owner: %v", err)
	}
	_ = allowed.Close()
}

func TestShouldDetectAFileTruncatedWhileMappedWhenARoleAttaches(t *testing.T) {
	ch := create(t, MPSC, 1024)
	required := mustStatus(t, ch).RequiredFileLength
	if required != int64(layout.HeaderLength+1024+layout.TrailerLength) {
		t.Fatalf("required length %d", required)
	}
	const truncatedLength = layout.HeaderLength
	if err := os.Truncate(ch.Path(), truncatedLength); err != nil {
		t.Fatal(err)
	}
	_, err := ch.Producer()
	detail := requireCode(t, err, ErrInvalidFile, "fileLength")
	if detail.Found != fmt.Sprint(truncatedLength) {
		t.Fatalf("detail: %+v", detail)
	}
	_, err = ch.Consumer()
	requireCode(t, err, ErrInvalidFile, "fileLength")
	status := mustStatus(t, ch) // never touches the missing pages
	if !status.Truncated() || status.FileLength != truncatedLength || status.TailPosition != 0 {
		t.Fatalf("status of the truncated file\n%s", status)
	}
	_, err = Open(ch.Path(), OpenOptions{})
	if !errors.Is(err, ErrInvalidFile) {
		t.Fatalf("open of a truncated file: %v", err)
	}
}

func TestShouldRefuseANegativeTimeoutAndAnyCallAfterClose(t *testing.T) {
	ch := create(t, SPSC, 1024)
	requireCode(t, ch.SetHeartbeatTimeout(-time.Millisecond), ErrInvalidArgument, "heartbeatTimeoutMs")
	requireCode(t, ch.SetUnblockTimeout(-time.Millisecond), ErrInvalidArgument, "unblockTimeoutMs")
	_ = ch.Close()
	_, err := ch.Status()
	requireCode(t, err, ErrClosed, "file")
	requireCode(t, ch.SetClock(func() int64 { return 0 }), ErrClosed, "file")
	if ch.ConsumerLiveness() != Absent {
		t.Fatalf("closed channel liveness")
	}
}

func TestShouldNameEveryLivenessAsCAndJavaDo(t *testing.T) {
	names := map[Liveness]string{Absent: "ABSENT", Alive: "ALIVE", Stale: "STALE", Dead: "DEAD", 9: "Liveness(9)"}
	for liveness, name := range names {
		if liveness.String() != name {
			t.Fatalf("%d: %s, expected %s", int32(liveness), liveness.String(), name)
		}
	}
}

// pollInto polls consumer once (up to 16 messages), appends a copy of each message to got, and fails the test on an
// error; the tests of dead, stalled and stopped producers poll this way.
func pollInto(t *testing.T, consumer *Consumer, got *[]message) int {
	t.Helper()
	n, err := consumer.Poll(func(typeID int32, body []byte) {
		*got = append(*got, message{typeID, append([]byte(nil), body...)})
	}, 16)
	if err != nil {
		t.Fatal(err)
	}
	return n
}
