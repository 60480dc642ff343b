package io.ringway;

import io.ringway.testing.CrashConsumerMain;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.ManualMonotonicClock;
import io.ringway.testing.ProgressFile;
import io.ringway.testing.SequenceProtocol;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ringway.testing.SequenceProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A consumer process stopped (SIGSTOP) and then killed (SIGKILL) while this process produces: the producer sees
 * back-pressure, a STALE then DEAD consumer, and a new consumer reads every message the dead one had not consumed
 * (docs/GUARANTEES.md, section 3).
 */
class KilledConsumerTest
{
    private static final int CAPACITY = 1 << 12;
    private static final long HEARTBEAT_TIMEOUT_MS = 1_000;
    /** Guards against a hang only. */
    private static final long HANG_GUARD_NS = TimeUnit.MINUTES.toNanos(2);

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("killedconsumer");

    @Test
    void shouldLetANewConsumerReadEveryUnreadMessageAfterTheConsumerProcessIsStoppedThenKilled() throws Exception
    {
        final Path path = directory.resolve("channel.ringway");
        final Path progressPath = directory.resolve("consumer-progress");
        ProgressFile.create(progressPath);
        final ManualMonotonicClock clock = new ManualMonotonicClock();
        clock.updateMs(MonotonicTime.nowMs());
        final UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(MAX_SEQUENCE_LENGTH));
        final long stopAfter = 1_000;
        Process child = null;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY),
            ChannelSettings.DEFAULT.withClock(clock)
            .withHeartbeatTimeoutMs(HEARTBEAT_TIMEOUT_MS));
            ProgressFile progress = ProgressFile.open(progressPath))
        {
            final Producer producer = channel.producer();
            child = JavaProcess.start(CrashConsumerMain.class, path.toString(), progressPath.toString(),
                Long.toString(stopAfter));
            // offer until the ring stays full: the child consumed stopAfter messages and then stopped reading
            long sequence = 0;
            final long deadline = System.nanoTime() + HANG_GUARD_NS;
            while (true)
            {
                if (offer(producer, scratch, sequence))
                {
                    sequence++;
                }
                else if (progress.isStalled())
                {
                    break; // full, and the consumer no longer reads
                }
                assertTrue(System.nanoTime() < deadline, "hang guard: " + channel.status());
                assertTrue(child.isAlive(), "consumer exit code " + (child.isAlive() ? "" : child.exitValue()));
            }
            final long backPressureBefore = channel.backPressureCount();
            assertFalse(offer(producer, scratch, sequence), "the ring is full: back-pressure");
            assertEquals(backPressureBefore + 1, channel.backPressureCount());
            assertEquals(child.pid(), channel.status().consumerPid());
            assertTrue(producer.isConsumerAlive(), channel.status().toString());

            signal("STOP", child);
            clock.updateMs(channel.status().consumerHeartbeatMs() + HEARTBEAT_TIMEOUT_MS + 1);
            assertEquals(Liveness.STALE, channel.consumerLiveness(), "stopped: alive but not beating");
            assertFalse(producer.isConsumerAlive());

            child.destroyForcibly(); // SIGKILL
            child.waitFor();
            assertEquals(Liveness.DEAD, channel.consumerLiveness());
            assertEquals(child.pid(), channel.status().consumerPid());
            final long recorded = progress.committedCount();
            assertEquals(stopAfter, recorded);

            final Consumer next = channel.consumer();
            final List<Long> received = new ArrayList<>();
            while (next.poll((typeId, buffer, index, length) ->
                received.add(buffer.getLong(index + SequenceProtocol.SEQUENCE_OFFSET)), 1000) > 0)
            {
                // drain
            }
            assertEquals(recorded, received.get(0), "the first unread message");
            for (int i = 1; i < received.size(); i++)
            {
                assertEquals(received.get(i - 1) + 1, received.get(i), "contiguous");
            }
            assertEquals(sequence - 1, received.get(received.size() - 1), "up to the last committed");
            assertEquals(Liveness.ALIVE, channel.consumerLiveness());
        }
        finally
        {
            if (child != null)
            {
                child.destroyForcibly();
            }
        }
    }

    private static boolean offer(final Producer producer, final UnsafeBuffer scratch, final long sequence)
    {
        final int length = encodeSequence(scratch, 0, 1, sequence);
        return producer.offer(SEQUENCE_TYPE_ID, scratch, 0, length);
    }

    private static void signal(final String signal, final Process process) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        assertEquals(0, kill.waitFor(), "kill -" + signal);
        if ("STOP".equals(signal))
        {
            // kill returns before the target has stopped: a heartbeat it stores in between would make it look alive
            final java.nio.file.Path stat = java.nio.file.Path.of("/proc", Long.toString(process.pid()), "stat");
            final long deadline = System.nanoTime() + HANG_GUARD_NS;
            while (processState(java.nio.file.Files.readString(stat)) != 'T')
            {
                assertTrue(System.nanoTime() < deadline, "hang guard: the consumer process never stopped");
                Thread.sleep(1);
            }
        }
    }

    /** The state letter of /proc/PID/stat: the field after the command name in parentheses. */
    private static char processState(final String stat)
    {
        return stat.charAt(stat.lastIndexOf(')') + 2);
    }
}
