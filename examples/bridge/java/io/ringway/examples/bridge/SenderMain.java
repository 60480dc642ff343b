package io.ringway.examples.bridge;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Producer;
import io.ringway.bridge.BridgeConfig;
import io.ringway.bridge.BridgeSender;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static io.ringway.examples.twoprocess.TwoProcessProtocol.*;

/**
 * Terminal 2, "host A": creates a channel, puts a {@link BridgeSender} on it (the channel's consumer, with an embedded
 * Aeron media driver) and sends {@code count} DATA messages and END (the two-process example's messages) into the
 * channel; the sender publishes each one to the receiver over UDP. One thread does both, in one duty cycle: offer what fits, then {@code sender.doWork()}.
 * While no receiver is connected the sender takes nothing, so the channel fills and the producer waits (back-pressure,
 * never a drop).
 *
 * <p>Usage: {@code SenderMain <receiver HOST:PORT> <count> [channel file]} (default channel:
 * /dev/shm/bridge-example-sent.ringway, removed at the end).
 */
public final class SenderMain
{
    /** How long to wait, once Aeron has every message, for the receiver to take them all and leave. */
    private static final long LINGER_SECONDS = 30;
    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;

    private SenderMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String aeronChannel = "aeron:udp?endpoint=" + args[0];
        final long count = Long.parseLong(args[1]);
        final Path path = args.length > 2 ? Path.of(args[2]) : Channel.pathFor("bridge-example-sent");
        final UnsafeBuffer data = new UnsafeBuffer(ByteBuffer.allocateDirect(DATA_LENGTH));
        final UnsafeBuffer end = new UnsafeBuffer(ByteBuffer.allocateDirect(END_LENGTH));
        end.putLong(COUNT_OFFSET, count);
        final IdleStrategy idle = new BackoffIdleStrategy();
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(CAPACITY));
            BridgeSender sender = new BridgeSender(new BridgeConfig(path, aeronChannel).batching(true));
            Producer producer = channel.producer())
        {
            System.out.printf("sender: sending %,d messages from %s to %s (batched)%n", count, path, aeronChannel);
            long sequence = 0;
            boolean ended = false;
            long nextProgressNs = System.nanoTime() + PROGRESS_INTERVAL_NS;
            // until END is in the channel and the sender has taken everything out of it (Aeron has it all)
            while (!ended || channel.consumerPosition() != channel.producerPosition())
            {
                int work = 0;
                while (!ended && work < 256)
                {
                    if (sequence < count)
                    {
                        data.putLong(SEQUENCE_OFFSET, sequence);
                        data.putLong(SEND_TIME_NS_OFFSET, System.nanoTime());
                        if (!producer.offer(DATA_TYPE_ID, data, 0, DATA_LENGTH))
                        {
                            break; // the channel is full: the sender has not caught up, or no receiver is connected
                        }
                        sequence++;
                    }
                    else
                    {
                        ended = producer.offer(END_TYPE_ID, end, 0, END_LENGTH);
                        if (!ended)
                        {
                            break;
                        }
                    }
                    work++;
                }
                work += sender.doWork();
                idle.idle(work);
                if (System.nanoTime() - nextProgressNs >= 0)
                {
                    nextProgressNs += PROGRESS_INTERVAL_NS;
                    System.out.printf("sender: %,d messages in the channel, %,d taken by Aeron, connected=%s%n",
                        sequence, sender.messagesSent(), sender.isConnected());
                }
            }
            // Aeron has every message, but closing now would close the embedded driver before it has sent the last
            // frames: keep the driver up until the receiver, which leaves after END, is gone
            final long lingerEndNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(LINGER_SECONDS);
            while (sender.isConnected() && System.nanoTime() - lingerEndNs < 0)
            {
                idle.idle(sender.doWork());
            }
            System.out.printf("sender: %,d messages and END taken by Aeron, back-pressure %,d; %s%n",
                sender.messagesSent() - 1, sender.backPressureCount(),
                sender.isConnected() ? "the receiver is still connected" : "the receiver has left");
        }
        finally
        {
            Files.deleteIfExists(path);
        }
    }
}
