package io.ringway.bench.throughput;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.ConsumerOption;
import io.ringway.Producer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One-way throughput between two threads of one JVM over an SPSC channel, with a default consumer and with one that
 * promised membarrier wakeups (docs/LAYOUT.md 9.8, docs/WAITING.md), alternating in each round, so that the two are
 * measured in the same minute: what producers gain when their wake checks skip the full fence. 32-byte messages, the
 * consumer polls up to 64 at a time and never parks.
 *
 * <p>Usage: {@code MembarrierWakeupsThroughput DIRECTORY [ROUNDS [MESSAGES]]}; prints one line per round and the
 * medians, in millions of messages per second.
 */
public final class MembarrierWakeupsThroughput
{
    private static final int MESSAGE_LENGTH = 32;
    private static final int POLL_LIMIT = 64;

    private MembarrierWakeupsThroughput()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path directory = Path.of(args[0]);
        final int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        final int messages = args.length > 2 ? Integer.parseInt(args[2]) : 20_000_000;
        final double[] fence = new double[rounds];
        final double[] membarrier = new double[rounds];
        for (int round = 0; round < rounds; round++)
        {
            fence[round] = run(directory.resolve("fence.ringway"), messages);
            membarrier[round] = run(directory.resolve("membarrier.ringway"), messages,
                ConsumerOption.MEMBARRIER_WAKEUPS);
            System.out.printf("round %d: full fence %.2f M msgs/s, membarrier wakeups %.2f M msgs/s%n",
                round, fence[round], membarrier[round]);
        }
        System.out.printf("median: full fence %.2f M msgs/s, membarrier wakeups %.2f M msgs/s, ratio %.3f%n",
            median(fence), median(membarrier), median(membarrier) / median(fence));
    }

    private static double run(final Path path, final int messages, final ConsumerOption... options)
        throws InterruptedException
    {
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1 << 16).replacingExisting()))
        {
            final Consumer consumer = channel.consumer(options);
            final Producer producer = channel.producer();
            final long[] received = new long[1];
            final MessageHandler handler = (typeId, buffer, index, length) -> received[0]++;
            final Thread consuming = new Thread(() ->
            {
                while (received[0] < messages)
                {
                    consumer.poll(handler, POLL_LIMIT);
                }
            });
            final long startNs = System.nanoTime();
            consuming.start();
            for (int i = 0; i < messages; i++)
            {
                while (!producer.offer(1, message, 0, MESSAGE_LENGTH))
                {
                    Thread.onSpinWait();
                }
            }
            consuming.join();
            return messages / ((System.nanoTime() - startNs) / 1e9) / 1e6;
        }
    }

    private static double median(final double[] values)
    {
        final double[] sorted = values.clone();
        Arrays.sort(sorted);
        final int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
