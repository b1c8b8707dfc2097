package dev.gradflow.model.data;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundled sample is exactly what {@link FashionMnistSampleGenerator} makes from the full dataset. */
class FashionMnistSampleTest {
    @TempDir Path dir;

    @Test
    void bundledSampleIsReproducible() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(DatasetLoader.SYSTEM_FASHION_MNIST), "fashion-mnist not installed");
        FashionMnistSampleGenerator.generate(DatasetLoader.SYSTEM_FASHION_MNIST, dir);
        for (String name : DatasetLoader.IDX_FILES) {
            try (InputStream in = getClass().getResourceAsStream(DatasetLoader.SAMPLE_RESOURCE_DIR + name + ".gz")) {
                assertThat(in).as(name).isNotNull();
                assertThat(Files.readAllBytes(dir.resolve(name + ".gz"))).as(name).isEqualTo(in.readAllBytes());
            }
        }
    }
}
