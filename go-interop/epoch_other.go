//go:build !amd64

package ringway

import "time"

// epochMs is CLOCK_REALTIME in epoch milliseconds, as ringway_epoch_ms_ computes it. Outside amd64,
// syscall.Gettimeofday may be a real system call, so time.Now (vDSO) it is.
func epochMs() int64 {
	return time.Now().UnixMilli()
}
