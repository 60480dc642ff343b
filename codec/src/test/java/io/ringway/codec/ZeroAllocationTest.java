package io.ringway.codec;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.codec.marketdata.ExecType;
import io.ringway.codec.marketdata.ExecutionReportDecoder;
import io.ringway.codec.marketdata.ExecutionReportEncoder;
import io.ringway.codec.marketdata.Liquidity;
import io.ringway.codec.marketdata.MessageHeaderDecoder;
import io.ringway.codec.marketdata.MessageHeaderEncoder;
import io.ringway.codec.marketdata.NewOrderSingleDecoder;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;
import io.ringway.codec.marketdata.OptionalPriceEncoder;
import io.ringway.codec.marketdata.OrdStatus;
import io.ringway.codec.marketdata.OrdType;
import io.ringway.codec.marketdata.Side;
import io.ringway.codec.marketdata.TimeInForce;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The hot path allocates nothing: after a warm-up, a loop of claim, encode in place, commit, poll and decode in place
 * allocates zero bytes on the calling thread, as counted by the JVM's per-thread allocation counter
 * ({@link com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes()}). Producer and consumer share the thread,
 * so both sides are measured. A control test shows the counter sees an allocation made in the same kind of loop.
 */
class ZeroAllocationTest
{
    private static final int WARM_UP_ROUNDS = 10;
    private static final int MEASURED_ROUNDS = 5;
    private static final int MEASURED_ITERATIONS = 10_000;
    private static final byte[] TEXT = "partial fill — venue 7".getBytes(StandardCharsets.UTF_8);
    private static final String ACCOUNT = "ACC-7";

    private final com.sun.management.ThreadMXBean threads =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("codec-zero-alloc");
    private Channel channel;

