package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.ChannelSettings;
import io.ringway.Consumer;
import io.ringway.HeaderDescriptor;
import io.ringway.Producer;
import io.ringway.RingKind;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Kills producer processes at random points and restarts them while this process consumes, then checks that no
 * committed message was lost, duplicated or invented and that nothing read was out of bounds (docs/GUARANTEES.md).
 * Used by the crash tests (fixed iterations, in {@code mvn verify}) and the soak (fixed duration, {@code -Psoak}).
 *
 * <p>Each producer slot runs one process at a time, an <em>incarnation</em> with its own producer id
 * ({@code slot * 1_000_000 + incarnation}), which sends SEQUENCE messages from 0 and records its committed count in a
 * {@link ProgressFile}. A killed incarnation's messages must then arrive as exactly sequences 0..n-1 with n equal to
 * its recorded count, or one more (killed between a commit and the record of it). Some incarnations stall holding a
 * claim they never commit and are killed there, between claim and commit, as soon as they have stalled: since layout
 * 1.2 the consumer never unblocks a live producer's claim, so until it dies the others cannot get past it. Between
 * kills, some running producers are <em>paused</em> instead: stopped with SIGSTOP for longer than the consumer's
 * unblock timeout, at whatever instruction they are at (between claim and commit too), then continued with SIGCONT. A
 * paused producer is alive: the consumer must wait for it, never pad its claim, and every message it commits
 * afterwards must arrive intact (LAYOUT 7.1).
 */
public final class CrashHarness
{
    /** Starts one producer process of some language. */
    public interface Launcher
    {
        /**
         * @return the language, for the report.
         */
        String language();

        /**
         * @param channel    the channel file.
         * @param producerId the incarnation's producer id.
         * @param progress   its progress file (exists, zeroed).
         * @param stallAfter claim and never commit after this many messages, or -1.
         * @return the started process.
         */
        default Process start(Path channel, long producerId, Path progress, long stallAfter) throws IOException
        {
            return start(channel, producerId, progress, stallAfter, 0);
        }

        /**
         * @param channel    the channel file.
         * @param producerId the incarnation's producer id.
         * @param progress   its progress file (exists, zeroed).
         * @param stallAfter claim and never commit after this many messages, or -1.
         * @param pauseEvery claim every pauseEvery-th message, mark the progress file paused and commit only once the
         *                   harness resumes it ({@link ProgressFile#resume()}); 0 never.
         * @return the started process.
         */
        Process start(Path channel, long producerId, Path progress, long stallAfter, long pauseEvery)
            throws IOException;
    }

