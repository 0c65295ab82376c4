package dev.nomaddeployer.testbed;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Where the harnesses' external programs write their logs, and how a failure quotes them. */
public final class LogFiles {
    private static final int TAIL_LINES = 20;

    private LogFiles() {
    }

    /**
     * A new, empty log file. Under Maven the working directory is the module, so logs land in
     * {@code target/<directoryName>} where CI can keep them and {@code mvn clean} removes them; elsewhere in the
     * system temp directory. Logs outlive the harness so a failed test can be diagnosed.
     */
    public static Path create(String directoryName, String prefix) throws IOException {
        Path target = Path.of("target");
        Path directory = Files.isDirectory(target) ? Files.createDirectories(target.resolve(directoryName))
                : Path.of(System.getProperty("java.io.tmpdir"));
        return Files.createTempFile(directory, prefix, ".log");
    }

    /** The last lines of {@code log}, for an exception message. */
    public static String tail(Path log) {
        try {
            return lastLines(Files.readString(log, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e + ")";
        }
    }

    /** The last lines of {@code text}, e.g. of what a log gained during one attempt. */
    public static String lastLines(String text) {
        List<String> lines = text.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
    }
}
