package io.ringway.cli;

import io.ringway.journal.JournalPruner;
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
 * {@code ringway prune JOURNAL_DIR --before INDEX}: deletes a journal's whole segments whose every record index is
 * below INDEX ({@link JournalPruner}) and prints each one it deleted. A verb beside {@code record}, {@code replay} and
 * {@code stat}, which take a journal directory too.
 */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    description = {
        "Delete the oldest segments of a journal: every sealed segment whose records all have an index below " +
            "--before. The segment a writer appends to (the last) and the one holding INDEX are kept.",
        "Safe while a writer appends and readers read: a reader keeps the segment it is reading and then goes on " +
            "at the journal's first kept record. For a bridge sender's journal, INDEX is the receiver's " +
            "lastDeliveredIndex + 1 (ringway stat STATE_FILE)." })
final class PruneCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path journal;

    @Option(names = "--before", required = true, paramLabel = "INDEX", converter = Counts.NonNegative.class,
        description = "Keep every record at this index and above.")
    long beforeIndex;

    @Option(names = "--json", description = "Print what was deleted as a JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        ChannelArgument.checkedPath(journal, "JOURNAL_DIR");
        final List<JournalPruner.Removed> removed = JournalPruner.pruneBefore(journal, beforeIndex);
        long records = 0;
        for (final JournalPruner.Removed segment : removed)
        {
            records += segment.endIndex() - segment.firstIndex();
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (json)
        {
            final List<Object> segments = new ArrayList<>();
            for (final JournalPruner.Removed segment : removed)
            {
                final Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("file", segment.path().toString());
                fields.put("firstIndex", segment.firstIndex());
                fields.put("endIndex", segment.endIndex());
                segments.add(fields);
            }
            final Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("journal", journal.toString());
            summary.put("before", beforeIndex);
            summary.put("segmentsRemoved", removed.size());
            summary.put("recordsRemoved", records);
            summary.put("removed", segments);
            out.println(Json.object(summary));
        }
        else
        {
            for (final JournalPruner.Removed segment : removed)
            {
                out.printf("removed %s indexes %d..%d%n", segment.path(), segment.firstIndex(),
                    segment.endIndex() - 1);
            }
            out.printf("pruned %d segments (%d records) below index %d from %s%n", removed.size(), records,
                beforeIndex, journal);
        }
        return RingwayCli.EXIT_OK;
    }
}
