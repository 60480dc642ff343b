package io.ringway.bench.harness;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The benchmark harness: measures every row of {@link Contenders} and the JMH suite, with a progress line per run,
 * and writes benchmarks/results/DATE.md, .json and .svg. Started by benchmarks/run.sh, which builds what it needs.
 * Options are declared with picocli's programmatic API (its annotations would need an annotation processor that
 * claims them, or -Xlint:processing fails the build).
 */
public final class BenchmarkCommand
{
    private BenchmarkCommand()
    {
    }

    private static CommandSpec spec()
    {
        final CommandSpec spec = CommandSpec.create().name("benchmarks/run.sh").mixinStandardHelpOptions(true);
        spec.usageMessage()
            .description("Measures Ringway against its peers and the hardware floor and writes a report.");
        spec.addOption(OptionSpec.builder("--quick").type(boolean.class)
            .description("A smoke run: fewer round trips, rounds and JMH iterations.").build());
        spec.addOption(OptionSpec.builder("--rounds").type(Integer.class).paramLabel("N")
            .description("Interleaved rounds (default: 5, quick 3).").build());
        spec.addOption(OptionSpec.builder("--round-trips").type(Integer.class).paramLabel("N")
            .description("Measured round trips per row per round (default: 200000, quick 20000).").build());
        spec.addOption(OptionSpec.builder("--no-pin").type(boolean.class)
            .description("Do not pin the two processes of a row to one core each.").build());
        spec.addOption(OptionSpec.builder("--only").type(String.class).paramLabel("REGEX")
            .description("Only rows whose name matches this regular expression (a find, case-sensitive), e.g. " +
                "'parked CPU|wake signal' for the parked-consumer and wake-signal suites.").build());
        spec.addOption(OptionSpec.builder("--skip").type(String[].class).splitRegex(",").paramLabel("SUITE")
            .description("Suites to leave out: latency, throughput, journal, jmh, parked-cpu, wake-cost (comma-separated).")
            .build());
        spec.addOption(OptionSpec.builder("--parked-seconds").type(Integer.class).paramLabel("S")
            .description("Window in which each parked consumer's CPU is measured (default: " +
                ParkedCpuSuite.FULL_WINDOW_SECONDS + ", quick " + ParkedCpuSuite.QUICK_WINDOW_SECONDS + ").").build());
        spec.addOption(OptionSpec.builder("--results").type(Path.class).required(true).paramLabel("DIR")
            .description("Directory for the report files.").build());
        spec.addOption(OptionSpec.builder("--c-programs").type(Path.class).required(true).paramLabel("DIR")
            .description("Directory of the C programs (benchmarks/c/build.sh).").build());
        spec.addOption(OptionSpec.builder("--readme").type(Path.class).paramLabel("FILE")
            .description("README.md whose benchmark section gets the latest table and plot.").build());
        spec.addOption(OptionSpec.builder("--command-line").type(String.class).paramLabel("TEXT")
            .description("The command line to quote in the report.").build());
        return spec;
    }

    public static void main(final String[] args) throws Exception
    {
        final CommandLine commandLine = new CommandLine(spec());
        final ParseResult parsed;
        try
        {
            parsed = commandLine.parseArgs(args);
        }
        catch (final CommandLine.ParameterException ex)
        {
            System.err.println(ex.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
            return;
        }
        if (CommandLine.printHelpIfRequested(parsed))
        {
            return;
        }
        System.exit(run(parsed));
    }

    private static int run(final ParseResult options) throws Exception
    {
        final boolean quick = options.matchedOptionValue("--quick", false);
        final Integer rounds = options.matchedOptionValue("--rounds", null);
        final Integer roundTrips = options.matchedOptionValue("--round-trips", null);
        final String only = options.matchedOptionValue("--only", null);
        final List<String> skip = List.of(options.matchedOptionValue("--skip", new String[0]));
        final Path results = options.matchedOptionValue("--results", null);
        final Path cPrograms = options.matchedOptionValue("--c-programs", null);
        final Path readme = options.matchedOptionValue("--readme", null);
        final String commandLine = options.matchedOptionValue("--command-line", "benchmarks/run.sh");
        final Integer parkedSeconds = options.matchedOptionValue("--parked-seconds", null);
        final boolean pin = !options.matchedOptionValue("--no-pin", false) &&
            Runtime.getRuntime().availableProcessors() >= 2 && hasTaskset();
        final Settings settings = new Settings(quick,
            rounds != null ? rounds : quick ? 3 : 5,
            roundTrips != null ? roundTrips : quick ? 20_000 : 200_000,
            quick ? 20_000 : 50_000,
            quick ? 64L << 20 : 1L << 30,
            quick ? 1 : 3,
            quick ? 1 : 3,
            quick ? 2 : 5,
            pin,
            only == null ? null : Pattern.compile(only));
        final Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        final String name = DateTimeFormatter.ISO_LOCAL_DATE.format(start.atOffset(ZoneOffset.UTC)) +
            (quick ? "-quick" : "");
        final Toolchain toolchain = Toolchain.ofThisJvm(cPrograms);
        final String loadStart = Machine.loadAverage();
        System.out.println("benchmarks: " + (quick ? "quick" : "full") + " run, " + settings.rounds() + " rounds, " +
            settings.roundTrips() + " round trips per row per round, pinning " + (pin ? "on" : "off") +
            ", load average " + loadStart);
        List<Series> latency = List.of();
        List<Series> throughput = List.of();
        List<Series> jmh = List.of();
        List<Series> journal = List.of();
        List<Series> parkedCpu = List.of();
        List<Series> wakeCost = List.of();
        try (Workspace workspace = new Workspace())
        {
            if (!skip.contains("latency"))
            {
                latency = LatencySuite.run(settings, toolchain, workspace);
            }
            if (!skip.contains("throughput"))
            {
                throughput = ThroughputSuite.run(settings, toolchain, workspace);
            }
            if (!skip.contains("journal"))
            {
                journal = JournalSuite.run(settings, toolchain, workspace);
            }
            if (!skip.contains("parked-cpu"))
            {
                parkedCpu = ParkedCpuSuite.run(settings, toolchain, workspace, parkedSeconds != null ? parkedSeconds :
                    quick ? ParkedCpuSuite.QUICK_WINDOW_SECONDS : ParkedCpuSuite.FULL_WINDOW_SECONDS,
                    Math.min(settings.rounds(), quick ? 2 : 3));
            }
        }
        if (!skip.contains("jmh"))
        {
            Files.createDirectories(results);
            jmh = JmhSuite.run(settings, toolchain, results.resolve(name + "-jmh.log"));
        }
        if (!skip.contains("wake-cost"))
        {
            Files.createDirectories(results);
            wakeCost = WakeCostSuite.run(settings, toolchain, results.resolve(name + "-wake-cost-jmh.log"));
        }
        final double minutes = (Instant.now().toEpochMilli() - start.toEpochMilli()) / 60_000.0;
        final Report report = new Report(new Report.Run(name, start.toString(), commandLine, settings,
            Machine.facts(), loadStart, Machine.loadAverage(), minutes), latency, throughput, jmh, parkedCpu, wakeCost)
            .journal(journal);
        final Path markdown = report.write(results);
        System.out.println("benchmarks: wrote " + markdown + " (and .json, .svg)");
        if (readme != null)
        {
            report.updateReadme(readme, results);
            System.out.println("benchmarks: updated the benchmark section of " + readme);
        }
        return 0;
    }

    private static boolean hasTaskset()
    {
        try
        {
            return new ProcessBuilder("taskset", "-V").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor() == 0;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }
}
