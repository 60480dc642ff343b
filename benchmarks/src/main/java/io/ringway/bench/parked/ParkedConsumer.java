package io.ringway.bench.parked;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.bench.pingpong.PingPongArgs;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalHandler;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalWriter;
import io.ringway.wait.WaitStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Java side of the parked-CPU rows: a consumer that waits on an empty channel, so that the harness can
 * read from /proc how much CPU it uses while it waits, and the one-message sender that then proves it still wakes.
 * Follows the parked-consumer contract of benchmarks/README.md, like c/parked_consumer.c and go/parked_consumer.
 *
 * <p>Usage: {@code ParkedConsumer park <channel file> blocking|backoff}: creates an SPSC channel, prints
 * {@code thread=<tid>} (the Linux id of the consuming thread) and {@code READY}, then calls
 * {@code poll(handler, 1, 1 s)} in a loop with the given wait strategy until a message arrives, prints
 * {@code received=<n> value=<its first 8 bytes, little-endian>}, deletes the channel file and exits 0.
 * {@code ParkedConsumer send <channel file> <value>}: opens the channel and offers one message carrying the value.
 *
 * <p>The journal follower row (LAYOUT 14.9): {@code ParkedConsumer park-journal <journal dir> blocking|backoff}
 * creates an empty journal, follows it with {@code JournalReader.poll(handler, 1, 1 s)} in a loop, and otherwise does
 * what {@code park} does (then deletes the journal); {@code ParkedConsumer send-journal <journal dir> <value>} opens
 * the journal's writer and appends one record carrying the value.
 */
public final class ParkedConsumer
{
    public static final int CAPACITY = 64 * 1024;
    public static final int TYPE_ID = 1;
    public static final int MESSAGE_LENGTH = 32;
    /** Timeout of one waiting poll; the consumer loops on it, as an application with a shutdown check would. */
    public static final long POLL_TIMEOUT_MS = 1000;
    /** Segment length of the parked journal follower's journal: small, it holds one record. */
    private static final long JOURNAL_SEGMENT_LENGTH = 1L << 20;
    /** Names the consuming OS thread: the thread's entry in /proc. */
    private static final Path THREAD_SELF = Path.of("/proc/thread-self");

    private ParkedConsumer()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        if (args.length == 3 && args[0].equals("park") &&
            (args[2].equals("blocking") || args[2].equals("backoff")))
        {
            park(Path.of(args[1]), args[2].equals("blocking") ? WaitStrategy.blocking() : WaitStrategy.backoff());
        }
        else if (args.length == 3 && args[0].equals("send"))
        {
            send(Path.of(args[1]), Long.parseLong(args[2]));
        }
        else if (args.length == 3 && args[0].equals("park-journal") &&
            (args[2].equals("blocking") || args[2].equals("backoff")))
        {
            parkJournal(Path.of(args[1]), args[2].equals("blocking") ? WaitStrategy.blocking() : WaitStrategy.backoff());
        }
        else if (args.length == 3 && args[0].equals("send-journal"))
        {
            sendJournal(Path.of(args[1]), Long.parseLong(args[2]));
        }
        else
        {
            System.err.println("usage: ParkedConsumer park <channel file> blocking|backoff | " +
                "send <channel file> <value> | park-journal <journal dir> blocking|backoff | " +
                "send-journal <journal dir> <value>");
            System.exit(2);
        }
    }

    private static void park(final Path file, final WaitStrategy waitStrategy) throws IOException
    {
        final Channel channel = Channel.create(file, ChannelConfig.spsc(CAPACITY));
        final Consumer consumer = channel.consumer().waitStrategy(waitStrategy);
        final long[] value = new long[1];
        final MessageHandler handler = (typeId, buffer, index, length) ->
            value[0] = buffer.getLong(index, ByteOrder.LITTLE_ENDIAN);
        System.out.println("thread=" + Files.readSymbolicLink(THREAD_SELF).getFileName());
        System.out.println(PingPongArgs.READY);
        System.out.flush();
        int received = 0;
        while (received == 0)
        {
            received = consumer.poll(handler, 1, POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        System.out.println("received=" + received + " value=" + value[0]);
        consumer.close();
        channel.delete();
    }

    private static void parkJournal(final Path directory, final WaitStrategy waitStrategy) throws IOException
    {
        JournalWriter.open(directory, new JournalConfig().segmentLength(JOURNAL_SEGMENT_LENGTH)).close();
        final long[] value = new long[1];
        final JournalHandler handler = (index, timestampNs, typeId, buffer, offset, length) ->
        {
            value[0] = buffer.getLong(offset, ByteOrder.LITTLE_ENDIAN);
            return true;
        };
        try (JournalReader reader = JournalReader.open(directory).waitStrategy(waitStrategy))
        {
            System.out.println("thread=" + Files.readSymbolicLink(THREAD_SELF).getFileName());
            System.out.println(PingPongArgs.READY);
            System.out.flush();
            int received = 0;
            while (received == 0)
            {
                received = reader.poll(handler, 1, POLL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            }
            System.out.println("received=" + received + " value=" + value[0]);
        }
        try (Stream<Path> files = Files.list(directory))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        Files.delete(directory);
    }

    private static void sendJournal(final Path directory, final long value)
    {
        try (JournalWriter writer = JournalWriter.open(directory, new JournalConfig()))
        {
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
            message.putLong(0, value, ByteOrder.LITTLE_ENDIAN);
            writer.append(TYPE_ID, message, 0, MESSAGE_LENGTH);
        }
    }

    private static void send(final Path file, final long value)
    {
        try (Channel channel = Channel.open(file); Producer producer = channel.producer())
        {
            final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(MESSAGE_LENGTH));
            message.putLong(0, value, ByteOrder.LITTLE_ENDIAN);
            if (!producer.offer(TYPE_ID, message, 0, MESSAGE_LENGTH))
            {
                throw new IllegalStateException("ring full: file=" + file + " field=offer found=false expected=true");
            }
        }
    }
}
