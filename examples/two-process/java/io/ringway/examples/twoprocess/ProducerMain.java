package io.ringway.examples.twoprocess;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Producer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;

import static io.ringway.examples.twoprocess.TwoProcessProtocol.*;

/**
 * Terminal 2: opens (or creates) the channel and sends {@code count} DATA messages, each encoded in place in the ring
 * (tryClaim, write, commit), then END. Spins while the ring is full (back-pressure).
 *
 * <p>Usage: {@code ProducerMain [channel file] [count]} (defaults: /dev/shm/two-process.ringway, 10,000,000)
 */
public final class ProducerMain
{
    private ProducerMain()
    {
    }

    public static void main(final String[] args)
    {
        final Path path = args.length > 0 ? Path.of(args[0]) : Channel.pathFor("two-process");
        final long count = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000L;
        try (Channel channel = Channel.openOrCreate(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Producer producer = channel.producer();
            final AtomicBuffer ring = producer.buffer();
            System.out.printf("producer: sending %,d messages to %s%n", count, path);
            for (long sequence = 0; sequence < count; sequence++)
            {
                int index;
                while ((index = producer.tryClaim(DATA_TYPE_ID, DATA_LENGTH)) < 0)
                {
                    Thread.onSpinWait();
                }
                ring.putLong(index + SEQUENCE_OFFSET, sequence);
                ring.putLong(index + SEND_TIME_NS_OFFSET, System.nanoTime());
                producer.commit(index);
            }
            final UnsafeBuffer end = new UnsafeBuffer(ByteBuffer.allocateDirect(END_LENGTH));
            end.putLong(COUNT_OFFSET, count);
            while (!producer.offer(END_TYPE_ID, end, 0, END_LENGTH))
            {
                Thread.onSpinWait();
            }
            System.out.printf("producer: done, back-pressure events: %,d%n", channel.backPressureCount());
        }
    }
}
