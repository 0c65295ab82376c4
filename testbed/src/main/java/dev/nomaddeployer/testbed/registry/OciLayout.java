package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout directory written offline, so skopeo can copy from {@code oci:DIR:REF} into a registry
 * the way a CI pipeline would, without a network or a Docker daemon.
 */
public record OciLayout(Path directory, String referenceName) {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";

    public static OciLayout write(Path directory, String referenceName, TestImage image) {
        return write(directory, referenceName, image.manifest(), List.of(image.config(), image.layer(), image.manifest()));
    }

    /** The layout's reference points at the index; skopeo {@code --all} then copies every platform. */
    public static OciLayout write(Path directory, String referenceName, TestImageIndex index) {
        List<Blob> blobs = new ArrayList<>();
        for (TestImage image : index.images()) {
            blobs.addAll(List.of(image.config(), image.layer(), image.manifest()));
        }
        blobs.add(index.index());
        return write(directory, referenceName, index.index(), blobs);
    }

    /** What skopeo accepts as a source: {@code oci:/abs/dir:ref}. */
    public String transportReference() {
        return "oci:" + directory.toAbsolutePath() + ":" + referenceName;
    }

    private static OciLayout write(Path directory, String referenceName, Blob root, List<Blob> blobs) {
        try {
            Path blobDir = Files.createDirectories(directory.resolve("blobs").resolve("sha256"));
            for (Blob blob : blobs) {
                Files.write(blobDir.resolve(blob.hex()), blob.content());
            }
            Files.writeString(directory.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}", StandardCharsets.UTF_8);
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2);
            ObjectNode entry = TestImage.descriptor(root);
            entry.putObject("annotations").put(REF_NAME_ANNOTATION, referenceName);
            index.putArray("manifests").add(entry);
            Files.write(directory.resolve("index.json"), TestImage.bytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write OCI layout " + directory, e);
        }
        return new OciLayout(directory, referenceName);
    }
}
