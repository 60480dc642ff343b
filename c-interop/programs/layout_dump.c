/*
 * Prints the offset of every field of the C layout structs as "<table> <field> <offset>", with LAYOUT.md's field
 * names, so that a test can compare them with the tables of docs/LAYOUT.md.
 */
#include "ringway.h"

#define DUMP(table, field, type, member) printf("%s %s %zu\n", table, field, offsetof(type, member))

int main(void)
{
    DUMP("header", "magic", ringway_header_page_t, magic);
    DUMP("header", "layoutVersion", ringway_header_page_t, layout_version);
    DUMP("header", "ringKind", ringway_header_page_t, ring_kind);
    DUMP("header", "headerLength", ringway_header_page_t, header_length);
    DUMP("header", "capacity", ringway_header_page_t, capacity);
    DUMP("header", "maxMessageLength", ringway_header_page_t, max_message_length);
    DUMP("header", "trailerLength", ringway_header_page_t, trailer_length);
    DUMP("header", "creationTimeMs", ringway_header_page_t, creation_time_ms);
    DUMP("header", "creatorPid", ringway_header_page_t, creator_pid);
    DUMP("header", "schemaId", ringway_header_page_t, schema_id);
    DUMP("header", "schemaVersion", ringway_header_page_t, schema_version);
    DUMP("header", "pidNamespace", ringway_header_page_t, pid_namespace);
    DUMP("header", "channelId", ringway_header_page_t, channel_id);
    DUMP("header", "dataSequence", ringway_header_page_t, data_sequence);
    DUMP("header", "dataWaiters", ringway_header_page_t, data_waiters);
    DUMP("header", "spaceSequence", ringway_header_page_t, space_sequence);
    DUMP("header", "spaceWaiters", ringway_header_page_t, space_waiters);
    DUMP("header", "producerLease", ringway_header_page_t, producer_lease);
    DUMP("header", "producerHeartbeatMs", ringway_header_page_t, producer_heartbeat_ms);
    DUMP("header", "producerPid", ringway_header_page_t, producer_pid);
    DUMP("header", "consumerLease", ringway_header_page_t, consumer_lease);
    DUMP("header", "consumerHeartbeatMs", ringway_header_page_t, consumer_heartbeat_ms);
    DUMP("header", "consumerPid", ringway_header_page_t, consumer_pid);
    DUMP("header", "consumerMembarrierLease", ringway_header_page_t, consumer_membarrier_lease);
    DUMP("header", "backPressureCount", ringway_header_page_t, back_pressure_count);
    DUMP("header", "wakeCount", ringway_header_page_t, wake_count);
    DUMP("header", "messagesConsumed", ringway_header_page_t, messages_consumed);
    DUMP("header", "unblockedRecordCount", ringway_header_page_t, unblocked_record_count);
    DUMP("header", "pendingHeadPosition", ringway_header_page_t, pending_head_position);
    printf("header headerLength-size %zu\n", sizeof(ringway_header_page_t));
    printf("header slotLength-size %d\n", RINGWAY_SLOT_LENGTH);
    DUMP("header", "producerSlots", ringway_header_page_t, producer_slots);
    printf("header producerSlotLength-size %zu\n", sizeof(ringway_producer_slot_t));
    printf("header producerSlotCount-size %zu\n",
        sizeof(((ringway_header_page_t *)NULL)->producer_slots) / sizeof(ringway_producer_slot_t));
    /* slot-relative (LAYOUT 3.1) */
    DUMP("header", "token", ringway_producer_slot_t, token);
    DUMP("header", "claimFloorPosition", ringway_producer_slot_t, claim_floor_position);
    DUMP("trailer", "tailPosition", ringway_trailer_t, tail_position);
    DUMP("trailer", "headCachePosition", ringway_trailer_t, head_cache_position);
    DUMP("trailer", "headPosition", ringway_trailer_t, head_position);
    DUMP("trailer", "correlationCounter", ringway_trailer_t, correlation_counter);
    DUMP("trailer", "consumerHeartbeat", ringway_trailer_t, consumer_heartbeat);
    printf("trailer trailerLength-size %zu\n", sizeof(ringway_trailer_t));
    DUMP("record", "length", ringway_record_header_t, length);
    DUMP("record", "typeId", ringway_record_header_t, type_id);
    printf("record body-size %zu\n", sizeof(ringway_record_header_t));
    printf("record alignment-size %d\n", RINGWAY_RECORD_ALIGNMENT);
    return 0;
}
