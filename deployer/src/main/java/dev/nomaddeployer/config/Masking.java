package dev.nomaddeployer.config;

import java.util.Optional;

final class Masking {

    static final String MASK = "********";

    private Masking() {
    }

    static String mask(Optional<String> secret) {
        return secret.isPresent() ? MASK : "";
    }
}
