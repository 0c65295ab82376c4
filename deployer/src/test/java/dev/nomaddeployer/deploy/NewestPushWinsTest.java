package dev.nomaddeployer.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nomaddeployer.nomad.JobKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class NewestPushWinsTest {
    private static final Instant T0 = Instant.parse("2026-11-25T00:27:06.498999193Z");
    private static final JobKey WEB = new JobKey("default", "web");

    private static Target target(long seq, String tag, Instant pushedAt) {
        return new Target(WEB, null, seq, new PushEvent("e" + seq, pushedAt, "registry:5000", "team/web", tag,
                null, null, null), pushedAt, 0);
    }

    @Test
    void firstPushForAJobTakesTheSlotAndSupersedesNothing() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(null, false, target(1, "1.0.0", T0));
        assertThat(ruling.takesSlot()).isTrue();
        assertThat(ruling.superseded()).isEmpty();
    }

    @Test
    void newerPushReplacesAPendingOneWhichIsRecordedAsSuperseded() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(1, "1.0.0", T0), true,
                target(2, "1.0.1", T0.plusNanos(1)));
        assertThat(ruling.takesSlot()).isTrue();
        assertThat(ruling.superseded()).hasValueSatisfying(decision -> {
            assertThat(decision.push().tag()).isEqualTo("1.0.0");
            assertThat(decision.outcome()).isEqualTo(Outcome.SUPERSEDED);
            assertThat(decision.message()).contains("replaced by the newer push of tag 1.0.1");
        });
    }

    @Test
    void newerPushAfterTheHolderWasAppliedTakesTheSlotWithoutSupersedingIt() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(1, "1.0.0", T0), false,
                target(2, "1.0.1", T0.plusSeconds(1)));
        assertThat(ruling.takesSlot()).isTrue();
        assertThat(ruling.superseded()).isEmpty();
    }

    @Test
    void pushOlderThanTheHolderByTheRegistrysClockNeverTakesTheSlot() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(2, "2.0.0", T0.plusNanos(1)), false,
                target(3, "1.0.0", T0));
        assertThat(ruling.takesSlot()).isFalse();
        assertThat(ruling.superseded()).hasValueSatisfying(decision -> {
            assertThat(decision.push().tag()).isEqualTo("1.0.0");
            assertThat(decision.message()).contains("before the push of tag 2.0.0 already received");
        });
    }

    @Test
    void equalTimestampsAreOrderedByArrivalSoTheLaterArrivalWins() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(1, "a", T0), true, target(2, "b", T0));
        assertThat(ruling.takesSlot()).isTrue();
        assertThat(ruling.superseded()).hasValueSatisfying(decision -> assertThat(decision.push().tag()).isEqualTo("a"));
    }

    @Test
    void registryTimestampWithinTheToleranceOfTheReceiptIsWhatAPushRanksBy() {
        Instant received = T0.plusSeconds(1);
        assertThat(NewestPushWins.rank(T0, received)).isEqualTo(T0);
        assertThat(NewestPushWins.rank(received.plus(NewestPushWins.CLOCK_TOLERANCE), received))
                .isEqualTo(received.plus(NewestPushWins.CLOCK_TOLERANCE));
    }

    @Test
    void timestampFurtherFromTheReceiptRanksAsTheOldestPlausibleOne() {
        Instant earliest = T0.minus(NewestPushWins.CLOCK_TOLERANCE);
        assertThat(NewestPushWins.rank(Instant.parse("2200-01-01T00:00:00Z"), T0)).isEqualTo(earliest);
        assertThat(NewestPushWins.rank(Instant.parse("1600-01-01T00:00:00Z"), T0)).isEqualTo(earliest);
        assertThat(NewestPushWins.rank(Instant.MAX, T0)).isEqualTo(earliest);
        assertThat(NewestPushWins.rank(T0.minus(NewestPushWins.CLOCK_TOLERANCE).minusNanos(1), T0)).isEqualTo(earliest);
    }

    @Test
    void pushDatedFarInTheFutureNeverOutranksOneReceivedAfterIt() {
        Target forged = new Target(WEB, null, 1, new PushEvent("f", Instant.parse("2200-01-01T00:00:00Z"),
                "registry:5000", "team/web", "6.6.6", null, null, null), T0, 0);
        Target later = target(2, "1.6.0", T0.plusMillis(1));
        assertThat(NewestPushWins.offer(forged, true, later).takesSlot()).isTrue();
        assertThat(NewestPushWins.offer(later, true, forged).takesSlot()).isFalse();
    }

    private static TagRanking semverRanking() {
        var reading = dev.nomaddeployer.policy.PolicyDirectives.read(name -> java.util.Optional.ofNullable(
                java.util.Map.of("policy", "semver:^1").get(name)));
        return new TagRanking(dev.nomaddeployer.image.TagTemplate.parse("${NOMAD_META_VERSION}").orElseThrow(),
                ((dev.nomaddeployer.policy.PolicyDirectives.Reading.Valid) reading).policy());
    }

    @Test
    void underAVersionPolicyALowerVersionPushedLaterDoesNotReplaceAWaitingHigherOne() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(1, "1.7.0", T0), true,
                target(2, "1.6.9", T0.plusSeconds(1)), semverRanking());

        assertThat(ruling.takesSlot()).isFalse();
        assertThat(ruling.superseded()).hasValueSatisfying(decision -> {
            assertThat(decision.push().tag()).isEqualTo("1.6.9");
            assertThat(decision.message()).contains("ranks below tag 1.7.0").contains("policy semver:^1");
        });
    }

    @Test
    void underAVersionPolicyAHigherVersionReplacesAWaitingLowerOneEvenIfItsClockIsEarlier() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(1, "1.6.9", T0.plusSeconds(1)), true,
                target(2, "1.7.0", T0), semverRanking());

        assertThat(ruling.takesSlot()).isTrue();
        assertThat(ruling.superseded()).hasValueSatisfying(decision -> assertThat(decision.push().tag())
                .isEqualTo("1.6.9"));
    }

    @Test
    void aVersionPolicyDoesNotRankAgainstAPushAlreadyAppliedSoAHotfixAfterARollbackStillDeploys() {
        NewestPushWins.Ruling ruling = NewestPushWins.offer(target(1, "1.7.0", T0), false,
                target(2, "1.6.9", T0.plusSeconds(60)), semverRanking());

        assertThat(ruling.takesSlot()).isTrue();
        assertThat(ruling.superseded()).isEmpty();
    }
}
