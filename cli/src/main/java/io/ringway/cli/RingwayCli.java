package io.ringway.cli;

import io.ringway.ChannelCorruptedException;
import io.ringway.ChannelFileException;
import io.ringway.journal.JournalCorruptedException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;

/**
 * The {@code ringway} command. Sub-commands each live in their own class; this class holds the options every
 * sub-command shares, the exit codes, and the rule that an error is one line unless {@code --verbose} is given.
 */
@Command(
    name = "ringway",
    mixinStandardHelpOptions = true,
    versionProvider = RingwayCli.Version.class,
    description = "Create, inspect, watch, record, replay, bridge and exercise Ringway shared-memory channels.",
    subcommands = {
        CreateCommand.class,
        StatCommand.class,
        CheckCommand.class,
        TailCommand.class,
        RecordCommand.class,
        ReplayCommand.class,
        PruneCommand.class,
        BenchCommand.class,
        DemoCommand.class,
        BridgeCommand.class,
        CommandLine.HelpCommand.class },
    footerHeading = "%nExit codes:%n",
    footer = {
        "  0  success",
        "  1  check found problems, or tail, record or replay met a corrupt record",
        "  2  bad arguments (usage)",
        "  3  the channel file or journal could not be used (missing, foreign, not allowed, taken)",
        "  4  unexpected failure (run again with --verbose for the stack trace)",
        "",
        "CHANNEL is a path (it contains '/' or ends in .ringway) or a name in the default",
        "directory (/dev/shm when writable): 'orders' means /dev/shm/orders.ringway." })
public final class RingwayCli
{
    /** Success. */
    public static final int EXIT_OK = 0;
    /** check found problems, or traffic was corrupt. */
    public static final int EXIT_PROBLEMS_FOUND = 1;
    /** Bad arguments: picocli's own usage code. */
    public static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;
    /** The channel file could not be used. */
    public static final int EXIT_FILE_ERROR = 3;
    /** Anything else. */
    public static final int EXIT_UNEXPECTED = 4;

    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
        description = "Show stack traces of errors.")
    boolean verbose;

    private RingwayCli()
    {
    }

    public static void main(final String[] args)
    {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    static int run(final String[] args, final PrintWriter out, final PrintWriter err)
    {
        final RingwayCli cli = new RingwayCli();
        final CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(out);
        commandLine.setErr(err);
        commandLine.setExecutionExceptionHandler((ex, failedCommand, parseResult) -> reportError(ex, failedCommand));
        commandLine.setParameterExceptionHandler((ex, ignoredArgs) ->
        {
            err.println("ringway: " + ex.getMessage());
            final CommandLine.UnmatchedArgumentException unmatched = ex instanceof CommandLine.UnmatchedArgumentException ?
                (CommandLine.UnmatchedArgumentException)ex : null;
            if (unmatched == null || !CommandLine.UnmatchedArgumentException.printSuggestions(unmatched, err))
            {
                err.println("Try '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help' for usage.");
            }
            err.flush();
            return EXIT_USAGE;
        });
        return commandLine.execute(args);
    }

    /**
     * Prints an error that ended a command as one line on the command's stderr, {@code ringway SUBCOMMAND: error:
     * MESSAGE} (with the stack trace under --verbose, else a hint for an unexpected one).
     *
     * @param ex            what ended the command.
     * @param failedCommand the (sub-)command it ended.
     * @return the exit code it calls for ({@link #exitCodeOf(Throwable)}).
     */
    static int reportError(final Exception ex, final CommandLine failedCommand)
    {
        final PrintWriter err = failedCommand.getErr();
        final int exitCode = exitCodeOf(ex);
        err.println(failedCommand.getCommandSpec().qualifiedName() + ": error: " + oneLine(ex));
        if (failedCommand.getCommandSpec().root().userObject() instanceof RingwayCli cli && cli.verbose)
        {
            ex.printStackTrace(err);
        }
        else if (exitCode == EXIT_UNEXPECTED)
        {
            err.println("(run again with --verbose for the stack trace)");
        }
        err.flush();
        return exitCode;
    }

    static int exitCodeOf(final Throwable ex)
    {
        if (ex instanceof ChannelCorruptedException || ex instanceof JournalCorruptedException)
        {
            return EXIT_PROBLEMS_FOUND;
        }
        if (ex instanceof ChannelFileException || ex instanceof CliException)
        {
            return EXIT_FILE_ERROR;
        }
        return EXIT_UNEXPECTED;
    }

    private static String oneLine(final Throwable ex)
    {
        final String message = ex.getMessage();
        final String text = message == null || message.isBlank() ? ex.getClass().getName() : message;
        return text.replace('\n', ' ');
    }

    /** Reports the version of the jar (from its manifest) and of the channel layout it reads and writes. */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            final String implementation = RingwayCli.class.getPackage().getImplementationVersion();
            return new String[] {
                "ringway " + (implementation == null ? "(development build)" : implementation),
                "channel layout " + io.ringway.HeaderDescriptor.LAYOUT_MAJOR_VERSION + "." +
                    io.ringway.HeaderDescriptor.LAYOUT_MINOR_VERSION };
        }
    }
}
