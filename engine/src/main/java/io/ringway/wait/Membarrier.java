package io.ringway.wait;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;

/**
 * Linux membarrier(2), for the asymmetric wake fence of docs/LAYOUT.md 9.8: a consumer that calls
 * {@link #globalExpedited()} between storing its waiters flag and re-checking the ring makes every running thread of
 * every process that called {@link #registerProcess()} pass a full memory barrier, so that those producers may check
 * the flag after a commit with no fence of their own.
 *
 * <p>Our own code rather than a library's, as {@link Futex}: neither Agrona nor JNA's platform module offers the call,
 * and it is one line. Direct mapping through glibc's variadic {@code syscall}, arguments passed as 64-bit integers.
 */
public final class Membarrier
{
    /** membarrier(2) command: the bit mask of the commands this kernel supports. */
    static final int MEMBARRIER_CMD_QUERY = 0;
    /** membarrier(2) command: a full barrier on every running thread of every registered process. */
    static final int MEMBARRIER_CMD_GLOBAL_EXPEDITED = 1 << 1;
    /** membarrier(2) command: this process receives the barriers of MEMBARRIER_CMD_GLOBAL_EXPEDITED. */
    static final int MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED = 1 << 2;

    /** SYS_membarrier: 324 on x86_64 (arch/x86/entry/syscalls/syscall_64.tbl), 283 on aarch64 (asm-generic/unistd.h). */
    private static final long SYS_MEMBARRIER = LinuxSyscall.number(324, 283);

    /**
     * True where this process can both issue and receive global expedited barriers (Linux 4.16 and later, unless a
     * seccomp filter refuses the call): read once, when the class is initialized.
     */
    public static final boolean SUPPORTED;

    private static boolean registered;

    static
    {
        boolean supported = false;
        if (WaitStrategy.PARKING_SUPPORTED && SYS_MEMBARRIER > 0)
        {
            Native.register(Membarrier.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
            final long commands = syscall(SYS_MEMBARRIER, MEMBARRIER_CMD_QUERY, 0, 0);
            final long needed = MEMBARRIER_CMD_GLOBAL_EXPEDITED | MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED;
            supported = commands > 0 && (commands & needed) == needed;
        }
        SUPPORTED = supported;
    }

    private Membarrier()
    {
    }

    private static native long syscall(long number, long command, long flags, long cpuId);

    /**
     * Registers this process to receive global expedited barriers, once per process: afterwards every
     * {@link #globalExpedited()} of any process interrupts this process's running threads with a barrier.
     *
     * @return true when this process is registered (now or before); false where membarrier is not supported or the
     * kernel refused the registration, in which case the caller keeps its full fences.
     */
    public static synchronized boolean registerProcess()
    {
        if (!registered && SUPPORTED)
        {
            registered = syscall(SYS_MEMBARRIER, MEMBARRIER_CMD_REGISTER_GLOBAL_EXPEDITED, 0, 0) == 0;
        }
        return registered;
    }

    /**
     * A full memory barrier in this thread and in every running thread of every registered process; returns when all
     * of them have passed it. Costs a system call, plus an interrupt of each CPU that runs a registered thread.
     *
     * @throws IllegalStateException when the kernel refuses the call, or membarrier is not {@link #SUPPORTED}.
     */
    public static void globalExpedited()
    {
        if (!SUPPORTED || syscall(SYS_MEMBARRIER, MEMBARRIER_CMD_GLOBAL_EXPEDITED, 0, 0) != 0)
        {
            throw new IllegalStateException("membarrier failed: field=errno found=" +
                (SUPPORTED ? Native.getLastError() : "unsupported") + " expected=0 (MEMBARRIER_CMD_GLOBAL_EXPEDITED)");
        }
    }
}
