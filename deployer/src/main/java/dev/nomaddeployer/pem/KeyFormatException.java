package dev.nomaddeployer.pem;

/** A PEM block, or the key inside it, is not one the service can read; {@link PemFiles} names the file. */
final class KeyFormatException extends Exception {
    KeyFormatException(String message) {
        super(message);
    }
}
