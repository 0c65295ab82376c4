package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * A tiny but well-formed container image: one config blob, one layer blob and the manifest naming them.
 * The same (format, seed, platform) always gives the same digests; a different seed gives a different
 * image, which is how a test pushes "a different image under the same tag".
 */
public record TestImage(ManifestFormat format, Platform platform, Blob config, Blob layer, Blob manifest) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static TestImage of(ManifestFormat format, String seed) {
        return of(format, seed, Platform.LINUX_AMD64);
    }

    public static TestImage of(ManifestFormat format, String seed, Platform platform) {
        // the platform is part of the content, so the images of an index share no layer, as in real builds
        byte[] tar = LayerArchive.tar("seed.txt", (seed + " " + platform + "\n").getBytes(StandardCharsets.UTF_8));
        Blob layer = new Blob(format.layerMediaType(), LayerArchive.gzip(tar));

        ObjectNode config = JSON.createObjectNode();
        config.put("architecture", platform.architecture());
        config.put("os", platform.os());
        config.putObject("config").putObject("Labels").put("dev.nomaddeployer.testbed.seed", seed);
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids").add(Blob.sha256(tar));
        Blob configBlob = new Blob(format.configMediaType(), bytes(config));

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", format.manifestMediaType());
        manifest.set("config", descriptor(configBlob));
        manifest.putArray("layers").add(descriptor(layer));
        return new TestImage(format, platform, configBlob, layer, new Blob(format.manifestMediaType(), bytes(manifest)));
    }

    /** The manifest digest: what a registry reports for the tag and what a deployer pins. */
    public String digest() {
        return manifest.digest();
    }

    static ObjectNode descriptor(Blob blob) {
        ObjectNode node = JSON.createObjectNode();
        node.put("mediaType", blob.mediaType());
        node.put("size", blob.size());
        node.put("digest", blob.digest());
        return node;
    }

    static byte[] bytes(ObjectNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
    }
}
