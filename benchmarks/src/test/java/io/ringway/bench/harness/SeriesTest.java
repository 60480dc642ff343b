package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesTest
{
    private static Series series(final double... p50s)
    {
        final Series series = new Series("row", Contender.Kind.RINGWAY, "topology", null);
        for (final double p50 : p50s)
        {
            if (Double.isNaN(p50))
            {
                series.fail("round failed");
            }
            else
            {
                series.add(Map.of("p50", p50));
            }
        }
        return series;
    }

    @Test
    void shouldTakeTheMiddleValueAsMedianOfAnOddNumberOfRounds()
    {
        assertEquals(200.0, series(500, 100, 200).median("p50").getAsDouble());
    }

    @Test
    void shouldAverageTheTwoMiddleValuesAsMedianOfAnEvenNumberOfRounds()
    {
        assertEquals(250.0, series(100, 200, 300, 900).median("p50").getAsDouble());
    }

    @Test
    void shouldLeaveFailedRoundsOutOfTheMedian()
    {
        final Series series = series(100, Double.NaN, 300);
        assertEquals(200.0, series.median("p50").getAsDouble());
        assertEquals(2, series.measuredRounds());
        assertEquals(1, series.errors().size());
    }

    @Test
    void shouldHaveNoMedianWhenEveryRoundFailed()
    {
        assertTrue(series(Double.NaN, Double.NaN).median("p50").isEmpty());
    }

    @Test
    void shouldTakeRatiosWithinEachRoundBeforeTheMedian()
    {
        // a noisy machine: round 2 is slow for both rows; the per-round ratio is 2 in every round
        final Series ringway = series(200, 1000, 300);
        final Series floor = series(100, 500, 150);
        assertEquals(2.0, ringway.medianRatio("p50", floor).getAsDouble(), 1e-9);
        // while the ratio of the medians would differ: 300 / 150 = 2 here by chance, so check a skewed case too
        final Series skewed = series(100, 1000, 100);
        final Series base = series(100, 100, 1000);
        assertEquals(1.0, skewed.medianRatio("p50", base).getAsDouble(), 1e-9);
    }
}
