package dev.nomaddeployer.testbed.registry;

/** The two single-image manifest formats a registry accepts for a tag push. */
public enum ManifestFormat {
    DOCKER_SCHEMA2(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.container.image.v1+json",
            "application/vnd.docker.image.rootfs.diff.tar.gzip"),
    OCI(
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.config.v1+json",
            "application/vnd.oci.image.layer.v1.tar+gzip");

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";

    private final String manifestMediaType;
    private final String configMediaType;
    private final String layerMediaType;

    ManifestFormat(String manifestMediaType, String configMediaType, String layerMediaType) {
        this.manifestMediaType = manifestMediaType;
        this.configMediaType = configMediaType;
        this.layerMediaType = layerMediaType;
    }

    public String manifestMediaType() {
        return manifestMediaType;
    }

    public String configMediaType() {
        return configMediaType;
    }

    public String layerMediaType() {
        return layerMediaType;
    }
}
