package io.ringway.cli;

import io.ringway.Finding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code ringway check}: validates a channel file read-only and prints every problem, one per line.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
        "Validate channel files and report every problem found.",
        "Read-only, against docs/LAYOUT.md.",
        "It checks header fields, positions, each unread record, leases held by dead processes and loose permissions.",
        "Exit code 0 when no file has an ERROR (warnings allowed), 1 when one has, 3 when one cannot be read." })
final class CheckCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "CHANNEL", arity = "1..*", description = "Channel names or paths.")
    List<String> channels;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        int exitCode = RingwayCli.EXIT_OK;
        for (final String channel : channels)
        {
            final ChannelFileView view;
            try
            {
                view = ChannelFileView.open(ChannelArgument.toPath(channel));
            }
            catch (final io.ringway.ChannelFileException ex)
            {
                out.println(ex.file() + ": ERROR " + ex.getMessage());
                out.println(ex.file() + ": FAILED (cannot be read)");
                exitCode = Math.max(exitCode, RingwayCli.EXIT_FILE_ERROR);
                continue;
            }
            try (view)
            {
                final List<Finding> findings = view.inspect();
                long errors = 0;
                for (final Finding finding : findings)
                {
                    out.println(view.path() + ": " + finding);
                    if (finding.severity() == Finding.Severity.ERROR)
                    {
                        errors++;
                    }
                }
                out.println(view.path() + ": " + (errors == 0 ? "OK" : "FAILED") + " (" + errors + " errors, " +
                    (findings.size() - errors) + " warnings)");
                if (errors > 0)
                {
                    exitCode = RingwayCli.EXIT_PROBLEMS_FOUND;
                }
            }
        }
        return exitCode;
    }
}
