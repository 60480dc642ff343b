package io.ringway.cli;

import picocli.CommandLine;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Durations on the command line: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 2h}, a plain number of seconds, or
 * ISO-8601 ({@code PT1M30S}).
 */
final class Durations
{
    private Durations()
    {
    }

    static Duration parse(final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.startsWith("pt") || value.startsWith("p"))
        {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        }
        if (value.endsWith("ms"))
        {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        final char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        final String digits = Character.isDigit(unit) ? value : value.substring(0, value.length() - 1);
        final long number = Long.parseLong(digits);
        switch (unit)
        {
            case 'h':
                return Duration.ofHours(number);
            case 'm':
                return Duration.ofMinutes(number);
            case 's':
                return Duration.ofSeconds(number);
            default:
                if (Character.isDigit(unit))
                {
                    return Duration.ofSeconds(number);
                }
                throw new NumberFormatException("unit " + unit);
        }
    }

    /** picocli converter for duration options. */
    static final class Converter implements CommandLine.ITypeConverter<Duration>
    {
        @Override
        public Duration convert(final String value)
        {
            try
            {
                final Duration duration = parse(value);
                if (duration.isNegative())
                {
                    throw new CommandLine.TypeConversionException("found=" + value + " expected=a duration >= 0");
                }
                return duration;
            }
            catch (final NumberFormatException | DateTimeParseException ex)
            {
                throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration (examples: 500ms, 10s, 5m, 2h, PT1M30S)");
            }
        }
    }
}
