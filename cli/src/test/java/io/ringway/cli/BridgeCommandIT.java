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

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.ringway.bridge.BridgePipeline.freeUdpPort;
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
    void shouldStopOnSigtermWhileWaitingBehindAFullReceiverAndNameTheMessagesNotPublished() throws Exception
    {
        final Path in = directory.resolve("in.ringway");
        final Path out = directory.resolve("out.ringway");
        Channel.create(in, ChannelConfig.spsc(64 * 1024)).close();
        Channel.create(out, ChannelConfig.spsc(4096)).close(); // nobody consumes it: the receiver stops, Aeron waits
        // small terms: the publication is back-pressured after a few hundred KiB
        final String data = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort() + "|term-length=65536";
        final Path senderState = directory.resolve("sender.state");
        final Path receiverState = directory.resolve("receiver.state");
        try (Launcher.Background receiver = Launcher.start("bridge", "receive", data, out.toString(), "--state",
                receiverState.toString(), "--quiet");
            Launcher.Background sender = Launcher.start("bridge", "send", in.toString(), "--to", data, "--state",
                senderState.toString(), "--quiet"))
        {
            final Process producer = JavaProcess.start(SequenceProducerMain.class, in.toString(), "1", "100000");
            try
            {
                final long deadlineNs = System.nanoTime() + WAIT_LIMIT_NS;
                // the receiver's channel is full, and Aeron refused the sender's offers 1000 times (about 1 s of
                // back-off) while it published nothing: it waits for Aeron for good, not for a status message still on
                // its way
                long sentBefore = -1;
                long refusedBefore = 0;
                while (true)
                {
                    final long published = statField(senderState, "messages");
                    final long refused = statField(senderState, "backPressureCount");
                    if (statField(receiverState, "backPressureCount") > 0 && published > 0 &&
                        published == sentBefore && refused >= refusedBefore + 1000)
                    {
                        break;
                    }
                    if (published != sentBefore)
                    {
                        sentBefore = published;
                        refusedBefore = refused;
                    }
                    if (System.nanoTime() - deadlineNs >= 0)
                    {
                        fail("hang guard: the sender never waited for Aeron; sender " + stat(senderState) +
                            " receiver " + stat(receiverState) + " sender alive=" + sender.process().isAlive() +
                            " receiver alive=" + receiver.process().isAlive());
                    }
                    Thread.sleep(10);
                }

                sender.process().destroy(); // SIGTERM while the sender waits for Aeron
                final Launcher.Result sent = sender.waitFor();
                receiver.process().destroy();
                receiver.waitFor();

                // not the stop hook's timeout (exit 143, nothing said): the sender's own error, one line, and its
                // exit code
                assertEquals(RingwayCli.EXIT_UNEXPECTED, sent.exitCode(), sent::toString);
                final String firstLine = sent.err().lines().findFirst().orElse("");
                // stopped while waiting inside a poll, or (stopped between polls) closed with the message still held
                assertTrue(firstLine.matches("ringway bridge send: error: bridge (stopped|closed) with messages " +
                    "taken from the channel and not published: channel=" + Pattern.quote(in.toString()) +
                    " messages=1( .*)?"), sent::toString);
                assertEquals(1, sent.err().lines().filter(line -> line.contains("error")).count(), sent::toString);
                assertEquals("", sent.out(), sent::toString);
            }
            finally
            {
                producer.destroyForcibly(); // also when an assertion failed: never leave it spinning
            }
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

    /** @return a numeric field of {@code ringway stat STATE_FILE --json}, 0 before the side created the file. */
    private static long statField(final Path stateFile, final String field) throws Exception
    {
        final Matcher matcher = Pattern.compile("\"" + field + "\":(\\d+)").matcher(stat(stateFile));
        return matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }

    private static String stat(final Path stateFile) throws Exception
    {
        return Files.exists(stateFile) ? Launcher.run("stat", stateFile.toString(), "--json").out() : "(no file yet)";
    }
}
