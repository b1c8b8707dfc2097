package dev.gradflow.charts.cli;

import dev.gradflow.charts.export.FigureExporter;
import dev.gradflow.charts.figure.Figure;
import dev.gradflow.charts.study.StudyFigures;
import dev.gradflow.charts.study.StudyFigures.Groups;
import dev.gradflow.charts.study.StudyFigures.Kind;
import dev.gradflow.charts.style.FigureSize;
import dev.gradflow.charts.style.FigureStyle;
import dev.gradflow.charts.style.Palette;
import dev.gradflow.charts.style.Theme;
import dev.gradflow.model.cli.OutputFile;
import dev.gradflow.model.cli.StoreOption;
import dev.gradflow.charts.study.CorrelationFigure;
import dev.gradflow.model.study.CrossStudyCorrelations;
import dev.gradflow.model.study.StudyException;
import dev.gradflow.model.study.StudyFigureData.Selection;
import dev.gradflow.model.study.StudyStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code gradflow study figure STUDY --kind KIND --out FILE...}: the paper-style figures of a study (docs/studies.md). */
@Command(name = "figure", mixinStandardHelpOptions = true,
        description = {"Paper-style figure of a study, headless: EGF over training, SC-SDC against width, the p-value "
                + "table as a heatmap, correlation bars, or a value against a study axis.",
                "The format follows each --out's extension (pdf, png, svg, csv); a provenance sidecar <out>.provenance.json "
                        + "names the store, study and runs. Bands: mean over seeds ± t(0.975, n-1) s/sqrt(n)."})
