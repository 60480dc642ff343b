package io.ringway.cli;

import io.ringway.Liveness;
import io.ringway.MonotonicTime;
import io.ringway.RingKind;
import io.ringway.TrailerDescriptor;
import io.ringway.bridge.BridgeStateFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

import static io.ringway.HeaderDescriptor.*;

/**
 * {@code ringway stat}: a channel's header, positions, fill, counters and the liveness of its producer and consumer, read
 * through a read-only mapping; {@code --watch} refreshes it with rates, like AeronStat.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = {
        "Show a channel's fields, positions, fill, counters and liveness; or, given a journal directory, the " +
            "journal's shape, first and last records, size and writer; or, given a bridge's state file, the " +
            "bridge side's connection, counts and positions.",
        "Read-only: it never disturbs the peers. --watch refreshes with rates until interrupted." })
final class StatCommand implements Callable<Integer>
{
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    @Parameters(paramLabel = "CHANNEL", description = "Channel name or path, a journal directory, or a bridge's " +
        "state file (ringway bridge --state).")
    String channel;

    @Option(names = "--watch", description = "Refresh every --interval until interrupted (or --count refreshes).")
    boolean watch;

    @Option(names = "--interval", defaultValue = "1000", converter = Counts.Positive.class, description = "With --watch: milliseconds between refreshes (default: " +
        "${DEFAULT-VALUE}).")
    long intervalMs;

    @Option(names = "--count", defaultValue = "0", converter = Counts.NonNegative.class,
        description = "With --watch: stop after this many refreshes " +
        "(0: run until interrupted).")
    long count;

    @Option(names = "--json", description = "Print one JSON object per refresh instead of text.")
    boolean json;

    @Option(names = "--heartbeat-timeout", defaultValue = "5000", paramLabel = "MS",
        converter = Counts.Positive.class, description = "A running peer " +
        "whose heartbeat is older than this is STALE (default: ${DEFAULT-VALUE}, as the library's).")
    long heartbeatTimeoutMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException
    {
        if (intervalMs < 1)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--interval': found=" + intervalMs + " expected=>=1");
        }
        final CommandLine.ParseResult parsed = spec.commandLine().getParseResult();
        if (!watch && (parsed.hasMatchedOption("--count") || parsed.hasMatchedOption("--interval")))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Invalid options: found=" + (parsed.hasMatchedOption("--count") ? "--count" : "--interval") +
                " without --watch expected=--watch with it (it counts and spaces the refreshes of --watch)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        final boolean clearScreen = watch && !json && System.console() != null;
        final Path channelPath = ChannelArgument.toPath(channel);
        final Path journal = Path.of(channel);
        if (Files.isDirectory(journal))
        {
            return statFields(() -> JournalStat.fields(journal), out, clearScreen);
        }
        if (Files.isRegularFile(journal) && BridgeStateFile.isStateFile(journal))
        {
            return statFields(() -> BridgeStat.fields(journal), out, clearScreen);
        }
        try (ChannelFileView view = ChannelFileView.open(channelPath))
        {
            view.requireValid();
            Snapshot previous = null;
            for (long refresh = 1; ; refresh++)
            {
                final Snapshot snapshot = Snapshot.of(view, heartbeatTimeoutMs);
                if (clearScreen)
                {
                    out.print(CLEAR_SCREEN);
                }
                out.println(json ? Json.object(snapshot.fields(previous)) : Text.table(snapshot.fields(previous)));
                out.flush();
                if (!watch || (count > 0 && refresh >= count))
                {
                    return RingwayCli.EXIT_OK;
                }
                previous = snapshot;
                Thread.sleep(intervalMs);
            }
        }
    }

    /** A journal's or a bridge state file's fields, refreshed with --watch. */
    private int statFields(final Supplier<Map<String, Object>> reading, final PrintWriter out,
        final boolean clearScreen) throws InterruptedException
    {
        for (long refresh = 1; ; refresh++)
        {
            final Map<String, Object> fields = reading.get();
            if (clearScreen)
            {
                out.print(CLEAR_SCREEN);
            }
            out.println(json ? Json.object(fields) : Text.table(fields));
            out.flush();
            if (!watch || (count > 0 && refresh >= count))
            {
                return RingwayCli.EXIT_OK;
            }
            Thread.sleep(intervalMs);
        }
    }

    /** One reading of the header and trailer. */
    record Snapshot(
        ChannelFileView view,
        long heartbeatTimeoutMs,
        long nanoTime,
        long nowMs,
        long headPosition,
        long tailPosition,
        long messagesConsumed,
        long backPressureCount,
        long wakeCount)
    {
        static Snapshot of(final ChannelFileView view, final long heartbeatTimeoutMs)
        {
            return new Snapshot(
                view,
                heartbeatTimeoutMs,
                System.nanoTime(),
                // heartbeat words hold CLOCK_MONOTONIC ms (LAYOUT.md 8.1): ages are computed on that clock, never
                // the wall clock, which a step (NTP, date -s) would make call every live peer STALE
                MonotonicTime.nowMs(),
                view.trailerLongAcquire(TrailerDescriptor.HEAD_POSITION_OFFSET),
                view.trailerLongAcquire(TrailerDescriptor.TAIL_POSITION_OFFSET),
                view.headerLongAcquire(MESSAGES_CONSUMED_OFFSET),
                view.headerLongAcquire(BACK_PRESSURE_COUNT_OFFSET),
                view.headerLongAcquire(WAKE_COUNT_OFFSET));
        }

        Map<String, Object> fields(final Snapshot previous)
        {
            final int capacity = view.capacity();
            final long fill = tailPosition - headPosition;
            final Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("file", view.path().toString());
            fields.put("layoutVersion", (view.headerInt(LAYOUT_VERSION_OFFSET) >>> 16) + "." +
                (view.headerInt(LAYOUT_VERSION_OFFSET) & 0xFFFF));
            fields.put("ringKind", view.ringKind().toString());
            fields.put("capacity", capacity);
            fields.put("maxMessageLength", view.headerInt(MAX_MESSAGE_LENGTH_OFFSET));
            fields.put("fileLength", view.fileLength());
            fields.put("created", Instant.ofEpochMilli(view.headerLongAcquire(CREATION_TIME_MS_OFFSET)).toString());
            fields.put("creatorPid", view.headerLongAcquire(CREATOR_PID_OFFSET));
            fields.put("pidNamespace", view.headerLongAcquire(PID_NAMESPACE_OFFSET));
            fields.put("channelId",
                String.format(java.util.Locale.ROOT, "%016x", view.headerLongAcquire(CHANNEL_ID_OFFSET)));
            fields.put("schemaId", view.headerInt(SCHEMA_ID_OFFSET));
            fields.put("schemaVersion", view.headerInt(SCHEMA_VERSION_OFFSET));
            fields.put("tailPosition", tailPosition);
            fields.put("headPosition", headPosition);
            fields.put("fillBytes", fill);
            // a number in JSON; rounded to one decimal, which the text table shows as before
            fields.put("fillPercent",
                Double.valueOf(String.format(java.util.Locale.ROOT, "%.1f", 100.0 * fill / capacity)));
            fields.put("messagesConsumed", messagesConsumed);
            fields.put("backPressureCount", backPressureCount);
            fields.put("wakeCount", wakeCount);
            fields.put("unblockedRecordCount", view.headerLongAcquire(UNBLOCKED_RECORD_COUNT_OFFSET));
            final long producerHeartbeatMs = view.headerLongAcquire(PRODUCER_HEARTBEAT_MS_OFFSET);
            final Liveness producerLiveness = view.ringKind() == RingKind.SPSC ?
                Liveness.ofLease(view.headerLongAcquire(PRODUCER_LEASE_OFFSET), producerHeartbeatMs, nowMs,
                    heartbeatTimeoutMs) :
                Liveness.ofMpscProducers(view.headerLongAcquire(PRODUCER_PID_OFFSET), producerHeartbeatMs, nowMs,
                    heartbeatTimeoutMs);
            putRole(fields, "producer", producerLiveness, PRODUCER_PID_OFFSET, producerHeartbeatMs,
                SPACE_WAITERS_OFFSET);
            final long consumerHeartbeatMs = view.headerLongAcquire(CONSUMER_HEARTBEAT_MS_OFFSET);
            final long consumerLease = view.headerLongAcquire(CONSUMER_LEASE_OFFSET);
            putRole(fields, "consumer", Liveness.ofLease(consumerLease, consumerHeartbeatMs, nowMs,
                heartbeatTimeoutMs), CONSUMER_PID_OFFSET, consumerHeartbeatMs, DATA_WAITERS_OFFSET);
            // LAYOUT.md 9.8: the promise stands while it holds the lease of the consumer that made it; producers skip
            // the full fence of their wake checks only then
            final long membarrierLease = view.headerLongAcquire(CONSUMER_MEMBARRIER_LEASE_OFFSET);
            fields.put("consumerMembarrierWakeups", membarrierLease != 0 && membarrierLease == consumerLease);
            if (previous != null)
            {
                final double seconds = (nanoTime - previous.nanoTime) / 1e9;
                fields.put("consumedPerSecond", Math.round((messagesConsumed - previous.messagesConsumed) / seconds));
                fields.put("consumedBytesPerSecond", Math.round((headPosition - previous.headPosition) / seconds));
                fields.put("producedBytesPerSecond", Math.round((tailPosition - previous.tailPosition) / seconds));
                fields.put("backPressurePerSecond",
                    Math.round((backPressureCount - previous.backPressureCount) / seconds));
            }
            return fields;
        }

        private void putRole(
            final Map<String, Object> fields,
            final String role,
            final Liveness liveness,
            final int pidOffset,
            final long heartbeatMs,
            final int waitersOffset)
        {
            fields.put(role + "Liveness", liveness.toString());
            fields.put(role + "Pid", view.headerLongAcquire(pidOffset));
            fields.put(role + "HeartbeatMs", heartbeatMs);
            fields.put(role + "HeartbeatAgeMs", heartbeatMs == 0 ? -1 : Liveness.ageMs(nowMs, heartbeatMs));
            // the waiters flag of the slot this role parks on (LAYOUT.md 9): set while one is parked, or left by one
            // killed while parked until the next wake clears it
            fields.put(role + "Parked", view.headerInt(waitersOffset) != 0);
        }
    }
}
