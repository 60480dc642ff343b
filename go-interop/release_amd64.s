#include "textflag.h"

// func releaseStoreInt64(word *int64, value int64)
TEXT ·releaseStoreInt64(SB), NOSPLIT, $0-16
	MOVQ word+0(FP), AX
	MOVQ value+8(FP), BX
	MOVQ BX, 0(AX)
	RET

// func releaseStoreThenFence(word *int32, value int32)
TEXT ·releaseStoreThenFence(SB), NOSPLIT, $0-12
	MOVQ word+0(FP), AX
	MOVL value+8(FP), BX
	MOVL BX, 0(AX)
	RET

// func releaseStoreInt32(word *int32, value int32)
TEXT ·releaseStoreInt32(SB), NOSPLIT, $0-12
	MOVQ word+0(FP), AX
	MOVL value+8(FP), BX
	MOVL BX, 0(AX)
	RET

// func storeLoadFence()
TEXT ·storeLoadFence(SB), NOSPLIT, $0-0
	LOCK
	ORL $0, 0(SP)
	RET
