package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcStatTest
{
    /** A stat line as proc(5) shows it: utime (field 14) = 1234, stime (field 15) = 56. */
    private static String statLine(final String comm)
    {
        return "4242 (" + comm + ") S 1 4242 4242 0 -1 4194560 120 0 0 0 1234 56 0 0 20 0 21 0 9876 " +
            "3133440 358 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n";
    }

    @Test
    void shouldAddUtimeAndStimeOfAStatLine() throws IOException
    {
        assertEquals(1234 + 56, ProcStat.cpuTicks(statLine("java"), "stat"));
    }

    @Test
    void shouldCountFieldsFromTheLastParenthesisWhenTheCommandNameHoldsSpacesAndParentheses() throws IOException
    {
        assertEquals(1234 + 56, ProcStat.cpuTicks(statLine("a) 7 8 (b c)"), "stat"));
    }

    @Test
    void shouldRejectALineWithoutACommandName()
    {
        final IOException ex = assertThrows(IOException.class, () -> ProcStat.cpuTicks("4242 S 1 2 3", "f"));
        assertTrue(ex.getMessage().contains("file=f field=comm"), ex.getMessage());
    }

    @Test
    void shouldRejectALineThatEndsBeforeStime()
    {
        final IOException ex = assertThrows(IOException.class,
            () -> ProcStat.cpuTicks("4242 (x) S 1 4242 4242 0 -1 4194560 120 0 0 0 1234", "f"));
        assertTrue(ex.getMessage().contains("field=fieldCount found=14 expected=>=15"), ex.getMessage());
    }

    @Test
    void shouldRejectANegativeOrNonNumericTime()
    {
        final IOException negative = assertThrows(IOException.class,
            () -> ProcStat.cpuTicks(statLine("x").replace(" 1234 ", " -5 "), "f"));
        assertTrue(negative.getMessage().contains("field=utime found=-5"), negative.getMessage());
        final IOException text = assertThrows(IOException.class,
            () -> ProcStat.cpuTicks(statLine("x").replace(" 56 ", " z "), "f"));
        assertTrue(text.getMessage().contains("field=stime found=z"), text.getMessage());
    }

    @Test
    void shouldReadOnCpuNanosecondsAsTheFirstSchedstatField() throws IOException
    {
        assertEquals(548598184L, ProcStat.onCpuNs("548598184 516406 21\n", "schedstat"));
        final IOException ex = assertThrows(IOException.class, () -> ProcStat.onCpuNs("1 2", "g"));
        assertTrue(ex.getMessage().contains("file=g field=fieldCount found=2 expected=3"), ex.getMessage());
    }

    @Test
    void shouldSampleThisProcessAndItsCurrentThreadWithTimeThatNeverGoesBack() throws IOException
    {
        final long pid = ProcessHandle.current().pid();
        final long tid = Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
        final ProcStat.Sample before = ProcStat.sample(pid, tid);
        long spin = 0;
        for (int i = 0; i < 1_000_000; i++)
        {
            spin += i ^ spin;
        }
        final ProcStat.Sample after = ProcStat.sample(pid, tid);
        assertTrue(spin != 1, "keeps the loop");
        assertTrue(after.threadNs() > before.threadNs(), before + " -> " + after);
        assertTrue(after.processTicks() >= before.processTicks() && after.threadTicks() >= before.threadTicks(),
            before + " -> " + after);
        assertTrue(after.processNs() >= after.threadNs(), after.toString());
        assertTrue(ProcStat.threadCount(pid) >= 1);
        assertEquals(-1, ProcStat.threadCount(Long.MAX_VALUE));
    }

    @Test
    void shouldTakeTheThreadIdAConsumerPrints() throws IOException
    {
        assertEquals(4243, ParkedCpuSuite.parseThreadId("thread=4243"));
        final IOException ex = assertThrows(IOException.class, () -> ParkedCpuSuite.parseThreadId("thread=x"));
        assertTrue(ex.getMessage().contains("field=thread found=x expected=integer>0"), ex.getMessage());
    }
}
