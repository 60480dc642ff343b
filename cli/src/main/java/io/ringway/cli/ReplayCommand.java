package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.ChannelFileException;
import io.ringway.Producer;
import io.ringway.RingKind;
import io.ringway.journal.JournalDescriptor;
import io.ringway.journal.JournalHandler;
import io.ringway.journal.JournalReader;
import io.ringway.journal.JournalReplayer;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code ringway replay}: a channel's producer, offering a journal's records in index order ({@link JournalReplayer}):
 * from the start, an index or a time, up to a count or the journal's end, or following the journal as it grows.
 * Waits (backing off to 1 ms parks) while the channel is full; nothing is lost or reordered.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Replay a journal's records into a channel, as its producer, in index order.",
        "Starts at the journal's first record, --from-index or --from-time; stops after --count records, at the " +
            "journal's end, or (with --follow: waiting for new records) on SIGINT/SIGTERM. Waits while the channel " +
            "is full.",
        "Progress on stderr once a second; a summary line on stdout." })
final class ReplayCommand implements Callable<Integer>, JournalHandler
{
    private static final int POLL_LIMIT = 256;
    /** Longest park at the journal's tail with --follow before the loop checks the stop signal and beats again. */
    private static final long FOLLOW_WAIT_MS = 100;
    /** Longest wait between two looks at a full channel or a stop: 1 ms. */
    private static final long MAX_PARK_NS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Longest sleep until the next record --rate allows: how soon a paced replay notices a stop. */
    private static final long MAX_RATE_PARK_NS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long NS_PER_SECOND = 1_000_000_000L;

    @Parameters(index = "0", paramLabel = "JOURNAL_DIR", description = "Journal directory.")
    Path journal;

    @Parameters(index = "1", paramLabel = "CHANNEL", description = "Channel name or path.")
    String channel;

    @Option(names = "--from-index", paramLabel = "INDEX", description = "Start at the record with this index.")
    Long fromIndex;

    @Option(names = "--from-time", paramLabel = "TIME", description = "Start at the first record appended at or " +
        "after this time: an ISO-8601 instant (2026-11-23T20:15:00Z) or epoch nanoseconds.")
    String fromTime;

    @Option(names = "--count", defaultValue = "0", converter = Counts.NonNegative.class,
        description = "Stop after this many records (0: no limit).")
    long count;

    @Option(names = "--follow", description = "At the journal's end, wait for new records (until --count, or " +
        "SIGINT/SIGTERM), parked on the journal's futex: no CPU while idle.")
    boolean follow;

    @Option(names = "--rate", defaultValue = "0", paramLabel = "MSGS_PER_S",
        description = "Offer at most this many records a second (0: as fast as the channel takes them).")
    long rate;

    @Option(names = "--create", description = "Create the channel when it does not exist (--kind, --capacity; the " +
        "journal's SBE schema id and version). Without it the channel must exist.")
    boolean create;

    @Option(names = "--kind", defaultValue = "spsc", description = "With --create: spsc or mpsc (default: " +
        "${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--capacity", defaultValue = "1m", converter = Sizes.Converter.class, description = "With " +
        "--create: ring capacity, a power of two; suffixes k, m, g (default: ${DEFAULT-VALUE}).")
    long capacity;

    @Option(names = "--quiet", description = "No progress lines on stderr.")
    boolean quiet;

