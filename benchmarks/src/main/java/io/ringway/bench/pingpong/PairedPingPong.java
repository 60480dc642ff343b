package io.ringway.bench.pingpong;

import io.aeron.ExclusivePublication;
import io.aeron.Subscription;
import io.aeron.logbuffer.FragmentHandler;
import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.Producer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Aeron IPC and Ringway Java&lt;-&gt;Java in one pair of processes, taking turns (Aeron, Ringway, Aeron, ...) of
 * {@link #BLOCK_WARMUP_ROUNDS} untimed and {@link #BLOCK_ROUNDS} timed round trips, so that both see the same machine
 * state. On our shared 2-vCPU machine the
 * round trip of every contender jumps between states (about 80, 130, 170 and 500 ns for the raw floor) from one
 * second to the next; rows measured one after the other, even in one round, land in different states, and their ratio
 * then measures the machine. Blocks of a few hundred microseconds put both contenders in the same state, as the
 * interleaving of rounds cannot.
 *
 * <p>Each side is what {@link AeronPingPong} and Ringway's ping-pong ({@code io.ringway.cli.PingPong}, spin) do: an
 * exclusive publication and a subscription on {@link AeronPingPong#CHANNEL}, two SPSC channels of 64 KiB; both
 * spin without a pause; the pong echoes from inside its handler. The ping writes Aeron's samples to {@code <out>.1}
 * and Ringway's to {@code <out>.2} (the format of {@link PingPongArgs#writeSamples}), each in round order.
 *
 * <p>Usage: {@code PairedPingPong pong <aeron dir> <ringway dir>} or
 * {@code PairedPingPong ping <aeron dir> <ringway dir> <warmup> <count> <out>}, where warmup and count are timed round
 * trips per contender, multiples of {@link #BLOCK_ROUNDS} (the warm-up turns run but are not recorded).
 */
public final class PairedPingPong
{
    /** Timed round trips of one contender's turn: a turn is short next to a machine state (seconds). */
    public static final int BLOCK_ROUNDS = 1000;
    /**
     * Round trips at the start of each turn that are not timed: the first round trips after the other contender's turn
     * find their lines and branches cold (about 100 of them ran slower in a test run of 1000-round turns), which steady
     * ping-pong, the back-to-back rows' subject, does not.
     */
    public static final int BLOCK_WARMUP_ROUNDS = 100;
    private static final int BLOCK_LENGTH = BLOCK_WARMUP_ROUNDS + BLOCK_ROUNDS;

    private static final int TYPE_ID = 7;
    private static final int RINGWAY_CAPACITY = 64 * 1024;

    private PairedPingPong()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final PingPongArgs parsed = PingPongArgs.parse(args, 2,
            "PairedPingPong pong <aeron dir> <ringway dir> | ping <aeron dir> <ringway dir> <warmup> <count> <out>");
        if (parsed.warmup() % BLOCK_ROUNDS != 0 || parsed.count() % BLOCK_ROUNDS != 0)
        {
            throw new IllegalArgumentException("invalid counts: field=warmup found=" + parsed.warmup() +
                " field=count found=" + parsed.count() + " expected=multiples of " + BLOCK_ROUNDS);
        }
        final Path ringwayDirectory = Path.of(parsed.address(1));
        final Path pingFile = ringwayDirectory.resolve("ping.ringway");
        final Path pongFile = ringwayDirectory.resolve("pong.ringway");
        final ChannelConfig config = ChannelConfig.spsc(RINGWAY_CAPACITY);
        try (AeronEndpoint endpoint = AeronEndpoint.connect(parsed.address(0), !parsed.isPing());
            Channel in = Channel.openOrCreate(parsed.isPing() ? pongFile : pingFile, config);
            Channel out = Channel.openOrCreate(parsed.isPing() ? pingFile : pongFile, config);
            Consumer consumer = in.consumer();
            Producer producer = out.producer())
        {
            final Subscription subscription = endpoint.aeron().addSubscription(AeronPingPong.CHANNEL,
                parsed.isPing() ? AeronPingPong.PONG_STREAM_ID : AeronPingPong.PING_STREAM_ID);
            final ExclusivePublication publication = endpoint.aeron().addExclusivePublication(AeronPingPong.CHANNEL,
                parsed.isPing() ? AeronPingPong.PING_STREAM_ID : AeronPingPong.PONG_STREAM_ID);
            final Side side = new Side(publication, subscription, producer, consumer);
            if (parsed.isPing())
            {
                while (!publication.isConnected() || !subscription.isConnected())
                {
                    Thread.yield();
                }
                side.ping(parsed);
            }
            else
            {
                PingPongArgs.ready();
                side.pong();
            }
        }
    }

    /** One process's ends of both contenders, and the handlers that capture or echo a round. */
    private static final class Side implements MessageHandler
    {
        private final ExclusivePublication publication;
        private final Subscription subscription;
        private final Producer producer;
        private final Consumer consumer;
        private final UnsafeBuffer message = new UnsafeBuffer(ByteBuffer.allocateDirect(PingPongArgs.MESSAGE_LENGTH));
        private final FragmentHandler aeronCapture = (buffer, offset, length, header) -> capture(buffer, offset);
        private final FragmentHandler aeronEcho = (buffer, offset, length, header) -> aeronEcho(buffer, offset);
        private boolean echoes;
        private long received;

        Side(final ExclusivePublication publication, final Subscription subscription, final Producer producer,
            final Consumer consumer)
        {
            this.publication = publication;
            this.subscription = subscription;
            this.producer = producer;
            this.consumer = consumer;
        }

        void ping(final PingPongArgs args) throws IOException
        {
            final long[] aeronSamples = new long[args.count()];
            final long[] ringwaySamples = new long[args.count()];
            // warm-up turns record too, into a scratch array: a branch first taken when the measurement starts would
            // deoptimise the compiled loop there, and the measurement would begin with the JIT recompiling it
            final long[] warmupSamples = new long[BLOCK_ROUNDS];
            final long warmupBlocks = args.warmup() / BLOCK_ROUNDS;
            final long blocks = warmupBlocks + args.count() / BLOCK_ROUNDS;
            for (long block = 0; block < blocks; block++)
            {
                final long first = block * BLOCK_LENGTH;
                final boolean measured = block >= warmupBlocks;
                final int sampleIndex = measured ? (int)((block - warmupBlocks) * BLOCK_ROUNDS) : 0;
                aeronBlock(first, measured ? aeronSamples : warmupSamples, sampleIndex);
                ringwayBlock(first, measured ? ringwaySamples : warmupSamples, sampleIndex);
            }
            message.putLong(0, PingPongArgs.STOP_SEQUENCE);
            AeronEndpoint.offer(publication, message, 0, PingPongArgs.MESSAGE_LENGTH);
            final String out = args.out().toString();
            PingPongArgs.writeSamples(Path.of(out + ".1"), aeronSamples);
            PingPongArgs.writeSamples(Path.of(out + ".2"), ringwaySamples);
        }

        /** Aeron's turn: rounds first .. first + BLOCK_LENGTH - 1, the last BLOCK_ROUNDS of them timed. */
        private void aeronBlock(final long first, final long[] samples, final int sampleIndex)
        {
            for (int i = 0; i < BLOCK_LENGTH; i++)
            {
                final long round = first + i;
                message.putLong(0, round);
                final long startNs = System.nanoTime();
                AeronEndpoint.offer(publication, message, 0, PingPongArgs.MESSAGE_LENGTH);
                while (subscription.poll(aeronCapture, 1) == 0)
                {
                    // busy spin, like every spinning contender
                }
                final long endNs = System.nanoTime();
                PingPongArgs.checkEcho(received, round);
                if (i >= BLOCK_WARMUP_ROUNDS)
                {
                    samples[sampleIndex + i - BLOCK_WARMUP_ROUNDS] = endNs - startNs;
                }
            }
        }

        /** Ringway's turn: the same rounds on its channels. */
        private void ringwayBlock(final long first, final long[] samples, final int sampleIndex)
        {
            for (int i = 0; i < BLOCK_LENGTH; i++)
            {
                final long round = first + i;
                message.putLong(0, round);
                final long startNs = System.nanoTime();
                offerRingway(message, 0);
                while (consumer.poll(this, 1) == 0)
                {
                    // busy spin, like every spinning contender
                }
                final long endNs = System.nanoTime();
                PingPongArgs.checkEcho(received, round);
                if (i >= BLOCK_WARMUP_ROUNDS)
                {
                    samples[sampleIndex + i - BLOCK_WARMUP_ROUNDS] = endNs - startNs;
                }
            }
        }

        /**
         * Echoes Aeron's and Ringway's rounds in turn, as the ping sends them, until the stop message of Aeron. Each
         * contender's turn is a method of its own, so that the JIT compiles each loop with its own inlining budget, as
         * in the back-to-back rows' programs.
         */
        void pong()
        {
            echoes = true;
            received = 0;
            while (aeronTurn())
            {
                ringwayTurn();
            }
        }

        /** @return false once the ping's stop message came. */
        private boolean aeronTurn()
        {
            for (int i = 0; i < BLOCK_LENGTH; i++)
            {
                while (subscription.poll(aeronEcho, 1) == 0)
                {
                    // busy spin
                }
                if (received == PingPongArgs.STOP_SEQUENCE)
                {
                    return false;
                }
            }
            return true;
        }

        private void ringwayTurn()
        {
            for (int i = 0; i < BLOCK_LENGTH; i++)
            {
                while (consumer.poll(this, 1) == 0)
                {
                    // busy spin
                }
            }
        }

        private void capture(final DirectBuffer buffer, final int offset)
        {
            received = buffer.getLong(offset);
        }

        private void aeronEcho(final DirectBuffer buffer, final int offset)
        {
            received = buffer.getLong(offset);
            if (received != PingPongArgs.STOP_SEQUENCE)
            {
                AeronEndpoint.offer(publication, buffer, offset, PingPongArgs.MESSAGE_LENGTH);
            }
        }

        /** Ringway's handler: the ping captures the round, the pong echoes it before its poll releases the space. */
        @Override
        public void onMessage(final int typeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            received = buffer.getLong(index);
            if (echoes)
            {
                offerRingway(buffer, index);
            }
        }

        private void offerRingway(final DirectBuffer buffer, final int offset)
        {
            while (!producer.offer(TYPE_ID, buffer, offset, PingPongArgs.MESSAGE_LENGTH))
            {
                // a ping-pong has one message in flight: the ring is never full for long
            }
        }
    }
}
