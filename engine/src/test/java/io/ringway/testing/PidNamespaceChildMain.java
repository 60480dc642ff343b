package io.ringway.testing;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.ChannelFileException;

import java.nio.file.Path;

/**
 * A child process for tests of channels shared across pid namespaces (LAYOUT 8, 10.3), run by the test under
 * {@code unshare --pid --fork --mount-proc}. Usage: {@code PidNamespaceChildMain create|open|consume <channel file>}.
 * It prints one line on stdout:
 * <ul>
 *     <li>{@code create}: creates an SPSC channel of 4096 bytes, closes it, prints {@code CREATED}.</li>
 *     <li>{@code open}: opens the channel and prints {@code OPENED}, or {@code REFUSED <the one-line error>}.</li>
 *     <li>{@code consume}: creates an SPSC channel, attaches its consumer, prints {@code ATTACHED} and waits to be
 *     killed, holding the consumer lease.</li>
 * </ul>
 */
public final class PidNamespaceChildMain
{
    private PidNamespaceChildMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final Path path = Path.of(args[1]);
        switch (args[0])
        {
            case "create":
                Channel.create(path, ChannelConfig.spsc(4096)).close();
                System.out.println("CREATED");
                break;
            case "open":
                try (Channel channel = Channel.open(path))
                {
                    System.out.println("OPENED " + channel.capacity());
                }
                catch (final ChannelFileException ex)
                {
                    System.out.println("REFUSED " + ex.getMessage());
                }
                break;
            case "consume":
                final Channel channel = Channel.create(path, ChannelConfig.spsc(4096));
                channel.consumer();
                System.out.println("ATTACHED");
                System.out.flush();
                Thread.sleep(Long.MAX_VALUE);
                break;
            default:
                throw new IllegalArgumentException("unknown mode " + args[0]);
        }
        System.out.flush();
    }
}
