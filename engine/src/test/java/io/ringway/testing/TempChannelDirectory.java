package io.ringway.testing;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * A fresh directory under the default channel directory (/dev/shm when present) for each test, deleted after it.
 *
 * <pre>{@code
 * @RegisterExtension
 * final TempChannelDirectory directory = new TempChannelDirectory("lease");
 * ...
 * Path path = directory.resolve("channel.ringway");
 * }</pre>
 */
public final class TempChannelDirectory implements BeforeEachCallback, AfterEachCallback
{
    private final String prefix;
    private Path directory;

    public TempChannelDirectory(final String prefix)
    {
        this.prefix = prefix;
    }

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        directory = TempChannels.newDirectory(prefix);
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        TempChannels.deleteRecursively(directory);
    }

    /**
     * @return this test's directory.
     */
    public Path path()
    {
        return directory;
    }

    /**
     * @param name a file name.
     * @return that file in this test's directory.
     */
    public Path resolve(final String name)
    {
        return directory.resolve(name);
    }
}
