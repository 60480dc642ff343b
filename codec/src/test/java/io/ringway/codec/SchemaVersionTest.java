package io.ringway.codec;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.ChannelFileException;
import io.ringway.Consumer;
import io.ringway.Producer;
import io.ringway.codec.marketdata.MDEntryType;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshEncoder;
import io.ringway.codec.marketdata.MessageHeaderEncoder;
import io.ringway.codec.marketdata.NewOrderSingleDecoder;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;
import io.ringway.codec.marketdata.Side;
import io.ringway.codec.marketdata.v1.MarketDataIncrementalRefreshDecoder;
import io.ringway.codec.marketdata.v1.MessageHeaderDecoder;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compatible evolution across schema versions, and messages of another schema reported rather than misread. The
 * version-1 reader is generated from schemas/market-data-v1.xml (package io.ringway.codec.marketdata.v1), the
 * version-2 writer from schemas/market-data.xml.
 */
class SchemaVersionTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("codec-versions");
    private Channel channel;
    private Producer producer;
    private Consumer consumer;

    @BeforeEach
    void createChannel()
    {
        channel = Channel.create(directory.resolve("md.ringway"), ChannelConfig.spsc(64 * 1024)
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
    void shouldReadVersion2MessagesWithVersion1ReaderSkippingUnknownFieldsByBlockLength()
    {
        final SbeProducer sbe = new SbeProducer(producer);
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        sbe.tryClaim(order, MessageLengths.newOrderSingle(5));
        order.clOrdId(44).securityId(5501).orderQty(25).transactTimeNs(123).selfMatchPreventionId(77);
        order.price().mantissa(4_511_750_000_000L);
        order.account("ACC-7");
        sbe.commit();
        final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();
        sbe.tryClaim(refresh, MessageLengths.marketDataRefresh(2));
        refresh.transactTimeNs(456).matchEventIndicator().clear().endOfEvent(true);
        final MarketDataIncrementalRefreshEncoder.EntriesEncoder entries = refresh.entriesCount(2);
        entries.next().rptSeq(1).entryType(MDEntryType.TRADE).size(2).aggressorSide(Side.SELL).price().mantissa(10);
        entries.next().rptSeq(2).entryType(MDEntryType.BID).size(48).aggressorSide(Side.NULL_VAL).price().mantissa(9);
        sbe.commit();

        final io.ringway.codec.marketdata.v1.NewOrderSingleDecoder orderV1 =
            new io.ringway.codec.marketdata.v1.NewOrderSingleDecoder();
        final MarketDataIncrementalRefreshDecoder refreshV1 = new MarketDataIncrementalRefreshDecoder();
        final List<String> seen = new ArrayList<>();
        final SbeDispatcher readerV1 = new SbeDispatcher(MessageHeaderDecoder.SCHEMA_ID,
            (templateId, buffer, offset, blockLength, version) ->
            {
                assertEquals(2, version, "written at version 2");
                if (templateId == io.ringway.codec.marketdata.v1.NewOrderSingleDecoder.TEMPLATE_ID)
                {
                    assertTrue(blockLength > io.ringway.codec.marketdata.v1.NewOrderSingleDecoder.BLOCK_LENGTH);
                    orderV1.wrap(buffer, offset, blockLength, version);
                    seen.add("order clOrdId=" + orderV1.clOrdId() + " orderQty=" + orderV1.orderQty() +
                        " price=" + orderV1.price().mantissa() + " account=" + orderV1.account());
                    assertEquals(buffer.capacity() - offset, orderV1.encodedLength(), "read to the end");
                }
                else if (templateId == MarketDataIncrementalRefreshDecoder.TEMPLATE_ID)
                {
                    refreshV1.wrap(buffer, offset, blockLength, version);
                    final StringBuilder line = new StringBuilder("refresh time=" + refreshV1.transactTimeNs());
                    for (final MarketDataIncrementalRefreshDecoder.EntriesDecoder entry : refreshV1.entries())
                    {
                        line.append(" [rptSeq=").append(entry.rptSeq()).append(" type=").append(entry.entryType())
                            .append(" size=").append(entry.size()).append(" price=")
                            .append(entry.price().mantissa()).append(']');
                    }
                    seen.add(line.toString());
                    assertEquals(buffer.capacity() - offset, refreshV1.encodedLength(), "read to the end");
                }
            });

        assertEquals(2, consumer.poll(readerV1, 10));
        assertEquals(List.of(
            "order clOrdId=44 orderQty=25 price=4511750000000 account=ACC-7",
            "refresh time=456 [rptSeq=1 type=TRADE size=2 price=10] [rptSeq=2 type=BID size=48 price=9]"), seen);
    }

    @Test
    void shouldReadVersion2GoldenVectorWithVersion1ReaderAsItsListingWithoutVersion2Fields() throws Exception
    {
        final List<String> readByV1 = MessageListing.describeV1(
            new UnsafeBuffer(GoldenVectorsTest.readBin(GoldenMessages.NEW_ORDER_LIMIT_V2)), 0);

        assertEquals(GoldenVectorsTest.withoutKeys(
            GoldenVectorsTest.readListing(GoldenMessages.NEW_ORDER_LIMIT_V2), "selfMatchPreventionId"), readByV1);
    }

    @Test
    void shouldReadVersion1GoldenVectorWithVersion2ReaderAsNullForVersion2Fields() throws Exception
    {
        final byte[] v1 = GoldenVectorsTest.readBin(GoldenMessages.NEW_ORDER_LIMIT_V1);
        final NewOrderSingleDecoder decoder = new NewOrderSingleDecoder();
        final io.ringway.codec.marketdata.MessageHeaderDecoder header =
            new io.ringway.codec.marketdata.MessageHeaderDecoder().wrap(new UnsafeBuffer(v1), 0);
        decoder.wrap(new UnsafeBuffer(v1), header.encodedLength(), header.blockLength(), header.version());

        assertEquals(1, decoder.actingVersion());
        assertEquals(NewOrderSingleDecoder.selfMatchPreventionIdNullValue(), decoder.selfMatchPreventionId());
        assertEquals(44, decoder.clOrdId());
        assertEquals("ACC-7", decoder.account());
        final List<String> listing = MessageListing.describe(new UnsafeBuffer(v1), 0);
        assertTrue(listing.contains("selfMatchPreventionId = null"), listing.toString());
        assertEquals(GoldenVectorsTest.readListing(GoldenMessages.NEW_ORDER_LIMIT_V1),
            GoldenVectorsTest.withoutKeys(listing, "selfMatchPreventionId"));
    }

    @Test
    void shouldReportMessageOfAnotherSchemaNamingTheSchemaIdFoundAndExpected()
    {
        final int otherSchemaId = 2002;
        final int length = SbeHeader.LENGTH + 16;
        final int index = producer.tryClaim(NewOrderSingleEncoder.TEMPLATE_ID, length);
        SbeHeader.write(producer.buffer(), index, 16, NewOrderSingleEncoder.TEMPLATE_ID, otherSchemaId, 1);
        producer.commit(index);
        final SbeProducer sbe = new SbeProducer(producer);
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        sbe.tryClaim(order, MessageLengths.newOrderSingle(0));
        order.clOrdId(45).account("");
        sbe.commit();

        final List<Long> decoded = new ArrayList<>();
        final NewOrderSingleDecoder decoder = new NewOrderSingleDecoder();
        final SbeDispatcher dispatcher = new SbeDispatcher(NewOrderSingleDecoder.SCHEMA_ID,
            (templateId, buffer, offset, blockLength, version) ->
                decoded.add(decoder.wrap(buffer, offset, blockLength, version).clOrdId()));

        final SbeMessageException ex = assertThrows(SbeMessageException.class, () -> consumer.poll(dispatcher, 10));

        assertEquals("schemaId", ex.field());
        assertEquals(otherSchemaId, ex.found());
        assertEquals("1001", ex.expected());
        assertTrue(ex.getMessage().startsWith(
            "message from another SBE schema: field=schemaId found=2002 expected=1001"), ex.getMessage());
        assertEquals(List.of(), decoded, "never handed to a decoder");
        assertEquals(1, consumer.poll(dispatcher, 10), "the next message is read");
        assertEquals(List.of(45L), decoded);
    }

    @Test
    void shouldReportTemplateIdThatDiffersFromTheRecordTypeId()
    {
        final int index = producer.tryClaim(7, SbeHeader.LENGTH);
        SbeHeader.write(producer.buffer(), index, 0, NewOrderSingleEncoder.TEMPLATE_ID,
            NewOrderSingleEncoder.SCHEMA_ID, NewOrderSingleEncoder.SCHEMA_VERSION);
        producer.commit(index);

        final SbeMessageException ex = assertThrows(SbeMessageException.class, () -> consumer.poll(
            new SbeDispatcher(NewOrderSingleEncoder.SCHEMA_ID, (templateId, buffer, offset, blockLength, version) ->
            {
            }), 10));

        assertTrue(ex.getMessage().contains("field=templateId found=2 expected=7"), ex.getMessage());
    }

    @Test
    void shouldReportBodyTooShortForTheHeaderOrTheRootBlock()
    {
        final int shortIndex = producer.tryClaim(NewOrderSingleEncoder.TEMPLATE_ID, 4);
        producer.commit(shortIndex);
        final int index = producer.tryClaim(NewOrderSingleEncoder.TEMPLATE_ID, SbeHeader.LENGTH + 10);
        SbeHeader.write(producer.buffer(), index, NewOrderSingleEncoder.BLOCK_LENGTH,
            NewOrderSingleEncoder.TEMPLATE_ID, NewOrderSingleEncoder.SCHEMA_ID, NewOrderSingleEncoder.SCHEMA_VERSION);
        producer.commit(index);
        final SbeDispatcher dispatcher = new SbeDispatcher(NewOrderSingleEncoder.SCHEMA_ID,
            (templateId, buffer, offset, blockLength, version) ->
            {
            });

        final SbeMessageException tooShort = assertThrows(SbeMessageException.class,
            () -> consumer.poll(dispatcher, 10));
        final SbeMessageException blockTooLong = assertThrows(SbeMessageException.class,
            () -> consumer.poll(dispatcher, 10));

        assertTrue(tooShort.getMessage().contains("field=length found=4 expected=>=8"), tooShort.getMessage());
        assertEquals("blockLength", blockTooLong.field());
        assertEquals(NewOrderSingleEncoder.BLOCK_LENGTH, blockTooLong.found());
    }

    @Test
    void shouldRefuseChannelWhoseHeaderNamesAnotherSchema()
    {
        final Path otherPath = directory.resolve("other.ringway");
        try (Channel other = Channel.create(otherPath, ChannelConfig.spsc(1024).withSchema(2002, 1));
            Channel unspecified = Channel.create(directory.resolve("plain.ringway"), ChannelConfig.spsc(1024)))
        {
            SbeDispatcher.requireChannelSchema(channel, MessageHeaderEncoder.SCHEMA_ID);
            SbeDispatcher.requireChannelSchema(unspecified, MessageHeaderEncoder.SCHEMA_ID);

            final ChannelFileException ex = assertThrows(ChannelFileException.class,
                () -> SbeDispatcher.requireChannelSchema(other, MessageHeaderEncoder.SCHEMA_ID));

            assertEquals("schemaId", ex.field());
            assertEquals("2002", ex.found());
            assertTrue(ex.getMessage().contains("file=" + otherPath), ex.getMessage());
        }
    }
}
