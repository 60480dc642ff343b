package io.ringway.cli;

/**
 * An error the user can act on (a bad schema file, a channel without a consumer to stand in for, ...): reported as one
 * line with exit code {@link RingwayCli#EXIT_FILE_ERROR}.
 */
final class CliException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    CliException(final String message)
    {
        super(message);
    }

    CliException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
