package dev.gradflow.charts.data;

/** How the steps inside one heatmap bucket are reduced to one value. */
public enum Aggregation {
    MEAN, MIN, MAX;

    public String id() { return name().toLowerCase(java.util.Locale.ROOT); }
}
