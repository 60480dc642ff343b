package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A channel created in a directory another user can write (docs/GUARANTEES.md, threat model): that user may swap the
 * new name for a symlink to a file of the creator's at any moment. Create sets permissions on its own descriptor
 * (LAYOUT 10.2), so the victim keeps its permissions however the race falls; setting them by path gave the victim the
 * channel's mode in some of these attempts.
 */
class CreatePermissionRaceTest
{
    private static final int ATTEMPTS = 10_000;
    private static final Set<PosixFilePermission> VICTIM_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> CHANNEL_MODE = PosixFilePermissions.fromString("rw-rw-rw-");

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("create-race");

    @Test
    void shouldNeverChangeThePermissionsOfAFileTheChannelNameIsSwappedToPointAt() throws Exception
    {
        final Path victim = Files.createFile(directory.resolve("victim"));
        Files.setPosixFilePermissions(victim, VICTIM_MODE);
        final Path channelPath = directory.resolve("swapped.ringway");
        final AtomicBoolean running = new AtomicBoolean(true);
        final Thread swapper = new Thread(() ->
        {
            while (running.get())
            {
                try
                {
                    // whatever create made, replace it by a symlink to the victim
                    Files.deleteIfExists(channelPath);
                    Files.createSymbolicLink(channelPath, victim);
                }
                catch (final IOException ignored)
                {
                    // the creator won this round: try again
                }
            }
        });
        swapper.start();
        int created = 0;
        try
        {
            for (int i = 0; i < ATTEMPTS; i++)
            {
                try
                {
                    Channel.create(channelPath, ChannelConfig.spsc(1 << 12).withPermissions(CHANNEL_MODE)).close();
                    created++;
                }
                catch (final ChannelFileException expected)
                {
                    // the name was taken by the symlink: refused, as it must be
                }
                assertEquals(VICTIM_MODE, Files.getPosixFilePermissions(victim),
                    "attempt " + i + ": the victim's permissions changed");
            }
        }
        finally
        {
            running.set(false);
            swapper.join();
        }
        assertTrue(created > 0, "some creates won the race, so the swap could land between their steps");
        assertEquals(0, Files.size(victim), "the victim was never written");
    }
}
