package io.ringway.bench.jmh;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.RingKind;
import io.ringway.bench.jmh.RingThroughputBenchmark.Implementation;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The cost of the code paths alone, in one thread: offer a burst of {@link #BURST} messages, then poll them all.
 * Nanoseconds per message (offer + poll). No second thread means no cache-line transfer and no scheduling, so on a
 * noisy 2-core machine this is the steadiest comparison of Ringway's producer and consumer code with Agrona's.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RingBurstBenchmark
{
    public static final int BURST = 64;
    private static final int TYPE_ID = 1;
    private static final int PAGE_ALIGNMENT = 4096;

    @Param({"RINGWAY", "AGRONA"})
    public Implementation implementation;

    @Param({"SPSC", "MPSC"})
    public RingKind ringKind;

    @Param({"32", "256"})
    public int messageLength;

    private Path directory;
    private Channel channel;
    private Producer ringwayProducer;
    private Consumer ringwayConsumer;
    private RingBuffer agronaRing;
    private UnsafeBuffer message;
    private final SumHandler handler = new SumHandler();

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(messageLength, Long.BYTES));
        if (implementation == Implementation.RINGWAY)
        {
            directory = Files.createTempDirectory(Channel.defaultDirectory(), "ringway-jmh-");
            channel = Channel.create(directory.resolve("burst" + Channel.FILE_SUFFIX),
                ChannelConfig.of(ringKind, RingThroughputBenchmark.CAPACITY));
            ringwayProducer = channel.producer();
            ringwayConsumer = channel.consumer();
        }
        else
        {
            final UnsafeBuffer ringRegion = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                RingThroughputBenchmark.CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, PAGE_ALIGNMENT));
            agronaRing = ringKind == RingKind.SPSC ?
                new OneToOneRingBuffer(ringRegion) : new ManyToOneRingBuffer(ringRegion);
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

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long offerThenPoll()
    {
        int received = 0;
        if (implementation == Implementation.RINGWAY)
        {
            for (int i = 0; i < BURST; i++)
            {
                message.putLong(0, i);
                if (!ringwayProducer.offer(TYPE_ID, message, 0, messageLength))
                {
                    throw new IllegalStateException("ring full: field=burst found=" + i + " expected=" + BURST);
                }
            }
            while (received < BURST)
            {
                received += ringwayConsumer.poll(handler, BURST);
            }
        }
        else
        {
            for (int i = 0; i < BURST; i++)
            {
                message.putLong(0, i);
                if (!agronaRing.write(TYPE_ID, message, 0, messageLength))
                {
                    throw new IllegalStateException("ring full: field=burst found=" + i + " expected=" + BURST);
                }
            }
            while (received < BURST)
            {
                received += agronaRing.read(handler, BURST);
            }
        }
        return handler.sum;
    }

    private static final class SumHandler implements MessageHandler
    {
        long sum;

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            sum += buffer.getLong(index);
        }
    }
}
