package io.ringway.bench.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Journal throughput: for each body length, every journal row once per round, interleaved (Ringway,
 * Chronicle Queue, Ringway, ...), in a fresh directory of the workspace per run (in /dev/shm, so every row writes to
 * the same tmpfs). An append row ({@link Contenders#JOURNAL}) is one child JVM that appends warm-up + N messages to
 * a new journal (or queue), then reads them all back, and reports the append and read times of the N timed messages
 * separately. A record row ({@link Contenders#JOURNAL_RECORD}) is two processes with the one-way throughput
 * contract: a producer, and a consumer that receives each message only once it is journaled.
 */
final class JournalSuite
{
    static final String APPEND_MESSAGES_PER_SECOND = "appendMessagesPerSecond";
    static final String APPEND_MEGABYTES_PER_SECOND = "appendMegabytesPerSecond";
    static final String READ_MESSAGES_PER_SECOND = "readMessagesPerSecond";
    static final String READ_MEGABYTES_PER_SECOND = "readMegabytesPerSecond";
    /**
     * Body bytes per journal run at most: a quarter of the cross-process throughput volume of a full run, so that
     * each run takes about 1 to 5 s here and the whole suite about 3 minutes; a quick run's volume is below it.
     */
    static final long MAX_JOURNAL_BYTES = 256L << 20;
    private static final long TIMEOUT_SECONDS = 300;
    private static final int LOG_TAIL_LINES = 20;

    private JournalSuite()
    {
    }

    static String rowName(final String contender, final int length)
    {
        return contender + ", " + length + " B";
    }

    /**
     * @return timed messages per run of a journal row: the run's volume, at most {@link #MAX_JOURNAL_BYTES}, over the
     *         body length, within the throughput suite's bounds.
     */
    static long messages(final Settings settings, final int length)
    {
        final long bytes = Math.min(settings.throughputBytes(), MAX_JOURNAL_BYTES);
        return Math.max(Settings.MIN_THROUGHPUT_MESSAGES, Math.min(Settings.MAX_THROUGHPUT_MESSAGES, bytes / length));
    }

    /**
     * @return the body length of a journal row, from its name ("Journal: Ringway, 256 B" gives 256).
     */
    static int lengthOf(final String rowName)
    {
        final String tail = rowName.substring(rowName.lastIndexOf(", ") + 2);
        return Integer.parseInt(tail.substring(0, tail.indexOf(' ')));
    }

    static List<Series> run(final Settings settings, final Toolchain toolchain, final Workspace workspace)
        throws IOException, InterruptedException
    {
        final List<Series> series = new ArrayList<>();
        final List<Contender> contenders = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        final List<Contender> all = new ArrayList<>(Contenders.JOURNAL);
        all.addAll(Contenders.JOURNAL_RECORD);
        for (final int length : Contenders.JOURNAL_LENGTHS)
        {
            for (final Contender contender : all)
            {
                final String name = rowName(contender.name(), length);
                if (settings.selects(contender.name()) || settings.selects(name))
                {
                    series.add(new Series(name, contender.kind(), contender.topology(), contender.pending()));
                    contenders.add(contender);
                    lengths.add(length);
                }
            }
        }
        for (int round = 1; round <= settings.rounds(); round++)
        {
            for (int i = 0; i < contenders.size(); i++)
            {
                final Contender contender = contenders.get(i);
                if (!contender.isMeasured())
                {
                    continue;
                }
                final int length = lengths.get(i);
                final long count = messages(settings, length);
                final Path directory = workspace.newRunDirectory();
                final RunContext context = new RunContext(directory, toolchain);
                final Path out = directory.resolve("result.txt");
                final long startNs = System.nanoTime();
                final String error = contender.server() == null ?
                    runOne(contender, context, count, length, out, settings.pin()) :
                    runPair(contender, context, count, length, out, settings.pin());
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final String prefix = String.format("[journal round %d/%d, %d/%d] %s: ", round, settings.rounds(),
                    i + 1, contenders.size(), series.get(i).name());
                final String failure = error != null ? error : Files.exists(out) ? null : "program wrote no result";
                if (failure == null)
                {
                    final String line = Files.readString(out);
                    final Map<String, Double> values = contender.server() == null ? parse(line) :
                        ThroughputSuite.parse(line);
                    series.get(i).add(values);
                    System.out.println(prefix + progress(values) + String.format(" (%.1f s)", seconds));
                }
                else
                {
                    series.get(i).fail(failure);
                    System.out.println(prefix + "FAILED: " + failure.lines().findFirst().orElse(failure));
                    System.out.println(failure.indent(4));
                }
                Workspace.deleteRecursively(directory);
            }
        }
        return series;
    }

    private static String progress(final Map<String, Double> values)
    {
        if (values.containsKey(ThroughputSuite.MESSAGES_PER_SECOND))
        {
            return Report.rate(values.get(ThroughputSuite.MESSAGES_PER_SECOND)) + " msgs/s, " +
                Report.rate(values.get(ThroughputSuite.MEGABYTES_PER_SECOND)) + " MB/s";
        }
        return "append " + Report.rate(values.get(APPEND_MESSAGES_PER_SECOND)) + " msgs/s, " +
            Report.rate(values.get(APPEND_MEGABYTES_PER_SECOND)) + " MB/s; read " +
            Report.rate(values.get(READ_MESSAGES_PER_SECOND)) + " msgs/s, " +
            Report.rate(values.get(READ_MEGABYTES_PER_SECOND)) + " MB/s";
    }

    /** A two-process row: the throughput contract, consumer first; a fifth as many warm-up messages. */
    private static String runPair(final Contender contender, final RunContext context, final long count,
        final int length, final Path out, final boolean pin) throws InterruptedException
    {
        final String warmup = Long.toString(count / 5);
        final List<String> server = new ArrayList<>(contender.server().apply(context));
        server.addAll(List.of(warmup, Long.toString(count), Integer.toString(length), out.toString()));
        final List<String> client = new ArrayList<>(contender.client().apply(context));
        client.addAll(List.of(warmup, Long.toString(count), Integer.toString(length)));
        return ProcessPair.run(server, client, pin, TIMEOUT_SECONDS, context.directory());
    }

    /** A one-process row (see io.ringway.bench.journal.JournalArgs): its journal goes to a fresh subdirectory. */
    private static String runOne(final Contender contender, final RunContext context, final long count,
        final int length, final Path out, final boolean pin) throws InterruptedException
    {
        final List<String> command = new ArrayList<>(contender.client().apply(context));
        command.addAll(List.of(context.file("journal"), Long.toString(count / 5), Long.toString(count),
            Integer.toString(length), out.toString()));
        return runProcess(command, pin, context.directory().resolve("journal.log"));
    }

    /** One process, pinned like the measuring side of the two-process rows; ended if it overruns. */
    private static String runProcess(final List<String> command, final boolean pin, final Path log)
        throws InterruptedException
    {
        final List<String> pinned = new ArrayList<>();
        if (pin)
        {
            pinned.addAll(List.of("taskset", "-c", Integer.toString(ProcessPair.CLIENT_CPU)));
        }
        pinned.addAll(command);
        Process process = null;
        try
        {
            process = new ProcessBuilder(pinned).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                return "did not finish within " + TIMEOUT_SECONDS + " s\n" + tail(log);
            }
            return process.exitValue() == 0 ? null : "failed: exit=" + process.exitValue() + "\n" + tail(log);
        }
        catch (final IOException ex)
        {
            return "cannot start: " + ex.getMessage();
        }
        finally
        {
            if (process != null && process.isAlive())
            {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    private static String tail(final Path log)
    {
        try
        {
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "  " + String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        }
        catch (final IOException ex)
        {
            return "(cannot read " + log + ": " + ex.getMessage() + ")";
        }
    }

    /**
     * @param line {@code messages=.. bytes=.. appendNanos=.. readNanos=..} (see JournalArgs).
     * @return messages and MB/s (10^6 body bytes) of the append and of the read, and the counts behind them.
     */
    static Map<String, Double> parse(final String line)
    {
        final Map<String, Long> fields = new LinkedHashMap<>();
        for (final String field : line.trim().split("\\s+"))
        {
            final int equals = field.indexOf('=');
            if (equals <= 0)
            {
                throw new IllegalArgumentException("journal result field without a value: field=" + field +
                    " expected=name=value line=" + line.trim());
            }
            fields.put(field.substring(0, equals), Long.parseLong(field.substring(equals + 1)));
        }
        for (final String name : List.of("messages", "bytes", "appendNanos", "readNanos"))
        {
            final Long value = fields.get(name);
            if (value == null || value <= 0)
            {
                throw new IllegalArgumentException("journal result incomplete: field=" + name + " found=" + value +
                    " expected=>0 line=" + line.trim());
            }
        }
        final double messages = fields.get("messages");
        final double bytes = fields.get("bytes");
        final double appendSeconds = fields.get("appendNanos") / 1e9;
        final double readSeconds = fields.get("readNanos") / 1e9;
        final Map<String, Double> values = new LinkedHashMap<>();
        values.put(APPEND_MESSAGES_PER_SECOND, messages / appendSeconds);
        values.put(APPEND_MEGABYTES_PER_SECOND, bytes / appendSeconds / 1e6);
        values.put(READ_MESSAGES_PER_SECOND, messages / readSeconds);
        values.put(READ_MEGABYTES_PER_SECOND, bytes / readSeconds / 1e6);
        values.put("messages", messages);
        values.put("appendSeconds", appendSeconds);
        values.put("readSeconds", readSeconds);
        return values;
    }
}
