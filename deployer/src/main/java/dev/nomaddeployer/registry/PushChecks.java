package dev.nomaddeployer.registry;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.image.ReferenceGrammar;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What every sender's push must satisfy before it is stored, whoever sent it: names inside the distribution grammar
 * (nothing else can be in a job's image) and an id, host and digest no registry would write otherwise. The id, host
 * and digest end up in logs, the store and the history API; control characters, spaces or a host that is no host
 * are refused so they cannot forge log lines.
 */
public final class PushChecks {
    /** Registries use UUIDs, other senders delivery ids or hashes; allow any short token of visible ASCII. */
    private static final Pattern EVENT_ID = Pattern.compile("[\\x21-\\x7e]{1,256}");
    /** The distribution digest grammar: algorithm ":" encoded. */
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,256}");

    private PushChecks() {}

    /** Empty when the push may be stored; otherwise the short reason it is ignored. */
    public static Optional<String> whyIgnored(PushEvent push) {
        return whyInvalidName(push.repository(), push.tag()).or(() -> whyUntrustworthy(push.eventId(),
                push.registryHost(), push.digest(), push.repository(), push.tag()));
    }

    static Optional<String> whyInvalidName(String repository, String tag) {
        if (!ReferenceGrammar.isValidRepository(repository)) {
            return Optional.of("invalid repository \"" + repository + "\"");
        }
        if (!ReferenceGrammar.isValidTag(tag)) {
            return Optional.of("invalid tag \"" + tag + "\" for " + repository);
        }
        return Optional.empty();
    }

    static Optional<String> whyUntrustworthy(String id, String host, String digest, String repository, String tag) {
        if (id == null || !EVENT_ID.matcher(id).matches()) {
            return Optional.of("invalid event id for " + repository + ":" + tag);
        }
        if (!ReferenceGrammar.isValidHost(host)) {
            return Optional.of("invalid registry host for " + repository + ":" + tag);
        }
        if (digest != null && !DIGEST.matcher(digest).matches()) {
            return Optional.of("invalid digest for " + repository + ":" + tag);
        }
        return Optional.empty();
    }
}
