package io.ringway.bench.harness;

import io.ringway.bench.pingpong.PingPongArgs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The CPU a consumer parked on an empty channel uses. Per row of {@link Contenders#PARKED_CPU}, per round
 * (rows interleaved): start the consumer process, wait for READY and its settle time, read its CPU from /proc
 * ({@link ProcStat}: the process's and the consuming thread's utime + stime in clock ticks, the thread's schedstat
 * on-CPU ns), wait the window, read again, then have a separate process send one message and require the consumer
 * to receive exactly it and exit: a consumer that used no CPU because it was stuck would fail the round.
 */
final class ParkedCpuSuite
{
    static final String PROCESS_CPU_MS = "processCpuMs";
    static final String PROCESS_CORE_PERCENT = "processCorePercent";
    static final String PROCESS_ON_CPU_MS = "processOnCpuMs";
    static final String THREAD_CPU_MS = "threadCpuMs";
    static final String THREAD_ON_CPU_MS = "threadOnCpuMs";
    static final String THREAD_CORE_PERCENT = "threadCorePercent";
    static final String WINDOW_SECONDS = "windowSeconds";
    /** From the sender's exit to the consumer's: 0 when the consumer was out before the sender's JVM ended. */
    static final String EXIT_AFTER_SENDER_MS = "consumerExitAfterSenderExitMs";
    static final String THREADS = "threads";
    /** "About zero", our threshold: at most this share of one core, process total. */
    static final double TARGET_CORE_PERCENT = 1.0;
    /** Window of the full run: ten seconds parked. */
    static final int FULL_WINDOW_SECONDS = 10;
    static final int QUICK_WINDOW_SECONDS = 3;
    static final long SETTLE_MS = 1000;
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long SEND_TIMEOUT_SECONDS = 60;
    /** The consumer re-checks at least once a second (LAYOUT.md 9.6); a woken one exits within milliseconds. */
    private static final long RECEIVE_TIMEOUT_SECONDS = 10;
    private static final String THREAD_PREFIX = "thread=";
    private static final String RECEIVED_PREFIX = "received=";

    private ParkedCpuSuite()
    {
    }

    /**
     * @param settings      rounds, --only.
     * @param toolchain     how to start the programs.
     * @param workspace     scratch directories.
     * @param windowSeconds how long each consumer is measured parked.
     * @param rounds        interleaved rounds.
     * @return one series per row; values per round in ms, % of one core and seconds.
     */
    static List<Series> run(final Settings settings, final Toolchain toolchain, final Workspace workspace,
        final int windowSeconds, final int rounds) throws IOException, InterruptedException
    {
        final List<Series> series = new ArrayList<>();
        final List<Contender> contenders = new ArrayList<>();
        for (final Contender contender : Contenders.PARKED_CPU)
        {
            if (settings.selects(contender.name()))
            {
                series.add(new Series(contender.name(), contender.kind(), contender.topology(), contender.pending()));
                contenders.add(contender);
            }
        }
        final long ticksPerSecond = ProcStat.clockTicksPerSecond();
        for (int round = 1; round <= rounds; round++)
        {
            for (int i = 0; i < contenders.size(); i++)
            {
                final Contender contender = contenders.get(i);
                final Path directory = workspace.newRunDirectory();
                final RunContext context = new RunContext(directory, toolchain);
                final long value = round * 1000L + i;
                final String prefix = String.format("[parked CPU round %d/%d, %d/%d] %s: ", round, rounds, i + 1,
                    contenders.size(), contender.name());
                try
                {
                    final Map<String, Double> values = measure(contender, context, value, windowSeconds,
                        ticksPerSecond);
                    series.get(i).add(values);
                    System.out.printf(Locale.ROOT,
                        "%sprocess %.1f ms (%.3f%% of a core; schedstat %.3f ms), consuming thread %.1f ms " +
                        "(schedstat %.3f ms) over %.1f s, %.0f threads; woke and received the message%n", prefix,
                        values.get(PROCESS_CPU_MS), values.get(PROCESS_CORE_PERCENT), values.get(PROCESS_ON_CPU_MS),
                        values.get(THREAD_CPU_MS), values.get(THREAD_ON_CPU_MS), values.get(WINDOW_SECONDS),
                        values.get(THREADS));
                }
                catch (final IOException ex)
                {
                    series.get(i).fail(ex.getMessage());
                    System.out.println(prefix + "FAILED: " + ex.getMessage().lines().findFirst().orElse(""));
                    System.out.println(ex.getMessage().indent(4));
                }
                Workspace.deleteRecursively(directory);
            }
        }
        return series;
    }

    private static Map<String, Double> measure(final Contender contender, final RunContext context, final long value,
        final int windowSeconds, final long ticksPerSecond) throws IOException, InterruptedException
    {
        final List<String> output = new CopyOnWriteArrayList<>();
        final Path consumerLog = context.directory().resolve("consumer.log");
        final Process consumer = new ProcessBuilder(contender.server().apply(context))
            .redirectError(consumerLog.toFile()).start();
        Process sender = null;
        try
        {
            final Thread reader = drain(consumer, output);
            final long tid = awaitReady(consumer, output, consumerLog);
            Thread.sleep(SETTLE_MS);
            final long pid = consumer.pid();
            final ProcStat.Sample before = ProcStat.sample(pid, tid);
            final long startNs = System.nanoTime();
            Thread.sleep(TimeUnit.SECONDS.toMillis(windowSeconds));
            final ProcStat.Sample after = ProcStat.sample(pid, tid);
            final double seconds = (System.nanoTime() - startNs) / 1e9;
            final int threads = ProcStat.threadCount(pid);

            final List<String> send = new ArrayList<>(contender.client().apply(context));
            send.add(Long.toString(value));
            final Path senderLog = context.directory().resolve("sender.log");
            sender = new ProcessBuilder(send).redirectErrorStream(true).redirectOutput(senderLog.toFile()).start();
            if (!sender.waitFor(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS) || sender.exitValue() != 0)
            {
                throw new IOException("sender failed: exit=" + (sender.isAlive() ? "still running" :
                    sender.exitValue()) + "\n" + ProcessPair.tail(senderLog));
            }
            final long sentNs = System.nanoTime();
            if (!consumer.waitFor(RECEIVE_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                throw new IOException("parked consumer did not wake: field=exit found=still running " +
                    RECEIVE_TIMEOUT_SECONDS + " s after the send expected=exit 0\n" + ProcessPair.tail(consumerLog));
            }
            final double exitAfterSenderMs = (System.nanoTime() - sentNs) / 1e6;
            reader.join(TimeUnit.SECONDS.toMillis(5));
            final String expected = RECEIVED_PREFIX + "1 value=" + value;
            if (consumer.exitValue() != 0 || !output.contains(expected))
            {
                throw new IOException("parked consumer did not receive the message: field=output found=" + output +
                    " exit=" + consumer.exitValue() + " expected=" + expected + "\n" + ProcessPair.tail(consumerLog));
            }
            final double msPerTick = 1000.0 / ticksPerSecond;
            final Map<String, Double> values = new LinkedHashMap<>();
            values.put(PROCESS_CPU_MS, (after.processTicks() - before.processTicks()) * msPerTick);
            values.put(PROCESS_CORE_PERCENT, values.get(PROCESS_CPU_MS) / 10 / seconds);
            values.put(PROCESS_ON_CPU_MS, (after.processNs() - before.processNs()) / 1e6);
            values.put(THREAD_CPU_MS, (after.threadTicks() - before.threadTicks()) * msPerTick);
            values.put(THREAD_ON_CPU_MS, (after.threadNs() - before.threadNs()) / 1e6);
            values.put(THREAD_CORE_PERCENT, values.get(THREAD_ON_CPU_MS) / 10 / seconds);
            values.put(WINDOW_SECONDS, seconds);
            values.put(THREADS, (double)threads);
            values.put(EXIT_AFTER_SENDER_MS, exitAfterSenderMs);
            values.put("clockTicksPerSecond", (double)ticksPerSecond);
            return values;
        }
        finally
        {
            destroy(sender);
            destroy(consumer);
        }
    }

    /**
     * @return the consuming thread's id that the consumer printed before READY.
     */
    private static long awaitReady(final Process consumer, final List<String> output, final Path log)
        throws IOException, InterruptedException
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
        while (!output.contains(PingPongArgs.READY))
        {
            if (!consumer.isAlive())
            {
                throw new IOException("consumer exited before READY: exit=" + consumer.exitValue() + "\n" +
                    ProcessPair.tail(log) + String.join("\n", output));
            }
            if (System.nanoTime() > deadlineNs)
            {
                throw new IOException("consumer printed no READY within " + READY_TIMEOUT_SECONDS + " s\n" +
                    ProcessPair.tail(log));
            }
            Thread.sleep(10);
        }
        for (final String line : output)
        {
            if (line.startsWith(THREAD_PREFIX))
            {
                return parseThreadId(line);
            }
        }
        throw new IOException("consumer printed no thread id before READY: field=output found=" + output +
            " expected=" + THREAD_PREFIX + "<tid>");
    }

    static long parseThreadId(final String line) throws IOException
    {
        final String text = line.trim().substring(THREAD_PREFIX.length());
        try
        {
            final long tid = Long.parseLong(text);
            if (tid > 0)
            {
                return tid;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new IOException("bad thread id: field=" + THREAD_PREFIX.substring(0, THREAD_PREFIX.length() - 1) +
            " found=" + text + " expected=integer>0");
    }

    private static Thread drain(final Process process, final List<String> lines)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    lines.add(line.trim());
                }
            }
            catch (final IOException ignore)
            {
                // the process ended: nothing more to read
            }
        }, "parked-consumer-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static void destroy(final Process process) throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
