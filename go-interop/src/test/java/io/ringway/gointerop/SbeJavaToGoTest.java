package io.ringway.gointerop;

import io.ringway.Channel;
import io.ringway.ChannelConfig;
import io.ringway.codec.SbeProducer;
import io.ringway.codec.marketdata.ExecType;
import io.ringway.codec.marketdata.ExecutionReportEncoder;
import io.ringway.codec.marketdata.Liquidity;
import io.ringway.codec.marketdata.NewOrderSingleEncoder;
import io.ringway.codec.marketdata.OrdStatus;
import io.ringway.codec.marketdata.OrdType;
import io.ringway.codec.marketdata.OptionalPriceEncoder;
import io.ringway.codec.marketdata.Side;
import io.ringway.codec.marketdata.TimeInForce;
import io.ringway.testing.ChildProcess;
import io.ringway.testing.TempChannelDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.ringway.gointerop.GoPrograms.GO_SBE_CONSUMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Java encodes SBE messages in place in the ring (SbeProducer and the Java codecs generated from schemas/), and a Go
 * process (go-interop/sbe/cmd/sbe_consumer, with the Go codecs generated from the same schema) decodes each and prints
 * its values as a listing; every value must be the one Java wrote. The Go encoding of the golden vectors, byte for
 * byte, is checked by go-interop/sbe/golden_test.go in the Go suite.
 */
class SbeJavaToGoTest
{
    private static final int ORDERS = 2_000;
    private static final int REPORT_EVERY = 50;
    private static final long TIMEOUT_SECONDS = 120;

    @RegisterExtension
    final TempChannelDirectory directory = new TempChannelDirectory("go-sbe");

    @Test
    void goShouldDecodeEverySbeMessageJavaEncodesWithTheValuesJavaWrote() throws Exception
    {
        final Path path = directory.resolve("sbe.ringway");
        Channel.create(path, ChannelConfig.spsc(1 << 16)).close();
        final int reports = ORDERS / REPORT_EVERY;
        final int messages = ORDERS + reports;
        final Path output = directory.resolve("go.out");
        final Process consumer = GoPrograms.builder(GoPrograms.goProgram(GO_SBE_CONSUMER), path, messages,
            TIMEOUT_SECONDS).redirectOutput(output.toFile()).start();

        final List<List<String>> expected = new ArrayList<>();
        try (Channel channel = Channel.open(path))
        {
            final SbeProducer sbe = new SbeProducer(channel.producer());
            final NewOrderSingleEncoder order = new NewOrderSingleEncoder();
            final ExecutionReportEncoder report = new ExecutionReportEncoder();
            for (int i = 0; i < ORDERS; i++)
            {
                expected.add(sendOrder(sbe, order, i));
                if (i % REPORT_EVERY == REPORT_EVERY - 1)
                {
                    expected.add(sendReport(sbe, report, i));
                }
            }
        }

        final int exitCode = ChildProcess.waitFor(consumer, TIMEOUT_SECONDS);
        final String text = Files.readString(output);
        assertEquals(0, exitCode, "Go SBE consumer exit code; output ends: " + tail(text));
        final String[] blocks = text.split("---\n");
        assertEquals(messages + 1, blocks.length, "one block per message, then DONE");
        for (int i = 0; i < messages; i++)
        {
            final List<String> lines = List.of(blocks[i].strip().split("\n"));
            for (final String line : expected.get(i))
            {
                assertTrue(lines.contains(line), "message " + i + ": Go did not decode '" + line + "':\n" + blocks[i]);
            }
        }
        assertEquals("DONE: messages=" + messages, blocks[messages].strip());
    }

