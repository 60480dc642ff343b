package io.ringway.examples.twoprocess;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import org.agrona.DirectBuffer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.ringway.examples.twoprocess.TwoProcessProtocol.*;

/**
 * Terminal 1: creates (or opens) the channel, consumes until the producer's END, checks that every sequence number
 * arrived once and in order, and prints the rate each second and a summary.
 *
 * <p>Usage: {@code ConsumerMain [channel file]} (default: /dev/shm/two-process.ringway)
 */
public final class ConsumerMain
{
    private long nextSequence;
    private long expectedCount = -1;
    private String error;

    private ConsumerMain()
    {
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (typeId == DATA_TYPE_ID)
        {
            final long sequence = buffer.getLong(index + SEQUENCE_OFFSET);
            if (sequence != nextSequence && error == null)
            {
                error = "sequence found=" + sequence + " expected=" + nextSequence;
            }
            nextSequence = sequence + 1;
        }
        else if (typeId == END_TYPE_ID)
        {
            expectedCount = buffer.getLong(index + COUNT_OFFSET);
        }
    }

    public static void main(final String[] args)
    {
        final Path path = args.length > 0 ? Path.of(args[0]) : Channel.pathFor("two-process");
        final ConsumerMain state = new ConsumerMain();
        try (Channel channel = Channel.openOrCreate(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            System.out.println("consumer: waiting for messages on " + path);
            long startNs = 0;
            long lastReportNs = 0;
            long lastReportCount = 0;
            while (state.expectedCount < 0)
            {
                final int count = consumer.poll(state::onMessage, 1024);
                if (count == 0)
                {
                    Thread.onSpinWait();
                    continue;
                }
                final long nowNs = System.nanoTime();
                if (startNs == 0)
                {
                    startNs = nowNs;
                    lastReportNs = nowNs;
                }
                if (nowNs - lastReportNs >= TimeUnit.SECONDS.toNanos(1))
                {
                    final double rate = (state.nextSequence - lastReportCount) * 1e9 / (nowNs - lastReportNs);
                    System.out.printf("consumer: %,d messages, %,.0f msgs/s%n", state.nextSequence, rate);
                    lastReportNs = nowNs;
                    lastReportCount = state.nextSequence;
                }
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            if (state.error != null || state.expectedCount != state.nextSequence)
            {
                System.out.println("consumer: FAILED: " + (state.error != null ? state.error :
                    "count found=" + state.nextSequence + " expected=" + state.expectedCount));
                System.exit(1);
            }
            System.out.printf("consumer: received %,d messages in order, none lost or repeated, in %.2f s: " +
                "%,.0f msgs/s, %.1f MB/s of %d-byte messages%n", state.nextSequence, seconds,
                state.nextSequence / seconds, state.nextSequence * (double)DATA_LENGTH / seconds / 1e6, DATA_LENGTH);
        }
    }
}
