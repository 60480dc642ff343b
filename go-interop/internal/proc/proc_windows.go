//go:build windows

package proc

import (
	"fmt"

	"golang.org/x/sys/windows"
)

// The liveness rule of LAYOUT 8 on Windows: a process is what OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION) opens;
// its start time is its creation time from GetProcessTimes (a FILETIME: 100 ns units since 1601-01-01 UTC, as one
// 64-bit number; tokens keep its low 32 bits); it is alive while GetExitCodeProcess says STILL_ACTIVE. An exited
// process stays openable while anyone holds a handle to it (its parent, until it waits): its exit code then says
// DEAD. A pid that no process has any more fails OpenProcess with ERROR_INVALID_PARAMETER: DEAD. Any other failure
// (ERROR_ACCESS_DENIED for another user's process, ...) is UNKNOWN, never DEAD.

const (
	stillActive = 259 // STILL_ACTIVE: GetExitCodeProcess of a running process
	// StartTimeSource names where a token's start time comes from, for error details.
	StartTimeSource = "GetProcessTimes of the process"
)

// VerdictAt is the liveness rule of LAYOUT 8 for one pid on Windows (root is ignored: there is no /proc). It returns
// the verdict, the creation time (or -1) and why the verdict is dead or unknown ("" when alive).
func VerdictAt(root string, pid int64) (verdict Verdict, startTime int64, detail string) {
	if pid <= 0 || pid > 1<<31-1 {
		return Dead, -1, fmt.Sprintf("pid=%d out of range", pid)
	}
	process, err := windows.OpenProcess(windows.PROCESS_QUERY_LIMITED_INFORMATION, false, uint32(pid))
	if err != nil {
		if err == windows.ERROR_INVALID_PARAMETER {
			return Dead, -1, fmt.Sprintf("no such process: pid=%d", pid)
		}
		return Unknown, -1, fmt.Sprintf("cannot open process pid=%d: OpenProcess: %s", pid, err)
	}
	defer windows.CloseHandle(process)
	var creation, exit, kernel, user windows.Filetime
	if err := windows.GetProcessTimes(process, &creation, &exit, &kernel, &user); err != nil {
		return Unknown, -1, fmt.Sprintf("cannot read the times of pid=%d: GetProcessTimes: %s", pid, err)
	}
	startTime = int64(creation.HighDateTime)<<32 | int64(creation.LowDateTime)
	var exitCode uint32
	if err := windows.GetExitCodeProcess(process, &exitCode); err != nil {
		return Unknown, startTime, fmt.Sprintf("cannot read the exit code of pid=%d: GetExitCodeProcess: %s", pid, err)
	}
	if exitCode != stillActive {
		return Dead, startTime, fmt.Sprintf("exited with code %d", exitCode)
	}
	return Alive, startTime, ""
}
