package dev.nomaddeployer.store;

import java.util.Arrays;
import java.util.List;

/**
 * The store's schema history, one list for both databases: a migration's position + 1 is the schema version
 * it brings a store to, whichever database holds it. Each script is written once, in SQLite's words, and
 * PostgreSQL's is derived from it by one rule ({@link Migration#postgresql}); everything else is SQL both accept.
 */
final class Migrations {
    private Migrations() {}

    /** One step of the schema: statements separated by semicolons. */
    record Migration(String sqlite) {
        static Migration of(String sqlite) {
            return new Migration(sqlite);
        }

        /**
         * The same script for PostgreSQL. SQLite's {@code INTEGER} is 64 bits and its {@code INTEGER PRIMARY KEY
         * AUTOINCREMENT} a key that is never reused; PostgreSQL says {@code BIGINT} and an identity column.
         */
        String postgresql() {
            return sqlite.replace("INTEGER PRIMARY KEY AUTOINCREMENT", "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY")
                    .replaceAll("\\bINTEGER\\b", "BIGINT");
        }

        List<String> statements(Dialect dialect) {
            String script = dialect == Dialect.SQLITE ? sqlite : postgresql();
            return Arrays.stream(script.split(";")).filter(sql -> !sql.isBlank()).map(String::strip).toList();
        }
    }

