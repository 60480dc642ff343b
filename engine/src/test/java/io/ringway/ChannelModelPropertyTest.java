package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.quicktheories.core.Gen;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.*;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

/**
 * Model-based property tests: random capacities and random sequences of offer, tryClaim+commit, tryClaim+abort, poll
 * and close+reopen, run against a real channel file and against {@link RingModel}. Checks FIFO order, no loss, no
 * duplicate, exact bytes and type ids, back-pressure exactly when the model says the ring is full, and the positions.
 * QuickTheories shrinks a failing sequence and reports it with its seed; the seed is also printed at the start of each
 * run. Replay a run with {@code mvn -pl engine test -Dtest=ChannelModelPropertyTest -Dringway.property.seed=SEED}.
 */
class ChannelModelPropertyTest
{
    private static final int EXAMPLES = Integer.getInteger("ringway.property.examples", 500);
    private static final long SEED = Long.getLong("ringway.property.seed", System.nanoTime());

    enum Kind
    {
        OFFER, CLAIM_COMMIT, CLAIM_ABORT, POLL, REOPEN
    }

    /**
     * One operation. {@code sizeChoice} picks the body size relative to the channel's maximum: 0 bytes, 1 byte, the
     * maximum, the maximum + 1 (must be refused), or {@code raw % (max + 1)}.
     */
    record Op(Kind kind, int sizeChoice, int raw, int typeId)
    {
        int bodyLength(final int max)
        {
            return switch (sizeChoice)
            {
                case 0 -> 0;
                case 1 -> 1;
                case 2 -> max;
                case 3 -> max + 1;
                default -> raw % (max + 1);
            };
        }

        @Override
        public String toString()
        {
            return kind + (kind == Kind.POLL ? "(limit=" + (raw % 8) + ")" :
                kind == Kind.REOPEN ? "" : "(size#" + sizeChoice + "/" + raw + ",type=" + typeId + ")");
        }
    }

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("model");

    @Test
    void spscChannelShouldBehaveLikeTheModelForAnySequenceOfOperations()
    {
        checkAgainstModel(RingKind.SPSC);
    }

    @Test
    void mpscChannelShouldBehaveLikeTheModelForAnySequenceOfOperations()
    {
        checkAgainstModel(RingKind.MPSC);
    }

    private void checkAgainstModel(final RingKind ringKind)
    {
        final AtomicLong runs = new AtomicLong();
        System.out.println("ChannelModelPropertyTest " + ringKind + " seed=" + SEED);
        qt().withExamples(EXAMPLES).withFixedSeed(SEED)
            .forAll(integers().between(6, 16), lists().of(operations()).ofSizeBetween(1, 300))
            .checkAssert((capacityShift, ops) ->
            {
                final Path path = directory.resolve("run-" + runs.incrementAndGet() + ".ringway");
                try
                {
                    runAgainstModel(path, ringKind, 1 << capacityShift, ops);
                }
                finally
                {
                    path.toFile().delete();
                }
            });
        assertTrue(runs.get() >= EXAMPLES * 9 / 10, "examples run: " + runs.get() + " of " + EXAMPLES);
    }

    private static Gen<Op> operations()
    {
        final Gen<Kind> kinds = integers().between(0, 99).map(n ->
            n < 30 ? Kind.OFFER : n < 50 ? Kind.CLAIM_COMMIT : n < 58 ? Kind.CLAIM_ABORT : n < 97 ? Kind.POLL :
            Kind.REOPEN);
        return kinds.zip(integers().between(0, 6), integers().between(0, 1 << 20), integers().between(1, 1000),
            Op::new);
    }

