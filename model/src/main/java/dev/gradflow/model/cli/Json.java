package dev.gradflow.model.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.gradflow.model.metrics.RunStatus;

import java.io.IOException;
import java.time.Instant;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * JSON output for {@code --json}: always valid JSON (RFC 8259). Instants are ISO-8601 strings in UTC
 * ({@code 2026-01-31T12:00:00Z}), run statuses their store names ({@code finished}), and non-finite numbers
 * (NaN, infinities, which JSON cannot represent) become {@code null}.
 */
final class Json {
    static final ObjectMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .addModule(new SimpleModule("gradflow-json")
                    .addSerializer(Instant.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(Instant v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.toString());
                        }
                    })
                    .addSerializer(RunStatus.class, new JsonSerializer<>() {
                        @Override
                        public void serialize(RunStatus v, JsonGenerator g, SerializerProvider p) throws IOException {
                            g.writeString(v.dbName());
                        }
                    })
                    .addSerializer(Double.class, new FiniteDouble())
                    .addSerializer(double.class, new FiniteDouble()))
            .build();

    private Json() {
    }

    static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }

    static String write(Object o) {
        try {
            return MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class FiniteDouble extends JsonSerializer<Double> {
        @Override
        public void serialize(Double v, JsonGenerator g, SerializerProvider p) throws IOException {
            if (v == null || !Double.isFinite(v)) g.writeNull();
            else g.writeNumber(v);
        }
    }
}
