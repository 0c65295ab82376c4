package dev.nomaddeployer.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * The operator's switch in the jobspec itself: job meta {@code nomad-deployer.pause = "true"} keeps the service's
 * hands off the job for as long as it is there, whatever is pushed. Job level only: it is about the whole job.
 */
public final class JobOptOut {
    public static final String META_KEY = "nomad-deployer.pause";

    private JobOptOut() {}

    public static boolean optedOut(JsonNode job) {
        return job.path("Meta").path(META_KEY).asText("").strip().toLowerCase(Locale.ROOT).equals("true");
    }

    public static String reason() {
        return "automation is paused by the job's meta " + META_KEY + " = \"true\"; remove it to resume";
    }
}
