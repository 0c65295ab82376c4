package dev.nomaddeployer.ui;

import dev.nomaddeployer.deploy.History;
import dev.nomaddeployer.deploy.Inbox;
import dev.nomaddeployer.deploy.Restraints;
import dev.nomaddeployer.deploy.TargetQueue;
import dev.nomaddeployer.discovery.JobIndex;
import dev.nomaddeployer.http.JobActions;
import dev.nomaddeployer.http.Readiness;
import dev.nomaddeployer.leadership.LeadershipStatus;
import dev.nomaddeployer.notify.NoticeOutbox;
import dev.nomaddeployer.rollout.Rollouts;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the web UI reads, and the switches it may pull: the same ports and the same {@link JobActions} the
 * API uses, so a page never knows more, or does anything differently, than the API.
 *
 * @param nomadUi Nomad's web UI ({@code nomad.ui_url}), for links to a job; empty = no links
 */
public record UiSources(History history, Rollouts rollouts, Restraints restraints, Inbox inbox, TargetQueue queue,
                        NoticeOutbox notices, JobIndex index, Supplier<LeadershipStatus> leadership, Readiness readiness,
                        JobActions actions, Optional<URI> nomadUi, Clock clock) {}
