package io.ringway.bridge;

import io.aeron.CommonContext;
import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.testing.ChildProcess;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceProducerMain;
import org.agrona.IoUtil;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge between real processes over UDP loopback, for the tests of this module and of the language modules whose
 * consumer programs are built after it (go-interop): a Java producer process -> channel -> bridge sender process (its
 * embedded media driver) -> UDP -> bridge receiver process (its own driver, in another directory) -> channel -> a
 * consumer process that verifies the sequences ({@code VERIFIED ...} on its standard output). Closing it kills the
 * sides it started and deletes their drivers' directories.
 */
public final class BridgePipeline implements AutoCloseable
{
    /** Aeron's loss generator in a receiver's driver: drops this share of the data datagrams it receives. */
    public static final String[] RECEIVE_LOSS_FLAGS = {
        "-Daeron.ReceiveChannelEndpoint.supplier=io.aeron.driver.ext.DebugReceiveChannelEndpointSupplier",
        "-Daeron.debug.receive.data.loss.rate=0.02",
    };

    /** Messages a pipeline carries: {@code -Dringway.bridge.messages} (the 10,000,000 by hand). */
    public static final long MESSAGES = Long.getLong("ringway.bridge.messages", 200_000);

    /** Hang guard only (the tests assert what arrived, never how fast): 2 minutes, more for a long run. */
    public static final long TIMEOUT_SECONDS = Math.max(120, MESSAGES / 10_000);

    /** Starts the consumer process of a pipeline on the receiving channel. */
    @FunctionalInterface
    public interface ConsumerCommand
    {
        ProcessBuilder builder(Path out) throws IOException;
    }

    private final Path directory;
    private final List<Process> sides = new ArrayList<>();

    public BridgePipeline(final Path directory)
    {
        this.directory = directory;
    }

    /**
     * Carries {@link #MESSAGES} sequenced messages from a Java producer process through both bridge sides to the
     * consumer, and asserts the consumer verified every sequence once, in order.
     */
    public void carry(final boolean batching, final boolean loss, final ConsumerCommand consumerCommand)
        throws Exception
    {
        final Path in = createChannel("in.ringway");
        final Path out = createChannel("out.ringway");
        final String data = "aeron:udp?endpoint=127.0.0.1:" + freeUdpPort();
        final List<String> options = batching ? List.of("--batch") : List.of();
        final long startNs = System.nanoTime();
        startSide(loss ? RECEIVE_LOSS_FLAGS : new String[0], "receive", out, data, options);
        startSide(new String[0], "send", in, data, options);
        final Path consumerOutput = directory.resolve("consumer.txt");
        final Process consumer = consumerCommand.builder(out).redirectOutput(consumerOutput.toFile()).start();
        final Process producer = JavaProcess.start(SequenceProducerMain.class, in.toString(), "1",
            Long.toString(MESSAGES));
        assertEquals(0, ChildProcess.waitFor(producer, TIMEOUT_SECONDS), "producer exit code");
        final int consumerExit = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String summary = Files.readString(consumerOutput, StandardCharsets.UTF_8).trim();
        System.out.printf("bridge pipeline: %,d messages batching=%s loss=%s in %.1f s: %s%n", MESSAGES, batching,
            loss, (System.nanoTime() - startNs) / 1e9, summary);
        assertEquals(0, consumerExit, "consumer: " + summary);
        assertTrue(summary.startsWith("VERIFIED"), summary);
        assertTrue(summary.contains("sequences=" + MESSAGES), summary);
    }

    /** A new SPSC channel of 64 KiB in the pipeline's directory. */
    public Path createChannel(final String name)
    {
        final Path path = directory.resolve(name);
        Channel.create(path, ChannelConfig.spsc(1 << 16)).close();
        return path;
    }

    /** Starts one side ({@link BridgeSideMain}: send or receive) and waits for its READY line. */
    public Process startSide(final String[] jvmFlags, final String role, final Path channel, final String data,
        final List<String> options) throws IOException
    {
        final List<String> args = new ArrayList<>(List.of(role, channel.toString(), data));
        args.addAll(options);
        final ProcessBuilder builder = JavaProcess.builder(BridgeSideMain.class, args.toArray(new String[0]));
        builder.command().addAll(1, Arrays.asList(jvmFlags));
        final Process process = builder.start();
        sides.add(process);
        final BufferedReader output =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String line = output.readLine();
        assertEquals("READY", line, "bridge " + role + " did not start");
        return process;
    }

    /** SIGKILLs a side and starts it again with the same arguments. */
    public Process restart(final Process side, final String role, final Path channel, final String data,
        final List<String> options) throws Exception
    {
        side.destroyForcibly(); // SIGKILL
        side.waitFor();
        sides.remove(side);
        deleteEmbeddedDriverDirectories(side.pid());
        return startSide(new String[0], role, channel, data, options);
    }

    @Override
    public void close()
    {
        for (final Process side : sides)
        {
            side.destroyForcibly();
            try
            {
                side.waitFor();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt(); // a killed child is reaped by the JVM anyway; keep the flag
            }
            deleteEmbeddedDriverDirectories(side.pid());
        }
        sides.clear();
    }

    /** A UDP port free at the time of the call, on the loopback tests' machine. */
    public static int freeUdpPort() throws IOException
    {
        try (DatagramSocket socket = new DatagramSocket(0))
        {
            return socket.getLocalPort();
        }
    }

    /** An embedded driver killed with its process leaves its directory (term buffers) behind in /dev/shm. */
    private static void deleteEmbeddedDriverDirectories(final long pid)
    {
        final File base = new File(CommonContext.getAeronDirectoryName());
        final File[] leftovers = base.getParentFile().listFiles((dir, name) ->
            name.startsWith(base.getName() + "-ringway-bridge-" + pid + "-"));
        if (leftovers != null)
        {
            for (final File leftover : leftovers)
            {
                IoUtil.delete(leftover, true);
            }
        }
    }
}
