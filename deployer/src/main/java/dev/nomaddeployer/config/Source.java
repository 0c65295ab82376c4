package dev.nomaddeployer.config;

import java.nio.file.Path;

/** Where a setting's value came from, so that every message can point the operator at the place to fix. */
public sealed interface Source {

    Source DEFAULT = new Default();

    /** Higher wins: flags &gt; DEPLOYER_ variables &gt; Nomad's own variables &gt; config file &gt; defaults. */
    int rank();

    /** Human text used in messages and in {@code --print-config}. */
    String describe();

    record Default() implements Source {
        @Override
        public int rank() {
            return 0;
        }

        @Override
        public String describe() {
            return "default";
        }
    }

    /** {@code line} is 0 when no line is known (a key the TOML scan could not follow). */
    record FileLocation(Path file, int line) implements Source {
        @Override
        public int rank() {
            return 1;
        }

        @Override
        public String describe() {
            return line > 0 ? "file " + file + " line " + line : "file " + file;
        }
    }

    record EnvVar(String name) implements Source {
        @Override
        public int rank() {
            return name.startsWith(Setting.ENV_PREFIX) ? 3 : 2;
        }

        @Override
        public String describe() {
            return "env var " + name;
        }
    }

    record Flag(String name) implements Source {
        @Override
        public int rank() {
            return 4;
        }

        @Override
        public String describe() {
            return "flag " + name;
        }
    }
}
