package io.ringway;

import io.ringway.testing.JavaProcess;
import io.ringway.testing.LeaseHolderMain;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * One consumer per channel and one producer per SPSC channel; a role is free again when its holder closes or dies.
 */
class LeaseTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("lease");
    private Path path;

    @BeforeEach
    void nameChannelFile()
    {
        path = directory.resolve("channel.ringway");
    }

    @Test
    void shouldRefuseASecondConsumerWhileTheFirstIsOpen()
    {
        try (Channel first = Channel.create(path, ChannelConfig.mpsc(1024)); Channel second = Channel.open(path))
        {
            first.consumer();
            final ChannelFileException ex = assertThrows(ChannelFileException.class, second::consumer);
            assertEquals("consumerLease", ex.field());
            assertEquals("pid " + ProcessHandle.current().pid() + " (this process)", ex.found());
            assertTrue(ex.getMessage().contains("file=" + path), ex.getMessage());
        }
    }

    @Test
    void shouldAcceptANewConsumerOnceTheFirstCloses()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            channel.consumer().close();
            assertEquals(0, channel.consumerLeasePid());
            channel.consumer();
            assertEquals(ProcessHandle.current().pid(), channel.consumerLeasePid());
        }
        try (Channel reopened = Channel.open(path))
        {
            assertEquals(0, reopened.consumerLeasePid(), "closing the channel released the lease");
            reopened.consumer();
        }
    }

    @Test
    void shouldRefuseASecondProducerOnAnSpscChannel()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            channel.producer();
            final ChannelFileException ex = assertThrows(ChannelFileException.class, channel::producer);
            assertEquals("producerLease", ex.field());
        }
    }

    @Test
    void shouldAcceptManyProducersOnAnMpscChannel()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.mpsc(1024)))
        {
            channel.producer();
            channel.producer();
            channel.producer();
            assertEquals(0, channel.producerLeasePid(), "MPSC producers take no lease");
        }
    }

    @Test
    void shouldTreatALeaseWhosePidWasReusedAsFree()
    {
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            // a token naming a live pid (ours) but another start time: the owner died and its pid was reused
            final long staleToken = ProcessIdentity.currentToken() ^ 1;
            channel.headerBuffer().putLongRelease(HeaderDescriptor.CONSUMER_LEASE_OFFSET, staleToken);
            channel.consumer();
            assertEquals(ProcessIdentity.currentToken(),
                channel.headerBuffer().getLongVolatile(HeaderDescriptor.CONSUMER_LEASE_OFFSET));
        }
    }

    @Test
    void shouldRefuseTheConsumerRoleHeldByAnotherLiveProcessAndTakeItOverWhenThatProcessIsKilled() throws Exception
    {
        checkTakeOverFromKilledProcess("consumer", "consumerLease");
    }

    @Test
    void shouldRefuseTheSpscProducerRoleHeldByAnotherLiveProcessAndTakeItOverWhenThatProcessIsKilled()
        throws Exception
    {
        checkTakeOverFromKilledProcess("producer", "producerLease");
    }

    @Test
    void shouldRefuseTheConsumerRoleHeldByALiveProcessWhoseNameIsNotAsciiAndTakeItOverWhenThatProcessIsKilled()
        throws Exception
    {
        // "rw-cons\u00e9\u00ff": UTF-8 0xc3 0xa9, then 0xff (valid in no charset Java would guess); LAYOUT 8 reads
        // /proc/<pid>/stat as bytes
        checkTakeOverFromKilledProcess("consumer", "consumerLease", "72772d636f6e73c3a9ff");
    }

    @Test
    void shouldRefuseTheSpscProducerRoleHeldByALiveProcessWhoseNameIsNotAscii() throws Exception
    {
        checkTakeOverFromKilledProcess("producer", "producerLease", "c3a92920ff2920");
    }

    private void checkTakeOverFromKilledProcess(final String role, final String field) throws Exception
    {
        checkTakeOverFromKilledProcess(role, field, null);
    }

    private void checkTakeOverFromKilledProcess(final String role, final String field, final String nameHex)
        throws Exception
    {
        Channel.create(path, ChannelConfig.spsc(1024)).close();
        final Process holder = nameHex == null ?
            JavaProcess.start(LeaseHolderMain.class, path.toString(), role) :
            JavaProcess.start(LeaseHolderMain.class, path.toString(), role, nameHex);
        try (Channel channel = Channel.open(path))
        {
            final BufferedReader output =
                new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("ATTACHED", output.readLine());
            final ChannelFileException ex = assertThrows(ChannelFileException.class,
                () -> attach(channel, role));
            assertEquals(field, ex.field());
            assertEquals("pid " + holder.pid() + " (alive)", ex.found());
            assertEquals(Liveness.ALIVE, "consumer".equals(role) ?
                channel.consumerLiveness() : channel.producerLiveness());

            holder.destroyForcibly(); // SIGKILL: no chance to close anything
            holder.waitFor();

            attach(channel, role);
            assertEquals(ProcessHandle.current().pid(),
                "consumer".equals(role) ? channel.consumerLeasePid() : channel.producerLeasePid());
        }
        finally
        {
            holder.destroyForcibly();
        }
    }

    private static void attach(final Channel channel, final String role)
    {
        if ("consumer".equals(role))
        {
            channel.consumer();
        }
        else
        {
            channel.producer();
        }
    }
}