    static void runAgainstModel(final Path path, final RingKind ringKind, final int capacity, final List<Op> ops)
    {
        final RingModel model = new RingModel(ringKind, capacity);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[capacity]);
        final Random bytes = new Random(capacity * 31L + ops.size());
        Channel channel = Channel.create(path, ChannelConfig.of(ringKind, capacity));
        try
        {
            Producer producer = channel.producer();
            Consumer consumer = channel.consumer();
            final int max = channel.maxMessageLength();
            assertEquals(model.maxMessageLength(), max, "maxMessageLength");
            int step = 0;
            for (final Op op : ops)
            {
                final String where = "step " + step++ + " " + op + " capacity=" + capacity;
                switch (op.kind())
                {
                    case OFFER, CLAIM_COMMIT, CLAIM_ABORT ->
                    {
                        final int length = op.bodyLength(max);
                        final byte[] body = new byte[length];
                        bytes.nextBytes(body);
                        final Producer claimer = producer;
                        if (length > max)
                        {
                            assertThrows(IllegalArgumentException.class, () -> claimer.tryClaim(op.typeId(), length),
                                where);
                            final long tailBefore = channel.producerPosition();
                            source.putBytes(0, body, 0, Math.min(length, capacity));
                            assertThrows(IllegalArgumentException.class,
                                () -> claimer.offer(op.typeId(), source, 0, length), where);
                            assertEquals(tailBefore, channel.producerPosition(), where + ": oversize moved the tail");
                            continue;
                        }
                        final boolean expectWritten = model.claim(op.typeId(), body);
                        final boolean written;
                        if (op.kind() == Kind.OFFER)
                        {
                            source.putBytes(0, body);
                            written = producer.offer(op.typeId(), source, 0, length);
                        }
                        else
                        {
                            final int index = producer.tryClaim(op.typeId(), length);
                            written = index >= 0;
                            if (written)
                            {
                                producer.buffer().putBytes(index, body);
                                if (op.kind() == Kind.CLAIM_ABORT)
                                {
                                    producer.abort(index);
                                    model.abortLast();
                                }
                                else
                                {
                                    producer.commit(index);
                                }
                            }
                            else
                            {
                                assertEquals(Producer.RING_FULL, index, where);
                            }
                        }
                        assertEquals(expectWritten, written, where + ": back-pressure differs from the model");
                    }
                    case POLL ->
                    {
                        final int limit = op.raw() % 8;
                        final List<RingModel.Entry> expected = model.poll(limit);
                        final List<byte[]> bodies = new ArrayList<>();
                        final List<Integer> typeIds = new ArrayList<>();
                        final int count = consumer.poll((typeId, buffer, index, length) ->
                        {
                            final byte[] body = new byte[length];
                            buffer.getBytes(index, body);
                            bodies.add(body);
                            typeIds.add(typeId);
                        }, limit);
                        assertEquals(expected.size(), count, where + ": poll count");
                        assertEquals(expected.size(), bodies.size(), where + ": messages delivered");
                        for (int i = 0; i < expected.size(); i++)
                        {
                            assertEquals(expected.get(i).typeId(), typeIds.get(i), where + ": typeId of message " + i);
                            assertArrayEquals(expected.get(i).body(), bodies.get(i), where + ": body of message " + i);
                        }
                    }
                    case REOPEN ->
                    {
                        channel.close();
                        channel = Channel.open(path);
                        producer = channel.producer();
                        consumer = channel.consumer();
                    }
                }
                assertEquals(model.tailPosition(), channel.producerPosition(), where + ": tail position");
                assertEquals(model.headPosition(), channel.consumerPosition(), where + ": head position");
            }
            // drain: everything committed is still delivered, in order, exactly once
            final List<RingModel.Entry> rest = model.poll(Integer.MAX_VALUE);
            final List<byte[]> drained = new ArrayList<>();
            consumer.poll((typeId, buffer, index, length) ->
            {
                final byte[] body = new byte[length];
                buffer.getBytes(index, body);
                drained.add(body);
            }, Integer.MAX_VALUE);
            assertEquals(rest.size(), drained.size(), "drained message count");
            for (int i = 0; i < rest.size(); i++)
            {
                assertArrayEquals(rest.get(i).body(), drained.get(i), "drained body " + i);
            }
            assertEquals(0, consumer.poll((typeId, buffer, index, length) -> fail("duplicate delivery"), 10));
        }
        finally
        {
            channel.close();
        }
    }
}
