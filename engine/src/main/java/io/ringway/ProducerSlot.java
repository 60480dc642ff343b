package io.ringway;

import org.agrona.concurrent.UnsafeBuffer;

import static io.ringway.HeaderDescriptor.*;

/**
 * The MPSC producer slot one producer handle owns while attached (docs/LAYOUT.md, section 3.1), and the claim floor it
 * keeps there around every claim (section 6.2, steps 0 and 5), so that the consumer never unblocks the claim of a
 * producer that may still be alive (section 7.1). Not thread-safe: one per producer handle, like the producer.
 */
final class ProducerSlot
{
    private final UnsafeBuffer headerBuffer;
    private final int tokenOffset;
    private final int claimFloorOffset;
    private final int tailPositionIndex;
    private final UnsafeBuffer ring;
    private final long token;
    private int claimsInProgress;
    private boolean held = true;

    private ProducerSlot(final Channel channel, final int slot, final long token)
    {
        this.headerBuffer = channel.headerBuffer();
        this.tokenOffset = producerSlotOffset(slot) + PRODUCER_SLOT_TOKEN_OFFSET;
        this.claimFloorOffset = producerSlotOffset(slot) + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET;
        this.ring = channel.ringBuffer();
        this.tailPositionIndex = channel.capacity() + TrailerDescriptor.TAIL_POSITION_OFFSET;
        this.token = token;
    }

    /**
     * LAYOUT 3.1 attach: takes the first free slot, or the first slot of a dead process.
     *
     * @throws ChannelFileException when every slot is owned by a live process.
     */
    static ProducerSlot acquire(final Channel channel)
    {
        final UnsafeBuffer header = channel.headerBuffer();
        final long ownToken = ProcessIdentity.currentToken();
        for (int slot = 0; slot < PRODUCER_SLOT_COUNT; slot++)
        {
            final int tokenOffset = producerSlotOffset(slot) + PRODUCER_SLOT_TOKEN_OFFSET;
            // SYNC POINT: pairs with the CAS of the token by other producers' attach and close and the consumer's unblock
            final long ownerToken = header.getLongAcquire(tokenOffset);
            final boolean taken = ownerToken == 0 ?
                header.compareAndSetLong(tokenOffset, 0, ownToken) :
                ownerToken != ownToken && !ProcessIdentity.isAlive(ownerToken) &&
                header.compareAndSetLong(tokenOffset, ownerToken, ownToken);
            if (taken)
            {
                // before the first claim: the previous owner's floor must not describe this handle
                header.putLongRelease(producerSlotOffset(slot) + PRODUCER_SLOT_CLAIM_FLOOR_OFFSET,
                    NO_CLAIM_FLOOR_POSITION);
                return new ProducerSlot(channel, slot, ownToken);
            }
        }
        throw new ChannelFileException("no free MPSC producer slot", channel.path(), "producerSlots",
            PRODUCER_SLOT_COUNT + " live", "a free slot");
    }

    /**
     * LAYOUT 6.2 step 0: before a claim, a floor at or below the position the claim will get.
     */
    void beforeClaim()
    {
        if (claimsInProgress++ == 0)
        {
            // SYNC POINT: this store is sequenced before the producer's CAS of tailPosition (a release); the consumer's
            // acquire load of tailPosition in its unblock, which sees that CAS or a later one, then sees this floor
            headerBuffer.putLongRelease(claimFloorOffset, ring.getLongVolatile(tailPositionIndex));
        }
    }

    /**
     * LAYOUT 6.2 step 5: after a commit, an abort, or a claim refused for back-pressure.
     */
    void afterClaim()
    {
        if (claimsInProgress > 0 && --claimsInProgress == 0)
        {
            // SYNC POINT: after the release store of the length (commit or abort); pairs with the consumer's acquire
            // load of the floor in its unblock, which then sees the commit when it reloads the length
            headerBuffer.putLongRelease(claimFloorOffset, NO_CLAIM_FLOOR_POSITION);
        }
    }

    /**
     * LAYOUT 3.1 close: clears the floor and frees the slot (a no-op when someone took it over meanwhile).
     */
    void release()
    {
        if (held)
        {
            held = false;
            if (headerBuffer.getLongAcquire(tokenOffset) == token)
            {
                headerBuffer.putLongRelease(claimFloorOffset, NO_CLAIM_FLOOR_POSITION);
            }
            headerBuffer.compareAndSetLong(tokenOffset, token, 0);
        }
    }
}
