package io.ringway.cinterop;

import io.ringway.journal.JournalReaderProgramScenarios;

/**
 * The C reader ({@code ringway_journal_*} in ringway.h, through the program {@code ringway_journal_reader}) on journals
 * that Java writes: every record, seeks by index and by time, and following a journal still being appended to
 * ({@link JournalReaderProgramScenarios}).
 */
class JournalCrossLanguageTest extends JournalReaderProgramScenarios
{
    JournalCrossLanguageTest()
    {
        super("xlang-journal", "C");
    }

    @Override
    protected ProcessBuilder readerProgram(final Object... args)
    {
        return CPrograms.builder("ringway_journal_reader", args);
    }
}
