//go:build linux

package ringway

import (
	"fmt"
	"strings"
	"syscall"

	"github.com/ringway-io/ringway/go-interop/internal/layout"
)

// The channel file on Linux: create (LAYOUT 10.2), open (10.3), the length check of 11.1, close and delete (10.4),
// as ringway.h's ringway_channel_create, _open, _check_length, _close and _delete, with the same checks in the same
// order and the same error detail.

// platformFile is the open file of a channelFile: its descriptor, for fstat.
type platformFile struct {
	fd int
}

// describeErrno is ringway_describe_errno_: "ENOSPC (No space left on device)", or "errno <n> (<text>)".
func describeErrno(errno syscall.Errno) string {
	name := ""
	switch errno {
	case syscall.ENOSPC:
		name = "ENOSPC"
	case syscall.EDQUOT:
		name = "EDQUOT"
	case syscall.EFBIG:
		name = "EFBIG"
	case syscall.EIO:
		name = "EIO"
	}
	if name != "" {
		return fmt.Sprintf("%s (%s)", name, strerror(errno))
	}
	return fmt.Sprintf("errno %d (%s)", int(errno), strerror(errno))
}

// checkChannelDirectory is LAYOUT 10.2 step 0 (ringway_check_channel_directory_): a directory every user may write
// without the sticky bit lets anyone swap the channel's name for a file or link of theirs, so create refuses it.
func checkChannelDirectory(path string) error {
	directory := "."
	if slash := strings.LastIndexByte(path, '/'); slash == 0 {
		directory = "/"
	} else if slash > 0 {
		directory = path[:slash]
	}
	var status syscall.Stat_t
	if syscall.Stat(directory, &status) != nil {
		return nil // the create itself reports a missing directory, with its reason
	}
	if status.Mode&syscall.S_IWOTH != 0 && status.Mode&syscall.S_ISVTX == 0 {
		return fileError(CodeInvalidArgument, path, "directory",
			"channel directory is writable by every user without the sticky bit (anyone could swap the channel's name "+
				"for a file or link of theirs)", fmt.Sprintf("mode 0%o", status.Mode&0o7777),
			"a directory others cannot write, or one with the sticky bit as /dev/shm and /tmp")
	}
	return nil
}

// reserveFile is posix_fallocate(fd, 0, length): fallocate(2), or where the file system has none, the length set
// and a zero byte written into every 4096-byte block, as glibc's fallback does. It returns the errno.
func reserveFile(fd int, length int64) syscall.Errno {
	for {
		err := syscall.Fallocate(fd, 0, 0, length)
		if err == nil {
			return 0
		}
		errno, _ := err.(syscall.Errno)
		if errno == syscall.EINTR {
			continue
		}
		if errno != syscall.EOPNOTSUPP {
			return errno
		}
		break
	}
	var status syscall.Stat_t
	if err := syscall.Fstat(fd, &status); err != nil {
		return err.(syscall.Errno)
	}
	if status.Size < length {
		if err := syscall.Ftruncate(fd, length); err != nil {
			return err.(syscall.Errno)
		}
	}
	zero := []byte{0}
	for offset := int64(0); offset < length; offset += 4096 {
		if _, err := syscall.Pwrite(fd, zero, offset); err != nil {
			return err.(syscall.Errno)
		}
	}
	return 0
}

