//go:build linux

package ringway

import (
	"bufio"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// A live MPSC producer stalled between claim and commit (LAYOUT 3.1, 6.2, 7.1): a real helper process claims, is
// stopped with SIGSTOP while other producers go on, and the consumer polls past many unblock timeouts. The consumer
// must never unblock its claim, because the stopped producer writes its body and commits when it is continued.

func TestShouldNeverUnblockTheClaimOfAStoppedProducerProcessAndDeliverEverythingOnceWhenItResumes(t *testing.T) {
	ch := create(t, MPSC, 1024)
	clock := newTestClock(t, ch)
	const unblockMs = 50
	if err := ch.SetUnblockTimeout(unblockMs * time.Millisecond); err != nil {
		t.Fatal(err)
	}
	other := mustProducer(t, ch)
	consumer := mustConsumer(t, ch)
	if err := other.Offer(1, []byte("first")); err != nil {
		t.Fatal(err)
	}

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), helperRoleEnv+"="+helperRoleClaimThenCommit, helperChannelEnv+"="+ch.Path())
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdoutPipe, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill() // SIGKILL ends a stopped process too
		_ = cmd.Wait()
	})
	stdout := bufio.NewReader(stdoutPipe)
	if line, err := stdout.ReadString('\n'); err != nil || strings.TrimSpace(line) != helperReadyLine {
		t.Fatalf("helper: read %q, %v", line, err)
	}
	if err := cmd.Process.Signal(syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= 6; i++ {
		if err := other.Offer(int32(i), []byte("after")); err != nil {
			t.Fatal(err)
		}
	}

	var got []message
	poll := func() int { return pollInto(t, consumer, &got) }
	poll()
	for i := 0; i < 20; i++ {
		clock.advance(unblockMs)
		if n := poll(); n != 0 {
			t.Fatalf("delivered %d past the stopped producer's claim: %v", n, got)
		}
	}
	if len(got) != 1 || ch.UnblockedRecordCount() != 0 {
		t.Fatalf("while stopped: got %v, unblocked %d", got, ch.UnblockedRecordCount())
	}
	if pid := consumer.BlockingProducerPid(); pid != cmd.Process.Pid {
		t.Fatalf("BlockingProducerPid %d, expected the stopped helper %d", pid, cmd.Process.Pid)
	}

	if err := cmd.Process.Signal(syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	if _, err := io.WriteString(stdin, "commit\n"); err != nil {
		t.Fatal(err)
	}
	if line, err := stdout.ReadString('\n'); err != nil || strings.TrimSpace(line) != helperCommittedLine {
		t.Fatalf("helper: read %q, %v", line, err)
	}
	if err := cmd.Wait(); err != nil {
		t.Fatalf("helper: %v", err)
	}
	for i := 0; i < 4 && len(got) < 7; i++ {
		poll()
	}
	if len(got) != 7 || got[1].typeID != claimedTypeID || string(got[1].body) != lateBody {
		t.Fatalf("after the late commit: got %v", got)
	}
	for i := 2; i < 7; i++ {
		if got[i].typeID != int32(i) {
			t.Fatalf("message %d: type %d, expected %d (in order, once): %v", i, got[i].typeID, i, got)
		}
	}
	if ch.UnblockedRecordCount() != 0 || consumer.BlockingProducerPid() != 0 || consumer.Position() != ch.ProducerPosition() {
		t.Fatalf("unblocked %d, blocking pid %d, position %d, tail %d", ch.UnblockedRecordCount(),
			consumer.BlockingProducerPid(), consumer.Position(), ch.ProducerPosition())
	}
}

func TestShouldKeepTheClaimFloorInItsSlotUntilTheLastClaimOfAProducerEnds(t *testing.T) {
	ch := create(t, MPSC, 1024)
	producer := mustProducer(t, ch)
	floor := func() int64 {
		if producer.slot == nil {
			t.Fatal("an MPSC producer owns a slot")
		}
		return atomic.LoadInt64(slotClaimFloor(producer.slot))
	}
	if floor() != layout.NoClaimFloorPosition {
		t.Fatalf("floor after attach %d", floor())
	}
	first, _, err := producer.TryClaim(1, 8)
	if err != nil {
		t.Fatal(err)
	}
	second, _, err := producer.TryClaim(1, 8)
	if err != nil {
		t.Fatal(err)
	}
	if floor() != 0 {
		t.Fatalf("floor with two claims %d, expected the tail before the first, 0", floor())
	}
	if err := producer.Commit(second); err != nil {
		t.Fatal(err)
	}
	if floor() != 0 {
		t.Fatalf("floor with one claim left %d", floor())
	}
	if err := producer.Abort(first); err != nil {
		t.Fatal(err)
	}
	if floor() != layout.NoClaimFloorPosition {
		t.Fatalf("floor after the last claim ended %d", floor())
	}
	for producer.Offer(1, make([]byte, 8)) == nil {
	}
	if floor() != layout.NoClaimFloorPosition {
		t.Fatalf("floor after back-pressure %d", floor())
	}
}
