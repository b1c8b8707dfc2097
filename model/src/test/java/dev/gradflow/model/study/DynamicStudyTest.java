package dev.gradflow.model.study;

import dev.gradflow.model.spec.DynamicSparsitySpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** sample-data/studies/dynamic.json validates and plans static vs SET vs RigL x 3 densities x 3 seeds = 27 runs. */
class DynamicStudyTest {
    @Test
    void dynamicStudyPlansTwentySevenValidRuns() throws Exception {
        Path f = Path.of("..", "sample-data", "studies", "dynamic.json");
        assertThat(f).exists();
        StudyPlan plan = StudyPlan.of(StudyFile.parse(Files.readString(f), f.toString()));
        assertThat(plan.runs()).hasSize(27);
        assertThat(new HashSet<>(plan.runs().stream().map(PlannedRun::hash).toList())).hasSize(27);
        assertThat(new HashSet<>(plan.runs().stream().map(PlannedRun::name).toList())).hasSize(27);
        assertThat(plan.runs().get(0).name()).isEqualTo("dynamic/density=0.2,dynamic=none/s1");
        for (PlannedRun r : plan.runs()) {
            DynamicSparsitySpec d = r.spec().sparsity().dynamic();
            String kind = d == null ? "none" : d.type().id();
            assertThat(r.name()).contains("dynamic=" + kind);
            assertThat(List.of(0.2, 0.1, 0.05)).contains(r.spec().sparsity().density());
        }
        assertThat(plan.runs().stream().filter(r -> r.spec().sparsity().dynamic() == null).count()).isEqualTo(9);
        assertThat(plan.runs().stream().filter(r -> r.spec().sparsity().dynamic() != null
                && r.spec().sparsity().dynamic().type() == DynamicSparsitySpec.Type.RIGL).count()).isEqualTo(9);
    }
}
