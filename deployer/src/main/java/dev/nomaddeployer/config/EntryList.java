package dev.nomaddeployer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A setting whose value is a list of maps (`notify.sinks`, `registries`), as every source hands it over: JSON text.
 * Reads each entry in turn and refuses a second entry with the same identity; errors name the entry by position.
 */
final class EntryList {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Reads one entry; {@code position} is how errors name it ({@code entry 2}). */
    interface Reader<T> {
        T read(String position, Map<?, ?> entry);
    }

    private EntryList() {}

    /**
     * @param shape       what an entry is, for an element that is not a map ({@code "a map of url, username, …"})
     * @param identity    what must differ between entries (a sink's name, a registry's host)
     * @param duplicate   the reason given for an entry whose identity an earlier one has
     * @throws ValueKind.InvalidValue naming the entry, never a secret of it
     */
    static <T> List<T> parse(String text, String shape, Reader<T> reader, Function<T, String> identity,
                             Function<T, String> duplicate) {
        if (text.isBlank()) {
            return List.of();
        }
        List<?> entries;
        try {
            entries = JSON.readValue(text, List.class);
        } catch (JsonProcessingException e) {
            throw new ValueKind.InvalidValue("(not a JSON list)", "not a JSON list (" + ParserMessages.redact(
                    e.getOriginalMessage()) + ")");
        }
        List<T> read = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String position = "entry " + (i + 1);
            if (!(entries.get(i) instanceof Map<?, ?> entry)) {
                throw new ValueKind.InvalidValue(position, "not " + shape);
            }
            T value = reader.read(position, entry);
            if (!seen.add(identity.apply(value))) {
                throw new ValueKind.InvalidValue(position, duplicate.apply(value));
            }
            read.add(value);
        }
        return List.copyOf(read);
    }
}
