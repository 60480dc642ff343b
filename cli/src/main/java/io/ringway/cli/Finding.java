package io.ringway.cli;

/**
 * One thing {@code ringway check} found in a channel file.
 *
 * @param severity ERROR when the file or a record is not what LAYOUT.md requires, WARNING when it is legal but needs a
 *                 person's attention (a dead lease holder, a record a dead producer never committed, loose permissions).
 * @param field    the LAYOUT.md field name, or {@code record@<position>} for a record.
 * @param found    the value found.
 * @param expected the value expected.
 * @param message  what it means.
 */
record Finding(Severity severity, String field, String found, String expected, String message)
{
    enum Severity
    {
        ERROR, WARNING
    }

    static Finding error(final String field, final Object found, final Object expected, final String message)
    {
        return new Finding(Severity.ERROR, field, String.valueOf(found), String.valueOf(expected), message);
    }

    static Finding warning(final String field, final Object found, final Object expected, final String message)
    {
        return new Finding(Severity.WARNING, field, String.valueOf(found), String.valueOf(expected), message);
    }

    @Override
    public String toString()
    {
        return severity + " " + message + ": field=" + field + " found=" + found + " expected=" + expected;
    }
}
