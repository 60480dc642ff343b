//go:build cgo

// Package ctwin is ringway.h (c-interop/include, the C library) driven from Go through cgo, for the differential
// tests of the pure-Go module: the same operations on a Go channel and on a ringway.h channel must return the same
// results and error details and leave byte-identical files. It is test support only, in a module of its own beside the
// package's (so that the module users import has no cgo at all), built only with cgo, and imported only by _test.go
// files.
package ctwin

/*
#cgo CFLAGS: -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE -Wall -Wextra -Werror -I${SRCDIR}/../../c-interop/include
#include "ringway_journal.h" // the journal reader, and ringway.h that it includes
#include <stdlib.h>

// the clock of a twin channel: tests move it from Go, as they move the Go channel's clock
static int64_t ctwin_clock_ms_value;
static int64_t ctwin_clock_ms(void *clientd)
{
    (void)clientd;
    return ++ctwin_clock_ms_value / 2;
}
static void ctwin_set_clock(ringway_channel_t *channel, int64_t start_ms)
{
    ctwin_clock_ms_value = start_ms;
    ringway_channel_set_clock(channel, ctwin_clock_ms, NULL);
}

// a poll's messages, copied as batch records (int32 length with header, int32 typeId, body, aligned to 8)
typedef struct ctwin_sink_stct
{
    uint8_t *buffer;
    int32_t capacity;
    int32_t length;
}
ctwin_sink_t;

static void ctwin_copy_message(void *clientd, int32_t type_id, const uint8_t *body, int32_t body_length)
{
    ctwin_sink_t *sink = (ctwin_sink_t *)clientd;
    const int32_t record_length = body_length + RINGWAY_RECORD_HEADER_LENGTH;
    const int32_t aligned_length = ringway_aligned_length(record_length);
    if (aligned_length > sink->capacity - sink->length)
    {
        return;
    }
    uint8_t *record = sink->buffer + sink->length;
    const ringway_record_header_t header = { record_length, type_id };
    memcpy(record, &header, sizeof(header));
    memcpy(record + RINGWAY_RECORD_HEADER_LENGTH, body, (size_t)body_length);
    memset(record + record_length, 0, (size_t)(aligned_length - record_length));
    sink->length += aligned_length;
}

static int ctwin_poll(ringway_consumer_t *consumer, uint8_t *buffer, int32_t capacity, int32_t limit, int32_t *length)
{
    ctwin_sink_t sink = { buffer, capacity, 0 };
    const int result = ringway_consumer_poll(consumer, ctwin_copy_message, &sink, limit);
    *length = sink.length;
    return result;
}

static int ctwin_poll_wait(ringway_consumer_t *consumer, uint8_t *buffer, int32_t capacity, int32_t limit,
    int32_t *length, int64_t timeout_ns)
{
    ctwin_sink_t sink = { buffer, capacity, 0 };
    const int result = ringway_consumer_poll_wait(consumer, ctwin_copy_message, &sink, limit, timeout_ns);
    *length = sink.length;
    return result;
}

static int ctwin_process_verdict(const char *root, int64_t pid, int64_t *start_time, char *detail, size_t size)
{
    return (int)ringway_process_verdict_at_(root, pid, start_time, detail, size);
}

static int ctwin_token_verdict(const char *root, int64_t token, char *detail, size_t size)
{
    return (int)ringway_token_verdict_at_(root, token, detail, size);
}
*/
import "C"

import (
	"encoding/binary"
	"unsafe"

	ringway "github.com/ringway-io/ringway/go-interop"
	"github.com/ringway-io/ringway/go-interop/internal/detail"
)

// errorOf turns a ringway.h result and detail into the error the Go module returns for it.
func errorOf(result int, message, field string) error {
	code := ringway.Code(result)
	if code == ringway.CodeRingFull {
		return ringway.ErrRingFull
	}
	if message == "" {
		return &ringway.Error{Code: code, Reason: code.Sentinel().Error()}
	}
	e := &ringway.Error{Code: code, Message: message, Field: field}
	reason, file, found, expected, ok := detail.Split(message, field)
	if !ok {
		e.Reason = message
		return e
	}
	e.Reason, e.File, e.Found, e.Expected = reason, file, found, expected
	return e
}

