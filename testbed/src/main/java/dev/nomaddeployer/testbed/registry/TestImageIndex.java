package dev.nomaddeployer.testbed.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.List;

/** A multi-platform OCI image index over one {@link TestImage} per platform, all from the same seed. */
public record TestImageIndex(List<TestImage> images, Blob index) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TestImageIndex {
        images = List.copyOf(images);
    }

    public static TestImageIndex of(String seed, Platform... platforms) {
        if (platforms.length == 0) {
            throw new IllegalArgumentException("an image index needs at least one platform");
        }
        List<TestImage> images = Arrays.stream(platforms)
                .map(platform -> TestImage.of(ManifestFormat.OCI, seed, platform))
                .toList();
        ObjectNode index = JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", ManifestFormat.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (TestImage image : images) {
            ObjectNode entry = TestImage.descriptor(image.manifest());
            ObjectNode platform = entry.putObject("platform");
            platform.put("architecture", image.platform().architecture());
            platform.put("os", image.platform().os());
            manifests.add(entry);
        }
        return new TestImageIndex(images, new Blob(ManifestFormat.OCI_INDEX, TestImage.bytes(index)));
    }

    public String digest() {
        return index.digest();
    }
}
