package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalReportTest
{
    @TempDir
    Path directory;

    private static Series journal(final String contender, final int length, final double... appendRates)
    {
        final Series series = new Series(JournalSuite.rowName(contender, length),
            contender.equals(Contenders.JOURNAL_RINGWAY) ? Contender.Kind.RINGWAY : Contender.Kind.PEER,
            "setup of " + contender, null);
        for (final double rate : appendRates)
        {
            final Map<String, Double> values = new LinkedHashMap<>();
            values.put(JournalSuite.APPEND_MESSAGES_PER_SECOND, rate);
            values.put(JournalSuite.APPEND_MEGABYTES_PER_SECOND, rate * length / 1e6);
            // reads twice as fast as appends in every round
            values.put(JournalSuite.READ_MESSAGES_PER_SECOND, rate * 2);
            values.put(JournalSuite.READ_MEGABYTES_PER_SECOND, rate * 2 * length / 1e6);
            series.add(values);
        }
        return series;
    }

    private static Report report(final List<Series> journal)
    {
        final Settings settings = new Settings(true, 3, 1000, 100, 1 << 20, 1, 1, 1, true, null);
        return new Report(new Report.Run("2026-01-01-quick", "2026-01-01T00:00:00Z", "benchmarks/run.sh --quick",
            settings, Map.of("CPU", "test CPU"), "0.1 0.1 0.1", "0.2 0.2 0.2", 1.5), List.of(), List.of(), List.of())
            .journal(journal);
    }

    @Test
    void shouldTurnTheProgramsResultLineIntoRatesOfAppendAndReadSeparately()
    {
        final Map<String, Double> values = JournalSuite.parse(
            "messages=2000000 bytes=64000000 appendNanos=500000000 readNanos=250000000\n");
        assertEquals(4_000_000, values.get(JournalSuite.APPEND_MESSAGES_PER_SECOND), 1e-6);
        assertEquals(128, values.get(JournalSuite.APPEND_MEGABYTES_PER_SECOND), 1e-9);
        assertEquals(8_000_000, values.get(JournalSuite.READ_MESSAGES_PER_SECOND), 1e-6);
        assertEquals(256, values.get(JournalSuite.READ_MEGABYTES_PER_SECOND), 1e-9);
    }

    @Test
    void shouldRejectAResultLineWithoutTheReadTime()
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> JournalSuite.parse("messages=10 bytes=320 appendNanos=5"));
        assertTrue(ex.getMessage().contains("field=readNanos"), ex.getMessage());
    }

    @Test
    void shouldCapTheJournalVolumeOfAFullRunButNotOfAQuickOne()
    {
        final Settings full = new Settings(false, 5, 1000, 100, 1L << 30, 1, 1, 1, true, null);
        assertEquals(JournalSuite.MAX_JOURNAL_BYTES / 256, JournalSuite.messages(full, 256));
        final Settings quick = new Settings(true, 3, 1000, 100, 64L << 20, 1, 1, 1, true, null);
        assertEquals((64L << 20) / 256, JournalSuite.messages(quick, 256));
        assertEquals(Settings.MIN_THROUGHPUT_MESSAGES, JournalSuite.messages(quick, 1 << 20));
    }

    @Test
    void shouldTakeTheBodyLengthFromTheRowName()
    {
        assertEquals(256, JournalSuite.lengthOf(JournalSuite.rowName(Contenders.JOURNAL_CHRONICLE, 256)));
    }

    @Test
    void shouldSelectOnlyTheJournalRowsWithOnlyJournal()
    {
        final Settings settings = new Settings(true, 3, 1000, 100, 1 << 20, 1, 1, 1, true, Pattern.compile("Journal"));
        for (final Contender contender : Contenders.JOURNAL_RECORD)
        {
            assertTrue(settings.selects(contender.name()), contender.name());
        }
        for (final Contender contender : Contenders.JOURNAL)
        {
            assertTrue(settings.selects(contender.name()), contender.name());
        }
        for (final Contender contender : Contenders.LATENCY)
        {
            assertFalse(settings.selects(contender.name()), contender.name());
        }
        for (final Contender contender : Contenders.THROUGHPUT)
        {
            assertFalse(settings.selects(contender.name()), contender.name());
        }
    }

    @Test
    void shouldGiveTheMedianOfPerRoundRatiosToChronicleOfTheSameLength() throws Exception
    {
        // round ratios 2.0, 0.5, 1.5: median 1.5, while the ratio of medians would be 10/9
        final List<Series> rows = List.of(
            journal(Contenders.JOURNAL_RINGWAY, 32, 10e6, 5e6, 15e6),
            journal(Contenders.JOURNAL_CHRONICLE, 32, 5e6, 10e6, 10e6),
            journal(Contenders.JOURNAL_RINGWAY, 256, 1e6, 1e6, 1e6),
            journal(Contenders.JOURNAL_CHRONICLE, 256, 2e6, 2e6, 2e6));
        final String markdown = Files.readString(report(rows).write(directory), StandardCharsets.UTF_8);
        assertTrue(markdown.contains("## Journal throughput"), markdown);
        assertTrue(markdown.contains(
            "| Journal: Ringway, 32 B | 10.00 M | 320 | 20.00 M | 640 | 1.50x | 1.50x | 3/3 |"), markdown);
        assertTrue(markdown.contains(
            "| Journal: Ringway, 256 B | 1.00 M | 256 | 2.00 M | 512 | 0.50x | 0.50x | 3/3 |"), markdown);
        assertTrue(markdown.contains("| Ringway journal append at or above Chronicle Queue's, 32 B | " +
            "Ringway / Chronicle = 1.50x | ahead |"), markdown);
        assertTrue(markdown.contains("| Ringway journal read at or above Chronicle Queue's, 256 B | " +
            "Ringway / Chronicle = 0.50x | behind |"), markdown);
        assertTrue(Files.readString(directory.resolve("2026-01-01-quick.json"))
            .contains("\"journalThroughput\""));
    }

    @Test
    void shouldSayNotMeasuredWhenChronicleDidNotRun() throws Exception
    {
        final String markdown = Files.readString(
            report(List.of(journal(Contenders.JOURNAL_RINGWAY, 32, 1e6))).write(directory));
        assertTrue(markdown.contains("| Ringway journal append at or above Chronicle Queue's, 32 B | not measured | " +
            "not measured |"), markdown);
    }

    @Test
    void shouldLeaveTheJournalSectionOutWhenTheSuiteDidNotRun() throws Exception
    {
        final String markdown = Files.readString(report(List.of()).write(directory));
        assertFalse(markdown.contains("Journal throughput"), markdown);
    }

    @Test
    void shouldLeaveTheJournalTableToTheReportAndOutOfTheReadme() throws Exception
    {
        final Path readme = directory.resolve("README.md");
        Files.writeString(readme, Report.README_BEGIN + "\n" + Report.README_END + "\n", StandardCharsets.UTF_8);
        report(List.of(journal(Contenders.JOURNAL_RINGWAY, 32, 3e6), journal(Contenders.JOURNAL_CHRONICLE, 32, 2e6)))
            .updateReadme(readme, directory.resolve("results"));
        final String text = Files.readString(readme);
        assertFalse(text.contains("| Journal: Ringway, 32 B |"), text);
    }

    private static Series record(final String contender, final int length, final double... rates)
    {
        final Series series = new Series(JournalSuite.rowName(contender, length), Contender.Kind.PEER, "setup", null);
        for (final double rate : rates)
        {
            series.add(Map.of(ThroughputSuite.MESSAGES_PER_SECOND, rate,
                ThroughputSuite.MEGABYTES_PER_SECOND, rate * length / 1e6));
        }
        return series;
    }

    @Test
    void shouldCompareRecordRowsWithChronicleRecordRowsOnlyInTheirOwnTable() throws Exception
    {
        final List<Series> rows = List.of(
            journal(Contenders.JOURNAL_RINGWAY, 32, 4e6, 4e6),
            journal(Contenders.JOURNAL_CHRONICLE, 32, 1e6, 1e6),
            record(Contenders.JOURNAL_RECORD_RINGWAY, 32, 3e6, 6e6),
            record(Contenders.JOURNAL_RECORD_CHRONICLE, 32, 2e6, 2e6));
        final String markdown = Files.readString(report(rows).write(directory), StandardCharsets.UTF_8);
        // per-round ratios 1.5 and 3.0: median 2.25
        assertTrue(markdown.contains("| Journal record: Ringway, 32 B | 4.50 M | 144 | 2.25x | 2/2 | setup |"),
            markdown);
        assertTrue(markdown.contains("| Journal: Ringway, 32 B | 4.00 M | 128 | 8.00 M | 256 | 4.00x | 4.00x | 2/2 |"),
            markdown);
        assertTrue(markdown.contains("| Ringway journal record end to end at or above Chronicle Queue's, 32 B | " +
            "Ringway / Chronicle = 2.25x | ahead |"), markdown);
        assertEquals(2, JournalReport.recordRows(rows).size());
        assertEquals(2, JournalReport.appendRows(rows).size());
    }
}
