package io.ringway.examples.bridge;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.bridge.BridgeConfig;
import io.ringway.bridge.BridgeReceiver;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;

import java.nio.file.Files;
import java.nio.file.Path;

import static io.ringway.examples.bridge.BridgeExampleProtocol.*;

/**
 * Terminal 1, "host B": creates a channel, puts a {@link BridgeReceiver} on it (the channel's producer, with an
 * embedded Aeron media driver of its own) listening on HOST:PORT, and consumes the channel in the same duty cycle:
 * {@code receiver.doWork()}, then {@code consumer.poll(...)}. Checks that every sequence number arrives once and in
 * order until the sender's END, and prints the rate each second and a summary. Exit code 0 when all arrived.
 *
 * <p>Usage: {@code ReceiverMain <listen HOST:PORT> [channel file]} (default channel:
 * /dev/shm/bridge-example-received.ringway, removed at the end).
 */
public final class ReceiverMain
{
    private long nextSequence;
    private long expectedCount = -1;
    private String error;

    private ReceiverMain()
    {
    }

    private void onMessage(final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        if (typeId == DATA_TYPE_ID)
        {
            final long sequence = buffer.getLong(index + SEQUENCE_OFFSET);
            if (sequence != nextSequence && error == null)
            {
                error = "sequence found=" + sequence + " expected=" + nextSequence;
            }
            nextSequence = sequence + 1;
        }
        else if (typeId == END_TYPE_ID)
        {
            expectedCount = buffer.getLong(index + COUNT_OFFSET);
        }
    }

    public static void main(final String[] args) throws Exception
    {
        final String aeronChannel = aeronChannel(args[0]);
        final Path path = args.length > 1 ? Path.of(args[1]) : Channel.pathFor("bridge-example-received");
        final ReceiverMain state = new ReceiverMain();
        final IdleStrategy idle = new BackoffIdleStrategy();
        final boolean ok;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY));
            BridgeReceiver receiver = new BridgeReceiver(new BridgeConfig(path, aeronChannel));
            Consumer consumer = channel.consumer())
        {
            System.out.printf("receiver: listening on %s, writing into %s%n", aeronChannel, path);
            long startNs = 0;
            long nextProgressNs = 0;
            while (state.expectedCount < 0)
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
                    System.out.printf("receiver: %,d messages, back-pressure %,d%n", state.nextSequence,
                        receiver.backPressureCount());
                }
            }
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            ok = state.error == null && state.expectedCount == state.nextSequence;
            if (ok)
            {
                System.out.printf("receiver: received %,d messages in order, none lost or repeated, in %.2f s: " +
                    "%,.0f msgs/s%n", state.nextSequence, seconds, state.nextSequence / seconds);
            }
            else
            {
                System.out.println("receiver: FAILED: " + (state.error != null ? state.error :
                    "count found=" + state.nextSequence + " expected=" + state.expectedCount));
            }
        }
        finally
        {
            Files.deleteIfExists(path);
        }
        System.exit(ok ? 0 : 1);
    }
}
