package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.RingKind;
import io.ringway.bridge.BridgeConfig;
import io.ringway.bridge.BridgeIdle;
import io.ringway.bridge.BridgeReceiver;
import io.ringway.bridge.BridgeSender;
import org.agrona.concurrent.IdleStrategy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * {@code ringway bridge send|receive}: a channel carried to another host over Aeron UDP (docs/BRIDGE.md), one side per
 * process, on an embedded media driver unless {@code --aeron-dir} names an external one.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    description = {
        "Carry a channel to another host over Aeron reliable UDP (docs/BRIDGE.md): 'bridge send' on the host of the " +
            "producers, 'bridge receive' on the host of the consumer.",
        "Both run until SIGINT/SIGTERM (exit code 0) and print a summary line on stdout." },
    subcommands = { BridgeCommand.Send.class, BridgeCommand.Receive.class })
final class BridgeCommand
{
    private static final long PROGRESS_INTERVAL_NS = 1_000_000_000L;

    /** What both sides take. */
    static class Common
    {
        @Option(names = "--stream", defaultValue = "" + BridgeConfig.DEFAULT_STREAM_ID,
            description = "Aeron stream id of the data; both sides the same (default: ${DEFAULT-VALUE}).")
        int streamId;

        @Option(names = "--aeron-dir", paramLabel = "DIR",
            description = "aeron.dir of an external media driver (default: an embedded driver of this process).")
        String aeronDirectory;

        @Option(names = "--ack", paramLabel = "URI", description = "Aeron channel of the resume requests from " +
            "receiver to sender, e.g. aeron:udp?endpoint=SENDER_HOST:40124; needed with --journal.")
        String ackChannel;

        @Option(names = "--state", paramLabel = "FILE", description = "State file this side keeps (ringway stat " +
            "FILE shows it); a receiver records there the journal indexes it delivered.")
        Path stateFile;

        @Option(names = "--idle", paramLabel = "busy|yield|backoff", defaultValue = "backoff",
            description = "How this side (and its embedded media driver) waits when idle: busy spins a core for the " +
                "lowest latency, yield yields it, backoff parks up to 1 ms and costs no CPU when idle " +
                "(default: ${DEFAULT-VALUE}).")
        String idle;

        @Option(names = "--quiet", description = "No progress lines on stderr.")
        boolean quiet;

        @Option(names = "--json", description = "Print the summary as a JSON object.")
        boolean json;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        BridgeConfig config(final Path channelPath, final String aeronChannel)
        {
            try
            {
                final BridgeConfig config = new BridgeConfig(channelPath, aeronChannel).streamId(streamId)
                    .aeronDirectory(aeronDirectory).stateFile(stateFile).idle(BridgeIdle.fromOptionName(idle));
                return ackChannel == null ? config : config.ackChannel(ackChannel);
            }
            catch (final IllegalArgumentException ex)
            {
                throw new CommandLine.ParameterException(spec.commandLine(), ex.getMessage());
            }
        }

        /**
         * Runs a side's duty cycle until stopped, idling as --idle says after a cycle without work, with a progress
         * line a second; returns the summary.
         */
        Map<String, Object> run(final String command, final BridgeConfig config, final Path channelPath,
            final LongSupplier messages, final LongSupplier backPressure, final BooleanSupplier connected,
            final IntSupplier dutyCycle, final StopSignal stop)
        {
            final long startNs = System.nanoTime();
            final Progress progress = new Progress(spec.commandLine().getErr(), command, quiet, startNs);
            long nextProgressNs = startNs + PROGRESS_INTERVAL_NS;
            final IdleStrategy idleStrategy = config.idle().newIdleStrategy();
            while (!stop.isStopRequested())
            {
                final int work = dutyCycle.getAsInt();
                final long nowNs = System.nanoTime();
                if (nowNs - nextProgressNs >= 0)
                {
                    nextProgressNs = nowNs + PROGRESS_INTERVAL_NS;
                    if (progress.isDue(nowNs))
                    {
                        progress.print(nowNs, messages.getAsLong(), 0, "connected=" + connected.getAsBoolean() +
                            " backPressure=" + backPressure.getAsLong());
                    }
                }
                idleStrategy.idle(work);
            }
            final double seconds = progress.seconds(System.nanoTime());
            final Map<String, Object> summary = new LinkedHashMap<>();
            summary.put("messages", messages.getAsLong());
            summary.put("backPressureCount", backPressure.getAsLong());
            summary.put("channel", channelPath.toString());
            summary.put("seconds", Double.valueOf(Progress.seconds(seconds)));
            summary.put("messagesPerSecond", Progress.perSecond(messages.getAsLong(), seconds));
            summary.put("stoppedBy", "signal");
            return summary;
        }

