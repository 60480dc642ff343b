package io.ringway;

import io.ringway.testing.SmallFileSystem;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileSpaceTest
{
    private static final long MIB = 1024 * 1024;

    @Test
    void shouldGrowTheFileAndBackEveryPageSoThatTheSpaceIsTakenAtOnce() throws Exception
    {
        try (SmallFileSystem fileSystem = SmallFileSystem.mount(4 * MIB))
        {
            final Path file = Files.createFile(fileSystem.directory().resolve("reserved"));
            FileSpace.reserve(file, 3 * MIB);

            assertEquals(3 * MIB, Files.size(file));
            final long usable = Files.getFileStore(file).getUsableSpace();
            assertTrue(usable <= MIB, "a sparse file would leave the space free: usable=" + usable);
        }
    }

    @Test
    void shouldReportAFullFileSystemWithTheFileAndTheLengthInsteadOfMakingASparseFile() throws Exception
    {
        try (SmallFileSystem fileSystem = SmallFileSystem.mount(2 * MIB))
        {
            final Path file = Files.createFile(fileSystem.directory().resolve("too-large"));

            final IOException error = assertThrows(IOException.class, () -> FileSpace.reserve(file, 8 * MIB));

            assertTrue(error.getMessage().contains("file=" + file), error.getMessage());
            assertTrue(error.getMessage().contains("found=ENOSPC"), error.getMessage());
            assertTrue(error.getMessage().contains("expected=" + 8 * MIB), error.getMessage());
        }
    }

    @Test
    void shouldRefuseToReserveThroughASymlink() throws Exception
    {
        try (SmallFileSystem fileSystem = SmallFileSystem.mount(2 * MIB))
        {
            final Path target = Files.createFile(fileSystem.directory().resolve("target"));
            final Path link = Files.createSymbolicLink(fileSystem.directory().resolve("link"), target);

            final IOException error = assertThrows(IOException.class, () -> FileSpace.reserve(link, MIB));

            assertTrue(error.getMessage().contains("file=" + link), error.getMessage());
            assertEquals(0, Files.size(target));
        }
    }
}
