package com.example.orders;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.codec.SbeDispatcher;
import io.ringway.codec.SbeProducer;
import io.ringway.codec.marketdata.NewOrderSingleDecoder;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;

import java.nio.file.Path;

/**
 * A user's producer and consumer of SBE orders on one channel, each in its own process:
 * {@code Orders consume FILE COUNT} (start it first), then {@code Orders produce FILE COUNT}.
 * Either side creates the channel if it is not there yet.
 */
public final class Orders
{
    private static final String ACCOUNT = "ACC-1";

    private Orders()
    {
    }

    public static void main(final String[] args)
    {
        final Path path = Path.of(args[1]);
        final int count = Integer.parseInt(args[2]);
        final ChannelConfig config = ChannelConfig.spsc(1 << 16)
            .withSchema(NewOrderSingleEncoder.SCHEMA_ID, NewOrderSingleEncoder.SCHEMA_VERSION);
        try (Channel channel = Channel.openOrCreate(path, config))
        {
            if ("produce".equals(args[0]))
            {
                produce(channel, count);
            }
            else
            {
                consume(channel, count);
            }
        }
    }

    private static void produce(final Channel channel, final int count)
    {
        final SbeProducer sbe = new SbeProducer(channel.producer());
        final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
        final int length = NewOrderSingleEncoder.BLOCK_LENGTH + NewOrderSingleEncoder.accountHeaderLength() +
            ACCOUNT.length();
        for (int clOrdId = 1; clOrdId <= count; clOrdId++)
        {
            while (sbe.tryClaim(order, length) == null)
            {
                Thread.onSpinWait();
            }
            order.clOrdId(clOrdId).securityId(5501).orderQty(100).account(ACCOUNT);
            sbe.commit();
        }
        System.out.println("producer: sent " + count + " orders");
    }

    private static void consume(final Channel channel, final int count)
    {
        final NewOrderSingleDecoder order = new NewOrderSingleDecoder();
        final long[] next = { 1 };
        final SbeDispatcher dispatcher = new SbeDispatcher(NewOrderSingleDecoder.SCHEMA_ID,
            (templateId, buffer, offset, blockLength, version) ->
            {
                order.wrap(buffer, offset, blockLength, version);
                if (order.clOrdId() != next[0] || !ACCOUNT.equals(order.account()))
                {
                    throw new IllegalStateException("order out of sequence: clOrdId=" + order.clOrdId() +
                        " expected=" + next[0]);
                }
                next[0]++;
            });
        final long deadlineNs = System.nanoTime() + 60_000_000_000L;
        try (Consumer consumer = channel.consumer())
        {
            while (next[0] <= count)
            {
                if (consumer.poll(dispatcher, 256) == 0)
                {
                    if (System.nanoTime() > deadlineNs)
                    {
                        throw new IllegalStateException("timed out: received=" + (next[0] - 1) + " expected=" + count);
                    }
                    Thread.onSpinWait();
                }
            }
        }
        System.out.println("consumer: received " + count + " orders in order");
    }
}