// createFile is ringway_channel_create (LAYOUT 10.2) after the options were checked: it makes the file exclusively,
// reserves every page, maps it and writes the header, layoutVersion last. On failure the file is removed again.
func createFile(path string, kind RingKind, capacity int32, fileMode uint32, schemaID, schemaVersion int32,
	replaceExisting bool) (*channelFile, error) {
	if err := checkCreateArguments(path, kind, capacity); err != nil {
		return nil, err
	}
	if fileMode == 0 {
		fileMode = 0o600
	}
	fileLength := layout.FileLength(int(capacity))
	if err := checkChannelDirectory(path); err != nil {
		return nil, err
	}
	if replaceExisting {
		var existing syscall.Stat_t
		if syscall.Lstat(path, &existing) == nil {
			if existing.Mode&syscall.S_IFMT != syscall.S_IFREG {
				found := "not a regular file"
				if existing.Mode&syscall.S_IFMT == syscall.S_IFLNK {
					found = "symlink"
				}
				return nil, fileError(CodeFileExists, path, "file", "will not replace what is not a regular file",
					found, "a regular file or nothing")
			}
			if err := syscall.Unlink(path); err != nil && err != syscall.ENOENT {
				return nil, fileError(CodeIO, path, "file", "cannot replace existing channel file",
					"unlink: "+strerror(err), "deleted")
			}
		}
	}
	fd, err := syscall.Open(path, syscall.O_RDWR|syscall.O_CREAT|syscall.O_EXCL|syscall.O_NOFOLLOW|syscall.O_CLOEXEC,
		fileMode)
	if err != nil {
		if err == syscall.EEXIST {
			return nil, fileError(CodeFileExists, path, "file", "channel file already exists", "exists",
				"absent (create never overwrites)")
		}
		return nil, fileError(CodeIO, path, "file", "cannot create channel file", "open: "+strerror(err), "created")
	}
	fail := func(failure error) (*channelFile, error) {
		_ = syscall.Close(fd)
		_ = syscall.Unlink(path)
		return nil, failure
	}
	// set explicitly: the umask may have removed bits the caller asked for
	if err := syscall.Fchmod(fd, fileMode); err != nil {
		return fail(fileError(CodeIO, path, "file", "cannot set channel file permissions", "fchmod: "+strerror(err),
			fmt.Sprintf("mode %o", fileMode)))
	}
	// LAYOUT 10.2 step 2: back every page now, so that a full file system is this error and never a SIGBUS in a
	// peer that later touches a page nobody could back
	if errno := reserveFile(fd, fileLength); errno != 0 {
		return fail(reservationError(path, describeErrno(errno), fileLength, capacity, "file system"))
	}
	mapped, err := syscall.Mmap(fd, 0, int(fileLength), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return fail(fileError(CodeIO, path, "fileLength", "cannot map channel file", "mmap: "+strerror(err),
			fmt.Sprint(fileLength)))
	}
	f := &channelFile{path: path, platformFile: platformFile{fd: fd}, mapped: mapped}
	f.writeHeader(kind, capacity, schemaID, schemaVersion)
	return f, nil
}

// openFile is ringway_channel_open (LAYOUT 10.3): it opens, checks and maps the file and validates the header in the
// order of that section, and never writes to the file.
func openFile(path string, expectedKind RingKind, expectedCapacity int32, allowOtherOwner, followSymlinks bool) (
	*channelFile, error) {
	if err := checkPath(path); err != nil {
		return nil, err
	}
	flags := syscall.O_RDWR | syscall.O_CLOEXEC | syscall.O_NONBLOCK // a FIFO planted at the path must not hang
	if !followSymlinks {
		flags |= syscall.O_NOFOLLOW
	}
	fd, err := syscall.Open(path, flags, 0)
	if err != nil {
		switch err {
		case syscall.ENOENT:
			return nil, fileError(CodeFileNotFound, path, "file", "no such channel file", "absent", "an existing file")
		case syscall.ELOOP:
			return nil, fileError(CodeInvalidFile, path, "file", "channel file is a symlink", "symlink",
				"a regular file (set follow_symlinks to follow it)")
		}
		return nil, fileError(CodeIO, path, "file", "cannot open channel file", "open: "+strerror(err),
			"readable and writable")
	}
	fail := func(failure error) (*channelFile, error) {
		_ = syscall.Close(fd)
		return nil, failure
	}
	var status syscall.Stat_t
	if err := syscall.Fstat(fd, &status); err != nil {
		return fail(fileError(CodeIO, path, "file", "cannot open channel file", "fstat: "+strerror(err),
			"a regular file"))
	}
	if status.Mode&syscall.S_IFMT != syscall.S_IFREG {
		found := "special file"
		if status.Mode&syscall.S_IFMT == syscall.S_IFDIR {
			found = "directory"
		}
		return fail(fileError(CodeInvalidFile, path, "file", "channel file is not a regular file", found,
			"a regular file"))
	}
	if euid := uint32(syscall.Geteuid()); status.Uid != euid && !allowOtherOwner {
		return fail(fileError(CodeInvalidFile, path, "owner", "channel file belongs to another user",
			fmt.Sprintf("uid %d", status.Uid), fmt.Sprintf("uid %d (set allow_other_owner to accept it)", euid)))
	}
	mapLength, err := checkOpenLength(path, status.Size)
	if err != nil {
		return fail(err)
	}
	mapped, err := syscall.Mmap(fd, 0, int(mapLength), syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_SHARED)
	if err != nil {
		return fail(fileError(CodeIO, path, "fileLength", "cannot map channel file", "mmap: "+strerror(err),
			fmt.Sprintf("%d bytes mapped", mapLength)))
	}
	f := &channelFile{path: path, platformFile: platformFile{fd: fd}, mapped: mapped}
	err = f.validateAsExpected(status.Size, expectedKind, expectedCapacity)
	if err != nil {
		_ = syscall.Munmap(mapped)
		return fail(err)
	}
	return f, nil
}

