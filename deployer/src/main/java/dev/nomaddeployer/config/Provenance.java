package dev.nomaddeployer.config;

import java.util.Map;
import java.util.Optional;

/**
 * Where each setting came from. Kept beside the values (not in them) so settings loaded from different places but
 * meaning the same compare equal.
 *
 * @param sources     key -> source, for keys not left at their default
 * @param secretFiles secret key -> the file its value was read from (the {@code *_file} keys)
 */
public record Provenance(Map<String, Source> sources, Map<String, String> secretFiles) {

    public static final Provenance DEFAULTS = new Provenance(Map.of(), Map.of());

    public Provenance {
        sources = Map.copyOf(sources);
        secretFiles = Map.copyOf(secretFiles);
    }

    public Source sourceOf(String key) {
        return sources.getOrDefault(key, Source.DEFAULT);
    }

    public Optional<String> secretFileOf(String key) {
        return Optional.ofNullable(secretFiles.get(key));
    }
}
