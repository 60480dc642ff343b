// Package proc is what the system says about processes (LAYOUT 8): the liveness rule and the lease tokens of
// ringway.h's ringway_read_stat_, ringway_process_verdict_at_, ringway_process_token and ringway_token_verdict_at_,
// in Go. The start time and the verdict come from /proc on Linux (proc_procfs.go) and from GetProcessTimes and
// GetExitCodeProcess on Windows (proc_windows.go); tokens and their verdicts are the same everywhere (this file).
package proc

import (
	"fmt"
	"strings"
)

// Root is where the kernel's process table is mounted; tests pass a directory laid out like it. Windows ignores it.
const Root = "/proc"

// Verdict is ringway_process_verdict_t: what /proc says about a process.
type Verdict int

const (
	// Alive: at least one thread of the process runs (or sleeps, or is stopped).
	Alive Verdict = 0
	// Dead: no such process, every thread of it has exited, or (for a token) another process reuses the pid.
	Dead Verdict = 1
	// Unknown: /proc could not be read or parsed for another reason: never taken as dead.
	Unknown Verdict = 2
)

// StartTime is ringway_process_start_time: the start time of LAYOUT 8 whatever the state (Linux: field 22 of
// /proc/<pid>/stat; Windows: the creation time of GetProcessTimes, in 100 ns units since 1601), or -1.
func StartTime(pid int64) int64 {
	_, startTime, _ := VerdictAt(Root, pid)
	return startTime
}

// Token is ringway_process_token: the lease token of a process, pid << 32 | (starttime & 0xFFFFFFFF), or -1
// when it does not exist.
func Token(pid int64) int64 {
	startTime := StartTime(pid)
	if startTime < 0 {
		return -1
	}
	return int64(uint64(pid)<<32 | uint64(startTime)&0xFFFFFFFF)
}

// TokenPid is ringway_token_pid: the pid a lease token names.
func TokenPid(token int64) int64 {
	return int64(uint64(token) >> 32)
}

// TokenVerdictAt is ringway_token_verdict_at_: the verdict on a token's owner under root, Dead also when its
// pid now names another process (another start time).
func TokenVerdictAt(root string, token int64) (Verdict, string) {
	verdict, startTime, detail := VerdictAt(root, TokenPid(token))
	if startTime >= 0 && uint64(startTime)&0xFFFFFFFF != uint64(token)&0xFFFFFFFF {
		return Dead, fmt.Sprintf("pid reused: starttime=%d token starttime=%d", startTime,
			uint64(token)&0xFFFFFFFF)
	}
	return verdict, detail
}

// TokenIsAlive is ringway_token_is_alive: true unless the process the token names is dead by LAYOUT 8's rule (gone,
// every thread exited, or its pid reused); a process whose liveness /proc cannot tell counts as alive.
func TokenIsAlive(token int64) bool {
	verdict, _ := TokenVerdictAt(Root, token)
	return verdict != Dead
}

// strerror is C's strerror(errno) text: Go's table holds glibc's messages, lower-cased at the start.
func strerror(err error) string {
	text := err.Error()
	if text == "" {
		return text
	}
	return strings.ToUpper(text[:1]) + text[1:]
}
