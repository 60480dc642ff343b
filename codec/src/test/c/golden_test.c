/*
 * Golden-vector check of the generated C codecs (codec/target/generated-c) against
 * schemas/golden/ (format in schemas/golden/README.md).
 *
 * For every vector NAME:
 *  - encode: the message is built with the generated C encoders from the values of NAME.txt
 *    (hard-coded below: they are the spec) and must equal NAME.bin byte for byte;
 *  - decode: the generated C decoders are wrapped over the bytes of NAME.bin, using the
 *    blockLength and version of its message header, and must read the values of NAME.txt.
 *
 * Usage: golden_test <path of schemas/golden>. Built and run by the codec module's Maven build;
 * prints one line per vector and "N passed, M failed"; exits non-zero on any failure.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io_ringway_codec_marketdata/executionReport.h"
#include "io_ringway_codec_marketdata/marketDataIncrementalRefresh.h"
#include "io_ringway_codec_marketdata/newOrderSingle.h"
#include "io_ringway_codec_marketdata_v1/newOrderSingle.h"

#define MD(name) io_ringway_codec_marketdata_##name
#define MD1(name) io_ringway_codec_marketdata_v1_##name

#define BUFFER_CAPACITY 4096

/* The vector being checked and whether a check of it failed. */
static const char *current = "";
static int current_failed = 0;

static char encoded[BUFFER_CAPACITY];
static char golden[BUFFER_CAPACITY];

static void fail(const char *what)
{
    fprintf(stderr, "golden %s: %s\n", current, what);
    current_failed = 1;
}

/* An integer field (or enum/set value as an integer) read from the golden bytes. */
#define EXPECT_INT(field, actual, expected)                                                   \
    do                                                                                        \
    {                                                                                         \
        const intmax_t actual_value_ = (intmax_t)(actual);                                    \
        const intmax_t expected_value_ = (intmax_t)(expected);                                \
        if (actual_value_ != expected_value_)                                                 \
        {                                                                                     \
            fprintf(stderr, "golden %s: decode mismatch in %s: read %" PRIdMAX ", expected %" PRIdMAX "\n", \
                current, (field), actual_value_, expected_value_);                            \
            current_failed = 1;                                                               \
        }                                                                                     \
    }                                                                                         \
    while (0)

