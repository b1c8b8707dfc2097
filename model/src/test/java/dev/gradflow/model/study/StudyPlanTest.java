package dev.gradflow.model.study;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StudyPlanTest {
    static final String GRID = """
            { "name": "g",
              "base": { "dataset": { "id": "spirals", "examples": 200 },
                        "architecture": { "layers": [ { "width": 16 }, { "width": 16 } ] },
                        "evaluation": { "points": 2, "examples": 64, "snapshots": false } },
              "axes": { "optimizer.type": ["sgd", "adam"], "architecture.layers[*].batchNorm": [false, true] },
              "seeds": [1, 2] }
            """;

    @Test
    void expandsAxesAndSeedsWithStarPaths() {
        StudyPlan plan = StudyPlan.of(StudyFile.parse(GRID, "g.json"));
        assertThat(plan.runs()).hasSize(8);
        var first = plan.runs().get(0);
        assertThat(first.name()).isEqualTo("g/type=sgd,batchNorm=false/s1");
        var bn = plan.runs().get(2);
        assertThat(bn.spec().architecture().layers()).allMatch(l -> l.batchNorm());
        assertThat(bn.spec().optimizer().type().id()).isEqualTo("sgd");
        assertThat(new HashSet<>(plan.runs().stream().map(PlannedRun::hash).toList())).hasSize(8);
    }

    @Test
    void shardsPartitionThePlanAndKeepPairsTogether() {
        String sc = GRID.replace("\"seeds\": [1, 2] }", "\"seeds\": [1, 2], \"scsdc\": { \"denseWidths\": [4, 8] } }");
        StudyPlan plan = StudyPlan.of(StudyFile.parse(sc, "g.json"));
        assertThat(plan.runs()).hasSize(32);
        List<StudyPlan> shards = IntStream.range(0, 3).mapToObj(i -> plan.shard(i, 3)).toList();
        assertThat(shards.stream().mapToInt(s -> s.runs().size()).sum()).isEqualTo(32);
        for (StudyPlan s : shards) {
            assertThat(s.runs().stream().filter(r -> r.role().equals("sparse")).count())
                    .isEqualTo(s.runs().stream().filter(r -> r.role().equals("dense")).count());
        }
        assertThatThrownBy(() -> plan.shard(3, 3)).isInstanceOf(StudyException.class);
    }

    @Test
    void badPathsAndValuesAreReported() {
        assertThatThrownBy(() -> StudyPlan.of(StudyFile.parse(GRID.replace("layers[*].batchNorm", "layers[5].batchNorm"), "g.json")))
                .hasMessageContaining("outside");
        assertThatThrownBy(() -> StudyPlan.of(StudyFile.parse(GRID.replace("\"adam\"", "\"adamx\""), "g.json")))
                .hasMessageContaining("optimizer.type");
    }
}
