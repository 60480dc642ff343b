package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.ChannelSettings;
import io.ringway.Consumer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Stops MPSC producer processes with SIGSTOP for far longer than the consumer's unblock timeout, at random points and
 * right between claim and commit, continues them with SIGCONT, and checks that the consumer never unblocked a live
 * producer's claim, that no record was corrupted, lost, duplicated or reordered, and that the file still opens
 * afterwards (docs/LAYOUT.md 7.1, layout 1.2).
 *
 * <p>Each producer process runs the crash producer program of its language ({@link CrashHarness.Launcher}) with a
 * pause point every {@code pauseEvery} messages: there it claims, marks its progress file paused and waits for the
 * harness to resume it before it writes the body and commits. To stop a producer between claim and commit, the
 * harness waits for that mark, stops the process, then resumes the mark, so that the late body write and commit
 * happen only after SIGCONT. Producers the harness does not pick are resumed at once.
 */
public final class StallHarness
{
    /**
     * What to run.
     *
     * @param config           the channel to create (MPSC).
     * @param producers        one launcher per producer process.
     * @param seed             for the random choices, printed in the result.
     * @param stops            how many stops to make.
     * @param unblockTimeoutMs the consumer's unblock timeout: far shorter than a stop.
     * @param pauseEvery       each producer claims and pauses every this many messages.
     * @param minStopMs        the shortest stop.
     * @param maxStopMs        the longest stop.
     * @param maxRunMs         a producer stopped at a random point runs up to this long first.
     */
    public record Settings(
        ChannelConfig config,
        List<CrashHarness.Launcher> producers,
        long seed,
        int stops,
        long unblockTimeoutMs,
        int pauseEvery,
        int minStopMs,
        int maxStopMs,
        int maxRunMs)
    {
    }

    /**
     * What happened. {@code lost}, {@code invented}, {@code unblockedWhileStopped} must be 0, {@code firstError} null
     * and {@code reopened} true.
     */
    public record Result(
        long seed,
        long messages,
        int stops,
        int stopsBetweenClaimAndCommit,
        int stopsSeenBlockingTheConsumer,
        Map<String, Integer> stopsByLanguage,
        long lost,
        long invented,
        long unblockedWhileStopped,
        boolean reopened,
        String firstError,
        long elapsedMs)
    {
        @Override
        public String toString()
        {
            return "seed=" + seed + " messages=" + messages + " stops=" + stops + " (between claim and commit: " +
                stopsBetweenClaimAndCommit + ", seen blocking the consumer: " + stopsSeenBlockingTheConsumer +
                ", by language: " + stopsByLanguage + ") lost=" + lost + " invented=" + invented +
                " unblockedWhileStopped=" + unblockedWhileStopped + " reopened=" + reopened + " elapsedMs=" +
                elapsedMs + (firstError == null ? "" : " firstError=" + firstError);
        }
    }

    private static final long HANG_GUARD_NS = TimeUnit.MINUTES.toNanos(2);
    private static final int POLL_LIMIT = 256;

    private final Path directory;
    private final Settings settings;
    private final Random random;
    private final SequenceVerifier verifier = new SequenceVerifier();
    private final Map<String, Integer> stopsByLanguage = new LinkedHashMap<>();
    private final List<Producer> producers = new ArrayList<>();
    private final Path channelPath;
    private Channel channel;
    private Consumer consumer;
    private int stops;
    private int stopsBetweenClaimAndCommit;
    private int stopsSeenBlocking;
    private long unblockedWhileStopped;
    private String otherError;

    private final class Producer
    {
        final CrashHarness.Launcher launcher;
        final long producerId;
        final ProgressFile progress;
        final Process process;

        Producer(final int index, final CrashHarness.Launcher launcher) throws IOException
        {
            this.launcher = launcher;
            this.producerId = index + 1;
            final Path progressPath = directory.resolve("progress-" + producerId);
            ProgressFile.create(progressPath);
            this.progress = ProgressFile.open(progressPath);
            this.process = launcher.start(channelPath, producerId, progressPath, -1, settings.pauseEvery());
        }
    }

    private StallHarness(final Path directory, final Settings settings)
    {
        this.directory = directory;
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.channelPath = directory.resolve("stall.ringway");
    }

    /**
     * Runs the settings in a directory of its own (the channel and progress files go there).
     */
    public static Result run(final Path directory, final Settings settings) throws Exception
    {
        return new StallHarness(directory, settings).run();
    }