// length is the file's length now (fstat), or -1 when it cannot be read.
func (f *channelFile) length() int64 {
	var status syscall.Stat_t
	if syscall.Fstat(f.fd, &status) != nil {
		return -1
	}
	return status.Size
}

// checkLength is ringway_channel_check_length (LAYOUT 11.1): the open file must still be as long as the layout
// needs (another process may have truncated it; touching a missing page would raise SIGBUS).
func (f *channelFile) checkLength() error {
	var status syscall.Stat_t
	if err := syscall.Fstat(f.fd, &status); err != nil {
		return fileError(CodeIO, f.path, "fileLength", "cannot stat channel file", "fstat: "+strerror(err), "a length")
	}
	return f.truncatedError(status.Size)
}

// close unmaps the file and closes its descriptor (the end of ringway_channel_close; leases are released before).
func (f *channelFile) close() error {
	f.wakeups.close()
	_ = syscall.Close(f.fd)
	f.fd = -1
	if err := syscall.Munmap(f.mapped); err != nil {
		return fileError(CodeIO, f.path, "file", "cannot unmap channel file", "munmap: "+strerror(err), "unmapped")
	}
	f.mapped = nil
	return nil
}

// deleteFile is the unlink of ringway_channel_delete.
func deleteFile(path string) error {
	if path == "" {
		return nil
	}
	if err := syscall.Unlink(path); err != nil && err != syscall.ENOENT {
		return fileError(CodeIO, path, "file", "cannot delete channel file", "unlink: "+strerror(err), "deleted")
	}
	return nil
}

// pathFor is ringway_channel_path_for (LAYOUT 10.1).
func pathFor(name string) (string, error) {
	directory := "/tmp"
	var status syscall.Stat_t
	if syscall.Stat("/dev/shm", &status) == nil && status.Mode&syscall.S_IFMT == syscall.S_IFDIR &&
		syscall.Access("/dev/shm", 2 /* W_OK */) == nil {
		directory = "/dev/shm"
	}
	path := directory + "/" + name + ".ringway"
	if len(path) >= pathMaxLength {
		return "", fileError(CodeInvalidArgument, "(none)", "name", "channel name too long", name,
			fmt.Sprintf("a path below %d bytes", pathMaxLength))
	}
	return path, nil
}

// currentPidNamespace is ringway_current_pid_namespace_: the inode number of this process's pid namespace (stat of
// /proc/self/ns/pid, whose link reads "pid:[<inode>]"), which create records and open compares (LAYOUT 3, 10.3); 0
// when it cannot be read (no /proc): then nothing is recorded or checked.
func currentPidNamespace() int64 {
	var status syscall.Stat_t
	if syscall.Stat("/proc/self/ns/pid", &status) != nil {
		return 0
	}
	return int64(status.Ino)
}
