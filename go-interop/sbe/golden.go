package sbeinterop

import (
	"bytes"
	"math"

	md "io.ringway/codec/io_ringway_codec_marketdata"
	v1 "io.ringway/codec/io_ringway_codec_marketdata_v1"
)

// The canonical messages of schemas/golden, built in Go as codec/src/test/java/io/ringway/codec/GoldenMessages.java
// builds them in Java. Each returns the encoded body, SBE header first.

func encodeV2(templateID uint16, blockLength uint16, encode func(*md.SbeGoMarshaller, *bytes.Buffer) error) ([]byte, error) {
	m := md.NewSbeGoMarshaller()
	var buffer bytes.Buffer
	h := md.MessageHeader{BlockLength: blockLength, TemplateId: templateID, SchemaId: SchemaID, Version: 2}
	if err := h.Encode(m, &buffer); err != nil {
		return nil, err
	}
	if err := encode(m, &buffer); err != nil {
		return nil, err
	}
	return buffer.Bytes(), nil
}

// ExecutionReportWithFills is golden vector execution-report-fills.
func ExecutionReportWithFills() ([]byte, error) {
	r := md.ExecutionReport{
		OrderId: 900_001, ClOrdId: 42, ExecId: 7, SecurityId: 5501,
		ExecType: md.ExecType.TRADE, OrdStatus: md.OrdStatus.FILLED, Side: md.Side.BUY,
		CumQty: 10, LeavesQty: 0, TransactTimeNs: 1_700_000_000_123_456_789,
		Fills: []md.ExecutionReportFills{
			{FillPrice: md.Price{Mantissa: 4_512_250_000_000}, FillQty: 4, TradeId: 31, Liquidity: md.Liquidity.MAKER},
			{FillPrice: md.Price{Mantissa: 4_512_500_000_000}, FillQty: 6, TradeId: 32, Liquidity: md.Liquidity.TAKER},
		},
		Text: []byte("filled in two — 4 then 6"),
	}
	copy(r.Symbol[:], "ESZ5")
	r.ExecFlags[md.ExecFlagsChoice.LastFill] = true
	r.ExecFlags[md.ExecFlagsChoice.DropCopy] = true
	return encodeV2(r.SbeTemplateId(), r.SbeBlockLength(), func(m *md.SbeGoMarshaller, b *bytes.Buffer) error {
		return r.Encode(m, b, charArrayRangeCheck)
	})
}

// charArrayRangeCheck is the doRangeCheck for messages with a fixed-length char array (ExecutionReport.symbol):
// SbeTool's Go range check refuses the NUL bytes that pad a short value ("ESZ5" in 12 chars), which Java and C
// write and the golden vectors hold, so those messages are encoded and decoded without it.
const charArrayRangeCheck = false

// MarketOrderWithNulls is golden vector new-order-market-nulls.
func MarketOrderWithNulls() ([]byte, error) {
	o := md.NewOrderSingle{
		ClOrdId: 43, SecurityId: 5501, Side: md.Side.SELL, OrdType: md.OrdType.MARKET,
		TimeInForce: md.TimeInForce.IMMEDIATE_OR_CANCEL, OrderQty: 3,
		Price:     md.OptionalPrice{Mantissa: math.MinInt64},
		StopPrice: md.OptionalPrice{Mantissa: math.MinInt64},
		MinQty:    (*md.NewOrderSingle)(nil).MinQtyNullValue(), ExpireTimeNs: (*md.NewOrderSingle)(nil).ExpireTimeNsNullValue(),
		TransactTimeNs:        1_700_000_000_223_456_789,
		SelfMatchPreventionId: (*md.NewOrderSingle)(nil).SelfMatchPreventionIdNullValue(),
		Account:               []byte{},
	}
	return encodeV2(o.SbeTemplateId(), o.SbeBlockLength(), func(m *md.SbeGoMarshaller, b *bytes.Buffer) error {
		return o.Encode(m, b, true)
	})
}

