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
        requireValid(argument, "CHANNEL", "a channel name or a path");
        if (argument.indexOf('/') >= 0 || argument.endsWith(Channel.FILE_SUFFIX))
        {
            return Path.of(argument);
        }
        return Channel.pathFor(argument);
    }

    /**
     * Checks a path argument that is not a channel (a journal directory, a schema file, a directory for channels) as
     * {@link #toPath(String)} checks a channel's: not empty, and every byte decoded.
     *
     * @param path  the argument as picocli converted it.
     * @param field the argument's name in the usage (JOURNAL_DIR, --schema, --dir).
     * @return the path.
     */
    static Path checkedPath(final Path path, final String field)
    {
        if (path != null)
        {
            requireValid(path.toString(), field, "a path");
        }
        return path;
    }

    private static void requireValid(final String argument, final String field, final String expected)
    {
        if (argument.indexOf('\uFFFD') >= 0)
        {
            // the JVM decodes arguments with the system encoding and turns bytes it cannot decode into U+FFFD: the
            // file would get another name than the one typed, which C and Go would then not find
            throw new CliException((field.equals("CHANNEL") ? "channel name" : "path") +
                " is not valid in the system encoding (sun.jnu.encoding=" + System.getProperty("sun.jnu.encoding") +
                "): field=" + field + " found=" + argument.replace("\uFFFD", "\\uFFFD") + " expected=" +
                (field.equals("CHANNEL") ? "a name" : "a path") + " of valid " +
                System.getProperty("sun.jnu.encoding") + " characters (rename it, or pass a path without such bytes)");
        }
        if (argument.isEmpty())
        {
            // pathFor("") would be <dir>/.ringway, a hidden file nobody asked for; Path.of("") the current directory
            throw new CliException((field.equals("CHANNEL") ? "empty channel name" : "empty path") + ": field=" +
                field + " found='' expected=" + expected);
        }
    }
}
