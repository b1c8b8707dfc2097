package dev.gradflow.charts.layout;

import dev.gradflow.charts.style.FigureFonts;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.Font;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the text elements of an SVG written by JFreeSVG and computes where their ink lands on the canvas: the visual
 * bounds of the string in the bundled figure font at the element's size and weight, moved to (x, y) and through the
 * element's and its ancestors' transforms. Also reads each text's clip path (as a bounding box in the same user
 * space), so a test can tell overlapping, clipped and off-canvas labels apart. Independent of the figure code: it
 * sees only the SVG.
 */
public final class SvgTextBoxes {
    /** One text element: its string, ink box on the canvas, and clip box (null = not clipped). */
    public record Box(String text, Rectangle2D bounds, Rectangle2D clip, float size, boolean bold) {}

    public record Parsed(double width, double height, List<Box> boxes) {}

    private static final FontRenderContext FRC = new FontRenderContext(new AffineTransform(), true, true);
    private static final Pattern NUM = Pattern.compile("-?[0-9.]+(?:[eE]-?[0-9]+)?");

    public static Parsed parse(String svg) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        Element root = doc.getDocumentElement();
        Map<String, Rectangle2D> clips = new HashMap<>();
        NodeList cps = doc.getElementsByTagName("clipPath");
        for (int i = 0; i < cps.getLength(); i++) {
            Element cp = (Element) cps.item(i);
            NodeList paths = cp.getElementsByTagName("path");
            if (paths.getLength() > 0) clips.put(cp.getAttribute("id"), pathBounds(((Element) paths.item(0)).getAttribute("d")));
            NodeList rects = cp.getElementsByTagName("rect");
            if (rects.getLength() > 0) {
                Element r = (Element) rects.item(0);
                clips.put(cp.getAttribute("id"), new Rectangle2D.Double(d(r, "x"), d(r, "y"), d(r, "width"), d(r, "height")));
            }
        }
        List<Box> out = new ArrayList<>();
        walk(root, new AffineTransform(), clips, out);
        return new Parsed(len(root.getAttribute("width")), len(root.getAttribute("height")), out);
    }

    private static double d(Element e, String a) { return e.hasAttribute(a) ? Double.parseDouble(e.getAttribute(a)) : 0; }

    private static double len(String s) { return Double.parseDouble(s.replaceAll("[a-z%]+$", "")); }

    private static void walk(Element e, AffineTransform parent, Map<String, Rectangle2D> clips, List<Box> out) {
        AffineTransform t = new AffineTransform(parent);
        if (e.hasAttribute("transform")) t.concatenate(transform(e.getAttribute("transform")));
        if (e.getTagName().equals("text")) {
            out.add(box(e, t, clips));
            return;
        }
        if (e.getTagName().equals("defs")) return;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element c) walk(c, t, clips, out);
        }
    }

    private static Box box(Element e, AffineTransform t, Map<String, Rectangle2D> clips) {
        String style = e.getAttribute("style");
        float size = Float.parseFloat(match(style, "font-size:\\s*([0-9.]+)"));
        boolean bold = style.contains("font-weight: bold");
        String text = e.getTextContent();
        Font f = FigureFonts.font(bold, size);
        Rectangle2D ink = f.createGlyphVector(FRC, text).getVisualBounds();
        double x = d(e, "x"), y = d(e, "y");
        Rectangle2D local = new Rectangle2D.Double(ink.getX() + x, ink.getY() + y, ink.getWidth(), ink.getHeight());
        Rectangle2D global = t.createTransformedShape(local).getBounds2D();
        Rectangle2D clip = null;
        String cp = e.getAttribute("clip-path");
        Matcher m = Pattern.compile("url\\(#([^)]+)\\)").matcher(cp);
        if (m.find() && clips.containsKey(m.group(1))) clip = t.createTransformedShape(clips.get(m.group(1))).getBounds2D();
        return new Box(text, global, clip, size, bold);
    }

    private static String match(String s, String re) {
        Matcher m = Pattern.compile(re).matcher(s);
        if (!m.find()) throw new IllegalArgumentException("no " + re + " in " + s);
        return m.group(1);
    }

    static AffineTransform transform(String s) {
        AffineTransform t = new AffineTransform();
        Matcher m = Pattern.compile("(matrix|translate|scale|rotate)\\(([^)]*)\\)").matcher(s);
        while (m.find()) {
            double[] v = numbers(m.group(2));
            switch (m.group(1)) {
                case "matrix" -> t.concatenate(new AffineTransform(v[0], v[1], v[2], v[3], v[4], v[5]));
                case "translate" -> t.translate(v[0], v.length > 1 ? v[1] : 0);
                case "scale" -> t.scale(v[0], v.length > 1 ? v[1] : v[0]);
                case "rotate" -> {
                    if (v.length == 3) t.rotate(Math.toRadians(v[0]), v[1], v[2]);
                    else t.rotate(Math.toRadians(v[0]));
                }
                default -> throw new IllegalStateException();
            }
        }
        return t;
    }

    private static double[] numbers(String s) {
        Matcher m = NUM.matcher(s);
        List<Double> v = new ArrayList<>();
        while (m.find()) v.add(Double.parseDouble(m.group()));
        return v.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static Rectangle2D pathBounds(String d) {
        double[] v = numbers(d);
        Path2D p = new Path2D.Double();
        p.moveTo(v[0], v[1]);
        for (int i = 2; i + 1 < v.length; i += 2) p.lineTo(v[i], v[i + 1]);
        return p.getBounds2D();
    }

    /** Every layout problem of a parsed SVG, one line each (empty = clean). */
    public static List<String> problems(Parsed p, double tolerance) {
        List<String> out = new ArrayList<>();
        Rectangle2D canvas = new Rectangle2D.Double(-tolerance, -tolerance, p.width() + 2 * tolerance, p.height() + 2 * tolerance);
        List<Box> bs = p.boxes().stream().filter(b -> !b.text().isBlank()).toList();
        for (Box b : bs) {
            if (!canvas.contains(b.bounds())) out.add("off the canvas: '" + b.text() + "' " + fmt(b.bounds()));
            if (b.clip() != null) {
                Rectangle2D c = b.clip();
                Rectangle2D grown = new Rectangle2D.Double(c.getX() - tolerance, c.getY() - tolerance,
                        c.getWidth() + 2 * tolerance, c.getHeight() + 2 * tolerance);
                if (!grown.contains(b.bounds())) out.add("clipped: '" + b.text() + "' " + fmt(b.bounds()) + " clip " + fmt(c));
            }
        }
        for (int i = 0; i < bs.size(); i++) {
            for (int j = i + 1; j < bs.size(); j++) {
                Rectangle2D a = bs.get(i).bounds(), b = bs.get(j).bounds();
                Rectangle2D x = a.createIntersection(b);
                if (x.getWidth() > tolerance && x.getHeight() > tolerance) {
                    out.add("overlap: '" + bs.get(i).text() + "' " + fmt(a) + " and '" + bs.get(j).text() + "' " + fmt(b));
                }
            }
        }
        return out;
    }

    private static String fmt(Rectangle2D r) {
        return String.format(java.util.Locale.ROOT, "[%.1f,%.1f %.1fx%.1f]", r.getX(), r.getY(), r.getWidth(), r.getHeight());
    }
}
