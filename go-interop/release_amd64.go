package ringway

// The release stores of the hot path on amd64, in release_amd64.s: one MOV each, no locked instruction (see the
// memory-order notes in fastpath.go). x86 keeps every store behind the loads and stores that precede it (TSO), so a
// MOV is a release store and no later store overtakes it, which is also the release fence of LAYOUT 6.1; being calls
// to assembly functions, they keep the Go compiler from moving any memory access across them. Our own code (the
// sync/atomic stores are XCHG on amd64) because it was measured: spinning Go<->Go ping-pong over 40 interleaved rounds
// (2026-12-05), p50 0.96x and p99 0.87x of the XCHG stores; the per-message benchmark of bench_test.go was unchanged
// within its noise.

// releaseStoreInt64 stores value into the word with release order.
//
//go:noescape
func releaseStoreInt64(word *int64, value int64)

// releaseStoreThenFence stores value into the word with release order and keeps every later store, plain ones
// included, behind it: LAYOUT's "store (release); release fence".
//
//go:noescape
func releaseStoreThenFence(word *int32, value int32)

// releaseStoreInt32 stores value into the word with release order: the commits of a batch but its last fence
// (OfferBatch), where a release is all LAYOUT asks.
//
//go:noescape
func releaseStoreInt32(word *int32, value int32)

// storeLoadFence is the full fence of LAYOUT 9.2 step 1 after release stores made with releaseStoreInt32: a locked
// OR of 0 into the word at the stack pointer (its value unchanged), which x86 orders against every earlier store and
// every later load, as ringway.h's ringway_fence_full does.
func storeLoadFence()