// Channel is a ringway.h channel with its producers and consumer.
type Channel struct {
	c         *C.ringway_channel_t
	producers []*C.ringway_producer_t
	consumer  *C.ringway_consumer_t
}

func (ch *Channel) channelError(result C.int) error {
	return errorOf(int(result), C.GoString(C.ringway_channel_last_error(ch.c)),
		C.GoString(C.ringway_channel_last_error_field(ch.c)))
}

// Create makes a channel with ringway_channel_create. clockStartMs > 0 sets a clock that reads (++n) / 2 from n =
// clockStartMs, as the differential tests' Go clock does.
func Create(path string, options ringway.CreateOptions, clockStartMs int64) (*Channel, error) {
	cPath := C.CString(path)
	defer C.free(unsafe.Pointer(cPath))
	ch := &Channel{c: (*C.ringway_channel_t)(C.calloc(1, C.sizeof_ringway_channel_t))}
	cOptions := C.ringway_create_options_t{ring_kind: C.int32_t(options.Kind), capacity: C.int32_t(options.Capacity),
		file_mode: C.uint32_t(options.FileMode.Perm()), schema_id: C.int32_t(options.SchemaID),
		schema_version: C.int32_t(options.SchemaVersion), replace_existing: C.bool(options.ReplaceExisting)}
	if result := C.ringway_channel_create(ch.c, cPath, &cOptions); result < 0 {
		err := ch.channelError(result)
		C.free(unsafe.Pointer(ch.c))
		return nil, err
	}
	if clockStartMs > 0 {
		C.ctwin_set_clock(ch.c, C.int64_t(clockStartMs))
	}
	return ch, nil
}

// Open opens a channel with ringway_channel_open.
func Open(path string, options ringway.OpenOptions) (*Channel, error) {
	cPath := C.CString(path)
	defer C.free(unsafe.Pointer(cPath))
	ch := &Channel{c: (*C.ringway_channel_t)(C.calloc(1, C.sizeof_ringway_channel_t))}
	cOptions := C.ringway_open_options_t{expected_ring_kind: C.int32_t(options.ExpectedKind),
		expected_capacity: C.int32_t(options.ExpectedCapacity), allow_other_owner: C.bool(options.AllowOtherOwner),
		follow_symlinks: C.bool(options.FollowSymlinks)}
	if result := C.ringway_channel_open(ch.c, cPath, &cOptions); result < 0 {
		err := ch.channelError(result)
		C.free(unsafe.Pointer(ch.c))
		return nil, err
	}
	return ch, nil
}

// Kind and Capacity are the channel's, as ringway.h read them.
func (ch *Channel) Kind() ringway.RingKind {
	return ringway.RingKind(C.ringway_channel_ring_kind(ch.c))
}
func (ch *Channel) Capacity() int { return int(C.ringway_channel_capacity(ch.c)) }

// AttachProducer attaches one more producer with ringway_producer_attach; the result is its number.
func (ch *Channel) AttachProducer() (int, error) {
	p := (*C.ringway_producer_t)(C.calloc(1, C.sizeof_ringway_producer_t))
	if result := C.ringway_producer_attach(p, ch.c); result < 0 {
		err := errorOf(int(result), C.GoString(C.ringway_producer_last_error(p)),
			C.GoString(C.ringway_producer_last_error_field(p)))
		C.free(unsafe.Pointer(p))
		return -1, err
	}
	ch.producers = append(ch.producers, p)
	return len(ch.producers) - 1, nil
}

