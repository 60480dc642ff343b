package io.ringway.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The progress line of {@code record} and {@code replay} on stderr, once a second: totals (messages, MB where 1 MB is
 * 10^6 bytes) and the rates over the last second, then what the command adds. Also the figures of the final summary.
 */
final class Progress
{
    private static final long INTERVAL_NS = 1_000_000_000L;
    private static final double BYTES_PER_MB = 1e6;
    private static final double NS_PER_SECOND = 1e9;

    private final PrintWriter err;
    private final String command;
    private final boolean quiet;
    private final long startNs;
    private long lastNs;
    private long lastMessages;
    private long lastBytes;

    Progress(final PrintWriter err, final String command, final boolean quiet, final long startNs)
    {
        this.err = err;
        this.command = command;
        this.quiet = quiet;
        this.startNs = startNs;
        this.lastNs = startNs;
    }

    /**
     * @return whether a progress line is due: a second passed since the last, and not quiet.
     */
    boolean isDue(final long nowNs)
    {
        return !quiet && nowNs - lastNs >= INTERVAL_NS;
    }

    void print(final long nowNs, final long messages, final long bytes, final String detail)
    {
        final double seconds = (nowNs - lastNs) / NS_PER_SECOND;
        err.println(String.format(Locale.ROOT, "%s: %,d msgs %.2f MB | %,d msgs/s %.2f MB/s | %s", command, messages,
            bytes / BYTES_PER_MB, Math.round((messages - lastMessages) / seconds),
            (bytes - lastBytes) / BYTES_PER_MB / seconds, detail));
        err.flush();
        lastNs = nowNs;
        lastMessages = messages;
        lastBytes = bytes;
    }

    double seconds(final long nowNs)
    {
        return (nowNs - startNs) / NS_PER_SECOND;
    }

    static long perSecond(final long count, final double seconds)
    {
        return seconds > 0 ? Math.round(count / seconds) : 0;
    }

    static String megabytes(final double bytes)
    {
        return String.format(Locale.ROOT, "%.2f", bytes / BYTES_PER_MB);
    }

    static String seconds(final double seconds)
    {
        return String.format(Locale.ROOT, "%.2f", seconds);
    }
}
