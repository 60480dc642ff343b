package io.ringway.bench.throughput;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.ConsumerOption;
import io.ringway.Producer;
import io.ringway.ProducerBatch;
import io.ringway.bench.pingpong.PingPongArgs;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One-way cross-process throughput over one Ringway SPSC channel: the producer copies messages in with
 * {@code offer}, or with {@code --batch N} (anywhere among the arguments) N at a time with {@code offerBatch} (one
 * wake check per batch, docs/LAYOUT.md 9.2); the consumer polls batches of up to {@link #POLL_LIMIT}. The consumer
 * creates the channel file and deletes it at the end. With {@code --producers N} the channel is MPSC and N producer
 * processes offer into it. With {@code --membarrier-wakeups} (anywhere among the consumer's arguments) the consumer
 * promises membarrier wakeups (docs/LAYOUT.md 9.8), so that the producers' wake checks skip their full fence. Usage: see {@link ThroughputArgs}; the one address is the channel file.
 */
public final class RingwayThroughput
{
    /** 4 MiB, the same bytes as the 4 MiB terms of the Aeron contender. */
    public static final int CAPACITY = 4 * 1024 * 1024;
    public static final int POLL_LIMIT = 256;
    private static final int TYPE_ID = 1;
    /** The option that makes the producer offer batches of this many messages. */
    public static final String BATCH_OPTION = "--batch";
    /** The option that makes the consumer promise membarrier wakeups. */
    public static final String MEMBARRIER_WAKEUPS_OPTION = "--membarrier-wakeups";

    private RingwayThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final List<String> arguments = new ArrayList<>(List.of(args));
        final int batchOption = arguments.indexOf(BATCH_OPTION);
        int batchSize = 0;
        if (batchOption >= 0 && batchOption + 1 < arguments.size())
        {
            batchSize = Integer.parseInt(arguments.get(batchOption + 1));
            arguments.subList(batchOption, batchOption + 2).clear();
        }
        if (batchOption >= 0 && batchSize < 1)
        {
            System.err.println("invalid arguments: field=" + BATCH_OPTION + " found=" + batchSize + " expected=>=1");
            System.exit(2);
        }
        final boolean membarrierWakeups = arguments.remove(MEMBARRIER_WAKEUPS_OPTION);
        final ThroughputArgs parsed = ThroughputArgs.parse(arguments.toArray(String[]::new), 1,
            "RingwayThroughput [--producers N] consume <channel> <warmup> <count> <length> <out>" +
            " [--membarrier-wakeups] | [--producers N --producer I] produce <channel> <warmup> <count> <length> [--batch N]");
        final Path path = Path.of(parsed.address(0));
        if (parsed.isConsumer())
        {
            final Channel channel = Channel.create(path,
                parsed.manyProducers() ? ChannelConfig.mpsc(CAPACITY) : ChannelConfig.spsc(CAPACITY));
            final Consumer consumer = membarrierWakeups ?
                channel.consumer(ConsumerOption.MEMBARRIER_WAKEUPS) : channel.consumer();
            final ThroughputArgs.Receiver receiver = new ThroughputArgs.Receiver(parsed);
            final MessageHandler handler = (typeId, buffer, index, length) -> receiver.onMessage(buffer.getLong(index));
            PingPongArgs.ready();
            while (!receiver.isDone())
            {
                consumer.poll(handler, POLL_LIMIT);
            }
            // for diagnosis (stderr, not the result contract): how often producers found the ring full
            System.err.println("RingwayThroughput: backPressureCount=" + channel.backPressureCount() +
                " unblockedRecordCount=" + channel.unblockedRecordCount());
            channel.delete();
            receiver.write(parsed);
            return;
        }
        try (Channel channel = Channel.open(path))
        {
            final Producer producer = channel.producer();
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(parsed.length()));
            final long total = parsed.total();
            if (batchSize > 0)
            {
                produceBatches(producer, message, parsed, total, batchSize);
                return;
            }
            for (long sequence = 0; sequence < total; sequence++)
            {
                message.putLong(0, parsed.firstWord(sequence));
                while (!producer.offer(TYPE_ID, message, 0, parsed.length()))
                {
                    // ring full: spin
                }
            }
        }
    }

    private static void produceBatches(final Producer producer, final UnsafeBuffer message,
        final ThroughputArgs parsed, final long total, final int batchSize)
    {
        final int length = parsed.length();
        final ProducerBatch batch = new ProducerBatch(batchSize * (length + 16));
        for (long sequence = 0; sequence < total; )
        {
            for (int i = 0; i < batchSize && sequence < total; i++, sequence++)
            {
                message.putLong(0, parsed.firstWord(sequence));
                batch.append(TYPE_ID, message, 0, length);
            }
            while (batch.pending() > 0)
            {
                producer.offerBatch(batch); // a prefix when the ring is full: spin on the rest
            }
        }
    }
}