        String text(final String verb, final Map<String, Object> summary)
        {
            return verb + " " + summary.get("messages") + " messages in " + summary.get("seconds") + " s (" +
                summary.get("messagesPerSecond") + " msgs/s), back-pressure " + summary.get("backPressureCount") +
                ", channel " + summary.get("channel");
        }
    }

    @Command(
        name = "send",
        mixinStandardHelpOptions = true,
        description = {
            "Consume CHANNEL (as its consumer) and publish each message to the Aeron channel --to, e.g. " +
                "aeron:udp?endpoint=RECEIVER_HOST:40123.",
            "A message leaves the channel only once Aeron took it: a slow or absent receiver slows the producers. " +
                "With --journal the channel is journaled first and sent from the journal with journal indexes: with " +
                "a receiver keeping --state, each message is delivered once across kills of either side.",
            "SIGINT/SIGTERM while Aeron refuses a message taken from CHANNEL (a full or absent receiver): it is " +
                "offered for 1 s more, then the command exits 4 with an error naming the messages not published." })
    static final class Send extends Common implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "CHANNEL", description = "Channel name or path to consume.")
        String channel;

        @Option(names = "--to", required = true, paramLabel = "URI", description = "Aeron channel of the data.")
        String to;

        @Option(names = "--journal", paramLabel = "DIR", description = "Journal the channel into DIR and send from " +
            "it (exactly once with a receiver's --state; needs --ack).")
        Path journal;

        @Option(names = "--batch", description = "Pack consecutive small messages into one Aeron message (up to the " +
            "MTU).")
        boolean batch;

        @Override
        public Integer call()
        {
            final Path channelPath = ChannelArgument.toPath(channel);
            final BridgeConfig config = config(channelPath, to).batching(batch);
            if (journal != null)
            {
                ChannelArgument.checkedPath(journal, "--journal");
                if (ackChannel == null)
                {
                    throw new CommandLine.ParameterException(spec.commandLine(), "Missing option: --journal needs " +
                        "--ack URI expected=--ack aeron:udp?endpoint=SENDER_HOST:PORT (the receiver asks there " +
                        "where to resume)");
                }
                config.journalDirectory(journal);
            }
            return StopSignal.runUntilStopped(spec, stop ->
            {
                try (BridgeSender sender = new BridgeSender(config))
                {
                    // a signal during a wait for Aeron inside a poll (a full receiver, none connected) ends the wait
                    // after 1 s more of offers, with an error naming the messages taken from CHANNEL and not sent
                    sender.stopWhen(stop::isStopRequested);
                    return run("bridge send", config, channelPath, sender::messagesSent, sender::backPressureCount,
                        sender::isConnected, sender::doWork, stop);
                }
            }, json, summary -> text("sent", summary));
        }
    }

    @Command(
        name = "receive",
        mixinStandardHelpOptions = true,
        description = {
            "Subscribe to the Aeron channel URI (this host's address, e.g. aeron:udp?endpoint=0.0.0.0:40123) and " +
                "produce each message into CHANNEL, as its SPSC producer or, with --mpsc-producer, as one producer " +
                "of an MPSC channel.",
            "A full channel stops the subscription: Aeron's flow control then slows the sender. Nothing is dropped." })
    static final class Receive extends Common implements Callable<Integer>
    {
        @Parameters(index = "0", paramLabel = "URI", description = "Aeron channel of the data.")
        String from;

        @Parameters(index = "1", paramLabel = "CHANNEL", description = "Channel name or path to produce into.")
        String channel;

        @Option(names = "--mpsc-producer", description = "CHANNEL is an MPSC channel; join its producers.")
        boolean mpscProducer;

        @Override
        public Integer call()
        {
            final Path channelPath = ChannelArgument.toPath(channel);
            final BridgeConfig config = config(channelPath, from);
            try (Channel opened = Channel.open(channelPath))
            {
                final RingKind expected = mpscProducer ? RingKind.MPSC : RingKind.SPSC;
                if (opened.ringKind() != expected)
                {
                    throw new CliException("channel kind does not match: file=" + channelPath + " field=ringKind found=" +
                        opened.ringKind() + " expected=" + expected + (mpscProducer ? "" :
                        " (give --mpsc-producer to join an MPSC channel's producers)"));
                }
            }
            return StopSignal.runUntilStopped(spec, stop ->
            {
                try (BridgeReceiver receiver = new BridgeReceiver(config))
                {
                    return run("bridge receive", config, channelPath, receiver::messagesDelivered,
                        receiver::backPressureCount, receiver::isConnected, receiver::doWork, stop);
                }
            }, json, summary -> text("received", summary));
        }
    }
}
