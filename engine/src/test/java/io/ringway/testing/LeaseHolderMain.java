package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Producer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A child process that opens a channel, attaches as consumer (or producer), prints {@code ATTACHED} and then waits to
 * be killed. Usage: {@code LeaseHolderMain <channel file> consumer|producer|two-claims [comm hex bytes]}
 * <ul>
 *     <li>{@code two-claims}: attaches the producer, claims a record A (type 1, 8 bytes), claims a record B (type 2,
 *     8 bytes holding the long 42), commits B and leaves A uncommitted (LAYOUT 7.1: a dead SPSC producer with two
 *     claims out).</li>
 *     <li>the optional last argument, hex bytes, is written to {@code /proc/self/comm}: the process name that
 *     {@code /proc/<pid>/stat} shows in field 2 (a name that is not ASCII, for LAYOUT 8's parsing rule), once the
 *     role is held.</li>
 * </ul>
 */
public final class LeaseHolderMain
{
    /** The type id of the claim {@code two-claims} leaves uncommitted. */
    public static final int UNCOMMITTED_TYPE_ID = 1;
    /** The type id of the claim {@code two-claims} commits. */
    public static final int COMMITTED_TYPE_ID = 2;
    /** The body (a long) of the claim {@code two-claims} commits. */
    public static final long COMMITTED_VALUE = 42;

    private LeaseHolderMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException, IOException
    {
        final Channel channel = Channel.open(Path.of(args[0]));
        if ("producer".equals(args[1]))
        {
            channel.producer();
        }
        else if ("two-claims".equals(args[1]))
        {
            final Producer producer = channel.producer();
            final int uncommittedIndex = producer.tryClaim(UNCOMMITTED_TYPE_ID, 8);
            final int committedIndex = producer.tryClaim(COMMITTED_TYPE_ID, 8);
            if (uncommittedIndex < 0 || committedIndex < 0)
            {
                throw new IllegalStateException("claims refused: first=" + uncommittedIndex +
                    " second=" + committedIndex);
            }
            producer.buffer().putLong(committedIndex, COMMITTED_VALUE);
            producer.commit(committedIndex);
        }
        else
        {
            channel.consumer();
        }
        if (args.length > 2)
        {
            // renamed once it holds the role: what the parent must still see as alive
            Files.write(Path.of("/proc/self/comm"), hexBytes(args[2]));
        }
        System.out.println("ATTACHED");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }

    private static byte[] hexBytes(final String hex)
    {
        final byte[] bytes = new byte[hex.length() / 2];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)Integer.parseInt(hex.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
