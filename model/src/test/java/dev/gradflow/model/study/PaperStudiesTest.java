package dev.gradflow.model.study;

import dev.gradflow.model.spec.DatasetSpec;
import dev.gradflow.model.spec.OptimizerSpec;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The paper-scale study files (sample-data/studies/paper-*.json, docs/findings.md) validate and plan the runs their
 * descriptions promise; zipped axes set several paths together.
 */
class PaperStudiesTest {
    static StudyPlan plan(String name) throws Exception {
        return plan(name, 5);
    }

    static StudyPlan plan(String name, int seeds) throws Exception {
        Path f = Path.of("..", "sample-data", "studies", name + ".json");
        assertThat(f).exists();
        StudyPlan plan = StudyPlan.of(StudyFile.parse(Files.readString(f), f.toString()));
        assertThat(new HashSet<>(plan.runs().stream().map(PlannedRun::hash).toList())).hasSize(plan.runs().size());
        for (PlannedRun r : plan.runs()) {
            assertThat(r.spec().dataset().id().id()).isEqualTo("fashion-mnist");
            assertThat(r.spec().dataset().trainExamples()).as("full training split").isNull();
            assertThat(r.spec().evaluation().points()).isEqualTo(11);
        }
        assertThat(plan.runs().stream().map(PlannedRun::seed).distinct().count()).isEqualTo(seeds);
        return plan;
    }

    @Test
    void batchNormStudyPlansEightyRunsInFortyPairs() throws Exception {
        StudyPlan plan = plan("paper-batchnorm");
        assertThat(plan.runs()).hasSize(4 * 2 * 5 * 2);
        assertThat(plan.runs().stream().filter(r -> "sparse".equals(r.role())).count()).isEqualTo(40);
        Map<String, Double> lr = new TreeMap<>();
        for (PlannedRun r : plan.runs()) lr.put(r.spec().optimizer().type().id(), r.spec().optimizer().learningRate());
        assertThat(lr).isEqualTo(Map.of("sgd", 0.1, "momentum", 0.1, "adagrad", 0.1, "adam", 0.001));
        assertThat(plan.runs().stream().filter(r -> r.spec().architecture().layers().get(0).batchNorm()).count()).isEqualTo(40);
    }

    @Test
    void convergenceStudyIsTheBatchNormStudyTrainedFourTimesLongerWithOneSeed() throws Exception {
        StudyPlan plan = plan("paper-convergence", 1);
        StudyPlan batchNorm = plan("paper-batchnorm");
        assertThat(plan.runs()).hasSize(4 * 2 * 2);
        for (PlannedRun r : plan.runs()) {
            assertThat(r.spec().training().epochs()).isEqualTo(24);
            PlannedRun same = batchNorm.runs().stream().filter(b -> b.config().equals(r.config()) && b.role().equals(r.role())
                    && b.seed() == r.seed()).findFirst().orElseThrow();
            assertThat(r.spec().withName(same.spec().name()).withTraining(same.spec().training())).as(r.name()).isEqualTo(same.spec());
        }
    }

    @Test
    void regularizationConvergenceStudyIsTheRegularizationStudyTrainedTwiceAsLongWithOneSeedWithoutAdamWDuplicates() throws Exception {
        StudyPlan plan = plan("paper-regularization-convergence", 1);
        StudyPlan twelve = plan("paper-regularization-e12");
        assertThat(plan.runs()).hasSize(24 - 2);
        for (PlannedRun r : plan.runs()) {
            assertThat(r.spec().training().epochs()).isEqualTo(24);
            OptimizerSpec o = r.spec().optimizer();
            assertThat(o.type().id().equals("adamw") && o.weightDecay() == 0).as(r.name() + " repeats an Adam run").isFalse();
            PlannedRun same = twelve.runs().stream().filter(b -> b.config().equals(r.config()) && b.seed() == r.seed())
                    .findFirst().orElseThrow();
            assertThat(r.spec().withName(same.spec().name()).withTraining(same.spec().training())).as(r.name()).isEqualTo(same.spec());
        }
    }

