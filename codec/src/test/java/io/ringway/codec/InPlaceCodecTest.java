package io.ringway.codec;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.codec.marketdata.ExecType;
import io.ringway.codec.marketdata.ExecutionReportDecoder;
import io.ringway.codec.marketdata.ExecutionReportEncoder;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshDecoder;
import io.ringway.codec.marketdata.MessageHeaderDecoder;
import io.ringway.codec.marketdata.MessageHeaderEncoder;
import io.ringway.codec.marketdata.NewOrderSingleDecoder;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;
import io.ringway.codec.marketdata.OrdType;
import io.ringway.codec.marketdata.Side;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SBE messages encoded in place in a claimed ring record and decoded in place in the consumer's handler, dispatched by
 * the record type id, which is the SBE template id.
 */
class InPlaceCodecTest
{
    private static final int CAPACITY = 64 * 1024;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("codec-in-place");
    private Channel channel;
    private Producer producer;
    private Consumer consumer;

    @BeforeEach
    void createChannel()
    {
        channel = Channel.create(directory.resolve("orders.ringway"), ChannelConfig.spsc(CAPACITY)
            .withSchema(MessageHeaderEncoder.SCHEMA_ID, MessageHeaderEncoder.SCHEMA_VERSION));
        producer = channel.producer();
        consumer = channel.consumer();
    }

    @AfterEach
    void deleteChannel()
    {
        channel.delete();
    }

    @Test
    void shouldEncodeInClaimedRecordTheSameBytesAsTheGoldenVector() throws Exception
    {
        final byte[] golden = GoldenVectorsTest.readBin(GoldenMessages.EXECUTION_REPORT_FILLS);
        final int typeId = ExecutionReportEncoder.TEMPLATE_ID;

        final int index = producer.tryClaim(typeId, golden.length);
        final int encodedLength =
            GoldenMessages.encode(GoldenMessages.EXECUTION_REPORT_FILLS, producer.buffer(), index);
        producer.commit(index);

        assertEquals(golden.length, encodedLength);
        final List<byte[]> bodies = new ArrayList<>();
        assertEquals(1, consumer.poll((msgTypeId, buffer, bodyIndex, length) ->
        {
            assertEquals(typeId, msgTypeId);
            final byte[] body = new byte[length];
            buffer.getBytes(bodyIndex, body);
            bodies.add(body);
        }, 10));
        assertArrayEquals(golden, bodies.get(0));
    }

    @Test
    void shouldDecodeInPlaceOverTheRingBufferTheHandlerIsGiven()
    {
        final String text = "partial";
        final int messageLength = MessageLengths.executionReport(1, text.length());
        final int index = producer.tryClaim(ExecutionReportEncoder.TEMPLATE_ID, SbeHeader.LENGTH + messageLength);
        final ExecutionReportEncoder encoder = new ExecutionReportEncoder()
            .wrapAndApplyHeader(producer.buffer(), index, new MessageHeaderEncoder())
            .orderId(1234)
            .execType(ExecType.TRADE)
            .side(Side.SELL);
        encoder.fillsCount(1).next().fillQty(7).tradeId(99).fillPrice().mantissa(1_000_000_000L);
        encoder.text(text);
        assertEquals(messageLength, encoder.encodedLength());
        producer.commit(index);

        final MessageHeaderDecoder header = new MessageHeaderDecoder();
        final ExecutionReportDecoder decoder = new ExecutionReportDecoder();
        final List<MutableDirectBuffer> handlerBuffers = new ArrayList<>();
        final MessageHandler handler = (typeId, buffer, bodyIndex, length) ->
        {
            header.wrap(buffer, bodyIndex);
            decoder.wrap(buffer, bodyIndex + header.encodedLength(), header.blockLength(), header.version());
            handlerBuffers.add(buffer);
            assertSame(buffer, decoder.buffer(), "the decoder reads the ring itself: nothing was copied");
            assertEquals(1234, decoder.orderId());
            assertEquals(Side.SELL, decoder.side());
            final ExecutionReportDecoder.FillsDecoder fills = decoder.fills();
            assertEquals(1, fills.count());
            assertEquals(7, fills.next().fillQty());
            assertEquals(1_000_000_000L, fills.fillPrice().mantissa());
            assertEquals(text, decoder.text());
            assertEquals(length, header.encodedLength() + decoder.encodedLength());
        };

        assertEquals(1, consumer.poll(handler, 10));
        assertEquals(1, handlerBuffers.size());
    }

