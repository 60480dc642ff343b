package io.ringway.gointerop;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.RingKind;
import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.ringway.gointerop.Language.Program.CONSUMER;
import static io.ringway.gointerop.Language.Program.PRODUCER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance traffic of docs/CONFORMANCE.md (per-producer order, body lengths and filler bytes, END's count and
 * FNV-1a checksum) between processes of every pair of languages ({@link Language}): producer language x consumer
 * language x {SPSC, MPSC}, and one MPSC channel fed at once by a producer of every language in every mode.
 *
 * <p>SPSC: one producer. MPSC: two producers of the producer language, the second in the language's last mode (Go:
 * {@code batch}); the consumer reads MPSC in its last mode (Go: {@code batch}) and SPSC in {@code single}. After the
 * consumer has verified everything, the channel's consumer position must equal its producer position.
 *
 * <p>Message counts: {@code -Dringway.interop.messages=N} per cell (default 1,000,000); ten times as many in the SPSC
 * cells Java -> C, C -> Java, Go -> Java, Java -> Go and Go -> C.
 */
class ConformanceMatrixTest
{
    private static final long MESSAGES = Long.getLong("ringway.interop.messages", 1_000_000L);
    private static final long LONG_CELL_MESSAGES = 10 * MESSAGES;
    /** The SPSC pairs (producer, consumer) that move {@link #LONG_CELL_MESSAGES}. */
    private static final Set<List<Language>> LONG_CELLS = Set.of(
        List.of(Language.JAVA, Language.C), List.of(Language.C, Language.JAVA), List.of(Language.GO, Language.JAVA),
        List.of(Language.JAVA, Language.GO), List.of(Language.GO, Language.C));
    private static final int CAPACITY = 1 << 20;
    private static final long TIMEOUT_SECONDS = 300;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("conformance-matrix");

    /** One process sending {@code count} messages as producer {@code id}. */
    record Producer(Language language, String mode, long count)
    {
    }

    /** One cell of the matrix. */
    record Cell(RingKind kind, Language producer, Language consumer, long messages)
    {
        List<Producer> producers()
        {
            if (kind == RingKind.SPSC)
            {
                return List.of(new Producer(producer, "single", messages));
            }
            final String secondMode = producer.modes().get(producer.modes().size() - 1);
            return List.of(new Producer(producer, "single", messages / 2),
                new Producer(producer, secondMode, messages - messages / 2));
        }

        String consumerMode()
        {
            return kind == RingKind.SPSC ? "single" : consumer.modes().get(consumer.modes().size() - 1);
        }

        @Override
        public String toString()
        {
            final String producers = kind == RingKind.SPSC ? producer + " producer" :
                "2 " + producer + " producers (" + producers().stream().map(Producer::mode).distinct()
                    .collect(Collectors.joining(", ")) + ")";
            return producers + " -> " + consumer + " consumer (" + consumerMode() + "), " + kind + ": " +
                count(messages) + " messages in order, checksums match";
        }
    }

