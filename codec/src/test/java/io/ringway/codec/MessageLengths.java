package io.ringway.codec;

import io.ringway.codec.marketdata.ExecutionReportEncoder;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshEncoder;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;

/**
 * Encoded lengths of messages, SBE header excluded, computed before encoding: what a producer passes to a claim.
 */
final class MessageLengths
{
    private MessageLengths()
    {
    }

    static int executionReport(final int fillCount, final int textLength)
    {
        return ExecutionReportEncoder.BLOCK_LENGTH +
            ExecutionReportEncoder.FillsEncoder.sbeHeaderSize() +
            fillCount * ExecutionReportEncoder.FillsEncoder.sbeBlockLength() +
            ExecutionReportEncoder.textHeaderLength() + textLength;
    }

    static int newOrderSingle(final int accountLength)
    {
        return NewOrderSingleEncoder.BLOCK_LENGTH + NewOrderSingleEncoder.accountHeaderLength() + accountLength;
    }

    static int marketDataRefresh(final int entryCount)
    {
        return MarketDataIncrementalRefreshEncoder.BLOCK_LENGTH +
            MarketDataIncrementalRefreshEncoder.EntriesEncoder.sbeHeaderSize() +
            entryCount * MarketDataIncrementalRefreshEncoder.EntriesEncoder.sbeBlockLength();
    }
}
