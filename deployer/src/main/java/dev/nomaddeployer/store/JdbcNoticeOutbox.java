package dev.nomaddeployer.store;

import dev.nomaddeployer.leadership.Fence;
import dev.nomaddeployer.notify.Notice;
import dev.nomaddeployer.notify.NoticeOutbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The notification outbox in {@code notices}, {@code notice_sinks} and {@code notice_deliveries}; see {@link NoticeOutbox}. */
public final class JdbcNoticeOutbox implements NoticeOutbox {
    /** A sink's oldest open delivery: what it must receive next, in order. */
    private static final String HEAD = "SELECT " + NoticeRows.COLUMNS + ", d.attempts, d.next_attempt_at"
            + " FROM notice_deliveries d JOIN notices n ON n.id = d.notice_id"
            + " WHERE d.sink = ? AND d.state = 'pending' ORDER BY d.notice_id LIMIT 1";

    private final Database database;

    public JdbcNoticeOutbox(Database database) {
        this.database = database;
    }

    @Override
    public long add(Notice notice) {
        return database.inTransaction(c -> NoticeRows.insert(c, database.dialect(), notice));
    }

    @Override
    public void subscribe(List<Subscription> sinks) {
        database.inTransaction(c -> {
            List<String> names = sinks.stream().map(Subscription::sink).toList();
            List<String> known = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT name FROM notice_sinks");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    known.add(rows.getString(1));
                }
            }
            for (String gone : known) {
                if (!names.contains(gone)) {
                    try (PreparedStatement forget = c.prepareStatement("DELETE FROM notice_deliveries WHERE sink = ?");
                         PreparedStatement sink = c.prepareStatement("DELETE FROM notice_sinks WHERE name = ?")) {
                        forget.setString(1, gone);
                        forget.executeUpdate();
                        sink.setString(1, gone);
                        sink.executeUpdate();
                    }
                }
            }
            for (Subscription subscription : sinks) {
                String events = subscription.events().stream().map(Notice.Kind::label).sorted()
                        .collect(Collectors.joining(",", ",", ","));
                // an upsert: replicas starting together may subscribe the same sink at once
                try (PreparedStatement write = c.prepareStatement("INSERT INTO notice_sinks (name, events) VALUES (?, ?)"
                        + " ON CONFLICT (name) DO UPDATE SET events = excluded.events")) {
                    write.setString(1, subscription.sink());
                    write.setString(2, events);
                    write.executeUpdate();
                }
            }
            return null;
        });
    }

    @Override
    public Optional<Delivery> next(String sink, Instant now) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(HEAD)) {
                select.setString(1, sink);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || row.getLong("next_attempt_at") > now.toEpochMilli()) {
                        return Optional.<Delivery>empty();
                    }
                    return Optional.of(new Delivery(row.getLong("id"), NoticeRows.read(row), row.getInt("attempts")));
                }
            }
        });
    }

    @Override
    public List<Sent> ofJob(String namespace, String jobId, int limit) {
        return database.read(c -> {
            List<Sent> found = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement("SELECT " + NoticeRows.COLUMNS + " FROM notices n"
                    + " WHERE n.namespace = ? AND n.job_id = ? ORDER BY n.id DESC LIMIT ?");
                 PreparedStatement deliveries = c.prepareStatement(
                         "SELECT sink, state FROM notice_deliveries WHERE notice_id = ? ORDER BY sink")) {
                select.setString(1, namespace);
                select.setString(2, jobId);
                select.setInt(3, limit);
                try (ResultSet row = select.executeQuery()) {
                    while (row.next()) {
                        found.add(new Sent(row.getLong("id"), NoticeRows.read(row), Map.of()));
                    }
                }
                for (int i = 0; i < found.size(); i++) {
                    Sent sent = found.get(i);
                    deliveries.setLong(1, sent.id());
                    Map<String, String> states = new TreeMap<>();
                    try (ResultSet row = deliveries.executeQuery()) {
                        while (row.next()) {
                            states.put(row.getString(1), row.getString(2));
                        }
                    }
                    found.set(i, new Sent(sent.id(), sent.notice(), states));
                }
            }
            return found;
        });
    }

    @Override
    public Optional<Instant> nextDue(String sink) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement(HEAD)) {
                select.setString(1, sink);
                try (ResultSet row = select.executeQuery()) {
                    return row.next() ? Optional.of(Instant.ofEpochMilli(row.getLong("next_attempt_at")))
                            : Optional.<Instant>empty();
                }
            }
        });
    }

    @Override
    public void delivered(Fence fence, String sink, long id, Instant now) {
        finish(fence, sink, id, "delivered", null, now);
    }

    @Override
    public void dropped(Fence fence, String sink, long id, String reason, Instant now) {
        finish(fence, sink, id, "dropped", reason, now);
    }

    private void finish(Fence fence, String sink, long id, String state, String reason, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE notice_deliveries SET state = ?, last_error = ?, updated_at = ?
                    WHERE sink = ? AND notice_id = ? AND state = 'pending'""")) {
                update.setString(1, state);
                update.setString(2, reason);
                update.setLong(3, now.toEpochMilli());
                update.setString(4, sink);
                update.setLong(5, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void retryLater(Fence fence, String sink, long id, int attempts, Instant next, String error, Instant now) {
        database.inTransaction(c -> {
            LeaseRows.requireHeld(database.dialect(), c, fence, now);
            try (PreparedStatement update = c.prepareStatement("""
                    UPDATE notice_deliveries SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ?
                    WHERE sink = ? AND notice_id = ? AND state = 'pending'""")) {
                update.setInt(1, attempts);
                update.setLong(2, next.toEpochMilli());
                update.setString(3, error);
                update.setLong(4, now.toEpochMilli());
                update.setString(5, sink);
                update.setLong(6, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Map<String, Integer> pending() {
        return database.read(c -> {
            Map<String, Integer> pending = new LinkedHashMap<>();
            try (PreparedStatement select = c.prepareStatement("""
                    SELECT s.name, count(d.notice_id) FROM notice_sinks s
                    LEFT JOIN notice_deliveries d ON d.sink = s.name AND d.state = 'pending'
                    GROUP BY s.name ORDER BY s.name""");
                 ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    pending.put(rows.getString(1), rows.getInt(2));
                }
            }
            return pending;
        });
    }

    @Override
    public int prune(Instant before) {
        return database.inTransaction(c -> {
            long cutoff = before.toEpochMilli();
            try (PreparedStatement deliveries = c.prepareStatement("""
                    DELETE FROM notice_deliveries WHERE state <> 'pending'
                      AND notice_id IN (SELECT id FROM notices WHERE at < ?)""");
                 PreparedStatement notices = c.prepareStatement("""
                    DELETE FROM notices WHERE at < ?
                      AND NOT EXISTS (SELECT 1 FROM notice_deliveries d WHERE d.notice_id = notices.id)""")) {
                deliveries.setLong(1, cutoff);
                deliveries.executeUpdate();
                notices.setLong(1, cutoff);
                return notices.executeUpdate();
            }
        });
    }
}
