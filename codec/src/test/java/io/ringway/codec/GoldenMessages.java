package io.ringway.codec;

import io.ringway.codec.marketdata.ExecutionReportEncoder;
import io.ringway.codec.marketdata.ExecType;
import io.ringway.codec.marketdata.Liquidity;
import io.ringway.codec.marketdata.MDEntryType;
import io.ringway.codec.marketdata.MDUpdateAction;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshEncoder;
import io.ringway.codec.marketdata.MessageHeaderEncoder;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;
import io.ringway.codec.marketdata.OptionalPriceEncoder;
import io.ringway.codec.marketdata.OrdStatus;
import io.ringway.codec.marketdata.OrdType;
import io.ringway.codec.marketdata.Side;
import io.ringway.codec.marketdata.TimeInForce;
import org.agrona.MutableDirectBuffer;

/**
 * The canonical messages behind the golden vectors in schemas/golden/ (see its README.md). Each method encodes one
 * message, SBE header included, at {@code offset} and returns its length. Changing a value here changes a committed
 * vector: regenerate them (GoldenVectorsTest) and say so in the change.
 */
final class GoldenMessages
{
    /** The names of the vectors, one per canonical message: schemas/golden/NAME.bin and NAME.txt. */
    static final String EXECUTION_REPORT_FILLS = "execution-report-fills";
    static final String NEW_ORDER_MARKET_NULLS = "new-order-market-nulls";
    static final String NEW_ORDER_LIMIT_V2 = "new-order-limit-v2";
    static final String NEW_ORDER_LIMIT_V1 = "new-order-limit-v1";
    static final String MARKET_DATA_REFRESH = "market-data-refresh";

    static final String EXECUTION_REPORT_TEXT = "filled in two — 4 then 6";
    static final String LIMIT_ORDER_ACCOUNT = "ACC-7";

    private GoldenMessages()
    {
    }

    static int encode(final String name, final MutableDirectBuffer buffer, final int offset)
    {
        switch (name)
        {
            case EXECUTION_REPORT_FILLS: return executionReportWithFills(buffer, offset);
            case NEW_ORDER_MARKET_NULLS: return marketOrderWithNulls(buffer, offset);
            case NEW_ORDER_LIMIT_V2: return limitOrderV2(buffer, offset);
            case NEW_ORDER_LIMIT_V1: return limitOrderV1(buffer, offset);
            case MARKET_DATA_REFRESH: return marketDataRefresh(buffer, offset);
            default: throw new IllegalArgumentException("no canonical message named " + name);
        }
    }

    /** An execution report with a repeating group of two fills and UTF-8 variable-length text. */
    static int executionReportWithFills(final MutableDirectBuffer buffer, final int offset)
    {
        final ExecutionReportEncoder report = new ExecutionReportEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .orderId(900_001)
            .clOrdId(42)
            .execId(7)
            .securityId(5501)
            .symbol("ESZ5")
            .execType(ExecType.TRADE)
            .ordStatus(OrdStatus.FILLED)
            .side(Side.BUY)
            .cumQty(10)
            .leavesQty(0)
            .transactTimeNs(1_700_000_000_123_456_789L);
        report.execFlags().clear().lastFill(true).dropCopy(true);
        final ExecutionReportEncoder.FillsEncoder fills = report.fillsCount(2);
        fills.next().fillQty(4).tradeId(31).liquidity(Liquidity.MAKER).fillPrice().mantissa(4_512_250_000_000L);
        fills.next().fillQty(6).tradeId(32).liquidity(Liquidity.TAKER).fillPrice().mantissa(4_512_500_000_000L);
        report.text(EXECUTION_REPORT_TEXT);
        return MessageHeaderEncoder.ENCODED_LENGTH + report.encodedLength();
    }

