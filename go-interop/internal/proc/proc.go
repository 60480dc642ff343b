// Package proc is what /proc says about processes (LAYOUT 8): the liveness rule and the lease tokens of ringway.h's
// ringway_read_stat_, ringway_process_verdict_at_, ringway_process_token and ringway_token_verdict_at_, in Go.
package proc

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"syscall"
)

// Root is where the kernel's process table is mounted; tests pass a directory laid out like it.
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

// readStat results besides statRead.
const (
	statRead           = 0
	statNoSuchProcess  = -1 // the stat file is gone, or reading it failed with ESRCH
	statUnreadable     = -2 // another failure
	statStateField     = 3  // field 3 of /proc/<pid>/stat: the state, the first field after the name
	statStartTimeField = 22 // field 22: the start time in clock ticks since boot
	statTextLength     = 1024
)

// readStat reads one /proc stat file as bytes and parses it (ringway_read_stat_): the name (field 2) may hold spaces,
// ')' and any byte, so fields 3 onwards are counted after the LAST ')', each ended by one space. It returns field 3
// (0 when unparsed), field 22 (-1 when unparsed), statRead, statNoSuchProcess or statUnreadable, and the errno.
func readStat(statPath string) (state int, startTime int64, result int, errno error) {
	startTime = -1
	fd, err := syscall.Open(statPath, syscall.O_RDONLY|syscall.O_CLOEXEC, 0)
	if err != nil {
		if err == syscall.ENOENT || err == syscall.ESRCH {
			return 0, -1, statNoSuchProcess, err
		}
		return 0, -1, statUnreadable, err
	}
	var text [statTextLength]byte
	length := 0
	for length < len(text) {
		n, err := syscall.Read(fd, text[length:])
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			_ = syscall.Close(fd)
			// ESRCH while reading: the process exited between open and read
			if err == syscall.ESRCH {
				return 0, -1, statNoSuchProcess, err
			}
			return 0, -1, statUnreadable, err
		}
		if n == 0 {
			break
		}
		length += n
	}
	_ = syscall.Close(fd)

	nameEnd := length
	for i := length; i > 0; i-- {
		if text[i-1] == ')' {
			nameEnd = i - 1
			break
		}
	}
	if nameEnd == length || nameEnd+2 >= length || text[nameEnd+1] != ' ' {
		return 0, -1, statRead, nil
	}
	state = int(text[nameEnd+2])
	index := nameEnd + 2
	for field := statStateField; field < statStartTimeField; field++ {
		for index < length && text[index] != ' ' {
			index++
		}
		if index >= length {
			return state, -1, statRead, nil
		}
		index++
	}
	value := int64(0)
	digits := 0
	for index < length && text[index] >= '0' && text[index] <= '9' && digits < 18 {
		value = value*10 + int64(text[index]-'0')
		index++
		digits++
	}
	if digits > 0 {
		startTime = value
	}
	return state, startTime, statRead, nil
}

func stateIsExited(state int) bool {
	return state == 'Z' || state == 'X'
}

// VerdictAt is the liveness rule of LAYOUT 8 for one pid under root (ringway_process_verdict_at_): the
// leader's state Z or X means only that the main thread has exited; the process is alive while any thread in
// <root>/<pid>/task/ is in another state. A failure other than "no such process" is Unknown, never dead.
// It returns the verdict, field 22 of the leader's stat (also for a zombie leader) or -1, and why the verdict is
// dead or unknown ("" when alive).
func VerdictAt(root string, pid int64) (verdict Verdict, startTime int64, detail string) {
	if pid <= 0 || pid > 1<<31-1 {
		return Dead, -1, fmt.Sprintf("pid=%d out of range", pid)
	}
	path := root + "/" + strconv.FormatInt(pid, 10) + "/stat"
	state, startTime, result, errno := readStat(path)
	switch {
	case result == statNoSuchProcess:
		return Dead, startTime, "no such process: " + path
	case result == statUnreadable:
		return Unknown, startTime, fmt.Sprintf("cannot read %s: %s", path, strerror(errno))
	case startTime < 0:
		return Unknown, startTime,
			fmt.Sprintf("cannot parse %s (no ') <state>' or fewer than 22 fields)", path)
	case !stateIsExited(state):
		return Alive, startTime, ""
	}
	// the leader (main thread) has exited: the process lives while any other thread does
	taskPath := root + "/" + strconv.FormatInt(pid, 10) + "/task"
	tasks, err := os.Open(taskPath)
	if err != nil {
		openErr := err
		if pathErr, ok := err.(*os.PathError); ok {
			openErr = pathErr.Err
		}
		if openErr == syscall.ENOENT {
			return Dead, startTime, fmt.Sprintf("no such process: %s: %s", taskPath, strerror(openErr))
		}
		return Unknown, startTime, fmt.Sprintf("cannot read %s: %s", taskPath, strerror(openErr))
	}
	defer tasks.Close()
	for {
		names, err := tasks.Readdirnames(64)
		for _, name := range names {
			if name[0] == '.' {
				continue
			}
			threadState, _, threadResult, _ := readStat(taskPath + "/" + name + "/stat")
			if threadResult == statNoSuchProcess {
				continue // that thread has just exited
			}
			if threadResult == statUnreadable || threadState == 0 || !stateIsExited(threadState) {
				// a thread that is not Z or X runs; one that cannot be read or parsed is not taken as dead
				return Alive, startTime, ""
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return Unknown, startTime, fmt.Sprintf("cannot read %s: %s", taskPath, strerror(unwrapErrno(err)))
		}
	}
	return Dead, startTime, fmt.Sprintf("state=%c in every thread (exited, not yet reaped)", rune(state))
}

func unwrapErrno(err error) error {
	if pathErr, ok := err.(*os.PathError); ok {
		return pathErr.Err
	}
	if syscallErr, ok := err.(*os.SyscallError); ok {
		return syscallErr.Err
	}
	return err
}

// StartTime is ringway_process_start_time: field 22 of /proc/<pid>/stat whatever the state, or -1.
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
