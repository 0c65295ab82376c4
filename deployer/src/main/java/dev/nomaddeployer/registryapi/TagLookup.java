package dev.nomaddeployer.registryapi;

/**
 * What a registry said about the manifest a tag points at ({@code HEAD /v2/<name>/manifests/<tag>}): the digest,
 * no such tag, or a {@link RegistryFailure}.
 */
public sealed interface TagLookup permits TagLookup.Points, TagLookup.UnknownTag, RegistryFailure {

    /** Worth asking again later: the answer may differ without anyone changing the configuration. */
    boolean retryable();

    /** The tag points at the manifest with this digest ({@code Docker-Content-Digest}). */
    record Points(String digest) implements TagLookup {
        public boolean retryable() {
            return false;
        }
    }

    /** 404: the repository has no such tag (deleted since the push, or never there). */
    record UnknownTag() implements TagLookup {
        public boolean retryable() {
            return false;
        }
    }
}
