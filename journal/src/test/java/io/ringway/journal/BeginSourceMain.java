package io.ringway.journal;

import io.ringway.Channel;
import io.ringway.Consumer;

import java.nio.file.Path;

/**
 * A recorder process for the beginSource crash test: opens the channel {@code args[0]} as its consumer and the journal
 * {@code args[1]}, and begins recording (JournalRecorder's constructor calls {@link JournalWriter#beginSource}). Run
 * with {@code -D}{@value JournalWriter#HALT_IN_BEGIN_SOURCE_PROPERTY}{@code =true} it halts inside beginSource, as a
 * SIGKILL there would stop it; exits 0 if it got past.
 */
public final class BeginSourceMain
{
    private BeginSourceMain()
    {
    }

    public static void main(final String[] args)
    {
        try (Channel channel = Channel.open(Path.of(args[0]));
            Consumer consumer = channel.consumer();
            JournalWriter writer = JournalWriter.open(Path.of(args[1]), JournalTestSupport.smallSegments()))
        {
            new JournalRecorder(consumer, writer, null);
        }
    }
}
