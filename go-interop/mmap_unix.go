//go:build unix

package ringway

import "syscall"

// Mapping files for the journal reader (LAYOUT 14), which needs only mmap and O_NOFOLLOW: every Unix has them.

const (
	protRead  = syscall.PROT_READ
	protWrite = syscall.PROT_WRITE
	// openNoFollowNonBlock: a symlink at the path is refused (ELOOP), a FIFO planted there does not hang the open
	openNoFollowNonBlock = syscall.O_NOFOLLOW | syscall.O_NONBLOCK
)

// journalPlatformSupported is nil: every Unix can read journals.
func journalPlatformSupported(dir string) error { return nil }

// mmapShared maps [0, length) of the open file fd, shared, with protection prot (protRead, protWrite).
func mmapShared(fd uintptr, length int, prot int) ([]byte, error) {
	return syscall.Mmap(int(fd), 0, length, prot, syscall.MAP_SHARED)
}

func munmap(mapped []byte) error {
	return syscall.Munmap(mapped)
}

// fileStatus is what the journal reader checks of a file (LAYOUT 14.1): its type and permission bits, and its owner.
type fileStatus struct {
	mode uint32
	uid  uint32
}

const (
	fileTypeMask      = syscall.S_IFMT
	fileTypeRegular   = syscall.S_IFREG
	fileTypeDirectory = syscall.S_IFDIR
	fileTypeSymlink   = syscall.S_IFLNK
)

// fstatFile is fstat(2) of an open file.
func fstatFile(fd uintptr) (fileStatus, error) {
	var status syscall.Stat_t
	if err := syscall.Fstat(int(fd), &status); err != nil {
		return fileStatus{}, err
	}
	return fileStatus{mode: uint32(status.Mode), uid: status.Uid}, nil
}

// statPath is stat(2) of a path when following symlinks, else lstat(2).
func statPath(path string, followSymlinks bool) (fileStatus, error) {
	var status syscall.Stat_t
	var err error
	if followSymlinks {
		err = syscall.Stat(path, &status)
	} else {
		err = syscall.Lstat(path, &status)
	}
	if err != nil {
		return fileStatus{}, err
	}
	return fileStatus{mode: uint32(status.Mode), uid: status.Uid}, nil
}
