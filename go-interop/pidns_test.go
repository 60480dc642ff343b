//go:build linux

package ringway

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// Every process of a channel shares one pid namespace (LAYOUT 8): the creator records its own in pidNamespace and an
// opener of another pid namespace is refused (LAYOUT 10.3), before it could judge a live lease owner dead by a pid
// its /proc does not show. The multi-process tests run this test binary again under
// `unshare --pid --fork --mount-proc`, with pidNamespaceHelperEnv naming what it does, and are skipped where that is
// refused (it needs root or CAP_SYS_ADMIN).

const (
	pidNamespaceHelperEnv = "RINGWAY_GO_TEST_PIDNS_ACTION"
	// pidNamespaceCreate creates an SPSC channel of 4096 bytes and closes it: prints "CREATED".
	pidNamespaceCreate = "create"
	// pidNamespaceOpen opens the channel: prints "OPENED", or "REFUSED <the one-line error>".
	pidNamespaceOpen = "open"
	// pidNamespaceConsume creates an SPSC channel and attaches its consumer: prints "ATTACHED", then holds the lease
	// until killed.
	pidNamespaceConsume = "consume"
	pidNamespaceRule    = " (every process of a channel must share one pid namespace and /proc)"
)

var unshareCommand = []string{"unshare", "--pid", "--fork", "--mount-proc", "--kill-child"}

// runPidNamespaceHelper is the helper's main (TestMain calls it when pidNamespaceHelperEnv is set).
func runPidNamespaceHelper(action string, path string) int {
	switch action {
	case pidNamespaceOpen:
		ch, err := Open(path, OpenOptions{})
		if err != nil {
			var detail *Error
			if errors.As(err, &detail) {
				fmt.Println("REFUSED " + detail.Message)
			} else {
				fmt.Println("REFUSED " + err.Error())
			}
			return 0
		}
		_ = ch.Close()
		fmt.Println("OPENED")
		return 0
	case pidNamespaceCreate, pidNamespaceConsume:
		ch, err := Create(path, CreateOptions{Kind: SPSC, Capacity: 4096})
		if err != nil {
			fmt.Println("ERROR " + err.Error())
			return 1
		}
		if action == pidNamespaceCreate {
			_ = ch.Close()
			fmt.Println("CREATED")
			return 0
		}
		if _, err := ch.Consumer(); err != nil {
			fmt.Println("ERROR " + err.Error())
			return 1
		}
		fmt.Println("ATTACHED")
		select {} // until killed
	default:
		fmt.Fprintln(os.Stderr, "pid namespace helper: unknown action", action)
		return 2
	}
}

// inNewPidNamespace is this test binary run again under unshare, doing action on the channel at path.
func inNewPidNamespace(action string, path string) *exec.Cmd {
	args := append(append([]string{}, unshareCommand[1:]...), os.Args[0], "-test.run=^$")
	cmd := exec.Command(unshareCommand[0], args...)
	cmd.Env = append(os.Environ(), pidNamespaceHelperEnv+"="+action, helperChannelEnv+"="+path)
	cmd.Stderr = os.Stderr
	return cmd
}

func skipUnlessUnshareWorks(t *testing.T) {
	t.Helper()
	args := append(append([]string{}, unshareCommand[1:]...), "true")
	if output, err := exec.Command(unshareCommand[0], args...).CombinedOutput(); err != nil {
		t.Skipf("skipped: `unshare --pid --fork --mount-proc` was refused here (it needs root or CAP_SYS_ADMIN): %v %s",
			err, strings.TrimSpace(string(output)))
	}
}

// ownPidNamespace is the number in this process's /proc/self/ns/pid link, "pid:[<inode>]".
func ownPidNamespace(t *testing.T) uint64 {
	t.Helper()
	target, err := os.Readlink("/proc/self/ns/pid")
	if err != nil {
		t.Fatal(err)
	}
	inode, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(target, "pid:["), "]"), 10, 64)
	if err != nil {
		t.Fatalf("%s: %v", target, err)
	}
	return inode
}

func filePidNamespace(t *testing.T, path string) uint64 {
	t.Helper()
	file, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return binary.LittleEndian.Uint64(file[layout.HeaderPidNamespaceOffset:])
}

func pidNamespaceRefusal(path string, found uint64, expected uint64) string {
	return fmt.Sprintf("channel file shared across pid namespaces: file=%s field=pidNamespace found=%d expected=%d%s",
		path, found, expected, pidNamespaceRule)
}

