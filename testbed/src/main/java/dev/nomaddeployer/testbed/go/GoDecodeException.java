package dev.nomaddeployer.testbed.go;

/** A body Go's encoding/json would reject; the message is Go's own error text. */
public final class GoDecodeException extends RuntimeException {
    public GoDecodeException(String goMessage) {
        super(goMessage, null, false, false);
    }
}
