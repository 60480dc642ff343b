//go:build !windows

package proc

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"syscall"
)

// The liveness rule of LAYOUT 8 over /proc (Linux): the leader's and the threads' stat files.

// StartTimeSource names where a token's start time comes from, for error details.
const StartTimeSource = "/proc/<pid>/stat readable"

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
