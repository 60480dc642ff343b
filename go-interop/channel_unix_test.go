//go:build unix

package ringway

import (
	"os"
	"path/filepath"
	"testing"
)

// Channel file checks that exist only where files have POSIX modes (Windows files have ACLs: a new channel file gets
// an owner-only DACL instead, channelfile_windows.go).

// In a directory every user may write without the sticky bit, anyone could swap the channel's name for a file or link
// of theirs: create refuses it (LAYOUT 10.2 step 0); with the sticky bit, as /dev/shm and /tmp, it creates.
func TestShouldRefuseToCreateInADirectoryEveryoneCanWriteWithoutTheStickyBit(t *testing.T) {
	directory := filepath.Join(testDirectory(t), "world-writable")
	if err := os.Mkdir(directory, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(directory, 0o777); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(directory, "channel.ringway")
	_, err := Create(path, CreateOptions{Kind: SPSC, Capacity: 1024})
	detail := requireCode(t, err, ErrInvalidArgument, "directory")
	if detail.Found != "mode 0777" {
		t.Fatalf("detail %+v", detail)
	}
	if err := os.Chmod(directory, 0o777|os.ModeSticky); err != nil {
		t.Fatal(err)
	}
	ch, err := Create(path, CreateOptions{Kind: SPSC, Capacity: 1024})
	if err != nil {
		t.Fatalf("with the sticky bit: %v", err)
	}
	_ = ch.Delete()
}
