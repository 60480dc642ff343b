package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.Consumer;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The Java conformance consumer as a process of its own (docs/CONFORMANCE.md), with the arguments and the summary line
 * of c-interop's {@code ringway_sequence_consumer} and go-interop's {@code cmd/sequence_consumer}: reads a channel
 * until {@code producerCount} producers have sent their END, checking every message with {@link SequenceVerifier}.
 *
 * <p>Usage: {@code SequenceConsumerMain <channel file> <producerCount> [timeoutSeconds (default 300)] [single]}
 * ({@code single}, the default, is the only mode: Java has no batch poll).
 *
 * <p>Output, one line on stdout: {@code VERIFIED|FAILED: producers=P ended=E messages=M sequences=S backPressure=B}.
 * Exit status: 0 only when everything verified; 1 on a violation or timeout; 2 on bad arguments.
 */
public final class SequenceConsumerMain
{
    private static final int POLL_LIMIT = 256;

    private SequenceConsumerMain()
    {
    }

    public static void main(final String[] args)
    {
        if (args.length < 2 || args.length > 4 || (args.length == 4 && !"single".equals(args[3])))
        {
            System.err.println("usage: SequenceConsumerMain <channel file> <producerCount> [timeoutSeconds] [single]");
            System.exit(2);
        }
        final Path path = Path.of(args[0]);
        final int producerCount = Integer.parseInt(args[1]);
        final long timeoutSeconds = args.length >= 3 ? Long.parseLong(args[2]) : 300;
        final SequenceVerifier verifier = new SequenceVerifier();
        int status = 0;
        final long backPressure;
        try (Channel channel = Channel.open(path))
        {
            final Consumer consumer = channel.consumer();
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            long idlePolls = 0;
            while (!verifier.allEnded(producerCount) && verifier.firstError() == null)
            {
                if (consumer.poll(verifier, POLL_LIMIT) == 0)
                {
                    if (++idlePolls % 64 == 0)
                    {
                        Thread.yield();
                        if (System.nanoTime() - deadlineNs > 0)
                        {
                            System.err.println("consumer: timed out after " + timeoutSeconds + "s with " +
                                verifier.endedCount() + " of " + producerCount + " producers ended");
                            status = 1;
                            break;
                        }
                    }
                }
            }
            backPressure = channel.backPressureCount();
        }
        if (verifier.firstError() != null)
        {
            System.err.println("consumer: conformance violation: " + verifier.firstError());
            status = 1;
        }
        System.out.println((status == 0 ? "VERIFIED" : "FAILED") + ": producers=" + verifier.producerCount() +
            " ended=" + verifier.endedCount() + " messages=" + verifier.messages() + " sequences=" +
            verifier.sequences() + " backPressure=" + backPressure);
        System.out.flush();
        System.exit(status);
    }
}
