package dev.gradflow.app.runs;

import java.util.List;

/**
 * A named state of the runs table: the spec columns shown (JSON paths), the filter text, the sort order (column ids,
 * {@code name} or {@code spec:optimizer.type}, with direction) and whether runs are grouped by configuration.
 * Stored as JSON in {@code ~/.gradflow/views/<name>.json} ({@link SavedViews}).
 */
public record SavedView(String name, List<String> columns, String filter, List<Sort> sort, boolean grouped) {
    public record Sort(String column, boolean ascending) {}

    public SavedView {
        columns = columns == null ? List.of() : List.copyOf(columns);
        sort = sort == null ? List.of() : List.copyOf(sort);
        filter = filter == null ? "" : filter;
    }
}
