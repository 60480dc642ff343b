package io.ringway;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The Java engine creates, opens and parks on Linux only: elsewhere it refuses with one line naming the platform.
 */
class OperatingSystemTest
{
    @Test
    void shouldTakeOnlyLinuxForLinux()
    {
        assertTrue(OperatingSystem.isLinux("Linux"));
        assertFalse(OperatingSystem.isLinux("Windows 11"));
        assertFalse(OperatingSystem.isLinux("Mac OS X"));
        assertTrue(OperatingSystem.LINUX, "these tests run on Linux");
    }

    @Test
    void shouldNameTheFileAndThePlatformWhenRefusingAChannel()
    {
        final ChannelFileException ex =
            OperatingSystem.unsupported(Path.of("C:\\Temp\\orders.ringway"), "Windows 11/amd64");
        assertEquals("channels in Java are not supported on this platform yet: file=C:\\Temp\\orders.ringway " +
            "field=platform found=Windows 11/amd64 expected=Linux (C and Go also run on Windows: docs/PORTING.md)",
            ex.getMessage());
        assertEquals("platform", ex.field());
    }
}
