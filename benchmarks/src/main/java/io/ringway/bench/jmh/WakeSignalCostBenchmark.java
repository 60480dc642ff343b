package io.ringway.bench.jmh;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import io.ringway.wait.WaitWord;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * What wakeup support adds to the fast path when nobody waits. One thread offers one 32-byte message and
 * polls it back, on an SPSC channel file: each operation pays the producer's signal after its commit and the
 * consumer's after it moved the head (a full fence and a load each, docs/LAYOUT.md 9.2). The harness runs it in forks
 * with and without the benchmark-only {@code -D}{@value WaitWord#DISABLE_SIGNAL_PROPERTY}{@code =true} (which turns
 * {@link WaitWord#signalIfWaiting()} into a no-op), interleaved, and reports the difference.
 *
 * <p>{@link #signal} says which fork this is meant to be; the setup proves the property took effect by behaviour: with
 * the data waiters flag set by hand, one offer must issue one wake (on) or none (off).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WakeSignalCostBenchmark
{
    public static final int MESSAGE_LENGTH = 32;
    public static final int CAPACITY = 64 * 1024;
    private static final int TYPE_ID = 1;

    /** "on": wakeup signalling as shipped; "off": the fork has the benchmark-only switch set. */
    @Param({"on", "off"})
    public String signal;

    private Path directory;
    private Channel channel;
    private Producer producer;
    private Consumer consumer;
    private UnsafeBuffer message;
    private final SumHandler handler = new SumHandler();

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        final boolean expectDisabled = signal.equals("off");
        if (WaitWord.SIGNAL_DISABLED != expectDisabled)
        {
            throw new IllegalStateException("fork has the wrong switch: field=" + WaitWord.DISABLE_SIGNAL_PROPERTY +
                " found=" + WaitWord.SIGNAL_DISABLED + " expected=" + expectDisabled);
        }
        message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MESSAGE_LENGTH, Long.BYTES));
        directory = Files.createTempDirectory(Channel.defaultDirectory(), "ringway-jmh-");
        final Path file = directory.resolve("wake-cost" + Channel.FILE_SUFFIX);
        channel = Channel.create(file, ChannelConfig.spsc(CAPACITY));
        producer = channel.producer();
        consumer = channel.consumer();
        checkSignalling(file, expectDisabled);
    }

    /** With the data waiters flag set, an offer signals (one wake counted) unless the switch is set. */
    private void checkSignalling(final Path file, final boolean expectDisabled)
    {
        final MappedByteBuffer mapped = IoUtil.mapExistingFile(file.toFile(), "wake-cost", 0,
            HeaderDescriptor.HEADER_LENGTH);
        try
        {
            final UnsafeBuffer header = new UnsafeBuffer(mapped);
            final long wakesBefore = header.getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET);
            header.putIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET, 1);
            offerThenPoll();
            header.putIntVolatile(HeaderDescriptor.DATA_WAITERS_OFFSET, 0);
            final long wakes = header.getLongVolatile(HeaderDescriptor.WAKE_COUNT_OFFSET) - wakesBefore;
            if (wakes != (expectDisabled ? 0 : 1))
            {
                throw new IllegalStateException("signal switch not in effect: file=" + file + " field=wakeCount found=" +
                    wakes + " expected=" + (expectDisabled ? 0 : 1));
            }
        }
        finally
        {
            IoUtil.unmap(mapped);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        if (channel != null)
        {
            channel.delete();
            Files.deleteIfExists(directory);
        }
    }

    /**
     * @return a sum of the payloads, so that nothing is dead code.
     */
    @Benchmark
    public long offerThenPoll()
    {
        message.putLong(0, handler.sum);
        if (!producer.offer(TYPE_ID, message, 0, MESSAGE_LENGTH))
        {
            throw new IllegalStateException("ring full: field=offer found=false expected=true");
        }
        if (consumer.poll(handler, 1) != 1)
        {
            throw new IllegalStateException("message lost: field=poll found=0 expected=1");
        }
        return handler.sum;
    }

    private static final class SumHandler implements MessageHandler
    {
        long sum;

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            sum += buffer.getLong(index) + 1;
        }
    }
}
