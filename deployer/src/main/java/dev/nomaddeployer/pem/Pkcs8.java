package dev.nomaddeployer.pem;

import dev.nomaddeployer.pem.Der.Element;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * PKCS#8 PrivateKeyInfo (RFC 5208), the one private key layout the JDK's key factories read. A PKCS#1 RSA key
 * (RFC 8017) and a SEC1 EC key (RFC 5915) are exactly PKCS#8's private key field without the algorithm
 * identifier in front, so wrapping them loses nothing and leaves parsing the key material to the JDK.
 */
final class Pkcs8 {
    /** rsaEncryption, 1.2.840.113549.1.1.1, whose parameters RFC 8017 fixes as NULL. */
    static final byte[] RSA_ENCRYPTION = HexFormat.of().parseHex("06092A864886F70D010101");
    /** id-ecPublicKey, 1.2.840.10045.2.1 (RFC 5480); its parameters name the curve. */
    static final byte[] EC_PUBLIC_KEY = HexFormat.of().parseHex("06072A8648CE3D0201");
    private static final byte[] NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {Der.INTEGER, 0x01, 0x00};

    /** The JCA key factory for each algorithm identifier a TLS private key can carry. */
    private static final Map<String, String> KEY_FACTORIES = Map.of(
            "1.2.840.113549.1.1.1", "RSA",
            "1.2.840.113549.1.1.10", "RSASSA-PSS",
            "1.2.840.10045.2.1", "EC",
            "1.3.101.112", "Ed25519",
            "1.3.101.113", "Ed448",
            "1.2.840.10040.4.1", "DSA");

    private Pkcs8() {}

    /** {@code RSA PRIVATE KEY}: RSAPrivateKey as it is, behind rsaEncryption. */
    static byte[] fromPkcs1(byte[] rsaPrivateKey) throws KeyFormatException {
        Der.parse(rsaPrivateKey).children();
        return privateKeyInfo(Der.element(Der.SEQUENCE, RSA_ENCRYPTION, NULL), rsaPrivateKey);
    }

    /**
     * {@code EC PRIVATE KEY}: ECPrivateKey as it is, behind id-ecPublicKey and its curve. The curve comes from
     * the key's own optional {@code [0]} field, else from an {@code EC PARAMETERS} block before it in the file
     * (OpenSSL's {@code ecparam -genkey} writes one).
     */
    static byte[] fromSec1(byte[] ecPrivateKey, Optional<byte[]> parametersBlock) throws KeyFormatException {
        Optional<byte[]> ownCurve = Optional.empty();
        for (Element field : Der.parse(ecPrivateKey).children()) {
            if (field.tag() == Der.CONTEXT_0) {
                ownCurve = Optional.of(field.content());
                break;
            }
        }
        byte[] curve = ownCurve.or(() -> parametersBlock)
                .orElseThrow(() -> new KeyFormatException("the EC key names no curve, and no EC PARAMETERS block "
                        + "comes before it"));
        Der.parse(curve);
        return privateKeyInfo(Der.element(Der.SEQUENCE, EC_PUBLIC_KEY, curve), ecPrivateKey);
    }

    /** The JCA key a PrivateKeyInfo holds, through the JDK's key factory for its algorithm. */
    static PrivateKey toPrivateKey(byte[] privateKeyInfo) throws KeyFormatException, GeneralSecurityException {
        List<Element> fields = Der.parse(privateKeyInfo).children();
        if (fields.size() < 3 || fields.get(1).tag() != Der.SEQUENCE || fields.get(1).children().isEmpty()) {
            throw new KeyFormatException("not a PKCS#8 PrivateKeyInfo");
        }
        String algorithm = fields.get(1).children().get(0).objectIdentifier();
        String factory = KEY_FACTORIES.get(algorithm);
        if (factory == null) {
            throw new KeyFormatException("keys of algorithm " + algorithm + " cannot serve TLS here; give an RSA, "
                    + "EC or Ed25519 key");
        }
        return KeyFactory.getInstance(factory).generatePrivate(new PKCS8EncodedKeySpec(privateKeyInfo));
    }

    private static byte[] privateKeyInfo(byte[] algorithmIdentifier, byte[] privateKey) {
        return Der.element(Der.SEQUENCE, VERSION_0, algorithmIdentifier, Der.element(Der.OCTET_STRING, privateKey));
    }
}