    @Test
    void shouldDispatchEachRecordToTheDecoderOfItsTemplateId()
    {
        final SbeProducer sbe = new SbeProducer(producer);
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        final ExecutionReportEncoder report = new ExecutionReportEncoder();
        for (int i = 0; i < 3; i++)
        {
            assertSame(order, sbe.tryClaim(order, MessageLengths.newOrderSingle(3)));
            order.clOrdId(100 + i).ordType(OrdType.LIMIT).account("ABC");
            sbe.commit();
            assertSame(report, sbe.tryClaim(report, MessageLengths.executionReport(0, 0)));
            report.clOrdId(100 + i).execType(ExecType.NEW).fillsCount(0);
            report.putText(new byte[0], 0, 0);
            sbe.commit();
        }

        final List<String> seen = new ArrayList<>();
        final NewOrderSingleDecoder orderDecoder = new NewOrderSingleDecoder();
        final ExecutionReportDecoder reportDecoder = new ExecutionReportDecoder();
        final SbeDispatcher dispatcher = new SbeDispatcher(MessageHeaderDecoder.SCHEMA_ID,
            (templateId, buffer, offset, blockLength, version) ->
            {
                switch (templateId)
                {
                    case NewOrderSingleDecoder.TEMPLATE_ID:
                        orderDecoder.wrap(buffer, offset, blockLength, version);
                        seen.add("order " + orderDecoder.clOrdId() + " " + orderDecoder.account());
                        break;
                    case ExecutionReportDecoder.TEMPLATE_ID:
                        reportDecoder.wrap(buffer, offset, blockLength, version);
                        seen.add("report " + reportDecoder.clOrdId() + " " + reportDecoder.execType());
                        break;
                    case MarketDataIncrementalRefreshDecoder.TEMPLATE_ID:
                    default:
                        seen.add("unexpected template " + templateId);
                }
            });

        assertEquals(6, consumer.poll(dispatcher, 100));
        assertEquals(List.of("order 100 ABC", "report 100 NEW", "order 101 ABC", "report 101 NEW",
            "order 102 ABC", "report 102 NEW"), seen);
    }

    @Test
    void shouldAbortAndReportAMessageWhoseEncodedLengthDiffersFromItsClaim()
    {
        final SbeProducer sbe = new SbeProducer(producer);
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        assertSame(order, sbe.tryClaim(order, MessageLengths.newOrderSingle(5)));
        order.clOrdId(1).account("ABC");

        final IllegalStateException ex = assertThrows(IllegalStateException.class, sbe::commit);

        assertTrue(ex.getMessage().contains("field=encodedLength found=" + MessageLengths.newOrderSingle(3) +
            " expected=" + MessageLengths.newOrderSingle(5)), ex.getMessage());
        assertEquals(0, consumer.poll((typeId, buffer, index, length) -> { }, 10), "aborted record is padding");
        assertNotNull(sbe.tryClaim(order, MessageLengths.newOrderSingle(0)), "a new claim may follow");
    }

    @Test
    void shouldNotLetAnEncoderWritePastItsClaimedRecord()
    {
        final SbeProducer sbe = new SbeProducer(producer);
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        assertNotNull(sbe.tryClaim(order, MessageLengths.newOrderSingle(2)));

        assertThrows(IndexOutOfBoundsException.class, () -> order.account("TOO LONG FOR THE CLAIM"));
    }

    @Test
    void shouldReturnNullWhenTheRingIsFull()
    {
        final SbeProducer sbe = new SbeProducer(producer);
        final ExecutionReportEncoder report = new ExecutionReportEncoder();
        final int messageLength = MessageLengths.executionReport(0, 1000);
        int claimed = 0;
        while (sbe.tryClaim(report, messageLength) != null)
        {
            report.fillsCount(0);
            report.putText(new byte[1000], 0, 1000);
            sbe.commit();
            claimed++;
        }

        assertTrue(claimed > 0 && claimed < CAPACITY / messageLength + 1, "claimed=" + claimed);
        assertNull(sbe.tryClaim(report, messageLength));
        assertEquals(claimed, consumer.poll((typeId, buffer, index, length) -> { }, 1000));
        assertNotNull(sbe.tryClaim(report, messageLength), "room again once consumed");
    }

    @Test
    void shouldRefuseASecondClaimBeforeTheFirstIsCommitted()
    {
        final SbeProducer sbe = new SbeProducer(producer);
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        assertNotNull(sbe.tryClaim(order, MessageLengths.newOrderSingle(0)));

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> sbe.tryClaim(order, MessageLengths.newOrderSingle(0)));
        assertTrue(ex.getMessage().contains("not committed or aborted"), ex.getMessage());
    }
}
