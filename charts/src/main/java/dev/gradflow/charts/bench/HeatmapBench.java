package dev.gradflow.charts.bench;

import dev.gradflow.charts.data.BucketGrid;
import dev.gradflow.charts.data.Bucketing;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.HeatmapFigure;

import java.util.Arrays;

/**
 * Heatmap of 20 layers x {10k, 100k, 1M} steps drawn to a 1600 px wide image (not written to disk). Prints the
 * median over several runs of: bucketing the raw data alone, a cold draw (bucketing + drawing, new figure) and a
 * warm draw (the figure's buckets already computed for that width).
 */
public final class HeatmapBench {
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 9;
        int width = 1600, height = 600;
        System.out.printf("%-9s %12s %14s %14s %8s%n", "steps", "bucket ms", "cold draw ms", "warm draw ms", "buckets");
        for (int steps : new int[]{10_000, 100_000, 1_000_000}) {
            RunSeries run = SyntheticRuns.run("bench", 20, steps, 1.0, 42);
            // warm-up
            for (int i = 0; i < 3; i++) FigureExporter.render(HeatmapFigure.of(run, Measure.L2_ACTIVE), width, height);
            double[] bucket = new double[reps], cold = new double[reps], warm = new double[reps];
            int buckets = 0;
            for (int i = 0; i < reps; i++) {
                long t0 = System.nanoTime();
                Bucketing.bucket(run.steps(), run.layerValues(Measure.L2_ACTIVE), BucketGrid.over(0, steps - 1, 1500));
                long t1 = System.nanoTime();
                HeatmapFigure f = HeatmapFigure.of(run, Measure.L2_ACTIVE);
                FigureExporter.render(f, width, height);
                long t2 = System.nanoTime();
                FigureExporter.render(f, width, height);
                long t3 = System.nanoTime();
                bucket[i] = (t1 - t0) / 1e6;
                cold[i] = (t2 - t1) / 1e6;
                warm[i] = (t3 - t2) / 1e6;
                buckets = f.lastPlotted().grid().count();
            }
            System.out.printf("%-9d %12.1f %14.1f %14.1f %8d%n", steps, median(bucket), median(cold), median(warm), buckets);
        }
    }

    private static double median(double[] a) {
        double[] c = a.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }
}
