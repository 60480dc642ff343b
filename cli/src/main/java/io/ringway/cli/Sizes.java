package io.ringway.cli;

import io.ringway.HeaderDescriptor;
import picocli.CommandLine;

import java.util.Locale;

/**
 * Byte sizes on the command line: {@code 4096}, {@code 64k}, {@code 1m}, {@code 1g} (powers of 1024).
 */
final class Sizes
{
    private Sizes()
    {
    }

    static long parse(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.isEmpty())
        {
            throw new IllegalArgumentException("empty size");
        }
        final char unit = value.charAt(value.length() - 1);
        final int shift = unit == 'k' ? 10 : unit == 'm' ? 20 : unit == 'g' ? 30 : 0;
        final String digits = shift == 0 ? value : value.substring(0, value.length() - 1);
        final long number = Long.parseLong(digits);
        if (number < 0 || number > (Long.MAX_VALUE >> shift))
        {
            throw new IllegalArgumentException("size out of range: " + text);
        }
        return number << shift;
    }

    static int checkedCapacity(final CommandLine.Model.CommandSpec spec, final String option, final long capacity)
    {
        if (!HeaderDescriptor.isValidCapacity(capacity))
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "Invalid value for option '" + option +
                "': found=" + capacity + " expected=a power of two in [" + HeaderDescriptor.MIN_CAPACITY + ", " +
                HeaderDescriptor.MAX_CAPACITY + "]");
        }
        return (int)capacity;
    }

    /** picocli converter for size options. */
    static final class Converter implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            try
            {
                return parse(value);
            }
            catch (final IllegalArgumentException ex) // NumberFormatException too
            {
                throw new CommandLine.TypeConversionException("found=" + value +
                    " expected=a size of 0 or more bytes (examples: 4096, 64k, 1m)");
            }
        }
    }
}
