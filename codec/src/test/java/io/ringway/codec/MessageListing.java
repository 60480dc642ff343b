package io.ringway.codec;

import io.ringway.codec.marketdata.ExecFlagsDecoder;
import io.ringway.codec.marketdata.ExecutionReportDecoder;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshDecoder;
import io.ringway.codec.marketdata.MatchEventIndicatorDecoder;
import io.ringway.codec.marketdata.MessageHeaderDecoder;
import io.ringway.codec.marketdata.NewOrderSingleDecoder;
import io.ringway.codec.marketdata.OrderFlagsDecoder;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * Reads an encoded message with the generated decoders and lists every value on the wire as {@code key = value}
 * lines: the text form of a golden vector (schemas/golden/README.md). The current-version decoders are in
 * {@link #describe}, the version-1 decoders in {@link #describeV1}; both wrap with the block length and version from the
 * message header, as a reader of any version must.
 */
final class MessageListing
{
    private final List<String> lines = new ArrayList<>();

    private MessageListing()
    {
    }

    /**
     * @param buffer holds the message, SBE header first.
     * @param offset where the header starts.
     * @return the listing, as a reader of the current schema (market-data.xml) reads it.
     */
    static List<String> describe(final DirectBuffer buffer, final int offset)
    {
        final MessageListing listing = new MessageListing();
        final MessageHeaderDecoder header = new MessageHeaderDecoder().wrap(buffer, offset);
        listing.header(header.blockLength(), header.templateId(), header.schemaId(), header.version());
        final int messageOffset = offset + MessageHeaderDecoder.ENCODED_LENGTH;
        switch (header.templateId())
        {
            case ExecutionReportDecoder.TEMPLATE_ID:
                listing.executionReport(new ExecutionReportDecoder()
                    .wrap(buffer, messageOffset, header.blockLength(), header.version()));
                break;
            case NewOrderSingleDecoder.TEMPLATE_ID:
                listing.newOrderSingle(new NewOrderSingleDecoder()
                    .wrap(buffer, messageOffset, header.blockLength(), header.version()));
                break;
            case MarketDataIncrementalRefreshDecoder.TEMPLATE_ID:
                listing.marketDataRefresh(new MarketDataIncrementalRefreshDecoder()
                    .wrap(buffer, messageOffset, header.blockLength(), header.version()));
                break;
            default:
                throw new IllegalArgumentException("unknown templateId=" + header.templateId());
        }
        return listing.lines;
    }

    /**
     * @param buffer holds a NewOrderSingle, SBE header first, of any version.
     * @param offset where the header starts.
     * @return the listing, as a reader of version 1 (market-data-v1.xml) reads it.
     */
    static List<String> describeV1(final DirectBuffer buffer, final int offset)
    {
        final MessageListing listing = new MessageListing();
        final io.ringway.codec.marketdata.v1.MessageHeaderDecoder header =
            new io.ringway.codec.marketdata.v1.MessageHeaderDecoder().wrap(buffer, offset);
        listing.header(header.blockLength(), header.templateId(), header.schemaId(), header.version());
        if (header.templateId() != io.ringway.codec.marketdata.v1.NewOrderSingleDecoder.TEMPLATE_ID)
        {
            throw new IllegalArgumentException("version-1 listing covers NewOrderSingle only: templateId=" +
                header.templateId());
        }
        final io.ringway.codec.marketdata.v1.NewOrderSingleDecoder order =
            new io.ringway.codec.marketdata.v1.NewOrderSingleDecoder().wrap(
            buffer, offset + header.encodedLength(), header.blockLength(), header.version());
        listing.put("clOrdId", order.clOrdId());
        listing.put("securityId", order.securityId());
        listing.put("side", order.side().name());
        listing.put("ordType", order.ordType().name());
        listing.put("timeInForce", order.timeInForce().name());
        final io.ringway.codec.marketdata.v1.OrderFlagsDecoder flags = order.flags();
        listing.putSet("flags", flags.postOnly() ? "postOnly" : null, flags.reduceOnly() ? "reduceOnly" : null,
            flags.hidden() ? "hidden" : null);
        listing.put("orderQty", order.orderQty());
        listing.putOptional("price.mantissa", order.price().mantissa(),
            io.ringway.codec.marketdata.v1.OptionalPriceDecoder.mantissaNullValue());
        listing.putOptional("stopPrice.mantissa", order.stopPrice().mantissa(),
            io.ringway.codec.marketdata.v1.OptionalPriceDecoder.mantissaNullValue());
        listing.putOptional("minQty", order.minQty(),
            io.ringway.codec.marketdata.v1.NewOrderSingleDecoder.minQtyNullValue());
        listing.putOptional("expireTimeNs", order.expireTimeNs(),
            io.ringway.codec.marketdata.v1.NewOrderSingleDecoder.expireTimeNsNullValue());
        listing.put("transactTimeNs", order.transactTimeNs());
        listing.putString("account", order.account());
        return listing.lines;
    }

    private void header(final int blockLength, final int templateId, final int schemaId, final int version)
    {
        put("header.blockLength", blockLength);
        put("header.templateId", templateId);
        put("header.schemaId", schemaId);
        put("header.version", version);
    }

    private void executionReport(final ExecutionReportDecoder report)
    {
        put("orderId", report.orderId());
        put("clOrdId", report.clOrdId());
        put("execId", report.execId());
        put("securityId", report.securityId());
        putString("symbol", report.symbol());
        put("execType", report.execType().name());
        put("ordStatus", report.ordStatus().name());
        put("side", report.side().name());
        final ExecFlagsDecoder execFlags = report.execFlags();
        putSet("execFlags", execFlags.lastFill() ? "lastFill" : null, execFlags.aggressor() ? "aggressor" : null,
            execFlags.selfMatchPrevented() ? "selfMatchPrevented" : null, execFlags.dropCopy() ? "dropCopy" : null);
        put("cumQty", report.cumQty());
        put("leavesQty", report.leavesQty());
        put("transactTimeNs", report.transactTimeNs());
        final ExecutionReportDecoder.FillsDecoder fills = report.fills();
        put("fills.count", fills.count());
        int i = 0;
        while (fills.hasNext())
        {
            fills.next();
            final String prefix = "fills[" + i++ + "].";
            put(prefix + "fillPrice.mantissa", fills.fillPrice().mantissa());
            put(prefix + "fillQty", fills.fillQty());
            put(prefix + "tradeId", fills.tradeId());
            put(prefix + "liquidity", fills.liquidity().name());
        }
        putString("text", report.text());
    }

    private void newOrderSingle(final NewOrderSingleDecoder order)
    {
        put("clOrdId", order.clOrdId());
        put("securityId", order.securityId());
        put("side", order.side().name());
        put("ordType", order.ordType().name());
        put("timeInForce", order.timeInForce().name());
        final OrderFlagsDecoder flags = order.flags();
        putSet("flags", flags.postOnly() ? "postOnly" : null, flags.reduceOnly() ? "reduceOnly" : null,
            flags.hidden() ? "hidden" : null);
        put("orderQty", order.orderQty());
        putOptional("price.mantissa", order.price().mantissa(),
            io.ringway.codec.marketdata.OptionalPriceDecoder.mantissaNullValue());
        putOptional("stopPrice.mantissa", order.stopPrice().mantissa(),
            io.ringway.codec.marketdata.OptionalPriceDecoder.mantissaNullValue());
        putOptional("minQty", order.minQty(), NewOrderSingleDecoder.minQtyNullValue());
        putOptional("expireTimeNs", order.expireTimeNs(), NewOrderSingleDecoder.expireTimeNsNullValue());
        put("transactTimeNs", order.transactTimeNs());
        // a version-1 message has no such field: the decoder returns null for it
        putOptional("selfMatchPreventionId", order.selfMatchPreventionId(),
            NewOrderSingleDecoder.selfMatchPreventionIdNullValue());
        putString("account", order.account());
    }

    private void marketDataRefresh(final MarketDataIncrementalRefreshDecoder refresh)
    {
        put("transactTimeNs", refresh.transactTimeNs());
        final MatchEventIndicatorDecoder indicator = refresh.matchEventIndicator();
        putSet("matchEventIndicator", indicator.lastTradeMsg() ? "lastTradeMsg" : null,
            indicator.lastVolumeMsg() ? "lastVolumeMsg" : null, indicator.lastQuoteMsg() ? "lastQuoteMsg" : null,
            indicator.lastStatsMsg() ? "lastStatsMsg" : null, indicator.recoveryMsg() ? "recoveryMsg" : null,
            indicator.endOfEvent() ? "endOfEvent" : null);
        final MarketDataIncrementalRefreshDecoder.EntriesDecoder entries = refresh.entries();
        put("entries.count", entries.count());
        int i = 0;
        while (entries.hasNext())
        {
            entries.next();
            final String prefix = "entries[" + i++ + "].";
            put(prefix + "securityId", entries.securityId());
            put(prefix + "rptSeq", entries.rptSeq());
            put(prefix + "entryType", entries.entryType().name());
            put(prefix + "updateAction", entries.updateAction().name());
            put(prefix + "priceLevel", entries.priceLevel());
            put(prefix + "price.mantissa", entries.price().mantissa());
            put(prefix + "size", entries.size());
            putOptional(prefix + "numberOfOrders", entries.numberOfOrders(),
                MarketDataIncrementalRefreshDecoder.EntriesDecoder.numberOfOrdersNullValue());
            put(prefix + "aggressorSide", enumName(entries.aggressorSide().name()));
        }
    }

    private static String enumName(final String name)
    {
        return "NULL_VAL".equals(name) ? "null" : name;
    }

    private void put(final String key, final long value)
    {
        lines.add(key + " = " + value);
    }

    private void put(final String key, final String value)
    {
        lines.add(key + " = " + enumName(value));
    }

    private void putOptional(final String key, final long value, final long nullValue)
    {
        lines.add(key + " = " + (value == nullValue ? "null" : Long.toString(value)));
    }

    private void putString(final String key, final String value)
    {
        final int nul = value.indexOf('\0');
        lines.add(key + " = \"" + (nul < 0 ? value : value.substring(0, nul)) + "\"");
    }

    private void putSet(final String key, final String... choices)
    {
        final StringJoiner joiner = new StringJoiner(", ", "[", "]");
        for (final String choice : choices)
        {
            if (choice != null)
            {
                joiner.add(choice);
            }
        }
        lines.add(key + " = " + joiner);
    }

    /**
     * @param bytes a listing file.
     * @return its lines without comments ({@code #}) and blank lines.
     */
    static List<String> parse(final byte[] bytes)
    {
        final List<String> result = new ArrayList<>();
        for (final String line : new String(bytes, StandardCharsets.UTF_8).split("\n", -1))
        {
            final String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#"))
            {
                result.add(trimmed);
            }
        }
        return result;
    }
}