    @BeforeEach
    void createChannel()
    {
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "JVM cannot count allocated bytes per thread");
        threads.setThreadAllocatedMemoryEnabled(true);
        channel = Channel.create(directory.resolve("hot.ringway"), ChannelConfig.spsc(256 * 1024)
            .withSchema(MessageHeaderEncoder.SCHEMA_ID, MessageHeaderEncoder.SCHEMA_VERSION));
    }

    @AfterEach
    void deleteChannel()
    {
        if (channel != null)
        {
            channel.delete();
        }
    }

    @Test
    void shouldAllocateNothingWhenEncodingWithGeneratedCodecsInClaimAndDecodingInHandler()
    {
        final GeneratedCodecPath path = new GeneratedCodecPath(channel.producer(), channel.consumer());

        final List<Long> bytesPerLoop = allocatedBytesPerLoop(path);

        assertNoAllocation(bytesPerLoop);
        assertEquals(expectedChecksum(), path.checksum, "every message of the last loop was decoded");
    }

    @Test
    void shouldAllocateNothingWhenUsingSbeProducerAndSbeDispatcher()
    {
        final HelperPath path = new HelperPath(channel.producer(), channel.consumer());

        final List<Long> bytesPerLoop = allocatedBytesPerLoop(path);

        assertNoAllocation(bytesPerLoop);
        assertEquals(expectedChecksum(), path.checksum, "every message of the last loop was decoded");
    }

    @Test
    void allocationCounterShouldSeeAnAllocationInTheMeasuredLoop()
    {
        final AllocatingPath path = new AllocatingPath();

        final List<Long> bytesPerLoop = allocatedBytesPerLoop(path);

        assertEquals(MEASURED_ROUNDS, bytesPerLoop.size(), "no loop allocated nothing: " + bytesPerLoop);
        for (final long bytes : bytesPerLoop)
        {
            assertTrue(bytes >= (long)MEASURED_ITERATIONS * 64, "bytes per loop: " + bytesPerLoop);
        }
    }

    /**
     * Warms the round trip up through the very loop that measures it, then measures up to {@link #MEASURED_ROUNDS}
     * loops. While the JIT is still replacing compiled code, the JVM itself may allocate a few hundred bytes on this
     * thread once (observed: below 1 KB in the first rounds after warm-up, never again); an allocation made by the
     * round trip would instead recur in every loop, at least 16 bytes per message.
     *
     * @return the bytes allocated by each measured loop, up to and including the first that allocated none.
     */
    private List<Long> allocatedBytesPerLoop(final RoundTrip roundTrip)
    {
        for (int round = 0; round < WARM_UP_ROUNDS; round++)
        {
            allocatedBytesInOneLoop(roundTrip);
        }

        final List<Long> bytesPerLoop = new ArrayList<>();
        for (int round = 0; round < MEASURED_ROUNDS; round++)
        {
            roundTrip.reset();
            final long bytes = allocatedBytesInOneLoop(roundTrip);
            bytesPerLoop.add(bytes);
            if (bytes == 0)
            {
                break;
            }
        }
        return bytesPerLoop;
    }

    private void assertNoAllocation(final List<Long> bytesPerLoop)
    {
        assertEquals(0L, bytesPerLoop.get(bytesPerLoop.size() - 1),
            "a loop of " + MEASURED_ITERATIONS + " round trips after warm-up allocated nothing; bytes per loop: " +
            bytesPerLoop);
        for (final long bytes : bytesPerLoop)
        {
            assertTrue(bytes < MEASURED_ITERATIONS, "no loop allocated per message; bytes per loop: " + bytesPerLoop);
        }
    }

    private long allocatedBytesInOneLoop(final RoundTrip roundTrip)
    {
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_ITERATIONS; i++)
        {
            roundTrip.run(i);
        }
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    /** Sum over one measured loop of what the decoders read from the two messages of each round trip. */
    private static long expectedChecksum()
    {
        long sum = 0;
        for (int i = 0; i < MEASURED_ITERATIONS; i++)
        {
            sum += i + 4 + 6 + TEXT.length; // execution report: orderId, fill quantities, text length
            sum += i + 25 + ACCOUNT.length(); // new order: clOrdId, orderQty, account length
        }
        return sum;
    }

    interface RoundTrip
    {
        void run(int i);

        void reset();
    }

    /** Encodes two messages in place, polls them and decodes them in place; keeps a checksum of what it read. */
    abstract static class CodecPath implements RoundTrip
    {
        final UnsafeBuffer text = new UnsafeBuffer(TEXT);
        final UnsafeBuffer textView = new UnsafeBuffer(0, 0);
        final ExecutionReportEncoder reportEncoder = new ExecutionReportEncoder();
        final NewOrderSingleEncoder orderEncoder = new NewOrderSingleEncoder();
        final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();
        final NewOrderSingleDecoder orderDecoder = new NewOrderSingleDecoder();
        final int reportLength = MessageLengths.executionReport(2, TEXT.length);
        final int orderLength = MessageLengths.newOrderSingle(ACCOUNT.length());
        long checksum;

        @Override
        public void reset()
        {
            checksum = 0;
        }

        void encodeReport(final int i)
        {
            reportEncoder
                .orderId(i).clOrdId(i).execId(i).securityId(5501).symbol("ESZ5")
                .execType(ExecType.TRADE).ordStatus(OrdStatus.FILLED).side(Side.BUY)
                .cumQty(10).leavesQty(0).transactTimeNs(i);
            reportEncoder.execFlags().clear().lastFill(true);
            final ExecutionReportEncoder.FillsEncoder fills = reportEncoder.fillsCount(2);
            fills.next().fillQty(4).tradeId(i).liquidity(Liquidity.MAKER).fillPrice().mantissa(4_512_250_000_000L);
            fills.next().fillQty(6).tradeId(i).liquidity(Liquidity.TAKER).fillPrice().mantissa(4_512_500_000_000L);
            reportEncoder.putText(text, 0, text.capacity());
        }

        void encodeOrder(final int i)
        {
            orderEncoder
                .clOrdId(i).securityId(5501).side(Side.SELL).ordType(OrdType.LIMIT)
                .timeInForce(TimeInForce.DAY).orderQty(25)
                .minQty(NewOrderSingleEncoder.minQtyNullValue())
                .expireTimeNs(NewOrderSingleEncoder.expireTimeNsNullValue())
                .transactTimeNs(i).selfMatchPreventionId(i);
            orderEncoder.flags().clear().postOnly(true);
            orderEncoder.price().mantissa(4_511_750_000_000L);
            orderEncoder.stopPrice().mantissa(OptionalPriceEncoder.mantissaNullValue());
            orderEncoder.account(ACCOUNT); // US-ASCII data: written char by char, no String encoding
        }

        void decode(final int templateId, final DirectBuffer buffer, final int offset, final int blockLength,
            final int version)
        {
            if (templateId == ExecutionReportDecoder.TEMPLATE_ID)
            {
                reportDecoder.wrap(buffer, offset, blockLength, version);
                long sum = reportDecoder.orderId();
                final ExecutionReportDecoder.FillsDecoder fills = reportDecoder.fills();
                while (fills.hasNext())
                {
                    sum += fills.next().fillQty();
                }
                reportDecoder.wrapText(textView); // a view of the bytes in the ring, not a copy
                checksum += sum + textView.capacity();
            }
            else if (templateId == NewOrderSingleDecoder.TEMPLATE_ID)
            {
                orderDecoder.wrap(buffer, offset, blockLength, version);
                checksum += orderDecoder.clOrdId() + orderDecoder.orderQty() + orderDecoder.accountLength();
                orderDecoder.skipAccount();
            }
        }
    }

    /** The generated codecs used directly: header and message encoders wrapped at the claimed index in the ring. */
    static final class GeneratedCodecPath extends CodecPath implements MessageHandler
    {
        private final Producer producer;
        private final Consumer consumer;
        private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
        private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();

        GeneratedCodecPath(final Producer producer, final Consumer consumer)
        {
            this.producer = producer;
            this.consumer = consumer;
        }

        @Override
        public void run(final int i)
        {
            int index = producer.tryClaim(ExecutionReportEncoder.TEMPLATE_ID, SbeHeader.LENGTH + reportLength);
            reportEncoder.wrapAndApplyHeader(producer.buffer(), index, headerEncoder);
            encodeReport(i);
            producer.commit(index);

            index = producer.tryClaim(NewOrderSingleEncoder.TEMPLATE_ID, SbeHeader.LENGTH + orderLength);
            orderEncoder.wrapAndApplyHeader(producer.buffer(), index, headerEncoder);
            encodeOrder(i);
            producer.commit(index);

            if (consumer.poll(this, 10) != 2)
            {
                throw new IllegalStateException("expected 2 messages at iteration " + i);
            }
        }

        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            headerDecoder.wrap(buffer, index);
            decode(typeId, buffer, index + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(),
                headerDecoder.version());
        }
    }

    /** The same messages through SbeProducer (claim and wrap) and SbeDispatcher (check and wrap). */
    static final class HelperPath extends CodecPath implements SbeMessageHandler
    {
        private final SbeProducer sbe;
        private final Consumer consumer;
        private final SbeDispatcher dispatcher;

        HelperPath(final Producer producer, final Consumer consumer)
        {
            this.sbe = new SbeProducer(producer);
            this.consumer = consumer;
            this.dispatcher = new SbeDispatcher(MessageHeaderDecoder.SCHEMA_ID, this);
        }

        @Override
        public void run(final int i)
        {
            if (sbe.tryClaim(reportEncoder, reportLength) == null)
            {
                throw new IllegalStateException("ring full at iteration " + i);
            }
            encodeReport(i);
            sbe.commit();

            if (sbe.tryClaim(orderEncoder, orderLength) == null)
            {
                throw new IllegalStateException("ring full at iteration " + i);
            }
            encodeOrder(i);
            sbe.commit();

            if (consumer.poll(dispatcher, 10) != 2)
            {
                throw new IllegalStateException("expected 2 messages at iteration " + i);
            }
        }

        @Override
        public void onMessage(
            final int templateId, final DirectBuffer buffer, final int offset, final int blockLength, final int version)
        {
            decode(templateId, buffer, offset, blockLength, version);
        }
    }

    /** Control: the same loop shape, allocating 64 bytes or more per iteration. */
    static final class AllocatingPath implements RoundTrip
    {
        long checksum;
        byte[] last; // the array escapes, so the JIT cannot remove its allocation

        @Override
        public void run(final int i)
        {
            final byte[] bytes = new byte[64];
            bytes[i & 63] = (byte)i;
            last = bytes;
            checksum += bytes.length;
        }

        @Override
        public void reset()
        {
            checksum = 0;
        }
    }
}
