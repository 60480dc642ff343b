package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.Consumer;
import io.ringway.Producer;

import java.nio.file.Path;

/**
 * The echo side of {@code ringway bench}: sends every message of the ping channel back on the pong channel, spinning,
 * until it reads a stop message or its parent process is gone.
 */
public final class EchoMain
{
    private static final int PARENT_CHECK_SPINS = 1 << 22;

    private EchoMain()
    {
    }

    public static void main(final String[] args)
    {
        final ProcessHandle parent = ProcessHandle.current().parent().orElse(null);
        try (Channel ping = Channel.open(Path.of(args[0]));
            Channel pong = Channel.open(Path.of(args[1]));
            Consumer consumer = ping.consumer();
            Producer producer = pong.producer())
        {
            final boolean[] stopped = new boolean[1];
            int spins = 0;
            while (!stopped[0])
            {
                final int read = consumer.poll((typeId, buffer, index, length) ->
                {
                    if (typeId == BenchCommand.STOP_TYPE_ID)
                    {
                        stopped[0] = true;
                        return;
                    }
                    while (!producer.offer(typeId, buffer, index, length))
                    {
                        Thread.onSpinWait();
                    }
                }, 1);
                if (read == 0 && ++spins == PARENT_CHECK_SPINS)
                {
                    spins = 0;
                    if (parent != null && !parent.isAlive())
                    {
                        return;
                    }
                }
            }
        }
    }
}