    /** A market order: every optional field null, no flags, an empty account. */
    static int marketOrderWithNulls(final MutableDirectBuffer buffer, final int offset)
    {
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .clOrdId(43)
            .securityId(5501)
            .side(Side.SELL)
            .ordType(OrdType.MARKET)
            .timeInForce(TimeInForce.IMMEDIATE_OR_CANCEL)
            .orderQty(3)
            .minQty(NewOrderSingleEncoder.minQtyNullValue())
            .expireTimeNs(NewOrderSingleEncoder.expireTimeNsNullValue())
            .transactTimeNs(1_700_000_000_223_456_789L)
            .selfMatchPreventionId(NewOrderSingleEncoder.selfMatchPreventionIdNullValue());
        order.flags().clear();
        order.price().mantissa(OptionalPriceEncoder.mantissaNullValue());
        order.stopPrice().mantissa(OptionalPriceEncoder.mantissaNullValue());
        order.account("");
        return MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    /** A limit order at version 2: sets the version-2 field selfMatchPreventionId. */
    static int limitOrderV2(final MutableDirectBuffer buffer, final int offset)
    {
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .clOrdId(44)
            .securityId(5501)
            .side(Side.BUY)
            .ordType(OrdType.LIMIT)
            .timeInForce(TimeInForce.GOOD_TILL_DATE)
            .orderQty(25)
            .minQty(5)
            .expireTimeNs(1_700_086_400_000_000_000L)
            .transactTimeNs(1_700_000_000_323_456_789L)
            .selfMatchPreventionId(77);
        order.flags().clear().postOnly(true).hidden(true);
        order.price().mantissa(4_511_750_000_000L);
        order.stopPrice().mantissa(OptionalPriceEncoder.mantissaNullValue());
        order.account(LIMIT_ORDER_ACCOUNT);
        return MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    /** The same limit order written by a version-1 encoder: no selfMatchPreventionId, header version 1. */
    static int limitOrderV1(final MutableDirectBuffer buffer, final int offset)
    {
        final io.ringway.codec.marketdata.v1.NewOrderSingleEncoder order =
            new io.ringway.codec.marketdata.v1.NewOrderSingleEncoder()
            .wrapAndApplyHeader(buffer, offset, new io.ringway.codec.marketdata.v1.MessageHeaderEncoder())
            .clOrdId(44)
            .securityId(5501)
            .side(io.ringway.codec.marketdata.v1.Side.BUY)
            .ordType(io.ringway.codec.marketdata.v1.OrdType.LIMIT)
            .timeInForce(io.ringway.codec.marketdata.v1.TimeInForce.GOOD_TILL_DATE)
            .orderQty(25)
            .minQty(5)
            .expireTimeNs(1_700_086_400_000_000_000L)
            .transactTimeNs(1_700_000_000_323_456_789L);
        order.flags().clear().postOnly(true).hidden(true);
        order.price().mantissa(4_511_750_000_000L);
        order.stopPrice().mantissa(io.ringway.codec.marketdata.v1.OptionalPriceEncoder.mantissaNullValue());
        order.account(LIMIT_ORDER_ACCOUNT);
        return io.ringway.codec.marketdata.v1.MessageHeaderEncoder.ENCODED_LENGTH + order.encodedLength();
    }

    /** Book updates and a trade at one event time; only the trade has an aggressor side (a version-2 field). */
    static int marketDataRefresh(final MutableDirectBuffer buffer, final int offset)
    {
        final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder()
            .wrapAndApplyHeader(buffer, offset, new MessageHeaderEncoder())
            .transactTimeNs(1_700_000_000_423_456_789L);
        refresh.matchEventIndicator().clear().lastTradeMsg(true).lastQuoteMsg(true).endOfEvent(true);
        final MarketDataIncrementalRefreshEncoder.EntriesEncoder entries = refresh.entriesCount(3);
        entries.next()
            .securityId(5501).rptSeq(1001).entryType(MDEntryType.TRADE).updateAction(MDUpdateAction.NEW)
            .priceLevel((short)0).size(2).numberOfOrders(MarketDataIncrementalRefreshEncoder.EntriesEncoder
                .numberOfOrdersNullValue())
            .aggressorSide(Side.SELL)
            .price().mantissa(4_512_000_000_000L);
        entries.next()
            .securityId(5501).rptSeq(1002).entryType(MDEntryType.BID).updateAction(MDUpdateAction.CHANGE)
            .priceLevel((short)1).size(48).numberOfOrders(9).aggressorSide(Side.NULL_VAL)
            .price().mantissa(4_512_000_000_000L);
        entries.next()
            .securityId(5501).rptSeq(1003).entryType(MDEntryType.OFFER).updateAction(MDUpdateAction.DELETE)
            .priceLevel((short)3).size(0).numberOfOrders(0).aggressorSide(Side.NULL_VAL)
            .price().mantissa(4_513_250_000_000L);
        return MessageHeaderEncoder.ENCODED_LENGTH + refresh.encodedLength();
    }
}