// AttachConsumer attaches the consumer with ringway_consumer_attach.
func (ch *Channel) AttachConsumer() error {
	c := (*C.ringway_consumer_t)(C.calloc(1, C.sizeof_ringway_consumer_t))
	if result := C.ringway_consumer_attach(c, ch.c); result < 0 {
		err := errorOf(int(result), C.GoString(C.ringway_consumer_last_error(c)),
			C.GoString(C.ringway_consumer_last_error_field(c)))
		C.free(unsafe.Pointer(c))
		return err
	}
	ch.consumer = c
	return nil
}

func (ch *Channel) producerError(p int, result int) error {
	return errorOf(result, C.GoString(C.ringway_producer_last_error(ch.producers[p])),
		C.GoString(C.ringway_producer_last_error_field(ch.producers[p])))
}

func (ch *Channel) consumerError(result int) error {
	return errorOf(result, C.GoString(C.ringway_consumer_last_error(ch.consumer)),
		C.GoString(C.ringway_consumer_last_error_field(ch.consumer)))
}

// Offer is ringway_producer_offer.
func (ch *Channel) Offer(p int, typeID int32, body []byte) error {
	var pointer unsafe.Pointer
	if len(body) > 0 {
		pointer = unsafe.Pointer(&body[0])
	}
	if result := C.ringway_producer_offer(ch.producers[p], C.int32_t(typeID), pointer, C.int32_t(len(body))); result < 0 {
		return ch.producerError(p, int(result))
	}
	return nil
}

// OfferBatch is ringway_producer_offer_batch: how many messages, from the first, it committed, and its result. The
// messages and their bodies are copied into C memory first (cgo lets C hold no Go pointer inside a struct).
func (ch *Channel) OfferBatch(p int, messages []Message) (int, error) {
	bodiesLength := 0
	for _, m := range messages {
		bodiesLength += len(m.Body)
	}
	cMessages := (*C.ringway_message_t)(C.calloc(C.size_t(max(len(messages), 1)), C.sizeof_ringway_message_t))
	defer C.free(unsafe.Pointer(cMessages))
	cBodies := (*byte)(C.malloc(C.size_t(max(bodiesLength, 1))))
	defer C.free(unsafe.Pointer(cBodies))
	messageSlice := unsafe.Slice(cMessages, max(len(messages), 1))
	bodySlice := unsafe.Slice(cBodies, max(bodiesLength, 1))
	offset := 0
	for i, m := range messages {
		messageSlice[i].type_id = C.int32_t(m.TypeID)
		messageSlice[i].body_length = C.int32_t(len(m.Body))
		if len(m.Body) > 0 {
			copy(bodySlice[offset:], m.Body)
			messageSlice[i].body = unsafe.Pointer(&bodySlice[offset])
			offset += len(m.Body)
		}
	}
	var written C.size_t
	result := C.ringway_producer_offer_batch(ch.producers[p], cMessages, C.size_t(len(messages)), &written)
	if result < 0 {
		return int(written), ch.producerError(p, int(result))
	}
	return int(written), nil
}

// OfferWait is ringway_producer_offer_wait with the producer's wait strategy.
func (ch *Channel) OfferWait(p int, typeID int32, body []byte, timeoutNs int64) error {
	var pointer unsafe.Pointer
	if len(body) > 0 {
		pointer = unsafe.Pointer(&body[0])
	}
	if result := C.ringway_producer_offer_wait(ch.producers[p], C.int32_t(typeID), pointer, C.int32_t(len(body)),
		C.int64_t(timeoutNs)); result < 0 {
		return ch.producerError(p, int(result))
	}
	return nil
}

// TryClaim is ringway_producer_try_claim: the body index and a view of the claimed bytes.
func (ch *Channel) TryClaim(p int, typeID int32, length int) (int, []byte, error) {
	var body *C.uint8_t
	index := C.ringway_producer_try_claim(ch.producers[p], C.int32_t(typeID), C.int32_t(length), &body)
	if index < 0 {
		return -1, nil, ch.producerError(p, int(index))
	}
	return int(index), unsafe.Slice((*byte)(unsafe.Pointer(body)), length), nil
}

