package dev.nomaddeployer.nomad;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Links into Nomad's web UI ({@code nomad.ui_url}), for notices and the service's own web UI. */
public final class NomadUiLinks {
    private NomadUiLinks() {}

    /** The job's page in Nomad's web UI, which routes jobs as {@code /ui/jobs/<job>@<namespace>}. */
    public static Optional<String> jobPage(Optional<URI> nomadUi, String namespace, String jobId) {
        if (nomadUi.isEmpty() || jobId == null) {
            return Optional.empty();
        }
        String base = nomadUi.get().toString();
        base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return Optional.of(base + "/ui/jobs/" + segment(jobId) + "@" + segment(namespace == null ? "default" : namespace));
    }

    private static String segment(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