// requirePidNamespaceRefusal checks that err is the one line of LAYOUT 10.3 for a file of pid namespace found.
func requirePidNamespaceRefusal(t *testing.T, err error, path string, found uint64, expected uint64) {
	t.Helper()
	var detail *Error
	if !errors.As(err, &detail) {
		t.Fatalf("open: expected the pidNamespace refusal, got %v", err)
	}
	if !errors.Is(err, ErrInvalidFile) || detail.Field != "pidNamespace" {
		t.Fatalf("open: expected ErrInvalidFile with field=pidNamespace, got %v", err)
	}
	if want := pidNamespaceRefusal(path, found, expected); detail.Message != want {
		t.Fatalf("open refused with\n%s\nexpected\n%s", detail.Message, want)
	}
}

func TestShouldRecordThePidNamespaceOfItsCreatorInTheHeader(t *testing.T) {
	ch := create(t, SPSC, 1024)
	if got, want := filePidNamespace(t, ch.Path()), ownPidNamespace(t); got != want {
		t.Fatalf("pidNamespace %d, expected %d", got, want)
	}
}

func TestShouldRefuseToOpenAChannelFileThatRecordsAnotherPidNamespace(t *testing.T) {
	path := channelPath(t)
	ch, err := Create(path, CreateOptions{Kind: SPSC, Capacity: 1024})
	if err != nil {
		t.Fatal(err)
	}
	_ = ch.Close()
	other := ownPidNamespace(t) + 1
	patchFile(t, path, layout.HeaderPidNamespaceOffset, int64(other), 8)
	if opened, err := Open(path, OpenOptions{}); err == nil {
		_ = opened.Close()
		t.Fatal("open accepted a file of another pid namespace")
	} else {
		requirePidNamespaceRefusal(t, err, path, other, ownPidNamespace(t))
	}
}

func TestShouldRefuseToOpenAChannelCreatedInAnotherPidNamespace(t *testing.T) {
	skipUnlessUnshareWorks(t)
	path := channelPath(t)
	output, err := inNewPidNamespace(pidNamespaceCreate, path).Output()
	if err != nil || strings.TrimSpace(string(output)) != "CREATED" {
		t.Fatalf("create in a new pid namespace: %v %s", err, output)
	}
	creators := filePidNamespace(t, path)
	if creators == 0 || creators == ownPidNamespace(t) {
		t.Fatalf("pidNamespace %d: expected the child's own", creators)
	}
	if opened, err := Open(path, OpenOptions{}); err == nil {
		_ = opened.Close()
		t.Fatal("open accepted a channel created in another pid namespace")
	} else {
		requirePidNamespaceRefusal(t, err, path, creators, ownPidNamespace(t))
	}
}

func TestShouldRefuseInAnotherPidNamespaceToOpenAChannelCreatedOutside(t *testing.T) {
	skipUnlessUnshareWorks(t)
	ch := create(t, SPSC, 1024)
	output, err := inNewPidNamespace(pidNamespaceOpen, ch.Path()).Output()
	if err != nil {
		t.Fatalf("open in a new pid namespace: %v %s", err, output)
	}
	line := strings.TrimSpace(string(output))
	prefix := fmt.Sprintf("REFUSED channel file shared across pid namespaces: file=%s field=pidNamespace found=%d "+
		"expected=", ch.Path(), ownPidNamespace(t))
	if !strings.HasPrefix(line, prefix) || !strings.HasSuffix(line, pidNamespaceRule) {
		t.Fatalf("the child in another pid namespace said\n%s\nexpected\n%s<its own>%s", line, prefix, pidNamespaceRule)
	}
	inside, err := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(line, prefix), pidNamespaceRule), 10, 64)
	if err != nil || inside == 0 || inside == ownPidNamespace(t) {
		t.Fatalf("the child's pid namespace %q: expected a number other than %d", line, ownPidNamespace(t))
	}
}

func TestShouldNeverLetASecondConsumerTakeTheLeaseOfALiveConsumerInAnotherPidNamespace(t *testing.T) {
	skipUnlessUnshareWorks(t)
	path := channelPath(t)
	holder := inNewPidNamespace(pidNamespaceConsume, path)
	stdout, err := holder.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = holder.Process.Kill()
		_ = holder.Wait()
	}()
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil || strings.TrimSpace(line) != "ATTACHED" {
		t.Fatalf("the consumer in another pid namespace said %q: %v", line, err)
	}

	// the filed defect: this process looks the holder's pid up in its own /proc, finds another process (or none)
	// there, judges the live consumer dead and takes its lease over; now open refuses first
	second, err := Open(path, OpenOptions{})
	if err == nil {
		defer second.Close()
		if _, attachErr := second.Consumer(); attachErr == nil {
			t.Fatal("a second consumer took over the lease of a live consumer in another pid namespace")
		}
		t.Fatal("open accepted a channel created in another pid namespace")
	}
	requirePidNamespaceRefusal(t, err, path, filePidNamespace(t, path), ownPidNamespace(t))
	if err := holder.Process.Signal(syscall.Signal(0)); err != nil {
		t.Fatalf("the first consumer exited: %v", err)
	}
}
