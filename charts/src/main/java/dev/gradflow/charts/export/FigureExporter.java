package dev.gradflow.charts.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureFonts;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2D;
import de.rototor.pdfbox.graphics2d.PdfBoxGraphics2DFontTextDrawer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGUnits;
import org.jfree.svg.ViewBox;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Writes figures to PNG, SVG, PDF or CSV (format from the file extension) plus a provenance sidecar
 * {@code <file>.provenance.json}. Paper sizes are laid out in points: PNG scales by DPI / 72 (default 300 dpi) and
 * records the DPI in the PNG's pHYs chunk; SVG and PDF keep text as text. Every format uses the bundled DejaVu Sans
 * ({@link FigureFonts}): PDFs embed it, SVGs embed a subset of the glyphs they use.
 */
public final class FigureExporter {
    private FigureExporter() {}

    /** Default PNG resolution for paper sizes. */
    public static final int DEFAULT_DPI = 300;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Version of this module (from the build), or "dev". */
    public static String appVersion() {
        try (InputStream in = FigureExporter.class.getResourceAsStream("/dev/gradflow/charts/charts.properties")) {
            if (in == null) return "dev";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "dev");
            return v.contains("${") ? "dev" : v;
        } catch (IOException e) {
            return "dev";
        }
    }

    /** Exports at the figure style's size; writes the provenance sidecar. Returns the file. */
    public static Path export(Figure f, Path file) throws IOException { return export(f, file, Map.of()); }

    /**
     * Exports at the figure style's size (PNG: 300 dpi for paper sizes, 1 px per unit for free sizes) and writes
     * the provenance sidecar with {@code extra} entries merged in (e.g. spec hashes, dataset checksum).
     */
    public static Path export(Figure f, Path file, Map<String, ?> extra) throws IOException {
        FigureSize s = f.style().size();
        String fmt = format(file);
        switch (fmt) {
            case "png" -> {
                if (s.isPaper()) writePng(f, file, s.widthIn(), s.heightIn(), DEFAULT_DPI);
                else writePng(f, file, (int) Math.round(s.widthPt()), (int) Math.round(s.heightPt()));
            }
            case "svg" -> writeSvg(f, file, s.widthPt(), s.heightPt());
            case "pdf" -> writePdf(f, file, s.widthPt(), s.heightPt());
            case "csv" -> writeCsv(f, file);
            default -> throw new IllegalArgumentException("unknown format: " + file);
        }
        writeProvenance(f, file, fmt, extra);
        return file;
    }

    public static String format(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        if (!ext.equals("png") && !ext.equals("svg") && !ext.equals("pdf") && !ext.equals("csv")) {
            throw new IllegalArgumentException("unsupported extension '" + ext + "' (png, svg, pdf, csv)");
        }
        return ext;
    }

    // ---------------- raster ----------------

    /**
     * Renders to an image of {@code widthPx x heightPx}. Paper-size figures are laid out at their size in points
     * and scaled to fit the width (so fonts keep their print proportions); free sizes draw 1:1.
     */
    public static BufferedImage render(Figure f, int widthPx, int heightPx) {
        FigureSize s = f.style().size();
        double scale = s.isPaper() ? widthPx / s.widthPt() : 1.0;
        return render(f, widthPx, heightPx, scale);
    }

    /** Renders with an explicit scale: the figure is laid out in {@code width/scale x height/scale} units. */
    public static BufferedImage render(Figure f, int widthPx, int heightPx, double scale) {
        BufferedImage img = new BufferedImage(widthPx, heightPx, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g2 = img.createGraphics();
        try {
            g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
            g2.scale(scale, scale);
            f.draw(g2, new Rectangle2D.Double(0, 0, widthPx / scale, heightPx / scale));
        } finally {
            g2.dispose();
        }
        return img;
    }

    /** PNG of a pixel size (see {@link #render(Figure, int, int)}), 72 dpi metadata for free sizes. */
    public static void writePng(Figure f, Path file, int widthPx, int heightPx) throws IOException {
        FigureSize s = f.style().size();
        double dpi = s.isPaper() ? widthPx / s.widthIn() : 72;
        writePng(render(f, widthPx, heightPx), file, dpi);
    }

    /** PNG of a physical size at a resolution; the DPI is written into the pHYs chunk. */
    public static void writePng(Figure f, Path file, double widthIn, double heightIn, int dpi) throws IOException {
        int w = (int) Math.round(widthIn * dpi), h = (int) Math.round(heightIn * dpi);
        writePng(render(f, w, h, dpi / 72.0), file, dpi);
    }

    /** Writes an image as PNG with DPI metadata. */
    public static void writePng(BufferedImage img, Path file, double dpi) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(Files.newOutputStream(file))) {
            writer.setOutput(out);
            ImageWriteParam param = writer.getDefaultWriteParam();
            IIOMetadata meta = writer.getDefaultImageMetadata(ImageTypeSpecifier.createFromRenderedImage(img), param);
            try {
                int ppm = (int) Math.round(dpi / 0.0254);
                IIOMetadataNode phys = new IIOMetadataNode("pHYs");
                phys.setAttribute("pixelsPerUnitXAxis", Integer.toString(ppm));
                phys.setAttribute("pixelsPerUnitYAxis", Integer.toString(ppm));
                phys.setAttribute("unitSpecifier", "meter");
                IIOMetadataNode root = new IIOMetadataNode("javax_imageio_png_1.0");
                root.appendChild(phys);
                meta.mergeTree("javax_imageio_png_1.0", root);
            } catch (Exception e) {
                meta = null; // DPI metadata is a nicety
            }
            writer.write(null, new IIOImage(img, null, meta), param);
        } finally {
            writer.dispose();
        }
    }

    // ---------------- vector ----------------

    /**
     * SVG document; text stays text in DejaVu Sans, whose glyphs used are embedded as @font-face subsets. Paper sizes
     * use pt units, free sizes px.
     */
    public static String toSvg(Figure f, double width, double height) {
        SVGUnits units = f.style().size().isPaper() ? SVGUnits.PT : SVGUnits.PX;
        SVGGraphics2D g2 = new SVGGraphics2D(width, height, units);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g2.setFontFunction(family -> FigureFonts.FAMILY.equals(family) ? SvgFonts.cssFamily() : family);
        f.draw(g2, new Rectangle2D.Double(0, 0, width, height));
        // a viewBox in drawing units: with width/height in pt and no viewBox, viewers map 1 unit to 1 px and the
        // drawing would fill only 3/4 of a paper-size canvas
        String element = g2.getSVGElement(null, true, new ViewBox(0, 0, width, height), null, null);
        return SvgFonts.embed("<?xml version=\"1.0\"?>\n" + element);
    }

    public static void writeSvg(Figure f, Path file, double width, double height) throws IOException {
        Files.writeString(file, toSvg(f, width, height), StandardCharsets.UTF_8);
    }

    /**
     * One-page PDF of {@code width x height} points, drawn through Apache PDFBox's Graphics2D bridge
     * (pdfbox-graphics2d): text stays text in the bundled DejaVu Sans, embedded as font subsets (Type 0 / CID
     * TrueType), so every glyph of the labels (‖ ⊙ ₂ ...) prints as on screen and PDF strings are encoded as glyph ids
     * (no unescaped parentheses can break the content stream). Glyphs the font lacks are drawn as outlines.
     */
    public static byte[] toPdf(Figure f, double width, double height) {
        try (PDDocument doc = new PDDocument(); PdfBoxGraphics2DFontTextDrawer fonts = new PdfBoxGraphics2DFontTextDrawer()) {
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(f.title());
            info.setCreator("GradFlow Workbench " + appVersion());
            PDPage page = new PDPage(new PDRectangle((float) width, (float) height));
            doc.addPage(page);
            for (boolean bold : new boolean[]{false, true}) {
                try (InputStream in = FigureFonts.open(bold)) {
                    fonts.registerFont(FigureFonts.fontName(bold), PDType0Font.load(doc, in, true));
                }
            }
            PdfBoxGraphics2D g2 = new PdfBoxGraphics2D(doc, (float) width, (float) height);
            g2.setFontTextDrawer(fonts);
            try {
                g2.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
                g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g2.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
                f.draw(g2, new Rectangle2D.Double(0, 0, width, height));
            } finally {
                g2.dispose();
            }
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.drawForm(g2.getXFormObject());
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("PDF export failed", e);
        }
    }

    public static void writePdf(Figure f, Path file, double width, double height) throws IOException {
        Files.write(file, toPdf(f, width, height));
    }

    // ---------------- data ----------------

    /**
     * CSV of exactly what the figure plotted in its last draw; a figure not drawn yet is first rendered at its
     * style's size (at 300 dpi for paper sizes), so heatmap buckets match a PNG export of the same size.
     */
    public static void writeCsv(Figure f, Path file) throws IOException {
        CsvTable t;
        try {
            t = f.csv();
        } catch (IllegalStateException notDrawn) {
            FigureSize s = f.style().size();
            if (s.isPaper()) render(f, (int) Math.round(s.widthIn() * DEFAULT_DPI), (int) Math.round(s.heightIn() * DEFAULT_DPI), DEFAULT_DPI / 72.0);
            else render(f, (int) Math.round(s.widthPt()), (int) Math.round(s.heightPt()), 1.0);
            t = f.csv();
        }
        t.write(file);
    }

    /** Path of the provenance sidecar of a file: {@code <file>.provenance.json}. */
    public static Path provenancePath(Path file) {
        return file.resolveSibling(file.getFileName().toString() + ".provenance.json");
    }

    public static Map<String, Object> provenance(Figure f, String format, Map<String, ?> extra) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("app", "GradFlow Workbench charts");
        p.put("appVersion", appVersion());
        p.put("createdAt", Instant.now().toString());
        p.put("format", format);
        p.putAll(f.provenance());
        if (extra != null && !extra.isEmpty()) p.put("extra", new LinkedHashMap<>(extra));
        return p;
    }

    public static Path writeProvenance(Figure f, Path file, String format, Map<String, ?> extra) throws IOException {
        Path side = provenancePath(file);
        JSON.writeValue(side.toFile(), provenance(f, format, extra));
        return side;
    }
}
