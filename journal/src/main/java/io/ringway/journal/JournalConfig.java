package io.ringway.journal;

import io.ringway.ChannelOpenOption;
import org.agrona.concurrent.EpochNanoClock;
import org.agrona.concurrent.OffsetEpochNanoClock;

import static io.ringway.journal.JournalDescriptor.*;

/**
 * How a new journal's segments are shaped (docs/LAYOUT.md 14.2). When a writer opens an existing journal, the tail
 * segment's shape wins and only the clock is taken from here.
 */
public final class JournalConfig
{
    /** Default segment file length: 64 MiB. */
    public static final long DEFAULT_SEGMENT_LENGTH = 64L << 20;
    /** Default records per index entry. */
    public static final int DEFAULT_INDEX_SPACING = 64;

    private long segmentLength = DEFAULT_SEGMENT_LENGTH;
    private int indexSpacing = DEFAULT_INDEX_SPACING;
    private int maxMessageLength = -1;
    private int schemaId;
    private int schemaVersion;
    // allocation-free (System.nanoTime plus an offset sampled from the wall clock); Agrona's SystemEpochNanoClock
    // makes an Instant per call, which only the JIT's escape analysis removes: JournalAllocationTest saw it under load
    private EpochNanoClock clock = new OffsetEpochNanoClock();
    private JournalAccess access = JournalAccess.STRICT;

    /**
     * @param segmentLength bytes per segment file, a multiple of 4096 up to 1 GiB; a record never spans two.
     * @return this.
     */
    public JournalConfig segmentLength(final long segmentLength)
    {
        if (segmentLength % PAGE_LENGTH != 0 || segmentLength < 4L * PAGE_LENGTH ||
            segmentLength > MAX_SEGMENT_LENGTH)
        {
            throw new IllegalArgumentException("segmentLength=" + segmentLength + " expected a multiple of " +
                PAGE_LENGTH + " in [" + 4 * PAGE_LENGTH + ", " + MAX_SEGMENT_LENGTH + "]");
        }
        this.segmentLength = segmentLength;
        return this;
    }

    /**
     * @param indexSpacing records per index entry, a power of two up to 65536: smaller seeks faster, larger leaves
     *                     more of each segment to records.
     * @return this.
     */
    public JournalConfig indexSpacing(final int indexSpacing)
    {
        if (indexSpacing < 1 || indexSpacing > MAX_INDEX_SPACING || Integer.bitCount(indexSpacing) != 1)
        {
            throw new IllegalArgumentException(
                "indexSpacing=" + indexSpacing + " expected a power of two in [1, " + MAX_INDEX_SPACING + "]");
        }
        this.indexSpacing = indexSpacing;
        return this;
    }

    /**
     * @param maxMessageLength the largest body the journal holds; by default, what fits in one segment.
     * @return this.
     */
    public JournalConfig maxMessageLength(final int maxMessageLength)
    {
        if (maxMessageLength < 0)
        {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " expected >=0");
        }
        this.maxMessageLength = maxMessageLength;
        return this;
    }

    /**
     * @param schemaId      SBE schema id of the bodies (LAYOUT 13), 0 = unspecified.
     * @param schemaVersion SBE schema version, 0 = unspecified.
     * @return this.
     */
    public JournalConfig schema(final int schemaId, final int schemaVersion)
    {
        this.schemaId = schemaId;
        this.schemaVersion = schemaVersion;
        return this;
    }

    /**
     * @param clock where record timestamps come from (epoch nanoseconds); tests inject one. The default follows
     *              {@code System.nanoTime()} from an offset taken from the wall clock at start, so it does not
     *              follow later steps of the wall clock.
     * @return this.
     */
    public JournalConfig clock(final EpochNanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @param options {@link ChannelOpenOption#ALLOW_OTHER_OWNER}: write a journal whose directory and segments belong
     *                to another user; {@link ChannelOpenOption#FOLLOW_SYMLINKS}: follow a symlink at the directory's
     *                path. A writer never accepts a directory that users other than its owner may write, nor a
     *                segment that is a symlink (LAYOUT 14.1).
     * @return this.
     */
    public JournalConfig openOptions(final ChannelOpenOption... options)
    {
        this.access = JournalAccess.of(options);
        return this;
    }

    JournalAccess access()
    {
        return access;
    }

    EpochNanoClock clock()
    {
        return clock;
    }

    /**
     * @return the shape of a new journal's segments: enough index entries for the most records a segment can hold.
     */
    SegmentIdentity newIdentity(final long journalId, final long sourceCreationTimeMs, final long sourceCreatorPid)
    {
        final long mostRecords = (segmentLength - HEADER_LENGTH) / RECORD_HEADER_LENGTH;
        final int entryCount = (int)((mostRecords + indexSpacing - 1) / indexSpacing);
        final long dataOffset = JournalDescriptor.dataOffset(entryCount);
        final long fits = segmentLength - dataOffset - RECORD_HEADER_LENGTH;
        if (fits < PAGE_LENGTH - RECORD_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("segmentLength=" + segmentLength + " leaves no room for records with " +
                "indexSpacing=" + indexSpacing + ": expected a larger segment or spacing");
        }
        if (maxMessageLength > fits)
        {
            throw new IllegalArgumentException("maxMessageLength=" + maxMessageLength + " expected <=" + fits +
                " (what fits in a segment of " + segmentLength + " bytes)");
        }
        final int max = maxMessageLength >= 0 ? maxMessageLength : (int)Math.min(fits, Integer.MAX_VALUE);
        return new SegmentIdentity(segmentLength, indexSpacing, entryCount, max, schemaId, schemaVersion, journalId,
            sourceCreationTimeMs, sourceCreatorPid);
    }
}
