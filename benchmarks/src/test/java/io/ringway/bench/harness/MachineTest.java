package io.ringway.bench.harness;

import org.junit.jupiter.api.Test;

import java.util.PrimitiveIterator;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MachineTest
{
    private static String clockStepsOf(final long... readings)
    {
        final PrimitiveIterator.OfLong clock = LongStream.of(readings).iterator();
        return Machine.clockSteps(clock::nextLong, readings.length);
    }

    @Test
    void shouldNameTheMostFrequentDifferencesOfConsecutiveReadsWithTheirShares()
    {
        assertEquals("consecutive System.nanoTime() reads (CLOCK_MONOTONIC, which every row times with) differ by " +
            "20 ns (50.0 %), 10 ns (25.0 %), 30 ns (25.0 %)", clockStepsOf(0, 20, 40, 50, 80));
    }

    @Test
    void shouldNameAtMostFourDifferencesAndSayWhenThereAreMore()
    {
        assertEquals("consecutive System.nanoTime() reads (CLOCK_MONOTONIC, which every row times with) differ by " +
            "1 ns (20.0 %), 2 ns (20.0 %), 3 ns (20.0 %), 4 ns (20.0 %), ...", clockStepsOf(0, 1, 3, 6, 10, 15));
    }
}