#define EXPECT_TRUE(field, condition)                                                         \
    do                                                                                        \
    {                                                                                         \
        if (!(condition))                                                                     \
        {                                                                                     \
            fprintf(stderr, "golden %s: decode mismatch in %s: %s is false\n", current, (field), #condition); \
            current_failed = 1;                                                               \
        }                                                                                     \
    }                                                                                         \
    while (0)

/* A generated call that returns a pointer (NULL on error, with errno set): stop checking on NULL. */
#define REQUIRE(pointer)                                                                      \
    do                                                                                        \
    {                                                                                         \
        if ((pointer) == NULL)                                                                \
        {                                                                                     \
            fprintf(stderr, "golden %s: %s:%d: %s returned NULL: %s\n", current, __FILE__, __LINE__, \
                #pointer, sbe_strerror(errno));                                               \
            current_failed = 1;                                                               \
            return 0;                                                                         \
        }                                                                                     \
    }                                                                                         \
    while (0)

static void expect_text(const char *field, const char *actual, const uint64_t actual_length, const char *expected)
{
    const size_t expected_length = strlen(expected);
    if (actual_length != expected_length || memcmp(actual, expected, expected_length) != 0)
    {
        fprintf(stderr, "golden %s: decode mismatch in %s: read \"%.*s\" (%" PRIu64 " bytes), expected \"%s\" (%zu bytes)\n",
            current, field, (int)actual_length, actual, actual_length, expected, expected_length);
        current_failed = 1;
    }
}

/* Reads DIR/NAME.bin into golden; returns its length, or 0 on error. */
static uint64_t load_golden(const char *dir, const char *name)
{
    char path[4096];
    FILE *file;
    size_t length;

    if (snprintf(path, sizeof(path), "%s/%s.bin", dir, name) >= (int)sizeof(path))
    {
        fail("path too long");
        return 0;
    }
    file = fopen(path, "rb");
    if (file == NULL)
    {
        fprintf(stderr, "golden %s: cannot open %s\n", current, path);
        current_failed = 1;
        return 0;
    }
    length = fread(golden, 1, sizeof(golden), file);
    if (ferror(file) || !feof(file) || length == 0)
    {
        fprintf(stderr, "golden %s: cannot read %s (or longer than %d bytes)\n", current, path, BUFFER_CAPACITY - 1);
        current_failed = 1;
        length = 0;
    }
    fclose(file);
    return (uint64_t)length;
}

/* Compares the C encoding with the golden bytes; returns 1 when equal. */
static int compare_encoding(const uint64_t encoded_length, const uint64_t golden_length)
{
    const uint64_t common = encoded_length < golden_length ? encoded_length : golden_length;
    uint64_t i;

    for (i = 0; i < common; i++)
    {
        if (encoded[i] != golden[i])
        {
            fprintf(stderr, "golden %s: encode mismatch at offset %" PRIu64 ": C wrote 0x%02x, golden has 0x%02x\n",
                current, i, (unsigned)(unsigned char)encoded[i], (unsigned)(unsigned char)golden[i]);
            current_failed = 1;
            return 0;
        }
    }
    if (encoded_length != golden_length)
    {
        fprintf(stderr, "golden %s: encode length mismatch: C wrote %" PRIu64 " bytes, golden has %" PRIu64
            " (first %" PRIu64 " bytes equal)\n", current, encoded_length, golden_length, common);
        current_failed = 1;
        return 0;
    }
    return memcmp(encoded, golden, (size_t)golden_length) == 0;
}

/* Starts encoding: a fill pattern, so that a byte the encoder does not write shows up. */
static void clear_encoded(void)
{
    memset(encoded, 0xA5, sizeof(encoded));
}

/* ---------------------------------------------------------------------------------------------
 * new-order-limit-v2 and new-order-market-nulls: NewOrderSingle, version 2
 */

struct new_order_values
{
    int64_t cl_ord_id;
    int32_t security_id;
    enum MD(side) side;
    enum MD(ordType) ord_type;
    enum MD(timeInForce) time_in_force;
    int post_only, reduce_only, hidden;
    uint32_t order_qty;
    int64_t price_mantissa;
    int64_t stop_price_mantissa;
    uint32_t min_qty;
    int64_t expire_time_ns;
    int64_t transact_time_ns;
    int64_t self_match_prevention_id;
    const char *account;
};

/* new-order-limit-v2.txt */
static const struct new_order_values new_order_limit = {
    44, 5501, MD(side_BUY), MD(ordType_LIMIT), MD(timeInForce_GOOD_TILL_DATE),
    1, 0, 1, /* flags = [postOnly, hidden] */
    25, INT64_C(4511750000000), INT64_MIN /* null */, 5, INT64_C(1700086400000000000),
    INT64_C(1700000000323456789), 77, "ACC-7"
};

/* new-order-market-nulls.txt */
static const struct new_order_values new_order_market_nulls = {
    43, 5501, MD(side_SELL), MD(ordType_MARKET), MD(timeInForce_IMMEDIATE_OR_CANCEL),
    0, 0, 0, /* flags = [] */
    3, INT64_MIN /* null */, INT64_MIN /* null */, UINT32_MAX /* null */, INT64_MIN /* null */,
    INT64_C(1700000000223456789), INT64_MIN /* null */, ""
};

static uint64_t encode_new_order_v2(const struct new_order_values *v)
{
    struct MD(newOrderSingle) order;
    struct MD(messageHeader) header;
    struct MD(optionalPrice) price;
    struct MD(orderFlags) flags;

    clear_encoded();
    REQUIRE(MD(newOrderSingle_wrap_and_apply_header)(&order, encoded, 0, sizeof(encoded), &header));
    MD(newOrderSingle_set_clOrdId)(&order, v->cl_ord_id);
    MD(newOrderSingle_set_securityId)(&order, v->security_id);
    MD(newOrderSingle_set_side)(&order, v->side);
    MD(newOrderSingle_set_ordType)(&order, v->ord_type);
    MD(newOrderSingle_set_timeInForce)(&order, v->time_in_force);
    REQUIRE(MD(newOrderSingle_flags)(&order, &flags));
    MD(orderFlags_clear)(&flags);
    MD(orderFlags_set_postOnly)(&flags, v->post_only != 0);
    MD(orderFlags_set_reduceOnly)(&flags, v->reduce_only != 0);
    MD(orderFlags_set_hidden)(&flags, v->hidden != 0);
    MD(newOrderSingle_set_orderQty)(&order, v->order_qty);
    REQUIRE(MD(newOrderSingle_price)(&order, &price));
    MD(optionalPrice_set_mantissa)(&price, v->price_mantissa);
    REQUIRE(MD(newOrderSingle_stopPrice)(&order, &price));
    MD(optionalPrice_set_mantissa)(&price, v->stop_price_mantissa);
    MD(newOrderSingle_set_minQty)(&order, v->min_qty);
    MD(newOrderSingle_set_expireTimeNs)(&order, v->expire_time_ns);
    MD(newOrderSingle_set_transactTimeNs)(&order, v->transact_time_ns);
    MD(newOrderSingle_set_selfMatchPreventionId)(&order, v->self_match_prevention_id);
    REQUIRE(MD(newOrderSingle_put_account)(&order, v->account, (uint16_t)strlen(v->account)));

    return MD(messageHeader_encoded_length)() + MD(newOrderSingle_encoded_length)(&order);
}

/* A version-2 reader; expected_block_length/version are the golden header's (v1 vectors too). */
static int decode_new_order_v2(
    const struct new_order_values *v, const uint64_t length, const uint16_t expected_block_length,
    const uint16_t expected_version)
{
    struct MD(messageHeader) header;
    struct MD(newOrderSingle) order;
    struct MD(optionalPrice) price;
    struct MD(orderFlags) flags;
    enum MD(side) side;
    enum MD(ordType) ord_type;
    enum MD(timeInForce) time_in_force;
    char account[64] = {0};
    uint64_t account_length;

    REQUIRE(MD(messageHeader_wrap)(&header, golden, 0, MD(messageHeader_sbe_schema_version)(), length));
    EXPECT_INT("header.blockLength", MD(messageHeader_blockLength)(&header), expected_block_length);
    EXPECT_INT("header.templateId", MD(messageHeader_templateId)(&header), 2);
    EXPECT_INT("header.schemaId", MD(messageHeader_schemaId)(&header), 1001);
    EXPECT_INT("header.version", MD(messageHeader_version)(&header), expected_version);
    if (MD(messageHeader_templateId)(&header) != MD(newOrderSingle_sbe_template_id)())
    {
        return 0;
    }
    REQUIRE(MD(newOrderSingle_wrap_for_decode)(
        &order, golden, MD(messageHeader_encoded_length)(), MD(messageHeader_blockLength)(&header),
        MD(messageHeader_version)(&header), length));

    EXPECT_INT("clOrdId", MD(newOrderSingle_clOrdId)(&order), v->cl_ord_id);
    EXPECT_INT("securityId", MD(newOrderSingle_securityId)(&order), v->security_id);
    EXPECT_TRUE("side", MD(newOrderSingle_side)(&order, &side) && side == v->side);
    EXPECT_TRUE("ordType", MD(newOrderSingle_ordType)(&order, &ord_type) && ord_type == v->ord_type);
    EXPECT_TRUE("timeInForce",
        MD(newOrderSingle_timeInForce)(&order, &time_in_force) && time_in_force == v->time_in_force);
    REQUIRE(MD(newOrderSingle_flags)(&order, &flags));
    EXPECT_INT("flags.postOnly", MD(orderFlags_postOnly)(&flags), v->post_only);
    EXPECT_INT("flags.reduceOnly", MD(orderFlags_reduceOnly)(&flags), v->reduce_only);
    EXPECT_INT("flags.hidden", MD(orderFlags_hidden)(&flags), v->hidden);
    EXPECT_INT("orderQty", MD(newOrderSingle_orderQty)(&order), v->order_qty);
    REQUIRE(MD(newOrderSingle_price)(&order, &price));
    EXPECT_INT("price.mantissa", MD(optionalPrice_mantissa)(&price), v->price_mantissa);
    REQUIRE(MD(newOrderSingle_stopPrice)(&order, &price));
    EXPECT_INT("stopPrice.mantissa", MD(optionalPrice_mantissa)(&price), v->stop_price_mantissa);
    EXPECT_INT("minQty", MD(newOrderSingle_minQty)(&order), v->min_qty);
    EXPECT_INT("expireTimeNs", MD(newOrderSingle_expireTimeNs)(&order), v->expire_time_ns);
    EXPECT_INT("transactTimeNs", MD(newOrderSingle_transactTimeNs)(&order), v->transact_time_ns);
    EXPECT_INT("selfMatchPreventionId", MD(newOrderSingle_selfMatchPreventionId)(&order), v->self_match_prevention_id);

    account_length = MD(newOrderSingle_account_length)(&order);
    if (account_length >= sizeof(account))
    {
        fail("decode mismatch in account: too long");
        return 0;
    }
    EXPECT_INT("account (length)", MD(newOrderSingle_get_account)(&order, account, sizeof(account)), account_length);
    expect_text("account", account, account_length, v->account);
    EXPECT_INT("encoded length", MD(messageHeader_encoded_length)() + MD(newOrderSingle_encoded_length)(&order), length);
    return 1;
}

/* ---------------------------------------------------------------------------------------------
 * new-order-limit-v1: NewOrderSingle, version 1, with the version-1 codec
 */

static uint64_t encode_new_order_v1(const struct new_order_values *v)
{
    struct MD1(newOrderSingle) order;
    struct MD1(messageHeader) header;
    struct MD1(optionalPrice) price;
    struct MD1(orderFlags) flags;

    clear_encoded();
    REQUIRE(MD1(newOrderSingle_wrap_and_apply_header)(&order, encoded, 0, sizeof(encoded), &header));
    MD1(newOrderSingle_set_clOrdId)(&order, v->cl_ord_id);
    MD1(newOrderSingle_set_securityId)(&order, v->security_id);
    MD1(newOrderSingle_set_side)(&order, MD1(side_BUY));
    MD1(newOrderSingle_set_ordType)(&order, MD1(ordType_LIMIT));
    MD1(newOrderSingle_set_timeInForce)(&order, MD1(timeInForce_GOOD_TILL_DATE));
    REQUIRE(MD1(newOrderSingle_flags)(&order, &flags));
    MD1(orderFlags_clear)(&flags);
    MD1(orderFlags_set_postOnly)(&flags, v->post_only != 0);
    MD1(orderFlags_set_reduceOnly)(&flags, v->reduce_only != 0);
    MD1(orderFlags_set_hidden)(&flags, v->hidden != 0);
    MD1(newOrderSingle_set_orderQty)(&order, v->order_qty);
    REQUIRE(MD1(newOrderSingle_price)(&order, &price));
    MD1(optionalPrice_set_mantissa)(&price, v->price_mantissa);
    REQUIRE(MD1(newOrderSingle_stopPrice)(&order, &price));
    MD1(optionalPrice_set_mantissa)(&price, v->stop_price_mantissa);
    MD1(newOrderSingle_set_minQty)(&order, v->min_qty);
    MD1(newOrderSingle_set_expireTimeNs)(&order, v->expire_time_ns);
    MD1(newOrderSingle_set_transactTimeNs)(&order, v->transact_time_ns);
    REQUIRE(MD1(newOrderSingle_put_account)(&order, v->account, (uint16_t)strlen(v->account)));

    return MD1(messageHeader_encoded_length)() + MD1(newOrderSingle_encoded_length)(&order);
}

static int decode_new_order_v1(const struct new_order_values *v, const uint64_t length)
{
    struct MD1(messageHeader) header;
    struct MD1(newOrderSingle) order;
    struct MD1(optionalPrice) price;
    struct MD1(orderFlags) flags;
    enum MD1(side) side;
    enum MD1(ordType) ord_type;
    enum MD1(timeInForce) time_in_force;
    char account[64] = {0};
    uint64_t account_length;

    REQUIRE(MD1(messageHeader_wrap)(&header, golden, 0, MD1(messageHeader_sbe_schema_version)(), length));
    EXPECT_INT("header.blockLength", MD1(messageHeader_blockLength)(&header), 56);
    EXPECT_INT("header.templateId", MD1(messageHeader_templateId)(&header), 2);
    EXPECT_INT("header.schemaId", MD1(messageHeader_schemaId)(&header), 1001);
    EXPECT_INT("header.version", MD1(messageHeader_version)(&header), 1);
    if (MD1(messageHeader_templateId)(&header) != MD1(newOrderSingle_sbe_template_id)())
    {
        return 0;
    }
    REQUIRE(MD1(newOrderSingle_wrap_for_decode)(
        &order, golden, MD1(messageHeader_encoded_length)(), MD1(messageHeader_blockLength)(&header),
        MD1(messageHeader_version)(&header), length));

    EXPECT_INT("clOrdId", MD1(newOrderSingle_clOrdId)(&order), v->cl_ord_id);
    EXPECT_INT("securityId", MD1(newOrderSingle_securityId)(&order), v->security_id);
    EXPECT_TRUE("side", MD1(newOrderSingle_side)(&order, &side) && side == MD1(side_BUY));
    EXPECT_TRUE("ordType", MD1(newOrderSingle_ordType)(&order, &ord_type) && ord_type == MD1(ordType_LIMIT));
    EXPECT_TRUE("timeInForce",
        MD1(newOrderSingle_timeInForce)(&order, &time_in_force) && time_in_force == MD1(timeInForce_GOOD_TILL_DATE));
    REQUIRE(MD1(newOrderSingle_flags)(&order, &flags));
    EXPECT_INT("flags.postOnly", MD1(orderFlags_postOnly)(&flags), v->post_only);
    EXPECT_INT("flags.reduceOnly", MD1(orderFlags_reduceOnly)(&flags), v->reduce_only);
    EXPECT_INT("flags.hidden", MD1(orderFlags_hidden)(&flags), v->hidden);
    EXPECT_INT("orderQty", MD1(newOrderSingle_orderQty)(&order), v->order_qty);
    REQUIRE(MD1(newOrderSingle_price)(&order, &price));
    EXPECT_INT("price.mantissa", MD1(optionalPrice_mantissa)(&price), v->price_mantissa);
    REQUIRE(MD1(newOrderSingle_stopPrice)(&order, &price));
    EXPECT_INT("stopPrice.mantissa", MD1(optionalPrice_mantissa)(&price), v->stop_price_mantissa);
    EXPECT_INT("minQty", MD1(newOrderSingle_minQty)(&order), v->min_qty);
    EXPECT_INT("expireTimeNs", MD1(newOrderSingle_expireTimeNs)(&order), v->expire_time_ns);
    EXPECT_INT("transactTimeNs", MD1(newOrderSingle_transactTimeNs)(&order), v->transact_time_ns);

    account_length = MD1(newOrderSingle_account_length)(&order);
    if (account_length >= sizeof(account))
    {
        fail("decode mismatch in account: too long");
        return 0;
    }
    EXPECT_INT("account (length)", MD1(newOrderSingle_get_account)(&order, account, sizeof(account)), account_length);
    expect_text("account", account, account_length, v->account);
    EXPECT_INT("encoded length", MD1(messageHeader_encoded_length)() + MD1(newOrderSingle_encoded_length)(&order), length);
    return 1;
}

/* ---------------------------------------------------------------------------------------------
 * execution-report-fills: ExecutionReport, version 2
 */

struct fill_values
{
    int64_t fill_price_mantissa;
    uint32_t fill_qty;
    int64_t trade_id;
    enum MD(liquidity) liquidity;
};

/* execution-report-fills.txt */
static const struct fill_values report_fills[2] = {
    { INT64_C(4512250000000), 4, 31, MD(liquidity_MAKER) },
    { INT64_C(4512500000000), 6, 32, MD(liquidity_TAKER) }
};
/* "filled in two — 4 then 6": the em dash is U+2014, UTF-8 e2 80 94 */
static const char report_text[] = "filled in two \xe2\x80\x94 4 then 6";

static uint64_t encode_execution_report(void)
{
    struct MD(executionReport) report;
    struct MD(messageHeader) header;
    struct MD(executionReport_fills) fills;
    struct MD(price) price;
    struct MD(execFlags) exec_flags;
    const char symbol[12] = "ESZ5"; /* NUL-padded to the array length */
    size_t i;

    clear_encoded();
    REQUIRE(MD(executionReport_wrap_and_apply_header)(&report, encoded, 0, sizeof(encoded), &header));
    MD(executionReport_set_orderId)(&report, 900001);
    MD(executionReport_set_clOrdId)(&report, 42);
    MD(executionReport_set_execId)(&report, 7);
    MD(executionReport_set_securityId)(&report, 5501);
    MD(executionReport_put_symbol)(&report, symbol);
    MD(executionReport_set_execType)(&report, MD(execType_TRADE));
    MD(executionReport_set_ordStatus)(&report, MD(ordStatus_FILLED));
    MD(executionReport_set_side)(&report, MD(side_BUY));
    REQUIRE(MD(executionReport_execFlags)(&report, &exec_flags));
    MD(execFlags_clear)(&exec_flags);
    MD(execFlags_set_lastFill)(&exec_flags, true);
    MD(execFlags_set_dropCopy)(&exec_flags, true);
    MD(executionReport_set_cumQty)(&report, 10);
    MD(executionReport_set_leavesQty)(&report, 0);
    MD(executionReport_set_transactTimeNs)(&report, INT64_C(1700000000123456789));

    REQUIRE(MD(executionReport_fills_set_count)(&report, &fills, 2));
    for (i = 0; i < 2; i++)
    {
        REQUIRE(MD(executionReport_fills_next)(&fills));
        REQUIRE(MD(executionReport_fills_fillPrice)(&fills, &price));
        MD(price_set_mantissa)(&price, report_fills[i].fill_price_mantissa);
        MD(executionReport_fills_set_fillQty)(&fills, report_fills[i].fill_qty);
        MD(executionReport_fills_set_tradeId)(&fills, report_fills[i].trade_id);
        MD(executionReport_fills_set_liquidity)(&fills, report_fills[i].liquidity);
    }
    REQUIRE(MD(executionReport_put_text)(&report, report_text, (uint16_t)strlen(report_text)));

    return MD(messageHeader_encoded_length)() + MD(executionReport_encoded_length)(&report);
}

static int decode_execution_report(const uint64_t length)
{
    static const char *const field_names[2][4] = {
        { "fills[0].fillPrice.mantissa", "fills[0].fillQty", "fills[0].tradeId", "fills[0].liquidity" },
        { "fills[1].fillPrice.mantissa", "fills[1].fillQty", "fills[1].tradeId", "fills[1].liquidity" }
    };
    struct MD(messageHeader) header;
    struct MD(executionReport) report;
    struct MD(executionReport_fills) fills;
    struct MD(price) price;
    struct MD(execFlags) exec_flags;
    enum MD(execType) exec_type;
    enum MD(ordStatus) ord_status;
    enum MD(side) side;
    enum MD(liquidity) liquidity;
    char symbol[13] = {0};
    char text[128] = {0};
    uint64_t text_length;
    size_t i;

    REQUIRE(MD(messageHeader_wrap)(&header, golden, 0, MD(messageHeader_sbe_schema_version)(), length));
    EXPECT_INT("header.blockLength", MD(messageHeader_blockLength)(&header), 61);
    EXPECT_INT("header.templateId", MD(messageHeader_templateId)(&header), 3);
    EXPECT_INT("header.schemaId", MD(messageHeader_schemaId)(&header), 1001);
    EXPECT_INT("header.version", MD(messageHeader_version)(&header), 2);
    if (MD(messageHeader_templateId)(&header) != MD(executionReport_sbe_template_id)())
    {
        return 0;
    }
    REQUIRE(MD(executionReport_wrap_for_decode)(
        &report, golden, MD(messageHeader_encoded_length)(), MD(messageHeader_blockLength)(&header),
        MD(messageHeader_version)(&header), length));

    EXPECT_INT("orderId", MD(executionReport_orderId)(&report), 900001);
    EXPECT_INT("clOrdId", MD(executionReport_clOrdId)(&report), 42);
    EXPECT_INT("execId", MD(executionReport_execId)(&report), 7);
    EXPECT_INT("securityId", MD(executionReport_securityId)(&report), 5501);
    REQUIRE(MD(executionReport_get_symbol)(&report, symbol, 12));
    expect_text("symbol", symbol, strlen(symbol), "ESZ5"); /* a char array ends at its first NUL */
    EXPECT_TRUE("execType", MD(executionReport_execType)(&report, &exec_type) && exec_type == MD(execType_TRADE));
    EXPECT_TRUE("ordStatus",
        MD(executionReport_ordStatus)(&report, &ord_status) && ord_status == MD(ordStatus_FILLED));
    EXPECT_TRUE("side", MD(executionReport_side)(&report, &side) && side == MD(side_BUY));
    REQUIRE(MD(executionReport_execFlags)(&report, &exec_flags));
    EXPECT_INT("execFlags.lastFill", MD(execFlags_lastFill)(&exec_flags), 1);
    EXPECT_INT("execFlags.aggressor", MD(execFlags_aggressor)(&exec_flags), 0);
    EXPECT_INT("execFlags.selfMatchPrevented", MD(execFlags_selfMatchPrevented)(&exec_flags), 0);
    EXPECT_INT("execFlags.dropCopy", MD(execFlags_dropCopy)(&exec_flags), 1);
    EXPECT_INT("cumQty", MD(executionReport_cumQty)(&report), 10);
    EXPECT_INT("leavesQty", MD(executionReport_leavesQty)(&report), 0);
    EXPECT_INT("transactTimeNs", MD(executionReport_transactTimeNs)(&report), INT64_C(1700000000123456789));

    REQUIRE(MD(executionReport_get_fills)(&report, &fills));
    EXPECT_INT("fills.count", MD(executionReport_fills_count)(&fills), 2);
    if (MD(executionReport_fills_count)(&fills) != 2)
    {
        return 0;
    }
    for (i = 0; i < 2; i++)
    {
        REQUIRE(MD(executionReport_fills_next)(&fills));
        REQUIRE(MD(executionReport_fills_fillPrice)(&fills, &price));
        EXPECT_INT(field_names[i][0], MD(price_mantissa)(&price), report_fills[i].fill_price_mantissa);
        EXPECT_INT(field_names[i][1], MD(executionReport_fills_fillQty)(&fills), report_fills[i].fill_qty);
        EXPECT_INT(field_names[i][2], MD(executionReport_fills_tradeId)(&fills), report_fills[i].trade_id);
        EXPECT_TRUE(field_names[i][3],
            MD(executionReport_fills_liquidity)(&fills, &liquidity) && liquidity == report_fills[i].liquidity);
    }

    text_length = MD(executionReport_text_length)(&report);
    if (text_length >= sizeof(text))
    {
        fail("decode mismatch in text: too long");
        return 0;
    }
    EXPECT_INT("text (length)", MD(executionReport_get_text)(&report, text, sizeof(text)), text_length);
    expect_text("text", text, text_length, report_text);
    EXPECT_INT("encoded length", MD(messageHeader_encoded_length)() + MD(executionReport_encoded_length)(&report), length);
    return 1;
}

/* ---------------------------------------------------------------------------------------------
 * market-data-refresh: MarketDataIncrementalRefresh, version 2
 */

struct entry_values
{
    int32_t security_id;
    uint32_t rpt_seq;
    enum MD(mDEntryType) entry_type;
    enum MD(mDUpdateAction) update_action;
    uint8_t price_level;
    int64_t price_mantissa;
    int64_t size;
    uint32_t number_of_orders;
    enum MD(side) aggressor_side;
};

/* market-data-refresh.txt */
static const struct entry_values refresh_entries[3] = {
    { 5501, 1001, MD(mDEntryType_TRADE), MD(mDUpdateAction_NEW), 0, INT64_C(4512000000000), 2,
        UINT32_MAX /* null */, MD(side_SELL) },
    { 5501, 1002, MD(mDEntryType_BID), MD(mDUpdateAction_CHANGE), 1, INT64_C(4512000000000), 48, 9,
        MD(side_NULL_VALUE) },
    { 5501, 1003, MD(mDEntryType_OFFER), MD(mDUpdateAction_DELETE), 3, INT64_C(4513250000000), 0, 0,
        MD(side_NULL_VALUE) }
};
static const int64_t refresh_transact_time_ns = INT64_C(1700000000423456789);

static uint64_t encode_market_data_refresh(void)
{
    struct MD(marketDataIncrementalRefresh) refresh;
    struct MD(messageHeader) header;
    struct MD(marketDataIncrementalRefresh_entries) entries;
    struct MD(matchEventIndicator) indicator;
    struct MD(price) price;
    size_t i;

    clear_encoded();
    REQUIRE(MD(marketDataIncrementalRefresh_wrap_and_apply_header)(&refresh, encoded, 0, sizeof(encoded), &header));
    MD(marketDataIncrementalRefresh_set_transactTimeNs)(&refresh, refresh_transact_time_ns);
    REQUIRE(MD(marketDataIncrementalRefresh_matchEventIndicator)(&refresh, &indicator));
    MD(matchEventIndicator_clear)(&indicator);
    MD(matchEventIndicator_set_lastTradeMsg)(&indicator, true);
    MD(matchEventIndicator_set_lastQuoteMsg)(&indicator, true);
    MD(matchEventIndicator_set_endOfEvent)(&indicator, true);

    REQUIRE(MD(marketDataIncrementalRefresh_entries_set_count)(&refresh, &entries, 3));
    for (i = 0; i < 3; i++)
    {
        const struct entry_values *e = &refresh_entries[i];
        REQUIRE(MD(marketDataIncrementalRefresh_entries_next)(&entries));
        MD(marketDataIncrementalRefresh_entries_set_securityId)(&entries, e->security_id);
        MD(marketDataIncrementalRefresh_entries_set_rptSeq)(&entries, e->rpt_seq);
        MD(marketDataIncrementalRefresh_entries_set_entryType)(&entries, e->entry_type);
        MD(marketDataIncrementalRefresh_entries_set_updateAction)(&entries, e->update_action);
        MD(marketDataIncrementalRefresh_entries_set_priceLevel)(&entries, e->price_level);
        REQUIRE(MD(marketDataIncrementalRefresh_entries_price)(&entries, &price));
        MD(price_set_mantissa)(&price, e->price_mantissa);
        MD(marketDataIncrementalRefresh_entries_set_size)(&entries, e->size);
        MD(marketDataIncrementalRefresh_entries_set_numberOfOrders)(&entries, e->number_of_orders);
        MD(marketDataIncrementalRefresh_entries_set_aggressorSide)(&entries, e->aggressor_side);
    }

    return MD(messageHeader_encoded_length)() + MD(marketDataIncrementalRefresh_encoded_length)(&refresh);
}

static int decode_market_data_refresh(const uint64_t length)
{
    static const char *const field_names[3][9] = {
        { "entries[0].securityId", "entries[0].rptSeq", "entries[0].entryType", "entries[0].updateAction",
            "entries[0].priceLevel", "entries[0].price.mantissa", "entries[0].size", "entries[0].numberOfOrders",
            "entries[0].aggressorSide" },
        { "entries[1].securityId", "entries[1].rptSeq", "entries[1].entryType", "entries[1].updateAction",
            "entries[1].priceLevel", "entries[1].price.mantissa", "entries[1].size", "entries[1].numberOfOrders",
            "entries[1].aggressorSide" },
        { "entries[2].securityId", "entries[2].rptSeq", "entries[2].entryType", "entries[2].updateAction",
            "entries[2].priceLevel", "entries[2].price.mantissa", "entries[2].size", "entries[2].numberOfOrders",
            "entries[2].aggressorSide" }
    };
    struct MD(messageHeader) header;
    struct MD(marketDataIncrementalRefresh) refresh;
    struct MD(marketDataIncrementalRefresh_entries) entries;
    struct MD(matchEventIndicator) indicator;
    struct MD(price) price;
    enum MD(mDEntryType) entry_type;
    enum MD(mDUpdateAction) update_action;
    enum MD(side) side;
    size_t i;

    REQUIRE(MD(messageHeader_wrap)(&header, golden, 0, MD(messageHeader_sbe_schema_version)(), length));
    EXPECT_INT("header.blockLength", MD(messageHeader_blockLength)(&header), 9);
    EXPECT_INT("header.templateId", MD(messageHeader_templateId)(&header), 1);
    EXPECT_INT("header.schemaId", MD(messageHeader_schemaId)(&header), 1001);
    EXPECT_INT("header.version", MD(messageHeader_version)(&header), 2);
    if (MD(messageHeader_templateId)(&header) != MD(marketDataIncrementalRefresh_sbe_template_id)())
    {
        return 0;
    }
    REQUIRE(MD(marketDataIncrementalRefresh_wrap_for_decode)(
        &refresh, golden, MD(messageHeader_encoded_length)(), MD(messageHeader_blockLength)(&header),
        MD(messageHeader_version)(&header), length));

    EXPECT_INT("transactTimeNs", MD(marketDataIncrementalRefresh_transactTimeNs)(&refresh), refresh_transact_time_ns);
    REQUIRE(MD(marketDataIncrementalRefresh_matchEventIndicator)(&refresh, &indicator));
    EXPECT_INT("matchEventIndicator.lastTradeMsg", MD(matchEventIndicator_lastTradeMsg)(&indicator), 1);
    EXPECT_INT("matchEventIndicator.lastVolumeMsg", MD(matchEventIndicator_lastVolumeMsg)(&indicator), 0);
    EXPECT_INT("matchEventIndicator.lastQuoteMsg", MD(matchEventIndicator_lastQuoteMsg)(&indicator), 1);
    EXPECT_INT("matchEventIndicator.lastStatsMsg", MD(matchEventIndicator_lastStatsMsg)(&indicator), 0);
    EXPECT_INT("matchEventIndicator.recoveryMsg", MD(matchEventIndicator_recoveryMsg)(&indicator), 0);
    EXPECT_INT("matchEventIndicator.endOfEvent", MD(matchEventIndicator_endOfEvent)(&indicator), 1);

    REQUIRE(MD(marketDataIncrementalRefresh_get_entries)(&refresh, &entries));
    EXPECT_INT("entries.count", MD(marketDataIncrementalRefresh_entries_count)(&entries), 3);
    if (MD(marketDataIncrementalRefresh_entries_count)(&entries) != 3)
    {
        return 0;
    }
    for (i = 0; i < 3; i++)
    {
        const struct entry_values *e = &refresh_entries[i];
        REQUIRE(MD(marketDataIncrementalRefresh_entries_next)(&entries));
        EXPECT_INT(field_names[i][0], MD(marketDataIncrementalRefresh_entries_securityId)(&entries), e->security_id);
        EXPECT_INT(field_names[i][1], MD(marketDataIncrementalRefresh_entries_rptSeq)(&entries), e->rpt_seq);
        EXPECT_TRUE(field_names[i][2],
            MD(marketDataIncrementalRefresh_entries_entryType)(&entries, &entry_type) && entry_type == e->entry_type);
        EXPECT_TRUE(field_names[i][3],
            MD(marketDataIncrementalRefresh_entries_updateAction)(&entries, &update_action)
            && update_action == e->update_action);
        EXPECT_INT(field_names[i][4], MD(marketDataIncrementalRefresh_entries_priceLevel)(&entries), e->price_level);
        REQUIRE(MD(marketDataIncrementalRefresh_entries_price)(&entries, &price));
        EXPECT_INT(field_names[i][5], MD(price_mantissa)(&price), e->price_mantissa);
        EXPECT_INT(field_names[i][6], MD(marketDataIncrementalRefresh_entries_size)(&entries), e->size);
        EXPECT_INT(field_names[i][7], MD(marketDataIncrementalRefresh_entries_numberOfOrders)(&entries),
            e->number_of_orders);
        EXPECT_TRUE(field_names[i][8],
            MD(marketDataIncrementalRefresh_entries_aggressorSide)(&entries, &side) && side == e->aggressor_side);
    }
    EXPECT_INT("encoded length",
        MD(messageHeader_encoded_length)() + MD(marketDataIncrementalRefresh_encoded_length)(&refresh), length);
    return 1;
}

/* ---------------------------------------------------------------------------------------------
 * driver
 */

enum vector_id
{
    NEW_ORDER_LIMIT_V2,
    NEW_ORDER_MARKET_NULLS,
    EXECUTION_REPORT_FILLS,
    MARKET_DATA_REFRESH,
    NEW_ORDER_LIMIT_V1
};

static const struct
{
    const char *name;
    enum vector_id id;
} vectors[] = {
    { "new-order-limit-v2", NEW_ORDER_LIMIT_V2 },
    { "new-order-market-nulls", NEW_ORDER_MARKET_NULLS },
    { "execution-report-fills", EXECUTION_REPORT_FILLS },
    { "market-data-refresh", MARKET_DATA_REFRESH },
    { "new-order-limit-v1", NEW_ORDER_LIMIT_V1 }
};

static uint64_t encode_vector(const enum vector_id id)
{
    switch (id)
    {
        case NEW_ORDER_LIMIT_V2: return encode_new_order_v2(&new_order_limit);
        case NEW_ORDER_MARKET_NULLS: return encode_new_order_v2(&new_order_market_nulls);
        case EXECUTION_REPORT_FILLS: return encode_execution_report();
        case MARKET_DATA_REFRESH: return encode_market_data_refresh();
        case NEW_ORDER_LIMIT_V1: return encode_new_order_v1(&new_order_limit);
    }
    return 0;
}

static int decode_vector(const enum vector_id id, const uint64_t length)
{
    struct new_order_values limit_v1_read_by_v2 = new_order_limit;

    switch (id)
    {
        case NEW_ORDER_LIMIT_V2: return decode_new_order_v2(&new_order_limit, length, 64, 2);
        case NEW_ORDER_MARKET_NULLS: return decode_new_order_v2(&new_order_market_nulls, length, 64, 2);
        case EXECUTION_REPORT_FILLS: return decode_execution_report(length);
        case MARKET_DATA_REFRESH: return decode_market_data_refresh(length);
        case NEW_ORDER_LIMIT_V1:
            /* the version-1 listing with the version-1 codec, then (README "Versions") the same bytes
               read by the version-2 codec: plus selfMatchPreventionId = null */
            limit_v1_read_by_v2.self_match_prevention_id = INT64_MIN;
            return decode_new_order_v1(&new_order_limit, length)
                && decode_new_order_v2(&limit_v1_read_by_v2, length, 56, 1);
    }
    return 0;
}

int main(int argc, char **argv)
{
    const size_t count = sizeof(vectors) / sizeof(vectors[0]);
    int passed = 0;
    int failed = 0;
    size_t i;

    if (argc != 2)
    {
        fprintf(stderr, "usage: %s <path of schemas/golden>\n", argv[0]);
        return 2;
    }

    for (i = 0; i < count; i++)
    {
        uint64_t golden_length;
        uint64_t encoded_length;
        int encode_ok = 0;
        int decode_ok = 0;

        current = vectors[i].name;
        current_failed = 0;
        golden_length = load_golden(argv[1], current);
        if (golden_length != 0)
        {
            encoded_length = encode_vector(vectors[i].id);
            if (!current_failed)
            {
                encode_ok = compare_encoding(encoded_length, golden_length);
            }

            current_failed = 0;
            decode_ok = decode_vector(vectors[i].id, golden_length) && !current_failed;
        }

        printf("golden %s: encode %s, decode %s\n", current, encode_ok ? "ok" : "FAILED", decode_ok ? "ok" : "FAILED");
        if (encode_ok && decode_ok)
        {
            passed++;
        }
        else
        {
            failed++;
        }
    }

    printf("%d passed, %d failed\n", passed, failed);
    return failed == 0 ? 0 : 1;
}
