package io.ringway;

import io.ringway.testing.ManualMonotonicClock;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * {@link Producer#offerBatch(ProducerBatch)}: the messages of a batch in order, the prefix that fits when the ring
 * fills, a refused message stopping the batch, and the runs of LAYOUT 6.1 and 6.2 (one claim and one commit for the
 * records that fit before the end of the data area), which leave the bytes that offers of the same messages leave. Its
 * one wake check is tested in {@link WakeupTest}; the repair after a producer that died inside a run in
 * {@link DeadClaimsTest}. Replay the property with {@code -Dringway.property.seed=SEED} (printed at the start).
 */
class ProducerBatchTest
{
    private static final int EXAMPLES = Integer.getInteger("ringway.property.examples", 200);
    private static final long SEED = Long.getLong("ringway.property.seed", System.nanoTime());

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("batch");

    private final UnsafeBuffer body = new UnsafeBuffer(ByteBuffer.allocateDirect(64));

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldDeliverEveryMessageOfABatchInOrderAcrossTheWrap(final RingKind kind)
    {
        try (Channel channel = Channel.create(directory.resolve("order.ringway"), ChannelConfig.of(kind, 1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(0);
            final List<Long> received = new ArrayList<>();
            final List<Integer> typeIds = new ArrayList<>();
            long nextValue = 0;
            for (int round = 0; round < 20; round++) // 20 * 10 * 24 bytes: the ring wraps several times
            {
                for (int i = 0; i < 10; i++)
                {
                    body.putLong(0, nextValue++);
                    batch.append(3 + i, body, 0, 16);
                }
                assertEquals(10, batch.pending());
                assertEquals(10, producer.offerBatch(batch));
                assertEquals(0, batch.pending());
                assertEquals(10, consumer.poll((typeId, buffer, index, length) ->
                {
                    typeIds.add(typeId);
                    received.add(buffer.getLong(index));
                    assertEquals(16, length);
                }, 100));
            }
            for (int i = 0; i < received.size(); i++)
            {
                assertEquals(i, received.get(i));
                assertEquals(3 + i % 10, typeIds.get(i));
            }
            assertEquals(0, producer.offerBatch(batch), "an empty batch writes nothing");
            assertEquals(0, WakeupTest.wakeCount(channel));
        }
    }

    @Test
    void shouldWriteThePrefixThatFitsAndKeepTheRestWhenTheRingFills()
    {
        try (Channel channel = Channel.create(directory.resolve("full.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(64);
            for (int i = 0; i < 20; i++)
            {
                body.putLong(0, i);
                batch.append(1, body, 0, 56);
            }
            // SPSC keeps 8 bytes free (LAYOUT 6.1): (1024 - 8) / 64 = 15 records of 56-byte bodies
            assertEquals(15, producer.offerBatch(batch));
            assertEquals(5, batch.pending());
            assertEquals(1, channel.headerBuffer().getLongVolatile(HeaderDescriptor.BACK_PRESSURE_COUNT_OFFSET));
            final List<Long> received = new ArrayList<>();
            consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 100);
            assertEquals(5, producer.offerBatch(batch), "the rest, after the consumer freed space");
            consumer.poll((typeId, buffer, index, length) -> received.add(buffer.getLong(index)), 100);
            assertEquals(20, received.size());
            for (int i = 0; i < 20; i++)
            {
                assertEquals(i, received.get(i));
            }
        }
    }

    @Test
    void shouldStopABatchAtARefusedMessageAndKeepIt()
    {
        try (Channel channel = Channel.create(directory.resolve("refused.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(0);
            batch.append(1, body, 0, 8).append(0, body, 0, 8).append(1, body, 0, 8);
            final IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> producer.offerBatch(batch));
            assertTrue(refused.getMessage().contains("field=typeId found=0"), refused.getMessage());
            assertEquals(2, batch.pending(), "the refused message stays first in the batch");
            assertEquals(1, consumer.poll((typeId, buffer, index, length) -> { }, 10));
        }
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldLeaveTheBytesOfOffersWhenABatchIsWrittenAsRuns(final RingKind kind)
    {
        final AtomicLong runs = new AtomicLong();
        System.out.println("ProducerBatchTest runs " + kind + " seed=" + SEED);
        qt().withExamples(EXAMPLES).withFixedSeed(SEED)
            .forAll(integers().between(8, 12), longs().all())
            .checkAssert((capacityShift, bytesSeed) ->
            {
                final long run = runs.incrementAndGet();
                assertBatchesLeaveTheBytesOfOffers(kind, 1 << capacityShift, bytesSeed, run);
            });
    }

    @ParameterizedTest
    @EnumSource(RingKind.class)
    void shouldDeliverEveryBatchedMessageOnceAndInOrderToAConsumerPollingAtTheSameTime(final RingKind kind)
        throws Exception
    {
        final int producers = kind == RingKind.SPSC ? 1 : 3;
        final int messagesPerProducer = 100_000;
        try (Channel channel = Channel.create(directory.resolve("concurrent-" + kind + ".ringway"),
            ChannelConfig.of(kind, 1 << 12)))
        {
            final Consumer consumer = channel.consumer();
            final List<Thread> threads = new ArrayList<>();
            final AtomicLong failures = new AtomicLong();
            for (int p = 0; p < producers; p++)
            {
                final int producerIndex = p;
                final Producer producer = channel.producer();
                final Thread thread = new Thread(() ->
                {
                    final Random random = new Random(producerIndex);
                    final UnsafeBuffer message = new UnsafeBuffer(new byte[64]);
                    final ProducerBatch batch = new ProducerBatch(0);
                    for (int sequence = 0; sequence < messagesPerProducer; )
                    {
                        final int size = 1 + random.nextInt(40);
                        for (int i = 0; i < size && sequence < messagesPerProducer; i++, sequence++)
                        {
                            message.putInt(0, producerIndex);
                            message.putInt(4, sequence);
                            batch.append(1 + producerIndex, message, 0, 8 + random.nextInt(57));
                        }
                        while (batch.pending() > 0)
                        {
                            producer.offerBatch(batch); // a prefix when the ring is full: offer the rest
                        }
                    }
                }, "batch-producer-" + p);
                thread.setUncaughtExceptionHandler((t, e) -> failures.incrementAndGet());
                threads.add(thread);
            }
            threads.forEach(Thread::start);
            final int[] nextSequence = new int[producers];
            long received = 0;
            while (received < (long)producers * messagesPerProducer)
            {
                received += consumer.poll((typeId, buffer, index, length) ->
                {
                    final int producerIndex = buffer.getInt(index);
                    assertEquals(1 + producerIndex, typeId);
                    assertEquals(nextSequence[producerIndex]++, buffer.getInt(index + 4),
                        "producer " + producerIndex + ": every message once, in its order");
                }, 100);
                assertEquals(0, failures.get(), "a producer thread failed");
            }
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertEquals(0, failures.get());
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> fail("nothing more"), 100));
        }
    }

    @Test
    void shouldPreZeroIndexZeroWhenARunEndsExactlyAtTheEndOfTheDataArea()
    {
        try (Channel channel = Channel.create(directory.resolve("exact.ringway"), ChannelConfig.spsc(1 << 10)))
        {
            final Producer producer = channel.producer();
            final Consumer consumer = channel.consumer();
            final ProducerBatch batch = new ProducerBatch(0);
            for (int i = 0; i < 15; i++) // 15 records of 64 bytes: 64 bytes before the end
            {
                batch.append(1, body, 0, 56);
            }
            assertEquals(15, producer.offerBatch(batch));
            assertEquals(15, consumer.poll((typeId, buffer, index, length) -> { }, 100));
            channel.ringBuffer().putLong(0, -1L); // a stale header of an older lap at index 0
            batch.append(1, body, 0, 24).append(1, body, 0, 24); // 32 + 32 bytes: the run ends at the end
            assertEquals(2, producer.offerBatch(batch));
            assertEquals(0L, channel.ringBuffer().getLong(0), "the header after the run, at index 0, is pre-zeroed");
            assertEquals(2, consumer.poll((typeId, buffer, index, length) -> { }, 100));
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 100), "nothing read past the run");
        }
    }

    /**
     * Random messages (body lengths 0 to the maximum; on SPSC those of {@link #lineAlignedBodyLength}; random type ids,
     * an invalid type id now and then) go to two
     * channels of one kind and capacity: as batches of random sizes to one, one offer at a time to the other, the consumers
     * polling random amounts between batches. The data areas and the tail and head positions must stay equal byte for
     * byte (the head caches too: a run stores a loaded head in the cache only when it needed it, as a claim does), and
     * both consumers receive the same messages.
     */
    private void assertBatchesLeaveTheBytesOfOffers(final RingKind kind, final int capacity, final long bytesSeed,
        final long run)
    {
        final Random random = new Random(bytesSeed);
        final ManualMonotonicClock clock = new ManualMonotonicClock();
        final ChannelSettings settings = ChannelSettings.DEFAULT.withClock(clock);
        try (Channel batched = Channel.create(directory.resolve("runs-" + kind + run + ".ringway"),
                ChannelConfig.of(kind, capacity), settings);
            Channel offered = Channel.create(directory.resolve("offers-" + kind + run + ".ringway"),
                ChannelConfig.of(kind, capacity), settings))
        {
            final Producer batchProducer = batched.producer();
            final Producer offerProducer = offered.producer();
            final Consumer batchConsumer = batched.consumer();
            final Consumer offerConsumer = offered.consumer();
            final int max = batched.maxMessageLength();
            final UnsafeBuffer source = new UnsafeBuffer(new byte[max]);
            final ProducerBatch batch = new ProducerBatch(0);
            final List<String> fromBatches = new ArrayList<>();
            final List<String> fromOffers = new ArrayList<>();
            // SPSC (LAYOUT 6.1 "Touch ahead"): offers touch a word ahead between records, a run only after it, so
            // the bytes between a record's end and its aligned end, which no reader reads, may differ; every other
            // byte may not. True where the last record written over a byte left it as such a gap byte.
            final boolean[] gapByte = new boolean[capacity];
            for (int step = 0; step < 60; step++)
            {
                final String where = kind + " seed=" + SEED + " capacity=" + capacity + " bytesSeed=" + bytesSeed +
                    " step=" + step;
                final int size = 1 + random.nextInt(12);
                final int[] typeIds = new int[size];
                final byte[][] bodies = new byte[size][];
                for (int i = 0; i < size; i++)
                {
                    typeIds[i] = random.nextInt(40) == 0 ? 0 : 1 + random.nextInt(1000);
                    bodies[i] = new byte[kind == RingKind.SPSC ? lineAlignedBodyLength(random, max) :
                        random.nextInt(4) == 0 ? max : random.nextInt(max + 1)];
                    random.nextBytes(bodies[i]);
                    source.putBytes(0, bodies[i]);
                    batch.append(typeIds[i], source, 0, bodies[i].length);
                }
                int batchWritten;
                try
                {
                    batchWritten = batchProducer.offerBatch(batch);
                }
                catch (final IllegalArgumentException refused)
                {
                    batchWritten = size - batch.pending();
                    assertEquals(0, typeIds[batchWritten], where + ": refused " + refused.getMessage());
                }
                int offersWritten = 0;
                while (offersWritten < size && typeIds[offersWritten] >= 1)
                {
                    source.putBytes(0, bodies[offersWritten]);
                    final long tailBefore = offered.producerPosition();
                    if (!offerProducer.offer(typeIds[offersWritten], source, 0, bodies[offersWritten].length))
                    {
                        // a refused claim at the wrap still pads to the end of the data area
                        markPadding(gapByte, capacity, tailBefore, offered.producerPosition() - tailBefore);
                        break;
                    }
                    markGapBytes(gapByte, capacity, tailBefore, offered.producerPosition(),
                        bodies[offersWritten].length);
                    offersWritten++;
                }
                assertEquals(offersWritten, batchWritten, where + ": messages written");
                batch.reset();
                final int limit = 1 + random.nextInt(2 * size);
                if (random.nextInt(3) > 0) // else the ring fills further
                {
                    batchConsumer.poll((typeId, buffer, index, length) -> fromBatches.add(describe(typeId, buffer,
                        index, length)), limit);
                    offerConsumer.poll((typeId, buffer, index, length) -> fromOffers.add(describe(typeId, buffer,
                        index, length)), limit);
                }
                assertEquals(offered.producerPosition(), batched.producerPosition(), where + ": tail");
                assertEquals(offered.consumerPosition(), batched.consumerPosition(), where + ": head");
                final int headCacheIndex = capacity + TrailerDescriptor.HEAD_CACHE_POSITION_OFFSET;
                assertEquals(offered.ringBuffer().getLong(headCacheIndex), batched.ringBuffer().getLong(headCacheIndex),
                    where + ": head cache");
                assertEquals(fromOffers, fromBatches, where + ": messages delivered");
                for (int index = 0; index < capacity; index++)
                {
                    if (kind == RingKind.MPSC || !gapByte[index])
                    {
                        assertEquals(offered.ringBuffer().getByte(index), batched.ringBuffer().getByte(index),
                            where + ": data area at index " + index);
                    }
                }
            }
        }
    }

    /**
     * A body length whose record takes a multiple of 16 bytes, so that on SPSC no record ends 8 bytes before the end of
     * a cache line: offers would pad there (LAYOUT 6.1 step 5a), a run only at its end ({@link LineStartPaddingTest}
     * tests both).
     */
    private static int lineAlignedBodyLength(final Random random, final int max)
    {
        // lengths 16n + 1 to 16n + 8 take 16n + 16 bytes with their header; max is a multiple of 16
        return random.nextInt(4) == 0 ? max - 8 : 16 * random.nextInt(max / 16) + 1 + random.nextInt(8);
    }

    /**
     * After an offer moved the tail from {@code tailBefore} to {@code tailAfter}: its record's bytes count, its gap bytes
     * (record end to aligned end) do not; of a wrap's padding only the header counts.
     */
    private static void markGapBytes(final boolean[] gapByte, final int capacity, final long tailBefore,
        final long tailAfter, final int bodyLength)
    {
        final int recordLength = RecordDescriptor.HEADER_LENGTH + bodyLength;
        final int alignedLength = RecordDescriptor.alignedLength(recordLength);
        final int recordIndex = (int)(tailAfter - alignedLength) & (capacity - 1);
        markPadding(gapByte, capacity, tailBefore, tailAfter - tailBefore - alignedLength);
        Arrays.fill(gapByte, recordIndex, recordIndex + recordLength, false);
        Arrays.fill(gapByte, recordIndex + recordLength, recordIndex + alignedLength, true);
    }

    /** A wrap's padding of {@code paddingLength} bytes (if any) at {@code tailBefore}: only its header counts. */
    private static void markPadding(final boolean[] gapByte, final int capacity, final long tailBefore,
        final long paddingLength)
    {
        if (paddingLength > 0)
        {
            final int paddingIndex = (int)tailBefore & (capacity - 1);
            Arrays.fill(gapByte, paddingIndex, paddingIndex + RecordDescriptor.HEADER_LENGTH, false);
            Arrays.fill(gapByte, paddingIndex + RecordDescriptor.HEADER_LENGTH, capacity, true);
        }
    }

    private static String describe(final int typeId, final DirectBuffer buffer, final int index,
        final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(index, bytes);
        return typeId + ":" + Arrays.toString(bytes);
    }
}
