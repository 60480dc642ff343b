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
        if (argument.indexOf('\uFFFD') >= 0)
        {
            // the JVM decodes arguments with the system encoding and turns bytes it cannot decode into U+FFFD: the
            // file would get another name than the one typed, which C and Go would then not find
            throw new CliException("channel name is not valid in the system encoding (sun.jnu.encoding=" +
                System.getProperty("sun.jnu.encoding") + "): field=CHANNEL found=" +
                argument.replace("\uFFFD", "\\uFFFD") + " expected=a name of valid " +
                System.getProperty("sun.jnu.encoding") + " characters (rename it, or pass a path without such bytes)");
        }
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