func clampIndex(index int) C.int32_t {
	if index < 0 || index > 1<<31-1 {
		return -1
	}
	return C.int32_t(index)
}

// Commit is ringway_producer_commit.
func (ch *Channel) Commit(p int, index int) error {
	if result := C.ringway_producer_commit(ch.producers[p], clampIndex(index)); result < 0 {
		return ch.producerError(p, int(result))
	}
	return nil
}

// Abort is ringway_producer_abort.
func (ch *Channel) Abort(p int, index int) error {
	if result := C.ringway_producer_abort(ch.producers[p], clampIndex(index)); result < 0 {
		return ch.producerError(p, int(result))
	}
	return nil
}

// Message is one delivered message.
type Message struct {
	TypeID int32
	Body   []byte
}

func messagesOf(buffer []byte) []Message {
	var messages []Message
	for offset := 0; offset+8 <= len(buffer); {
		length := int(int32(binary.LittleEndian.Uint32(buffer[offset:])))
		if length < 8 {
			break
		}
		typeID := int32(binary.LittleEndian.Uint32(buffer[offset+4:]))
		messages = append(messages, Message{typeID, append([]byte(nil), buffer[offset+8:offset+length]...)})
		offset += (length + 7) &^ 7
	}
	return messages
}

// Poll is ringway_consumer_poll; it returns the messages delivered and the result.
func (ch *Channel) Poll(limit int) ([]Message, int, error) {
	buffer := make([]byte, limit*(int(C.ringway_channel_max_message_length(ch.c))+16)+8)
	var length C.int32_t
	result := C.ctwin_poll(ch.consumer, (*C.uint8_t)(unsafe.Pointer(&buffer[0])), C.int32_t(len(buffer)),
		C.int32_t(limit), &length)
	messages := messagesOf(buffer[:length])
	if result < 0 {
		return messages, 0, ch.consumerError(int(result))
	}
	return messages, int(result), nil
}

// PollWait is ringway_consumer_poll_wait with the consumer's wait strategy.
func (ch *Channel) PollWait(limit int, timeoutNs int64) ([]Message, int, error) {
	buffer := make([]byte, limit*(int(C.ringway_channel_max_message_length(ch.c))+16)+8)
	var length C.int32_t
	result := C.ctwin_poll_wait(ch.consumer, (*C.uint8_t)(unsafe.Pointer(&buffer[0])), C.int32_t(len(buffer)),
		C.int32_t(limit), &length, C.int64_t(timeoutNs))
	messages := messagesOf(buffer[:length])
	if result < 0 {
		return messages, 0, ch.consumerError(int(result))
	}
	return messages, int(result), nil
}

// SetUnblockTimeoutMs is ringway_channel_set_unblock_timeout_ms.
func (ch *Channel) SetUnblockTimeoutMs(ms int64) {
	C.ringway_channel_set_unblock_timeout_ms(ch.c, C.int64_t(ms))
}

// SetBlocking gives the consumer and every producer ringway_wait_blocking().
func (ch *Channel) SetBlocking() {
	for _, p := range ch.producers {
		C.ringway_producer_set_wait_strategy(p, C.ringway_wait_blocking())
	}
	if ch.consumer != nil {
		C.ringway_consumer_set_wait_strategy(ch.consumer, C.ringway_wait_blocking())
	}
}

// Position is ringway_consumer_position.
func (ch *Channel) Position() int64 { return int64(C.ringway_consumer_position(ch.consumer)) }

// BlockingProducerPid is ringway_consumer_blocking_producer_pid.
func (ch *Channel) BlockingProducerPid() int {
	return int(C.ringway_consumer_blocking_producer_pid(ch.consumer))
}

// ClosePRoducer closes producer p with ringway_producer_close.
func (ch *Channel) CloseProducer(p int) { C.ringway_producer_close(ch.producers[p]) }

