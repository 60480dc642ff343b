package ringway

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ringway-io/ringway/go-interop/internal/conformance"
)

// Real processes on every platform (Linux, and Windows under Wine: scripts/go-check.sh): the test binary starts itself
// (os.Args[0]) as child processes with processRoleEnv naming what the child does and processArgsEnv its arguments
// (fields separated by '|'). A child prints processReadyLine once it holds what its role asks, and its results as
// "key=value" lines before it exits. Kills are real: SIGKILL on Linux, TerminateProcess on Windows.

const (
	processRoleEnv   = "RINGWAY_GO_TEST_PROCESS_ROLE"
	processArgsEnv   = "RINGWAY_GO_TEST_PROCESS_ARGS"
	processReadyLine = "ready"
	// roleProduce <path>|<producerId>|<count>: the conformance producer (docs/CONFORMANCE.md), waiting for space as
	// the default backoff says (spin, yield, park).
	roleProduce = "produce"
	// roleEcho <ping path>|<pong path>|<rounds>: the far side of the parked ping-pong; prints parks= and timeouts=.
	roleEcho = "echo"
	// roleParkedConsumer <path>: attaches the consumer and parks for data until it is killed.
	roleParkedConsumer = "parked-consumer"
	// roleClaim <path>: attaches a producer and claims a message it never commits, until it is killed.
	roleClaim = "claim"
	// pingPongRounds is the number of round trips of the parked ping-pong.
	pingPongRounds = 2_000
	// unclaimedTypeID marks the claim of roleClaim, which must never be delivered.
	unclaimedTypeID = 66
)

// conformanceMessages is the traffic of each real-process conformance test: a million, a tenth of it under the race
// detector (the Linux run of go-check.sh; the Windows run under Wine has no race detector and sends the million).
var conformanceMessages = map[bool]int{false: 1_000_000, true: 100_000}[raceDetector]

func init() {
	childRoles[processRoleEnv] = func(role string) int {
		args := strings.Split(os.Getenv(processArgsEnv), "|")
		if err := playProcessRole(role, args); err != nil {
			fmt.Fprintf(os.Stderr, "child %s %v: %v\n", role, args, err)
			return 1
		}
		return 0
	}
}

func playProcessRole(role string, args []string) error {
	ch, err := Open(args[0], OpenOptions{})
	if err != nil {
		return err
	}
	defer ch.Close()
	switch role {
	case roleProduce:
		producerID, _ := strconv.ParseInt(args[1], 10, 64)
		count, _ := strconv.ParseInt(args[2], 10, 64)
		return produceConformance(ch, producerID, count)
	case roleEcho:
		pong, err := Open(args[1], OpenOptions{})
		if err != nil {
			return err
		}
		defer pong.Close()
		rounds, _ := strconv.Atoi(args[2])
		consumer, err := ch.Consumer()
		if err != nil {
			return err
		}
		producer, err := pong.Producer()
		if err != nil {
			return err
		}
		fmt.Println(processReadyLine)
		if err := echoParked(consumer, producer, pong, rounds); err != nil {
			return err
		}
		fmt.Printf("parks=%d timeouts=%d\n", consumer.ring.parks.count, consumer.ring.parks.timeoutCount)
		return nil
	case roleParkedConsumer:
		consumer, err := ch.Consumer()
		if err != nil {
			return err
		}
		consumer.SetWaitStrategy(WaitBlocking())
		fmt.Println(processReadyLine)
		for {
			if _, err := consumer.PollWaitTimeout(func(int32, []byte) {}, 1, time.Hour); err != nil {
				return err
			}
		}
	case roleClaim:
		producer, err := ch.Producer()
		if err != nil {
			return err
		}
		if _, body, err := producer.TryClaim(unclaimedTypeID, 16); err != nil {
			return err
		} else {
			copy(body, "never committed.")
		}
		fmt.Println(processReadyLine)
		time.Sleep(time.Hour) // until killed
	}
	return fmt.Errorf("unknown role %q", role)
}

// produceConformance sends SEQUENCE 0 .. count-1 then END (docs/CONFORMANCE.md), waiting for space with the
// producer's default strategy, which parks on the space slot when spinning and yielding found no room.
func produceConformance(ch *Channel, producerID, count int64) error {
	producer, err := ch.Producer()
	if err != nil {
		return err
	}
	defer producer.Close()
	body := make([]byte, conformance.MaxSequenceLength)
	checksum := uint64(conformance.FnvOffsetBasis)
	for sequence := int64(0); sequence < count; sequence++ {
		length := conformance.EncodeSequence(body, producerID, sequence)
		checksum = conformance.Checksum(checksum, body[:length])
		if err := producer.OfferWaitTimeout(conformance.SequenceTypeID, body[:length], time.Minute); err != nil {
			return fmt.Errorf("sequence %d: %w", sequence, err)
		}
	}
	length := conformance.EncodeEnd(body, producerID, count, checksum)
	return producer.OfferWaitTimeout(conformance.EndTypeID, body[:length], time.Minute)
}

