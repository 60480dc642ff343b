package io.ringway.examples.bridge;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.bridge.BridgeConfig;
import io.ringway.bridge.BridgeReceiver;
import io.ringway.examples.twoprocess.SequenceCheck;
import io.ringway.examples.twoprocess.TwoProcessProtocol;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Terminal 1, "host B": creates a channel, puts a {@link BridgeReceiver} on it (the channel's producer, with an
 * embedded Aeron media driver of its own) listening on HOST:PORT, and consumes the channel in the same duty cycle:
 * {@code receiver.doWork()}, then {@code consumer.poll(...)}. Checks that every sequence number arrives once and in
 * order until the sender's END (the two-process example's messages and {@link SequenceCheck}), and prints a line each
 * second and a summary. Exit code 0 when all arrived.
 *
 * <p>Usage: {@code ReceiverMain <listen HOST:PORT> [channel file]} (default channel:
 * /dev/shm/bridge-example-received.ringway, removed at the end).
 */
public final class ReceiverMain
{
    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;

    private ReceiverMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String aeronChannel = "aeron:udp?endpoint=" + args[0];
        final Path path = args.length > 1 ? Path.of(args[1]) : Channel.pathFor("bridge-example-received");
        final SequenceCheck state = new SequenceCheck();
        final IdleStrategy idle = new BackoffIdleStrategy();
        final boolean ok;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(TwoProcessProtocol.CAPACITY));
            BridgeReceiver receiver = new BridgeReceiver(new BridgeConfig(path, aeronChannel));
            Consumer consumer = channel.consumer())
        {
            System.out.printf("receiver: listening on %s, writing into %s%n", aeronChannel, path);
            long startNs = 0;
            long nextProgressNs = 0;
            while (!state.ended())
            {
                final int work = receiver.doWork() + consumer.poll(state::onMessage, 256);
                idle.idle(work);
                final long nowNs = System.nanoTime();
                if (startNs == 0 && work > 0)
                {
                    startNs = nowNs;
                    nextProgressNs = nowNs + PROGRESS_INTERVAL_NS;
                }
                if (startNs != 0 && nowNs - nextProgressNs >= 0)
                {
                    nextProgressNs += PROGRESS_INTERVAL_NS;
                    System.out.printf("receiver: %,d messages, back-pressure %,d%n", state.received(),
                        receiver.backPressureCount());
                }
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            ok = state.failure() == null;
            if (ok)
            {
                System.out.printf("receiver: received %,d messages in order, none lost or repeated, in %.2f s: " +
                    "%,.0f msgs/s%n", state.received(), seconds, state.received() / seconds);
            }
            else
            {
                System.out.println("receiver: FAILED: " + state.failure());
            }
        }
        finally
        {
            Files.deleteIfExists(path);
        }
        System.exit(ok ? 0 : 1);
    }
}
