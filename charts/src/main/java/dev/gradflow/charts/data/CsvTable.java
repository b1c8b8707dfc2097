package dev.gradflow.charts.data;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A table of exactly the data a figure plotted; numbers in Java's shortest round-trip form, NaN as empty. */
public final class CsvTable {
    private final List<String> header;
    private final List<String[]> rows = new ArrayList<>();

    public CsvTable(List<String> header) { this.header = List.copyOf(header); }

    public List<String> header() { return header; }

    public List<String[]> rows() { return rows; }

    /** Adds a row; cells may be String, Number or null. */
    public CsvTable add(Object... cells) {
        if (cells.length != header.size()) throw new IllegalArgumentException("row has " + cells.length + " cells, header " + header.size());
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) r[i] = cell(cells[i]);
        rows.add(r);
        return this;
    }

    static String cell(Object o) {
        if (o == null) return "";
        if (o instanceof Double d) return Double.isFinite(d) ? Double.toString(d) : (d.isNaN() ? "" : (d > 0 ? "Infinity" : "-Infinity"));
        if (o instanceof Float f) return cell((double) f);
        return o.toString();
    }

    private static String quote(String s) {
        if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0) return s;
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    public void write(Writer w) throws IOException {
        w.write(String.join(",", header.stream().map(CsvTable::quote).toList()));
        w.write('\n');
        for (String[] r : rows) {
            for (int i = 0; i < r.length; i++) {
                if (i > 0) w.write(',');
                w.write(quote(r[i]));
            }
            w.write('\n');
        }
    }

    public void write(Path file) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(w);
        }
    }
}
