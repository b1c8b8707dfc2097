package dev.gradflow.charts.export;

import dev.gradflow.charts.style.FigureFonts;
import org.apache.fontbox.ttf.TTFParser;
import org.apache.fontbox.ttf.TTFSubsetter;
import org.apache.fontbox.ttf.TrueTypeFont;
import org.apache.pdfbox.io.RandomAccessReadBuffer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Embeds the glyphs an SVG figure uses: one {@code @font-face} rule per face (regular, bold) with a subset of the
 * bundled DejaVu Sans as a base64 TrueType data URL, so SVG viewers draw the same font as the PNG and the PDF without
 * the font being installed. Subsetting uses FontBox's {@link TTFSubsetter} (PDFBox's font library).
 */
final class SvgFonts {
    private SvgFonts() {}

    /**
     * Tables kept in a subset: the ones browsers' font sanitizers require plus the hinting programs. Layout tables
     * (GPOS, GSUB, kern, MATH) are dropped: the subsetter does not rewrite them and SVG text is placed per string.
     */
    private static final List<String> KEEP_TABLES = List.of("head", "hhea", "loca", "maxp", "cmap", "hmtx", "glyf",
            "OS/2", "post", "name", "cvt ", "fpgm", "prep", "gasp");

    private static final Pattern TEXT = Pattern.compile("<text\\b([^>]*)>([^<]*)</text>");

    /** The SVG family list written for the figure font (the embedded face first, then generic fallbacks). */
    static String cssFamily() { return "\"" + FigureFonts.FAMILY + "\", \"Bitstream Vera Sans\", sans-serif"; }

    /** {@code svg} with a {@code <style>} of @font-face rules inserted at the start of its {@code <defs>}. */
    static String embed(String svg) {
        Set<Integer> regular = new TreeSet<>(), bold = new TreeSet<>();
        Matcher m = TEXT.matcher(svg);
        while (m.find()) {
            boolean isBold = m.group(1).contains("font-weight: bold");
            unescape(m.group(2)).codePoints().forEach((isBold ? bold : regular)::add);
        }
        if (regular.isEmpty() && bold.isEmpty()) return svg;
        StringBuilder css = new StringBuilder("<style type='text/css'><![CDATA[");
        if (!regular.isEmpty()) css.append(face(false, regular));
        if (!bold.isEmpty()) css.append(face(true, bold));
        css.append("]]></style>");
        int defs = svg.indexOf("<defs>");
        if (defs >= 0) return svg.substring(0, defs + 6) + css + svg.substring(defs + 6);
        int svgTag = svg.indexOf("<svg");
        int end = svg.indexOf('>', svgTag);
        return svg.substring(0, end + 1) + "<defs>" + css + "</defs>" + svg.substring(end + 1);
    }

    private static String face(boolean bold, Set<Integer> codePoints) {
        return "@font-face{font-family:\"" + FigureFonts.FAMILY + "\";font-weight:" + (bold ? "bold" : "normal")
                + ";font-style:normal;src:url(data:font/ttf;base64,"
                + Base64.getEncoder().encodeToString(subset(bold, codePoints)) + ") format(\"truetype\");}";
    }

    /** A TrueType subset of a bundled face holding the given code points (plus .notdef). */
    static byte[] subset(boolean bold, Set<Integer> codePoints) {
        try (InputStream in = FigureFonts.open(bold);
             TrueTypeFont ttf = new TTFParser().parse(new RandomAccessReadBuffer(in))) {
            TTFSubsetter sub = new TTFSubsetter(ttf, KEEP_TABLES);
            sub.addAll(codePoints);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            sub.writeToStream(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot subset the figure font", e);
        }
    }

    private static String unescape(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&#39;", "'").replace("&amp;", "&");
    }
}
