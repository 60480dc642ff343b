package io.ringway.wait;

/**
 * System call numbers of Linux for the architectures Ringway parks on, chosen by this JVM's {@code os.arch}: the
 * one switch that {@link Futex} and {@link Membarrier} share. x86_64 numbers are in
 * arch/x86/entry/syscalls/syscall_64.tbl, aarch64 ones in include/uapi/asm-generic/unistd.h.
 */
final class LinuxSyscall
{
    /** {@code os.arch} of this JVM. */
    static final String ARCH = System.getProperty("os.arch");
    /** What {@link #number} returns on an architecture other than x86_64 and aarch64. */
    static final long UNSUPPORTED = -1;

    private LinuxSyscall()
    {
    }

    /**
     * @param x86_64  the call's number on x86_64 (os.arch amd64 or x86_64).
     * @param aarch64 the call's number on aarch64 (os.arch aarch64 or arm64).
     * @return the one for this JVM's architecture, or {@link #UNSUPPORTED}.
     */
    static long number(final long x86_64, final long aarch64)
    {
        switch (ARCH)
        {
            case "amd64":
            case "x86_64":
                return x86_64;
            case "aarch64":
            case "arm64":
                return aarch64;
            default:
                return UNSUPPORTED;
        }
    }
}
