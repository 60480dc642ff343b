package io.ringway.bench.throughput;

import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ringway.bench.pingpong.AeronEndpoint;
import io.ringway.bench.pingpong.PingPongArgs;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One-way cross-process throughput over Aeron IPC: an exclusive publication copies messages in with {@code offer},
 * the subscriber polls up to {@link #FRAGMENT_LIMIT} fragments at a time. The consumer launches the embedded media
 * driver. 4 MiB terms, and an MTU of 8 KiB so that 4 KiB messages are not fragmented (Aeron's advice for large
 * messages). With {@code --producers N}, N producer processes each add a concurrent (non-exclusive) publication of the
 * same channel and stream, which share one log. Usage: see {@link ThroughputArgs}; the one address is the Aeron
 * directory.
 */
public final class AeronThroughput
{
    public static final String CHANNEL = "aeron:ipc?term-length=4m|mtu=8192";
    public static final int STREAM_ID = 1003;
    public static final int FRAGMENT_LIMIT = 256;

    private AeronThroughput()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final ThroughputArgs parsed = ThroughputArgs.parse(args, 1,
            "AeronThroughput [--producers N] consume <aeron dir> <warmup> <count> <length> <out>" +
            " | [--producers N --producer I] produce <aeron dir> <warmup> <count> <length>");
        try (AeronEndpoint endpoint = AeronEndpoint.connect(parsed.address(0), parsed.isConsumer()))
        {
            if (parsed.isConsumer())
            {
                final Subscription subscription = endpoint.aeron().addSubscription(CHANNEL, STREAM_ID);
                final ThroughputArgs.Receiver receiver = new ThroughputArgs.Receiver(parsed);
                final FragmentHandler handler = (buffer, offset, length, header) ->
                    receiver.onMessage(buffer.getLong(offset));
                PingPongArgs.ready();
                while (!receiver.isDone())
                {
                    subscription.poll(handler, FRAGMENT_LIMIT);
                }
                receiver.write(parsed);
                return;
            }
            final Publication publication = parsed.manyProducers() ?
                endpoint.aeron().addPublication(CHANNEL, STREAM_ID) :
                endpoint.aeron().addExclusivePublication(CHANNEL, STREAM_ID);
            while (!publication.isConnected())
            {
                Thread.yield();
            }
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(parsed.length()));
            final long total = parsed.total();
            for (long sequence = 0; sequence < total; sequence++)
            {
                message.putLong(0, parsed.firstWord(sequence));
                AeronEndpoint.offer(publication, message, 0, parsed.length());
            }
            // closing now is safe: an IPC publication that closes drains to its subscribers before it goes away,
            // while waiting for the consumer to leave would outlive the media driver that lives in the consumer
        }
    }
}