// CloseConsumer closes the consumer with ringway_consumer_close.
func (ch *Channel) CloseConsumer() { C.ringway_consumer_close(ch.consumer) }

// Close closes every handle and the channel.
func (ch *Channel) Close() {
	for _, p := range ch.producers {
		C.ringway_producer_close(p)
		C.free(unsafe.Pointer(p))
	}
	ch.producers = nil
	if ch.consumer != nil {
		C.ringway_consumer_close(ch.consumer)
		C.free(unsafe.Pointer(ch.consumer))
		ch.consumer = nil
	}
	C.ringway_channel_close(ch.c)
	C.free(unsafe.Pointer(ch.c))
}

// ProcessVerdict is ringway_process_verdict_at_ and ringway_token_verdict_at_ under root.
func ProcessVerdict(root string, pid int64, token int64) (verdict int, startTime int64, detail string,
	tokenVerdict int, tokenDetail string) {
	cRoot := C.CString(root)
	defer C.free(unsafe.Pointer(cRoot))
	var cStartTime C.int64_t
	var cDetail, cTokenDetail [512]C.char
	verdict = int(C.ctwin_process_verdict(cRoot, C.int64_t(pid), &cStartTime, &cDetail[0], 512))
	tokenVerdict = int(C.ctwin_token_verdict(cRoot, C.int64_t(token), &cTokenDetail[0], 512))
	return verdict, int64(cStartTime), C.GoString(&cDetail[0]), tokenVerdict, C.GoString(&cTokenDetail[0])
}

