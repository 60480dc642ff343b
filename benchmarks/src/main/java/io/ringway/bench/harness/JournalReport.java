package io.ringway.bench.harness;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The journal section of the report: messages/s and MB/s of appending and of reading back, Ringway's
 * journal beside Chronicle Queue on the same messages in the same run, with the per-round ratio and where each length
 * stands. Kept apart from {@link Report} so that the journal rows stay one file.
 */
final class JournalReport
{
    private JournalReport()
    {
    }

    /**
     * @param md       where the section goes.
     * @param journal  the journal rows, or an empty list when the suite did not run.
     * @param settings the run's settings.
     */
    static void section(final StringBuilder md, final List<Series> journal, final Settings settings)
    {
        if (journal.isEmpty())
        {
            return;
        }
        md.append("## Journal throughput\n\n");
        md.append("Append, then read (`Journal:` rows): one process, one thread appends warm-up + N messages to ")
            .append("a new journal, then reads them all back from the start; both are timed over the N messages ")
            .append("after the warm-up (a fifth as many), and MB/s counts body bytes (10^6). Each run writes a fresh ")
            .append("directory in the same tmpfs (/dev/shm), so the figures include first-touch page faults of the ")
            .append("files but no disk. Per message, Ringway writes a 24-byte header (length, type, index, ")
            .append("timestamp; 8-byte aligned) and Chronicle Queue a 4-byte one, and both bodies are the same bytes. ")
            .append(String.format(Locale.ROOT, "N = %,d bytes / body length, within %,d to %,d messages.%n%n",
                Math.min(settings.throughputBytes(), JournalSuite.MAX_JOURNAL_BYTES), Settings.MIN_THROUGHPUT_MESSAGES,
                Settings.MAX_THROUGHPUT_MESSAGES));
        final List<Series> append = appendRows(journal);
        final List<Series> record = recordRows(journal);
        if (!append.isEmpty())
        {
            table(md, append);
            md.append('\n');
        }
        if (!record.isEmpty())
        {
            md.append("Journaled messaging end to end: a producer process sends one way to a consumer process that ")
                .append("gets each message only once it is in a journal (the throughput contract above: messages/s ")
                .append("and MB/s received by the consumer, timed after a warm-up of a fifth as many). Ringway: a ")
                .append("channel and a JournalRecorder in the consumer; Chronicle Queue: the queue is the channel ")
                .append("and the journal.\n\n");
            recordTable(md, record);
            md.append('\n');
        }
        for (final Series series : journal)
        {
            for (final String error : series.errors())
            {
                md.append("- ").append(series.name()).append(": a round failed: `")
                    .append(error.lines().findFirst().orElse(error).replace('`', '\'')).append("`\n");
            }
        }
        md.append('\n');
        status(md, journal);
        md.append('\n');
    }

    /** @return the one-process append-then-read rows. */
    static List<Series> appendRows(final List<Series> journal)
    {
        return journal.stream().filter(s -> !isRecord(s)).toList();
    }

    /** @return the two-process record rows. */
    static List<Series> recordRows(final List<Series> journal)
    {
        return journal.stream().filter(JournalReport::isRecord).toList();
    }

    private static boolean isRecord(final Series series)
    {
        return series.name().startsWith(Contenders.JOURNAL_RECORD_RINGWAY + ", ") ||
            series.name().startsWith(Contenders.JOURNAL_RECORD_CHRONICLE + ", ");
    }

    /**
     * The record table: one row per record row, with its ratio to Chronicle Queue's row of the same length.
     *
     */
    static void recordTable(final StringBuilder md, final List<Series> record)
    {
        md.append("| row | msgs/s | MB/s | / Chronicle | rounds |").append(" setup |").append('\n');
        md.append("| --- | ---: | ---: | ---: | ---: |").append(" --- |").append('\n');
        for (final Series series : record)
        {
            final Series chronicle = chronicleOf(record, series);
            md.append("| ").append(series.name()).append(" | ")
                .append(rate(series.median(ThroughputSuite.MESSAGES_PER_SECOND))).append(" | ")
                .append(rate(series.median(ThroughputSuite.MEGABYTES_PER_SECOND))).append(" | ")
                .append(ratio(ratioOf(series, chronicle, ThroughputSuite.MESSAGES_PER_SECOND))).append(" | ")
                .append(series.measuredRounds()).append('/').append(series.roundCount()).append(" |");
            md.append(' ').append(series.topology()).append(" |");
            md.append('\n');
        }
    }

