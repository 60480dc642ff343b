package io.ringway.bench.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The measurements of one row across the interleaved rounds: per round, named values (percentiles, rates) or the
 * error that round met. Medians across rounds are what the report shows; ratios are taken per round, between rows
 * measured in the same round, and their median reported.
 */
final class Series
{
    private final String name;
    private final Contender.Kind kind;
    private final String topology;
    private final String pending;
    private final List<Map<String, Double>> rounds = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();

    Series(final String name, final Contender.Kind kind, final String topology, final String pending)
    {
        this.name = name;
        this.kind = kind;
        this.topology = topology;
        this.pending = pending;
    }

    void add(final Map<String, Double> values)
    {
        rounds.add(values);
        errors.add(null);
    }

    void fail(final String error)
    {
        rounds.add(null);
        errors.add(error);
    }

    String name()
    {
        return name;
    }

    Contender.Kind kind()
    {
        return kind;
    }

    String topology()
    {
        return topology;
    }

    String pending()
    {
        return pending;
    }

    int roundCount()
    {
        return rounds.size();
    }

    int measuredRounds()
    {
        return (int)rounds.stream().filter(r -> r != null).count();
    }

    List<String> errors()
    {
        return errors.stream().filter(e -> e != null).toList();
    }

    /**
     * @param round a round index.
     * @param key   a value name.
     * @return the value measured in that round, or NaN when the round failed or the row was not run in it.
     */
    double value(final int round, final String key)
    {
        if (round >= rounds.size() || rounds.get(round) == null)
        {
            return Double.NaN;
        }
        return rounds.get(round).getOrDefault(key, Double.NaN);
    }

    OptionalDouble median(final String key)
    {
        final double[] values = new double[rounds.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = value(i, key);
        }
        return median(values);
    }

    /**
     * @return the lowest value across rounds: the figure of the calmest round, on a machine whose noise only adds.
     */
    OptionalDouble min(final String key)
    {
        double lowest = Double.NaN;
        for (int i = 0; i < rounds.size(); i++)
        {
            final double value = value(i, key);
            if (!Double.isNaN(value) && (Double.isNaN(lowest) || value < lowest))
            {
                lowest = value;
            }
        }
        return Double.isNaN(lowest) ? OptionalDouble.empty() : OptionalDouble.of(lowest);
    }

    /**
     * @return the median of the values that are not NaN, or empty when there are none.
     */
    static OptionalDouble median(final double[] values)
    {
        final double[] present = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        if (present.length == 0)
        {
            return OptionalDouble.empty();
        }
        final int middle = present.length / 2;
        return OptionalDouble.of(
            present.length % 2 == 1 ? present[middle] : (present[middle - 1] + present[middle]) / 2);
    }

    /**
     * @return the median across rounds of this row's value divided by the other row's value in the same round.
     */
    OptionalDouble medianRatio(final String key, final Series other)
    {
        return median(roundRatios(key, other));
    }

    /**
     * @return per round, this row's value divided by the other row's value in the same round (the rounds both have).
     */
    double[] roundRatios(final String key, final Series other)
    {
        final int count = Math.min(rounds.size(), other.rounds.size());
        final double[] ratios = new double[count];
        for (int i = 0; i < count; i++)
        {
            ratios[i] = value(i, key) / other.value(i, key);
        }
        return ratios;
    }

    /**
     * @return the median across rounds of this row's value minus the other row's value in the same round.
     */
    OptionalDouble medianDifference(final String key, final Series other)
    {
        final int count = Math.min(rounds.size(), other.rounds.size());
        final double[] differences = new double[count];
        for (int i = 0; i < count; i++)
        {
            differences[i] = value(i, key) - other.value(i, key);
        }
        return median(differences);
    }

    Map<String, Object> toJson()
    {
        final Map<String, Object> json = new LinkedHashMap<>();
        json.put("name", name);
        json.put("kind", kind.name());
        json.put("topology", topology);
        if (pending != null)
        {
            json.put("notMeasuredYet", pending);
            return json;
        }
        final List<Object> roundList = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++)
        {
            final Map<String, Object> round = new LinkedHashMap<>();
            round.put("round", i + 1);
            if (rounds.get(i) != null)
            {
                round.putAll(rounds.get(i));
            }
            else
            {
                round.put("error", errors.get(i));
            }
            roundList.add(round);
        }
        json.put("rounds", roundList);
        return json;
    }
}
