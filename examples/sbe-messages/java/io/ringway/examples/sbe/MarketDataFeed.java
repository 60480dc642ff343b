package io.ringway.examples.sbe;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.codec.SbeDispatcher;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshEncoder;
import io.ringway.codec.marketdata.MessageHeaderEncoder;

import java.nio.file.Path;

/**
 * What the publisher and the subscriber of the example agree on: the channel, its schema and the feed's contents.
 */
final class MarketDataFeed
{
    static final int CAPACITY = 64 * 1024;
    static final int SECURITY_ID = 5501;
    /** Book prices: mantissas of the schema's Price type, whose exponent is -9 (4512.00 and up, in 0.25 steps). */
    static final long BASE_PRICE_MANTISSA = 4_512_000_000_000L;
    static final long TICK_MANTISSA = 250_000_000L;

    private MarketDataFeed()
    {
    }

    /**
     * Opens the channel, creating it when it is not there yet: whichever process starts first creates it. The header
     * page records the schema the channel carries; a channel created for another schema is refused.
     */
    static Channel openChannel(final Path path)
    {
        final Channel channel = Channel.openOrCreate(path, ChannelConfig.spsc(CAPACITY)
            .withSchema(MessageHeaderEncoder.SCHEMA_ID, MessageHeaderEncoder.SCHEMA_VERSION));
        try
        {
            SbeDispatcher.requireChannelSchema(channel, MessageHeaderEncoder.SCHEMA_ID);
            return channel;
        }
        catch (final RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    static Path path(final String[] args)
    {
        return args.length > 0 ? Path.of(args[0]) : Channel.pathFor("sbe-market-data");
    }

    static int count(final String[] args)
    {
        return args.length > 1 ? Integer.parseInt(args[1]) : 10;
    }

    /** Every third update carries a trade as well as the two book levels. */
    static int entryCount(final int sequence)
    {
        return sequence % 3 == 0 ? 3 : 2;
    }

    /** The encoded length of update {@code sequence}, SBE header excluded: what the publisher claims. */
    static int messageLength(final int sequence)
    {
        return MarketDataIncrementalRefreshEncoder.BLOCK_LENGTH +
            MarketDataIncrementalRefreshEncoder.EntriesEncoder.sbeHeaderSize() +
            entryCount(sequence) * MarketDataIncrementalRefreshEncoder.EntriesEncoder.sbeBlockLength();
    }
}