    @Option(names = "--json", description = "Print the summary as a JSON object.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private JournalReplayer replayer;
    private Path channelPath;
    private int channelMaxMessageLength;
    private boolean refused;
    private boolean createdChannel;

    @Override
    public Integer call()
    {
        final Long fromTimestampNs = checkArguments();
        ChannelArgument.checkedPath(journal, "JOURNAL_DIR");
        channelPath = ChannelArgument.toPath(channel);
        return StopSignal.runUntilStopped(spec, stop -> replayOrRemoveCreated(fromTimestampNs, stop), json,
            ReplayCommand::text);
    }

    private Long checkArguments()
    {
        final CommandLine commandLine = spec.commandLine();
        if (fromIndex != null && fromTime != null)
        {
            throw new CommandLine.ParameterException(commandLine,
                "Invalid options: found=--from-index and --from-time expected=at most one of them");
        }
        if (!create && (commandLine.getParseResult().hasMatchedOption("--kind") ||
            commandLine.getParseResult().hasMatchedOption("--capacity")))
        {
            throw new CommandLine.ParameterException(commandLine, "Invalid options: found=" +
                (commandLine.getParseResult().hasMatchedOption("--kind") ? "--kind" : "--capacity") +
                " without --create expected=--create with it (an existing channel keeps its own kind and capacity)");
        }
        if (create)
        {
            ringKind();
            Sizes.checkedCapacity(spec, "--capacity", capacity);
        }
        if (count < 0 || rate < 0 || (fromIndex != null && fromIndex < 0))
        {
            throw new CommandLine.ParameterException(commandLine, "Invalid values: found=--count " + count +
                " --rate " + rate + " --from-index " + fromIndex + " expected=each >= 0");
        }
        if (fromTime == null)
        {
            return null;
        }
        try
        {
            if (fromTime.chars().allMatch(Character::isDigit))
            {
                return Long.parseLong(fromTime);
            }
            final Instant instant = Instant.parse(fromTime);
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), NS_PER_SECOND), instant.getNano());
        }
        catch (final DateTimeParseException | ArithmeticException | NumberFormatException ex)
        {
            throw new CommandLine.ParameterException(commandLine, "Invalid value for option '--from-time': found=" +
                fromTime + " expected=an ISO-8601 instant like 2026-11-23T20:15:00Z, or epoch nanoseconds");
        }
    }

    /** A failed run that replayed nothing leaves no channel it created (--create). */
    private Map<String, Object> replayOrRemoveCreated(final Long fromTimestampNs, final StopSignal stop)
    {
        try
        {
            return replay(fromTimestampNs, stop);
        }
        catch (final RuntimeException | Error ex)
        {
            if (createdChannel && (replayer == null || replayer.replayedCount() == 0))
            {
                CreatedFiles.removeFile(channelPath);
            }
            throw ex;
        }
    }

    private Map<String, Object> replay(final Long fromTimestampNs, final StopSignal stop)
    {
        final PrintWriter err = spec.commandLine().getErr();
        try (JournalReader reader = JournalReader.open(journal))
        {
            position(reader, fromTimestampNs);
            try (Channel opened = openChannel(); Producer producer = opened.producer())
            {
                channelMaxMessageLength = producer.maxMessageLength();
                replayer = new JournalReplayer(reader, producer);
                final IdleStrategy idle = new BackoffIdleStrategy(100, 10, 1_000, MAX_PARK_NS);
                final long startNs = System.nanoTime();
                final Progress progress = new Progress(err, "replay", quiet, startNs);
                long backPressureWaits = 0;
                String stoppedBy = null;
                while (stoppedBy == null)
                {
                    final long nowNs = System.nanoTime();
                    if (progress.isDue(nowNs))
                    {
                        progress.print(nowNs, replayer.replayedCount(), replayer.replayedBytes(),
                            "journal nextIndex=" + reader.nextIndex() + " backPressureWaits=" + backPressureWaits);
                    }
                    final long replayed = replayer.replayedCount();
                    if (count > 0 && replayed >= count)
                    {
                        stoppedBy = "count";
                        break;
                    }
                    if (stop.isStopRequested())
                    {
                        stoppedBy = "signal";
                        break;
                    }
                    long limit = count == 0 ? POLL_LIMIT : Math.min(POLL_LIMIT, count - replayed);
                    if (rate > 0)
                    {
                        // record k (from 0) may go at startNs + k / rate seconds
                        final long due = (long)((double)(nowNs - startNs) * rate / NS_PER_SECOND) + 1 - replayed;
                        if (due <= 0)
                        {
                            final long nextNs = startNs + (long)((double)replayed * NS_PER_SECOND / rate);
                            LockSupport.parkNanos(Math.min(nextNs - nowNs, MAX_RATE_PARK_NS));
                            producer.heartbeat();
                            continue;
                        }
                        limit = Math.min(limit, due);
                    }
                    // following: park at the journal's tail until the writer appends (LAYOUT 14.9), in slices that
                    // leave time for the stop signal, progress and heartbeats; while back-pressured, poll and back off
                    final boolean waitAtTail = follow && !refused;
                    refused = false;
                    final int offered = waitAtTail ?
                        reader.poll(this, (int)limit, FOLLOW_WAIT_MS, TimeUnit.MILLISECONDS) :
                        reader.poll(this, (int)limit);
                    if (offered > 0)
                    {
                        idle.reset();
                    }
                    else if (refused)
                    {
                        backPressureWaits++;
                        // an idle producer still beats, so that the consumer sees it ALIVE (LAYOUT.md 8.1)
                        producer.heartbeat();
                        idle.idle();
                    }
                    else if (follow)
                    {
                        // the poll above waited (parked) for FOLLOW_WAIT_MS at the tail
                        producer.heartbeat();
                    }
                    else
                    {
                        stoppedBy = "end";
                    }
                }
                final double seconds = progress.seconds(System.nanoTime());
                final Map<String, Object> summary = new LinkedHashMap<>();
                summary.put("replayed", replayer.replayedCount());
                summary.put("bytes", replayer.replayedBytes());
                summary.put("journal", journal.toString());
                summary.put("channel", opened.path().toString());
                summary.put("lastIndex", replayer.lastIndex());
                summary.put("nextIndex", reader.nextIndex());
                summary.put("backPressureWaits", backPressureWaits);
                summary.put("seconds", Double.valueOf(Progress.seconds(seconds)));
                summary.put("messagesPerSecond", Progress.perSecond(replayer.replayedCount(), seconds));
                summary.put("megabytesPerSecond",
                    Double.valueOf(Progress.megabytes(seconds > 0 ? replayer.replayedBytes() / seconds : 0)));
                summary.put("stoppedBy", stoppedBy);
                return summary;
            }
        }
    }

    private void position(final JournalReader reader, final Long fromTimestampNs)
    {
        if (fromTimestampNs != null)
        {
            reader.seekToTimestamp(fromTimestampNs);
        }
        else if (fromIndex != null)
        {
            if (!follow)
            {
                reader.seekToEnd();
                final long endIndex = reader.nextIndex();
                if (fromIndex >= endIndex)
                {
                    throw new CliException("nothing to replay: --from-index is past the journal's last record: file=" +
                        journal + " field=index found=" + fromIndex + " expected=<" + endIndex +
                        " (the journal's nextIndex; --follow waits for later records)");
                }
            }
            reader.seekToIndex(fromIndex);
        }
    }

    private Channel openChannel()
    {
        final List<Path> segments = JournalSegmentHeader.segments(journal);
        final JournalSegmentHeader first = JournalSegmentHeader.read(segments.get(0));
        final int schemaId = first.getInt(JournalDescriptor.SCHEMA_ID_OFFSET);
        final int schemaVersion = first.getInt(JournalDescriptor.SCHEMA_VERSION_OFFSET);
        final Channel opened = create ? createOrOpen(ChannelConfig.of(ringKind(), Sizes.checkedCapacity(spec,
            "--capacity", capacity)).withSchema(schemaId, schemaVersion)) : Channel.open(channelPath);
        if (schemaId != 0 && opened.schemaId() != 0 && schemaId != opened.schemaId())
        {
            opened.close();
            throw new CliException("the channel carries another SBE schema than the journal: file=" + channelPath +
                " field=schemaId found=" + opened.schemaId() + " expected=" + schemaId + " (the journal's, " +
                first.path() + ")");
        }
        return opened;
    }

    /** Creates the channel, noting that this run created it; opens it when it exists. */
    private Channel createOrOpen(final ChannelConfig config)
    {
        try
        {
            final Channel created = Channel.create(channelPath, config);
            createdChannel = true;
            return created;
        }
        catch (final ChannelFileException ex)
        {
            if (!"file".equals(ex.field()) || !"exists".equals(ex.found()))
            {
                throw ex;
            }
            return Channel.openOrCreate(channelPath, config); // another's: waits until it is initialised
        }
    }

    private RingKind ringKind()
    {
        switch (kind.toLowerCase(Locale.ROOT))
        {
            case "spsc":
                return RingKind.SPSC;
            case "mpsc":
                return RingKind.MPSC;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--kind': found=" + kind + " expected=spsc or mpsc");
        }
    }

    @Override
    public boolean onRecord(final long index, final long timestampNs, final int typeId, final DirectBuffer buffer,
        final int offset, final int length)
    {
        if (length > channelMaxMessageLength)
        {
            throw new CliException("journal record longer than the channel's largest message: file=" + journal +
                " index=" + index + " field=length found=" + length + " expected=<=" + channelMaxMessageLength +
                " (maxMessageLength of " + channelPath + ", capacity / 8); " + replayer.replayedCount() +
                " records replayed before it");
        }
        if (!replayer.onRecord(index, timestampNs, typeId, buffer, offset, length))
        {
            refused = true;
            return false;
        }
        return true;
    }

    private static String text(final Map<String, Object> summary)
    {
        final long replayed = (Long)summary.get("replayed");
        final long lastIndex = (Long)summary.get("lastIndex");
        return "replayed " + replayed + " messages (" + summary.get("bytes") + " bytes) from " +
            summary.get("journal") + " into " + summary.get("channel") + ": indexes=" +
            (replayed == 0 ? "none" : (lastIndex - replayed + 1) + ".." + lastIndex) + " nextIndex=" +
            summary.get("nextIndex") + " backPressureWaits=" + summary.get("backPressureWaits") + " seconds=" +
            summary.get("seconds") + " msgs/s=" + summary.get("messagesPerSecond") + " MB/s=" +
            summary.get("megabytesPerSecond") + " stoppedBy=" + summary.get("stoppedBy");
    }
}