    static final List<Migration> ALL = List.of(
            // The inbox, the target queue and the history.
            Migration.of("""
            CREATE TABLE events (
              seq INTEGER PRIMARY KEY AUTOINCREMENT,
              event_id TEXT NOT NULL UNIQUE,
              received_at INTEGER NOT NULL,
              event_time TEXT NOT NULL,
              event_nanos INTEGER NOT NULL,
              registry_host TEXT NOT NULL,
              repository TEXT NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT,
              media_type TEXT,
              actor TEXT,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER NOT NULL DEFAULT 0,
              last_error TEXT
            );
            CREATE INDEX events_pending ON events(state, seq);
            CREATE TABLE targets (
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              repository TEXT NOT NULL,
              registry_host TEXT NOT NULL,
              explicit_key TEXT,
              event_seq INTEGER NOT NULL,
              event_id TEXT NOT NULL,
              event_nanos INTEGER NOT NULL,
              received_at INTEGER NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (namespace, job_id, repository)
            );
            CREATE INDEX targets_pending ON targets(state, next_attempt_at);
            CREATE TABLE history (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              recorded_at INTEGER NOT NULL,
              received_at INTEGER,
              event_id TEXT,
              registry_host TEXT,
              repository TEXT NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT,
              namespace TEXT,
              job_id TEXT,
              meta_key TEXT,
              old_value TEXT,
              new_value TEXT,
              outcome TEXT NOT NULL,
              message TEXT,
              attempts INTEGER NOT NULL DEFAULT 0,
              eval_id TEXT,
              job_version INTEGER
            );
            CREATE INDEX history_job ON history(job_id, id);
            CREATE INDEX history_repository ON history(repository, id);
            CREATE INDEX history_recorded ON history(recorded_at);
            """),
            // Ordering values written before NewestPushWins.rank existed could be wrapped (timestamps outside
            // 1677-2262) or far from the receipt; rank them as rank() now does: receipt minus the tolerance.
            Migration.of("""
            UPDATE targets SET event_nanos = (received_at - 600000) * 1000000
              WHERE event_nanos < (received_at - 600000) * 1000000 OR event_nanos > (received_at + 600000) * 1000000;
            UPDATE events SET event_nanos = (received_at - 600000) * 1000000
              WHERE event_nanos < (received_at - 600000) * 1000000 OR event_nanos > (received_at + 600000) * 1000000;
            """),
            // A target that was being applied when the service stopped: its register may have reached Nomad.
            Migration.of("""
            ALTER TABLE targets ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
            """),
            // What the job index learned, so that a restart reads only the jobs that changed meanwhile.
            Migration.of("""
            CREATE TABLE known_jobs (
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              job_modify_index INTEGER NOT NULL,
              unreadable INTEGER NOT NULL DEFAULT 0,
              usages TEXT NOT NULL,
              PRIMARY KEY (namespace, job_id)
            );
            """),
            // The dispatcher claims the oldest due targets first; without this index every claim sorted every
            // pending target, so a burst of N pushes cost N^2 row visits.
            Migration.of("""
            CREATE INDEX targets_due ON targets(state, received_at, event_seq);
            """),
            // The dispatch lease: one replica of several sharing the store expands and applies (leadership),
            // and every write it makes for that is checked against this row (fencing). Inserted unheld.
            Migration.of("""
            CREATE TABLE leases (
              name TEXT PRIMARY KEY,
              holder TEXT NOT NULL,
              epoch BIGINT NOT NULL,
              acquired_at BIGINT NOT NULL,
              expires_at BIGINT NOT NULL
            );
            INSERT INTO leases (name, holder, epoch, acquired_at, expires_at) VALUES ('dispatch', '', 0, 0, 0);
            """),
            // Following what each register caused: the rollout of the version (one row per version the service
            // wrote), its steps, the tags a failed or reverted rollout keeps from that job, and paused jobs.
            Migration.of("""
            CREATE TABLE rollouts (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              job_version INTEGER NOT NULL,
              job_modify_index INTEGER NOT NULL,
              eval_id TEXT,
              cause TEXT NOT NULL,
              deployment_id TEXT,
              status TEXT NOT NULL,
              description TEXT,
              groups_json TEXT NOT NULL,
              failures_json TEXT NOT NULL,
              rolled_back_to INTEGER,
              deployment_index INTEGER NOT NULL,
              started_at INTEGER NOT NULL,
              updated_at INTEGER NOT NULL,
              finished_at INTEGER,
              following INTEGER NOT NULL,
              next_check_at INTEGER NOT NULL,
              version_tag TEXT,
              released INTEGER NOT NULL DEFAULT 0,
              UNIQUE (namespace, job_id, job_version)
            );
            CREATE INDEX rollouts_due ON rollouts(following, next_check_at);
            CREATE INDEX rollouts_unstamped ON rollouts(version_tag, id);
            CREATE TABLE rollout_changes (
              rollout_id INTEGER NOT NULL,
              at INTEGER NOT NULL,
              status TEXT NOT NULL,
              description TEXT
            );
            CREATE INDEX rollout_changes_of ON rollout_changes(rollout_id, at);
            CREATE TABLE protected_tags (
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              registry_host TEXT NOT NULL,
              repository TEXT NOT NULL,
              tag TEXT NOT NULL,
              digest TEXT NOT NULL,
              job_version INTEGER NOT NULL,
              reason TEXT NOT NULL,
              protected_at INTEGER NOT NULL,
              PRIMARY KEY (namespace, job_id, registry_host, repository, tag, digest)
            );
            CREATE TABLE job_pauses (
              namespace TEXT NOT NULL,
              job_id TEXT NOT NULL,
              reason TEXT NOT NULL,
              paused_by TEXT NOT NULL,
              paused_at INTEGER NOT NULL,
              PRIMARY KEY (namespace, job_id)
            );
            """),
            // Notifications: the outbox of notices and their delivery to each sink.
            // One row per notice, written in the transaction of the state it reports; one delivery row per notice
            // and sink that subscribed to its kind (notice_sinks, kept by the notifier from the configuration).
            // A delivery per row rather than a cursor per sink: on PostgreSQL ids of concurrent transactions
            // commit out of order, and a cursor would step over a notice that commits after a higher id.
            Migration.of("""
            CREATE TABLE notices (
              id INTEGER PRIMARY KEY AUTOINCREMENT,
              kind TEXT NOT NULL,
              at INTEGER NOT NULL,
              namespace TEXT,
              job_id TEXT,
              registry_host TEXT,
              repository TEXT,
              meta_key TEXT,
              old_value TEXT,
              new_value TEXT,
              digest TEXT,
              job_version INTEGER,
              deployment_id TEXT,
              status TEXT,
              description TEXT,
              failure TEXT,
              rolled_back_to INTEGER,
              event_id TEXT
            );
            CREATE TABLE notice_sinks (
              name TEXT PRIMARY KEY,
              events TEXT NOT NULL
            );
            CREATE TABLE notice_deliveries (
              sink TEXT NOT NULL,
              notice_id INTEGER NOT NULL,
              state TEXT NOT NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              next_attempt_at INTEGER NOT NULL DEFAULT 0,
              last_error TEXT,
              updated_at INTEGER NOT NULL,
              PRIMARY KEY (sink, notice_id)
            );
            CREATE INDEX notice_deliveries_open ON notice_deliveries(sink, state, notice_id);
            """),
            // Who reported each push (the registry's notifications, a webhook source, the poll), so that the same
            // push reported by two of them is stored once: found by repository, tag and digest.
            Migration.of("""
            ALTER TABLE events ADD COLUMN source TEXT NOT NULL DEFAULT 'distribution';
            CREATE INDEX events_content ON events(repository, tag, digest);
            """),
            // The web UI: its live view asks every second for the rollout changes since the last it showed, and a
            // job's page for the notices about that job.
            Migration.of("""
            CREATE INDEX rollout_changes_at ON rollout_changes(at);
            CREATE INDEX notices_of_job ON notices(namespace, job_id, id);
            """));

    /** The schema version a store is at once every migration has run. */
    static int latest() {
        return ALL.size();
    }
}
