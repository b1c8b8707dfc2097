package dev.gradflow.model.study;

import java.util.ArrayList;
import java.util.List;

/**
 * A titled table of text cells; p-value cells carry their value so views can colour them by significance.
 * Renders as aligned text, CSV (RFC 4180, preceded by a {@code # title} line) or a LaTeX {@code tabular}.
 */
public record Table(String title, List<String> header, List<List<String>> rows, List<List<Double>> pValues) {

    public static final class Builder {
        private final String title;
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();
        private final List<List<Double>> p = new ArrayList<>();

        public Builder(String title, List<String> header) {
            this.title = title;
            this.header = List.copyOf(header);
        }

        public Builder row(List<String> cells) {
            return row(cells, null);
        }

        public Builder row(List<String> cells, List<Double> pValues) {
            rows.add(List.copyOf(cells));
            List<Double> pv = new ArrayList<>();
            for (int i = 0; i < cells.size(); i++) pv.add(pValues == null || i >= pValues.size() ? null : pValues.get(i));
            p.add(pv);
            return this;
        }

        public Table build() {
            return new Table(title, header, List.copyOf(rows), List.copyOf(p));
        }
    }

    /** Significance class of a p-value: {@code p001} (< 0.01), {@code p005} (< 0.05), {@code p010} (< 0.1), {@code ns}. */
    public static String significance(Double p) {
        if (p == null || Double.isNaN(p)) return "na";
        return p < 0.01 ? "p001" : p < 0.05 ? "p005" : p < 0.1 ? "p010" : "ns";
    }

    public String text() {
        int cols = header.size();
        int[] w = new int[cols];
        for (int i = 0; i < cols; i++) w[i] = header.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < cols && i < r.size(); i++) w[i] = Math.max(w[i], r.get(i).length());
        StringBuilder sb = new StringBuilder();
        for (String l : wrap(title, TITLE_WIDTH)) sb.append(l).append('\n');
        line(sb, header, w);
        for (int i = 0; i < cols; i++) sb.append("-".repeat(w[i])).append(i < cols - 1 ? "  " : "\n");
        for (List<String> r : rows) line(sb, r, w);
        return sb.toString();
    }

    /** Titles of text and LaTeX output wrap at this many characters (CSV keeps each title on its one "# " line). */
    static final int TITLE_WIDTH = 110;

    /** Splits {@code s} at spaces into lines of at most {@code width} characters (longer words stay whole). */
    static List<String> wrap(String s, int width) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (String word : s.split(" ")) {
            if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
                out.add(cur.toString());
                cur.setLength(0);
            }
            if (cur.length() > 0) cur.append(' ');
            cur.append(word);
        }
        out.add(cur.toString());
        return out;
    }

    private static void line(StringBuilder sb, List<String> cells, int[] w) {
        for (int i = 0; i < w.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            sb.append(i == 0 ? pad(c, w[i]) : padLeft(c, w[i])).append(i < w.length - 1 ? "  " : "\n");
        }
    }

    private static String pad(String s, int w) { return s + " ".repeat(Math.max(0, w - s.length())); }

    private static String padLeft(String s, int w) { return " ".repeat(Math.max(0, w - s.length())) + s; }

    public String csv() {
        StringBuilder sb = new StringBuilder("# ").append(title).append('\n');
        sb.append(String.join(",", header.stream().map(Table::csvCell).toList())).append('\n');
        for (List<String> r : rows) sb.append(String.join(",", r.stream().map(Table::csvCell).toList())).append('\n');
        return sb.toString();
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    /** LaTeX tabular (booktabs); p-values below 0.05 in bold. */
    public String latex() {
        StringBuilder sb = new StringBuilder();
        for (String l : wrap(title, TITLE_WIDTH)) sb.append("% ").append(l).append('\n');
        sb.append("\\begin{tabular}{l").append("r".repeat(Math.max(0, header.size() - 1))).append("}\n\\toprule\n");
        sb.append(String.join(" & ", header.stream().map(Table::tex).toList())).append(" \\\\\n\\midrule\n");
        for (int i = 0; i < rows.size(); i++) {
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < rows.get(i).size(); j++) {
                String c = tex(rows.get(i).get(j));
                Double p = pValues.get(i).get(j);
                cells.add(p != null && p < 0.05 ? "\\textbf{" + c + "}" : c);
            }
            sb.append(String.join(" & ", cells)).append(" \\\\\n");
        }
        sb.append("\\bottomrule\n\\end{tabular}\n");
        return sb.toString();
    }

    private static String tex(String s) {
        return s.replace("\\", "\\textbackslash{}").replace("_", "\\_").replace("%", "\\%").replace("&", "\\&")
                .replace("#", "\\#").replace("±", "$\\pm$");
    }

    public String render(String format) {
        return switch (format) {
            case "csv" -> csv();
            case "latex" -> latex();
            default -> text();
        };
    }
}
