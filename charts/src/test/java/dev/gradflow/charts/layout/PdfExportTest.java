package dev.gradflow.charts.layout;

import dev.gradflow.charts.bench.SyntheticRuns;
import dev.gradflow.charts.data.Measure;
import dev.gradflow.charts.data.RunSeries;
import dev.gradflow.charts.data.SeriesNames;
import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.CurvesFigure;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.figure.HeatmapFigure;
import dev.gradflow.charts.figure.PanelsFigure;
import dev.gradflow.charts.style.FigureFonts;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.graphics.PDXObject;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PDFs read back with PDFBox: every font is embedded (no base-14 Helvetica) and is the bundled DejaVu Sans, text
 * with parentheses, backslashes and non-Latin-1 notation comes back as written (issue 14: a title wrapped to
 * "(minibatch" left an unbalanced string in JFreePDF's content stream and the page showed a raw "Tj"), and every
 * glyph lies on the page.
 */
class PdfExportTest {
    static final RunSeries A = SyntheticRuns.run("1 quick-demo", 3, 600, 3.0, 1);
    static final RunSeries B = SyntheticRuns.run("2 quick-demo density=1.0", 3, 600, 1.0, 2);

    static List<FigureSize> presets() { return ExportLayoutTest.presets(); }

    @ParameterizedTest(name = "{0}")
    @MethodSource("presets")
    void panelsPdfEmbedsTheFigureFontAndKeepsEveryGlyphOnThePage(FigureSize preset) throws Exception {
        Figure f = PanelsFigure.of(List.of(A, B), Measure.L2_ACTIVE).style(FigureStyle.paper(preset));
        try (PDDocument doc = Loader.loadPDF(FigureExporter.toPdf(f, preset.widthPt(), preset.heightPt()))) {
            List<PDFont> fonts = fonts(doc);
            assertThat(fonts).isNotEmpty();
            assertThat(fonts).allSatisfy(font -> {
                assertThat(font.isEmbedded()).as(font.getName() + " embedded").isTrue();
                assertThat(font.getName()).contains("DejaVuSans");
            });
            Texts t = texts(doc);
            assertThat(t.text).contains("‖g ⊙ M‖₂", "1 quick-demo", "training step").doesNotContain("Tj");
            PDPage page = doc.getPage(0);
            for (TextPosition p : t.positions) {
                // glyph origin in page space (text matrix; y up), for rotated labels too
                float x = p.getTextMatrix().getTranslateX(), y = p.getTextMatrix().getTranslateY();
                assertThat(x).as("'" + p.getUnicode() + "' x").isBetween(-0.5f, page.getMediaBox().getWidth() + 0.5f);
                assertThat(y).as("'" + p.getUnicode() + "' y").isBetween(-0.5f, page.getMediaBox().getHeight() + 0.5f);
            }
        }
    }

    @Test
    void parenthesesBackslashesAndNotationSurviveAsText() throws Exception {
        String title = "a (b \\ c ( d) e) ) ‖g ⊙ M‖₂ Δ";
        CurvesFigure f = CurvesFigure.of(List.of(A), SeriesNames.LOSS).title(title)
                .style(FigureStyle.paper(FigureSize.doubleColumn()));
        try (PDDocument doc = Loader.loadPDF(FigureExporter.toPdf(f, 500, 200))) {
            String text = texts(doc).text;
            assertThat(text).contains(title).doesNotContain("Tj");
        }
    }

    @Test
    void heatmapPdfTitleUsesTheBoldFaceAndLabelsTheRegularOne() throws Exception {
        Figure f = HeatmapFigure.of(A, Measure.EGF_CONTRIBUTION).style(FigureStyle.paper(FigureSize.singleColumn()));
        try (PDDocument doc = Loader.loadPDF(FigureExporter.toPdf(f, 238, 173))) {
            assertThat(fonts(doc).stream().map(PDFont::getName).toList())
                    .anyMatch(n -> n.endsWith("+DejaVuSans-Bold")).anyMatch(n -> n.endsWith("+DejaVuSans"));
        }
        assertThat(FigureFonts.fontName(false)).isEqualTo("DejaVu Sans");
    }

    private record Texts(String text, List<TextPosition> positions) {}

    private static Texts texts(PDDocument doc) throws IOException {
        List<TextPosition> positions = new ArrayList<>();
        PDFTextStripper s = new PDFTextStripper() {
            @Override
            protected void processTextPosition(TextPosition text) {
                positions.add(text);
                super.processTextPosition(text);
            }
        };
        return new Texts(s.getText(doc), positions);
    }

    /** Fonts of the page and of the form XObjects it draws (the Graphics2D bridge draws into one). */
    static List<PDFont> fonts(PDDocument doc) throws IOException {
        List<PDFont> out = new ArrayList<>();
        collect(doc.getPage(0).getResources(), out, 0);
        return out;
    }

    private static void collect(PDResources r, List<PDFont> out, int depth) throws IOException {
        if (r == null || depth > 4) return;
        for (COSName n : r.getFontNames()) out.add(r.getFont(n));
        for (COSName n : r.getXObjectNames()) {
            PDXObject x = r.getXObject(n);
            if (x instanceof PDFormXObject form) collect(form.getResources(), out, depth + 1);
        }
    }
}
