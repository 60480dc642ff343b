package io.ringway.cli;

import io.ringway.examples.demo.CrossLanguageDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code ringway demo}: launches the cross-language demo of examples/cross-language-demo (Java, C and Go processes
 * exchanging messages through channel files, with live rates and latency), after building its C and Go programs.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
        "Move messages between Java, C and Go processes; show live rates and latency, then the results.",
        "Java publishes SBE market data to a C and a Go consumer (two SPSC channels); C and Go producers",
        "send sequenced traffic at once into one MPSC channel read by Java. Builds the C and Go programs",
        "on first use (examples/cross-language-demo/build.sh). Exit code 0 when every check passed." })
final class DemoCommand implements Callable<Integer>
{
    @Option(names = "--seconds", defaultValue = "5", description = "How long to publish (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rate", defaultValue = "100000",
        description = "Market data updates per second to each consumer (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--fan-in-count", defaultValue = "2000000",
        description = "Messages each fan-in producer sends (default: ${DEFAULT-VALUE}).")
    long fanInCount;

    @Option(names = "--dir", description = "Directory for the channel files (default: /dev/shm when writable).")
    Path directory;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception
    {
        if (seconds < 1 || rate < 1 || fanInCount < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid values: found=--seconds " + seconds +
                " --rate " + rate + " --fan-in-count " + fanInCount + " expected=each >= 1");
        }
        // the directory is checked before the programs are built: a mistyped --dir fails at once, building nothing
        if (directory != null && !Files.isDirectory(ChannelArgument.checkedPath(directory, "--dir")))
        {
            throw new CliException("cannot place the demo's channels: file=" + directory + " field=--dir found=" +
                (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) ? "not a directory" : "absent") +
                " expected=an existing directory this user can write");
        }
        final Path root = Path.of(System.getProperty("ringway.cli.root", ".")).toAbsolutePath();
        try
        {
            final Path bin = CrossLanguageDemo.buildPrograms(root, CrossLanguageDemo.defaultBin(root));
            final boolean ok = new CrossLanguageDemo(seconds, rate, fanInCount, directory, bin)
                .run(spec.commandLine().getOut(), System.console() != null);
            return ok ? RingwayCli.EXIT_OK : RingwayCli.EXIT_PROBLEMS_FOUND;
        }
        catch (final CrossLanguageDemo.SetupException ex)
        {
            throw new CliException(ex.getMessage(), ex);
        }
    }
}
