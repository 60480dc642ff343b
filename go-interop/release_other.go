//go:build !amd64

package ringway

import "sync/atomic"

// releaseStoreInt64 stores value into the word with release order (atomic.StoreInt64: STLR on arm64).
func releaseStoreInt64(word *int64, value int64) {
	atomic.StoreInt64(word, value)
}

// releaseStoreThenFence stores value into the word with release order and keeps every later store, plain ones
// included, behind it: LAYOUT's "store (release); release fence" (see the memory-order notes in fastpath.go for
// arm64).
func releaseStoreThenFence(word *int32, value int32) {
	atomic.SwapInt32(word, value)
	_ = atomic.LoadInt32(word)
}

// releaseStoreInt32 stores value into the word with release order (atomic.StoreInt32: STLR on arm64).
func releaseStoreInt32(word *int32, value int32) {
	atomic.StoreInt32(word, value)
}

// storeLoadFence is the full fence of LAYOUT 9.2 step 1 after stores made with releaseStoreInt32. Here those are
// atomic.StoreInt32, and the load of the waiters flag is an atomic.LoadInt32: Go's atomics are sequentially
// consistent, so no load of the flag passes them (on arm64 an LDAR is never observed before an earlier STLR), and
// nothing more is needed.
func storeLoadFence() {}
