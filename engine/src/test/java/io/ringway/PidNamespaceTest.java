package io.ringway;

import io.ringway.testing.ChildProcess;
import io.ringway.testing.JavaProcess;
import io.ringway.testing.PidNamespaceChildMain;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every process of a channel shares one pid namespace (LAYOUT 8): the creator records its own in {@code pidNamespace}
 * and an opener of another pid namespace is refused (LAYOUT 10.3), before it could judge a live lease owner dead by a
 * pid its /proc does not show. The multi-process tests run a child JVM under
 * {@code unshare --pid --fork --mount-proc}, and are skipped where that is refused (it needs root or CAP_SYS_ADMIN).
 */
class PidNamespaceTest
{
    private static final List<String> UNSHARE =
        List.of("unshare", "--pid", "--fork", "--mount-proc", "--kill-child");

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("pidns");
    private Path path;

    @BeforeEach
    void nameChannelFile()
    {
        path = directory.resolve("channel.ringway");
    }

    @Test
    void shouldRecordThePidNamespaceOfItsCreatorInTheHeader() throws IOException
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            assertEquals(ownPidNamespace(), channel.headerBuffer().getLong(HeaderDescriptor.PID_NAMESPACE_OFFSET));
        }
    }

    @Test
    void shouldRefuseToOpenAChannelFileThatRecordsAnotherPidNamespace() throws IOException
    {
        final long otherPidNamespace = ownPidNamespace() + 1;
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            channel.headerBuffer().putLong(HeaderDescriptor.PID_NAMESPACE_OFFSET, otherPidNamespace);
        }
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> Channel.open(path));
        assertEquals(refusal(otherPidNamespace, ownPidNamespace()), ex.getMessage());
    }

    @Test
    void shouldOpenAChannelFileOfALayout12CreatorThatRecordsNoPidNamespace()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            channel.headerBuffer().putLong(HeaderDescriptor.PID_NAMESPACE_OFFSET, 0);
            channel.headerBuffer().putIntRelease(HeaderDescriptor.LAYOUT_VERSION_OFFSET, 0x0001_0002);
        }
        try (Channel reopened = Channel.open(path))
        {
            reopened.consumer();
        }
    }

    @Test
    void shouldRefuseToOpenAChannelCreatedInAnotherPidNamespace() throws Exception
    {
        assumeUnshareWorks();
        final ChildProcess.Result created =
            ChildProcess.run(inNewPidNamespace(PidNamespaceChildMain.class, "create", path), 60);
        assertEquals(0, created.exitCode(), created.output());
        assertEquals("CREATED", lastLine(created.output()), created.output());

        final long creatorsPidNamespace = filePidNamespace();
        assertNotEquals(ownPidNamespace(), creatorsPidNamespace, "the child ran in a pid namespace of its own");
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> Channel.open(path));
        assertEquals(refusal(creatorsPidNamespace, ownPidNamespace()), ex.getMessage());
    }

    @Test
    void shouldRefuseInAnotherPidNamespaceToOpenAChannelCreatedOutside() throws Exception
    {
        assumeUnshareWorks();
        Channel.create(path, ChannelConfig.spsc(1024)).close();

        final ChildProcess.Result opened =
            ChildProcess.run(inNewPidNamespace(PidNamespaceChildMain.class, "open", path), 60);
        assertEquals(0, opened.exitCode(), opened.output());
        final String line = lastLine(opened.output());
        assertTrue(line.startsWith("REFUSED channel file shared across pid namespaces: file=" + path +
            " field=pidNamespace found=" + ownPidNamespace() + " expected="), line);
        assertTrue(line.endsWith(" (every process of a channel must share one pid namespace and /proc)"), line);
        assertFalse(line.contains("expected=" + ownPidNamespace() + " "), line);
    }

    @Test
    void shouldNeverLetASecondConsumerTakeTheLeaseOfALiveConsumerInAnotherPidNamespace() throws Exception
    {
        assumeUnshareWorks();
        final Process holder = inNewPidNamespace(PidNamespaceChildMain.class, "consume", path).start();
        try
        {
            final BufferedReader lines = new BufferedReader(
                new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line = lines.readLine();
            while (line != null && !line.equals("ATTACHED"))
            {
                line = lines.readLine(); // past anything the JVM itself printed
            }
            assertEquals("ATTACHED", line);

            // the filed defect: this process looks the holder's pid up in its own /proc, finds another process (or
            // none) there, judges the live consumer dead and takes its lease over; now open refuses first
            final ChannelFileException ex = assertThrows(ChannelFileException.class, () ->
            {
                try (Channel second = Channel.open(path))
                {
                    second.consumer();
                    fail("a second consumer took over the lease of a live consumer in another pid namespace");
                }
            });
            assertEquals(refusal(filePidNamespace(), ownPidNamespace()), ex.getMessage());
            assertTrue(holder.isAlive(), "the first consumer still runs");
        }
        finally
        {
            holder.destroyForcibly();
            holder.waitFor();
        }
    }

    private static String lastLine(final String output)
    {
        final String[] lines = output.strip().split("\n");
        return lines[lines.length - 1].strip();
    }

    private String refusal(final long found, final long expected)
    {
        return "channel file shared across pid namespaces: file=" + path + " field=pidNamespace found=" + found +
            " expected=" + expected + " (every process of a channel must share one pid namespace and /proc)";
    }

    private long filePidNamespace() throws IOException
    {
        final byte[] header = Files.readAllBytes(path);
        long value = 0;
        for (int i = 7; i >= 0; i--)
        {
            value = value << 8 | (header[HeaderDescriptor.PID_NAMESPACE_OFFSET + i] & 0xFF);
        }
        return value;
    }

    /**
     * @return the number in this process's {@code /proc/self/ns/pid} link, {@code pid:[<inode>]}.
     */
    private static long ownPidNamespace() throws IOException
    {
        final String target = Files.readSymbolicLink(Path.of("/proc/self/ns/pid")).toString();
        assertTrue(target.matches("pid:\\[\\d+]"), target);
        return Long.parseLong(target.substring(5, target.length() - 1));
    }

    private static ProcessBuilder inNewPidNamespace(final Class<?> mainClass, final String mode, final Path path)
    {
        final ProcessBuilder builder = JavaProcess.builder(mainClass, mode, path.toString());
        // pid 1 in its namespace: without this the JVM's /tmp/hsperfdata_<user>/1 collides with every other such JVM
        // (a warning on stdout)
        builder.command().add(1, "-XX:-UsePerfData");
        builder.command().addAll(0, UNSHARE);
        return builder;
    }

    private static List<String> unshare(final String program)
    {
        final List<String> command = new ArrayList<>(UNSHARE);
        command.add(program);
        return command;
    }

    private static void assumeUnshareWorks() throws InterruptedException
    {
        String refusal;
        try
        {
            final ChildProcess.Result result =
                ChildProcess.run(new ProcessBuilder(unshare("true")).redirectErrorStream(true), 30);
            refusal = result.exitCode() == 0 ? null : "exit " + result.exitCode() + ": " + result.output().trim();
        }
        catch (final IOException ex)
        {
            refusal = ex.toString();
        }
        assumeTrue(refusal == null, "skipped: `unshare --pid --fork --mount-proc` was refused here (it needs root or " +
            "CAP_SYS_ADMIN): " + refusal);
    }
}
