package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelCorruptedException;
import io.ringway.ChannelFileException;
import io.ringway.Consumer;
import io.ringway.Producer;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Runs a scripted scenario of docs/CONFORMANCE.md ("Scripted scenarios") on an existing channel file, as one process
 * that is both the producer and the consumer, and returns the lines it prints. c-interop/programs/scenario_runner.c and
 * go-interop/cmd/scenario_runner run the same scripts; ScenarioConformanceTest compares the three traces and files.
 *
 * <pre>
 * java ... io.ringway.testing.ScenarioRunner &lt;channel file&gt; &lt;scenario file&gt;
 * </pre>
 */
public final class ScenarioRunner
{
    /** FNV-1a, 64 bit (docs/CONFORMANCE.md). */
    private static final long FNV_OFFSET_BASIS = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private final Path channelPath;
    private final List<String> trace = new ArrayList<>();
    private final UnsafeBuffer body = new UnsafeBuffer(new byte[1 << 16]);
    private Channel channel;
    private Producer producer;
    private Consumer consumer;

    private ScenarioRunner(final Path channelPath)
    {
        this.channelPath = channelPath;
    }

    /**
     * Runs every step of the script on the channel file.
     *
     * @param channelPath the channel, created beforehand.
     * @param script      the scenario's lines.
     * @return the trace: one line per produced message result, delivered message, handler failure and error.
     */
    public static List<String> run(final Path channelPath, final List<String> script) throws IOException
    {
        return new ScenarioRunner(channelPath).runAll(script);
    }

    public static void main(final String[] args) throws IOException
    {
        run(Path.of(args[0]), Files.readAllLines(Path.of(args[1]))).forEach(System.out::println);
    }

    private List<String> runAll(final List<String> script) throws IOException
    {
        channel = Channel.open(channelPath);
        try
        {
            for (final String line : script)
            {
                final String step = line.strip();
                if (!step.isEmpty() && !step.startsWith("#"))
                {
                    runStep(step.split("\\s+"));
                }
            }
        }
        finally
        {
            channel.close();
        }
        return trace;
    }

    private void runStep(final String[] words) throws IOException
    {
        switch (words[0])
        {
            case "channel":
                break; // the channel's kind and capacity, for whoever creates the file
            case "offer":
                produce("offer", () -> producer().offer(integer(words[1]), seeded(words), 0, integer(words[2])));
                break;
            case "offer-wait":
                produce("offer", () -> producer().offer(integer(words[1]), seeded(words), 0, integer(words[2]),
                    Long.parseLong(words[4]), TimeUnit.NANOSECONDS));
                break;
            case "claim":
                produce("claim", () -> claim(words));
                break;
            case "poll":
                poll(integer(words[1]), 0, -1);
                break;
            case "poll-fail":
                poll(integer(words[1]), integer(words[2]), -1);
                break;
            case "poll-wait":
                poll(integer(words[1]), 0, Long.parseLong(words[2]));
                break;
            case "poke32":
                poke(Long.parseLong(words[1]), Integer.parseInt(words[2]), Integer.BYTES);
                break;
            case "poke64":
                poke(Long.parseLong(words[1]), Long.parseLong(words[2]), Long.BYTES);
                break;
            default:
                throw new IllegalArgumentException("unknown scenario step: " + String.join(" ", words));
        }
    }

    /** Traces "STEP ok", "STEP full", or "STEP error=FIELD" when the producer found the file corrupt. */
    private void produce(final String step, final BooleanSupplier written)
    {
        try
        {
            trace.add(step + (written.getAsBoolean() ? " ok" : " full"));
        }
        catch (final ChannelCorruptedException ex)
        {
            trace.add(step + " error=" + ex.field());
        }
    }

    /** @return true when claimed (then committed or aborted), false when the ring was full. */
    private boolean claim(final String[] words)
    {
        final int typeId = integer(words[1]);
        final int length = integer(words[2]);
        final int index = producer().tryClaim(typeId, length);
        if (index == Producer.RING_FULL)
        {
            return false;
        }
        producer().buffer().putBytes(index, seeded(words), 0, length);
        if ("commit".equals(words[4]))
        {
            producer().commit(index);
        }
        else
        {
            producer().abort(index);
        }
        return true;
    }

    private void poll(final int limit, final int failAt, final long timeoutNs)
    {
        final int[] seen = new int[1];
        final MessageHandler handler = (final int typeId, final MutableDirectBuffer buffer, final int index,
            final int length) ->
        {
            trace.add(String.format(Locale.ROOT, "msg type=%d length=%d fnv=%016x", typeId, length,
                fnv(buffer, index, length)));
            if (++seen[0] == failAt)
            {
                trace.add("failed");
                throw new ScenarioHandlerFailure();
            }
        };
        try
        {
            if (timeoutNs < 0)
            {
                consumer().poll(handler, limit);
            }
            else
            {
                consumer().poll(handler, limit, timeoutNs, TimeUnit.NANOSECONDS);
            }
        }
        catch (final ScenarioHandlerFailure ignored)
        {
            // the handler's own failure, already in the trace
        }
        catch (final ChannelCorruptedException ex)
        {
            trace.add("error=" + ex.field());
        }
    }

    private static final class ScenarioHandlerFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        ScenarioHandlerFailure()
        {
            super("scenario handler fails on purpose", null, false, false);
        }
    }

    private void poke(final long fileOffset, final long value, final int size) throws IOException
    {
        try (RandomAccessFile file = new RandomAccessFile(channelPath.toFile(), "rw"))
        {
            final UnsafeBuffer bytes = new UnsafeBuffer(new byte[size]);
            if (size == Integer.BYTES)
            {
                bytes.putInt(0, (int)value);
            }
            else
            {
                bytes.putLong(0, value);
            }
            file.seek(fileOffset);
            file.write(bytes.byteArray());
        }
    }

    private Producer producer()
    {
        if (producer == null)
        {
            producer = channel.producer();
        }
        return producer;
    }

    private Consumer consumer()
    {
        if (consumer == null)
        {
            try
            {
                consumer = channel.consumer();
            }
            catch (final ChannelFileException ex)
            {
                throw new IllegalStateException("scenario consumer: " + ex.getMessage(), ex);
            }
        }
        return consumer;
    }

    /** The body of "offer/claim TYPE LENGTH SEED": byte i is (SEED + i) mod 256. */
    private UnsafeBuffer seeded(final String[] words)
    {
        final int length = integer(words[2]);
        final int seed = integer(words[3]);
        for (int i = 0; i < length; i++)
        {
            body.putByte(i, (byte)(seed + i));
        }
        return body;
    }

    private static long fnv(final DirectBuffer buffer, final int index, final int length)
    {
        long hash = FNV_OFFSET_BASIS;
        for (int i = 0; i < length; i++)
        {
            hash ^= buffer.getByte(index + i) & 0xFF;
            hash *= FNV_PRIME;
        }
        return hash;
    }

    private static int integer(final String word)
    {
        return Integer.parseInt(word);
    }
}
