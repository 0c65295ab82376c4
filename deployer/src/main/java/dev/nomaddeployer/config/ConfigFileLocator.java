package dev.nomaddeployer.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Where a config file is looked for when {@code --config} is not given: the Go tool's directories and names. */
final class ConfigFileLocator {

    static final String BASE_NAME = "deployer";
    static final Path SYSTEM_DIR = Path.of("/etc/nomad-deployer");

    private ConfigFileLocator() {
    }

    /** Every candidate in search order: directory first, then extension. */
    static List<Path> candidates(Path workingDir, Path systemDir) {
        List<Path> candidates = new ArrayList<>();
        for (Path dir : List.of(workingDir, workingDir.resolve("config"), systemDir)) {
            for (String extension : ConfigFileReader.EXTENSIONS) {
                candidates.add(dir.resolve(BASE_NAME + "." + extension));
            }
        }
        return candidates;
    }

    static Optional<Path> find(Path workingDir, Path systemDir) {
        return candidates(workingDir, systemDir).stream().filter(Files::isRegularFile).findFirst();
    }
}
