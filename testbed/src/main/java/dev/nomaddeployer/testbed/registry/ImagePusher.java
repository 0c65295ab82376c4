package dev.nomaddeployer.testbed.registry;

/**
 * Pushes {@link TestImage}s the way a build pipeline does (blobs first, then the manifest), so the
 * registry emits the same notifications it would for {@code docker push}.
 */
public final class ImagePusher {
    private final RegistryClient client;

    public ImagePusher(RegistryClient client) {
        this.client = client;
    }

    /** Pushes {@code repository:tag}; returns the manifest digest. */
    public String push(String repository, String tag, TestImage image) {
        uploadBlobs(repository, image);
        return client.putManifest(repository, tag, image.format().manifestMediaType(), image.manifest().content());
    }

    /** Shorthand: the image built from {@code seed}; the same seed is the same image, another seed another one. */
    public String push(String repository, String tag, ManifestFormat format, String seed) {
        return push(repository, tag, TestImage.of(format, seed));
    }

    /** Pushes the manifest by its digest only (no tag), like the children of an index or {@code repo@sha256:…}. */
    public String pushByDigest(String repository, TestImage image) {
        uploadBlobs(repository, image);
        return client.putManifest(repository, image.digest(), image.format().manifestMediaType(), image.manifest().content());
    }

    /**
     * Gives an existing manifest a new tag without re-uploading anything: GET it by {@code existingReference}
     * (tag or digest) and PUT the same bytes under {@code newTag}. Returns the digest, which is unchanged.
     */
    public String tag(String repository, String existingReference, String newTag) {
        RegistryClient.Manifest manifest = client.getManifest(repository, existingReference);
        return client.putManifest(repository, newTag, manifest.mediaType(), manifest.content());
    }

    /** Deletes the manifest a tag or digest names; returns the digest deleted. */
    public String delete(String repository, String reference) {
        String digest = reference.startsWith("sha256:") ? reference
                : client.resolve(repository, reference).orElseThrow(() -> new IllegalArgumentException(
                        "cannot delete " + repository + ":" + reference + " at " + client.baseUri() + ": no such tag"));
        client.deleteManifest(repository, digest);
        return digest;
    }

    private void uploadBlobs(String repository, TestImage image) {
        // the layer goes in chunks and the config in one PUT, so both upload styles stay exercised
        client.uploadBlobInChunks(repository, image.layer().content(), 64);
        client.uploadBlob(repository, image.config().content());
    }
}
