package io.ringway.journal;

import io.ringway.testing.JavaProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * One writer per journal (LAYOUT 14.7): a second writer that opens while the first rolls must be refused, never take
 * the lease the first gave up on a segment it just sealed, and never replace a segment the first created.
 */
class JournalSecondWriterTest
{
    /** Four pages: a roll every few dozen records. */
    private static final long SEGMENT_LENGTH = 4 * 4096;
    private static final int ATTEMPTS = 3_000;
    /** Records the writer appends per attempt: about one roll each, raced by the attempt. */
    private static final long RECORDS_PER_ATTEMPT = 48;

    @TempDir
    Path journal;

    @Test
    void shouldRefuseEverySecondWriterAndLoseNoRecordWhenItRacesToOpenWhileTheWriterRolls() throws Exception
    {
        final Process first = JavaProcess.start(RollingWriterMain.class, journal.toString(),
            Long.toString(SEGMENT_LENGTH), Long.toString(RECORDS_PER_ATTEMPT));
        final BufferedReader firstOut = new BufferedReader(
            new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII));
        assertEquals("ready", firstOut.readLine());
        final OutputStream firstIn = first.getOutputStream();
        final List<String> wrongOutcomes = new ArrayList<>();
        int attempts = 0;
        while (attempts < ATTEMPTS && first.isAlive())
        {
            attempts++;
            firstIn.write("go\n".getBytes(StandardCharsets.US_ASCII));
            firstIn.flush();
            try (JournalWriter second = JournalWriter.open(journal, smallSegments()))
            {
                wrongOutcomes.add("attempt " + attempts + " opened a second writer at " + second.segmentPath());
            }
            catch (final JournalFileException ex)
            {
                if (!"writerLease".equals(ex.field()) || !ex.getMessage().contains("found=pid " + first.pid()))
                {
                    wrongOutcomes.add("attempt " + attempts + ": " + ex.getMessage());
                }
            }
        }
        firstIn.write("stop\n".getBytes(StandardCharsets.US_ASCII));
        firstIn.flush();
        final String appendedLine = firstOut.readLine();
        assertNotNull(appendedLine, "the writer process ended early");
        final long appended = Long.parseLong(appendedLine.substring("appended ".length()));
        firstIn.close();
        assertEquals(0, JavaProcess.waitFor(first, 60));
        assertEquals(ATTEMPTS, attempts, "the writer process stopped appending before the attempts were made");
        assertTrue(segmentCount(journal) > 10, "the writer rolled: " + segmentCount(journal) + " segments");

        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, appended);
        }
        assertEquals(List.of(), wrongOutcomes.subList(0, Math.min(10, wrongOutcomes.size())),
            wrongOutcomes.size() + " of " + attempts + " attempts did not end in the live writer's lease");
        try (var files = Files.list(journal))
        {
            assertEquals(0, files.filter(path -> path.toString().contains(JournalDescriptor.TEMPORARY_SUFFIX)).count(),
                "no temporary segment left behind");
        }
    }

    @Test
    void shouldRefuseToCreateASegmentWhereOneOfThatNameExistsAndLeaveTheExistingOneIntact() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(journal, smallSegments()))
        {
            appendRecords(writer, 0, 10);
        }
        final SegmentIdentity identity = smallSegments().newIdentity(1, 0, 0);
        final JournalFileException refused = assertThrows(JournalFileException.class,
            () -> Segment.create(journal, 0, identity, 1, 0).close());
        assertEquals(Segment.SEGMENT_FILE_FIELD, refused.field(), refused.getMessage());
        assertTrue(refused.getMessage().contains("file=" + journal.resolve(JournalDescriptor.segmentFileName(0))),
            refused.getMessage());
        try (var files = Files.list(journal))
        {
            assertEquals(List.of(journal.resolve(JournalDescriptor.segmentFileName(0))), files.toList(),
                "the existing segment and no temporary file");
        }
        try (JournalReader reader = JournalReader.open(journal))
        {
            assertRecords(readAll(reader), 0, 10);
        }
    }
}
