package dev.nomaddeployer.pem;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A damaged key file (a flipped, cut or grown DER body under each key label) either still loads or is refused
 * with a {@link PemFiles.PemException} naming the file; no other exception reaches the caller, which turns
 * only that one into a start-up error message. (Named *Test, not *Properties, so that Surefire's default
 * includes run it.)
 */
class DamagedKeyFileTest {
    private static final List<String> LABELS = List.of("PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY");
    private static Path dir;
    private static List<byte[]> intactBodies;

    @BeforeContainer
    static void keys() throws IOException {
        dir = Files.createTempDirectory("damaged-keys");
        KeyPair rsa = PemFilesTest.generate("RSA", null);
        KeyPair ec = PemFilesTest.generate("EC", new ECGenParameterSpec("secp256r1"));
        intactBodies = List.of(rsa.getPrivate().getEncoded(), ec.getPrivate().getEncoded(),
                PemFilesTest.sec1(ec, true, true), PemFilesTest.sec1(ec, false, false),
                org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(rsa.getPrivate().getEncoded())
                        .parsePrivateKey().toASN1Primitive().getEncoded());
    }

    @AfterContainer
    static void removeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    record Damage(int body, int position, int xor, int cut, byte[] tail) {
        byte[] apply(byte[] intact) {
            byte[] damaged = intact.clone();
            int at = Math.floorMod(position, damaged.length);
            damaged[at] ^= (byte) xor;
            byte[] shortened = java.util.Arrays.copyOf(damaged, Math.max(0, damaged.length - cut));
            byte[] grown = java.util.Arrays.copyOf(shortened, shortened.length + tail.length);
            System.arraycopy(tail, 0, grown, shortened.length, tail.length);
            return grown;
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, 2000),
                        Arbitraries.integers().between(0, 255), Arbitraries.of(0, 0, 0, 1, 2, 7, 100),
                        Arbitraries.bytes().array(byte[].class).ofMaxSize(3))
                .as(Damage::new);
    }

    @Property(tries = 400)
    void damagedKeyLoadsOrIsRefusedNamingTheFile(@ForAll("damage") Damage damage,
                                                 @ForAll("labels") String label) throws Exception {
        byte[] body = damage.apply(intactBodies.get(damage.body()));
        Path file = dir.resolve("key.pem");
        Files.writeString(file, PemFilesTest.pem(w -> w.writeObject(new PemObject(label, body))));

        try {
            PrivateKey key = PemFiles.privateKey(file);
            assertThat(key).isNotNull();
        } catch (PemFiles.PemException refused) {
            assertThat(refused).hasMessageStartingWith(file.toString());
        }
    }

    @Provide
    Arbitrary<String> labels() {
        return Arbitraries.of(LABELS);
    }
}
