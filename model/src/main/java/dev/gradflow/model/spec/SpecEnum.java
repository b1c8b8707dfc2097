package dev.gradflow.model.spec;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.List;

/**
 * An enumerated spec value, written in JSON as its lower-case {@link #id()} (e.g. {@code "fashion-mnist"}).
 * Each implementing enum has a static {@code @JsonCreator} factory that accepts exactly those ids.
 */
public interface SpecEnum {
    @JsonValue
    String id();

    static <E extends Enum<E> & SpecEnum> E parse(Class<E> type, String id) {
        for (E e : type.getEnumConstants()) {
            if (e.id().equals(id)) return e;
        }
        throw new IllegalArgumentException("'" + id + "' is not one of " + ids(type));
    }

    /** Marks a spec enum that also accepts JSON {@code true}/{@code false} (an older, boolean form of the field). */
    interface BooleanAlias {
    }

    static <E extends Enum<E> & SpecEnum> List<String> ids(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(SpecEnum::id).toList();
    }
}
