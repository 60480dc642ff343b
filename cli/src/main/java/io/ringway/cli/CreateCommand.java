package io.ringway.cli;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.RingKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code ringway create}: creates a channel file exclusively (never overwrites) and prints what it created.
 */
@Command(
    name = "create",
    mixinStandardHelpOptions = true,
    description = "Create a channel file. An existing file is never overwritten.")
final class CreateCommand implements Callable<Integer>
{
    @Parameters(paramLabel = "CHANNEL", description = "Channel name or path of the file to create.")
    String channel;

    @Option(names = "--kind", defaultValue = "spsc", description = "spsc or mpsc (default: ${DEFAULT-VALUE}).")
    String kind;

    @Option(names = "--capacity", defaultValue = "1m", converter = Sizes.Converter.class,
        description = "Ring data capacity: a power of two from 64 bytes to 1g; suffixes k, m, g (default: " +
            "${DEFAULT-VALUE}).")
    long capacity;

    @Option(names = "--mode", defaultValue = "600",
        description = "File permissions, octal (640) or ls form (rw-r-----); default ${DEFAULT-VALUE}: owner only.")
    String mode;

    @Option(names = "--schema-id", defaultValue = "0", converter = Counts.SchemaNumber.class, description = "SBE schema id the channel carries (0: none).")
    int schemaId;

    @Option(names = "--schema-version", defaultValue = "0", converter = Counts.SchemaNumber.class,
        description = "SBE schema version.")
    int schemaVersion;

    @Option(names = "--json", description = "Print what was created as a JSON object instead of text.")
    boolean json;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call()
    {
        final RingKind ringKind = parseKind(kind);
        final int capacityBytes = Sizes.checkedCapacity(spec, "--capacity", capacity);
        final Set<PosixFilePermission> permissions = parseMode(mode);
        final Path path = ChannelArgument.toPath(channel);
        final ChannelConfig config = ChannelConfig.of(ringKind, capacityBytes)
            .withPermissions(permissions)
            .withSchema(schemaId, schemaVersion);
        try (Channel created = Channel.create(path, config))
        {
            final PrintWriter out = spec.commandLine().getOut();
            if (json)
            {
                final Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("file", created.path().toString());
                fields.put("ringKind", created.ringKind().toString());
                fields.put("capacity", created.capacity());
                fields.put("maxMessageLength", created.maxMessageLength());
                fields.put("mode", PosixFilePermissions.toString(permissions));
                fields.put("schemaId", created.schemaId());
                fields.put("schemaVersion", created.schemaVersion());
                out.println(Json.object(fields));
            }
            else
            {
                out.printf("created %s kind=%s capacity=%d maxMessageLength=%d mode=%s schema=%d/%d%n",
                    created.path(), created.ringKind(), created.capacity(), created.maxMessageLength(),
                    PosixFilePermissions.toString(permissions), created.schemaId(), created.schemaVersion());
            }
        }
        return RingwayCli.EXIT_OK;
    }

    private RingKind parseKind(final String text)
    {
        switch (text.toLowerCase(java.util.Locale.ROOT))
        {
            case "spsc":
                return RingKind.SPSC;
            case "mpsc":
                return RingKind.MPSC;
            default:
                throw new CommandLine.ParameterException(spec.commandLine(),
                    "Invalid value for option '--kind': found=" + text + " expected=spsc or mpsc");
        }
    }

    private Set<PosixFilePermission> parseMode(final String text)
    {
        try
        {
            if (text.matches("0?[0-7]{3}"))
            {
                final int bits = Integer.parseInt(text, 8);
                final StringBuilder form = new StringBuilder(9);
                final String letters = "rwx";
                for (int i = 8; i >= 0; i--)
                {
                    form.append((bits & (1 << i)) != 0 ? letters.charAt((8 - i) % 3) : '-');
                }
                return PosixFilePermissions.fromString(form.toString());
            }
            return PosixFilePermissions.fromString(text);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.ParameterException(spec.commandLine(),
                "Invalid value for option '--mode': found=" + text + " expected=octal like 600 or ls form like rw-------");
        }
    }
}
