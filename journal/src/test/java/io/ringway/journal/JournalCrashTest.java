package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Producer;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceProtocol;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static io.ringway.testing.SequenceProtocol.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A recorder process is SIGKILLed at random points, again and again, while a producer feeds the channel and a reader
 * follows the journal. Every record the reader ever sees must be whole, and in the end the journal must hold every
 * message exactly once, in order: record {@code i} is sequence {@code i}.
 */
class JournalCrashTest
{
    private static final long MESSAGES = 600_000;
    private static final int KILLS = 12;
    private static final long SEGMENT_LENGTH = 64 * 4096;

    @RegisterExtension
    final TempChannelDirectory channels = new TempChannelDirectory("journal-crash");

    @TempDir
    Path journal;

    @Test
    void shouldKeepEveryMessageExactlyOnceAndShowNoHalfWrittenRecordWhenTheRecorderIsKilled() throws Exception
    {
        final long seed = Long.getLong("ringway.crash.seed", System.nanoTime());
        final Random random = new Random(seed);
        final String context = "seed=" + seed + " (rerun with -Dringway.crash.seed=" + seed + ")";
        final Path channelPath = channels.resolve("recorded.ringway");
        try (Channel channel = Channel.create(channelPath, ChannelConfig.spsc(64 * 1024));
            Producer producer = channel.producer())
        {
            final AtomicReference<String> error = new AtomicReference<>();
            final AtomicBoolean stop = new AtomicBoolean();
            final Thread feeder = new Thread(() -> feed(producer, stop, error), "feeder");
            feeder.start();

            JournalWriter.open(journal, new JournalConfig().segmentLength(SEGMENT_LENGTH)).close();
            final AtomicLong followed = new AtomicLong();
            final Thread follower = new Thread(() -> follow(followed, stop, error), "follower");
            follower.start();
            Process recorder = startRecorder(channelPath);
            int killedBetweenJournalAndHead = 0;
            for (int kill = 0; kill < KILLS; kill++)
            {
                // kill only a recorder that is recording (not one still starting its JVM), at a random moment
                final long before = followed.get();
                final long startDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (followed.get() < before + 1_000 && error.get() == null && System.nanoTime() < startDeadline)
                {
                    Thread.sleep(1);
                }
                Thread.sleep(random.nextInt(50));
                recorder.destroyForcibly(); // SIGKILL, wherever the recorder is
                assertTrue(recorder.waitFor(30, TimeUnit.SECONDS), context);
                if (journaledAheadOfHead(channel))
                {
                    killedBetweenJournalAndHead++;
                }
                recorder = startRecorder(channelPath);
            }
            try
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (followed.get() < MESSAGES && error.get() == null && System.nanoTime() < deadline)
                {
                    Thread.sleep(20);
                }
            }
            finally
            {
                stop.set(true);
                recorder.destroyForcibly();
                recorder.waitFor(30, TimeUnit.SECONDS);
                feeder.join();
                follower.join();
            }
            System.out.println("JournalCrashTest: kills=" + KILLS + " killed between journal commit and head release=" +
                killedBetweenJournalAndHead + " (the next recorder skipped those messages) " + context);
            assertNull(error.get(), context);
            assertEquals(MESSAGES, followed.get(), "records followed; " + context);
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            final long[] next = {0};
            while (reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
            {
                assertNull(check(index, next[0], typeId, buffer, offset, length), context);
                next[0]++;
                return true;
            }, 10_000) > 0)
            {
                // whole journal
            }
            assertEquals(MESSAGES, next[0], "every message journaled exactly once; " + context);
        }
    }

    /** @return whether the journal holds messages the channel's head has not passed: the next recorder must skip them. */
    private boolean journaledAheadOfHead(final Channel channel)
    {
        final long[] segments = SegmentFiles.firstIndexes(journal);
        final long last = segments[segments.length - 1];
        try (Segment tail = Segment.open(SegmentFiles.path(journal, last), true, last))
        {
            return tail.buffer.getLong(JournalDescriptor.SOURCE_POSITION_OFFSET) > channel.consumerPosition();
        }
    }

    private Process startRecorder(final Path channelPath) throws Exception
    {
        return JavaProcess.builder(RecorderMain.class, channelPath.toString(), journal.toString(),
            Long.toString(SEGMENT_LENGTH)).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }

    private static void feed(final Producer producer, final AtomicBoolean stop, final AtomicReference<String> error)
    {
        final UnsafeBuffer body = new UnsafeBuffer(new byte[MAX_SEQUENCE_LENGTH]);
        try
        {
            for (long sequence = 0; sequence < MESSAGES && !stop.get(); sequence++)
            {
                final int length = SequenceProtocol.encodeSequence(body, 0, 1, sequence);
                while (!producer.offer(SEQUENCE_TYPE_ID, body, 0, length) && !stop.get())
                {
                    Thread.onSpinWait(); // the recorder is down or behind
                }
            }
        }
        catch (final RuntimeException ex)
        {
            error.compareAndSet(null, "feeder: " + ex);
        }
    }

    private void follow(final AtomicLong followed, final AtomicBoolean stop, final AtomicReference<String> error)
    {
        try (JournalReader reader = JournalReader.open(journal))
        {
            while (!stop.get() && error.get() == null)
            {
                reader.poll((index, timestampNs, typeId, buffer, offset, length) ->
                {
                    final String problem = check(index, followed.get(), typeId, buffer, offset, length);
                    if (problem != null)
                    {
                        error.compareAndSet(null, "follower: " + problem);
                    }
                    followed.incrementAndGet();
                    return true;
                }, 1_000);
            }
        }
        catch (final RuntimeException ex)
        {
            error.compareAndSet(null, "follower: " + ex);
        }
    }

    /** @return null when the record is sequence {@code expected}, whole; else what is wrong. */
    private static String check(final long index, final long expected, final int typeId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        if (index != expected)
        {
            return "index " + index + " expected " + expected;
        }
        if (length >= FILLER_OFFSET && buffer.getLong(offset + SEQUENCE_OFFSET) != expected)
        {
            return "record " + index + " holds sequence " + buffer.getLong(offset + SEQUENCE_OFFSET) +
                " (a message lost or journaled twice)";
        }
        if (typeId != SEQUENCE_TYPE_ID || length != sequenceLength(expected) ||
            buffer.getLong(offset + PRODUCER_ID_OFFSET) != 1)
        {
            return "record " + index + " typeId=" + typeId + " length=" + length + " expected length " +
                sequenceLength(expected);
        }
        final long sequence = expected;
        for (int i = FILLER_OFFSET; i < length; i++)
        {
            if (buffer.getByte(offset + i) != (byte)(sequence + (i - FILLER_OFFSET)))
            {
                return "record " + index + " byte " + i + " is not what the producer wrote (a half-written record)";
            }
        }
        return null;
    }
}
