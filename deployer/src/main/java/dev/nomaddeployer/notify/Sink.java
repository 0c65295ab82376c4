package dev.nomaddeployer.notify;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One configured receiver of notices. Its {@code url} and {@code secret} are secrets (an incoming-webhook URL is
 * its own credential): {@link #toString()} never shows them.
 *
 * @param name   stable name from the configuration; the outbox keeps each sink's deliveries under it
 * @param secret the HMAC key a {@link SinkType#WEBHOOK} signs its bodies with
 */
public record Sink(String name, SinkType type, String url, Optional<String> secret, Set<Notice.Kind> events) {
    public static final Set<Notice.Kind> ALL_EVENTS = Set.copyOf(EnumSet.allOf(Notice.Kind.class));

    public Sink {
        events = Set.copyOf(events);
    }

    public boolean wants(Notice.Kind kind) {
        return events.contains(kind);
    }

    @Override
    public String toString() {
        return "Sink[name=" + name + ", type=" + type.label() + ", events="
                + events.stream().map(Notice.Kind::label).sorted().collect(Collectors.joining(",")) + "]";
    }
}