// echoParked receives rounds messages, each sent only once this side announced that it parks, and answers each the
// same way: it waits until the other side's dataWaiters flag is set before it offers.
func echoParked(consumer *Consumer, producer *Producer, pong *Channel, rounds int) error {
	consumer.SetWaitStrategy(WaitBlocking())
	var typeID int32
	for round := 0; round < rounds; round++ {
		received, err := consumer.PollWaitTimeout(func(id int32, _ []byte) { typeID = id }, 1, time.Minute)
		if err != nil {
			return err
		}
		if received != 1 || typeID != int32(round+1) {
			return fmt.Errorf("round %d: received %d, typeId %d", round, received, typeID)
		}
		if err := offerWhenParked(producer, pong, int32(round+1)); err != nil {
			return err
		}
	}
	return nil
}

// offerWhenParked offers typeID (the round, from 1) once the channel's consumer has announced that it parks (LAYOUT 9.1 step 2).
func offerWhenParked(producer *Producer, ch *Channel, typeID int32) error {
	deadline := time.Now().Add(time.Minute)
	for data, _ := ch.WaitersFlags(); !data; data, _ = ch.WaitersFlags() {
		if time.Now().After(deadline) {
			return fmt.Errorf("typeId %d: the receiver never announced a park", typeID)
		}
		osYield()
	}
	return producer.Offer(typeID, []byte("ball"))
}

// child is a started child process and its standard output.
type child struct {
	cmd    *exec.Cmd
	output *bufio.Reader
}

// startChild starts the test binary in a role with args, and waits for its ready line unless waitReady is false.
func startChild(t *testing.T, role string, waitReady bool, args ...string) *child {
	t.Helper()
	return startProcess(t, waitReady, processRoleEnv+"="+role, processArgsEnv+"="+strings.Join(args, "|"))
}

// startProcess starts the test binary with the environment assignments env (which select a childRoles entry), and
// waits for its processReadyLine unless waitReady is false. The child is killed and reaped when the test ends.
func startProcess(t *testing.T, waitReady bool, env ...string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), env...)
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	c := &child{cmd: cmd, output: bufio.NewReader(stdout)}
	if waitReady {
		if line := c.readLine(t); line != processReadyLine {
			t.Fatalf("child %v: read %q instead of %q", env, line, processReadyLine)
		}
	}
	return c
}

func (c *child) readLine(t *testing.T) string {
	t.Helper()
	line, err := c.output.ReadString('\n')
	if err != nil {
		t.Fatalf("child %v: %v (read %q)", c.cmd.Args, err, line)
	}
	return strings.TrimSpace(line)
}

// wait waits for the child to exit and requires exit status 0.
func (c *child) wait(t *testing.T) {
	t.Helper()
	if err := c.cmd.Wait(); err != nil {
		t.Fatalf("child %v: %v", c.cmd.Env[len(c.cmd.Env)-2:], err)
	}
}

// kill kills the child (SIGKILL, TerminateProcess) and reaps it.
func (c *child) kill(t *testing.T) {
	t.Helper()
	if err := c.cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = c.cmd.Wait()
}

// consumeConformance polls with the default backoff (parking on the data slot) until producerCount producers sent
// END, and requires every producer's traffic complete and in order.
func consumeConformance(t *testing.T, consumer *Consumer, producerCount int, perProducer int64) {
	t.Helper()
	verifier := conformance.NewVerifier()
	deadline := time.Now().Add(2 * time.Minute)
	for !verifier.AllEnded(producerCount) {
		if _, err := consumer.PollWaitTimeout(verifier.OnMessage, 256, time.Second); err != nil {
			t.Fatal(err)
		}
		if time.Now().After(deadline) {
			t.Fatalf("traffic incomplete after 2 minutes: %d messages", verifier.Messages())
		}
	}
	if err := verifier.FirstError(); err != nil {
		t.Fatal(err)
	}
	if verifier.Sequences() != int64(producerCount)*perProducer {
		t.Fatalf("received %d sequences, expected %d", verifier.Sequences(), int64(producerCount)*perProducer)
	}
}

func TestShouldDeliverAMillionConformanceMessagesFromAProducerProcessInOrder(t *testing.T) {
	ch := create(t, SPSC, 64*1024)
	consumer := mustConsumer(t, ch)
	producer := startChild(t, roleProduce, false, ch.Path(), "1", strconv.Itoa(conformanceMessages))
	consumeConformance(t, consumer, 1, int64(conformanceMessages))
	producer.wait(t)
}

func TestShouldDeliverTheConformanceTrafficOfTwoMpscProducerProcessesEachInOrder(t *testing.T) {
	ch := create(t, MPSC, 64*1024)
	consumer := mustConsumer(t, ch)
	perProducer := int64(conformanceMessages / 2)
	first := startChild(t, roleProduce, false, ch.Path(), "1", strconv.FormatInt(perProducer, 10))
	second := startChild(t, roleProduce, false, ch.Path(), "2", strconv.FormatInt(perProducer, 10))
	consumeConformance(t, consumer, 2, perProducer)
	first.wait(t)
	second.wait(t)
}

