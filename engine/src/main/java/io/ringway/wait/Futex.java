package io.ringway.wait;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.agrona.BufferUtil;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Linux futex(2) on a 32-bit word of a shared mapping, through syscall(2) with JNA direct mapping (docs/LAYOUT.md,
 * section 9). The operations are the shared ones ({@code FUTEX_WAIT}, {@code FUTEX_WAKE}, without
 * {@code FUTEX_PRIVATE_FLAG}): the word lies in a file mapped by several processes, and a private futex is keyed by the
 * address space, so a waiter in one process would never see a wake from another.
 *
 * <p>Our own code rather than a library's: neither Agrona nor JNA's platform module offers futex(2), and the call is
 * three lines. Direct mapping (a {@code static native} method bound by {@link Native#register}) avoids JNA's
 * reflective proxy on each call. glibc's {@code syscall} is variadic; every argument is passed as a 64-bit integer,
 * which is how the x86_64 and aarch64 Linux calling conventions pass variadic integer arguments.
 */
public final class Futex
{
    /** futex(2) operation: sleep while the word holds the expected value. Shared: no FUTEX_PRIVATE_FLAG (128). */
    public static final int FUTEX_WAIT = 0;
    /** futex(2) operation: wake up to {@code count} waiters. Shared: no FUTEX_PRIVATE_FLAG (128). */
    public static final int FUTEX_WAKE = 1;

    /** {@link #await} result: woken by a FUTEX_WAKE (or spuriously: the caller re-checks its condition). */
    public static final int WOKEN = 0;
    /** {@link #await} result: the word no longer held the expected value when the kernel looked (EAGAIN). */
    public static final int VALUE_CHANGED = 1;
    /** {@link #await} result: the timeout elapsed (ETIMEDOUT). */
    public static final int TIMED_OUT = 2;
    /** {@link #await} result: interrupted by a signal (EINTR). */
    public static final int INTERRUPTED = 3;

    /** errno values of Linux on x86_64 and aarch64 (asm-generic/errno-base.h, errno.h). */
    private static final int EINTR = 4;
    private static final int EAGAIN = 11;
    private static final int ETIMEDOUT = 110;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int TIMESPEC_LENGTH = 16;
    private static final int TIMESPEC_SECONDS_OFFSET = 0;
    private static final int TIMESPEC_NANOS_OFFSET = 8;

    /** SYS_futex: 202 on x86_64 (arch/x86/entry/syscalls/syscall_64.tbl), 98 on aarch64 (asm-generic/unistd.h). */
    static final long SYS_FUTEX = sysFutex();

    static
    {
        // elsewhere nothing parks (WaitStrategy.requireSupported) and wake() returns at once: no syscall to bind
        if (WaitStrategy.PARKING_SUPPORTED)
        {
            Native.register(Futex.class, NativeLibrary.getInstance(Platform.C_LIBRARY_NAME));
        }
    }

    /** A relative timeout for FUTEX_WAIT: struct timespec { int64 tv_sec; int64 tv_nsec; }, one per Futex. */
    private final ByteBuffer timespec = ByteBuffer.allocateDirect(TIMESPEC_LENGTH).order(ByteOrder.nativeOrder());
    private final long timespecAddress = BufferUtil.address(timespec);

    /**
     * Creates a futex caller. Each thread that waits needs its own (the timeout lives in native memory of this object).
     */
    public Futex()
    {
    }

    private static long sysFutex()
    {
        final long number = LinuxSyscall.number(202, 98);
        if (number == LinuxSyscall.UNSUPPORTED)
        {
            throw new UnsupportedOperationException("futex wakeups: unsupported architecture: field=os.arch found=" +
                LinuxSyscall.ARCH + " expected=amd64 or aarch64");
        }
        return number;
    }

    private static native long syscall(long number, long address, long operation, long value, long timeout,
        long address2, long value3);

    /**
     * FUTEX_WAIT: sleeps while the 32-bit word at {@code address} holds {@code expectedValue}, for at most
     * {@code timeoutNs}. The kernel compares the word and queues the caller atomically with respect to FUTEX_WAKE on the
     * same word, which is what makes the protocol of LAYOUT.md section 9 free of lost wakeups.
     *
     * @param address       native address of a 4-byte-aligned int32 in a shared mapping.
     * @param expectedValue the value read before the caller's full fence and re-check.
     * @param timeoutNs     longest sleep, > 0.
     * @return {@link #WOKEN}, {@link #VALUE_CHANGED}, {@link #TIMED_OUT} or {@link #INTERRUPTED}.
     * @throws IllegalStateException when the kernel refuses the call (EFAULT, EINVAL, ENOSYS): a bug or an unsupported
     *                               kernel, never a normal outcome.
     */
    public int await(final long address, final int expectedValue, final long timeoutNs)
    {
        if (!WaitStrategy.PARKING_SUPPORTED)
        {
            throw new UnsupportedOperationException(WaitStrategy.parkingRefusal(System.getProperty("os.name", ""),
                WaitStrategy.blocking()));
        }
        timespec.putLong(TIMESPEC_SECONDS_OFFSET, timeoutNs / NANOS_PER_SECOND);
        timespec.putLong(TIMESPEC_NANOS_OFFSET, timeoutNs % NANOS_PER_SECOND);
        final long result = syscall(SYS_FUTEX, address, FUTEX_WAIT, expectedValue, timespecAddress, 0, 0);
        if (result == 0)
        {
            return WOKEN;
        }
        final int errno = Native.getLastError();
        switch (errno)
        {
            case EAGAIN:
                return VALUE_CHANGED;
            case ETIMEDOUT:
                return TIMED_OUT;
            case EINTR:
                return INTERRUPTED;
            default:
                throw new IllegalStateException("futex wait failed: field=errno found=" + errno +
                    " expected=0, EAGAIN, ETIMEDOUT or EINTR (address=0x" + Long.toHexString(address) + ")");
        }
    }

    /**
     * FUTEX_WAKE: wakes up to {@code count} threads (in any process) sleeping on the word at {@code address}.
     *
     * @param address native address of the int32 word.
     * @param count   most waiters to wake; {@link Integer#MAX_VALUE} for all.
     * @return how many were woken.
     * @throws IllegalStateException when the kernel refuses the call.
     */
    public static int wake(final long address, final int count)
    {
        if (!WaitStrategy.PARKING_SUPPORTED)
        {
            // no Java waiter parks here; a C or Go peer parked on this platform's own primitive is released by its
            // wait's timeout (LAYOUT.md 9.6)
            return 0;
        }
        final long result = syscall(SYS_FUTEX, address, FUTEX_WAKE, count, 0, 0, 0);
        if (result < 0)
        {
            final int errno = Native.getLastError();
            throw new IllegalStateException("futex wake failed: field=errno found=" + errno +
                " expected=0 (address=0x" + Long.toHexString(address) + ")");
        }
        return (int)result;
    }
}
