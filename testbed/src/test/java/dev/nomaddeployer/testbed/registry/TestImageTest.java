package dev.nomaddeployer.testbed.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestImageTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void sameSeedGivesTheSameDigest() {
        assertThat(TestImage.of(ManifestFormat.OCI, "v1").digest()).isEqualTo(TestImage.of(ManifestFormat.OCI, "v1").digest());
    }

    @Test
    void differentSeedGivesADifferentImage() {
        TestImage first = TestImage.of(ManifestFormat.OCI, "v1");
        TestImage second = TestImage.of(ManifestFormat.OCI, "v2");

        assertThat(second.digest()).isNotEqualTo(first.digest());
        assertThat(second.layer().digest()).isNotEqualTo(first.layer().digest());
    }

    @Test
    void formatsDifferInManifestMediaTypeAndDigest() {
        TestImage oci = TestImage.of(ManifestFormat.OCI, "v1");
        TestImage docker = TestImage.of(ManifestFormat.DOCKER_SCHEMA2, "v1");

        assertThat(docker.digest()).isNotEqualTo(oci.digest());
        assertThat(manifest(docker).path("mediaType").asText()).isEqualTo("application/vnd.docker.distribution.manifest.v2+json");
        assertThat(manifest(docker).path("layers").get(0).path("mediaType").asText())
                .isEqualTo("application/vnd.docker.image.rootfs.diff.tar.gzip");
    }

    @Test
    void manifestDescribesItsConfigAndLayerExactly() {
        TestImage image = TestImage.of(ManifestFormat.OCI, "v1");

        JsonNode manifest = manifest(image);

        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(image.config().digest());
        assertThat(manifest.path("config").path("size").asLong()).isEqualTo(image.config().size());
        assertThat(manifest.path("layers").get(0).path("digest").asText()).isEqualTo(image.layer().digest());
    }

    @Test
    void layerIsAGzippedTarWhoseDigestTheConfigNames() throws IOException {
        TestImage image = TestImage.of(ManifestFormat.OCI, "v1", Platform.LINUX_ARM64);

        byte[] tar = new GZIPInputStream(new ByteArrayInputStream(image.layer().content())).readAllBytes();

        assertThat(tar.length % 512).isZero();
        assertThat(new String(Arrays.copyOfRange(tar, 0, 8), StandardCharsets.US_ASCII)).isEqualTo("seed.txt");
        assertThat(new String(Arrays.copyOfRange(tar, 257, 262), StandardCharsets.US_ASCII)).isEqualTo("ustar");
        assertThat(new String(Arrays.copyOfRange(tar, 512, 512 + 17), StandardCharsets.UTF_8)).isEqualTo("v1 linux/arm64\n\0\0");
        JsonNode config = JSON.readTree(image.config().content());
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText()).isEqualTo(Blob.sha256(tar));
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void indexListsOnePlatformManifestPerPlatform() throws IOException {
        TestImageIndex index = TestImageIndex.of("multi", Platform.LINUX_AMD64, Platform.LINUX_ARM64);

        JsonNode json = JSON.readTree(index.index().content());

        assertThat(json.path("mediaType").asText()).isEqualTo(ManifestFormat.OCI_INDEX);
        assertThat(json.path("manifests")).extracting(m -> m.path("digest").asText())
                .containsExactly(index.images().get(0).digest(), index.images().get(1).digest());
        assertThat(json.path("manifests")).extracting(m -> m.path("platform").path("architecture").asText())
                .containsExactly("amd64", "arm64");
    }

    @Test
    void ociLayoutHoldsEveryBlobUnderItsDigestAndNamesTheReference() throws IOException {
        TestImageIndex index = TestImageIndex.of("multi", Platform.LINUX_AMD64, Platform.LINUX_ARM64);

        OciLayout layout = OciLayout.write(dir.resolve("layout"), "2.0.0", index);

        JsonNode top = JSON.readTree(Files.readString(dir.resolve("layout/index.json")));
        assertThat(top.path("manifests").get(0).path("digest").asText()).isEqualTo(index.digest());
        assertThat(top.path("manifests").get(0).path("annotations").path("org.opencontainers.image.ref.name").asText()).isEqualTo("2.0.0");
        try (var blobs = Files.list(dir.resolve("layout/blobs/sha256"))) {
            assertThat(blobs).hasSize(7).allSatisfy(blob ->
                    assertThat(Blob.sha256(Files.readAllBytes(blob))).isEqualTo("sha256:" + blob.getFileName()));
        }
        assertThat(layout.transportReference()).isEqualTo("oci:" + dir.resolve("layout").toAbsolutePath() + ":2.0.0");
    }

    private static JsonNode manifest(TestImage image) {
        try {
            return JSON.readTree(image.manifest().content());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
