package dev.nomaddeployer.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nomaddeployer.notify.Notice;
import dev.nomaddeployer.notify.Sink;
import dev.nomaddeployer.notify.SinkType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code notify.sinks}: a list of sinks, each a map {@code {name, type, url | url_file, secret | secret_file,
 * events}}. A file writes it as a list of maps (YAML/JSON lists, TOML {@code [[notify.sinks]]}, HCL
 * {@code sinks = [{...}]}); variables, flags and properties files as the same list in JSON. Messages name the
 * entry by its position and name and never quote a URL or a secret.
 */
final class SinksText {
    static final String ACCEPTED = "a list of sinks, each {name, type: webhook|slack|teams, url or url_file,"
            + " secret or secret_file (webhook only), events: [" + labels(EnumSet.allOf(Notice.Kind.class)) + "]}";
    /** The name the simple setup ({@code notify.webhook.url}) gives its sink. */
    static final String SIMPLE_WEBHOOK = "webhook";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Names become metric labels and thread names: keep them to what reads well in both. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");
    private static final List<String> FIELDS = List.of("name", "type", "url", "url_file", "secret", "secret_file",
            "events");

    private SinksText() {}

    /** The list as a file gave it, as the JSON text every other source gives. */
    static String toJson(List<?> sinks) {
        try {
            return JSON.writeValueAsString(sinks);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree read from a config file is always JSON", e);
        }
    }

    /** @throws ValueKind.InvalidValue naming the entry, never its URL or secret */
    static List<Sink> parse(String text, Path workingDir) {
        return EntryList.parse(text, "a map of name, type, url, ...", (position, entry) -> sink(position, entry,
                workingDir), Sink::name, sink -> "the name \"" + sink.name() + "\" is used twice; each sink needs its own");
    }

    /** Name, type and events, never a URL or a secret: for {@code --print-config}. */
    static String format(List<Sink> sinks) {
        return sinks.stream().map(s -> s.name() + "=" + s.type().label() + "(" + labels(s.events()) + ")")
                .collect(Collectors.joining(";"));
    }

    private static Sink sink(String position, Map<?, ?> entry, Path workingDir) {
        for (Object field : entry.keySet()) {
            String name = String.valueOf(field).toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(name)) {
                throw invalid(position, "unknown field \"" + name + "\"" + SettingsTable.didYouMean(name, FIELDS, ""));
            }
        }
        String name = text(entry, "name").orElseThrow(() -> invalid(position, "has no name"));
        if (!NAME.matcher(name).matches()) {
            throw invalid(position, "the name \"" + name + "\" must be letters, digits, '.', '_' or '-'");
        }
        if (name.equals(SIMPLE_WEBHOOK)) {
            throw invalid(position, "the name \"" + SIMPLE_WEBHOOK + "\" is the sink of notify.webhook.url; choose another");
        }
        String where = position + " (" + name + ")";
        String typeText = text(entry, "type").orElseThrow(() -> invalid(where, "has no type"));
        SinkType type = Arrays.stream(SinkType.values()).filter(t -> t.label().equals(typeText.toLowerCase(Locale.ROOT)))
                .findFirst().orElseThrow(() -> invalid(where, "type \"" + typeText + "\" is not one of webhook, slack, teams"));
        String url = secretOrFile(entry, "url", where, workingDir)
                .orElseThrow(() -> invalid(where, "has neither url nor url_file"));
        try {
            ValueKind.checkSecretUrl(url);
        } catch (ValueKind.InvalidValue e) {
            throw invalid(where, "url: " + e.getMessage());
        }
        Optional<String> secret = secretOrFile(entry, "secret", where, workingDir);
        if (type == SinkType.WEBHOOK && secret.isEmpty()) {
            throw invalid(where, "a webhook sink needs secret or secret_file: its bodies are signed");
        }
        if (type != SinkType.WEBHOOK && secret.isPresent()) {
            throw invalid(where, "a " + type.label() + " sink takes no secret: its URL is its credential");
        }
        return new Sink(name, type, url, secret, events(entry, where));
    }

    private static Set<Notice.Kind> events(Map<?, ?> entry, String where) {
        Object given = field(entry, "events");
        if (given == null) {
            return Sink.ALL_EVENTS;
        }
        List<String> labels;
        if (given instanceof List<?> list) {
            labels = list.stream().map(FileEntries::text).map(String::strip).toList();
        } else if (given instanceof String textual) {
            labels = JobsText.splitList(textual);
        } else {
            throw invalid(where, "events must be a list of " + labels(EnumSet.allOf(Notice.Kind.class)));
        }
        if (labels.isEmpty()) {
            throw invalid(where, "events is empty; leave it out for every event");
        }
        Set<Notice.Kind> kinds = EnumSet.noneOf(Notice.Kind.class);
        for (String label : labels) {
            kinds.add(Notice.Kind.ofLabel(label.toLowerCase(Locale.ROOT)).orElseThrow(() -> invalid(where,
                    "unknown event \"" + label + "\"; events are " + labels(EnumSet.allOf(Notice.Kind.class)))));
        }
        return kinds;
    }

    /** {@code key} or {@code key_file} (its trimmed content), not both (also for {@link RegistriesText}); a blank value is refused, as for every secret. */
    static Optional<String> secretOrFile(Map<?, ?> entry, String key, String where, Path workingDir) {
        Object direct = field(entry, key);
        Optional<String> file = text(entry, key + "_file");
        if (direct != null && file.isPresent()) {
            throw invalid(where, "set only one of " + key + " and " + key + "_file");
        }
        if (direct != null) {
            if (!(direct instanceof String value) || value.isBlank()) {
                throw invalid(where, key + " must be non-empty text");
            }
            return Optional.of(value.strip());
        }
        if (file.isEmpty()) {
            return Optional.empty();
        }
        Path path = workingDir.resolve(file.get()).normalize();
        String content;
        try {
            content = Files.readString(path, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw invalid(where, key + "_file: cannot read file " + path + " (" + e.getClass().getSimpleName() + ")");
        }
        if (content.isEmpty()) {
            throw invalid(where, key + "_file: file " + path + " is empty");
        }
        return Optional.of(content);
    }

    static Optional<String> text(Map<?, ?> entry, String key) {
        Object value = field(entry, key);
        return value == null ? Optional.empty() : Optional.of(FileEntries.text(value).strip()).filter(t -> !t.isEmpty());
    }

    /** Field names are case-insensitive, as every key of the configuration is. */
    static Object field(Map<?, ?> entry, String key) {
        return entry.entrySet().stream().filter(e -> String.valueOf(e.getKey()).equalsIgnoreCase(key))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    static ValueKind.InvalidValue invalid(String where, String reason) {
        return new ValueKind.InvalidValue(where, reason);
    }

    private static String labels(Set<Notice.Kind> kinds) {
        return kinds.stream().sorted().map(Notice.Kind::label).collect(Collectors.joining(", "));
    }
}
