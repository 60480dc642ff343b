package io.ringway.examples.twoprocess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The README's demo: starts {@link ConsumerMain} and {@link ProducerMain} as two separate JVM processes on a fresh
 * channel file in /dev/shm, shows their output, and removes the file afterwards.
 *
 * <p>Usage: {@code DemoMain [count]} (default 100,000,000)
 */
public final class DemoMain
{
    private DemoMain()
    {
    }

    public static void main(final String[] args) throws IOException, InterruptedException
    {
        final String count = args.length > 0 ? args[0] : "100000000";
        final Path directory = Files.createTempDirectory(io.ringway.Channel.defaultDirectory(), "ringway-demo-");
        final Path path = directory.resolve("demo.ringway");
        try
        {
            final Process consumer = start(ConsumerMain.class, path.toString());
            final Process producer = start(ProducerMain.class, path.toString(), count);
            final int producerExit = producer.waitFor();
            final int consumerExit = consumer.waitFor();
            System.out.println(producerExit == 0 && consumerExit == 0 ?
                "demo: two processes exchanged messages through " + path :
                "demo: FAILED: producer exit=" + producerExit + " consumer exit=" + consumerExit);
            if (producerExit != 0 || consumerExit != 0)
            {
                System.exit(1);
            }
        }
        finally
        {
            Files.deleteIfExists(path);
            Files.deleteIfExists(directory);
        }
    }

    private static Process start(final Class<?> main, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("--add-exports");
        command.add("java.base/jdk.internal.misc=ALL-UNNAMED");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start();
    }
}
