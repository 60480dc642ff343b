package io.ringway.cli;

import io.ringway.Channel;

import java.nio.file.Path;

/**
 * Turns a CHANNEL argument into a path: anything with a '/' or the {@code .ringway} suffix is a path, anything else a
 * channel name placed by {@link Channel#pathFor(String)}.
 */
final class ChannelArgument
{
    private ChannelArgument()
    {
    }

    static Path toPath(final String argument)
    {
        if (argument.isEmpty())
        {
            // pathFor("") would be <dir>/.ringway, a hidden file nobody asked for
            throw new CliException("empty channel name: field=CHANNEL found='' expected=a channel name or a path");
        }
        if (argument.indexOf('/') >= 0 || argument.endsWith(Channel.FILE_SUFFIX))
        {
            return Path.of(argument);
        }
        return Channel.pathFor(argument);
    }
}
