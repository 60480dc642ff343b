package io.ringway.cli;

import io.ringway.examples.demo.CrossLanguageDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
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
        "send sequenced traffic at once into one MPSC channel read by Java. With --bridge, a third phase",
        "crosses hosts over loopback: 'ringway bridge send' and 'bridge receive', two processes with their own",
        "Aeron media drivers, carry the market data over UDP 127.0.0.1 to a second channel and the C consumer.",
        "Builds the C and Go programs on first use (examples/cross-language-demo/build.sh), so it runs from a",
        "checkout (cli/ringway), not from the distribution. Exit code 0 when every check passed." })
final class DemoCommand implements Callable<Integer>
{
    /** Set by the launcher in a checkout (cli/ringway) to the checkout's root; absent in the distribution. */
    static final String SOURCE_ROOT_PROPERTY = "ringway.cli.root";

    @Option(names = "--seconds", defaultValue = "5", description = "How long to publish (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--rate", defaultValue = "100000",
        description = "Market data updates per second to each consumer (default: ${DEFAULT-VALUE}).")
    int rate;

    @Option(names = "--fan-in-count", defaultValue = "2000000",
        description = "Messages each fan-in producer sends (default: ${DEFAULT-VALUE}).")
    long fanInCount;

    @Option(names = "--bridge", description = "Add the cross-host phase over UDP loopback (ringway bridge).")
    boolean bridge;

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
        final Path root = sourceRoot();
        // the directory is checked before the programs are built: a mistyped --dir fails at once, building nothing
        if (directory != null && !Files.isDirectory(ChannelArgument.checkedPath(directory, "--dir")))
        {
            throw new CliException("cannot place the demo's channels: file=" + directory + " field=--dir found=" +
                (Files.exists(directory, LinkOption.NOFOLLOW_LINKS) ? "not a directory" : "absent") +
                " expected=an existing directory this user can write");
        }
        try
        {
            final Path bin = CrossLanguageDemo.buildPrograms(root, CrossLanguageDemo.defaultBin(root));
            final CrossLanguageDemo demo = new CrossLanguageDemo(seconds, rate, fanInCount, directory, bin);
            if (bridge)
            {
                // the bridge sides run as this command does, through the checkout's launcher
                demo.withBridgePhase(List.of(root.resolve("cli").resolve("ringway").toString()));
            }
            final boolean ok = demo.run(spec.commandLine().getOut(), System.console() != null);
            return ok ? RingwayCli.EXIT_OK : RingwayCli.EXIT_PROBLEMS_FOUND;
        }
        catch (final CrossLanguageDemo.SetupException ex)
        {
            throw new CliException(ex.getMessage(), ex);
        }
    }

    /**
     * @return the checkout the launcher runs from, whose sources the demo builds its C and Go programs from.
     * @throws CliException in the distribution (bin/ringway), which holds no sources: it says to run from a checkout.
     */
    private static Path sourceRoot()
    {
        final String root = System.getProperty(SOURCE_ROOT_PROPERTY);
        if (root == null)
        {
            throw new CliException("ringway demo needs a checkout of Ringway: it builds its C and Go programs from " +
                "the sources (examples/cross-language-demo), which the distribution does not hold: field=" +
                SOURCE_ROOT_PROPERTY + " found=absent (run from the distribution) expected=a checkout; run " +
                "cli/ringway demo in a clone of the Ringway repository");
        }
        return Path.of(root).toAbsolutePath();
    }
}
