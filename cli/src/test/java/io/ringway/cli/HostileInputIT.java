package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.journal.JournalConfig;
import io.ringway.journal.JournalWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every sub-command of the ringway command, run through its launcher, given hostile input: missing, extra and unknown
 * arguments; negative, zero, huge and malformed numbers; options combined wrongly; and, where a path goes, a FIFO, a
 * directory, symlinks, a device, another user's file, short, empty, random and foreign files, names that are not valid
 * UTF-8, empty, longer than NAME_MAX or PATH_MAX, or in a directory that does not exist.
 *
 * <p>Each case asserts the documented exit code (2: bad arguments, 3: a file that cannot be used, 1: check found
 * problems); what the command prints on stderr: one line
 * {@code <reason>: file=... field=... found=... expected=...}, or
 * for bad arguments picocli's one line followed by at most one hint line ("Try 'ringway X --help' for usage." or its
 * suggestions), never the whole usage; no stack trace; that it ends within {@link #CASE_LIMIT_SECONDS} (a FIFO must not
 * block it); and that it left nothing behind: no file or directory in the fixture directory or in /dev/shm, and no
 * fixture changed. check reports on stdout (one line per problem) and prints nothing on stderr.
 */
class HostileInputIT
{
    /** Hang guard: a case still running after this is a failure. The tests never assert how long anything took. */
    private static final long CASE_LIMIT_SECONDS = 30;
    /** Stands for the bytes 0xFF 0xFE, which are not UTF-8: the shell that starts the command writes them raw. */
    private static final char RAW_FF_FE = '\uE000';
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)}");
    private static final Pattern STACK_TRACE = Pattern.compile(
        "\tat |Caused by:|Exception in thread|\\[Fatal Error]|(Exception|Error)(:|$)", Pattern.MULTILINE);
    private static final Pattern HINT = Pattern.compile("Try 'ringway.* --help' for usage\\.|Did you mean.*|" +
        "Possible solutions:.*");
    private static final Path SHARED_MEMORY = Path.of("/dev/shm");

    private static Path fixtures;
    private static String token;
    private static Set<Path> fixtureFiles;
    private static final Map<String, String> PATHS = new LinkedHashMap<>();

    @BeforeAll
    static void prepareHostileFiles() throws Exception
    {
        fixtures = Files.createTempDirectory("ringway-hostile-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        token = "ringway-hostile-" + ProcessHandle.current().pid();
        final Random random = new Random(42);

        final Path fifo = fixtures.resolve("fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start().waitFor(), "mkfifo");
        final Path directory = Files.createDirectory(fixtures.resolve("empty-dir"));
        final Path victim = Files.writeString(fixtures.resolve("victim"), "precious");
        final Path victimLink = Files.createSymbolicLink(fixtures.resolve("victim-link"), victim);
        final Path zeroLink = Files.createSymbolicLink(fixtures.resolve("zero-link"), Path.of("/dev/zero"));
        final Path shortFile = Files.write(fixtures.resolve("short"), new byte[] {1, 2, 3});
        final Path emptyFile = Files.write(fixtures.resolve("zero-length"), new byte[0]);
        final byte[] noise = new byte[16 * 1024];
        random.nextBytes(noise);
        final Path randomFile = Files.write(fixtures.resolve("random"), noise);
        final Path channel = fixtures.resolve("channel.ringway");
        Channel.create(channel, ChannelConfig.spsc(4096)).close();
        final byte[] foreign = Files.readAllBytes(channel);
        System.arraycopy("#!/bin/sh\n".getBytes(StandardCharsets.US_ASCII), 0, foreign, 0, 10);
        final Path foreignFile = Files.write(fixtures.resolve("foreign.ringway"), foreign);
        final Path bigChannel = fixtures.resolve("big.ringway");
        Channel.create(bigChannel, ChannelConfig.spsc(1024 * 1024)).close();
        final Path othersChannel = fixtures.resolve("others.ringway");
        Channel.create(othersChannel, ChannelConfig.spsc(4096)
            .withPermissions(PosixFilePermissions.fromString("rw-rw-rw-"))).close();
        final Path journal = fixtures.resolve("journal");
        try (JournalWriter writer = JournalWriter.open(journal, new JournalConfig().segmentLength(16 * 1024)))
        {
            final UnsafeBuffer body = new UnsafeBuffer(new byte[16]);
            for (int i = 0; i < 3; i++)
            {
                writer.append(1, body, 0, body.capacity());
            }
        }
        final Path junkJournal = Files.createDirectory(fixtures.resolve("junk-journal"));
        Files.write(junkJournal.resolve("00000000000000000000.rwj"), noise);
        final Path fifoJournal = Files.createDirectory(fixtures.resolve("fifo-journal"));
        assertEquals(0, new ProcessBuilder("mkfifo", fifoJournal.resolve("00000000000000000000.rwj").toString())
            .inheritIO().start().waitFor(), "mkfifo");
        if (isRoot())
        {
            // another user's files, every user may write them: a channel and a short file
            chown(othersChannel);
            chown(shortFile);
        }

        try (Stream<Path> files = Files.walk(fixtures))
        {
            fixtureFiles = Set.copyOf(files.toList());
        }
        PATHS.put("fifo", fifo.toString());
        PATHS.put("dir", directory.toString());
        PATHS.put("victimLink", victimLink.toString());
        PATHS.put("zeroLink", zeroLink.toString());
        PATHS.put("device", "/dev/null");
        PATHS.put("short", shortFile.toString());
        PATHS.put("empty", emptyFile.toString());
        PATHS.put("random", randomFile.toString());
        PATHS.put("foreign", foreignFile.toString());
        PATHS.put("channel", channel.toString());
        PATHS.put("bigChannel", bigChannel.toString());
        PATHS.put("othersChannel", othersChannel.toString());
        PATHS.put("journal", journal.toString());
        PATHS.put("junkJournal", junkJournal.toString());
        PATHS.put("fifoJournal", fifoJournal.toString());
        PATHS.put("new", fixtures.resolve("new.ringway").toString());
        PATHS.put("newJournal", fixtures.resolve("new-journal").toString());
        PATHS.put("missingDir", fixtures.resolve("missing-dir").toString());
        PATHS.put("nonUtf8", fixtures.resolve("bad" + RAW_FF_FE + "name").toString());
        PATHS.put("longName", "n".repeat(300));
        PATHS.put("hugeName", fixtures.resolve("n".repeat(300) + ".ringway").toString());
        PATHS.put("hugePath", fixtures.resolve(("d".repeat(250) + "/").repeat(17) + "x.ringway").toString());
        PATHS.put("name", token);
        PATHS.put("schemaXml", Launcher.launcher().toAbsolutePath().getParent().getParent().resolve("schemas")
            .resolve("market-data.xml").toString());
    }

    @AfterAll
    static void removeHostileFiles() throws IOException
    {
        if (fixtures == null)
        {
            return;
        }
        try (Stream<Path> files = Files.walk(fixtures))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    /** One hostile invocation: its arguments (with {placeholders} for the prepared paths) and the exit code due. */
    record Case(String sentence, int exitCode, boolean needsRoot, List<String> args, String says)
    {
        Case(final String sentence, final int exitCode, final boolean needsRoot, final List<String> args)
        {
            this(sentence, exitCode, needsRoot, args, "");
        }

        /** The error must name this (what was wrong), not only fail. */
        Case saying(final String text)
        {
            return new Case(sentence, exitCode, needsRoot, args, text);
        }

        @Override
        public String toString()
        {
            return "ringway " + args.get(0) + " " + sentence + ": exit " + exitCode;
        }
    }

    private static Case usage(final String sentence, final String... args)
    {
        return new Case(sentence, RingwayCli.EXIT_USAGE, false, List.of(args));
    }

    private static Case unusable(final String sentence, final String... args)
    {
        return new Case(sentence, RingwayCli.EXIT_FILE_ERROR, false, List.of(args));
    }

    private static Case problems(final String sentence, final String... args)
    {
        return new Case(sentence, RingwayCli.EXIT_PROBLEMS_FOUND, false, List.of(args));
    }

    private static Case asRoot(final Case c)
    {
        return new Case(c.sentence, c.exitCode, true, c.args, c.says);
    }

    /** The cases, or with -Dringway.hostile.case=TEXT only those whose name contains TEXT. */
    static Stream<Case> cases()
    {
        final String only = System.getProperty("ringway.hostile.case", "");
        return allCases().filter(hostile -> hostile.toString().contains(only));
    }

    private static Stream<Case> allCases()
    {
        return Stream.of(
            // the command itself
            usage("without a sub-command", ""),
            usage("with an unknown sub-command", "frobnicate"),
            usage("with an unknown option", "--frobnicate"),
            usage("for an unknown sub-command's help", "help", "frobnicate"),

            // create
            usage("without a channel", "create"),
            usage("with an extra argument", "create", "{new}", "{new}"),
            usage("with an unknown option", "create", "{new}", "--frobnicate"),
            usage("with a zero capacity", "create", "{new}", "--capacity", "0"),
            usage("with a capacity in exponent form", "create", "{new}", "--capacity", "1e99"),
            usage("with a capacity beyond a long", "create", "{new}", "--capacity", "99999999999999999999"),
            usage("with an empty capacity", "create", "{new}", "--capacity", ""),
            usage("with a capacity above 1g", "create", "{new}", "--capacity", "2g"),
            usage("with a mode that is not octal", "create", "{new}", "--mode", "999"),
            usage("with a negative schema version", "create", "{new}", "--schema-version", "-1"),
            unusable("over a FIFO", "create", "{fifo}"),
            unusable("over a directory", "create", "{dir}"),
            unusable("over a symlink to a file", "create", "{victimLink}"),
            unusable("over a symlink to /dev/zero", "create", "{zeroLink}"),
            unusable("over a device", "create", "{device}"),
            unusable("in a directory that does not exist", "create", "{missingDir}/x.ringway")
                .saying("found=open: No such file or directory"),
            unusable("with a name longer than NAME_MAX", "create", "{hugeName}"),
            unusable("with a path longer than PATH_MAX", "create", "{hugePath}"),
            unusable("with a name that is not UTF-8", "create", "{nonUtf8}.ringway")
                .saying("not valid in the system encoding"),
            unusable("with an empty name", "create", "").saying("empty channel name"),

            // stat
            usage("without a channel", "stat"),
            usage("with an extra argument", "stat", "{channel}", "{channel}"),
            usage("with an unknown option", "stat", "{channel}", "--frobnicate"),
            usage("with a negative interval", "stat", "{channel}", "--watch", "--interval", "-1"),
            usage("with a zero heartbeat timeout", "stat", "{channel}", "--heartbeat-timeout", "0"),
            usage("with a refresh count without --watch", "stat", "{channel}", "--count", "3"),
            usage("with an interval without --watch", "stat", "{channel}", "--interval", "10"),
            unusable("of a FIFO", "stat", "{fifo}"),
            unusable("of an empty directory", "stat", "{dir}"),
            unusable("of a symlink to a file", "stat", "{victimLink}"),
            unusable("of a device", "stat", "{device}"),
            unusable("of a file of random bytes", "stat", "{random}"),
            unusable("of a file with a foreign magic", "stat", "{foreign}"),
            unusable("of a journal whose segment is a FIFO", "stat", "{fifoJournal}"),
            unusable("of a journal whose segment is random bytes", "stat", "{junkJournal}"),
            unusable("of a path in a directory that does not exist", "stat", "{missingDir}/x.ringway"),
            unusable("of a path longer than PATH_MAX", "stat", "{hugePath}"),
            unusable("of a name that is not UTF-8", "stat", "{nonUtf8}").saying("not valid in the system encoding"),
            unusable("of an empty name", "stat", "").saying("empty channel name"),
            asRoot(new Case("of another user's channel that every user may write", RingwayCli.EXIT_OK, true,
                List.of("stat", "{othersChannel}"))),

            // check
            usage("without a channel", "check"),
            usage("with an unknown option", "check", "{channel}", "--frobnicate"),
            unusable("of a FIFO, a directory, a device and a symlink to /dev/zero", "check", "{fifo}", "{dir}",
                "{device}", "{zeroLink}"),
            problems("of a short, a zero-length, a random and a foreign file", "check", "{short}", "{empty}",
                "{random}", "{foreign}"),
            unusable("of a name that is not UTF-8", "check", "{nonUtf8}").saying("not valid in the system encoding"),
            unusable("of an empty name", "check", "").saying("empty channel name"),

            // tail
            usage("without a channel", "tail"),
            usage("with an extra argument", "tail", "{channel}", "{channel}"),
            usage("with an unknown option", "tail", "{channel}", "--frobnicate"),
            usage("with a count in words", "tail", "{channel}", "--count", "abc"),
            usage("with a count beyond a long", "tail", "{channel}", "--count", "99999999999999999999"),
            usage("with an idle timeout in exponent form", "tail", "{channel}", "--idle-timeout", "1e99"),
            usage("with an unknown start", "tail", "{channel}", "--from", "middle"),
            usage("with a start for an observer while consuming", "tail", "{channel}", "--consume", "--from", "tail"),
            unusable("of a FIFO", "tail", "{fifo}", "--idle-timeout", "100"),
            unusable("of a FIFO as the consumer", "tail", "{fifo}", "--consume", "--idle-timeout", "100"),
            unusable("of a path in a directory that does not exist", "tail", "{missingDir}/x.ringway"),
            unusable("with a schema that is a FIFO", "tail", "{channel}", "--schema", "{fifo}"),
            unusable("with a schema that is a symlink to /dev/zero", "tail", "{channel}", "--schema", "{zeroLink}"),
            unusable("with a schema of random bytes", "tail", "{channel}", "--schema", "{random}"),
            unusable("with a schema that does not exist", "tail", "{channel}", "--schema", "{missingDir}/x.xml"),
            unusable("with a schema named in bytes that are not UTF-8", "tail", "{channel}", "--schema",
                "{nonUtf8}.xml").saying("not valid in the system encoding"),
            asRoot(unusable("as the consumer of another user's channel", "tail", "{othersChannel}", "--consume",
                "--idle-timeout", "100")),

            // record
            usage("without a journal", "record", "{channel}"),
            usage("with an extra argument", "record", "{channel}", "{newJournal}", "{newJournal}"),
            usage("with an unknown option", "record", "{channel}", "{newJournal}", "--frobnicate"),
            usage("with a negative duration", "record", "{channel}", "{newJournal}", "--duration", "-1s"),
            usage("with a duration in exponent form", "record", "{channel}", "{newJournal}", "--duration", "1e99"),
            usage("with a negative segment size", "record", "{channel}", "{newJournal}", "--segment-size", "-64"),
            usage("with a hexadecimal segment size", "record", "{channel}", "{newJournal}", "--segment-size", "0x10"),
            usage("with an index spacing that is not a power of two", "record", "{channel}", "{newJournal}",
                "--index-spacing", "3"),
            unusable("from a FIFO", "record", "{fifo}", "{newJournal}"),
            asRoot(unusable("from another user's channel", "record", "{othersChannel}", "{newJournal}")),
            unusable("into a FIFO", "record", "{channel}", "{fifo}"),
            unusable("into a symlink to a file", "record", "{channel}", "{victimLink}"),
            unusable("into a device", "record", "{channel}", "{device}"),
            unusable("into a journal in a regular file", "record", "{channel}", "{short}/journal"),
            unusable("into a journal whose segment is a FIFO", "record", "{channel}", "{fifoJournal}"),
            unusable("into a journal whose segment is random bytes", "record", "{channel}", "{junkJournal}"),
            unusable("into a journal named longer than NAME_MAX in a new directory", "record", "{channel}",
                "{missingDir}/{longName}"),
            unusable("into a journal named in bytes that are not UTF-8", "record", "{channel}", "{nonUtf8}",
                "--duration", "100ms").saying("not valid in the system encoding"),
            unusable("into a new journal too small for the channel's largest message", "record", "{bigChannel}",
                "{missingDir}/journal", "--segment-size", "16k"),
            unusable("into an empty directory too small for the channel's largest message", "record",
                "{bigChannel}", "{dir}", "--segment-size", "16k"),

            // replay
            usage("without a channel", "replay", "{journal}"),
            usage("with an extra argument", "replay", "{journal}", "{channel}", "{channel}"),
            usage("with an unknown option", "replay", "{journal}", "{channel}", "--frobnicate"),
            usage("with a negative rate", "replay", "{journal}", "{channel}", "--rate", "-1"),
            usage("with a negative start index", "replay", "{journal}", "{channel}", "--from-index", "-1"),
            usage("with a start index beyond a long", "replay", "{journal}", "{channel}", "--from-index",
                "99999999999999999999"),
            usage("with a start time in words", "replay", "{journal}", "{channel}", "--from-time", "abc"),
            usage("with a start time beyond a long", "replay", "{journal}", "{channel}", "--from-time",
                "99999999999999999999"),
            usage("with a capacity in exponent form", "replay", "{journal}", "{new}", "--create", "--capacity",
                "1e99"),
            usage("with a kind without --create", "replay", "{journal}", "{channel}", "--kind", "mpsc"),
            usage("with a capacity without --create", "replay", "{journal}", "{channel}", "--capacity", "64k"),
            unusable("from a FIFO", "replay", "{fifo}", "{channel}"),
            unusable("from an empty directory", "replay", "{dir}", "{channel}"),
            unusable("from a journal whose segment is a FIFO", "replay", "{fifoJournal}", "{channel}"),
            unusable("from a journal whose segment is random bytes", "replay", "{junkJournal}", "{channel}"),
            unusable("from a journal named in bytes that are not UTF-8", "replay", "{nonUtf8}", "{channel}")
                .saying("not valid in the system encoding"),
            unusable("into a FIFO", "replay", "{journal}", "{fifo}"),
            unusable("into a channel it creates in a directory that does not exist", "replay", "{journal}",
                "{missingDir}/x.ringway", "--create").saying("found=open: No such file or directory"),
            unusable("into a channel it creates with a name longer than NAME_MAX", "replay", "{journal}",
                "{hugeName}", "--create"),
            unusable("into a channel it creates too small for the journal's records", "replay", "{journal}", "{new}",
                "--create", "--capacity", "64"),
            asRoot(unusable("into another user's channel", "replay", "{journal}", "{othersChannel}")),

            // bench: only its arguments (it would measure)
            usage("with an extra argument", "bench", "extra"),
            usage("with zero round trips", "bench", "--round-trips", "0"),
            usage("with round trips beyond an int", "bench", "--round-trips", "99999999999999999999"),
            usage("with a negative warm-up", "bench", "--warmup", "-1"),
            usage("with a message smaller than its timestamp", "bench", "--size", "7"),
            usage("with a size in exponent form", "bench", "--size", "1e99"),
            unusable("in a FIFO", "bench", "--dir", "{fifo}"),
            unusable("in a directory that does not exist", "bench", "--dir", "{missingDir}"),

            // demo: only its arguments, refused before it builds anything
            usage("with an extra argument", "demo", "extra"),
            usage("with zero seconds", "demo", "--seconds", "0"),
            usage("with a negative rate", "demo", "--rate", "-1"),
            usage("with a fan-in count in words", "demo", "--fan-in-count", "abc"),
            unusable("in a FIFO", "demo", "--dir", "{fifo}"),
            unusable("in a directory that does not exist", "demo", "--dir", "{missingDir}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldFailWithTheDocumentedExitCodeAndOneLineAndLeaveNothingBehind(final Case hostile) throws Exception
    {
        assumeTrue(!hostile.needsRoot || isRoot(), "needs root to chown a fixture to uid 65534");
        final Set<String> before = snapshot();

        final Run run;
        final Set<String> after;
        try
        {
            run = launch(hostile.args);
        }
        finally
        {
            after = snapshot();
            removeWhatTheCaseLeft();
        }
        final List<String> errLines = run.err.isEmpty() ? List.of() : run.err.lines().toList();
        final List<Executable> checks = new ArrayList<>();
        checks.add(() -> assertEquals(hostile.exitCode, run.exitCode, run::toString));
        checks.add(() -> assertFalse(STACK_TRACE.matcher(run.err + run.out).find(), "a stack trace: " + run));
        checks.add(() -> assertEquals(before, after, "left behind or changed: " + run));
        checks.add(() -> assertTrue((run.err + run.out).contains(hostile.says), "does not say '" + hostile.says +
            "': " + run));
        if (hostile.exitCode == RingwayCli.EXIT_USAGE)
        {
            checks.add(() -> assertTrue(errLines.size() == 1 || errLines.size() == 2 &&
                HINT.matcher(errLines.get(1)).matches(), "one line, and at most a hint: " + run));
            checks.add(() -> assertTrue(!errLines.isEmpty() && errLines.get(0).startsWith("ringway"), run::toString));
        }
        else if (hostile.exitCode != RingwayCli.EXIT_OK)
        {
            final boolean reportedOnStdout = errLines.isEmpty() && "check".equals(hostile.args.get(0));
            final List<String> report = reportedOnStdout ? run.out.lines().toList() : errLines;
            checks.add(() -> assertTrue(reportedOnStdout || errLines.size() == 1, "one line: " + run));
            checks.add(() -> assertTrue(report.stream().anyMatch(line -> line.contains("field=") &&
                line.contains("found=") && line.contains("expected=")), "file, field, found, expected: " + run));
        }
        assertAll(checks);
    }

    /** What one run printed. */
    private record Run(String command, int exitCode, String out, String err)
    {
        @Override
        public String toString()
        {
            return command + "\nexit=" + exitCode + "\n--- stdout ---\n" + abbreviate(out) + "\n--- stderr ---\n" +
                abbreviate(err);
        }

        private static String abbreviate(final String text)
        {
            return text.length() > 4000 ? text.substring(0, 4000) + "..." : text;
        }
    }

    /**
     * Runs cli/ringway in the fixture directory through bash, which passes the arguments' bytes as they are (a JVM
     * cannot pass bytes that are not valid in its encoding), and kills it when it outlives the case limit.
     */
    private static Run launch(final List<String> template) throws IOException, InterruptedException
    {
        final StringBuilder script = new StringBuilder("exec ").append(quote(Launcher.launcher().toAbsolutePath()
            .toString()));
        final StringBuilder shown = new StringBuilder("ringway");
        for (final String arg : template)
        {
            if (arg.isEmpty() && template.size() == 1)
            {
                continue; // "ringway" alone: no argument at all
            }
            final String expanded = expand(arg);
            script.append(' ').append(quote(expanded));
            shown.append(' ').append(arg.isEmpty() ? "''" : arg);
        }
        final Path out = Files.createTempFile("ringway-hostile-out", ".txt");
        final Path err = Files.createTempFile("ringway-hostile-err", ".txt");
        try
        {
            final Process process = new ProcessBuilder("bash", "-c", script.toString())
                .directory(fixtures.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
            if (!process.waitFor(CASE_LIMIT_SECONDS, TimeUnit.SECONDS))
            {
                process.destroyForcibly().waitFor();
                fail(shown + " did not finish in " + CASE_LIMIT_SECONDS + " s; stderr: " +
                    Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Run(shown.toString(), process.exitValue(), read(out), read(err));
        }
        finally
        {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(final Path file) throws IOException
    {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    }

    private static String expand(final String arg)
    {
        final Matcher matcher = PLACEHOLDER.matcher(arg);
        final StringBuilder expanded = new StringBuilder();
        while (matcher.find())
        {
            final String path = PATHS.get(matcher.group(1));
            if (path == null)
            {
                throw new IllegalArgumentException("no fixture named " + matcher.group(1));
            }
            matcher.appendReplacement(expanded, Matcher.quoteReplacement(path));
        }
        matcher.appendTail(expanded);
        return expanded.toString();
    }

    /** bash $'...' quoting, every byte escaped but letters, digits and a few safe marks. */
    private static String quote(final String arg)
    {
        final StringBuilder quoted = new StringBuilder("$'");
        for (int i = 0; i < arg.length(); i++)
        {
            final char c = arg.charAt(i);
            if (c == RAW_FF_FE)
            {
                quoted.append("\\xff\\xfe");
            }
            else if (Character.isLetterOrDigit(c) && c < 128 || "/._-=".indexOf(c) >= 0)
            {
                quoted.append(c);
            }
            else
            {
                for (final byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8))
                {
                    quoted.append(String.format("\\x%02x", b & 0xFF));
                }
            }
        }
        return quoted.append('\'').toString();
    }

    /**
     * Every entry under the fixture directory (type, and size of regular files: a fixture written to shows) and
     * every entry of /dev/shm named after this run.
     */
    private static Set<String> snapshot() throws IOException
    {
        final Set<String> entries = new TreeSet<>();
        try (Stream<Path> files = Files.walk(fixtures))
        {
            files.forEach(file ->
            {
                final String type = Files.isSymbolicLink(file) ? "link" :
                    Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS) ? "dir" :
                    Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? "file" : "special";
                entries.add(fixtures.relativize(file) + " " + type + ("file".equals(type) ? " " + size(file) : ""));
            });
        }
        try (Stream<Path> files = Files.list(SHARED_MEMORY))
        {
            files.filter(file -> file.getFileName().toString().contains(token))
                .forEach(file -> entries.add(file.toString()));
        }
        return entries;
    }

    /** So that a case that leaves something behind fails alone, not the cases after it. */
    private static void removeWhatTheCaseLeft() throws IOException
    {
        final List<Path> left;
        try (Stream<Path> files = Files.walk(fixtures))
        {
            left = files.filter(file -> !fixtureFiles.contains(file)).sorted(Comparator.reverseOrder()).toList();
        }
        for (final Path file : left)
        {
            Files.deleteIfExists(file);
        }
        try (Stream<Path> files = Files.list(SHARED_MEMORY))
        {
            for (final Path file : files.filter(file -> file.getFileName().toString().contains(token)).toList())
            {
                Files.deleteIfExists(file);
            }
        }
    }

    private static long size(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    private static boolean isRoot()
    {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void chown(final Path file) throws IOException, InterruptedException
    {
        assertEquals(0, new ProcessBuilder("chown", "65534:65534", file.toString()).inheritIO().start().waitFor(),
            "chown " + file);
        assertEquals(0, new ProcessBuilder("chmod", "0666", file.toString()).inheritIO().start().waitFor(),
            "chmod " + file);
    }
}
