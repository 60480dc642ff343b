package io.ringway.examples.sbe;

import io.ringway.Channel;
import io.ringway.codec.SbeProducer;
import io.ringway.codec.marketdata.MDEntryType;
import io.ringway.codec.marketdata.MDUpdateAction;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshEncoder;
import io.ringway.codec.marketdata.Side;

import java.nio.file.Path;

import static io.ringway.examples.sbe.MarketDataFeed.*;

/**
 * Terminal 2: publishes {@code count} market data updates (SBE MarketDataIncrementalRefresh messages), each encoded in
 * place in the ring: claim a record of the exact length, set the fields through the generated encoder, commit.
 *
 * <p>Usage: {@code MarketDataPublisher [channel file] [count]} (defaults: /dev/shm/sbe-market-data.ringway, 10)
 */
public final class MarketDataPublisher
{
    private MarketDataPublisher()
    {
    }

    public static void main(final String[] args)
    {
        final Path path = path(args);
        final int count = count(args);
        try (Channel channel = openChannel(path))
        {
            final SbeProducer sbe = new SbeProducer(channel.producer());
            final MarketDataIncrementalRefreshEncoder refresh = new MarketDataIncrementalRefreshEncoder();
            for (int sequence = 1; sequence <= count; sequence++)
            {
                while (sbe.tryClaim(refresh, messageLength(sequence)) == null)
                {
                    Thread.onSpinWait(); // ring full: the subscriber has not caught up yet
                }
                encode(refresh, sequence);
                sbe.commit();
            }
            System.out.println("publisher: sent " + count + " market data updates to " + path);
        }
    }

    private static void encode(final MarketDataIncrementalRefreshEncoder refresh, final int sequence)
    {
        final long bidMantissa = BASE_PRICE_MANTISSA + sequence * TICK_MANTISSA;
        refresh.transactTimeNs(System.currentTimeMillis() * 1_000_000L);
        refresh.matchEventIndicator().clear().lastQuoteMsg(true).endOfEvent(true)
            .lastTradeMsg(entryCount(sequence) == 3);
        final MarketDataIncrementalRefreshEncoder.EntriesEncoder entries = refresh.entriesCount(entryCount(sequence));
        entries.next()
            .securityId(SECURITY_ID).rptSeq(sequence * 10L + 1).entryType(MDEntryType.BID)
            .updateAction(MDUpdateAction.NEW).priceLevel((short)1).size(40 + sequence).numberOfOrders(3)
            .aggressorSide(Side.NULL_VAL)
            .price().mantissa(bidMantissa);
        entries.next()
            .securityId(SECURITY_ID).rptSeq(sequence * 10L + 2).entryType(MDEntryType.OFFER)
            .updateAction(MDUpdateAction.NEW).priceLevel((short)1).size(35)
            .numberOfOrders(MarketDataIncrementalRefreshEncoder.EntriesEncoder.numberOfOrdersNullValue())
            .aggressorSide(Side.NULL_VAL)
            .price().mantissa(bidMantissa + TICK_MANTISSA);
        if (entryCount(sequence) == 3)
        {
            entries.next()
                .securityId(SECURITY_ID).rptSeq(sequence * 10L + 3).entryType(MDEntryType.TRADE)
                .updateAction(MDUpdateAction.NEW).priceLevel((short)0).size(2)
                .numberOfOrders(MarketDataIncrementalRefreshEncoder.EntriesEncoder.numberOfOrdersNullValue())
                .aggressorSide(Side.SELL)
                .price().mantissa(bidMantissa);
        }
    }
}
