package io.ringway.bench.throughput;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.bench.pingpong.PingPongArgs;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * One-way cross-process throughput over one Ringway SPSC channel: the producer copies messages in with
 * {@code offer}, the consumer polls batches of up to {@link #POLL_LIMIT}. The consumer creates the channel file and
 * deletes it at the end. With {@code --producers N} the channel is MPSC and N producer processes offer into it.
 * Usage: see {@link ThroughputArgs}; the one address is the channel file.
 */
public final class RingwayThroughput
{
    /** 4 MiB, the same bytes as the 4 MiB terms of the Aeron contender. */
    public static final int CAPACITY = 4 * 1024 * 1024;
    public static final int POLL_LIMIT = 256;
    private static final int TYPE_ID = 1;

    private RingwayThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final ThroughputArgs parsed = ThroughputArgs.parse(args, 1,
            "RingwayThroughput [--producers N] consume <channel> <warmup> <count> <length> <out>" +
            " | [--producers N --producer I] produce <channel> <warmup> <count> <length>");
        final Path path = Path.of(parsed.address(0));
        if (parsed.isConsumer())
        {
            final Channel channel = Channel.create(path,
                parsed.manyProducers() ? ChannelConfig.mpsc(CAPACITY) : ChannelConfig.spsc(CAPACITY));
            final Consumer consumer = channel.consumer();
            final ThroughputArgs.Receiver receiver = new ThroughputArgs.Receiver(parsed);
            final MessageHandler handler = (typeId, buffer, index, length) -> receiver.onMessage(buffer.getLong(index));
            PingPongArgs.ready();
            while (!receiver.isDone())
            {
                consumer.poll(handler, POLL_LIMIT);
            }
            channel.delete();
            receiver.write(parsed);
            return;
        }
        try (Channel channel = Channel.open(path))
        {
            final Producer producer = channel.producer();
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(parsed.length()));
            final long total = parsed.total();
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
}
