package dev.gradflow.charts;

import dev.gradflow.charts.bench.SyntheticRuns;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.data.CsvTable;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.ColorScale;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.DiffHeatmapFigure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.figure.HeatmapSource;
import dev.gradflow.charts.figure.PanelsFigure;
import dev.gradflow.charts.figure.ScsdcFigure;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Palette;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FiguresTest {

    /** Three layers with constant values 0.01, 0.1, 1 (input .. output). */
    static RunSeries layered() {
        int n = 5000;
        long[] steps = new long[n];
        double[][] v = new double[3][n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            v[0][i] = 0.01;
            v[1][i] = 0.1;
            v[2][i] = 1.0;
            loss[i] = 2.0 / (1 + i * 0.01);
        }
        return RunSeries.builder("layered", List.of("in", "hidden", "out"), steps)
                .layerValues(Measure.L2_ACTIVE, v).stepSeries(SeriesNames.LOSS, loss).build();
    }

    @Test
    void heatmapPixelColoursFollowDataOrderInputAtBottom() {
        HeatmapFigure f = HeatmapFigure.of(layered(), Measure.L2_ACTIVE).style(FigureStyle.defaults()).title("t");
        BufferedImage img = FigureExporter.render(f, 800, 400);
        HeatmapSource.Plotted p = f.lastPlotted();
        assertThat(p).isNotNull();
        // sample along a vertical line through the middle of the plot body: collect palette indices top to bottom
        Palette pal = Palette.viridis();
        int x = 300;
        List<Integer> idx = new ArrayList<>();
        int lastRgb = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            int rgb = img.getRGB(x, y) & 0xFFFFFF;
            int k = pal.nearestIndex(rgb);
            int c = pal.argb(k / 255.0) & 0xFFFFFF;
            if (rgb == c && rgb != lastRgb) idx.add(k);
            lastRgb = rgb;
        }
        // exactly three bands, output (largest) on top = highest palette index, input at the bottom = lowest
        assertThat(idx).hasSize(3);
        assertThat(idx.get(0)).isGreaterThan(idx.get(1));
        assertThat(idx.get(1)).isGreaterThan(idx.get(2));
        assertThat(idx.get(0)).isEqualTo(255);
        assertThat(idx.get(2)).isEqualTo(0);
        // log scale: 0.1 sits in the middle of [0.01, 1]
        assertThat(idx.get(1)).isBetween(125, 130);
    }

    @Test
    void csvMatchesPlottedBucketedValues(@TempDir Path dir) throws Exception {
        RunSeries run = SyntheticRuns.run("r", 4, 30_000, 1, 3);
        HeatmapFigure f = HeatmapFigure.of(run, Measure.L2_ACTIVE);
        Path png = dir.resolve("h.png");
        FigureExporter.writePng(f, png, 700, 300);
        HeatmapSource.Plotted p = f.lastPlotted();
        // one bucket per device pixel of the plot width: fewer than 700, far fewer than 30k
        assertThat(p.grid().count()).isBetween(300, 700);
        Path csv = dir.resolve("h.csv");
        FigureExporter.export(f, csv);
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines.get(0)).isEqualTo("bucket,step_from,step_to,n_steps,dense1,dense2,dense3,output");
        assertThat(lines).hasSize(p.grid().count() + 1);
        long steps = 0;
        for (int b = 0; b < p.grid().count(); b++) {
            String[] c = lines.get(b + 1).split(",");
            assertThat(Long.parseLong(c[1])).isEqualTo(p.grid().stepFrom(b));
            assertThat(Long.parseLong(c[2])).isEqualTo(p.grid().stepTo(b));
            steps += Long.parseLong(c[3]);
            for (int l = 0; l < 4; l++) assertThat(Double.parseDouble(c[4 + l])).isEqualTo(p.values()[l][b]);
            // brute-force mean of the bucket from the raw data
            double sum = 0;
            int n = 0;
            for (long s = p.grid().stepFrom(b); s <= p.grid().stepTo(b); s++) {
                sum += run.layerValues(Measure.L2_ACTIVE)[2][(int) s];
                n++;
            }
            assertThat(Double.parseDouble(c[6])).isCloseTo(sum / n, org.assertj.core.api.Assertions.within(1e-12));
        }
        assertThat(steps).isEqualTo(30_000);
        assertThat(Files.readString(dir.resolve("h.csv.provenance.json"))).contains("\"measure\" : \"l2_active\"", "viridis", "specHash");
    }

    @Test
    void panelsShareOneColourScaleAndStepRange() {
        RunSeries a = SyntheticRuns.run("a", 4, 8000, 1.0, 1);
        RunSeries b = SyntheticRuns.run("b", 4, 5000, 10.0, 2);
        PanelsFigure f = PanelsFigure.of(List.of(a, b), Measure.L2_ACTIVE);
        FigureExporter.render(f, 1000, 600);
        ColorScale shared = f.colorBarScale();
        ColorScale ownA = ColorScale.fromData(Palette.viridis(), true, java.awt.Color.GRAY, a.layerValues(Measure.L2_ACTIVE));
        ColorScale ownB = ColorScale.fromData(Palette.viridis(), true, java.awt.Color.GRAY, b.layerValues(Measure.L2_ACTIVE));
        assertThat(shared.lower()).isEqualTo(Math.min(ownA.lower(), ownB.lower()));
        assertThat(shared.upper()).isEqualTo(Math.max(ownA.upper(), ownB.upper()));
        assertThat(f.heatmaps()).hasSize(2);
        for (HeatmapFigure h : f.heatmaps()) {
            assertThat(h.lastScale().lower()).isEqualTo(shared.lower());
            assertThat(h.lastScale().upper()).isEqualTo(shared.upper());
            assertThat(h.lastPlotted().grid().lo()).isEqualTo(0);
            assertThat(h.lastPlotted().grid().hi()).isEqualTo(8000);
        }
        // the shorter run's buckets past its end are empty
        HeatmapSource.Plotted pb = f.heatmaps().get(1).lastPlotted();
        assertThat(pb.values()[0][pb.grid().count() - 1]).isNaN();
        CsvTable t = f.csv();
        assertThat(t.header()).containsExactly("run", "part", "name", "step_from", "step_to", "n_steps", "value", "smoothed");
    }

    @Test
    void svgIsWellFormedXmlWithTextLabels() throws Exception {
        HeatmapFigure f = HeatmapFigure.of(SyntheticRuns.run("svg run", 3, 20_000, 1, 4), Measure.L2_ACTIVE)
                .style(FigureStyle.paper(FigureSize.singleColumn()));
        String svg = FigureExporter.toSvg(f, FigureSize.singleColumn().widthPt(), FigureSize.singleColumn().heightPt());
        var dbf = DocumentBuilderFactory.newInstance();
        dbf.setNamespaceAware(true);
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        // the drawing fills the paper-size canvas: a viewBox in drawing units beside width/height in pt
        String[] vb = doc.getDocumentElement().getAttribute("viewBox").trim().split("[ ,]+");
        assertThat(vb).hasSize(4);
        assertThat(Double.parseDouble(vb[2])).isCloseTo(FigureSize.singleColumn().widthPt(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(doc.getDocumentElement().getAttribute("width")).endsWith("pt");
        // the figure font travels with the file
        assertThat(svg).contains("@font-face{font-family:\"DejaVu Sans\"", "data:font/ttf;base64,");
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        List<String> all = new ArrayList<>();
        for (int i = 0; i < texts.getLength(); i++) all.add(texts.item(i).getTextContent());
        assertThat(all).contains("training step", "layer", "output", "dense1");
        assertThat(all).anyMatch(s -> s.startsWith("masked gradient ‖g ⊙ M‖₂"));
        // vector body: bounded number of rects (<= buckets x layers), not one per step
        int rects = doc.getElementsByTagNameNS("*", "rect").getLength();
        assertThat(rects).isLessThanOrEqualTo(1000 * 3 + 50);
        assertThat(f.lastPlotted().grid().count()).isLessThanOrEqualTo(1000);
    }

    @Test
    void pdfHasTextTitle(@TempDir Path dir) throws Exception {
        CurvesFigure f = CurvesFigure.of(List.of(SyntheticRuns.run("pdf run", 3, 2000, 1, 5)), SeriesNames.LOSS, SeriesNames.EGF2)
                .smoothing(0.8).logY(true).title("Loss and EGF title").style(FigureStyle.paper(FigureSize.doubleColumn()));
        Path pdf = dir.resolve("c.pdf");
        FigureExporter.export(f, pdf, Map.of("note", "test"));
        byte[] bytes = Files.readAllBytes(pdf);
        assertThat(new String(bytes, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        assertThat(Files.readString(dir.resolve("c.pdf.provenance.json"))).contains("\"figure\" : \"curves\"", "\"note\" : \"test\"");
        Path pdftotext = Path.of("/usr/bin/pdftotext");
        if (Files.isExecutable(pdftotext)) {
            Process p = new ProcessBuilder(pdftotext.toString(), pdf.toString(), "-").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            assertThat(text).contains("Loss and EGF title", "training step", "value");
        }
    }

    @Test
    void pngHasRequestedSizeAndDpi(@TempDir Path dir) throws Exception {
        ScsdcFigure f = ScsdcFigure.of(SyntheticRuns.scsdc(1)).style(FigureStyle.paper(FigureSize.singleColumn()));
        Path png = dir.resolve("s.png");
        FigureExporter.writePng(f, png, 3.3, 2.4, 200);
        BufferedImage img = ImageIO.read(png.toFile());
        assertThat(img.getWidth()).isEqualTo(660);
        assertThat(img.getHeight()).isEqualTo(480);
        var reader = ImageIO.getImageReadersByFormatName("png").next();
        try (var in = ImageIO.createImageInputStream(png.toFile())) {
            reader.setInput(in);
            var tree = (org.w3c.dom.Element) reader.getImageMetadata(0).getAsTree("javax_imageio_png_1.0");
            var phys = (org.w3c.dom.Element) tree.getElementsByTagName("pHYs").item(0);
            assertThat(phys.getAttribute("unitSpecifier")).isEqualTo("meter");
            // 200 dpi = 7874 pixels per metre
            assertThat(Integer.parseInt(phys.getAttribute("pixelsPerUnitXAxis"))).isBetween(7873, 7875);
        }
        // SC-SDC statistics: mean and t-based band
        var st = f.stats();
        assertThat(st).hasSize(10);
        assertThat(st.get(0).n()).isEqualTo(5);
        assertThat(st.get(0).ciHigh() - st.get(0).mean()).isCloseTo(2.776 * st.get(0).sd() / Math.sqrt(5), org.assertj.core.api.Assertions.within(1e-12));
    }

    @Test
    void diffIsAMinusBWithSymmetricDivergingScale() {
        RunSeries a = layered();
        RunSeries b = a.withLabel("b");
        double[][] bv = b.layerValues(Measure.L2_ACTIVE);
        RunSeries b2 = RunSeries.builder("b2", b.layerNames(), b.steps())
                .layerValues(Measure.L2_ACTIVE, new double[][]{bv[2], bv[1], bv[0]}).build();
        HeatmapFigure f = DiffHeatmapFigure.of(a, b2, Measure.L2_ACTIVE);
        FigureExporter.render(f, 600, 300);
        HeatmapSource.Plotted p = f.lastPlotted();
        assertThat(p.values()[0][0]).isCloseTo(0.01 - 1.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(p.values()[1][0]).isCloseTo(0.0, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(f.lastScale().lower()).isEqualTo(-f.lastScale().upper());
        assertThat(f.lastScale().palette().kind()).isEqualTo(Palette.Kind.DIVERGING);
        assertThat(f.lastScale().isLog()).isFalse();
    }

    @Test
    void curvesCsvHasRawAndSmoothed() {
        RunSeries r = layered();
        CurvesFigure f = CurvesFigure.of(List.of(r), SeriesNames.LOSS).smoothing(0.6);
        FigureExporter.render(f, 600, 400);
        CsvTable t = f.csv();
        assertThat(t.rows()).hasSize(r.stepCount());
        assertThat(Double.parseDouble(t.rows().get(0)[3])).isEqualTo(2.0);
        assertThat(Double.parseDouble(t.rows().get(0)[4])).isEqualTo(2.0); // debiased EMA starts at the first value
        assertThat(Double.parseDouble(t.rows().get(1)[4])).isBetween(r.curve("loss").values()[1], 2.0);
    }
}
