package dev.nomaddeployer.notify;

/** Told of every attempt to deliver a notice, so {@code notify} reports without depending on {@code metrics}. */
@FunctionalInterface
public interface DeliveryObserver {
    enum Result { DELIVERED, FAILED, DROPPED }

    /** @param failingAttempts attempts in a row that failed for this sink now, 0 once it takes notices again */
    void attempted(String sink, Result result, int failingAttempts);

    DeliveryObserver NONE = (sink, result, failing) -> { };
}
