package io.ringway.gointerop;

import io.ringway.cli.PingPong;
import io.ringway.journal.JournalReaderMain;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.SequenceConsumerMain;
import io.ringway.testing.SequenceProducerMain;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A language Ringway is implemented in, as the cross-language matrix tests see it: how to start each of its four test
 * programs. The programs of every language take the same arguments and print the same lines, so any producer works
 * with any consumer and any ping with any pong:
 *
 * <ul>
 *     <li>{@link Program#PRODUCER}: {@code <channel file> <producerId> <count> [mode]}, the conformance traffic of
 *     docs/CONFORMANCE.md, then END; exit 0.</li>
 *     <li>{@link Program#CONSUMER}: {@code <channel file> <producerCount> [timeoutSeconds] [mode]}; one line
 *     {@code VERIFIED: producers=P ended=E messages=M sequences=S backPressure=B}, exit 0 only when verified.</li>
 *     <li>{@link Program#PING_PONG}: {@code ping|pong <inbound> <outbound> <rounds> <warmupRounds> <wait>
 *     [--timeout-ms N] [--strict] ...}; one line {@code ping|pong: rounds=N timeouts=T ...} (docs/PING_PONG.md; Java's
 *     is {@link PingPong}, the program of the benchmark and of {@code ringway bench} too).</li>
 *     <li>{@link Program#JOURNAL_READER}: {@code <journal dir> [options]}, the record and summary lines of
 *     {@link JournalReaderMain}.</li>
 * </ul>
 *
 * <p>A mode is {@code single} (one call per message; every language) or {@code batch} (many messages per call; the
 * languages whose API has it). A fifth language is one more constant here.
 */
enum Language
{
    JAVA("Java", List.of("single"))
    {
        @Override
        List<String> command(final Program program)
        {
            final Class<?> main = switch (program)
            {
                case PRODUCER -> SequenceProducerMain.class;
                case CONSUMER -> SequenceConsumerMain.class;
                case PING_PONG -> PingPong.class;
                case JOURNAL_READER -> JournalReaderMain.class;
            };
            final List<String> command = new ArrayList<>(JavaProcess.builder(main).command());
            if (program == Program.JOURNAL_READER)
            {
                // a short-lived reader started many times: start-up, not peak speed (C1 only, one GC thread)
                command.addAll(1, List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            }
            return command;
        }
    },
    C("C", List.of("single"))
    {
        @Override
        List<String> command(final Program program)
        {
            final String name = switch (program)
            {
                case PRODUCER -> "ringway_sequence_producer";
                case CONSUMER -> "ringway_sequence_consumer";
                case PING_PONG -> "ringway_ping_pong";
                case JOURNAL_READER -> "ringway_journal_reader";
            };
            return List.of(GoPrograms.cProgram(name).toString());
        }
    },
    GO("Go", List.of("single", "batch"))
    {
        @Override
        List<String> command(final Program program)
        {
            final String name = switch (program)
            {
                case PRODUCER -> "sequence_producer";
                case CONSUMER -> "sequence_consumer";
                case PING_PONG -> "ping_pong";
                case JOURNAL_READER -> "journal_reader";
            };
            return List.of(GoPrograms.goProgram(name).toString());
        }
    };

    /** The four test programs each language has. */
    enum Program
    {
        PRODUCER, CONSUMER, PING_PONG, JOURNAL_READER
    }

    private final String displayName;
    private final List<String> modes;

    Language(final String displayName, final List<String> modes)
    {
        this.displayName = displayName;
        this.modes = modes;
    }

    /**
     * @param program which program.
     * @return the command that starts it, before its arguments.
     */
    abstract List<String> command(Program program);

    /** @return the producer and consumer modes this language's programs take, {@code single} first. */
    List<String> modes()
    {
        return modes;
    }

    /**
     * @param program which program.
     * @param args    its arguments.
     * @return a builder that starts it; stderr is inherited so failures show in the test output.
     */
    ProcessBuilder builder(final Program program, final Object... args)
    {
        final List<String> command = new ArrayList<>(command(program));
        for (final Object arg : args)
        {
            command.add(arg instanceof Path path ? path.toAbsolutePath().toString() : String.valueOf(arg));
        }
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    @Override
    public String toString()
    {
        return displayName;
    }
}
