package io.ringway.examples.sbe;

import io.ringway.Channel;
import io.ringway.Consumer;
import io.ringway.codec.SbeDispatcher;
import io.ringway.codec.SbeMessageHandler;
import io.ringway.codec.marketdata.MarketDataIncrementalRefreshDecoder;
import io.ringway.codec.marketdata.MessageHeaderDecoder;
import io.ringway.codec.marketdata.PriceDecoder;
import io.ringway.codec.marketdata.Side;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.math.BigDecimal;
import java.nio.file.Path;

import static io.ringway.examples.sbe.MarketDataFeed.*;

/**
 * Terminal 1: receives {@code count} market data updates and prints each one. Messages are decoded in place, over the
 * ring itself: the dispatcher checks the SBE header (schema id, template id = record type id) and the decoder wraps
 * the record with the block length and version the publisher wrote.
 *
 * <p>Usage: {@code MarketDataSubscriber [channel file] [count]} (defaults: /dev/shm/sbe-market-data.ringway, 10)
 */
public final class MarketDataSubscriber implements SbeMessageHandler
{
    private final MarketDataIncrementalRefreshDecoder refresh = new MarketDataIncrementalRefreshDecoder();
    private final StringBuilder line = new StringBuilder();
    private int received;

    private MarketDataSubscriber()
    {
    }

    @Override
    public void onMessage(
        final int templateId, final DirectBuffer buffer, final int offset, final int blockLength, final int version)
    {
        if (templateId != MarketDataIncrementalRefreshDecoder.TEMPLATE_ID)
        {
            System.out.println("subscriber: skipping message templateId=" + templateId);
            return;
        }
        refresh.wrap(buffer, offset, blockLength, version);
        received++;
        line.setLength(0);
        line.append("update ").append(received).append(" (schema version ").append(version).append("):");
        for (final MarketDataIncrementalRefreshDecoder.EntriesDecoder entry : refresh.entries())
        {
            line.append(' ').append(entry.entryType())
                .append(" securityId=").append(entry.securityId())
                .append(" size=").append(entry.size())
                .append(" price=").append(price(entry.price()));
            if (entry.numberOfOrders() != MarketDataIncrementalRefreshDecoder.EntriesDecoder.numberOfOrdersNullValue())
            {
                line.append(" orders=").append(entry.numberOfOrders());
            }
            if (entry.aggressorSide() != Side.NULL_VAL)
            {
                line.append(" aggressor=").append(entry.aggressorSide());
            }
            line.append(';');
        }
        System.out.println(line);
    }

    private static String price(final PriceDecoder price)
    {
        return BigDecimal.valueOf(price.mantissa(), -price.exponent()).stripTrailingZeros().toPlainString();
    }

    public static void main(final String[] args)
    {
        final Path path = path(args);
        final int count = count(args);
        final MarketDataSubscriber subscriber = new MarketDataSubscriber();
        try (Channel channel = openChannel(path))
        {
            final Consumer consumer = channel.consumer();
            final SbeDispatcher dispatcher = new SbeDispatcher(MessageHeaderDecoder.SCHEMA_ID, subscriber);
            System.out.println("subscriber: waiting for " + count + " market data updates on " + path);
            // spin, then yield, then sleep up to 1 ms while the channel is empty: no core is burnt while waiting
            final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, 1_000_000);
            while (subscriber.received < count)
            {
                idle.idle(consumer.poll(dispatcher, 16));
            }
            System.out.println("subscriber: received " + count + " market data updates (schema " +
                channel.schemaId() + " version " + channel.schemaVersion() + ")");
        }
    }
}
