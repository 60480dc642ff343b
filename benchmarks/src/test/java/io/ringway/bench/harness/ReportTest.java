package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReportTest
{
    @TempDir
    Path directory;

    private static Series latency(final String name, final Contender.Kind kind, final double... p50s)
    {
        final Series series = new Series(name, kind, "topology of " + name, null);
        for (final double p50 : p50s)
        {
            final Map<String, Double> values = new LinkedHashMap<>();
            for (final double percentile : LatencySuite.PERCENTILES)
            {
                values.put(LatencySuite.key(percentile), p50 * (1 + percentile / 100));
            }
            values.put("p50", p50);
            values.put(LatencySuite.MAX, p50 * 100);
            series.add(values);
        }
        return series;
    }

    private static Report report(final List<Series> latency)
    {
        final Settings settings = new Settings(true, 2, 1000, 100, 1 << 20, 1, 1, 1, true, null);
        return new Report(new Report.Run("2026-01-01-quick", "2026-01-01T00:00:00Z", "benchmarks/run.sh --quick",
            settings, Map.of("CPU", "test CPU"), "0.1 0.1 0.1", "0.2 0.2 0.2", 1.5), latency, List.of(), List.of());
    }

    private static List<Series> rows()
    {
        final List<Series> rows = new ArrayList<>();
        rows.add(latency(Contenders.RAW_SPIN_FLOOR, Contender.Kind.FLOOR, 100, 200));
        rows.add(latency(Contenders.RINGWAY_JAVA_JAVA, Contender.Kind.RINGWAY, 120, 240));
        rows.add(latency(Contenders.RINGWAY_JAVA_C, Contender.Kind.RINGWAY, 300, 600));
        rows.add(new Series(Contenders.RINGWAY_GO_JAVA, Contender.Kind.RINGWAY, "go", "lands later"));
        rows.add(latency(Contenders.AERON_IPC, Contender.Kind.PEER, 150, 300));
        rows.add(latency(Contenders.UNIX_SOCKET, Contender.Kind.PEER, 20_000, 40_000));
        rows.add(latency(Contenders.pairedName(Contenders.AERON_IPC), Contender.Kind.PEER, 150, 300));
        rows.add(latency(Contenders.pairedName(Contenders.RINGWAY_JAVA_JAVA), Contender.Kind.RINGWAY, 120, 240));
        return rows;
    }

    @Test
    void shouldSayWhereEachTargetStandsFromPerRoundRatios() throws Exception
    {
        final String markdown = Files.readString(report(rows()).write(directory));
        assertTrue(markdown.contains("| Java<->Java spinning p50 within 1.3x of the raw C floor | " +
            "Java<->Java / raw spin = 1.20x (goal <= 1.3x) | met |"), markdown);
        assertTrue(markdown.contains("Java<->Java / Aeron IPC = 0.80x (goal <= 1.0x) | met |"), markdown);
        assertTrue(markdown.contains("Java<->C / Java<->Java = 2.50x (goal <= 1.2x) | not met |"), markdown);
        assertTrue(markdown.contains(
            "| Go<->Java p50 within 1.2x of Java<->Java | not measured yet | not measured yet |"), markdown);
        assertTrue(markdown.contains("| Ringway Go<->Java | not measured yet |"), markdown);
        assertTrue(markdown.contains("Unix socket / Ringway Java<->Java = 166.67x (goal >= 10.0x) | met |"), markdown);
    }

    @Test
    void shouldShowTheSameStatePairsInATableOfTheirOwnWithPerRoundRatios() throws Exception
    {
        final String markdown = Files.readString(report(rows()).write(directory));
        assertTrue(markdown.contains("## Round-trip latency, same-state pairs"), markdown);
        assertTrue(markdown.contains("| Ringway Java<->Java / Aeron IPC | 225 ns | 180 ns |"), markdown);
        assertTrue(markdown.contains("| 0.80x | 0.80x | 0.80x | 2/2 |"), markdown);
        assertTrue(!markdown.contains("| " + Contenders.pairedName(Contenders.AERON_IPC) + " |"),
            "the pair's rows are not in the back-to-back table: " + markdown);
    }

    @Test
    void shouldWriteJsonAndAPlotWithOneLinePerMeasuredRow() throws Exception
    {
        report(rows()).write(directory);
        assertTrue(Files.readString(directory.resolve("2026-01-01-quick.json"))
            .contains("\"notMeasuredYet\": \"lands later\""));
        final Document svg = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(
            Files.readAllBytes(directory.resolve("2026-01-01-quick.svg"))));
        assertEquals(5, svg.getElementsByTagName("polyline").getLength());
    }

    @Test
    void shouldReplaceOnlyTheBenchmarkSectionOfTheReadme() throws Exception
    {
        final Path readme = directory.resolve("README.md");
        Files.writeString(readme, "# Title\n\nbefore\n\n" + Report.README_BEGIN + "\nold table\n" + Report.README_END +
            "\n\nafter\n", StandardCharsets.UTF_8);
        report(rows()).updateReadme(readme, directory.resolve("results"));
        final String text = Files.readString(readme);
        assertTrue(text.startsWith("# Title\n\nbefore\n\n" + Report.README_BEGIN), text);
        assertTrue(text.endsWith(Report.README_END + "\n\nafter\n"), text);
        assertTrue(!text.contains("old table"), text);
        assertTrue(text.contains("issue-21 goals: 1 of 8 met"), text);
        assertTrue(text.contains("Java<->Java p50 vs Aeron met (Java<->Java / Aeron IPC p50 (same state) 0.80x)"), text);
        assertTrue(text.contains("[results/2026-01-01-quick.md](results/2026-01-01-quick.md)"), text);
        assertTrue(!text.contains("| Ringway Java<->Java |"), text);
        final String between = text.substring(text.indexOf(Report.README_BEGIN) + Report.README_BEGIN.length(),
            text.indexOf(Report.README_END));
        assertEquals(1, between.strip().lines().count(), "one summary line between the markers:\n" + text);
    }
}
