package io.ringway;

import java.nio.file.Path;

/**
 * One problem found in a channel file by the checks of docs/LAYOUT.md 10.3 ({@link HeaderCheck}), or by a reader that
 * looks further ({@code ringway check}).
 *
 * @param severity ERROR when the file or a record is not what LAYOUT.md requires, WARNING when it is legal but needs a
 *                 person's attention (a dead lease holder, a record a dead producer never committed, loose permissions).
 * @param field    the LAYOUT.md field name, or {@code record@<position>...} for a record.
 * @param found    the value found.
 * @param expected the value expected.
 * @param reason   what it means, in the words of LAYOUT.md's table where it has a row.
 */
public record Finding(Severity severity, String field, String found, String expected, String reason)
{
    /** How bad a finding is. */
    public enum Severity
    {
        /** The file breaks the layout: it must not be used. */
        ERROR,
        /** Legal, but a person should look. */
        WARNING
    }

    /**
     * @param field    the field.
     * @param found    the value found.
     * @param expected the value expected.
     * @param reason   what it means.
     * @return an error.
     */
    public static Finding error(final String field, final Object found, final Object expected, final String reason)
    {
        return new Finding(Severity.ERROR, field, String.valueOf(found), String.valueOf(expected), reason);
    }

    /**
     * @param field    the field.
     * @param found    the value found.
     * @param expected the value expected.
     * @param reason   what it means.
     * @return a warning.
     */
    public static Finding warning(final String field, final Object found, final Object expected, final String reason)
    {
        return new Finding(Severity.WARNING, field, String.valueOf(found), String.valueOf(expected), reason);
    }

    /**
     * @return whether this is an error.
     */
    public boolean isError()
    {
        return severity == Severity.ERROR;
    }

    /**
     * @param file the channel file.
     * @return the one-line exception that reports this finding.
     */
    public ChannelFileException toException(final Path file)
    {
        return new ChannelFileException(reason, file, field, found, expected);
    }

    @Override
    public String toString()
    {
        return severity + " " + reason + ": field=" + field + " found=" + found + " expected=" + expected;
    }
}
