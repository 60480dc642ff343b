package io.ringway;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.TempChannelDirectory;
import io.ringway.wait.WaitWord;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The benchmark-only switch {@value WaitWord#DISABLE_SIGNAL_PROPERTY} of {@link WaitWord}: off by default (a producer
 * whose consumer announced a wait issues one wake), and when a JVM starts with it set, the same offer issues none and
 * leaves the waiters flag alone. The second case runs in a child JVM because the switch is read once per JVM.
 */
class WakeSignalSwitchTest
{
    private static final int TYPE_ID = 7;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("wake-switch");

    /** Offers one message with the data waiters flag set; prints "wakes=<n> flag=<f>". */
    public static void main(final String[] args)
    {
        final long[] result = offerWithWaitersFlagSet(Path.of(args[0]));
        System.out.println("wakes=" + result[0] + " flag=" + result[1]);
    }

    private static long[] offerWithWaitersFlagSet(final Path file)
    {
        try (Channel channel = Channel.create(file, ChannelConfig.spsc(4096));
             Producer producer = channel.producer())
        {
            final UnsafeBuffer header = channel.headerBuffer();
            header.putIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET, 1);
            producer.offer(TYPE_ID, new UnsafeBuffer(ByteBuffer.allocateDirect(8)), 0, 8);
            return new long[] {header.getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET),
                header.getIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET)};
        }
    }

    @Test
    void shouldSignalAnAnnouncedWaiterWhenTheBenchmarkSwitchIsNotSet()
    {
        assertFalse(WaitWord.SIGNAL_DISABLED, "the test JVM must run as shipped");
        final long[] result = offerWithWaitersFlagSet(directory.resolve("default.ringway"));
        assertEquals(1, result[0], "wakes");
        assertEquals(0, result[1], "the waker clears the flag (LAYOUT.md 9.2 step 3)");
    }

    @Test
    void shouldNeitherSignalNorClearTheFlagWhenAJvmStartsWithTheBenchmarkSwitch() throws Exception
    {
        final ProcessBuilder builder = JavaProcess.builder(WakeSignalSwitchTest.class,
            directory.resolve("switched.ringway").toString());
        final List<String> command = builder.command();
        command.add(command.indexOf("-cp"), "-D" + WaitWord.DISABLE_SIGNAL_PROPERTY + "=true");
        final Process child = builder.start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, JavaProcess.waitFor(child, 60));
        assertEquals("wakes=0 flag=1", output);
    }
}
