package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.Consumer;
import io.ringway.ProcessIdentity;
import io.ringway.RingKind;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import static io.ringway.HeaderDescriptor.CONSUMER_LEASE_OFFSET;

/**
 * {@code ringway tail}: prints a channel's messages as JSON lines as they arrive, decoded with an SBE schema given on the
 * command line. By default it observes (see {@link RingObserver}: SPSC, or MPSC without a running consumer) and never
 * disturbs the real consumer; {@code --consume} makes it the consumer instead.
 */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
        "Print messages as JSON lines as they arrive.",
        "Bodies are decoded with --schema (SBE XML; no generated code needed), else shown as hex.",
        "Default: observe without consuming. It reads the ring read-only and the consumer never knows; it shows",
        "each message still in the ring when it gets there and reports the bytes the consumer freed first.",
        "An MPSC channel can be observed only while it has no running consumer (its consumer zeroes what it",
        "frees). --consume: be the consumer instead (takes the consumer lease; fails if another consumer runs)." })
final class TailCommand implements Callable<Integer>
{
    private static final int HEX_BYTES_SHOWN = 256;
    private static final int POLL_LIMIT = 256;

    @Parameters(paramLabel = "CHANNEL", description = "Channel name or path.")
    String channel;

    @Option(names = "--schema", paramLabel = "SCHEMA_XML",
        description = "SBE schema to decode bodies with; without it bodies print as hex.")
    Path schema;

    @Option(names = "--consume", description = "Consume the messages (be the channel's consumer) instead of observing.")
    boolean consume;

    @Option(names = "--from", defaultValue = "head", description = "Where an observer starts (not with --consume): head (messages not yet " +
        "consumed) or tail (only new ones). Default: ${DEFAULT-VALUE}.")
    String from;

    @Option(names = "--count", defaultValue = "0", converter = Counts.NonNegative.class,
        description = "Stop after this many messages (0: no limit).")
    long count;

    @Option(names = "--idle-timeout", defaultValue = "0", paramLabel = "MS",
        converter = Counts.NonNegative.class,
        description = "Stop when no message arrives for this many milliseconds (0: never).")
    long idleTimeoutMs;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private PrintWriter out;
    private SbeJson sbeJson;
    private long printed;
    private long undecodable;

    @Override
    public Integer call()
    {
        out = spec.commandLine().getOut();
        if (!"head".equals(from) && !"tail".equals(from))
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--from': found=" + from + " expected=head or tail");
        }
        if (consume && spec.commandLine().getParseResult().hasMatchedOption("--from"))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid options: found=--from with " +
                "--consume expected=one of them (the consumer starts where the channel's consumer position is)");
        }
        sbeJson = schema == null ? null : new SbeJson(ChannelArgument.checkedPath(schema, "--schema"));
        final Path path = ChannelArgument.toPath(channel);
        final long skippedBytes = consume ? consume(path) : observe(path);
        final PrintWriter err = spec.commandLine().getErr();
        err.println("tail: " + printed + " messages" + (undecodable > 0 ? " (" + undecodable + " did not decode)" : "") +
            (consume ? "" : ", " + skippedBytes + " bytes consumed before tail could read them"));
        err.flush();
        return RingwayCli.EXIT_OK;
    }

    private long observe(final Path path)
    {
        try (ChannelFileView view = ChannelFileView.open(path))
        {
            view.requireValid();
            final long consumerToken = view.headerLongAcquire(CONSUMER_LEASE_OFFSET);
            if (view.ringKind() == RingKind.MPSC && consumerToken != 0 && ProcessIdentity.isAlive(consumerToken))
            {
                throw new CliException("cannot observe an MPSC channel while its consumer runs (it zeroes records as " +
                    "it frees them, so a copy could mix a message with zeroes): file=" + path + " field=consumerLease" +
                    " found=pid " + ProcessIdentity.pidOf(consumerToken) + " expected=no running consumer; observe an " +
                    "SPSC channel, or stop the consumer and use --consume");
            }
            final RingObserver observer = new RingObserver(view, "head".equals(from));
            final IdleStrategy idle = new BackoffIdleStrategy();
            long lastMessageNs = System.nanoTime();
            while (!done())
            {
                final int limit = (int)Math.min(POLL_LIMIT, count == 0 ? POLL_LIMIT : count - printed);
                final int observed = observer.poll((position, typeId, body, bodyLength) ->
                    print(position, typeId, body, 0, bodyLength), limit);
                if (observed > 0)
                {
                    lastMessageNs = System.nanoTime();
                }
                else if (idleTimedOut(lastMessageNs))
                {
                    break;
                }
                idle.idle(observed);
            }
            return observer.skippedBytes();
        }
    }

    private long consume(final Path path)
    {
        try (Channel opened = Channel.open(path); Consumer consumer = opened.consumer())
        {
            final IdleStrategy idle = new BackoffIdleStrategy();
            long lastMessageNs = System.nanoTime();
            while (!done())
            {
                final int limit = (int)Math.min(POLL_LIMIT, count == 0 ? POLL_LIMIT : count - printed);
                final int consumed = consumer.poll((typeId, buffer, index, length) ->
                    print(-1, typeId, buffer, index, length), limit);
                if (consumed > 0)
                {
                    lastMessageNs = System.nanoTime();
                }
                else if (idleTimedOut(lastMessageNs))
                {
                    break;
                }
                idle.idle(consumed);
            }
            return 0;
        }
    }

    private boolean done()
    {
        return count > 0 && printed >= count;
    }

    private boolean idleTimedOut(final long lastMessageNs)
    {
        return idleTimeoutMs > 0 && System.nanoTime() - lastMessageNs > idleTimeoutMs * 1_000_000L;
    }

    private void print(final long position, final int typeId, final DirectBuffer buffer, final int index, final int length)
    {
        final Map<String, Object> line = new LinkedHashMap<>();
        if (position >= 0)
        {
            line.put("position", position);
        }
        line.put("typeId", typeId);
        line.put("length", length);
        if (sbeJson != null)
        {
            try
            {
                line.put("message", new Json.RawJson(sbeJson.decode(buffer, index, length)));
            }
            catch (final IllegalArgumentException ex)
            {
                undecodable++;
                line.put("error", ex.getMessage());
                putHex(line, buffer, index, length);
            }
        }
        else
        {
            putHex(line, buffer, index, length);
        }
        out.println(Json.object(line));
        out.flush();
        printed++;
    }

    private static void putHex(final Map<String, Object> line, final DirectBuffer buffer, final int index, final int length)
    {
        final int shown = Math.min(length, HEX_BYTES_SHOWN);
        final StringBuilder hex = new StringBuilder(shown * 2);
        for (int i = 0; i < shown; i++)
        {
            hex.append(Character.forDigit((buffer.getByte(index + i) >> 4) & 0xF, 16))
                .append(Character.forDigit(buffer.getByte(index + i) & 0xF, 16));
        }
        line.put("bodyHex", hex.toString());
        if (shown < length)
        {
            line.put("bodyHexTruncated", true);
        }
    }
}
