package io.ringway.journal;

/**
 * The identity fields every new segment of one journal gets (LAYOUT 14.2 and 14.5 step 1).
 */
final class SegmentIdentity
{
    final long segmentLength;
    final int indexSpacing;
    final int indexEntryCount;
    final int maxMessageLength;
    final int schemaId;
    final int schemaVersion;
    final long journalId;
    final long sourceCreationTimeMs;
    final long sourceCreatorPid;

    SegmentIdentity(final long segmentLength, final int indexSpacing, final int indexEntryCount,
        final int maxMessageLength, final int schemaId, final int schemaVersion, final long journalId,
        final long sourceCreationTimeMs, final long sourceCreatorPid)
    {
        this.segmentLength = segmentLength;
        this.indexSpacing = indexSpacing;
        this.indexEntryCount = indexEntryCount;
        this.maxMessageLength = maxMessageLength;
        this.schemaId = schemaId;
        this.schemaVersion = schemaVersion;
        this.journalId = journalId;
        this.sourceCreationTimeMs = sourceCreationTimeMs;
        this.sourceCreatorPid = sourceCreatorPid;
    }

    static SegmentIdentity of(final Segment segment)
    {
        final var header = segment.buffer;
        return new SegmentIdentity(segment.segmentLength, segment.indexSpacing, segment.indexEntryCount,
            segment.maxMessageLength, header.getInt(JournalDescriptor.SCHEMA_ID_OFFSET),
            header.getInt(JournalDescriptor.SCHEMA_VERSION_OFFSET), segment.journalId,
            header.getLong(JournalDescriptor.SOURCE_CREATION_TIME_MS_OFFSET),
            header.getLong(JournalDescriptor.SOURCE_CREATOR_PID_OFFSET));
    }

    SegmentIdentity withSource(final long creationTimeMs, final long creatorPid)
    {
        return new SegmentIdentity(segmentLength, indexSpacing, indexEntryCount, maxMessageLength, schemaId,
            schemaVersion, journalId, creationTimeMs, creatorPid);
    }

    long dataOffset()
    {
        return JournalDescriptor.dataOffset(indexEntryCount);
    }
}
