package dev.nomaddeployer.testbed.registry;

/** The registry did not come up; the message holds the tail of its log. */
public final class RegistryStartException extends RuntimeException {
    private final boolean portTaken;

    RegistryStartException(String message, boolean portTaken) {
        super(message);
        this.portTaken = portTaken;
    }

    boolean portTaken() {
        return portTaken;
    }
}
