package dev.gradflow.model.cli;

import java.util.ArrayList;
import java.util.List;

/** A strict RFC 4180 CSV reader for tests: quoted cells, doubled quotes, every row as wide as the header. */
final class Csv {
    private Csv() {
    }

    static List<List<String>> parse(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false, any = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                if (cell.length() > 0) throw new IllegalArgumentException("quote inside an unquoted cell at " + i);
                quoted = true;
                any = true;
            } else if (c == ',') {
                row.add(cell.toString());
                cell.setLength(0);
                any = true;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') i++;
                row.add(cell.toString());
                rows.add(row);
                row = new ArrayList<>();
                cell.setLength(0);
                any = false;
            } else {
                cell.append(c);
                any = true;
            }
        }
        if (quoted) throw new IllegalArgumentException("unterminated quote");
        if (any || cell.length() > 0) {
            row.add(cell.toString());
            rows.add(row);
        }
        if (rows.isEmpty()) throw new IllegalArgumentException("empty CSV");
        int width = rows.get(0).size();
        for (int r = 0; r < rows.size(); r++) {
            if (rows.get(r).size() != width) {
                throw new IllegalArgumentException("row " + r + " has " + rows.get(r).size() + " cells, header " + width);
            }
        }
        return rows;
    }

    /** A numeric cell: a finite decimal number, NaN, or empty (missing). */
    static double number(String cell) {
        if (cell.isEmpty() || cell.equals("NaN")) return Double.NaN;
        if (!cell.matches("-?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) throw new IllegalArgumentException("not a number: " + cell);
        return Double.parseDouble(cell);
    }
}
