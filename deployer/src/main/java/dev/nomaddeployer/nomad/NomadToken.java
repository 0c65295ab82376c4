package dev.nomaddeployer.nomad;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The token requests carry. One read from a file ({@code nomad.token_file}) is read again whenever the file
 * changes: Nomad rewrites a task's workload identity file ({@code secrets/nomad_token}) when it renews the
 * identity, and the old token stops working. A file that cannot be read, or is empty for a moment while it is
 * rewritten, leaves the last good token in use.
 */
final class NomadToken {
    private static final Logger LOG = LoggerFactory.getLogger(NomadToken.class);

    private final Optional<Path> file;
    private volatile Optional<String> value;
    private volatile Object version;

    NomadToken(Optional<String> initial, Optional<Path> file) {
        this.value = initial;
        this.file = file;
        this.version = file.map(NomadToken::versionOf).orElse(null);
    }

    Optional<String> current() {
        if (file.isPresent()) {
            Object now = versionOf(file.get());
            if (now != null && !Objects.equals(now, version)) {
                reread(file.get(), now);
            }
        }
        return value;
    }

    private synchronized void reread(Path path, Object now) {
        if (Objects.equals(now, version)) {
            return;
        }
        try {
            String content = Files.readString(path, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                return; // being rewritten; the next request looks again
            }
            value = Optional.of(content);
            version = now;
            LOG.info("event=nomad_token_reloaded file={}", path);
        } catch (IOException e) {
            LOG.warn("event=nomad_token_unreadable file={} reason=\"{}\"", path, e.getClass().getSimpleName());
        }
    }

    /** Modification time, size and inode together: a rewrite within one clock tick still shows. */
    private static Object versionOf(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(),
                    Objects.requireNonNullElse(attributes.fileKey(), ""));
        } catch (IOException e) {
            return null;
        }
    }
}
