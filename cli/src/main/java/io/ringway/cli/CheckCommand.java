package io.ringway.cli;

import io.ringway.Finding;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

    @Option(names = "--json", description = "Print one JSON object per file (JSON lines) instead of text.")
    boolean json;

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
                if (json)
                {
                    printJson(out, ex.file(), false, List.of(asFinding(ex)));
                }
                else
                {
                    out.println(ex.file() + ": ERROR " + ex.getMessage());
                    out.println(ex.file() + ": FAILED (cannot be read)");
                }
                exitCode = Math.max(exitCode, RingwayCli.EXIT_FILE_ERROR);
                continue;
            }
            try (view)
            {
                final List<Finding> findings = view.inspect();
                final long errors = findings.stream().filter(Finding::isError).count();
                if (json)
                {
                    printJson(out, view.path(), true, findings);
                }
                else
                {
                    for (final Finding finding : findings)
                    {
                        out.println(view.path() + ": " + finding);
                    }
                    out.println(view.path() + ": " + (errors == 0 ? "OK" : "FAILED") + " (" + errors + " errors, " +
                        (findings.size() - errors) + " warnings)");
                }
                if (errors > 0)
                {
                    exitCode = RingwayCli.EXIT_PROBLEMS_FOUND;
                }
            }
        }
        return exitCode;
    }

    /** One file's verdict for --json, one line: the text's last line, with the findings listed in it. */
    private static void printJson(
        final PrintWriter out, final Path file, final boolean readable, final List<Finding> findings)
    {
        final long errors = findings.stream().filter(Finding::isError).count();
        final List<Object> listed = new ArrayList<>();
        for (final Finding finding : findings)
        {
            final Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("severity", finding.severity().toString());
            fields.put("message", finding.reason());
            fields.put("field", finding.field());
            fields.put("found", finding.found());
            fields.put("expected", finding.expected());
            listed.add(fields);
        }
        final Map<String, Object> report = new LinkedHashMap<>();
        report.put("file", file.toString());
        report.put("status", errors == 0 ? "OK" : "FAILED");
        report.put("readable", readable);
        report.put("errors", errors);
        report.put("warnings", findings.size() - errors);
        report.put("findings", listed);
        out.println(Json.object(report));
    }

    /** The error that kept a file from being read, as the finding it reports: its reason without the key=values. */
    private static Finding asFinding(final io.ringway.ChannelFileException ex)
    {
        final String message = ex.getMessage();
        final String keyValues = ": file=" + ex.file() + " field=" + ex.field() + " found=" + ex.found() +
            " expected=" + ex.expected();
        final String reason = message.endsWith(keyValues) ?
            message.substring(0, message.length() - keyValues.length()) : message;
        return Finding.error(ex.field(), ex.found(), ex.expected(), reason);
    }
}
