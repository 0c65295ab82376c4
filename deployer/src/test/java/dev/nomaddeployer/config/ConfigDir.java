package dev.nomaddeployer.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/** A scratch working directory for loading settings, isolated from the machine's /etc. */
final class ConfigDir {

    final Path root;

    ConfigDir(Path root) {
        this.root = root;
    }

    Path write(String relativePath, String content) {
        try {
            Path file = root.resolve(relativePath);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path copyResource(String resource, String relativePath) {
        try (InputStream in = ConfigDir.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            Path file = root.resolve(relativePath);
            Files.createDirectories(file.getParent());
            Files.copy(in, file);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path systemDir() {
        return root.resolve("etc-nomad-deployer");
    }

    LoadedSettings load(Map<String, String> env, String... args) throws ConfigException {
        return SettingsLoader.load(args, env, root, systemDir());
    }

    LoadedSettings load(String... args) throws ConfigException {
        return load(Map.of(), args);
    }

    Settings settings(Map<String, String> env, String... args) throws ConfigException {
        return load(env, args).settings();
    }

    Settings settings(String... args) throws ConfigException {
        return load(args).settings();
    }
}