    static Stream<Cell> cells()
    {
        final List<Cell> cells = new ArrayList<>();
        for (final RingKind kind : List.of(RingKind.SPSC, RingKind.MPSC))
        {
            for (final Language producer : Language.values())
            {
                for (final Language consumer : Language.values())
                {
                    final boolean longCell = kind == RingKind.SPSC && LONG_CELLS.contains(List.of(producer, consumer));
                    cells.add(new Cell(kind, producer, consumer, longCell ? LONG_CELL_MESSAGES : MESSAGES));
                }
            }
        }
        return cells.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cells")
    void shouldDeliverEveryMessageInOrderWithMatchingChecksums(final Cell cell) throws Exception
    {
        run(cell.toString(), ChannelConfig.of(cell.kind(), CAPACITY), cell.producers(), cell.consumer(),
            cell.consumerMode());
    }

    /** @return one producer of every language in every mode it has (Go twice: single and batch). */
    static List<Producer> oneProducerOfEveryLanguageAndMode()
    {
        final List<Producer> producers = new ArrayList<>();
        for (final Language language : Language.values())
        {
            for (final String mode : language.modes())
            {
                producers.add(new Producer(language, mode, MESSAGES));
            }
        }
        return producers;
    }

    static Stream<Arguments> mixedCells()
    {
        final String producers = describe(oneProducerOfEveryLanguageAndMode());
        return Stream.of(Language.values()).map(consumer -> Arguments.of(Named.of(mixedCell(producers, consumer),
            consumer)));
    }

    private static String mixedCell(final String producers, final Language consumer)
    {
        return producers + " producers at once -> " + consumer + " consumer (" +
            consumer.modes().get(consumer.modes().size() - 1) + "), MPSC: " + count(MESSAGES) +
            " messages each in order, checksums match";
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mixedCells")
    void shouldDeliverEveryMessageFromAProducerOfEveryLanguageAndModeIntoOneMpscChannel(final Language consumer)
        throws Exception
    {
        final List<Producer> producers = oneProducerOfEveryLanguageAndMode();
        run(mixedCell(describe(producers), consumer), ChannelConfig.mpsc(CAPACITY), producers, consumer,
            consumer.modes().get(consumer.modes().size() - 1));
    }

    private static String describe(final List<Producer> producers)
    {
        return producers.stream().map(producer -> producer.language() + " (" + producer.mode() + ")")
            .collect(Collectors.joining(", "));
    }

    private void run(final String cell, final ChannelConfig config, final List<Producer> producers,
        final Language consumer, final String consumerMode) throws Exception
    {
        final Path channel = directory.resolve("conformance.ringway");
        Channel.create(channel, config).close();
        final Path consumerOutput = directory.resolve("consumer.out");
        final Process consumerProcess = consumer.builder(CONSUMER, channel, producers.size(), TIMEOUT_SECONDS,
            consumerMode).redirectOutput(consumerOutput.toFile()).start();
        try
        {
            final List<Process> producerProcesses = new ArrayList<>();
            try
            {
                for (int i = 0; i < producers.size(); i++)
                {
                    final Producer producer = producers.get(i);
                    producerProcesses.add(producer.language().builder(PRODUCER, channel, i + 1, producer.count(),
                        producer.mode()).start());
                }
                // a consumer that found a violation stops reading: then the producers would spin on a full ring
                final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
                while (producerProcesses.stream().anyMatch(Process::isAlive) &&
                    !consumerProcess.waitFor(10, TimeUnit.MILLISECONDS))
                {
                    assertTrue(System.nanoTime() - deadlineNs < 0, cell + ": producers still running after " +
                        TIMEOUT_SECONDS + " s");
                }
                if (!consumerProcess.isAlive() && consumerProcess.exitValue() != 0)
                {
                    fail(cell + ": " + consumer + " consumer exit code " + consumerProcess.exitValue() +
                        " (its error is above); its summary: " + Files.readString(consumerOutput));
                }
                for (int i = 0; i < producers.size(); i++)
                {
                    assertEquals(0, ChildProcess.waitFor(producerProcesses.get(i), TIMEOUT_SECONDS),
                        cell + ": " + producers.get(i).language() + " producer " + (i + 1) + " exit code");
                }
            }
            finally
            {
                producerProcesses.forEach(Process::destroyForcibly);
                for (final Process producer : producerProcesses)
                {
                    producer.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
            }
            final int exitCode = ChildProcess.waitFor(consumerProcess, TIMEOUT_SECONDS);
            assertEquals(0, exitCode, cell + ": " + consumer + " consumer exit code; its summary: " +
                Files.readString(consumerOutput));
        }
        finally
        {
            consumerProcess.destroyForcibly();
        }
        final String summary = Files.readString(consumerOutput);
        final long sequences = producers.stream().mapToLong(Producer::count).sum();
        final int count = producers.size();
        assertTrue(summary.startsWith("VERIFIED: producers=" + count + " ended=" + count + " messages=" +
            (sequences + count) + " sequences=" + sequences + " "), cell + ": " + consumer + " consumer's summary: " +
            summary);
        try (Channel opened = Channel.open(channel))
        {
            assertEquals(opened.producerPosition(), opened.consumerPosition(), cell + ": everything read");
        }
    }

    static String count(final long messages)
    {
        return String.format(Locale.ROOT, "%,d", messages);
    }
}
