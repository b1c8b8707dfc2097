package dev.gradflow.charts.data;

import java.util.Locale;

/** How the steps inside one heatmap bucket are reduced to one value. */
public enum Aggregation {
    MEAN, MIN, MAX;

    public String id() { return name().toLowerCase(Locale.ROOT); }
}
