package io.ringway.bench.harness;

import io.ringway.bench.pingpong.PingPongArgs;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Runs the two processes of one contender: the server side first, until it prints READY, then the client side to
 * completion. Optionally pins them to one core each with taskset (client on CPU 0, server on CPU 1). Every process it
 * starts it also ends: on a timeout or failure both are destroyed.
 */
final class ProcessPair
{
    static final int CLIENT_CPU = 0;
    static final int SERVER_CPU = 1;
    private static final long READY_TIMEOUT_SECONDS = 60;
    private static final long SERVER_EXIT_TIMEOUT_SECONDS = 15;
    private static final int LOG_TAIL_LINES = 20;

    private ProcessPair()
    {
    }

    /**
     * @param server         server command line (pong or consumer), arguments included.
     * @param client         client command line (ping or producer), arguments included.
     * @param pin            whether to pin with taskset.
     * @param timeoutSeconds how long the client may run.
     * @param logDirectory   where the processes' output goes.
     * @return null on success, otherwise what went wrong, with the tail of the processes' output.
     * @throws InterruptedException when interrupted.
     */
    static String run(final List<String> server, final List<String> client, final boolean pin,
        final long timeoutSeconds, final Path logDirectory) throws InterruptedException
    {
        return runMany(server, List.of(client), pin, timeoutSeconds, logDirectory);
    }

    /**
     * As {@link #run(List, List, boolean, long, Path)} with several clients (the producers of an MPSC row), started
     * together once the server is READY, all pinned to the client CPU.
     *
     * @param server         server command line (consumer), arguments included.
     * @param clients        the clients' command lines.
     * @param pin            whether to pin with taskset.
     * @param timeoutSeconds how long the clients may run.
     * @param logDirectory   where the processes' output goes (client.log, or client-1.log ... with several).
     * @return null on success, otherwise what went wrong, with the tail of the processes' output.
     * @throws InterruptedException when interrupted.
     */
    static String runMany(final List<String> server, final List<List<String>> clients, final boolean pin,
        final long timeoutSeconds, final Path logDirectory) throws InterruptedException
    {
        final Path serverLog = logDirectory.resolve("server.log");
        Process serverProcess = null;
        final List<Process> clientProcesses = new ArrayList<>();
        try
        {
            serverProcess = new ProcessBuilder(pinned(server, pin, SERVER_CPU))
                .redirectError(serverLog.toFile()).start();
            final Deque<String> serverOutput = new ArrayDeque<>();
            final CountDownLatch ready = new CountDownLatch(1);
            final Thread reader = drain(serverProcess, serverOutput, ready);
            final long readyDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(READY_TIMEOUT_SECONDS);
            while (!ready.await(100, TimeUnit.MILLISECONDS))
            {
                if (!serverProcess.isAlive())
                {
                    return "server exited before READY: exit=" + serverProcess.exitValue() + "\n" + tail(serverLog) +
                        snapshot(serverOutput);
                }
                if (System.nanoTime() > readyDeadlineNs)
                {
                    return "server printed no READY within " + READY_TIMEOUT_SECONDS + " s\n" + tail(serverLog);
                }
            }
            final List<Path> clientLogs = new ArrayList<>();
            for (final List<String> client : clients)
            {
                final Path clientLog = logDirectory.resolve(clients.size() == 1 ? "client.log" :
                    "client-" + (clientLogs.size() + 1) + ".log");
                clientLogs.add(clientLog);
                clientProcesses.add(new ProcessBuilder(pinned(client, pin, CLIENT_CPU))
                    .redirectErrorStream(true).redirectOutput(clientLog.toFile()).start());
            }
            final long clientsDeadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
            for (int i = 0; i < clientProcesses.size(); i++)
            {
                final Process clientProcess = clientProcesses.get(i);
                final Path clientLog = clientLogs.get(i);
                if (!clientProcess.waitFor(Math.max(0, clientsDeadlineNs - System.nanoTime()), TimeUnit.NANOSECONDS))
                {
                    return "client did not finish within " + timeoutSeconds + " s\n" + tail(clientLog);
                }
                if (clientProcess.exitValue() != 0)
                {
                    return "client failed: exit=" + clientProcess.exitValue() + "\n" + tail(clientLog) +
                        tail(serverLog);
                }
            }
            if (!serverProcess.waitFor(SERVER_EXIT_TIMEOUT_SECONDS, TimeUnit.SECONDS))
            {
                System.out.println("    (server still running " + SERVER_EXIT_TIMEOUT_SECONDS +
                    " s after the client finished: ended it)");
            }
            reader.join(TimeUnit.SECONDS.toMillis(1));
            return null;
        }
        catch (final IOException ex)
        {
            return "cannot start: " + ex.getMessage();
        }
        finally
        {
            for (final Process clientProcess : clientProcesses)
            {
                destroy(clientProcess);
            }
            destroy(serverProcess);
        }
    }

    private static List<String> pinned(final List<String> command, final boolean pin, final int cpu)
    {
        if (!pin)
        {
            return command;
        }
        final List<String> pinnedCommand = new ArrayList<>(List.of("taskset", "-c", Integer.toString(cpu)));
        pinnedCommand.addAll(command);
        return pinnedCommand;
    }

    private static Thread drain(final Process process, final Deque<String> lines, final CountDownLatch ready)
    {
        final Thread thread = new Thread(() ->
        {
            try (BufferedReader reader = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = reader.readLine()) != null)
                {
                    if (PingPongArgs.READY.equals(line.trim()))
                    {
                        ready.countDown();
                    }
                    synchronized (lines)
                    {
                        lines.addLast(line);
                        if (lines.size() > LOG_TAIL_LINES)
                        {
                            lines.removeFirst();
                        }
                    }
                }
            }
            catch (final IOException ignore)
            {
                // the process ended: nothing more to read
            }
        }, "server-output");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    private static String snapshot(final Deque<String> lines)
    {
        synchronized (lines)
        {
            return String.join("\n", lines);
        }
    }

    private static void destroy(final Process process) throws InterruptedException
    {
        if (process != null && process.isAlive())
        {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String tail(final Path log)
    {
        try
        {
            if (!Files.exists(log))
            {
                return "";
            }
            final List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return log.getFileName() + ":\n  " +
                String.join("\n  ", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size())) + "\n";
        }
        catch (final IOException ex)
        {
            return "(cannot read " + log + ": " + ex.getMessage() + ")\n";
        }
    }
}
