package io.ringway.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A size-limited tmpfs mounted for one test, so that a test can fill a file system for real (data-safety tests: a full
 * disk at create, at a journal roll, while writing). Mounting needs root (or CAP_SYS_ADMIN); where the mount is
 * refused the test is skipped with a message saying so, never passed silently.
 */
public final class SmallFileSystem implements AutoCloseable
{
    private final Path mountPoint;

    private SmallFileSystem(final Path mountPoint)
    {
        this.mountPoint = mountPoint;
    }

    /**
     * Mounts a tmpfs of {@code sizeBytes} on a new directory, or skips the calling test when mounting is refused.
     *
     * @param sizeBytes the size of the file system (tmpfs rounds it up to whole pages).
     * @return the mounted file system; close it to unmount.
     * @throws IOException when the directory cannot be made.
     * @throws InterruptedException when interrupted while mount runs.
     */
    public static SmallFileSystem mount(final long sizeBytes) throws IOException, InterruptedException
    {
        final Path directory = Files.createTempDirectory("ringway-small-fs");
        final Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=" + sizeBytes + ",mode=0700",
            "tmpfs", directory.toString()).redirectErrorStream(true).start();
        final String output = new String(mount.getInputStream().readAllBytes()).trim();
        final boolean exited = mount.waitFor(30, TimeUnit.SECONDS);
        if (!exited || 0 != mount.exitValue())
        {
            mount.destroyForcibly();
            Files.deleteIfExists(directory);
            Assumptions.abort("skipped: this test fills a small tmpfs and mounting one was refused here " +
                "(it needs root or CAP_SYS_ADMIN): mount said: " + output);
        }
        return new SmallFileSystem(directory);
    }

    /**
     * @return the directory the file system is mounted on.
     */
    public Path directory()
    {
        return mountPoint;
    }

    /**
     * Unmounts (lazily, so that a mapping a failed test left behind cannot keep it busy) and removes the directory.
     */
    @Override
    public void close() throws IOException
    {
        try
        {
            final Process umount = new ProcessBuilder("umount", "-l", mountPoint.toString())
                .redirectErrorStream(true).start();
            umount.getInputStream().readAllBytes();
            umount.waitFor(30, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(mountPoint);
    }
}
