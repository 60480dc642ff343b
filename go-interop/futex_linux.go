//go:build linux

package ringway

import (
	"math"
	"runtime"
	"syscall"
	"time"
	"unsafe"
)

// The module's pure-Go futex calls (the ring's hot path wakes, the journal follower waits): shared operations, without
// FUTEX_PRIVATE_FLAG, because the words are in file mappings shared between processes (LAYOUT 9.1 step 5, 9.2 step 6,
// 14.9). Our own wrapper because the standard library has none. syscall.Syscall6 is a blocking system call to the Go
// runtime, which hands the P to another thread while a wait sleeps.
const (
	futexWaitShared = 0 // FUTEX_WAIT
	futexWakeShared = 1 // FUTEX_WAKE
)

// futexWait is FUTEX_WAIT on the word while it holds expected, for at most timeout: the errno (0 when woken or
// spuriously returned; EAGAIN, EINTR, ETIMEDOUT or a failure otherwise).
func futexWait(address *int32, expected int32, timeout time.Duration) syscall.Errno {
	timespec := syscall.NsecToTimespec(timeout.Nanoseconds())
	_, _, errno := syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(address)), futexWaitShared,
		uintptr(uint32(expected)), uintptr(unsafe.Pointer(&timespec)), 0, 0)
	return errno
}

// futexWake is FUTEX_WAKE of every waiter on the word; a failure (which leaves waiters to their timeouts, LAYOUT
// 9.6) is ignored as ringway_futex_wake's result is.
func futexWake(address *int32) {
	_, _, _ = syscall.Syscall6(syscall.SYS_FUTEX, uintptr(unsafe.Pointer(address)), futexWakeShared,
		math.MaxInt32, 0, 0, 0)
}

// sysMembarrier is SYS_membarrier, which package syscall does not define: 324 on amd64, 283 on arm64
// (asm-generic/unistd.h); 0 on other architectures, where membarrier wakeups are not offered.
var sysMembarrier = map[string]uintptr{"amd64": 324, "arm64": 283}[runtime.GOARCH]

// membarrier(2) commands (LAYOUT 9.8).
const (
	membarrierCmdQuery                   = 0
	membarrierCmdGlobalExpedited         = 1 << 1
	membarrierCmdRegisterGlobalExpedited = 1 << 2
)

// membarrierSupported reports whether the kernel offers global expedited membarriers and their registration (Linux
// 4.16 and later, unless a seccomp filter refuses the call).
func membarrierSupported() bool {
	const needed = membarrierCmdGlobalExpedited | membarrierCmdRegisterGlobalExpedited
	if sysMembarrier == 0 {
		return false
	}
	commands, _, errno := syscall.RawSyscall(sysMembarrier, membarrierCmdQuery, 0, 0)
	return errno == 0 && commands&needed == needed
}

// registerMembarrier registers this process for global expedited barriers (idempotent): whether it is registered.
func registerMembarrier() bool {
	_, _, errno := syscall.RawSyscall(sysMembarrier, membarrierCmdRegisterGlobalExpedited, 0, 0)
	return errno == 0
}

// membarrierGlobal is a full barrier in this thread and in every running thread of every registered process: 0, or
// the errno.
func membarrierGlobal() syscall.Errno {
	_, _, errno := syscall.Syscall(sysMembarrier, membarrierCmdGlobalExpedited, 0, 0)
	return errno
}

// osYield is sched_yield(2), as ringway.h's yields: the thread gives its CPU to any runnable thread of any process
// (runtime.Gosched would yield only to this process's goroutines). runtime.Gosched runs first so that goroutines of
// this process waiting for a P get it too.
func osYield() {
	runtime.Gosched()
	_, _, _ = syscall.RawSyscall(syscall.SYS_SCHED_YIELD, 0, 0, 0)
}
