package dev.nomaddeployer.registryapi;

import java.util.List;

/**
 * What a registry said about the tags of a repository ({@code GET /v2/<name>/tags/list}, every page): the tags,
 * no such repository, or a {@link RegistryFailure}.
 */
public sealed interface TagListing permits TagListing.Listed, TagListing.UnknownRepository, RegistryFailure {

    /** Worth asking again later: the answer may differ without anyone changing the configuration. */
    boolean retryable();

    /** Every tag of the repository, each once, in the registry's order (none to rely on: distribution 2.8's is its storage's). */
    record Listed(List<String> tags) implements TagListing {
        public Listed {
            tags = List.copyOf(tags);
        }

        public boolean retryable() {
            return false;
        }
    }

    /** 404: the registry has no repository of that name (or, as some registries say it, none you may see). */
    record UnknownRepository() implements TagListing {
        public boolean retryable() {
            return false;
        }
    }
}
