package dev.nomaddeployer.testbed.nomad.state;

/** Just enough of an allocation to drive job status and the job summary. */
final class Alloc {
    final String group;
    final long jobVersion;
    String clientStatus = "pending";
    boolean desiredStop;

    Alloc(String group, long jobVersion) {
        this.group = group;
        this.jobVersion = jobVersion;
    }

    boolean terminal() {
        return clientStatus.equals("complete") || clientStatus.equals("failed") || clientStatus.equals("lost");
    }
}