    @Test
    void twelveEpochStudiesAreTheSixEpochOnesTrainedTwiceAsLong() throws Exception {
        for (String n : java.util.List.of("paper-batchnorm", "paper-regularization", "paper-activations")) {
            StudyPlan six = plan(n), twelve = plan(n + "-e12");
            assertThat(twelve.runs()).as(n).hasSize(six.runs().size());
            for (int i = 0; i < six.runs().size(); i++) {
                PlannedRun a = six.runs().get(i), b = twelve.runs().get(i);
                assertThat(b.config()).isEqualTo(a.config());
                assertThat(b.spec().training().epochs()).isEqualTo(12);
                assertThat(b.spec().withName(a.spec().name()).withTraining(a.spec().training())).as(b.name()).isEqualTo(a.spec());
            }
        }
    }

    @Test
    void learningRateStudyIsTheTwelveEpochBatchNormStudyAtTheOtherLearningRate() throws Exception {
        StudyPlan plan = plan("paper-batchnorm-lr-e12"), batchNorm = plan("paper-batchnorm-e12");
        assertThat(plan.runs()).hasSize(batchNorm.runs().size());
        Map<String, Double> other = Map.of("sgd", 0.001, "momentum", 0.001, "adagrad", 0.001, "adam", 0.1);
        for (int i = 0; i < plan.runs().size(); i++) {
            PlannedRun a = batchNorm.runs().get(i), b = plan.runs().get(i);
            OptimizerSpec o = b.spec().optimizer();
            assertThat(o.learningRate()).as(b.name()).isEqualTo(other.get(o.type().id()));
            assertThat(o.learningRate()).as(b.name()).isNotEqualTo(a.spec().optimizer().learningRate());
            assertThat(b.spec().withName(a.spec().name()).withOptimizer(a.spec().optimizer())).as(b.name()).isEqualTo(a.spec());
        }
    }

    @Test
    void activationStudyPlansSixActivationsUnderSgdAndAdam() throws Exception {
        StudyPlan plan = plan("paper-activations");
        assertThat(plan.runs()).hasSize(2 * 6 * 5 * 2);
        java.util.TreeSet<String> activations = plan.runs().stream()
                .map(r -> r.spec().architecture().layers().get(1).activation().id())
                .collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(activations).containsExactly("elu", "prelu", "relu", "sigmoid", "srelu", "swish");
    }

    @Test
    void regularizationStudyPutsTheStrengthInEachOptimizersOwnWeightDecay() throws Exception {
        StudyPlan plan = plan("paper-regularization");
        assertThat(plan.runs()).hasSize(24 * 5);
        Map<String, Integer> perOptimizer = new TreeMap<>();
        for (PlannedRun r : plan.runs()) {
            OptimizerSpec o = r.spec().optimizer();
            String type = o.type().id();
            perOptimizer.merge(type, 1, Integer::sum);
            double strength = type.equals("adamw") ? o.weightDecay() : o.l2();
            double other = type.equals("adamw") ? o.l2() : o.weightDecay();
            assertThat(other).as(r.name()).isZero();
            assertThat(java.util.List.of(0.0, 1e-4, 1e-3, 1e-2, 1e-1)).contains(strength);
            if (r.spec().dataset().augmentation() == DatasetSpec.Augmentation.SHIFT) assertThat(strength).isZero();
            assertThat(o.learningRate()).isEqualTo(type.equals("sgd") ? 0.1 : 0.001);
            assertThat(r.spec().sparsity().density()).isEqualTo(0.1);
        }
        assertThat(perOptimizer).isEqualTo(Map.of("adam", 30, "rmsprop", 30, "adamw", 30, "sgd", 30));
    }

    @Test
    void zippedAxisNeedsOneValuePerPath() {
        String study = """
                {"name": "z", "base": {"dataset": {"id": "spirals"}, "architecture": {"layers": [{"width": 8}]}},
                 "axes": {"optimizer.type|optimizer.learningRate": [["sgd", 0.1], ["adam"]]}, "seeds": 1}""";
        assertThatThrownBy(() -> StudyFile.parse(study, "z.json"))
                .hasMessageContaining("axes.optimizer.type|optimizer.learningRate").hasMessageContaining("array of 2 values");
        StudyPlan ok = StudyPlan.of(StudyFile.parse(study.replace("[\"adam\"]", "[\"adam\", 0.01]"), "z.json"));
        assertThat(ok.runs()).extracting(PlannedRun::name)
                .containsExactly("z/type=sgd,learningRate=0.1/s1", "z/type=adam,learningRate=0.01/s1");
        assertThat(ok.runs().get(1).spec().optimizer().learningRate()).isEqualTo(0.01);
    }
}
