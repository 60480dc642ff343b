package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Opening a channel whose producer and consumer are running: the positions move while the opener reads them, and
 * the check {@code H <= T <= H + capacity} of LAYOUT 10.3 must hold for what it read (a stale head once refused a live
 * MPSC channel in CI).
 */
class OpenLiveChannelTest
{
    /** The smallest ring: kept full, so the tail is one consumed record from {@code H + capacity}. */
    private static final int CAPACITY = 64;
    private static final int OPENS = 5_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("open-live");

    @Test
    void shouldOpenAnSpscChannelWhoseFullRingIsDrainedAndRefilledWhileItIsOpened() throws Exception
    {
        assertOpensWhileRunning(directory.resolve("spsc.ringway"), ChannelConfig.spsc(CAPACITY));
    }

    @Test
    void shouldOpenAnMpscChannelWhoseFullRingIsDrainedAndRefilledWhileItIsOpened() throws Exception
    {
        assertOpensWhileRunning(directory.resolve("mpsc.ringway"), ChannelConfig.mpsc(CAPACITY));
    }

    @Test
    void shouldAcceptAFullRingsTailReadAfterTheConsumerFreedARecordAndAProducerFilledIt()
    {
        // H read as 0; the consumer frees a 16-byte record and a producer claims it; T read as C + 16; H read as 16
        assertEquals(List.of(), HeaderCheck.positions(0, CAPACITY + 16, 16, CAPACITY));
    }

    @Test
    void shouldRefuseATailBeyondTheLaterHeadPlusCapacityNamingBothBounds()
    {
        final List<Finding> findings = HeaderCheck.positions(0, CAPACITY + 24, 16, CAPACITY);

        assertEquals(1, findings.size(), findings::toString);
        final ChannelFileException ex = findings.get(0).toException(Path.of("live.ringway"));
        assertEquals("tailPosition", ex.field());
        assertEquals(String.valueOf(CAPACITY + 24), ex.found());
        assertEquals("a multiple of 8 in [headPosition 0, headPosition + capacity " + (16 + CAPACITY) + "]",
            ex.expected());
    }

    @Test
    void shouldRefuseATailBehindTheEarlierHead()
    {
        final List<Finding> findings = HeaderCheck.positions(64, 56, 64, CAPACITY);

        assertEquals("tailPosition", findings.get(0).toException(Path.of("live.ringway")).field());
    }

    private static void assertOpensWhileRunning(final Path path, final ChannelConfig config) throws Exception
    {
        final AtomicBoolean running = new AtomicBoolean(true);
        try (Channel channel = Channel.create(path, config))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final Thread producing = new Thread(() ->
            {
                final UnsafeBuffer message = new UnsafeBuffer(new byte[8]);
                while (running.get())
                {
                    producer.offer(1, message, 0, message.capacity());
                }
            }, "producer");
            final Thread consuming = new Thread(() ->
            {
                while (running.get())
                {
                    consumer.poll((typeId, buffer, offset, length) -> { }, 1);
                }
            }, "consumer");
            producing.start();
            consuming.start();
            try
            {
                long headMoves = 0;
                long lastHead = -1;
                for (int i = 0; i < OPENS; i++)
                {
                    try (Channel opened = Channel.open(path))
                    {
                        final long head = opened.consumerPosition();
                        headMoves += head != lastHead ? 1 : 0;
                        lastHead = head;
                    }
                }
                assertTrue(headMoves > OPENS / 100, "the consumer moved the head during the opens: " + headMoves);
            }
            finally
            {
                running.set(false);
                producing.join();
                consuming.join();
            }
        }
    }
}
