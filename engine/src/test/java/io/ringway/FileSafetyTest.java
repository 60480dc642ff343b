package io.ringway;

import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What create and open accept (docs/GUARANTEES.md, threat model; docs/LAYOUT.md, sections 10 and 11.1).
 */
class FileSafetyTest
{
    /** The conventional "nobody" uid: a user other than the one running the tests. */
    private static final int OTHER_UID = 65534;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("filesafety");

    @Test
    void shouldReplaceAnExistingRegularFileOnlyWhenAsked() throws IOException
    {
        final Path path = directory.resolve("channel.ringway");
        Files.writeString(path, "not a channel");
        assertThrows(ChannelFileException.class, () -> Channel.create(path, ChannelConfig.spsc(1024)));
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024).replacingExisting()))
        {
            assertEquals(HeaderDescriptor.fileLength(1024), channel.fileLength());
        }
    }

    @Test
    void shouldRefuseToReplaceASymlinkEvenWhenAskedToReplace() throws IOException
    {
        final Path target = directory.resolve("target");
        Files.writeString(target, "precious");
        final Path link = Files.createSymbolicLink(directory.resolve("channel.ringway"), target);
        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> Channel.create(link, ChannelConfig.spsc(1024).replacingExisting()));
        assertEquals("file", ex.field());
        assertEquals("precious", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
    }

    @Test
    void shouldRefuseToOpenThroughASymlinkUnlessAskedToFollowIt() throws IOException
    {
        final Path path = directory.resolve("channel.ringway");
        Channel.create(path, ChannelConfig.spsc(1024)).close();
        final Path link = Files.createSymbolicLink(directory.resolve("link.ringway"), path);
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> Channel.open(link));
        assertEquals("file", ex.field());
        assertTrue(ex.getMessage().contains("symlink"), ex.getMessage());
        Channel.open(link, ChannelOpenOption.FOLLOW_SYMLINKS).close();
    }

    @Test
    void shouldRefuseToOpenADirectory()
    {
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> Channel.open(directory.path()));
        assertEquals("file", ex.field());
    }

    @Test
    void shouldRefuseAFifoAtOnceInsteadOfBlockingInTheOpen() throws Exception
    {
        final Path fifo = directory.resolve("fifo.ringway");
        final Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        // an open without O_NONBLOCK waits for a writer that never comes: the guard turns that hang into a failure
        final ChannelFileException ex = assertTimeoutPreemptively(java.time.Duration.ofSeconds(30),
            () -> assertThrows(ChannelFileException.class, () -> Channel.open(fifo)));
        assertEquals("file", ex.field());
        assertTrue(ex.found().startsWith("special file"), ex.getMessage());
    }

    @Test
    void shouldLeaveNoFileWhenAJvmWithoutAgronasFlagCreatesSoThatAWellStartedJvmCanCreateIt() throws Exception
    {
        final Path path = directory.resolve("no-flags.ringway");
        // a child JVM without --add-exports java.base/jdk.internal.misc: refused (JvmFlags) before any file is made
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx128m", "-cp", System.getProperty("java.class.path"),
            io.ringway.testing.CreateChannelMain.class.getName(), path.toString())
            .redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes());
        assertEquals(1, child.waitFor(), output);

        assertFalse(Files.exists(path, LinkOption.NOFOLLOW_LINKS), "a failed create left " + path + ": " + output);
        Channel.create(path, ChannelConfig.spsc(4096)).close();
    }

    @Test
    void shouldRefuseToCreateInADirectoryEveryoneCanWriteWithoutTheStickyBit() throws IOException
    {
        final Path open = Files.createDirectory(directory.resolve("world-writable"));
        Files.setPosixFilePermissions(open, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx"));

        final ChannelFileException ex = assertThrows(ChannelFileException.class,
            () -> Channel.create(open.resolve("channel.ringway"), ChannelConfig.spsc(4096)));

        assertEquals("directory", ex.field());
        assertEquals("mode 0777", ex.found());
        assertFalse(Files.exists(open.resolve("channel.ringway")));
        // with the sticky bit, as /dev/shm and /tmp, others can no longer rename the channel's entry
        Files.setAttribute(open, "unix:mode", 01777);
        Channel.create(open.resolve("channel.ringway"), ChannelConfig.spsc(4096)).close();
    }

    @Test
    void shouldRefuseAFileOwnedByAnotherUserUnlessAllowed() throws IOException
    {
        assumeTrue(ProcessIdentity.effectiveUid() == 0, "needs root to give a file to another uid (chown)");
        final Path path = directory.resolve("channel.ringway");
        Channel.create(path, ChannelConfig.spsc(1024)).close();
        Files.setAttribute(path, "unix:uid", OTHER_UID, LinkOption.NOFOLLOW_LINKS);
        final ChannelFileException ex = assertThrows(ChannelFileException.class, () -> Channel.open(path));
        assertEquals("owner", ex.field());
        assertTrue(ex.getMessage().contains("found=uid " + OTHER_UID), ex.getMessage());
        Channel.open(path, ChannelOpenOption.ALLOW_OTHER_OWNER).close();
    }

    @Test
    void shouldDetectAFileTruncatedWhileMappedWhenARoleAttaches() throws IOException
    {
        final Path path = directory.resolve("channel.ringway");
        try (Channel channel = Channel.create(path, ChannelConfig.spsc(1024)))
        {
            try (FileChannel file = FileChannel.open(path, StandardOpenOption.WRITE))
            {
                file.truncate(HeaderDescriptor.HEADER_LENGTH);
            }
            final ChannelFileException consumerEx = assertThrows(ChannelFileException.class, channel::consumer);
            assertEquals("fileLength", consumerEx.field());
            assertEquals(String.valueOf(HeaderDescriptor.HEADER_LENGTH), String.valueOf(consumerEx.found()));
            assertThrows(ChannelFileException.class, channel::producer);
            final ChannelStatus status = channel.status();
            assertEquals(HeaderDescriptor.HEADER_LENGTH, status.fileLength(), "status must not touch the trailer");
            assertEquals(0, status.tailPosition());
            final ChannelFileException openEx = assertThrows(ChannelFileException.class, () -> Channel.open(path));
            assertEquals("fileLength", openEx.field());
        }
    }
}