// LayoutOffsets returns the offsets of ringway.h's layout structs as cgo sees them, keyed like the Go constants,
// for the layout tests (test files cannot use cgo).
func LayoutOffsets() map[string]uintptr {
	var header C.ringway_header_page_t
	var trailer C.ringway_trailer_t
	var record C.ringway_record_header_t
	var segment C.ringway_journal_segment_header_t
	var entry C.ringway_journal_index_entry_t
	var journalRecord C.ringway_journal_record_header_t
	var slot C.ringway_producer_slot_t
	return map[string]uintptr{
		"HeaderProducerSlotsOffset":         unsafe.Offsetof(header.producer_slots),
		"ProducerSlotLength":                unsafe.Sizeof(slot),
		"ProducerSlotTokenOffset":           unsafe.Offsetof(slot.token),
		"ProducerSlotClaimFloorOffset":      unsafe.Offsetof(slot.claim_floor_position),
		"HeaderMagicOffset":                 unsafe.Offsetof(header.magic),
		"HeaderLayoutVersionOffset":         unsafe.Offsetof(header.layout_version),
		"HeaderRingKindOffset":              unsafe.Offsetof(header.ring_kind),
		"HeaderHeaderLengthOffset":          unsafe.Offsetof(header.header_length),
		"HeaderCapacityOffset":              unsafe.Offsetof(header.capacity),
		"HeaderMaxMessageLengthOffset":      unsafe.Offsetof(header.max_message_length),
		"HeaderTrailerLengthOffset":         unsafe.Offsetof(header.trailer_length),
		"HeaderCreationTimeMsOffset":        unsafe.Offsetof(header.creation_time_ms),
		"HeaderCreatorPidOffset":            unsafe.Offsetof(header.creator_pid),
		"HeaderSchemaIDOffset":              unsafe.Offsetof(header.schema_id),
		"HeaderSchemaVersionOffset":         unsafe.Offsetof(header.schema_version),
		"HeaderPidNamespaceOffset":          unsafe.Offsetof(header.pid_namespace),
		"HeaderChannelIDOffset":             unsafe.Offsetof(header.channel_id),
		"HeaderDataSequenceOffset":          unsafe.Offsetof(header.data_sequence),
		"HeaderDataWaitersOffset":           unsafe.Offsetof(header.data_waiters),
		"HeaderSpaceSequenceOffset":         unsafe.Offsetof(header.space_sequence),
		"HeaderSpaceWaitersOffset":          unsafe.Offsetof(header.space_waiters),
		"HeaderProducerLeaseOffset":         unsafe.Offsetof(header.producer_lease),
		"HeaderProducerHeartbeatMsOffset":   unsafe.Offsetof(header.producer_heartbeat_ms),
		"HeaderProducerPidOffset":           unsafe.Offsetof(header.producer_pid),
		"HeaderConsumerLeaseOffset":         unsafe.Offsetof(header.consumer_lease),
		"HeaderConsumerHeartbeatMsOffset":   unsafe.Offsetof(header.consumer_heartbeat_ms),
		"HeaderConsumerPidOffset":           unsafe.Offsetof(header.consumer_pid),
		"HeaderBackPressureCountOffset":     unsafe.Offsetof(header.back_pressure_count),
		"HeaderWakeCountOffset":             unsafe.Offsetof(header.wake_count),
		"HeaderMessagesConsumedOffset":      unsafe.Offsetof(header.messages_consumed),
		"HeaderUnblockedRecordCountOffset":  unsafe.Offsetof(header.unblocked_record_count),
		"HeaderPendingHeadPositionOffset":   unsafe.Offsetof(header.pending_head_position),
		"HeaderLength":                      unsafe.Sizeof(header),
		"TrailerTailPositionOffset":         unsafe.Offsetof(trailer.tail_position),
		"TrailerHeadCachePositionOffset":    unsafe.Offsetof(trailer.head_cache_position),
		"TrailerHeadPositionOffset":         unsafe.Offsetof(trailer.head_position),
		"TrailerCorrelationCounterOffset":   unsafe.Offsetof(trailer.correlation_counter),
		"TrailerConsumerHeartbeatOffset":    unsafe.Offsetof(trailer.consumer_heartbeat),
		"TrailerLength":                     unsafe.Sizeof(trailer),
		"RecordLengthOffset":                unsafe.Offsetof(record.length),
		"RecordTypeIDOffset":                unsafe.Offsetof(record.type_id),
		"RecordHeaderLength":                unsafe.Sizeof(record),
		"JournalMagicOffset":                unsafe.Offsetof(segment.magic),
		"JournalVersionOffset":              unsafe.Offsetof(segment.journal_version),
		"JournalHeaderLengthOffset":         unsafe.Offsetof(segment.header_length),
		"JournalSegmentLengthOffset":        unsafe.Offsetof(segment.segment_length),
		"JournalFirstIndexOffset":           unsafe.Offsetof(segment.first_index),
		"JournalDataOffsetOffset":           unsafe.Offsetof(segment.data_offset),
		"JournalIndexSpacingOffset":         unsafe.Offsetof(segment.index_spacing),
		"JournalIndexEntryCountOffset":      unsafe.Offsetof(segment.index_entry_count),
		"JournalSchemaIDOffset":             unsafe.Offsetof(segment.schema_id),
		"JournalSchemaVersionOffset":        unsafe.Offsetof(segment.schema_version),
		"JournalMaxMessageLengthOffset":     unsafe.Offsetof(segment.max_message_length),
		"JournalIDOffset":                   unsafe.Offsetof(segment.journal_id),
		"JournalCreationTimeMsOffset":       unsafe.Offsetof(segment.creation_time_ms),
		"JournalSourceCreationTimeMsOffset": unsafe.Offsetof(segment.source_creation_time_ms),
		"JournalSourceCreatorPidOffset":     unsafe.Offsetof(segment.source_creator_pid),
		"JournalCommittedEndOffset":         unsafe.Offsetof(segment.committed_end),
		"JournalSourcePosition0Offset":      unsafe.Offsetof(segment.source_position_0),
		"JournalSourceCommittedEnd0Offset":  unsafe.Offsetof(segment.source_committed_end_0),
		"JournalSourcePosition1Offset":      unsafe.Offsetof(segment.source_position_1),
		"JournalSourceCommittedEnd1Offset":  unsafe.Offsetof(segment.source_committed_end_1),
		"JournalNextIndexOffset":            unsafe.Offsetof(segment.next_index),
		"JournalSegmentStateOffset":         unsafe.Offsetof(segment.segment_state),
		"JournalWriterLeaseOffset":          unsafe.Offsetof(segment.writer_lease),
		"JournalWriterPidOffset":            unsafe.Offsetof(segment.writer_pid),
		"JournalDataSequenceOffset":         unsafe.Offsetof(segment.data_sequence),
		"JournalDataWaitersOffset":          unsafe.Offsetof(segment.data_waiters),
		"JournalWakeCountOffset":            unsafe.Offsetof(segment.wake_count),
		"JournalEntryRecordOffsetOffset":    unsafe.Offsetof(entry.record_offset),
		"JournalEntryTimestampOffset":       unsafe.Offsetof(entry.timestamp_ns),
		"JournalEntryLength":                unsafe.Sizeof(entry),
		"JournalRecordLengthOffset":         unsafe.Offsetof(journalRecord.length),
		"JournalRecordTypeIDOffset":         unsafe.Offsetof(journalRecord.type_id),
		"JournalRecordIndexOffset":          unsafe.Offsetof(journalRecord.index),
		"JournalRecordTimestampOffset":      unsafe.Offsetof(journalRecord.timestamp_ns),
		"JournalRecordHeaderLength":         unsafe.Sizeof(journalRecord),
	}
}

