package io.ringway.gointerop;

import io.ringway.journal.JournalReaderProgramScenarios;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.ringway.gointerop.Language.Program.JOURNAL_READER;

/**
 * The journal reader of every language ({@link Language}: Java's {@code JournalReader}, C's {@code ringway_journal_*}
 * of ringway_journal.h, Go's pure-Go {@code OpenJournal}, each behind its reader program) on journals that Java
 * writes: every record, seeks by index and by time, and following a journal still being appended to, polling and
 * parked ({@link JournalReaderProgramScenarios}).
 */
class JournalReaderMatrixTest
{
    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("journal-matrix");

    private JournalReaderProgramScenarios scenarios(final Language reader)
    {
        return new JournalReaderProgramScenarios(directory.path(), reader.toString(),
            args -> reader.builder(JOURNAL_READER, args));
    }

    @ParameterizedTest(name = "Java writer -> {0} reader: every record with its index, type id, timestamp and body, " +
        "across many segments")
    @EnumSource(Language.class)
    void shouldReadEveryRecordJavaWroteWithItsIndexTypeIdTimestampAndBodyAcrossManySegments(final Language reader)
        throws Exception
    {
        scenarios(reader).shouldReadEveryRecordJavaWroteWithItsIndexTypeIdTimestampAndBodyAcrossManySegments();
    }

    @ParameterizedTest(name = "Java writer -> {0} reader: seeks by index and by time land where Java's reader does")
    @EnumSource(Language.class)
    void shouldSeekByIndexAndByTimeWhereJavasReaderDoes(final Language reader) throws Exception
    {
        scenarios(reader).shouldSeekByIndexAndByTimeWhereJavasReaderDoes();
    }

    @ParameterizedTest(name = "Java writer -> {0} reader following the journal: every record while Java appends")
    @EnumSource(Language.class)
    void shouldSeeEveryRecordWhenFollowingAJournalJavaIsStillAppendingTo(final Language reader) throws Exception
    {
        scenarios(reader).shouldSeeEveryRecordWhenFollowingAJournalJavaIsStillAppendingTo();
    }

    @ParameterizedTest(name = "Java writer -> {0} reader parked at the tail: woken for every record, across rolls, " +
        "no park ends by timeout")
    @EnumSource(Language.class)
    void shouldWakeAFollowerParkedAtTheTailForEveryRecordJavaAppendsAcrossRolls(final Language reader)
        throws Exception
    {
        scenarios(reader).shouldWakeAFollowerParkedAtTheTailForEveryRecordJavaAppendsAcrossRolls();
    }
}
