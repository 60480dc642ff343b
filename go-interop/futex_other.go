//go:build !linux

package ringway

import (
	"runtime"
	"syscall"
	"time"
)

// No futex outside Linux yet (LAYOUT 9.7); no channel can be opened there either (channelfile_other.go), so these
// only let the module build.

func futexWait(address *int32, expected int32, timeout time.Duration) syscall.Errno {
	return syscall.ENOSYS
}

func futexWake(address *int32) {}

func osYield() { runtime.Gosched() }
