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

    private ChannelConfig(
        final RingKind ringKind,
        final int capacity,
        final Set<PosixFilePermission> permissions,
        final int schemaId,
        final int schemaVersion)
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
    }

    /**
     * @param capacity ring data capacity in bytes: a power of two in [64, 2^30].
     * @return a config for a one-producer, one-consumer channel.
     */
    public static ChannelConfig spsc(final int capacity)
    {
        return new ChannelConfig(RingKind.SPSC, capacity, OWNER_ONLY, 0, 0);
    }

    /**
     * @param capacity ring data capacity in bytes: a power of two in [64, 2^30].
     * @return a config for a many-producer, one-consumer channel.
     */
    public static ChannelConfig mpsc(final int capacity)
    {
        return new ChannelConfig(RingKind.MPSC, capacity, OWNER_ONLY, 0, 0);
    }

    /**
     * @param ringKind the kind of ring.
     * @param capacity ring data capacity in bytes: a power of two in [64, 2^30].
     * @return a config for a channel of that kind.
     */
    public static ChannelConfig of(final RingKind ringKind, final int capacity)
    {
        return new ChannelConfig(ringKind, capacity, OWNER_ONLY, 0, 0);
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
        return new ChannelConfig(ringKind, capacity, permissions, schemaId, schemaVersion);
    }

    /**
     * @param schemaId      SBE schema id of the messages the channel carries.
     * @param schemaVersion SBE schema version.
     * @return a copy that records the schema in the header.
     */
    public ChannelConfig withSchema(final int schemaId, final int schemaVersion)
    {
        return new ChannelConfig(ringKind, capacity, permissions, schemaId, schemaVersion);
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