// LimitOrderV2 is golden vector new-order-limit-v2.
func LimitOrderV2() ([]byte, error) {
	o := md.NewOrderSingle{
		ClOrdId: 44, SecurityId: 5501, Side: md.Side.BUY, OrdType: md.OrdType.LIMIT,
		TimeInForce: md.TimeInForce.GOOD_TILL_DATE, OrderQty: 25,
		Price:     md.OptionalPrice{Mantissa: 4_511_750_000_000},
		StopPrice: md.OptionalPrice{Mantissa: math.MinInt64},
		MinQty:    5, ExpireTimeNs: 1_700_086_400_000_000_000, TransactTimeNs: 1_700_000_000_323_456_789,
		SelfMatchPreventionId: 77,
		Account:               []byte("ACC-7"),
	}
	o.Flags[md.OrderFlagsChoice.PostOnly] = true
	o.Flags[md.OrderFlagsChoice.Hidden] = true
	return encodeV2(o.SbeTemplateId(), o.SbeBlockLength(), func(m *md.SbeGoMarshaller, b *bytes.Buffer) error {
		return o.Encode(m, b, true)
	})
}

// LimitOrderV1 is golden vector new-order-limit-v1: the same order written by the version-1 codec.
func LimitOrderV1() ([]byte, error) {
	o := v1.NewOrderSingle{
		ClOrdId: 44, SecurityId: 5501, Side: v1.Side.BUY, OrdType: v1.OrdType.LIMIT,
		TimeInForce: v1.TimeInForce.GOOD_TILL_DATE, OrderQty: 25,
		Price:     v1.OptionalPrice{Mantissa: 4_511_750_000_000},
		StopPrice: v1.OptionalPrice{Mantissa: math.MinInt64},
		MinQty:    5, ExpireTimeNs: 1_700_086_400_000_000_000, TransactTimeNs: 1_700_000_000_323_456_789,
		Account: []byte("ACC-7"),
	}
	o.Flags[v1.OrderFlagsChoice.PostOnly] = true
	o.Flags[v1.OrderFlagsChoice.Hidden] = true
	m := v1.NewSbeGoMarshaller()
	var buffer bytes.Buffer
	h := v1.MessageHeader{BlockLength: o.SbeBlockLength(), TemplateId: o.SbeTemplateId(), SchemaId: SchemaID,
		Version: o.SbeSchemaVersion()}
	if err := h.Encode(m, &buffer); err != nil {
		return nil, err
	}
	if err := o.Encode(m, &buffer, true); err != nil {
		return nil, err
	}
	return buffer.Bytes(), nil
}

// MarketDataRefresh is golden vector market-data-refresh.
func MarketDataRefresh() ([]byte, error) {
	r := md.MarketDataIncrementalRefresh{
		TransactTimeNs: 1_700_000_000_423_456_789,
		Entries: []md.MarketDataIncrementalRefreshEntries{
			{SecurityId: 5501, RptSeq: 1001, EntryType: md.MDEntryType.TRADE, UpdateAction: md.MDUpdateAction.NEW,
				PriceLevel: 0, Price: md.Price{Mantissa: 4_512_000_000_000}, Size: 2,
				NumberOfOrders: math.MaxUint32, AggressorSide: md.Side.SELL},
			{SecurityId: 5501, RptSeq: 1002, EntryType: md.MDEntryType.BID, UpdateAction: md.MDUpdateAction.CHANGE,
				PriceLevel: 1, Price: md.Price{Mantissa: 4_512_000_000_000}, Size: 48,
				NumberOfOrders: 9, AggressorSide: md.Side.NullValue},
			{SecurityId: 5501, RptSeq: 1003, EntryType: md.MDEntryType.OFFER, UpdateAction: md.MDUpdateAction.DELETE,
				PriceLevel: 3, Price: md.Price{Mantissa: 4_513_250_000_000}, Size: 0,
				NumberOfOrders: 0, AggressorSide: md.Side.NullValue},
		},
	}
	r.MatchEventIndicator[md.MatchEventIndicatorChoice.LastTradeMsg] = true
	r.MatchEventIndicator[md.MatchEventIndicatorChoice.LastQuoteMsg] = true
	r.MatchEventIndicator[md.MatchEventIndicatorChoice.EndOfEvent] = true
	return encodeV2(r.SbeTemplateId(), r.SbeBlockLength(), func(m *md.SbeGoMarshaller, b *bytes.Buffer) error {
		return r.Encode(m, b, true)
	})
}

// GoldenVectors maps each vector's name in schemas/golden to its Go encoder.
var GoldenVectors = map[string]func() ([]byte, error){
	"execution-report-fills": ExecutionReportWithFills,
	"new-order-market-nulls": MarketOrderWithNulls,
	"new-order-limit-v2":     LimitOrderV2,
	"new-order-limit-v1":     LimitOrderV1,
	"market-data-refresh":    MarketDataRefresh,
}
