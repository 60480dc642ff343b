/*
 * Build check of the generated C codecs (codec/target/generated-c): the headers of both schema
 * versions compile together under -std=c11 -Wall -Wextra -Werror -pedantic, and a message
 * round-trips, including a version-1 reader reading a version-2 message by the block length
 * in its header. Built and run by the codec module's Maven build; exits non-zero on failure.
 *
 * The byte-level golden vectors in schemas/golden/ are checked by the C interop tests.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io_ringway_codec_marketdata/executionReport.h"
#include "io_ringway_codec_marketdata/newOrderSingle.h"
#include "io_ringway_codec_marketdata_v1/newOrderSingle.h"

#define MD(name) io_ringway_codec_marketdata_##name
#define MD1(name) io_ringway_codec_marketdata_v1_##name

static int failures = 0;

#define CHECK(condition)                                                           \
    do                                                                             \
    {                                                                              \
        if (!(condition))                                                          \
        {                                                                          \
            fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #condition); \
            failures++;                                                            \
        }                                                                          \
    }                                                                              \
    while (0)

#define REQUIRE(pointer)                                                           \
    do                                                                             \
    {                                                                              \
        if ((pointer) == NULL)                                                     \
        {                                                                          \
            fprintf(stderr, "%s:%d: %s returned NULL: %s\n", __FILE__, __LINE__, #pointer, \
                sbe_strerror(errno));                                              \
            exit(1);                                                               \
        }                                                                          \
    }                                                                              \
    while (0)

static char buffer[1024];

static uint64_t encode_execution_report(void)
{
    struct MD(executionReport) report;
    struct MD(messageHeader) header;
    struct MD(executionReport_fills) fills;
    struct MD(price) price;
    struct MD(execFlags) exec_flags;
    const char symbol[12] = "ESZ5";
    const char *text = "filled in two";

    REQUIRE(MD(executionReport_wrap_and_apply_header)(&report, buffer, 0, sizeof(buffer), &header));
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
    REQUIRE(MD(executionReport_fills_next)(&fills));
    REQUIRE(MD(executionReport_fills_fillPrice)(&fills, &price));
    MD(price_set_mantissa)(&price, INT64_C(4512250000000));
    MD(executionReport_fills_set_fillQty)(&fills, 4);
    MD(executionReport_fills_set_tradeId)(&fills, 31);
    MD(executionReport_fills_set_liquidity)(&fills, MD(liquidity_MAKER));
    REQUIRE(MD(executionReport_fills_next)(&fills));
    REQUIRE(MD(executionReport_fills_fillPrice)(&fills, &price));
    MD(price_set_mantissa)(&price, INT64_C(4512500000000));
    MD(executionReport_fills_set_fillQty)(&fills, 6);
    MD(executionReport_fills_set_tradeId)(&fills, 32);
    MD(executionReport_fills_set_liquidity)(&fills, MD(liquidity_TAKER));
    REQUIRE(MD(executionReport_put_text)(&report, text, (uint16_t)strlen(text)));

    return MD(messageHeader_encoded_length)() + MD(executionReport_encoded_length)(&report);
}

static void check_execution_report(const uint64_t length)
{
    struct MD(messageHeader) header;
    struct MD(executionReport) report;
    struct MD(executionReport_fills) fills;
    struct MD(price) price;
    struct MD(execFlags) exec_flags;
    enum MD(execType) exec_type;
    enum MD(liquidity) liquidity;
    char symbol[13] = {0};
    char text[64] = {0};
    uint64_t text_length;

    REQUIRE(MD(messageHeader_wrap)(&header, buffer, 0, MD(messageHeader_sbe_schema_version)(), length));
    CHECK(MD(messageHeader_schemaId)(&header) == 1001);
    CHECK(MD(messageHeader_templateId)(&header) == MD(executionReport_sbe_template_id)());
    REQUIRE(MD(executionReport_wrap_for_decode)(
        &report, buffer, MD(messageHeader_encoded_length)(), MD(messageHeader_blockLength)(&header),
        MD(messageHeader_version)(&header), length));

    CHECK(MD(executionReport_orderId)(&report) == 900001);
    CHECK(MD(executionReport_securityId)(&report) == 5501);
    REQUIRE(MD(executionReport_get_symbol)(&report, symbol, 12));
    CHECK(strcmp(symbol, "ESZ5") == 0);
    CHECK(MD(executionReport_execType)(&report, &exec_type) && exec_type == MD(execType_TRADE));
    REQUIRE(MD(executionReport_execFlags)(&report, &exec_flags));
    CHECK(MD(execFlags_lastFill)(&exec_flags) && MD(execFlags_dropCopy)(&exec_flags));
    CHECK(!MD(execFlags_aggressor)(&exec_flags));

    REQUIRE(MD(executionReport_get_fills)(&report, &fills));
    CHECK(MD(executionReport_fills_count)(&fills) == 2);
    REQUIRE(MD(executionReport_fills_next)(&fills));
    REQUIRE(MD(executionReport_fills_fillPrice)(&fills, &price));
    CHECK(MD(price_mantissa)(&price) == INT64_C(4512250000000));
    CHECK(MD(price_exponent)() == -9);
    CHECK(MD(executionReport_fills_fillQty)(&fills) == 4);
    REQUIRE(MD(executionReport_fills_next)(&fills));
    CHECK(MD(executionReport_fills_tradeId)(&fills) == 32);
    CHECK(MD(executionReport_fills_liquidity)(&fills, &liquidity) && liquidity == MD(liquidity_TAKER));
    CHECK(!MD(executionReport_fills_has_next)(&fills));

    text_length = MD(executionReport_get_text)(&report, text, sizeof(text) - 1);
    CHECK(text_length == strlen("filled in two"));
    CHECK(strcmp(text, "filled in two") == 0);
    CHECK(MD(messageHeader_encoded_length)() + MD(executionReport_encoded_length)(&report) == length);
}

static uint64_t encode_new_order_v2(void)
{
    struct MD(newOrderSingle) order;
    struct MD(messageHeader) header;
    struct MD(optionalPrice) price;
    struct MD(orderFlags) flags;

    REQUIRE(MD(newOrderSingle_wrap_and_apply_header)(&order, buffer, 0, sizeof(buffer), &header));
    MD(newOrderSingle_set_clOrdId)(&order, 43);
    MD(newOrderSingle_set_securityId)(&order, 5501);
    MD(newOrderSingle_set_side)(&order, MD(side_SELL));
    MD(newOrderSingle_set_ordType)(&order, MD(ordType_MARKET));
    MD(newOrderSingle_set_timeInForce)(&order, MD(timeInForce_IMMEDIATE_OR_CANCEL));
    REQUIRE(MD(newOrderSingle_flags)(&order, &flags));
    MD(orderFlags_clear)(&flags);
    REQUIRE(MD(newOrderSingle_price)(&order, &price));
    MD(optionalPrice_set_mantissa)(&price, MD(optionalPrice_mantissa_null_value)());
    REQUIRE(MD(newOrderSingle_stopPrice)(&order, &price));
    MD(optionalPrice_set_mantissa)(&price, MD(optionalPrice_mantissa_null_value)());
    MD(newOrderSingle_set_orderQty)(&order, 3);
    MD(newOrderSingle_set_minQty)(&order, MD(newOrderSingle_minQty_null_value)());
    MD(newOrderSingle_set_expireTimeNs)(&order, MD(newOrderSingle_expireTimeNs_null_value)());
    MD(newOrderSingle_set_transactTimeNs)(&order, INT64_C(1700000000223456789));
    MD(newOrderSingle_set_selfMatchPreventionId)(&order, 77);
    REQUIRE(MD(newOrderSingle_put_account)(&order, "ACC-7", 5));

    return MD(messageHeader_encoded_length)() + MD(newOrderSingle_encoded_length)(&order);
}

static void check_new_order_read_by_v1(const uint64_t length)
{
    struct MD1(messageHeader) header;
    struct MD1(newOrderSingle) order;
    struct MD1(optionalPrice) price;
    char account[16] = {0};

    REQUIRE(MD1(messageHeader_wrap)(&header, buffer, 0, MD1(messageHeader_sbe_schema_version)(), length));
    CHECK(MD1(messageHeader_version)(&header) == 2);
    CHECK(MD1(messageHeader_blockLength)(&header) > MD1(newOrderSingle_sbe_block_length)());
    REQUIRE(MD1(newOrderSingle_wrap_for_decode)(
        &order, buffer, MD1(messageHeader_encoded_length)(), MD1(messageHeader_blockLength)(&header),
        MD1(messageHeader_version)(&header), length));

    CHECK(MD1(newOrderSingle_clOrdId)(&order) == 43);
    CHECK(MD1(newOrderSingle_orderQty)(&order) == 3);
    REQUIRE(MD1(newOrderSingle_price)(&order, &price));
    CHECK(MD1(optionalPrice_mantissa)(&price) == MD1(optionalPrice_mantissa_null_value)());
    CHECK(MD1(newOrderSingle_minQty)(&order) == MD1(newOrderSingle_minQty_null_value)());
    CHECK(MD1(newOrderSingle_transactTimeNs)(&order) == INT64_C(1700000000223456789));
    /* the account follows the version-2 field the v1 reader does not know: found by blockLength */
    CHECK(MD1(newOrderSingle_get_account)(&order, account, sizeof(account) - 1) == 5);
    CHECK(strcmp(account, "ACC-7") == 0);
}

int main(void)
{
    uint64_t length = encode_execution_report();
    check_execution_report(length);

    length = encode_new_order_v2();
    check_new_order_read_by_v1(length);

    if (failures != 0)
    {
        fprintf(stderr, "codec_test: %d check(s) failed\n", failures);
        return 1;
    }
    printf("codec_test: generated C codecs OK\n");
    return 0;
}
