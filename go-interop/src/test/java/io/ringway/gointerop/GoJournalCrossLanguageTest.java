package io.ringway.gointerop;

import io.ringway.journal.JournalReaderProgramScenarios;

/**
 * The Go reader ({@code OpenJournal} in go-interop, pure Go over the read-only mapping, through the program
 * {@code cmd/journal_reader}) on journals that Java writes: every record, seeks by index and by time, and following a
 * journal still being appended to ({@link JournalReaderProgramScenarios}).
 */
class GoJournalCrossLanguageTest extends JournalReaderProgramScenarios
{
    GoJournalCrossLanguageTest()
    {
        super("go-xlang-journal", "Go");
    }

    @Override
    protected ProcessBuilder readerProgram(final Object... args)
    {
        return GoPrograms.builder(GoPrograms.goProgram("journal_reader"), args);
    }
}
