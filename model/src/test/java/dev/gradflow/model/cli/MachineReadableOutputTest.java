package dev.gradflow.model.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every machine-readable output of the model CLI is parsed by a strict reader: {@code runs --json},
 * {@code show --json} (strict JSON: no NaN literals, nothing after the document), {@code export --format csv}
 * and {@code --format spec}. (The figure CSV of {@code plot} is parsed in the charts module.)
 */
class MachineReadableOutputTest {
    /** Strict: standard JSON only (NaN/Infinity literals are rejected by default), one document. */
    static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    @TempDir
    Path tmp;

    @Test
    void runsJsonIsStrictJsonWithIsoTimesAndStoreStatusNames() throws Exception {
        Path db = tmp.resolve("runs.db");
        long id = StoreFixture.addRun(db, "first");
        StoreFixture.addRun(db, "second");
        CliRun r = CliRun.of("runs", "--store", db.toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.clean()).as(r.toString()).isTrue();
        JsonNode list = STRICT.readTree(r.out());
        assertThat(list.isArray()).isTrue();
        assertThat(list).hasSize(2);
        JsonNode first = list.get(0);
        assertThat(first.get("id").asLong()).isEqualTo(id);
        assertThat(first.get("name").asText()).isEqualTo("first");
        assertThat(first.get("status").asText()).isEqualTo("finished");
        Instant created = Instant.parse(first.get("createdAt").asText());
        assertThat(created).isBetween(Instant.now().minusSeconds(600), Instant.now().plusSeconds(5));
        Instant.parse(first.get("finishedAt").asText());
        assertThat(first.get("steps").asLong()).isEqualTo(5);
        assertThat(first.get("finalTestAccuracy").asDouble()).isEqualTo(0.55);
    }

    @Test
    void aSchemaOneStoreIsReadAsItIsByRunsShowAndExport() throws Exception {
        // a real store written before schema 2 (model/src/test/resources/dev/gradflow/model/store/store-v1-README.md)
        Path db = tmp.resolve("v1.db");
        try (var in = dev.gradflow.model.store.RunStore.class.getResourceAsStream("store-v1.db")) {
            Files.copy(in, db);
        }
        byte[] before = Files.readAllBytes(db);
        CliRun runs = CliRun.of("runs", "--store", db.toString(), "--json");
        assertThat(runs.code()).as(runs.toString()).isZero();
        assertThat(STRICT.readTree(runs.out())).hasSize(1);
        CliRun show = CliRun.of("show", "1", "--store", db.toString(), "--json");
        assertThat(show.code()).as(show.toString()).isZero();
        JsonNode doc = STRICT.readTree(show.out());
        assertThat(doc.get("run").get("status").asText()).isEqualTo("finished");
        assertThat(doc.get("runMeans").get("points").asInt()).isPositive();
        CliRun text = CliRun.of("show", "1", "--store", db.toString());
        assertThat(text.code()).as(text.toString()).isZero();
        Path csv = tmp.resolve("v1.csv");
        CliRun export = CliRun.of("export", "1", "--store", db.toString(), "--format", "csv", "--out", csv.toString());
        assertThat(export.code()).as(export.toString()).isZero();
        assertThat(Files.readAllLines(csv)).hasSizeGreaterThan(1);
        try (var store = dev.gradflow.model.store.RunStore.openReadOnly(db)) {
            assertThat(store.maskEvents(1)).hasSize(6).allMatch(e -> e.dropped() == null && e.everActive() == null);
        }
        // reading upgraded nothing: same bytes, no backup
        assertThat(Files.readAllBytes(db)).isEqualTo(before);
        assertThat(tmp.resolve("v1.db.v1.bak")).doesNotExist();
    }

    @Test
    void runsJsonOfAnEmptyStoreIsAnEmptyArray() throws Exception {
        Path db = tmp.resolve("empty.db");
        dev.gradflow.model.store.RunStore.open(db).close();
        CliRun r = CliRun.of("runs", "--store", db.toString(), "--json");
        assertThat(r.code()).isZero();
        assertThat(STRICT.readTree(r.out()).isArray()).isTrue();
        assertThat(STRICT.readTree(r.out())).isEmpty();
    }

    @Test
    void showJsonIsStrictJsonAndNonFiniteValuesAreNull() throws Exception {
        Path db = tmp.resolve("runs.db");
        long id = StoreFixture.addRun(db, "one");
        CliRun r = CliRun.of("show", String.valueOf(id), "--store", db.toString(), "--json");
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(r.clean()).as(r.toString()).isTrue();
        JsonNode doc = STRICT.readTree(r.out());
        assertThat(doc.get("run").get("status").asText()).isEqualTo("finished");
        Instant.parse(doc.get("run").get("createdAt").asText());
        assertThat(doc.get("spec").get("seed").asInt()).isEqualTo(3);
        assertThat(doc.get("provenance").get("java.version").asText()).isEqualTo("17");
        assertThat(doc.get("layers")).hasSize(2);
        assertThat(doc.get("layers").get(0).get("shape").get(1).asInt()).isEqualTo(3);
        JsonNode evals = doc.get("evalPoints");
        assertThat(evals).hasSize(2);
        assertThat(evals.get(0).get("testLoss").isNull()).isTrue();           // NaN in the store
        assertThat(evals.get(0).get("evalLoss").asDouble()).isEqualTo(1.5);
        assertThat(evals.get(1).get("layers").get(0).get("l2Active").asDouble()).isEqualTo(11 + 4);
        assertThat(doc.get("epochs").get(0).get("testAccuracy").asDouble()).isEqualTo(0.55);
    }

    @Test
    void exportCsvParsesWithOneNumericCellPerHeaderColumn() throws Exception {
        Path db = tmp.resolve("runs.db");
        long id = StoreFixture.addRun(db, "one");
        Path out = tmp.resolve("m.csv");
        CliRun r = CliRun.of("export", String.valueOf(id), "--store", db.toString(), "--format", "csv", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        List<List<String>> rows = Csv.parse(Files.readString(out));
        assertThat(rows.get(0)).startsWith("step", "epoch", "loss", "lr").contains("dense1.l2_active", "output.update_ratio");
        assertThat(rows).hasSize(1 + 5);
        for (List<String> row : rows.subList(1, rows.size())) {
            for (String cell : row) Csv.number(cell);
        }
        assertThat(Csv.number(rows.get(3).get(2))).isEqualTo(1.8, org.assertj.core.data.Offset.offset(1e-12));
    }

    @Test
    void exportSpecIsTheStoredJson() throws Exception {
        Path db = tmp.resolve("runs.db");
        long id = StoreFixture.addRun(db, "one");
        Path out = tmp.resolve("spec.json");
        CliRun r = CliRun.of("export", String.valueOf(id), "--store", db.toString(), "--format", "spec", "--out", out.toString());
        assertThat(r.code()).as(r.toString()).isZero();
        assertThat(STRICT.readTree(Files.readString(out)).get("seed").asInt()).isEqualTo(3);
    }
}
