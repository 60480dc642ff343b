package io.ringway.bench.jmh;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.RingKind;
import org.agrona.BufferUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * In-process throughput, one producer thread and one consumer thread: Ringway's {@link Producer#offer} and
 * {@link Consumer#poll} on a channel file in /dev/shm against Agrona's {@link OneToOneRingBuffer} (SPSC) and
 * {@link ManyToOneRingBuffer} (MPSC) on a direct (off-heap) buffer. The score that counts is the consumer's
 * {@code messages} counter: messages received per second. Both sides use the same ring capacity, poll limit and
 * handler (which reads the first 8 bytes of each message).
 */
@State(Scope.Group)
public class RingThroughputBenchmark
{
    public static final int CAPACITY = 128 * 1024;
    public static final int POLL_LIMIT = 256;
    private static final int TYPE_ID = 1;
    private static final int PAGE_ALIGNMENT = 4096;

    /** Which ring: Ringway's channel or Agrona's ring buffer. */
    public enum Implementation
    {
        RINGWAY, AGRONA
    }

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
            channel = Channel.create(directory.resolve("jmh" + Channel.FILE_SUFFIX),
                ChannelConfig.of(ringKind, CAPACITY));
            ringwayProducer = channel.producer();
            ringwayConsumer = channel.consumer();
        }
        else
        {
            final UnsafeBuffer ringRegion = new UnsafeBuffer(BufferUtil.allocateDirectAligned(
                CAPACITY + RingBufferDescriptor.TRAILER_LENGTH, PAGE_ALIGNMENT));
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
    @Group("ring")
    @GroupThreads(1)
    public boolean offer(final ProducerCounters counters)
    {
        final boolean sent = implementation == Implementation.RINGWAY ?
            ringwayProducer.offer(TYPE_ID, message, 0, messageLength) :
            agronaRing.write(TYPE_ID, message, 0, messageLength);
        if (!sent)
        {
            ++counters.refused;
        }
        return sent;
    }

    @Benchmark
    @Group("ring")
    @GroupThreads(1)
    public long poll(final ConsumerCounters counters)
    {
        final int received = implementation == Implementation.RINGWAY ?
            ringwayConsumer.poll(handler, POLL_LIMIT) : agronaRing.read(handler, POLL_LIMIT);
        counters.messages += received;
        return handler.sum;
    }

    /** Messages received per second: the throughput figure of the report. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ConsumerCounters
    {
        public long messages;

        @Setup(Level.Iteration)
        public void reset()
        {
            messages = 0;
        }
    }

    /** Offers refused for want of space, per second: how often the producer outran the consumer. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class ProducerCounters
    {
        public long refused;

        @Setup(Level.Iteration)
        public void reset()
        {
            refused = 0;
        }
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
