package io.ringway.cli;

import picocli.CommandLine;

/**
 * picocli converters for counts and times that must not be negative (or must be positive): a negative --count or
 * --idle-timeout was accepted and meant "for ever"; now it is a usage error naming the value and the range.
 */
final class Counts
{
    private Counts()
    {
    }

    private static long parse(final String value, final long minimum, final long maximum)
    {
        final long number;
        try
        {
            number = Long.parseLong(value.trim());
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException("found=" + value + " expected=a whole number");
        }
        if (number < minimum || number > maximum)
        {
            throw new CommandLine.TypeConversionException("found=" + value + " expected=a whole number in [" +
                minimum + ", " + maximum + "]");
        }
        return number;
    }

    /** 0 or more. */
    static final class NonNegative implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            return parse(value, 0, Long.MAX_VALUE);
        }
    }

    /** 1 or more. */
    static final class Positive implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            return parse(value, 1, Long.MAX_VALUE);
        }
    }

    /** An SBE schema id or version in the message header: uint16, 0 meaning unspecified. */
    static final class SchemaNumber implements CommandLine.ITypeConverter<Integer>
    {
        @Override
        public Integer convert(final String value)
        {
            return (int)parse(value, 0, 65_535);
        }
    }
}