// Constants returns ringway.h's named sizes and values, for the layout tests.
func Constants() map[string]int64 {
	return map[string]int64{
		"SlotLength":           C.RINGWAY_SLOT_LENGTH,
		"ProducerSlotCount":    C.RINGWAY_PRODUCER_SLOT_COUNT,
		"NoClaimFloorPosition": C.RINGWAY_NO_CLAIM_FLOOR_POSITION,
		"RecordAlignment":      C.RINGWAY_RECORD_ALIGNMENT,
		"PaddingTypeID":        C.RINGWAY_PADDING_TYPE_ID,
		"Magic":                C.RINGWAY_MAGIC,
		"LayoutVersion":        C.RINGWAY_LAYOUT_VERSION,
		"MinCapacity":          C.RINGWAY_MIN_CAPACITY,
		"MaxCapacity":          C.RINGWAY_MAX_CAPACITY,
		"HeaderLength":         C.RINGWAY_HEADER_LENGTH,
		"TrailerLength":        C.RINGWAY_TRAILER_LENGTH,
		"RecordHeaderLength":   C.RINGWAY_RECORD_HEADER_LENGTH,

		"JournalMagic":                   C.RINGWAY_JOURNAL_MAGIC,
		"JournalVersion":                 C.RINGWAY_JOURNAL_VERSION,
		"JournalHeaderLength":            C.RINGWAY_JOURNAL_HEADER_LENGTH,
		"JournalPageLength":              C.RINGWAY_JOURNAL_PAGE_LENGTH,
		"JournalMaxSegmentLength":        C.RINGWAY_JOURNAL_MAX_SEGMENT_LENGTH,
		"JournalMaxIndexSpacing":         C.RINGWAY_JOURNAL_MAX_INDEX_SPACING,
		"JournalSegmentOpen":             C.RINGWAY_JOURNAL_SEGMENT_OPEN,
		"JournalSegmentSealed":           C.RINGWAY_JOURNAL_SEGMENT_SEALED,
		"JournalSegmentNameDigits":       C.RINGWAY_JOURNAL_SEGMENT_NAME_DIGITS,
		"JournalRecordAlignment":         C.RINGWAY_JOURNAL_RECORD_ALIGNMENT,
		"DefaultIdlePollsPerLengthCheck": C.RINGWAY_JOURNAL_DEFAULT_IDLE_POLLS_PER_LENGTH_CHECK,
	}
}
