package io.ringway.bench.harness;

import java.util.List;
import java.util.Locale;

/**
 * Draws the latency-percentile plot as SVG: one line per row, percentile on a log scale of 1 / (1 - p) (50%, 90%,
 * 99%, ... as equal steps, the classic HdrHistogram percentile plot), latency on a log scale. Our own because an SVG
 * of a few polylines is a page of code, while the Java plotting libraries that write SVG or PNG pull in AWT
 * rendering stacks far larger than this module.
 */
final class SvgPlot
{
    private static final int WIDTH = 980;
    private static final int HEIGHT = 560;
    private static final int LEFT = 80;
    private static final int RIGHT = 300;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    /** x position of the "max" column, one step past 99.99% (which sits at 4). */
    private static final double MAX_X = 5;
    private static final String[] COLOURS = {
        "#000000", "#7f7f7f", "#d62728", "#ff7f0e", "#e377c2", "#2ca02c", "#1f77b4", "#9467bd", "#8c564b", "#17becf",
        "#bcbd22", "#393b79"};

    /** One line: a name, how it is drawn, and its latency in ns at each of the percentiles, then max. */
    record Line(String name, Contender.Kind kind, double[] valuesNs)
    {
    }

    private SvgPlot()
    {
    }

    static String draw(final String title, final double[] percentiles, final List<Line> lines)
    {
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        for (final Line line : lines)
        {
            for (final double value : line.valuesNs())
            {
                if (value > 0)
                {
                    lowest = Math.min(lowest, value);
                    highest = Math.max(highest, value);
                }
            }
        }
        if (highest == 0)
        {
            lowest = 10;
            highest = 1000;
        }
        final int minDecade = (int)Math.floor(Math.log10(lowest));
        final int maxDecade = (int)Math.ceil(Math.log10(highest));
        final double plotWidth = WIDTH - LEFT - RIGHT;
        final double plotHeight = HEIGHT - TOP - BOTTOM;
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" " +
            "font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%d\" y=\"24\" font-size=\"15\" font-weight=\"bold\">%s</text>%n", LEFT, escape(title)));
        for (int decade = minDecade; decade <= maxDecade; decade++)
        {
            final double y = TOP + plotHeight * (1 - (decade - minDecade) / (double)Math.max(1, maxDecade - minDecade));
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%d\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#dddddd\"/>%n",
                LEFT, y, LEFT + plotWidth, y));
            svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                LEFT - 6, y + 4, decadeLabel(decade)));
        }
        final double[] xs = new double[percentiles.length + 1];
        for (int i = 0; i < percentiles.length; i++)
        {
            xs[i] = Math.log10(100 / (100 - percentiles[i]));
        }
        xs[percentiles.length] = MAX_X;
        final double minX = xs[0];
        for (int i = 0; i < xs.length; i++)
        {
            final double x = LEFT + plotWidth * (xs[i] - minX) / (MAX_X - minX);
            final boolean labelled = i == percentiles.length || isLabelled(percentiles[i]);
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n", x, TOP, x, TOP + plotHeight,
                labelled ? "#dddddd" : "#f2f2f2"));
            if (labelled)
            {
                final String label = i == percentiles.length ? "max" : trim(percentiles[i]) + "%";
                svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">%s</text>%n",
                    x, TOP + plotHeight + 18, label));
            }
        }
        svg.append(String.format(Locale.ROOT,
            "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">percentile (log scale of 1/(1-p))</text>%n",
            LEFT + plotWidth / 2, HEIGHT - 16));
        svg.append(String.format(Locale.ROOT,
            "<text transform=\"translate(18,%.1f) rotate(-90)\" text-anchor=\"middle\">" +
            "round-trip latency (log scale)</text>%n",
            TOP + plotHeight / 2));
        svg.append(String.format(Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"%.1f\" fill=\"none\" stroke=\"#888888\"/>%n",
            LEFT, TOP, plotWidth, plotHeight));
        for (int l = 0; l < lines.size(); l++)
        {
            final Line line = lines.get(l);
            final String colour = COLOURS[l % COLOURS.length];
            final String dash = line.kind() == Contender.Kind.FLOOR ? " stroke-dasharray=\"6,4\"" : "";
            final double strokeWidth = line.kind() == Contender.Kind.RINGWAY ? 2.5 : 1.5;
            final StringBuilder points = new StringBuilder();
            final StringBuilder markers = new StringBuilder();
            for (int i = 0; i < xs.length && i < line.valuesNs().length; i++)
            {
                final double value = line.valuesNs()[i];
                if (!(value > 0))
                {
                    continue;
                }
                final double x = LEFT + plotWidth * (xs[i] - minX) / (MAX_X - minX);
                final double y =
                    TOP + plotHeight * (1 - (Math.log10(value) - minDecade) / Math.max(1, maxDecade - minDecade));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, y));
                markers.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\" fill=\"%s\"/>%n",
                    x, y, colour));
            }
            svg.append(String.format(Locale.ROOT,
                "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"%.1f\"%s points=\"%s\"/>%n", colour, strokeWidth,
                dash, points.toString().trim()));
            svg.append(markers);
            final double legendY = TOP + 10 + l * 20;
            final double legendX = LEFT + plotWidth + 16;
            svg.append(String.format(Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\" stroke-width=\"%.1f\"%s/>%n",
                legendX, legendY, legendX + 24, legendY, colour, strokeWidth, dash));
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\">%s</text>%n", legendX + 30, legendY + 4,
                escape(line.name())));
        }
        return svg.append("</svg>\n").toString();
    }

    private static boolean isLabelled(final double percentile)
    {
        return percentile == 50 || percentile == 90 || percentile == 99 || percentile == 99.9 || percentile == 99.99;
    }

    private static String trim(final double percentile)
    {
        return percentile == Math.rint(percentile) ? Long.toString((long)percentile) : Double.toString(percentile);
    }

    private static String decadeLabel(final int decade)
    {
        final String[] units = {"ns", "us", "ms", "s"};
        final int unit = Math.min(units.length - 1, Math.max(0, decade / 3));
        final long value = (long)Math.pow(10, decade - unit * 3);
        return value + " " + units[unit];
    }

    private static String escape(final String text)
    {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
