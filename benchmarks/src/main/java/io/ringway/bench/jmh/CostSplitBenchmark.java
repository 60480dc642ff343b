package io.ringway.bench.jmh;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import io.ringway.RingKind;
import io.ringway.bench.jmh.RingThroughputBenchmark.Implementation;
import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
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
import java.nio.MappedByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A diagnostic, not part of the report: where Ringway's per-message cost goes. One SPSC channel file; the producer
 * side is Ringway's {@link Producer} or Agrona's {@link OneToOneRingBuffer} over the same mapped ring, and so is the
 * consumer side, so the four combinations separate the producer's cost from the consumer's. One thread, a burst of
 * {@link RingBurstBenchmark#BURST} 32-byte messages offered then polled; ns per message.
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp <benchmarks classpath>
 * org.openjdk.jmh.Main CostSplitBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CostSplitBenchmark
{
    private static final int TYPE_ID = 1;
    private static final int MESSAGE_LENGTH = 32;
    private static final int BURST = RingBurstBenchmark.BURST;

    @Param({"RINGWAY", "AGRONA"})
    public Implementation producerSide;

    @Param({"RINGWAY", "AGRONA"})
    public Implementation consumerSide;

    private Path directory;
    private Channel channel;
    private MappedByteBuffer mapping;
    private Producer ringwayProducer;
    private Consumer ringwayConsumer;
    private RingBuffer agronaRing;
    private UnsafeBuffer message;
    private final SumHandler handler = new SumHandler();

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        message = new UnsafeBuffer(BufferUtil.allocateDirectAligned(MESSAGE_LENGTH, Long.BYTES));
        directory = Files.createTempDirectory(Channel.defaultDirectory(), "ringway-jmh-");
        final Path path = directory.resolve("split" + Channel.FILE_SUFFIX);
        channel = Channel.create(path, ChannelConfig.of(RingKind.SPSC, RingThroughputBenchmark.CAPACITY));
        mapping = IoUtil.mapExistingFile(path.toFile(), "split");
        agronaRing = new OneToOneRingBuffer(new UnsafeBuffer(mapping, HeaderDescriptor.HEADER_LENGTH,
            RingThroughputBenchmark.CAPACITY + RingBufferDescriptor.TRAILER_LENGTH));
        if (producerSide == Implementation.RINGWAY)
        {
            ringwayProducer = channel.producer();
        }
        if (consumerSide == Implementation.RINGWAY)
        {
            ringwayConsumer = channel.consumer();
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        IoUtil.unmap(mapping);
        channel.delete();
        Files.deleteIfExists(directory);
    }

    @Benchmark
    @OperationsPerInvocation(BURST)
    public long offerThenPoll()
    {
        for (int i = 0; i < BURST; i++)
        {
            message.putLong(0, i);
            final boolean sent = producerSide == Implementation.RINGWAY ?
                ringwayProducer.offer(TYPE_ID, message, 0, MESSAGE_LENGTH) :
                agronaRing.write(TYPE_ID, message, 0, MESSAGE_LENGTH);
            if (!sent)
            {
                throw new IllegalStateException("ring full: field=burst found=" + i + " expected=" + BURST);
            }
        }
        int received = 0;
        while (received < BURST)
        {
            received += consumerSide == Implementation.RINGWAY ?
                ringwayConsumer.poll(handler, BURST) : agronaRing.read(handler, BURST);
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
