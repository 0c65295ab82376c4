package dev.nomaddeployer.testbed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The throw-away directories the harnesses run their programs in. */
public final class WorkDirectories {
    private WorkDirectories() {}

    /** Removes {@code root} and everything below it, if it exists; {@code what} names it in the failure. */
    public static void deleteRecursively(Path root, String what) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + what + " " + root, e);
        }
    }
}
