package dev.nomaddeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.store.Database;
import dev.nomaddeployer.store.JdbcInbox;
import dev.nomaddeployer.store.JdbcTargetQueue;
import dev.nomaddeployer.store.TestLeases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AttemptRecorderTest {
    private static final Instant NOW = Instant.parse("2026-12-01T18:00:00Z");

    @Test
    void aRetryThatAServerAskedToDelayWaitsThatLongEvenWhenTheBackoffIsShorter(@TempDir Path dir) {
        try (Database database = Database.openFile(dir.resolve("store.db"))) {
            Fence fence = TestLeases.lead(database, "test");
            TargetQueue queue = new JdbcTargetQueue(database);
            Target target = claimedTarget(database, fence, queue);

            new AttemptRecorder(queue, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2))).record(fence, target,
                    new Attempt.RetryLater("registry asked to slow down", Duration.ofSeconds(30)), NOW);

            assertThat(queue.nextDue()).isEqualTo(NOW.plusSeconds(30));
        }
    }

    @Test
    void aRetryWithoutADelayOfItsOwnFollowsTheBackoff(@TempDir Path dir) {
        try (Database database = Database.openFile(dir.resolve("store.db"))) {
            Fence fence = TestLeases.lead(database, "test");
            TargetQueue queue = new JdbcTargetQueue(database);
            Target target = claimedTarget(database, fence, queue);

            new AttemptRecorder(queue, new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2))).record(fence, target,
                    new Attempt.RetryLater("Nomad unreachable"), NOW);

            assertThat(queue.nextDue()).isBetween(NOW.plusMillis(500), NOW.plusSeconds(1));
        }
    }

    private static Target claimedTarget(Database database, Fence fence, TargetQueue queue) {
        JdbcInbox inbox = new JdbcInbox(database);
        inbox.accept(List.of(new PushEvent("e1", NOW, "registry:5000", "team/app", "latest",
                "sha256:" + "a".repeat(64), null, null)), NOW);
        inbox.expand(fence, inbox.pending(NOW, 10).get(0), List.of(JobRef.discovered(new JobKey("default", "web"))),
                List.of(), NOW);
        return queue.claimDue(fence, NOW, 10, Set.of()).get(0);
    }
}
