//go:build !linux

package ringway

import (
	"syscall"
	"time"
)

// No futex outside Linux (LAYOUT 9.7). Channels park on events on Windows (wakeups_windows.go) and cannot be opened
// on other platforms yet (channelfile_other.go); the journal's followers, the only other users, cannot open a journal
// outside Unix (mmap_other.go). So these only let the module build.

func futexWait(address *int32, expected int32, timeout time.Duration) syscall.Errno {
	return syscall.ENOSYS
}

func futexWake(address *int32) {}

// No asymmetric barrier outside Linux (LAYOUT 9.8): Windows' FlushProcessWriteBuffers is process-local.

func membarrierSupported() bool { return false }

func registerMembarrier() bool { return false }

func membarrierGlobal() syscall.Errno { return syscall.ENOSYS }
