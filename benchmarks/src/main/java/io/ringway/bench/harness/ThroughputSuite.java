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

    static List<Series> run(final Settings settings, final Toolchain toolchain, final Workspace workspace)
        throws IOException, InterruptedException
    {
        final List<Series> series = new ArrayList<>();
        final List<Contender> contenders = new ArrayList<>();
        final List<Integer> lengths = new ArrayList<>();
        for (final int length : Contenders.THROUGHPUT_LENGTHS)
        {
            for (final Contender contender : Contenders.THROUGHPUT)
            {
                if (settings.selects(contender.name()))
                {
                    series.add(new Series(rowName(contender.name(), length), contender.kind(), contender.topology(),
                        contender.pending()));
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
                final long count = settings.throughputMessages(length);
                final String warmup = Long.toString(count / 5);
                final Path directory = workspace.newRunDirectory();
                final RunContext context = new RunContext(directory, toolchain);
                final Path out = directory.resolve("result.txt");
                final List<String> server = new ArrayList<>(contender.server().apply(context));
                server.addAll(List.of(warmup, Long.toString(count), Integer.toString(length), out.toString()));
                final List<String> client = new ArrayList<>(contender.client().apply(context));
                client.addAll(List.of(warmup, Long.toString(count), Integer.toString(length)));
                final long startNs = System.nanoTime();
                final String error = ProcessPair.run(server, client, settings.pin(), TIMEOUT_SECONDS, directory);
                final double seconds = (System.nanoTime() - startNs) / 1e9;
                final String prefix = String.format("[throughput round %d/%d, %d/%d] %s: ", round, settings.rounds(),
                    i + 1, contenders.size(), series.get(i).name());
                final String failure = error != null ? error : Files.exists(out) ? null : "consumer wrote no result";
                if (failure == null)
                {
                    final Map<String, Double> values = parse(Files.readString(out));
                    series.get(i).add(values);
                    System.out.printf("%s%s msgs/s, %s MB/s (%.1f s)%n", prefix,
                        Report.rate(values.get(MESSAGES_PER_SECOND)), Report.rate(values.get(MEGABYTES_PER_SECOND)),
                        seconds);
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
