package io.ringway.cinterop;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.ChannelFileException;
import io.ringway.Liveness;
import io.ringway.testing.TempChannels;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The liveness rule of docs/LAYOUT.md section 8 in Java, against C processes that hold a channel's roles
 * (c-interop/programs/lease_holder.c): a live holder keeps them, whatever its name and even when its main thread has
 * exited; a killed one loses them.
 */
class CLeaseHolderTest
{
    private static final String LEASE_HOLDER = "ringway_lease_holder";
    private static final long TIMEOUT_SECONDS = 60;

    private Path directory;

    @BeforeEach
    void createDirectory()
    {
        directory = TempChannels.newDirectory("c-lease-holder");
    }

    @AfterEach
    void deleteDirectory()
    {
        TempChannels.deleteRecursively(directory);
    }

    @Test
    void shouldRefuseJavaTheRolesOfACProcessWhoseMainThreadExitedWhileAWorkerThreadRunsUntilItIsKilled()
        throws Exception
    {
        checkRolesKeptUntilKilled("main-thread-exits");
    }

    @Test
    void shouldRefuseJavaTheRolesOfACConsumerWhoseNameIsNotAsciiUntilItIsKilled() throws Exception
    {
        // "c) (\u00e9 \u00ff": ')' and spaces, UTF-8 0xc3 0xa9, and 0xff, which no charset Java would guess decodes
        checkRolesKeptUntilKilled("same-thread", "63292028c3a920ff");
    }

    private void checkRolesKeptUntilKilled(final String... holderArgs) throws Exception
    {
        final Path path = directory.resolve("held.ringway");
        Channel.create(path, ChannelConfig.spsc(1024)).close();
        final Object[] args = new Object[holderArgs.length + 1];
        args[0] = path;
        System.arraycopy(holderArgs, 0, args, 1, holderArgs.length);
        final Process holder = CPrograms.start(LEASE_HOLDER, args);
        try (Channel channel = Channel.open(path))
        {
            final BufferedReader output =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ATTACHED", output.readLine());

            final ChannelFileException consumerError = assertThrows(ChannelFileException.class, channel::consumer);
            assertEquals("consumerLease", consumerError.field());
            assertEquals("pid " + holder.pid() + " (alive)", consumerError.found());
            final ChannelFileException producerError = assertThrows(ChannelFileException.class, channel::producer);
            assertEquals("producerLease", producerError.field());
            assertEquals(Liveness.ALIVE, channel.consumerLiveness());
            assertEquals(Liveness.ALIVE, channel.producerLiveness());

            holder.destroyForcibly(); // SIGKILL: every thread ends
            assertTrue(holder.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS));
            assertEquals(Liveness.DEAD, channel.consumerLiveness());
            channel.consumer();
            channel.producer();
            assertEquals(ProcessHandle.current().pid(), channel.consumerLeasePid());
            assertEquals(ProcessHandle.current().pid(), channel.producerLeasePid());
        }
        finally
        {
            holder.destroyForcibly();
        }
    }
}