    /**
     * The table: one row per journal row, with its ratio to Chronicle Queue's row of the same length.
     *
     */
    static void table(final StringBuilder md, final List<Series> journal)
    {
        md.append("| row | append msgs/s | append MB/s | read msgs/s | read MB/s | append / Chronicle | ")
            .append("read / Chronicle | rounds |").append(" setup |").append('\n');
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |").append(" --- |")
            .append('\n');
        for (final Series series : journal)
        {
            final Series chronicle = chronicleOf(journal, series);
            md.append("| ").append(series.name()).append(" | ")
                .append(rate(series.median(JournalSuite.APPEND_MESSAGES_PER_SECOND))).append(" | ")
                .append(rate(series.median(JournalSuite.APPEND_MEGABYTES_PER_SECOND))).append(" | ")
                .append(rate(series.median(JournalSuite.READ_MESSAGES_PER_SECOND))).append(" | ")
                .append(rate(series.median(JournalSuite.READ_MEGABYTES_PER_SECOND))).append(" | ")
                .append(ratio(ratioOf(series, chronicle, JournalSuite.APPEND_MESSAGES_PER_SECOND))).append(" | ")
                .append(ratio(ratioOf(series, chronicle, JournalSuite.READ_MESSAGES_PER_SECOND))).append(" | ")
                .append(series.measuredRounds()).append('/').append(series.roundCount()).append(" |");
            md.append(' ').append(series.topology()).append(" |");
            md.append('\n');
        }
    }

    /**
     * One line per length and direction: whether Ringway's journal is at least as fast as Chronicle Queue, by the
     * median of the per-round ratios.
     */
    static void status(final StringBuilder md, final List<Series> journal)
    {
        md.append("| journal | measured | stands |\n| --- | --- | --- |\n");
        for (final Series series : journal)
        {
            final int length = JournalSuite.lengthOf(series.name());
            final Series chronicle = chronicleOf(journal, series);
            if (series.name().startsWith(Contenders.JOURNAL_RINGWAY + ", "))
            {
                statusLine(md, "append", length, ratioOf(series, chronicle, JournalSuite.APPEND_MESSAGES_PER_SECOND));
                statusLine(md, "read", length, ratioOf(series, chronicle, JournalSuite.READ_MESSAGES_PER_SECOND));
            }
            else if (series.name().startsWith(Contenders.JOURNAL_RECORD_RINGWAY + ", "))
            {
                statusLine(md, "record end to end", length,
                    ratioOf(series, chronicle, ThroughputSuite.MESSAGES_PER_SECOND));
            }
        }
    }

    private static void statusLine(final StringBuilder md, final String what, final int length,
        final OptionalDouble ratio)
    {
        md.append("| Ringway journal ").append(what).append(" at or above Chronicle Queue's, ").append(length)
            .append(" B | ");
        if (ratio.isEmpty())
        {
            md.append("not measured | not measured |\n");
            return;
        }
        md.append("Ringway / Chronicle = ").append(ratio(ratio)).append(" | ")
            .append(ratio.getAsDouble() >= 1.0 ? "ahead" : "behind").append(" |\n");
    }

    /** @return Chronicle Queue's row of the same kind and length as this row, or null when it did not run. */
    private static Series chronicleOf(final List<Series> journal, final Series series)
    {
        final String name = JournalSuite.rowName(isRecord(series) ? Contenders.JOURNAL_RECORD_CHRONICLE :
            Contenders.JOURNAL_CHRONICLE, JournalSuite.lengthOf(series.name()));
        return journal.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
    }

    private static OptionalDouble ratioOf(final Series series, final Series chronicle, final String key)
    {
        return chronicle == null ? OptionalDouble.empty() : series.medianRatio(key, chronicle);
    }

    private static String rate(final OptionalDouble value)
    {
        return Report.rate(value.orElse(Double.NaN));
    }

    private static String ratio(final OptionalDouble value)
    {
        return value.isPresent() ? String.format(Locale.ROOT, "%.2fx", value.getAsDouble()) : "-";
    }
}
