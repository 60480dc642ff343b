//go:build linux

package ringway

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
)

// Create reserves the whole file (LAYOUT 10.2): a full file system is an error at Create naming ENOSPC and the file,
// never a SIGBUS later in a producer or consumer touching a page nobody could back. Each test mounts a small tmpfs of
// its own (skipped with a message where mounting is refused).

const smallFileSystemMiB = 1024 * 1024

// mountSmallFileSystem mounts a tmpfs of sizeBytes on a new directory, unmounted (lazily) when the test ends, or
// skips the test where mounting is refused (it needs root or CAP_SYS_ADMIN).
func mountSmallFileSystem(t *testing.T, sizeBytes int) string {
	t.Helper()
	directory := filepath.Join(t.TempDir(), "small-fs")
	if err := os.Mkdir(directory, 0o700); err != nil {
		t.Fatal(err)
	}
	options := fmt.Sprintf("size=%d,mode=0700", sizeBytes)
	if err := syscall.Mount("tmpfs", directory, "tmpfs", 0, options); err != nil {
		t.Skipf("skipped: this test fills a small tmpfs and mounting one was refused here (it needs root or "+
			"CAP_SYS_ADMIN): mount: %v", err)
	}
	t.Cleanup(func() { _ = syscall.Unmount(directory, syscall.MNT_DETACH) })
	return directory
}

// fillFileSystem writes a file until its file system is full.
func fillFileSystem(t *testing.T, path string) {
	t.Helper()
	file, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	chunk := make([]byte, 64*1024)
	for {
		if _, err := file.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatalf("filling the file system: %v", err)
			}
			return
		}
	}
}

func TestShouldRefuseToCreateAChannelLargerThanItsFileSystemWithENOSPCAndRemoveTheFile(t *testing.T) {
	directory := mountSmallFileSystem(t, 2*smallFileSystemMiB)
	path := filepath.Join(directory, "too-large.ringway")

	ch, err := Create(path, CreateOptions{Kind: SPSC, Capacity: 4 * smallFileSystemMiB})

	if err == nil {
		_ = ch.Close()
		t.Fatalf("a channel larger than its file system was created")
	}
	detail := requireCode(t, err, ErrIO, "fileLength")
	if !strings.HasPrefix(detail.Found, "ENOSPC") || detail.File != path {
		t.Fatalf("expected found=ENOSPC... and file=%s: %v", path, err)
	}
	if strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "file="+path) {
		t.Fatalf("expected one line naming the file: %q", err.Error())
	}
	if _, statErr := os.Lstat(path); !errors.Is(statErr, os.ErrNotExist) {
		t.Fatalf("a file that cannot be reserved is removed: %v", statErr)
	}
}

func TestShouldOfferAndPollThroughEveryPageOfTheRingAfterAnotherFileFilledTheFileSystem(t *testing.T) {
	directory := mountSmallFileSystem(t, 2*smallFileSystemMiB)
	const capacity = smallFileSystemMiB
	ch, err := Create(filepath.Join(directory, "fits.ringway"), CreateOptions{Kind: SPSC, Capacity: capacity})
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	defer ch.Close()
	fillFileSystem(t, filepath.Join(directory, "filler"))
	producer := mustProducer(t, ch)
	consumer := mustConsumer(t, ch)

	// a page the file system could not back faults (SIGBUS) in the Go hot path: report it as a failure, not a crash
	defer debug.SetPanicOnFault(debug.SetPanicOnFault(true))
	defer func() {
		if fault := recover(); fault != nil {
			t.Fatalf("offering or polling faulted on a page of the channel file: %v", fault)
		}
	}()
	const messageLength = 3000
	messageCount := 2*capacity/messageLength + 1 // twice round the ring: every page of the data area
	for sequence := 0; sequence < messageCount; sequence++ {
		message := bytes.Repeat([]byte{byte(sequence)}, messageLength)
		if err := producer.Offer(7, message); err != nil {
			t.Fatalf("offer %d: %v", sequence, err)
		}
		var got []byte
		n, err := consumer.Poll(func(typeID int32, body []byte) { got = bytes.Clone(body) }, 1)
		if err != nil || n != 1 || !bytes.Equal(got, message) {
			t.Fatalf("poll %d: n=%d err=%v, body intact=%v", sequence, n, err, bytes.Equal(got, message))
		}
	}
}