    private Result run() throws Exception
    {
        final long startNs = System.nanoTime();
        channel = Channel.create(channelPath, settings.config(),
            ChannelSettings.DEFAULT.withUnblockTimeoutMs(settings.unblockTimeoutMs()));
        final Map<Long, Long> committedByProducer = new LinkedHashMap<>();
        final Map<Long, Long> mayHaveCommittedByProducer = new LinkedHashMap<>();
        boolean reopened = false;
        try
        {
            consumer = channel.consumer();
            for (int i = 0; i < settings.producers().size(); i++)
            {
                producers.add(new Producer(i, settings.producers().get(i)));
            }
            while (stops < settings.stops() && otherError == null)
            {
                stopOne(producers.get(random.nextInt(producers.size())));
            }
            for (final Producer producer : producers)
            {
                // SIGKILL ends the run; a producer killed between claim and commit is dead, so its claim is padded
                producer.process.destroyForcibly();
                while (!producer.process.waitFor(1, TimeUnit.MILLISECONDS))
                {
                    pollAndResume(null);
                }
                committedByProducer.put(producer.producerId, producer.progress.committedCount());
                mayHaveCommittedByProducer.put(producer.producerId, producer.progress.mayHaveCommittedCount());
            }
            pollUntil(() -> consumer.position() == channel.producerPosition(), "drain to the tail", null);
            producers.forEach(producer -> producer.progress.close());
            producers.clear();
            channel.close();
            try (Channel again = Channel.open(channelPath))
            {
                reopened = again.producerPosition() == again.consumerPosition();
            }
        }
        finally
        {
            producers.forEach(producer -> producer.process.destroyForcibly());
            channel.delete();
        }
        long lost = 0;
        long invented = 0;
        for (final Map.Entry<Long, Long> entry : committedByProducer.entrySet())
        {
            final long received = verifier.received(entry.getKey());
            if (received < entry.getValue())
            {
                lost += entry.getValue() - received;
            }
            else if (received > mayHaveCommittedByProducer.get(entry.getKey()))
            {
                invented += received - mayHaveCommittedByProducer.get(entry.getKey());
            }
        }
        return new Result(settings.seed(), verifier.messages(), stops, stopsBetweenClaimAndCommit, stopsSeenBlocking,
            stopsByLanguage, lost, invented, unblockedWhileStopped, reopened,
            verifier.firstError() != null ? verifier.firstError() : otherError,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
    }

    private void stopOne(final Producer victim) throws Exception
    {
        final boolean betweenClaimAndCommit = random.nextBoolean();
        if (betweenClaimAndCommit)
        {
            pollUntil(() -> victim.progress.isPaused() || !victim.process.isAlive(),
                "producer " + victim.producerId + " to pause between claim and commit", victim);
        }
        else
        {
            final long stopAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(
                settings.maxRunMs() + 1));
            pollUntil(() -> System.nanoTime() >= stopAtNs, "the stop point", null);
        }
        if (!victim.process.isAlive())
        {
            otherError = victim.launcher.language() + " producer " + victim.producerId + " exited with code " +
                victim.process.exitValue();
            return;
        }
        signal(victim.process, "STOP");
        awaitStopped(victim.process);
        if (victim.progress.isPaused())
        {
            // stopped between claim and commit: it writes the body and commits only after SIGCONT
            stopsBetweenClaimAndCommit++;
            victim.progress.resume();
        }
        final long unblockedBefore = channel.unblockedRecordCount();
        final long stopEndNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(
            settings.minStopMs() + random.nextInt(settings.maxStopMs() - settings.minStopMs() + 1));
        boolean seenBlocking = false;
        while (System.nanoTime() < stopEndNs)
        {
            pollAndResume(null);
            seenBlocking |= consumer.blockingProducerPid() == victim.process.pid();
        }
        unblockedWhileStopped += channel.unblockedRecordCount() - unblockedBefore;
        if (seenBlocking)
        {
            stopsSeenBlocking++;
        }
        signal(victim.process, "CONT");
        stops++;
        stopsByLanguage.merge(victim.launcher.language(), 1, Integer::sum);
    }

    /** One poll, and every paused producer but {@code keepPaused} resumed. */
    private int pollAndResume(final Producer keepPaused)
    {
        for (final Producer producer : producers)
        {
            if (producer != keepPaused && producer.progress.isPaused())
            {
                producer.progress.resume();
            }
        }
        return consumer.poll(verifier, POLL_LIMIT);
    }

    private void pollUntil(final BooleanSupplier condition, final String what, final Producer keepPaused)
    {
        final long deadlineNs = System.nanoTime() + HANG_GUARD_NS;
        while (!condition.getAsBoolean())
        {
            if (pollAndResume(keepPaused) == 0)
            {
                if (System.nanoTime() > deadlineNs)
                {
                    throw new AssertionError("hang guard: waited too long for " + what + "; " + channel.status());
                }
                Thread.onSpinWait();
            }
        }
    }

    private static void signal(final Process process, final String signal) throws Exception
    {
        final Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0)
        {
            throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
        }
    }

    /** Waits until /proc says the process is stopped (state T), so that it runs no further instruction. */
    private static void awaitStopped(final Process process) throws Exception
    {
        final Path stat = Path.of("/proc", Long.toString(process.pid()), "stat");
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadlineNs)
        {
            final String text = Files.readString(stat, StandardCharsets.US_ASCII);
            if (text.substring(text.lastIndexOf(')') + 2).startsWith("T"))
            {
                return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("process " + process.pid() + " did not stop");
    }
}