    private static List<String> sendOrder(final SbeProducer sbe, final NewOrderSingleEncoder order, final int i)
    {
        final String account = "ACC-" + i;
        final int length = NewOrderSingleEncoder.BLOCK_LENGTH + NewOrderSingleEncoder.accountHeaderLength() +
            account.length();
        NewOrderSingleEncoder claimed;
        while ((claimed = sbe.tryClaim(order, length)) == null)
        {
            Thread.onSpinWait();
        }
        final boolean market = i % 3 == 0;
        claimed.clOrdId(1_000_000L + i)
            .securityId(5501 + i % 7)
            .side(i % 2 == 0 ? Side.BUY : Side.SELL)
            .ordType(market ? OrdType.MARKET : OrdType.LIMIT)
            .timeInForce(TimeInForce.DAY)
            .orderQty(i + 1)
            .minQty(NewOrderSingleEncoder.minQtyNullValue())
            .expireTimeNs(NewOrderSingleEncoder.expireTimeNsNullValue())
            .transactTimeNs(1_700_000_000_000_000_000L + i)
            .selfMatchPreventionId(i % 5 == 0 ? NewOrderSingleEncoder.selfMatchPreventionIdNullValue() : i);
        claimed.flags().clear().postOnly(i % 4 == 1).hidden(i % 4 == 2);
        claimed.price().mantissa(market ? OptionalPriceEncoder.mantissaNullValue() : 4_500_000_000_000L + i);
        claimed.stopPrice().mantissa(OptionalPriceEncoder.mantissaNullValue());
        claimed.account(account);
        sbe.commit();
        return List.of(
            "header.templateId = 2",
            "header.version = 2",
            "clOrdId = " + (1_000_000L + i),
            "securityId = " + (5501 + i % 7),
            "side = " + (i % 2 == 0 ? "BUY" : "SELL"),
            "ordType = " + (market ? "MARKET" : "LIMIT"),
            "timeInForce = DAY",
            "flags = " + (i % 4 == 1 ? "[postOnly]" : i % 4 == 2 ? "[hidden]" : "[]"),
            "orderQty = " + (i + 1),
            "price.mantissa = " + (market ? "null" : Long.toString(4_500_000_000_000L + i)),
            "stopPrice.mantissa = null",
            "minQty = null",
            "expireTimeNs = null",
            "transactTimeNs = " + (1_700_000_000_000_000_000L + i),
            "selfMatchPreventionId = " + (i % 5 == 0 ? "null" : Integer.toString(i)),
            "account = \"" + account + "\"");
    }

    private static List<String> sendReport(final SbeProducer sbe, final ExecutionReportEncoder report, final int i)
    {
        final String text = "fills for order " + i + " — ok";
        final int textLength = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        final int length = ExecutionReportEncoder.BLOCK_LENGTH +
            ExecutionReportEncoder.FillsEncoder.sbeHeaderSize() + 2 * ExecutionReportEncoder.FillsEncoder.sbeBlockLength() +
            ExecutionReportEncoder.textHeaderLength() + textLength;
        ExecutionReportEncoder claimed;
        while ((claimed = sbe.tryClaim(report, length)) == null)
        {
            Thread.onSpinWait();
        }
        claimed.orderId(900_000L + i)
            .clOrdId(1_000_000L + i)
            .execId(i)
            .securityId(5501)
            .symbol("ES" + i % 10)
            .execType(ExecType.TRADE)
            .ordStatus(OrdStatus.FILLED)
            .side(Side.BUY)
            .cumQty(i + 1)
            .leavesQty(0)
            .transactTimeNs(1_700_000_000_500_000_000L + i);
        claimed.execFlags().clear().lastFill(true);
        final ExecutionReportEncoder.FillsEncoder fills = claimed.fillsCount(2);
        fills.next().fillQty(1).tradeId(2L * i).liquidity(Liquidity.MAKER).fillPrice().mantissa(4_500_000_000_000L);
        fills.next().fillQty(i).tradeId(2L * i + 1).liquidity(Liquidity.TAKER).fillPrice().mantissa(4_500_250_000_000L);
        claimed.text(text);
        sbe.commit();
        return List.of(
            "header.templateId = 3",
            "orderId = " + (900_000L + i),
            "clOrdId = " + (1_000_000L + i),
            "execId = " + i,
            "symbol = \"ES" + i % 10 + "\"",
            "execType = TRADE",
            "ordStatus = FILLED",
            "execFlags = [lastFill]",
            "cumQty = " + (i + 1),
            "fills.count = 2",
            "fills[0].fillQty = 1",
            "fills[0].tradeId = " + 2L * i,
            "fills[0].liquidity = MAKER",
            "fills[1].fillPrice.mantissa = 4500250000000",
            "fills[1].fillQty = " + i,
            "fills[1].tradeId = " + (2L * i + 1),
            "fills[1].liquidity = TAKER",
            "text = \"" + text + "\"");
    }

    private static String tail(final String text)
    {
        return text.length() <= 2000 ? text : text.substring(text.length() - 2000);
    }
}
