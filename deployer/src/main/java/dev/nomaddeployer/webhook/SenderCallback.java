package dev.nomaddeployer.webhook;

import java.net.URI;

/** A call the sender waits for once its delivery is stored: {@code body} (JSON) posted to {@code url}. */
public record SenderCallback(URI url, String body) {}
