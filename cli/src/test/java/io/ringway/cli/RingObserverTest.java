package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import io.ringway.TrailerDescriptor;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ringway tail} without {@code --from head} (LAYOUT.md 7.3): the header at the tail may still hold a record of
 * an older lap, between the producer's store of the tail and its pre-zeroing of that header (6.1 steps 3 and 5).
 */
class RingObserverTest
{
    private static final int CAPACITY = 1024;
    /** 40-byte bodies: 48-byte records, so that a claim of one record moves the tail by 48. */
    private static final int BODY_LENGTH = 40;
    private static final int RECORD_LENGTH = 48;

    @TempDir
    Path directory;

    private static void putTailPosition(final Path path, final long tailPosition) throws IOException
    {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE))
        {
            file.write(ByteBuffer.allocate(Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).putLong(0, tailPosition),
                HeaderDescriptor.HEADER_LENGTH + CAPACITY + TrailerDescriptor.TAIL_POSITION_OFFSET);
        }
    }

    @Test
    void shouldNotShowAnOlderLapsRecordLeftAtTheTailByAProducerPausedBeforeItsPreZero() throws IOException
    {
        final Path path = directory.resolve("lap.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final UnsafeBuffer body = new UnsafeBuffer(new byte[BODY_LENGTH]);
            // more than a lap of records, all consumed: older laps' headers stay ahead of the tail (SPSC never zeroes)
            // and stop where the next three records fit before the end of the data area (no padding in between)
            for (int sequence = 0; sequence < 2 * CAPACITY / RECORD_LENGTH ||
                (channel.producerPosition() & (CAPACITY - 1)) + 3 * RECORD_LENGTH + 8 > CAPACITY; sequence++)
            {
                body.putInt(0, sequence);
                assertTrue(producer.offer(1, body, 0, BODY_LENGTH));
                assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 1));
            }
            final long tailPosition = channel.producerPosition();
            // a producer paused after storing the tail of its next claim and before pre-zeroing the header there
            putTailPosition(path, tailPosition + RECORD_LENGTH);

            try (ChannelFileView view = ChannelFileView.open(path))
            {
                final RingObserver observer = new RingObserver(view, false);
                final List<Long> shown = new ArrayList<>();
                final RingObserver.Handler collect = (position, typeId, buffer, length) -> shown.add(position);

                assertEquals(0, observer.poll(collect, 10), "shown: " + shown);

                // the producer resumes (here: its claim undone, then two real messages); only those after the tail
                // read when observing began are shown
                putTailPosition(path, tailPosition);
                assertTrue(producer.offer(1, body, 0, BODY_LENGTH));
                assertTrue(producer.offer(1, body, 0, BODY_LENGTH));

                assertEquals(1, observer.poll(collect, 10));
                assertEquals(List.of(tailPosition + RECORD_LENGTH), shown);
                assertEquals(0, observer.skippedBytes());
            }
        }
    }
}