// Every message is sent only after its receiver announced that it parks (dataWaiters set), so every message must be
// carried by a wake; a wake that is lost shows as a park that ends by its own timeout (LAYOUT 9.6), which neither
// side may have.
func TestShouldCarryEveryMessageOfAParkedPingPongBetweenProcessesByAWakeNeverByATimeout(t *testing.T) {
	ping := create(t, SPSC, 1024)
	pong := create(t, SPSC, 1024)
	echo := startChild(t, roleEcho, true, ping.Path(), pong.Path(), strconv.Itoa(pingPongRounds))
	producer := mustProducer(t, ping)
	consumer := mustConsumer(t, pong)
	consumer.SetWaitStrategy(WaitBlocking())
	var typeID int32
	for round := 0; round < pingPongRounds; round++ {
		if err := offerWhenParked(producer, ping, int32(round+1)); err != nil {
			t.Fatal(err)
		}
		received, err := consumer.PollWaitTimeout(func(id int32, _ []byte) { typeID = id }, 1, time.Minute)
		if err != nil || received != 1 || typeID != int32(round+1) {
			t.Fatalf("round %d: received %d typeId %d: %v", round, received, typeID, err)
		}
	}
	result := echo.readLine(t)
	echo.wait(t)
	var echoParks, echoTimeouts int64
	if _, err := fmt.Sscanf(result, "parks=%d timeouts=%d", &echoParks, &echoTimeouts); err != nil {
		t.Fatalf("echo result %q: %v", result, err)
	}
	parks := consumer.ring.parks
	t.Logf("%d rounds: this side parked %d times, %d timeouts; the echo process parked %d times, %d timeouts",
		pingPongRounds, parks.count, parks.timeoutCount, echoParks, echoTimeouts)
	if parks.timeoutCount != 0 || echoTimeouts != 0 {
		t.Fatalf("parks ended by timeout: here %d, echo %d (a lost wake)", parks.timeoutCount, echoTimeouts)
	}
	if parks.count == 0 || echoParks == 0 {
		t.Fatalf("nobody parked: here %d, echo %d", parks.count, echoParks)
	}
}

// LAYOUT 9.5: a consumer killed while parked leaves dataWaiters set; the next producer's commit pays one wake and
// clears it, and no commit after it pays anything. A new consumer then takes over the dead consumer's lease.
func TestShouldCostOneWakeInTotalWhenTheConsumerIsKilledWhileParked(t *testing.T) {
	ch := create(t, SPSC, 64*1024)
	waiter := startChild(t, roleParkedConsumer, true, ch.Path())
	for data, _ := ch.WaitersFlags(); !data; data, _ = ch.WaitersFlags() {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // into its wait
	waiter.kill(t)
	producer := mustProducer(t, ch)
	wakesBefore := ch.WakeCount()
	const messages = 1000
	for i := 0; i < messages; i++ {
		if err := producer.Offer(1, []byte("after the kill")); err != nil {
			t.Fatal(err)
		}
	}
	if wakes := ch.WakeCount() - wakesBefore; wakes != 1 {
		t.Fatalf("%d messages after the parked consumer was killed cost %d wakes, expected 1", messages, wakes)
	}
	if data, _ := ch.WaitersFlags(); data {
		t.Fatal("dataWaiters still set after the wake")
	}
	consumer := mustConsumer(t, ch) // the dead process's lease passes to this one
	received, err := consumer.Poll(func(int32, []byte) {}, 2*messages)
	if err != nil || received != messages {
		t.Fatalf("the new consumer received %d: %v", received, err)
	}
}

// LAYOUT 7.1: a producer process killed between its claim and its commit does not stop the channel for good. SPSC:
// the next producer to take the dead one's lease pads the claim. MPSC: the consumer pads it once the claim has
// blocked it for the unblock timeout and the claim's owner is dead.
func TestShouldUnblockTheClaimOfAProducerProcessKilledMidClaim(t *testing.T) {
	for _, kind := range []RingKind{SPSC, MPSC} {
		t.Run(kind.String(), func(t *testing.T) {
			ch := create(t, kind, 1024)
			if err := ch.SetUnblockTimeout(10 * time.Millisecond); err != nil {
				t.Fatal(err)
			}
			startChild(t, roleClaim, true, ch.Path()).kill(t)
			consumer := mustConsumer(t, ch)
			producer := mustProducer(t, ch) // SPSC: takes the dead lease and pads its claim
			if err := producer.Offer(1, []byte("after")); err != nil {
				t.Fatal(err)
			}
			var got []message
			deadline := time.Now().Add(30 * time.Second)
			for len(got) == 0 && time.Now().Before(deadline) {
				if _, err := consumer.PollWaitTimeout(func(typeID int32, body []byte) {
					got = append(got, message{typeID, append([]byte(nil), body...)})
				}, 16, 10*time.Millisecond); err != nil {
					t.Fatal(err)
				}
			}
			if len(got) != 1 || got[0].typeID != 1 || string(got[0].body) != "after" {
				t.Fatalf("got %v, expected only the message after the dead claim", got)
			}
			if kind == MPSC && ch.UnblockedRecordCount() != 1 {
				t.Fatalf("unblocked records %d, expected 1", ch.UnblockedRecordCount())
			}
		})
	}
}