    /** A Java producer: {@link CrashProducerMain} in a child JVM. */
    public static final Launcher JAVA = new Launcher()
    {
        public String language()
        {
            return "java";
        }

        public Process start(final Path channel, final long producerId, final Path progress, final long stallAfter,
            final long pauseEvery) throws IOException
        {
            return JavaProcess.builder(CrashProducerMain.class, channel.toString(), Long.toString(producerId),
                progress.toString(), Long.toString(stallAfter), Long.toString(pauseEvery))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
    };

    /**
     * @param language the language, for the report.
     * @param program  an executable taking {@code <channel> <producerId> <progress file> <stallAfter>}, like
     *                 c-interop/programs/crash_producer.c; this is also the seam for producers in other languages.
     * @return a launcher that runs it.
     */
    public static Launcher program(final String language, final Path program)
    {
        return new Launcher()
        {
            public String language()
            {
                return language;
            }

            public Process start(final Path channel, final long producerId, final Path progress,
                final long stallAfter, final long pauseEvery) throws IOException
            {
                return new ProcessBuilder(program.toString(), channel.toString(), Long.toString(producerId),
                    progress.toString(), Long.toString(stallAfter), Long.toString(pauseEvery))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            }
        };
    }

    /**
     * What to run.
     *
     * @param config           the channel to create.
     * @param slots            one launcher per producer slot (several slots may share a language).
     * @param seed             for the random kill points, printed in the result.
     * @param iterations       kills to make, or 0 to run for {@code durationNs} instead.
     * @param durationNs       how long to run when iterations is 0.
     * @param unblockTimeoutMs the consumer's MPSC unblock timeout.
     * @param stallOneIn       one incarnation in this many stalls between claim and commit (0: none).
     * @param maxKillDelayMs   a running producer is killed after a random delay up to this.
     * @param pauseOneIn       every this-many-th action is a pause (SIGSTOP for one to three unblock timeouts, then
     *                         SIGCONT) of a running producer instead of a kill (0: no pauses); pauses are not
     *                         counted in {@code iterations}.
     */
    public record Settings(
        ChannelConfig config,
        List<Launcher> slots,
        long seed,
        int iterations,
        long durationNs,
        long unblockTimeoutMs,
        int stallOneIn,
        int maxKillDelayMs,
        int pauseOneIn)
    {
    }

    /**
     * What happened. {@code lost}, {@code invented} and {@code errors} must be 0.
     */
    public record Result(
        long seed,
        long messages,
        int kills,
        int killsBetweenClaimAndCommit,
        Map<String, Integer> killsByLanguage,
        int pauses,
        Map<String, Integer> pausesByLanguage,
        long lost,
        long invented,
        long unblockedRecords,
        String firstError,
        long elapsedMs)
    {
        @Override
        public String toString()
        {
            return "seed=" + seed + " messages=" + messages + " kills=" + kills + " (between claim and commit: " +
                killsBetweenClaimAndCommit + ", by language: " + killsByLanguage + ") pauses=" + pauses +
                " (by language: " + pausesByLanguage + ") lost=" + lost +
                " invented=" + invented + " duplicatedOrOutOfOrder=" + (firstError == null ? 0 : "see error") +
                " unblockedRecords=" + unblockedRecords + " elapsedMs=" + elapsedMs +
                (firstError == null ? "" : " firstError=" + firstError);
        }
    }

    /** A wait that takes longer than this is a hang, not slowness: the harness fails instead of waiting forever. */
    private static final long HANG_GUARD_NS = TimeUnit.MINUTES.toNanos(2);
    private static final int POLL_LIMIT = 256;
    /** Producer id of the MPSC channel's last message ({@link #sendFinalMessage}): no incarnation has it. */
    private static final long FINAL_PRODUCER_ID = Long.MAX_VALUE;
    /** 128 + SIGKILL: how Java reports a child killed by signal 9. */
    private static final int EXIT_CODE_SIGKILL = 137;

    private final Path directory;
    private final Settings settings;
    private final Random random;
    private final SequenceVerifier verifier = new SequenceVerifier();
    private final Map<Long, Long> committedByProducer = new LinkedHashMap<>();
    /** ProgressFile.mayHaveCommittedCount() of each killed producer: receiving more is an invented message. */
    private final Map<Long, Long> mayHaveCommittedByProducer = new LinkedHashMap<>();
    private final Map<String, Integer> killsByLanguage = new LinkedHashMap<>();
    private final Map<String, Integer> pausesByLanguage = new LinkedHashMap<>();
    private final Path channelPath;
    private Channel channel;
    private Consumer consumer;
    private int incarnations;
    private int kills;
    private int stallKills;
    private int pauses;
    private int actions;
    private String otherError;

    private final class Incarnation
    {
        final Launcher launcher;
        final long producerId;
        final Path progressPath;
        final long stallAfter;
        final ProgressFile progress;
        final Process process;

        Incarnation(final int slot, final Launcher launcher) throws IOException
        {
            this.launcher = launcher;
            final int incarnation = incarnations++;
            this.producerId = slot * 1_000_000L + incarnation;
            this.progressPath = directory.resolve("progress-" + producerId);
            // every stallOneIn-th incarnation (the 2nd, then every stallOneIn-th after) stalls at a random message
            this.stallAfter = settings.stallOneIn() > 0 && incarnation % settings.stallOneIn() == 1 ?
                random.nextInt(2_000) : -1;
            ProgressFile.create(progressPath);
            this.progress = ProgressFile.open(progressPath);
            this.process = launcher.start(channelPath, producerId, progressPath, stallAfter);
        }

        /**
         * Stops the process wherever it is (SIGSTOP), keeps consuming for {@code pauseMs}, then continues it
         * (SIGCONT). The consumer sees a live producer that does nothing, possibly holding a claim.
         */
        void pause(final long pauseMs) throws IOException, InterruptedException
        {
            if (!process.isAlive())
            {
                return;
            }
            signal("STOP");
            try
            {
                final long resumeAtNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs);
                pollUntil(() -> System.nanoTime() >= resumeAtNs, "the end of a pause of producer " + producerId);
            }
            finally
            {
                signal("CONT");
            }
            pauses++;
            pausesByLanguage.merge(launcher.language(), 1, Integer::sum);
        }

        private void signal(final String name) throws IOException, InterruptedException
        {
            final Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true).start();
            final String output = new String(kill.getInputStream().readAllBytes()).trim();
            if (kill.waitFor() != 0 && process.isAlive())
            {
                throw new IOException("kill -" + name + " " + process.pid() + " failed: " + output);
            }
        }

