package io.ringway.examples.twoprocess;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;

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
    private ConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        final Path path = args.length > 0 ? Path.of(args[0]) : Channel.pathFor("two-process");
        final SequenceCheck state = new SequenceCheck();
        try (Channel channel = Channel.openOrCreate(path, ChannelConfig.spsc(CAPACITY)))
        {
            final Consumer consumer = channel.consumer();
            System.out.println("consumer: waiting for messages on " + path);
            long startNs = 0;
            long lastReportNs = 0;
            long lastReportCount = 0;
            while (!state.ended())
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
                    final double rate = (state.received() - lastReportCount) * 1e9 / (nowNs - lastReportNs);
                    System.out.printf("consumer: %,d messages, %,.0f msgs/s%n", state.received(), rate);
                    lastReportNs = nowNs;
                    lastReportCount = state.received();
                }
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            if (state.failure() != null)
            {
                System.out.println("consumer: FAILED: " + state.failure());
                System.exit(1);
            }
            System.out.printf("consumer: received %,d messages in order, none lost or repeated, in %.2f s: " +
                "%,.0f msgs/s, %.1f MB/s of %d-byte messages%n", state.received(), seconds,
                state.received() / seconds, state.received() * (double)DATA_LENGTH / seconds / 1e6, DATA_LENGTH);
        }
    }
}
