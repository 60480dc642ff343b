package io.ringway.bridge;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Producer;
import io.ringway.testing.TempChannelDirectory;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A sender whose receiver's channel is full waits for Aeron inside {@link BridgeSender#doWork()}; its stop condition
 * ends that wait with an error that names what it took from the channel and could not publish, and its state file
 * shows the wait while it lasts.
 */
class BridgeSenderStopTest
{
    private static final long HANG_GUARD_MS = TimeUnit.MINUTES.toMillis(1);

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("bridge-stop");

    @Test
    void shouldEndAWaitForABackPressuredReceiverWhenStoppedNamingTheMessagesNotPublished() throws Exception
    {
        final Path in = directory.resolve("in.ringway");
        final Path out = directory.resolve("out.ringway");
        // small terms: the publication is back-pressured after a few hundred KiB
        final String data = "aeron:udp?endpoint=127.0.0.1:" + BridgePipeline.freeUdpPort() + "|term-length=65536";
        Channel.create(out, ChannelConfig.spsc(1 << 12)).close(); // nobody consumes it
        try (Channel inChannel = Channel.create(in, ChannelConfig.spsc(1 << 20));
            Producer producer = inChannel.producer())
        {
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> senderFailure = new AtomicReference<>();
            final BridgeSender sender = new BridgeSender(new BridgeConfig(in, data));
            try (BridgeReceiver receiver = new BridgeReceiver(new BridgeConfig(out, data)))
            {
                final Thread receiving = new Thread(() -> receiver.run(stop::get));
                final Thread sending = new Thread(() ->
                {
                    try
                    {
                        sender.stopWhen(stop::get);
                        while (!stop.get())
                        {
                            sender.doWork();
                        }
                    }
                    catch (final Throwable ex)
                    {
                        senderFailure.set(ex);
                    }
                });
                receiving.start();
                sending.start();
                final UnsafeBuffer body = new UnsafeBuffer(new byte[32]);
                // far more than the receiving channel and Aeron's flow control window hold
                for (int i = 0; i < 10_000; i++)
                {
                    while (!producer.offer(1, body, 0, body.capacity()))
                    {
                        Thread.sleep(1);
                    }
                }
                final long deadlineMs = System.currentTimeMillis() + HANG_GUARD_MS;
                // 1000 refused offers (about 1 s of back-off) while it published nothing: the sender is stuck behind
                // the full receiver, not waiting for a status message still on its way (Aeron sends one at least
                // every 200 ms); after such a wait the stop could let it publish all it holds, reporting nothing
                long sentBefore = -1;
                long refusedBefore = 0;
                while (true)
                {
                    final long sent = sender.messagesSent();
                    final long refused = sender.backPressureCount();
                    if (receiver.backPressureCount() > 0 && sent > 0 && sent == sentBefore &&
                        refused >= refusedBefore + 1000)
                    {
                        break;
                    }
                    if (sent != sentBefore)
                    {
                        sentBefore = sent;
                        refusedBefore = refused;
                    }
                    assertTrue(System.currentTimeMillis() < deadlineMs, () -> "hang guard: receiver " +
                        receiver.backPressureCount() + " delivered " + receiver.messagesDelivered() + " sender " +
                        sender.backPressureCount() + " sent " + sender.messagesSent() + " " + senderFailure.get());
                    Thread.sleep(1);
                }

                stop.set(true);
                sending.join(HANG_GUARD_MS);
                receiving.join(HANG_GUARD_MS);

                assertFalse(sending.isAlive(), "the sender still waits for Aeron after its stop");
                // stopped in the wait inside a poll, doWork() throws; stopped between polls, close() does (when
                // the message it holds still cannot be published)
                Throwable failure = senderFailure.get();
                if (failure == null)
                {
                    try
                    {
                        sender.close();
                    }
                    catch (final IllegalStateException ex)
                    {
                        failure = ex;
                    }
                }
                assertNotNull(failure, "a message taken from the channel behind a full receiver, never reported");
                assertInstanceOf(IllegalStateException.class, failure);
                assertTrue(failure.getMessage().matches("bridge (stopped|closed) with messages taken from the " +
                    "channel and not published: channel=" + in + " messages=1( .*)?"), failure.getMessage());
            }
            finally
            {
                stop.set(true);
                try
                {
                    sender.close();
                }
                catch (final IllegalStateException alreadyReported)
                {
                    // when close() above did not run; after it, a second close does nothing
                }
            }
        }
    }

    @Test
    void shouldShowTheWaitForABackPressuredReceiverInTheStateFileWhileItLasts() throws Exception
    {
        final Path in = directory.resolve("in.ringway");
        final Path out = directory.resolve("out.ringway");
        final Path senderState = directory.resolve("sender.state");
        final String data = "aeron:udp?endpoint=127.0.0.1:" + BridgePipeline.freeUdpPort() + "|term-length=65536";
        Channel.create(out, ChannelConfig.spsc(1 << 12)).close(); // nobody consumes it
        final AtomicBoolean stop = new AtomicBoolean();
        try (Channel inChannel = Channel.create(in, ChannelConfig.spsc(1 << 20));
            Producer producer = inChannel.producer();
            BridgeSender sender = new BridgeSender(new BridgeConfig(in, data).stateFile(senderState));
            BridgeReceiver receiver = new BridgeReceiver(new BridgeConfig(out, data)))
        {
            final Thread receiving = new Thread(() -> receiver.run(stop::get));
            final Thread sending = new Thread(() ->
            {
                try
                {
                    sender.run(stop::get);
                }
                catch (final IllegalStateException stoppedWhileWaiting)
                {
                    // the stop ends the wait with this error: the other test's subject
                }
            });
            receiving.start();
            sending.start();
            try
            {
                final UnsafeBuffer body = new UnsafeBuffer(new byte[32]);
                for (int i = 0; i < 10_000; i++)
                {
                    while (!producer.offer(1, body, 0, body.capacity()))
                    {
                        Thread.sleep(1);
                    }
                }
                final long deadlineMs = System.currentTimeMillis() + HANG_GUARD_MS;
                while (receiver.backPressureCount() == 0 || sender.backPressureCount() < 1000)
                {
                    assertTrue(System.currentTimeMillis() < deadlineMs, () -> "hang guard: receiver " +
                        receiver.backPressureCount() + " sender " + sender.backPressureCount());
                    Thread.sleep(1);
                }

                // the sender stores its count after each refused offer: the file trails it by one at most
                try (BridgeStateFile state = BridgeStateFile.read(senderState))
                {
                    final long shown = state.getLong(BridgeStateFile.BACK_PRESSURE_COUNT_OFFSET);
                    assertTrue(shown >= 999, () -> "state file backPressureCount=" + shown + " while the sender " +
                        "counts at least 1000 (messages=" + state.getLong(BridgeStateFile.MESSAGES_OFFSET) + ")");
                }
            }
            finally
            {
                stop.set(true);
                sending.join(HANG_GUARD_MS);
                receiving.join(HANG_GUARD_MS);
            }
        }
        catch (final IllegalStateException notPublished)
        {
            // close() names the message the stopped sender still holds; that is the other test's subject
            assertTrue(notPublished.getMessage().startsWith("bridge closed with messages taken from the channel"),
                notPublished.getMessage());
        }
    }
}
