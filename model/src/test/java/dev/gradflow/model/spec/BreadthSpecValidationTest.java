package dev.gradflow.model.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Validation messages (JSON path, value, what is allowed) for the engine-breadth fields. */
class BreadthSpecValidationTest {
    static List<String> problems(String json) {
        SpecException e = catchThrowableOfType(() -> SpecIO.parse(json, "test"), SpecException.class);
        assertThat(e).as("spec should be rejected: " + json).isNotNull();
        return e.problems().stream().map(Problem::message).toList();
    }

    @Test
    void augmentationFieldsAreChecked() {
        assertThat(problems("""
                {"dataset": {"id": "fashion-mnist-sample", "augmentation": "rotate"}}"""))
                .containsExactly("dataset.augmentation: \"rotate\" is not allowed; expected one of none, shift, crop-flip");
        assertThat(problems("""
                {"dataset": {"id": "spirals", "augmentation": "shift", "augmentPixels": 0}}"""))
                .containsExactlyInAnyOrder(
                        "dataset.augmentation: \"shift\" is not allowed; expected none for the 2-D synthetic set spirals (augmentation shifts and flips images)",
                        "dataset.augmentPixels: 0 is not allowed; expected an integer >= 1");
        ExperimentSpec ok = SpecIO.parse("""
                {"dataset": {"id": "fashion-mnist-sample", "augmentation": "crop-flip"}}""", "test");
        assertThat(ok.dataset().augmentPixels()).isEqualTo(4);
        assertThat(SpecIO.parse("""
                {"dataset": {"id": "fashion-mnist-sample", "augmentation": "shift"}}""", "test").dataset().augmentPixels())
                .isEqualTo(2);
    }
}
