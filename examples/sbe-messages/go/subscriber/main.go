// Terminal 1 (Go): receives count market data updates (MarketDataIncrementalRefresh of schemas/market-data.xml) and
// prints each one exactly as the Java MarketDataSubscriber does. Each record's SBE header is checked (schema id,
// template id equal to the record type id, block inside the record), then the Go codec generated from the same
// schema decodes the body with the block length and version the publisher wrote.
//
// Usage: subscriber [channel file [count]]   (defaults: /dev/shm/sbe-market-data.ringway, 10)
package main

import (
	"bytes"
	"errors"
	"fmt"
	"math/big"
	"os"
	"reflect"
	"runtime"
	"strconv"
	"strings"
	"time"

	ringway "github.com/ringway-io/ringway/go-interop"
	md "io.ringway/codec/io_ringway_codec_marketdata"
)

const capacity = 1 << 16

// creationWait bounds how long a process waits for another one that is creating the channel file.
const creationWait = 10 * time.Second

func main() {
	path, err := ringway.PathFor("sbe-market-data")
	if err != nil {
		path = "sbe-market-data.ringway"
	}
	count := 10
	if len(os.Args) > 1 {
		path = os.Args[1]
	}
	if len(os.Args) > 2 {
		if count, err = strconv.Atoi(os.Args[2]); err != nil {
			fmt.Fprintf(os.Stderr, "usage: %s [channel file [count]]\n", os.Args[0])
			os.Exit(2)
		}
	}
	if err := subscribe(path, count); err != nil {
		fmt.Fprintf(os.Stderr, "subscriber: %v\n", err)
		os.Exit(1)
	}
}

// openOrCreate opens the channel or creates it recording the schema, as the Java MarketDataFeed.openChannel does,
// and refuses a channel created for another schema (LAYOUT 13).
func openOrCreate(path string) (*ringway.Channel, error) {
	var refresh md.MarketDataIncrementalRefresh
	id, version := int32(refresh.SbeSchemaId()), int32(refresh.SbeSchemaVersion())
	deadline := time.Now().Add(creationWait)
	for {
		channel, err := ringway.Create(path, ringway.CreateOptions{Kind: ringway.SPSC, Capacity: capacity,
			SchemaID: id, SchemaVersion: version})
		if errors.Is(err, ringway.ErrFileExists) {
			channel, err = ringway.Open(path, ringway.OpenOptions{})
			if (errors.Is(err, ringway.ErrNotInitialised) || errors.Is(err, ringway.ErrFileNotFound)) &&
				time.Now().Before(deadline) {
				time.Sleep(time.Millisecond) // another process is between create and its release of layoutVersion
				continue
			}
		}
		if err != nil {
			return nil, err
		}
		if found := channel.SchemaID(); found != 0 && found != id {
			channel.Close()
			return nil, fmt.Errorf("channel carries another SBE schema: file=%s field=schemaId found=%d expected=%d",
				path, found, id)
		}
		return channel, nil
	}
}

func subscribe(path string, count int) error {
	channel, err := openOrCreate(path)
	if err != nil {
		return err
	}
	defer channel.Close()
	consumer, err := channel.Consumer()
	if err != nil {
		return err
	}
	defer consumer.Close()
	fmt.Printf("subscriber: waiting for %d market data updates on %s\n", count, path)

	marshaller := md.NewSbeGoMarshaller()
	received := 0
	var failure error
	for received < count && failure == nil {
		n, err := consumer.Poll(func(typeID int32, body []byte) {
			if failure != nil {
				return
			}
			line, err := describe(marshaller, typeID, body, received+1)
			if err != nil {
				failure = err
				return
			}
			if line != "" {
				received++
				fmt.Println(line)
			}
		}, 16)
		if err != nil {
			return err
		}
		if n == 0 {
			runtime.Gosched()
		}
	}
	if failure != nil {
		return failure
	}
	fmt.Printf("subscriber: received %d market data updates (schema %d version %d)\n", count, channel.SchemaID(),
		channel.SchemaVersion())
	return nil
}

// describe checks the SBE header of one record and prints a MarketDataIncrementalRefresh; other messages of the
// schema are skipped ("" and no error).
func describe(m *md.SbeGoMarshaller, typeID int32, body []byte, number int) (string, error) {
	var refresh md.MarketDataIncrementalRefresh
	var header md.MessageHeader
	const headerLength = 8
	reader := bytes.NewReader(body)
	if len(body) < headerLength {
		return "", fmt.Errorf("record shorter than the SBE header: field=length found=%d expected=>=%d", len(body),
			headerLength)
	}
	if err := header.Decode(m, reader, 0); err != nil {
		return "", err
	}
	switch {
	case header.SchemaId != refresh.SbeSchemaId():
		return "", fmt.Errorf("message from another SBE schema: field=schemaId found=%d expected=%d",
			header.SchemaId, refresh.SbeSchemaId())
	case int32(header.TemplateId) != typeID:
		return "", fmt.Errorf("SBE template id differs from the record type id: field=templateId found=%d "+
			"expected=%d", header.TemplateId, typeID)
	case len(body) < headerLength+int(header.BlockLength):
		return "", fmt.Errorf("record shorter than its SBE block: field=blockLength found=%d expected=<=%d",
			header.BlockLength, len(body)-headerLength)
	case header.TemplateId != refresh.SbeTemplateId():
		fmt.Printf("subscriber: skipping message templateId=%d\n", header.TemplateId)
		return "", nil
	}
	if err := refresh.Decode(m, reader, header.Version, header.BlockLength, true); err != nil {
		return "", err
	}
	var line strings.Builder
	fmt.Fprintf(&line, "update %d (schema version %d):", number, header.Version)
	for _, entry := range refresh.Entries {
		fmt.Fprintf(&line, " %s securityId=%d size=%d price=%s", name(md.MDEntryType, entry.EntryType),
			entry.SecurityId, entry.Size, price(entry.Price))
		if entry.NumberOfOrders != entry.NumberOfOrdersNullValue() {
			fmt.Fprintf(&line, " orders=%d", entry.NumberOfOrders)
		}
		if entry.AggressorSide != md.Side.NullValue {
			fmt.Fprintf(&line, " aggressor=%s", name(md.Side, entry.AggressorSide))
		}
		line.WriteByte(';')
	}
	return line.String(), nil
}

// name is an enum value's name in the schema: SbeTool keeps the values in a struct (md.Side is SideValues{BUY,
// SELL, NullValue}) whose field names are the schema's.
func name(values any, value any) string {
	v := reflect.ValueOf(values)
	for i := range v.NumField() {
		if v.Field(i).Interface() == value {
			return v.Type().Field(i).Name
		}
	}
	return fmt.Sprint(value)
}

// price prints mantissa * 10^exponent without trailing zeros, as Java's BigDecimal.stripTrailingZeros does.
func price(p md.Price) string {
	value := new(big.Rat).SetFrac(big.NewInt(p.Mantissa), new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(-p.Exponent)), nil))
	text := value.FloatString(int(-p.Exponent))
	if strings.Contains(text, ".") {
		text = strings.TrimRight(strings.TrimRight(text, "0"), ".")
	}
	return text
}
