package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelFileException;
import io.ringway.Consumer;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalDescriptor;
import io.ringway.journal.JournalRecorder;
import io.ringway.journal.JournalWriter;
import io.ringway.wait.WaitStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * {@code ringway record}: the channel's consumer, appending every message to a journal (docs/LAYOUT.md 14) exactly once
 * across crashes of the recorder ({@link JournalRecorder}). Parks on the channel's futex while idle.
 */
@Command(
    name = "record",
    mixinStandardHelpOptions = true,
    description = {
        "Record a channel's messages into a journal directory (created when missing; appended to when it exists).",
        "record is the channel's consumer: it fails while another consumer runs. Restarted after a crash on the " +
            "same channel, it skips what the journal already holds: nothing is lost or recorded twice.",
        "Stops after --count messages, after --duration, or on SIGINT/SIGTERM (closing the journal and channel " +
            "cleanly, exit code 0). Progress on stderr once a second; a summary line on stdout." })
final class RecordCommand implements Callable<Integer>
{
    private static final int POLL_LIMIT = 256;
    /** Longest park on the channel's futex: how soon an idle recorder notices a stop or its duration's end. */
    private static final long IDLE_WAIT_MS = 100;

    @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name or path.")
    String channel;

    @Parameters(index = "1", paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path journal;

    @Option(names = "--count", defaultValue = "0", converter = Counts.NonNegative.class,
        description = "Stop after recording this many messages (0: no " +
        "limit).")
    long count;

    @Option(names = "--duration", converter = Durations.Converter.class, paramLabel = "DURATION",
        description = "Stop after this long: 500ms, 10s, 5m, 2h or PT1M30S (default: no limit).")
    Duration duration;

    @Option(names = "--segment-size", defaultValue = "64m", converter = Sizes.Converter.class,
        description = "Bytes per segment file of a new journal: a multiple of 4k up to 1g; suffixes k, m, g " +
            "(default: ${DEFAULT-VALUE}). An existing journal keeps its own.")
    long segmentSize;

    @Option(names = "--index-spacing", defaultValue = "" + JournalConfig.DEFAULT_INDEX_SPACING,
        description = "Records per index entry of a new journal, a power of two up to 65536 (default: " +
            "${DEFAULT-VALUE}).")
    int indexSpacing;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as a JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private boolean writerOpened;
    private JournalRecorder recorder;

    @Override
    public Integer call()
    {
        if (count < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--count': found=" + count + " expected=>=0");
        }
        final JournalConfig config = journalConfig();
        ChannelArgument.checkedPath(journal, "JOURNAL_DIR");
        final Path channelPath = ChannelArgument.toPath(channel);
        return StopSignal.runUntilStopped(spec, stop -> record(channelPath, config, stop), json,
            RecordCommand::text);
    }

    private JournalConfig journalConfig()
    {
        try
        {
            return new JournalConfig().segmentLength(segmentSize).indexSpacing(indexSpacing);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--segment-size' or '--index-spacing': " + ex.getMessage());
        }
    }

    /** A failed run that journaled nothing leaves no journal directory or segment it created. */
    private Map<String, Object> record(final Path channelPath, final JournalConfig config, final StopSignal stop)
    {
        final CreatedFiles created = CreatedFiles.beforeJournal(journal);
        try
        {
            return recordInto(channelPath, config, stop);
        }
        catch (final RuntimeException | Error ex)
        {
            if (recorder == null || recorder.recordedCount() == 0)
            {
                created.removeJournal(writerOpened);
            }
            throw ex;
        }
    }

    private Map<String, Object> recordInto(final Path channelPath, final JournalConfig config, final StopSignal stop)
    {
        final PrintWriter err = spec.commandLine().getErr();
        try (Channel opened = Channel.open(channelPath))
        {
            final Consumer consumer = attachConsumer(opened);
            consumer.waitStrategy(WaitStrategy.blocking());
            config.schema(opened.schemaId(), opened.schemaVersion());
            try (JournalWriter writer = JournalWriter.open(journal, config))
            {
                writerOpened = true;
                checkSchema(opened, writer);
                recorder = new JournalRecorder(consumer, writer, null);
                final long firstIndex = writer.nextIndex();
                final long startNs = System.nanoTime();
                final long deadlineNs = duration == null ? Long.MAX_VALUE : startNs + duration.toNanos();
                final Progress progress = new Progress(err, "record", quiet, startNs);
                String stoppedBy = null;
                while (stoppedBy == null)
                {
                    final long remaining = count == 0 ? POLL_LIMIT : count - recorder.recordedCount();
                    recorder.poll((int)Math.min(POLL_LIMIT, remaining), IDLE_WAIT_MS, TimeUnit.MILLISECONDS);
                    final long nowNs = System.nanoTime();
                    if (progress.isDue(nowNs))
                    {
                        progress.print(nowNs, recorder.recordedCount(), recorder.recordedBytes(),
                            "journal nextIndex=" + writer.nextIndex() + " skipped=" + recorder.skippedCount());
                    }
                    if (count > 0 && recorder.recordedCount() >= count)
                    {
                        stoppedBy = "count";
                    }
                    else if (nowNs - deadlineNs >= 0)
                    {
                        stoppedBy = "duration";
                    }
                    else if (stop.isStopRequested())
                    {
                        stoppedBy = "signal";
                    }
                }
                // the loop has ended: nothing touches the writer or the consumer any more, so they can be closed
                writer.sync();
                final double seconds = progress.seconds(System.nanoTime());
                final Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("recorded", recorder.recordedCount());
                summary.put("bytes", recorder.recordedBytes());
                summary.put("channel", opened.path().toString());
                summary.put("journal", writer.directory().toString());
                summary.put("firstIndex", firstIndex);
                summary.put("nextIndex", writer.nextIndex());
                summary.put("skipped", recorder.skippedCount());
                summary.put("seconds", Double.valueOf(Progress.seconds(seconds)));
                summary.put("messagesPerSecond", Progress.perSecond(recorder.recordedCount(), seconds));
                summary.put("megabytesPerSecond",
                    Double.valueOf(Progress.megabytes(seconds > 0 ? recorder.recordedBytes() / seconds : 0)));
                summary.put("stoppedBy", stoppedBy);
                return summary;
            }
        }
    }

    /** An existing journal keeps its schema (its tail segment's), so a channel of another schema is refused. */
    private static void checkSchema(final Channel opened, final JournalWriter writer)
    {
        final JournalSegmentHeader tail = JournalSegmentHeader.read(writer.segmentPath());
        final int journalSchemaId = tail.getInt(JournalDescriptor.SCHEMA_ID_OFFSET);
        if (journalSchemaId != 0 && opened.schemaId() != 0 && journalSchemaId != opened.schemaId())
        {
            throw new CliException("the journal holds another SBE schema than the channel carries: file=" +
                tail.path() + " field=schemaId found=" + journalSchemaId + " expected=" + opened.schemaId() +
                " (the channel's, " + opened.path() + "); record into another journal directory");
        }
    }

    private static Consumer attachConsumer(final Channel opened)
    {
        try
        {
            return opened.consumer();
        }
        catch (final ChannelFileException ex)
        {
            if (!"consumerLease".equals(ex.field()))
            {
                throw ex;
            }
            throw new CliException("cannot record: record must be the channel's consumer and the channel has a " +
                "running one; stop it first: " + ex.getMessage(), ex);
        }
    }

    private static String text(final Map<String, Object> summary)
    {
        final long recorded = (Long)summary.get("recorded");
        final long nextIndex = (Long)summary.get("nextIndex");
        return "recorded " + recorded + " messages (" + summary.get("bytes") + " bytes) from " + summary.get("channel") +
            " into " + summary.get("journal") + ": indexes=" +
            (recorded == 0 ? "none" : summary.get("firstIndex") + ".." + (nextIndex - 1)) + " nextIndex=" + nextIndex +
            " skipped=" + summary.get("skipped") + " seconds=" + summary.get("seconds") + " msgs/s=" +
            summary.get("messagesPerSecond") + " MB/s=" + summary.get("megabytesPerSecond") + " stoppedBy=" +
            summary.get("stoppedBy");
    }
}
