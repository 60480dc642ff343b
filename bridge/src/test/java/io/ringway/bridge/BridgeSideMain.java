package io.ringway.bridge;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One side of a bridge as a process of its own, for the multi-process tests: runs until SIGTERM (orderly close) or
 * SIGKILL.
 *
 * <p>Usage: {@code BridgeSideMain send|receive <channel file> <aeron channel> [--batch] [--journal DIR]
 * [--ack URI] [--state FILE]}.
 */
public final class BridgeSideMain
{
    private BridgeSideMain()
    {
    }

    public static void main(final String[] args) throws InterruptedException
    {
        final BridgeConfig config = new BridgeConfig(Path.of(args[1]), args[2]);
        for (int i = 3; i < args.length; i++)
        {
            switch (args[i])
            {
                case "--batch" -> config.batching(true);
                case "--journal" -> config.journalDirectory(Path.of(args[++i]));
                case "--ack" -> config.ackChannel(args[++i]);
                case "--state" -> config.stateFile(Path.of(args[++i]));
                default -> throw new IllegalArgumentException("unknown option: " + args[i]);
            }
        }
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread main = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            stop.set(true);
            try
            {
                main.join(5_000);
            }
            catch (final InterruptedException ignored)
            {
                Thread.currentThread().interrupt();
            }
        }));
        if ("send".equals(args[0]))
        {
            try (BridgeSender sender = new BridgeSender(config))
            {
                System.out.println("READY");
                System.out.flush();
                sender.run(stop::get);
            }
        }
        else
        {
            try (BridgeReceiver receiver = new BridgeReceiver(config))
            {
                System.out.println("READY");
                System.out.flush();
                receiver.run(stop::get);
            }
        }
    }
}
