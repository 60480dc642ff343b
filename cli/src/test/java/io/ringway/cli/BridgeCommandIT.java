package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.Consumer;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceProducerMain;
import io.ringway.testing.SequenceVerifier;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.DatagramSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ringway bridge send} and {@code ringway bridge receive} run through the launcher, each with its embedded
 * media driver, over UDP loopback; {@code ringway stat} on their state files; the usage and file errors.
 */
class BridgeCommandIT
{
    private static final long WAIT_LIMIT_NS = TimeUnit.SECONDS.toNanos(60);
    private static final int MESSAGES = 20_000;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("ringway-bridge-cli");

    @Test
    void shouldCarryAChannelThroughBridgeSendAndReceiveAndShowBothSidesInStat() throws Exception
    {
        final Path in = directory.resolve("in.ringway");
        final Path out = directory.resolve("out.ringway");
        Channel.create(in, ChannelConfig.spsc(64 * 1024)).close();
        final String data = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final String ack = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final Path receiverState = directory.resolve("receiver.state");
        final Path senderState = directory.resolve("sender.state");
        try (Channel outChannel = Channel.create(out, ChannelConfig.spsc(64 * 1024));
            Launcher.Background receiver = Launcher.start("bridge", "receive", data, out.toString(), "--ack", ack,
                "--state", receiverState.toString(), "--quiet", "--json");
            Launcher.Background sender = Launcher.start("bridge", "send", in.toString(), "--to", data, "--ack", ack,
                "--journal", directory.resolve("journal").toString(), "--batch", "--state", senderState.toString(),
                "--quiet", "--json");
            Consumer consumer = outChannel.consumer())
        {
            final Process producer = JavaProcess.start(SequenceProducerMain.class, in.toString(), "1",
                Integer.toString(MESSAGES));
            final SequenceVerifier verifier = new SequenceVerifier();
            final long deadlineNs = System.nanoTime() + WAIT_LIMIT_NS;
            while (!verifier.allEnded(1) && verifier.firstError() == null)
            {
                if (consumer.poll(verifier, 256) == 0)
                {
                    Thread.sleep(1);
                }
                assertTrue(System.nanoTime() - deadlineNs < 0, () -> "hang guard: received " +
                    verifier.sequences());
            }
            assertEquals(0, JavaProcess.waitFor(producer, 60), "producer exit code");
            assertNull(verifier.firstError());
            assertEquals(MESSAGES, verifier.received(1));

            final Launcher.Result stat = Launcher.run("stat", receiverState.toString(), "--json");
            assertEquals(0, stat.exitCode(), stat::toString);
            assertTrue(stat.out().contains("\"role\":\"receiver\""), stat::toString);
            assertTrue(stat.out().contains("\"alive\":true"), stat::toString);
            assertTrue(stat.out().contains("\"lastDeliveredIndex\":" + MESSAGES), stat::toString);
            final Launcher.Result senderStat = Launcher.run("stat", senderState.toString());
            assertEquals(0, senderStat.exitCode(), senderStat::toString);
            assertTrue(senderStat.out().contains("sender"), senderStat::toString);

            sender.process().destroy(); // SIGTERM: a clean stop, exit code 0 and the summary
            receiver.process().destroy();
            final Launcher.Result sent = sender.waitFor();
            final Launcher.Result received = receiver.waitFor();
            assertEquals(0, sent.exitCode(), sent::toString);
            assertEquals(0, received.exitCode(), received::toString);
            assertTrue(sent.out().contains("\"messages\":" + (MESSAGES + 1)), sent::toString);
            assertTrue(received.out().contains("\"messages\":" + (MESSAGES + 1)), received::toString);
        }
    }

    @Test
    void shouldRefuseAJournalWithoutAnAckChannelAsAUsageError() throws Exception
    {
        final Path in = directory.resolve("in.ringway");
        Channel.create(in, ChannelConfig.spsc(4096)).close();
        final Launcher.Result result = Launcher.run("bridge", "send", in.toString(), "--to",
            "aeron:udp?endpoint=127.0.0.1:40123", "--journal", directory.resolve("journal").toString());
        assertEquals(RingwayCli.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("--ack"), result::toString);
    }

    @Test
    void shouldRefuseAnUnknownIdleStrategyAsAUsageErrorNamingTheChoices() throws Exception
    {
        final Path in = directory.resolve("in.ringway");
        Channel.create(in, ChannelConfig.spsc(4096)).close();
        final Launcher.Result result = Launcher.run("bridge", "send", in.toString(), "--to",
            "aeron:udp?endpoint=127.0.0.1:40123", "--idle", "spin");
        assertEquals(RingwayCli.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("field=idle found=spin expected=busy|yield|backoff"), result::toString);
    }

    @Test
    void shouldRefuseToJoinAnMpscChannelWithoutTheMpscProducerOption() throws Exception
    {
        final Path out = directory.resolve("mpsc.ringway");
        Channel.create(out, ChannelConfig.mpsc(4096)).close();
        final Launcher.Result result = Launcher.run("bridge", "receive", "aeron:udp?endpoint=127.0.0.1:40123",
            out.toString());
        assertEquals(RingwayCli.EXIT_FILE_ERROR, result.exitCode(), result::toString);
        assertTrue(result.err().contains("field=ringKind found=MPSC expected=SPSC"), result::toString);
    }

    private static int freeUdpPort() throws Exception
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }
}
