package io.ringway.bench.pingpong;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.wait.WaitStrategy;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Ringway ping-pong in Java: two SPSC channels, one per direction, both sides spinning. The pong side creates both
 * channel files and deletes them when it stops; the ping side opens them. Pairs with benchmarks/c/ringway_pingpong.c
 * (same files, same messages), so either side may be C.
 *
 * <p>With {@code -D}{@value #PARKED_PROPERTY}{@code =true} both sides wait for each message parked on the channel's
 * futex ({@link WaitStrategy#blocking()}, LAYOUT.md 9) instead of spinning: the parked row of the report.
 *
 * <p>Usage: {@code RingwayPingPong pong <ping channel> <pong channel>} or
 * {@code RingwayPingPong ping <ping channel> <pong channel> <warmup> <count> <out>}.
 */
public final class RingwayPingPong
{
    public static final int CAPACITY = 64 * 1024;
    public static final int TYPE_ID = 1;
    /** System property that makes both sides park instead of spin. */
    public static final String PARKED_PROPERTY = "ringway.bench.parked";
    private static final boolean PARKED = Boolean.getBoolean(PARKED_PROPERTY);
    /** A parked wait re-checks at least this often; a round trip that needs it shows as a 1 s outlier. */
    private static final long PARK_TIMEOUT_MS = 1000;

    private RingwayPingPong()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final PingPongArgs parsed = PingPongArgs.parse(args, 2,
            "RingwayPingPong pong <ping channel> <pong channel>" +
            " | ping <ping channel> <pong channel> <warmup> <count> <out>");
        if (parsed.isPing())
        {
            ping(parsed);
        }
        else
        {
            pong(parsed);
        }
    }

    private static void pong(final PingPongArgs args)
    {
        final Channel pingChannel = Channel.create(Path.of(args.address(0)), ChannelConfig.spsc(CAPACITY));
        final Channel pongChannel = Channel.create(Path.of(args.address(1)), ChannelConfig.spsc(CAPACITY));
        final Consumer consumer = pingChannel.consumer().waitStrategy(WaitStrategy.blocking());
        final Echo echo = new Echo(pongChannel.producer());
        PingPongArgs.ready();
        while (!echo.stopped)
        {
            receive(consumer, echo);
        }
        pingChannel.delete();
        pongChannel.delete();
    }

    private static void ping(final PingPongArgs args) throws IOException
    {
        final long[] samples = new long[args.count()];
        try (Channel pingChannel = Channel.open(Path.of(args.address(0)));
             Channel pongChannel = Channel.open(Path.of(args.address(1))))
        {
            final Producer producer = pingChannel.producer();
            final Consumer consumer = pongChannel.consumer().waitStrategy(WaitStrategy.blocking());
            final UnsafeBuffer message =
                new UnsafeBuffer(ByteBuffer.allocateDirect(PingPongArgs.MESSAGE_LENGTH).order(ByteOrder.LITTLE_ENDIAN));
            final SequenceCapture capture = new SequenceCapture();
            final long total = args.warmup() + args.count();
            for (long sequence = 0; sequence < total; sequence++)
            {
                message.putLong(0, sequence);
                final long startNs = System.nanoTime();
                send(producer, message);
                while (receive(consumer, capture) == 0)
                {
                    // busy spin without Thread.onSpinWait(), like the C programs: the benchmark compares spinning paths
                }
                final long endNs = System.nanoTime();
                PingPongArgs.checkEcho(capture.sequence, sequence);
                if (sequence >= args.warmup())
                {
                    samples[(int)(sequence - args.warmup())] = endNs - startNs;
                }
            }
            message.putLong(0, PingPongArgs.STOP_SEQUENCE);
            send(producer, message);
        }
        PingPongArgs.writeSamples(args.out(), samples);
    }

    private static int receive(final Consumer consumer, final MessageHandler handler)
    {
        return PARKED ? consumer.poll(handler, 1, PARK_TIMEOUT_MS, TimeUnit.MILLISECONDS) : consumer.poll(handler, 1);
    }

    private static void send(final Producer producer, final UnsafeBuffer message)
    {
        while (!producer.offer(TYPE_ID, message, 0, PingPongArgs.MESSAGE_LENGTH))
        {
            // ring full: spin
        }
    }

    private static final class SequenceCapture implements MessageHandler
    {
        long sequence;

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index,
            final int length)
        {
            sequence = buffer.getLong(index);
        }
    }

    private static final class Echo implements MessageHandler
    {
        private final Producer producer;
        boolean stopped;

        Echo(final Producer producer)
        {
            this.producer = producer;
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index,
            final int length)
        {
            if (buffer.getLong(index) == PingPongArgs.STOP_SEQUENCE)
            {
                stopped = true;
                return;
            }
            final DirectBuffer body = buffer;
            while (!producer.offer(typeId, body, index, length))
            {
                // ring full: spin
            }
        }
    }
}