        void kill() throws InterruptedException
        {
            process.destroyForcibly(); // SIGKILL on Linux
            while (!process.waitFor(1, TimeUnit.MILLISECONDS))
            {
                consumer.poll(verifier, POLL_LIMIT);
            }
            committedByProducer.put(producerId, progress.committedCount());
            mayHaveCommittedByProducer.put(producerId, progress.mayHaveCommittedCount());
            progress.close();
            if (process.exitValue() != EXIT_CODE_SIGKILL && otherError == null)
            {
                otherError = launcher.language() + " producer " + producerId + " exited by itself with code " +
                    process.exitValue() + " before it was killed";
            }
            kills++;
            killsByLanguage.merge(launcher.language(), 1, Integer::sum);
        }
    }

    private CrashHarness(final Path directory, final Settings settings)
    {
        this.directory = directory;
        this.settings = settings;
        this.random = new Random(settings.seed());
        this.channelPath = directory.resolve("crash.ringway");
    }

    /**
     * Runs the settings in a directory of its own (the channel and progress files go there).
     *
     * @return what happened; check lost, invented and firstError.
     */
    public static Result run(final Path directory, final Settings settings) throws Exception
    {
        return new CrashHarness(directory, settings).run();
    }

    private Result run() throws Exception
    {
        final long startNs = System.nanoTime();
        final List<Incarnation> running = new ArrayList<>();
        channel = Channel.create(channelPath, settings.config(),
            ChannelSettings.DEFAULT.withUnblockTimeoutMs(settings.unblockTimeoutMs()));
        try
        {
            consumer = channel.consumer();
            for (int slot = 0; slot < settings.slots().size(); slot++)
            {
                running.add(new Incarnation(slot, settings.slots().get(slot)));
            }
            while (settings.iterations() > 0 ? kills < settings.iterations() :
                System.nanoTime() - startNs < settings.durationNs())
            {
                // a live producer stalled holding a claim stalls the channel until it dies (layout 1.2, LAYOUT 7.1):
                // kill it first, or the others could not commit
                final Incarnation stalled = stalledIncarnation(running, null);
                final int slot = stalled != null ? running.indexOf(stalled) : random.nextInt(running.size());
                final Incarnation victim = running.get(slot);
                if (stalled == null && settings.pauseOneIn() > 0 && ++actions % settings.pauseOneIn() == 0)
                {
                    if (awaitRandomPointWhileRunning(victim, running))
                    {
                        victim.pause(settings.unblockTimeoutMs() + random.nextInt(
                            (int)Math.min(Integer.MAX_VALUE, 2 * settings.unblockTimeoutMs() + 1)));
                    }
                    continue;
                }
                if (!awaitKillPoint(victim, running))
                {
                    continue;
                }
                if (victim.stallAfter >= 0 && isStalled(victim))
                {
                    stallKills++;
                }
                victim.kill();
                running.set(slot, new Incarnation(slot, victim.launcher));
            }
            for (final Incarnation incarnation : running)
            {
                incarnation.kill();
            }
            if (settings.config().ringKind() == RingKind.SPSC)
            {
                // the last SPSC producer may have died holding a claim: the next producer to attach pads it
                channel.producer().close();
            }
            else
            {
                sendFinalMessage();
            }
            pollUntil(() -> consumer.position() == channel.producerPosition(), "drain to the tail");
            return result(startNs);
        }
        finally
        {
            running.forEach(incarnation -> incarnation.process.destroyForcibly());
            channel.delete();
        }
    }

    /**
     * MPSC, once every producer process is dead: one message from a producer of this process. A producer killed
     * between its CAS of the tail and the store of its negative length leaves a claim whose header is zero, and the
     * consumer learns where such a claim ends only from the next record's header (LAYOUT.md 7.1, {@code length == 0});
     * when it is the last claim before the tail, the channel waits for the next message, as in production, to unblock
     * it. Committed messages never wait behind it (there are none), so this one message is what lets the drain reach
     * the tail; the verifier checks it like any other (producer {@link #FINAL_PRODUCER_ID}, sequence 0).
     */
    private void sendFinalMessage()
    {
        final UnsafeBuffer message = new UnsafeBuffer(new byte[SequenceProtocol.MAX_SEQUENCE_LENGTH]);
        final int length = SequenceProtocol.encodeSequence(message, 0, FINAL_PRODUCER_ID, 0);
        try (Producer producer = channel.producer())
        {
            while (!producer.offer(SequenceProtocol.SEQUENCE_TYPE_ID, message, 0, length))
            {
                consumer.poll(verifier, POLL_LIMIT);
            }
        }
    }

    /**
     * @return true at the victim's kill point; false when another incarnation stalled holding a claim first, which
     * must then be killed before the victim can commit. A victim that is to stall after some messages may need to
     * commit past such a claim to get there: waiting for its stall alone hung once the ring filled behind another
     * incarnation's stall (CrashCProducersTest, CI of 2026-12-06).
     */
    private boolean awaitKillPoint(final Incarnation victim, final List<Incarnation> running)
    {
        if (victim.stallAfter >= 0)
        {
            pollUntil(() -> isStalled(victim) || !victim.process.isAlive() ||
                stalledIncarnation(running, victim) != null,
                "producer " + victim.producerId + " to stall after " + victim.stallAfter + " messages");
            return isStalled(victim) || !victim.process.isAlive();
        }
        return awaitRandomPointWhileRunning(victim, running);
    }

    /**
     * Waits until the victim has committed a message, then a random delay: a random point of its sending loop.
     *
     * @return false when another incarnation stalled holding a claim first (the victim cannot commit until it dies).
     */
    private boolean awaitRandomPointWhileRunning(final Incarnation victim, final List<Incarnation> running)
    {
        pollUntil(() -> committed(victim) > 0 || !victim.process.isAlive() ||
            stalledIncarnation(running, victim) != null,
            "producer " + victim.producerId + " to commit its first message");
        if (committed(victim) == 0 && victim.process.isAlive())
        {
            return false;
        }
        final long pointNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(random.nextInt(
            settings.maxKillDelayMs() + 1));
        pollUntil(() -> System.nanoTime() >= pointNs, "a random point of producer " + victim.producerId);
        return true;
    }

    private static Incarnation stalledIncarnation(final List<Incarnation> running, final Incarnation except)
    {
        for (final Incarnation incarnation : running)
        {
            if (incarnation != except && incarnation.stallAfter >= 0 && isStalled(incarnation))
            {
                return incarnation;
            }
        }
        return null;
    }

    private static boolean isStalled(final Incarnation incarnation)
    {
        return incarnation.progress.isStalled();
    }

    private static long committed(final Incarnation incarnation)
    {
        return incarnation.progress.committedCount();
    }

    /** For a hang's message: the record length word at the consumer's position, read from the file. */
    private String headLengthWord()
    {
        final int headIndex = (int)consumer.position() & (channel.capacity() - 1);
        try (FileChannel file = FileChannel.open(channelPath, StandardOpenOption.READ))
        {
            final ByteBuffer word = ByteBuffer.allocate(Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            file.read(word, HeaderDescriptor.HEADER_LENGTH + headIndex);
            return Integer.toString(word.getInt(0));
        }
        catch (final IOException ex)
        {
            return "(unreadable: " + ex + ")";
        }
    }

    private void pollUntil(final BooleanSupplier condition, final String what)
    {
        final long deadlineNs = System.nanoTime() + HANG_GUARD_NS + TimeUnit.MILLISECONDS.toNanos(
            settings.unblockTimeoutMs() * (settings.slots().size() + 2));
        while (!condition.getAsBoolean())
        {
            if (consumer.poll(verifier, POLL_LIMIT) == 0)
            {
                if (System.nanoTime() > deadlineNs)
                {
                    throw new AssertionError("hang guard (seed=" + settings.seed() + "): waited too long for " + what +
                        "; length word at the head " +
                        headLengthWord() + ", blocking producer pid " + consumer.blockingProducerPid() + "; " +
                        channel.status());
                }
                Thread.onSpinWait();
            }
        }
    }

    private Result result(final long startNs)
    {
        long lost = 0;
        long invented = 0;
        for (final Map.Entry<Long, Long> entry : committedByProducer.entrySet())
        {
            final long received = verifier.received(entry.getKey());
            final long committed = entry.getValue();
            if (received < committed)
            {
                lost += committed - received;
            }
            else if (received > mayHaveCommittedByProducer.get(entry.getKey()))
            {
                invented += received - mayHaveCommittedByProducer.get(entry.getKey());
            }
        }
        return new Result(settings.seed(), verifier.messages(), kills, stallKills, killsByLanguage, pauses,
            pausesByLanguage, lost, invented,
            channel.unblockedRecordCount(), verifier.firstError() != null ? verifier.firstError() : otherError,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNs));
    }
}
