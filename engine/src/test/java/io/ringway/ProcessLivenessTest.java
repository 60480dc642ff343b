package io.ringway;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.ringway.ProcessIdentity.Verdict.ALIVE;
import static io.ringway.ProcessIdentity.Verdict.DEAD;
import static io.ringway.ProcessIdentity.Verdict.UNKNOWN;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The liveness rule of docs/LAYOUT.md section 8 on a directory laid out like /proc: the states that real processes
 * cannot easily be put in (a main thread that exited, an unreadable stat). {@code LeaseTest} and the C and Go suites
 * check the same rule with real processes.
 */
class ProcessLivenessTest
{
    private static final long PID = 4242;
    private static final long WORKER_TID = 4243;
    private static final long START_TIME = 777;
    private static final long TOKEN = (PID << 32) | START_TIME;
    /** A name with ')', spaces and bytes that are not ASCII (0xc3 0xa9 is UTF-8 'é', 0xff is no UTF-8 at all). */
    private static final byte[] NAME = {'x', ')', ' ', 'Z', ' ', '(', (byte)0xc3, (byte)0xa9, (byte)0xff};

    @TempDir
    Path procRoot;

    private Path leaderStat;
    private Path leaderTaskStat;
    private Path workerTaskStat;

    @BeforeEach
    void layOutAProcessWithTwoThreads() throws IOException
    {
        final Path processDirectory = Files.createDirectories(procRoot.resolve(Long.toString(PID)));
        leaderStat = processDirectory.resolve("stat");
        leaderTaskStat = Files.createDirectories(processDirectory.resolve("task").resolve(Long.toString(PID)))
            .resolve("stat");
        workerTaskStat = Files.createDirectories(processDirectory.resolve("task").resolve(Long.toString(WORKER_TID)))
            .resolve("stat");
        writeStat(leaderStat, 'S');
        writeStat(leaderTaskStat, 'S');
        writeStat(workerTaskStat, 'S');
    }

    @Test
    void shouldReadTheStartTimeAfterTheLastParenthesisOfANameThatIsNotAscii()
    {
        final ProcessIdentity.ProcessState state = ProcessIdentity.ownerOf(procRoot, TOKEN);
        assertEquals(ALIVE, state.verdict(), state.detail());
        assertEquals(START_TIME, state.startTime());
    }

    @Test
    void shouldJudgeAProcessAliveWhileAThreadRunsAfterItsMainThreadExited() throws IOException
    {
        writeStat(leaderStat, 'Z');
        writeStat(leaderTaskStat, 'Z');
        final ProcessIdentity.ProcessState state = ProcessIdentity.ownerOf(procRoot, TOKEN);
        assertEquals(ALIVE, state.verdict(), state.detail());
        assertEquals(START_TIME, state.startTime(), "the leader's start time, read from its zombie stat");
    }

    @Test
    void shouldJudgeAProcessDeadWhenEveryThreadHasExited() throws IOException
    {
        writeStat(leaderStat, 'Z');
        writeStat(leaderTaskStat, 'Z');
        writeStat(workerTaskStat, 'X');
        assertEquals(DEAD, ProcessIdentity.ownerOf(procRoot, TOKEN).verdict());
        Files.delete(workerTaskStat); // a thread that has gone meanwhile
        final ProcessIdentity.ProcessState state = ProcessIdentity.ownerOf(procRoot, TOKEN);
        assertEquals(DEAD, state.verdict());
        assertTrue(state.detail().contains("every thread"), state.detail());
    }

    @Test
    void shouldJudgeAProcessDeadWhenItDoesNotExistOrItsPidWasReused()
    {
        assertEquals(DEAD, ProcessIdentity.ownerOf(procRoot, TOKEN + (1L << 32)).verdict(), "no such pid");
        final ProcessIdentity.ProcessState reused = ProcessIdentity.ownerOf(procRoot, TOKEN + 1);
        assertEquals(DEAD, reused.verdict());
        assertTrue(reused.detail().contains("pid reused"), reused.detail());
    }

    @Test
    void shouldNeverJudgeAProcessDeadBecauseItsStatCannotBeParsedOrRead() throws IOException
    {
        Files.writeString(leaderStat, "4242 (no closing parenthesis S 1 0", StandardCharsets.ISO_8859_1);
        assertEquals(UNKNOWN, ProcessIdentity.ownerOf(procRoot, TOKEN).verdict());

        Files.delete(leaderStat);
        Files.createDirectory(leaderStat); // reading it fails with EISDIR, not "no such process"
        final ProcessIdentity.ProcessState state = ProcessIdentity.ownerOf(procRoot, TOKEN);
        assertEquals(UNKNOWN, state.verdict());
        assertFalse(state.detail().isEmpty());
    }

    @Test
    void shouldReadTheRealStartTimeOfThisProcess()
    {
        final long pid = ProcessHandle.current().pid();
        final ProcessIdentity.ProcessState state = ProcessIdentity.stateOf(ProcessIdentity.PROC_ROOT, pid);
        assertEquals(ALIVE, state.verdict(), state.detail());
        assertEquals(ProcessIdentity.currentToken(), (pid << 32) | (state.startTime() & 0xFFFF_FFFFL));
        assertTrue(ProcessIdentity.isAlive(ProcessIdentity.currentToken()));
        assertFalse(ProcessIdentity.isAlive(ProcessIdentity.currentToken() ^ 1));
    }

    private static void writeStat(final Path statFile, final char state) throws IOException
    {
        final ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes((PID + " (").getBytes(StandardCharsets.US_ASCII));
        line.writeBytes(NAME);
        // field 3 is the state, fields 4 to 21 are 0 here, field 22 is the start time
        line.writeBytes((") " + state + " 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 0 " + START_TIME + " 0 0 0\n")
            .getBytes(StandardCharsets.US_ASCII));
        Files.write(statFile, line.toByteArray());
    }
}
