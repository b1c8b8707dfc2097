package dev.gradflow.model.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gradflow.model.study.Stats.Alternative;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Every statistic of {@link Stats} against SciPy: {@code src/test/resources/stats/scipy-reference.json}, written by
 * {@code make_fixtures.py} beside it (SciPy 1.17.1; exact small-sample p-values of Spearman and of Kendall with ties
 * from {@code scipy.stats.permutation_test} over all n! pairings, cross-checked there by plain enumeration). Also
 * checks that each p-value comes from the documented regime (exact / permutation / asymptotic). Prints the largest
 * deviation per statistic.
 */
class StatsScipyReferenceTest {
    private static final JsonNode FIXTURE = load();
    private static final Map<String, double[]> MAX_DIFF = new TreeMap<>();

    private static JsonNode load() {
        try (InputStream in = StatsScipyReferenceTest.class.getResourceAsStream("/stats/scipy-reference.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<JsonNode> cases() {
        List<JsonNode> out = new ArrayList<>();
        FIXTURE.get("cases").forEach(out::add);
        return out.stream();
    }

    static double[] arr(JsonNode n) {
        double[] v = new double[n.size()];
        for (int i = 0; i < v.length; i++) v[i] = n.get(i).isNull() ? Double.NaN : n.get(i).asDouble();
        return v;
    }

    static Alternative alternative(String id) {
        for (Alternative a : Alternative.values()) if (a.id().equals(id)) return a;
        throw new IllegalArgumentException(id);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesScipy(JsonNode c) {
        double[] x = arr(c.get("x")), y = arr(c.get("y"));
        Alternative alt = alternative(c.get("alternative").asText());
        String test = c.get("test").asText();
        Stats.Test r = switch (test) {
            case "spearman" -> Stats.spearman(x, y, alt);
            case "kendall" -> Stats.kendall(x, y, alt);
            case "mannwhitney" -> Stats.mannWhitney(x, y, alt);
            case "wilcoxon" -> Stats.wilcoxon(x, y, alt);
            case "paired_t" -> Stats.pairedT(x, y, alt);
            case "welch" -> Stats.welch(x, y, alt);
            default -> throw new IllegalArgumentException(test);
        };
        double stat = c.get("statistic").asDouble(), p = c.get("p").asDouble();
        String what = c.get("id").asText() + " " + alt.id() + " n=" + x.length;
        assertThat(r.method().name()).as(what + " regime").isEqualTo(c.get("regime").asText());
        assertThat(r.statistic()).as(what + " statistic").isCloseTo(stat, within(1e-12 * Math.max(1, Math.abs(stat))));
        // exact and permutation p-values are ratios of counts: equal to rounding; asymptotic ones go through
        // commons-math's distribution functions
        double tol = r.method() == Stats.Method.ASYMPTOTIC ? 1e-9 : 1e-12;
        assertThat(r.p()).as(what + " p").isCloseTo(p, within(tol));
        record(test + " statistic", Math.abs(r.statistic() - stat));
        record(test + " p (" + r.method().name().toLowerCase() + ")", Math.abs(r.p() - p));
    }

    @Test
    void summaryMeanAndStudentTIntervalMatchScipy() {
        for (JsonNode s : FIXTURE.get("summaries")) {
            Stats.Summary r = Stats.summary(arr(s.get("x")));
            assertThat(r.mean()).isCloseTo(s.get("mean").asDouble(), within(1e-12));
            assertThat(r.sd()).isCloseTo(s.get("sd").asDouble(), within(1e-12));
            assertThat(r.ciLow()).isCloseTo(s.get("low").asDouble(), within(1e-9));
            assertThat(r.ciHigh()).isCloseTo(s.get("high").asDouble(), within(1e-9));
            record("mean 95% CI bounds", Math.max(Math.abs(r.ciLow() - s.get("low").asDouble()),
                    Math.abs(r.ciHigh() - s.get("high").asDouble())));
        }
    }

    @Test
    void holmMatchesTheTextbookDefinition() {
        for (JsonNode h : FIXTURE.get("holm")) {
            double[] got = Stats.holm(arr(h.get("p")));
            double[] want = arr(h.get("adjusted"));
            for (int i = 0; i < want.length; i++) {
                if (Double.isNaN(want[i])) assertThat(got[i]).isNaN();
                else assertThat(got[i]).isCloseTo(want[i], within(1e-15));
            }
        }
    }

    @Test
    void fixtureCoversEveryStatisticAndRegime() {
        List<String> seen = new ArrayList<>();
        FIXTURE.get("cases").forEach(c -> seen.add(c.get("test").asText() + "/" + c.get("regime").asText()));
        assertThat(seen).contains("spearman/EXACT", "spearman/PERMUTATION", "spearman/ASYMPTOTIC",
                "kendall/EXACT", "kendall/PERMUTATION", "kendall/ASYMPTOTIC",
                "mannwhitney/EXACT", "mannwhitney/ASYMPTOTIC",
                "wilcoxon/EXACT", "wilcoxon/PERMUTATION", "wilcoxon/ASYMPTOTIC", "paired_t/ASYMPTOTIC",
                "welch/ASYMPTOTIC");
    }

    private static synchronized void record(String key, double diff) {
        MAX_DIFF.computeIfAbsent(key, k -> new double[2]);
        double[] v = MAX_DIFF.get(key);
        v[0] = Math.max(v[0], diff);
        v[1]++;
    }

    @AfterAll
    static void printLargestDeviations() {
        StringBuilder sb = new StringBuilder("largest |Stats - SciPy| per statistic (cases):\n");
        MAX_DIFF.forEach((k, v) -> sb.append(String.format("  %-32s %.3e (%d)%n", k, v[0], (int) v[1])));
        System.out.print(sb);
    }
}
