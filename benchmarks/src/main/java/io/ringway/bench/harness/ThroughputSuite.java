package io.ringway.bench.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cross-process one-way throughput: for each message length, every throughput row once per round, interleaved.
 */
final class ThroughputSuite
{
    static final String MESSAGES_PER_SECOND = "messagesPerSecond";
    static final String MEGABYTES_PER_SECOND = "megabytesPerSecond";
    private static final long TIMEOUT_SECONDS = 300;

    private ThroughputSuite()
    {
    }

    static String rowName(final String contender, final int length)
    {
        return contender + ", " + length + " B";
    }

    /** One row of a round: its series, contender, message length and producer processes (0: one-way contract). */
    private record Row(Series series, Contender contender, int length, int producers)
    {
    }

    static List<Series> run(final Settings settings, final Toolchain toolchain, final Workspace workspace)
        throws IOException, InterruptedException
    {
        final List<Row> rows = new ArrayList<>();
        for (final int length : Contenders.THROUGHPUT_LENGTHS)
        {
            for (final Contender contender : Contenders.THROUGHPUT)
            {
                if (settings.selects(contender.name()))
                {
                    rows.add(new Row(new Series(rowName(contender.name(), length), contender.kind(),
                        contender.topology(), contender.pending()), contender, length, 0));
                }
            }
        }
        for (final int producers : Contenders.MPSC_PRODUCERS)
        {
            for (final Contender contender : Contenders.MPSC_THROUGHPUT)
            {
                final String name = Contenders.mpscName(producers, contender.name(), Contenders.MPSC_LENGTH);
                if (settings.selects(name))
                {
                    rows.add(new Row(new Series(name, contender.kind(), contender.topology(), contender.pending()),
                        contender, Contenders.MPSC_LENGTH, producers));
                }
            }
        }
        for (int round = 1; round <= settings.rounds(); round++)
        {
            for (int i = 0; i < rows.size(); i++)
            {
                final Row row = rows.get(i);
                if (!row.contender().isMeasured())
                {
                    continue;
                }
                final long startNs = System.nanoTime();
                final String failure = runOnce(settings, toolchain, workspace, row);
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final String prefix = String.format("[throughput round %d/%d, %d/%d] %s: ", round, settings.rounds(),
                    i + 1, rows.size(), row.series().name());
                if (failure == null)
                {
                    final int last = row.series().roundCount() - 1;
                    System.out.printf("%s%s msgs/s, %s MB/s (%.1f s)%n", prefix,
                        Report.rate(row.series().value(last, MESSAGES_PER_SECOND)),
                        Report.rate(row.series().value(last, MEGABYTES_PER_SECOND)), seconds);
                }
                else
                {
                    System.out.println(prefix + "FAILED: " + failure.lines().findFirst().orElse(failure));
                    System.out.println(failure.indent(4));
                }
            }
        }
        return rows.stream().map(Row::series).toList();
    }

    /**
     * Runs one row once and adds its values (or its failure) to its series.
     *
     * @return null on success, else what went wrong.
     */
    private static String runOnce(final Settings settings, final Toolchain toolchain, final Workspace workspace,
        final Row row) throws IOException, InterruptedException
    {
        final int producerCount = Math.max(1, row.producers());
        final long count = settings.throughputMessages(row.length()) / producerCount;
        final String warmup = Long.toString(count / 5);
        final List<String> counts = List.of(warmup, Long.toString(count), Integer.toString(row.length()));
        final Path directory = workspace.newRunDirectory();
        final RunContext context = new RunContext(directory, toolchain);
        final Path out = directory.resolve("result.txt");
        final List<String> server = new ArrayList<>(row.contender().server()
            .apply(context.forProducer(row.producers(), 0)));
        server.addAll(counts);
        server.add(out.toString());
        final List<List<String>> clients = new ArrayList<>();
        for (int producer = 0; producer < producerCount; producer++)
        {
            final List<String> client = new ArrayList<>(row.contender().client()
                .apply(context.forProducer(row.producers(), producer)));
            client.addAll(counts);
            clients.add(client);
        }
        final String error = ProcessPair.runMany(server, clients, settings.pin(), TIMEOUT_SECONDS, directory);
        final String failure = error != null ? error : Files.exists(out) ? null : "consumer wrote no result";
        if (failure == null)
        {
            row.series().add(parse(Files.readString(out)));
        }
        else
        {
            row.series().fail(failure);
        }
        Workspace.deleteRecursively(directory);
        return failure;
    }

    static Map<String, Double> parse(final String line)
    {
        final Map<String, Long> fields = new LinkedHashMap<>();
        for (final String field : line.trim().split("\\s+"))
        {
            final int equals = field.indexOf('=');
            fields.put(field.substring(0, equals), Long.parseLong(field.substring(equals + 1)));
        }
        final double seconds = fields.get("nanos") / 1e9;
        final Map<String, Double> values = new LinkedHashMap<>();
        values.put(MESSAGES_PER_SECOND, fields.get("messages") / seconds);
        values.put(MEGABYTES_PER_SECOND, fields.get("bytes") / seconds / 1e6);
        values.put("messages", (double)fields.get("messages"));
        values.put("seconds", seconds);
        return values;
    }
}
