package io.ringway.bench.pingpong;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ringway.cli.PingPong;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Aeron IPC ping-pong: two streams on {@link #CHANNEL}, one per direction, exclusive publications, both sides
 * spinning on {@code Subscription.poll}. The pong side launches the media driver (see {@link AeronEndpoint}).
 *
 * <p>Usage: {@code AeronPingPong pong <aeron dir>} or {@code AeronPingPong [--rate N] ping <aeron dir> <warmup> <count>
 * <out>} ({@code --rate}: the fixed-rate ping of {@link PingPongArgs}).
 */
public final class AeronPingPong
{
    /** 1 MiB terms, like Ringway's small ring here; the 64 MiB IPC default would only cost page faults at start. */
    public static final String CHANNEL = "aeron:ipc?term-length=1m";
    public static final int PING_STREAM_ID = 1001;
    public static final int PONG_STREAM_ID = 1002;

    private AeronPingPong()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final PingPongArgs parsed = PingPongArgs.parse(args, 1,
            "AeronPingPong pong <aeron dir> | [--rate N] ping <aeron dir> <warmup> <count> <out>");
        try (AeronEndpoint endpoint = AeronEndpoint.connect(parsed.address(0), !parsed.isPing()))
        {
            final int receiveStream = parsed.isPing() ? PONG_STREAM_ID : PING_STREAM_ID;
            final int sendStream = parsed.isPing() ? PING_STREAM_ID : PONG_STREAM_ID;
            final Subscription subscription = endpoint.aeron().addSubscription(CHANNEL, receiveStream);
            final ExclusivePublication publication = endpoint.aeron().addExclusivePublication(CHANNEL, sendStream);
            if (parsed.isPing())
            {
                while (!publication.isConnected() || !subscription.isConnected())
                {
                    Thread.yield();
                }
                ping(parsed, publication, subscription);
            }
            else
            {
                PingPongArgs.ready();
                pong(publication, subscription);
            }
        }
    }

    private static void pong(final ExclusivePublication publication, final Subscription subscription)
    {
        final boolean[] stopped = new boolean[1];
        final FragmentHandler echo = (buffer, offset, length, header) ->
        {
            if (buffer.getLong(offset) == PingPongArgs.STOP_SEQUENCE)
            {
                stopped[0] = true;
                return;
            }
            AeronEndpoint.offer(publication, buffer, offset, length);
        };
        while (!stopped[0])
        {
            subscription.poll(echo, 1);
        }
    }

    private static void ping(final PingPongArgs args, final ExclusivePublication publication,
        final Subscription subscription) throws IOException
    {
        final long[] samples = new long[args.count()];
        final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(PingPongArgs.MESSAGE_LENGTH));
        final long[] echoed = new long[1];
        final FragmentHandler capture = (buffer, offset, length, header) -> echoed[0] = buffer.getLong(offset);
        final long total = args.warmup() + args.count();
        final PingPong.RateSchedule schedule = args.schedule();
        for (long sequence = 0; sequence < total; sequence++)
        {
            message.putLong(0, sequence);
            final long startNs = schedule.roundStartNs(sequence);
            AeronEndpoint.offer(publication, message, 0, PingPongArgs.MESSAGE_LENGTH);
            while (subscription.poll(capture, 1) == 0)
            {
                // busy spin, like every spinning contender
            }
            final long endNs = System.nanoTime();
            PingPongArgs.checkEcho(echoed[0], sequence);
            if (sequence >= args.warmup())
            {
                samples[(int)(sequence - args.warmup())] = endNs - startNs;
            }
        }
        message.putLong(0, PingPongArgs.STOP_SEQUENCE);
        AeronEndpoint.offer(publication, message, 0, PingPongArgs.MESSAGE_LENGTH);
        PingPongArgs.writeSamples(args.out(), samples);
    }
}
