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

// mmapShared maps [0, length) of the open file fd, shared, with protection prot (protRead, protWrite).
func mmapShared(fd uintptr, length int, prot int) ([]byte, error) {
	return syscall.Mmap(int(fd), 0, length, prot, syscall.MAP_SHARED)
}

func munmap(mapped []byte) error {
	return syscall.Munmap(mapped)
}
