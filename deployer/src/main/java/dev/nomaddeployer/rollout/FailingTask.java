package dev.nomaddeployer.rollout;

/**
 * Why one allocation of a failed rollout failed, in Nomad's words: the last event of its failing task, e.g.
 * {@code Driver Failure: Failed to pull `registry:5000/team/app:1.6.0`: manifest unknown}.
 */
public record FailingTask(String allocationId, String group, String task, String eventType, String message) {

    /** The one line people read: task, event type and message. */
    public String text() {
        String what = message == null || message.isBlank() ? eventType : eventType + ": " + message;
        return task == null ? what : task + ": " + what;
    }
}