public final class StudyFigureCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "STUDY", description = {"Study id or name (see `gradflow study list`), or its study file;",
            "correlations: several studies of one store (merge stores first with `gradflow merge`), pooled per role "
                    + "(sparse and dense apart) and, with --groups both or configs, per study and role"})
    List<String> studies;

    @Option(names = "--store", paramLabel = "FILE", description = "Run store. Default: ~/.gradflow/runs.db")
    Path store;

    @Option(names = "--kind", required = true, paramLabel = "KIND", description = "egf, epochs, scsdc, pvalues, correlations or metric")
    Kind kind;

    @Option(names = "--measure", paramLabel = "M", description = {
            "egf: egf1, egf2 (default), egf1_pa, egf2_pa, gf1, gf2, test_loss, test_accuracy, train_loss, train_accuracy, eval_loss;",
            "epochs: test_loss (default) or test_accuracy after each epoch (full test split);",
            "scsdc, pvalues: test_accuracy (default) or test_loss; metric: comma-separated run values "
                    + "(test_accuracy, test_loss, egf1, egf2, egf1_pa, egf2_pa, gf1, gf2; default test_accuracy,egf2)"})
    String measure;

    @Option(names = "--config", paramLabel = "FILTER", description = "Only configurations whose label has every comma-separated term, e.g. type=adam or adam,batchNorm=true")
    String config;

    @Option(names = "--role", paramLabel = "ROLE", description = "SC-SDC: sparse or dense only (default: both)")
    String role;

    @Option(names = "--width", paramLabel = "W", description = "SC-SDC: this dense width only")
    Integer width;

    @Option(names = "--x", defaultValue = "step", paramLabel = "X", description = "egf: step (default) or point (evaluation point index)")
    String x;

    @Option(names = "--log-y", description = "egf, epochs: log y axis")
    boolean logY;

    @Option(names = "--axis", paramLabel = "PATH", description = "metric: the study axis on x, e.g. optimizer.l2 or l2, or several added: l2+weightDecay (default: the first numeric axis)")
    String axis;

    @Option(names = "--linear-x", description = "metric: linear x axis (default: log, with 0 drawn a decade below the smallest value)")
    boolean linearX;

    @Option(names = "--test", defaultValue = "t", paramLabel = "TEST", description = "scsdc, pvalues: t (paired t-test, default) or wilcoxon")
    String test;

    @Option(names = "--adjusted", description = "pvalues: colour and print the Holm-adjusted p instead of the raw p")
    boolean adjusted;

    @Option(names = "--groups", defaultValue = "pooled", paramLabel = "G", description = "correlations: pooled (default), configs or both")
    Groups groups;

    @Option(names = "--target", defaultValue = "both", paramLabel = "T", description = "correlations: loss, accuracy or both (default)")
    String target;

    @Option(names = "--preset", defaultValue = "screen", paramLabel = "P", description = "screen (default), single (3.3 in) or double (6.9 in)")
    String preset;

    @Option(names = "--theme", defaultValue = "light", description = "light (print) or dark (slides)")
    String theme;

    @Option(names = "--palette", defaultValue = "viridis", description = "pvalues' colours: viridis, magma, cividis, rdbu, coolwarm")
    String palette;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output file (.pdf, .png, .svg or .csv); repeat for several formats")
    List<Path> outs;

    @Option(names = "--csv", description = "Also write the plotted numbers (mean, band, n, p) to <first --out without extension>.csv")
    boolean csv;

    @Override
    public Integer call() throws Exception {
        for (Path o : outs) checkedFormat(o);
        FigureSize size = switch (preset) {
            case "single", "singleColumn" -> FigureSize.singleColumn();
            case "double", "doubleColumn" -> FigureSize.doubleColumn();
            case "screen" -> FigureSize.free(1200, 760);
            default -> throw new StudyException("--preset " + preset + ": expected screen, single or double");
        };
        if (!Palette.NAMES.contains(palette)) throw new StudyException("--palette " + palette + ": expected one of " + Palette.NAMES);
        if (!theme.equals("light") && !theme.equals("dark")) throw new StudyException("--theme " + theme + ": expected light or dark");
        if (role != null && !role.equals("sparse") && !role.equals("dense")) throw new StudyException("--role " + role + ": expected sparse or dense");
        if (!x.equals("step") && !x.equals("point")) throw new StudyException("--x " + x + ": expected step or point");
        if (!test.equals("t") && !test.equals("wilcoxon")) throw new StudyException("--test " + test + ": expected t or wilcoxon");
        List<String> targets = switch (target) {
            case "loss" -> List.of("test_loss");
            case "accuracy" -> List.of("test_accuracy");
            case "both" -> List.of("test_loss", "test_accuracy");
            default -> throw new StudyException("--target " + target + ": expected loss, accuracy or both");
        };
        FigureStyle style = new FigureStyle(Palette.byName(palette), Theme.byName(theme), size);
        StudyFigures.Options options = new StudyFigures.Options(kind, measure, new Selection(config, role, width), x.equals("point"),
                logY, !linearX, axis, test.equals("wilcoxon"), adjusted, groups, targets);
        Path storePath = store != null ? store : Path.of(System.getProperty("user.home"), ".gradflow", "runs.db");
        StoreOption.openForReading(storePath).close();
        Figure fig;
        Map<String, Object> extra = new LinkedHashMap<>();
        if (studies.size() > 1 && kind != Kind.correlations) {
            throw new StudyException("several studies (" + String.join(", ", studies) + ") only go together in --kind correlations");
        }
        try (StudyStore s = StudyStore.openReadOnly(storePath)) {
            if (studies.size() == 1) {
                long id = s.resolve(studies.get(0));
                var runs = s.runs(id);
                fig = StudyFigures.build(s, runs, options, style);
                extra.put("study", Map.of("id", id, "name", s.study(id).map(StudyStore.StudyInfo::name).orElse("")));
                extra.put("runIds", runs.stream().filter(r -> "finished".equals(r.status())).map(StudyStore.StudyRun::runId).toList());
            } else {
                List<CrossStudyCorrelations.StudyRuns> loaded = new ArrayList<>();
                List<Map<String, Object>> names = new ArrayList<>();
                List<Long> runIds = new ArrayList<>();
                for (String name : studies) {
                    long id = s.resolve(name);
                    CrossStudyCorrelations.StudyRuns r = CrossStudyCorrelations.load(s, id);
                    loaded.add(r);
                    names.add(Map.of("id", id, "name", r.study()));
                    r.runs().stream().filter(x -> "finished".equals(x.status())).forEach(x -> runIds.add(x.runId()));
                }
                fig = CorrelationFigure.of(CrossStudyCorrelations.correlations(loaded, groups != Groups.configs, groups != Groups.pooled),
                        targets).title("Kendall τ_b and Spearman ρ with final " + String.join(" and ", targets.stream().map(t -> t.replace('_', ' ')).toList())
                        + ", runs of " + String.join(", ", studies) + " (run means over the evaluation points)").style(style);
                extra.put("studies", names);
                extra.put("runIds", runIds);
            }
            fig = StudyFigures.withStyle(fig, style.withSize(StudyFigures.size(size, fig)));
            extra.put("store", storePath.toAbsolutePath().toString());
            extra.put("command", commandLine());
        }
        List<Path> written = new ArrayList<>(outs);
        if (csv) written.add(csvPath(outs.get(0)));
        for (Path out : written) {
            Path sidecar = FigureExporter.provenancePath(out.toAbsolutePath());
            Figure f = fig;
            OutputFile.write(out, "--out", file -> {
                FigureExporter.export(f, file, extra);
                Files.move(FigureExporter.provenancePath(file), sidecar, StandardCopyOption.REPLACE_EXISTING);
            });
            System.out.printf("wrote %s (study figure %s)%n", out, kind);
        }
        return 0;
    }

    private String commandLine() {
        List<String> a = new ArrayList<>(List.of("gradflow", "study", "figure"));
        a.addAll(studies);
        a.addAll(List.of("--kind", kind.name()));
        if (kind == Kind.correlations) a.addAll(List.of("--groups", groups.name(), "--target", target));
        if (measure != null) a.addAll(List.of("--measure", measure));
        if (config != null) a.addAll(List.of("--config", config));
        if (role != null) a.addAll(List.of("--role", role));
        if (width != null) a.addAll(List.of("--width", "" + width));
        if (axis != null) a.addAll(List.of("--axis", axis));
        return String.join(" ", a);
    }

    static Path csvPath(Path out) {
        String n = out.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return out.resolveSibling((dot < 0 ? n : n.substring(0, dot)) + ".csv");
    }

    private static void checkedFormat(Path out) {
        try {
            FigureExporter.format(out);
        } catch (IllegalArgumentException e) {
            throw new StudyException("--out " + out + ": " + e.getMessage());
        }
    }
}
