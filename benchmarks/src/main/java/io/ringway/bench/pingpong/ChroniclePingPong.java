package io.ringway.bench.pingpong;

import io.ringway.cli.PingPong;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ChronicleQueue;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Chronicle Queue ping-pong: two queues in one directory (in /dev/shm), one per direction; each side appends to one
 * and spins on a tailer of the other. Needs the JVM flags Chronicle asks for on Java 17 (the harness adds them).
 *
 * <p>Usage: {@code ChroniclePingPong pong <dir>} or {@code ChroniclePingPong [--rate N] ping <dir> <warmup> <count>
 * <out>} ({@code --rate}: the fixed-rate ping of {@link PingPongArgs}).
 */
public final class ChroniclePingPong
{
    private static final int FILLER_LONGS = PingPongArgs.MESSAGE_LENGTH / Long.BYTES - 1;

    private ChroniclePingPong()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final PingPongArgs parsed = PingPongArgs.parse(args, 1,
            "ChroniclePingPong pong <dir> | [--rate N] ping <dir> <warmup> <count> <out>");
        final Path directory = Path.of(parsed.address(0));
        final String sendQueue = parsed.isPing() ? "ping" : "pong";
        final String receiveQueue = parsed.isPing() ? "pong" : "ping";
        try (ChronicleQueue out = ChronicleQueue.singleBuilder(directory.resolve(sendQueue)).build();
             ChronicleQueue in = ChronicleQueue.singleBuilder(directory.resolve(receiveQueue)).build())
        {
            final ExcerptAppender appender = out.createAppender();
            final ExcerptTailer tailer = in.createTailer().toStart();
            if (parsed.isPing())
            {
                ping(parsed, appender, tailer);
            }
            else
            {
                PingPongArgs.ready();
                pong(appender, tailer);
            }
        }
    }

    private static void pong(final ExcerptAppender appender, final ExcerptTailer tailer)
    {
        for (;;)
        {
            final long sequence = poll(tailer);
            if (sequence == PingPongArgs.STOP_SEQUENCE)
            {
                return;
            }
            send(appender, sequence);
        }
    }

    private static void ping(final PingPongArgs args, final ExcerptAppender appender, final ExcerptTailer tailer)
        throws IOException
    {
        final long[] samples = new long[args.count()];
        final long total = args.warmup() + args.count();
        final PingPong.RateSchedule schedule = args.schedule();
        for (long sequence = 0; sequence < total; sequence++)
        {
            final long startNs = schedule.roundStartNs(sequence);
            send(appender, sequence);
            final long echoed = poll(tailer);
            final long endNs = System.nanoTime();
            PingPongArgs.checkEcho(echoed, sequence);
            if (sequence >= args.warmup())
            {
                samples[(int)(sequence - args.warmup())] = endNs - startNs;
            }
        }
        send(appender, PingPongArgs.STOP_SEQUENCE);
        PingPongArgs.writeSamples(args.out(), samples);
    }

    private static void send(final ExcerptAppender appender, final long sequence)
    {
        try (DocumentContext document = appender.writingDocument())
        {
            final Bytes<?> bytes = document.wire().bytes();
            bytes.writeLong(sequence);
            for (int i = 0; i < FILLER_LONGS; i++)
            {
                bytes.writeLong(0L);
            }
        }
    }

    /** Spins until the next message is there; returns its sequence. */
    private static long poll(final ExcerptTailer tailer)
    {
        for (;;)
        {
            try (DocumentContext document = tailer.readingDocument())
            {
                if (document.isPresent())
                {
                    return document.wire().bytes().readLong();
                }
            }
        }
    }
}
