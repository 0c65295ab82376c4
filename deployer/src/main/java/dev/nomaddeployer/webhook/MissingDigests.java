package dev.nomaddeployer.webhook;

import dev.nomaddeployer.deploy.PushEvent;
import dev.nomaddeployer.registryapi.Registries;
import dev.nomaddeployer.registryapi.RegistryReader;
import dev.nomaddeployer.registryapi.TagLookup;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills in the digest of pushes whose sender did not say it (Quay, Docker Hub, some GitLab and Gitea events), by
 * asking the registry where the tag points now, when {@code registries} lists it. A push whose registry is not
 * listed, or does not answer, is stored without one: losing the push would be worse than deploying it by tag alone,
 * and a job that follows digests asks the registry again before it registers.
 */
public final class MissingDigests {
    private static final Logger LOG = LoggerFactory.getLogger(MissingDigests.class);

    private final Registries registries;

    public MissingDigests(Registries registries) {
        this.registries = registries;
    }

    public List<PushEvent> resolve(List<PushEvent> pushes) throws InterruptedException {
        List<PushEvent> resolved = new ArrayList<>(pushes.size());
        for (PushEvent push : pushes) {
            resolved.add(push.digest() == null ? resolve(push) : push);
        }
        return resolved;
    }

    private PushEvent resolve(PushEvent push) throws InterruptedException {
        Optional<RegistryReader> reader = registries.readerFor(push.registryHost());
        if (reader.isEmpty()) {
            return push;
        }
        TagLookup answer = reader.get().lookup(push.repository(), push.tag());
        if (answer instanceof TagLookup.Points points) {
            return push.withDigest(points.digest());
        }
        LOG.warn("event=digest_unresolved source={} host={} repository={} tag={} reason=\"{}\"", push.source(),
                push.registryHost(), push.repository(), push.tag(), answer);
        return push;
    }
}
