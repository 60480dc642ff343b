package io.ringway;

import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to create: ring kind, capacity, file permissions and the SBE schema the channel carries. Immutable; each
 * {@code with*} method returns a copy.
 *
 * <pre>{@code
 * ChannelConfig config = ChannelConfig.mpsc(1 << 20).withPermissions("rw-rw----");
 * }</pre>
 */
public final class ChannelConfig
{
    /** Owner read and write only: the default for every file Ringway creates. */
    public static final Set<PosixFilePermission> OWNER_ONLY =
        EnumSet.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

    private final RingKind ringKind;
    private final int capacity;
    private final Set<PosixFilePermission> permissions;
    private final int schemaId;
    private final int schemaVersion;
    private final boolean replaceExisting;

    private ChannelConfig(
        final RingKind ringKind,
        final int capacity,
        final Set<PosixFilePermission> permissions,
        final int schemaId,
        final int schemaVersion,
        final boolean replaceExisting)
    {
        this.ringKind = Objects.requireNonNull(ringKind, "ringKind");
        if (!HeaderDescriptor.isValidCapacity(capacity))
        {
            throw new IllegalArgumentException("invalid capacity: field=capacity found=" + capacity +
                " expected=a power of two in [" + HeaderDescriptor.MIN_CAPACITY + ", " +
                HeaderDescriptor.MAX_CAPACITY + "]");
        }
        this.capacity = capacity;
        this.permissions = Set.copyOf(permissions);
        this.schemaId = schemaId;
        this.schemaVersion = schemaVersion;
        this.replaceExisting = replaceExisting;
    }

    /**
     * @param capacity ring data capacity in bytes: a power of two in [64, 2^30].
     * @return a config for a one-producer, one-consumer channel.
     */
    public static ChannelConfig spsc(final int capacity)
    {
        return new ChannelConfig(RingKind.SPSC, capacity, OWNER_ONLY, 0, 0, false);
    }

    /**
     * @param capacity ring data capacity in bytes: a power of two in [64, 2^30].
     * @return a config for a many-producer, one-consumer channel.
     */
    public static ChannelConfig mpsc(final int capacity)
    {
        return new ChannelConfig(RingKind.MPSC, capacity, OWNER_ONLY, 0, 0, false);
    }

    /**
     * @param ringKind the kind of ring.
     * @param capacity ring data capacity in bytes: a power of two in [64, 2^30].
     * @return a config for a channel of that kind.
     */
    public static ChannelConfig of(final RingKind ringKind, final int capacity)
    {
        return new ChannelConfig(ringKind, capacity, OWNER_ONLY, 0, 0, false);
    }

    /**
     * @param permissions file permissions in {@code ls} form, e.g. {@code "rw-rw----"}.
     * @return a copy with these permissions.
     */
    public ChannelConfig withPermissions(final String permissions)
    {
        return withPermissions(PosixFilePermissions.fromString(permissions));
    }

    /**
     * @param permissions file permissions.
     * @return a copy with these permissions.
     */
    public ChannelConfig withPermissions(final Set<PosixFilePermission> permissions)
    {
        return new ChannelConfig(ringKind, capacity, permissions, schemaId, schemaVersion, replaceExisting);
    }

    /**
     * @param schemaId      SBE schema id of the messages the channel carries.
     * @param schemaVersion SBE schema version.
     * @return a copy that records the schema in the header.
     */
    public ChannelConfig withSchema(final int schemaId, final int schemaVersion)
    {
        return new ChannelConfig(ringKind, capacity, permissions, schemaId, schemaVersion, replaceExisting);
    }

    /**
     * @return a copy that makes {@link Channel#create} delete an existing regular file at the path first (never a
     * symlink or anything else); without it, create refuses an existing file.
     */
    public ChannelConfig replacingExisting()
    {
        return new ChannelConfig(ringKind, capacity, permissions, schemaId, schemaVersion, true);
    }

    public boolean replaceExisting()
    {
        return replaceExisting;
    }

    public RingKind ringKind()
    {
        return ringKind;
    }

    public int capacity()
    {
        return capacity;
    }

    public Set<PosixFilePermission> permissions()
    {
        return permissions;
    }

    public int schemaId()
    {
        return schemaId;
    }

    public int schemaVersion()
    {
        return schemaVersion;
    }
}
