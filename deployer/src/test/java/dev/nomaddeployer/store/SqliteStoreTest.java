package dev.nomaddeployer.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nomaddeployer.deploy.StoreException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The store's contract on a SQLite file, and what only the SQLite store does (its file, its locks, its plan). */
class SqliteStoreTest extends StoreContract {

    @Override
    Database openStore() {
        return Database.openFile(dir.resolve("store.db"));
    }

    @Test
    void claimingWalksDueTargetsInArrivalOrderThroughAnIndexInsteadOfSortingEveryPendingOne() {
        List<String> plan = database.read(c -> {
            try (var explain = c.prepareStatement("EXPLAIN QUERY PLAN " + JdbcTargetQueue.CLAIM_DUE)) {
                explain.setLong(1, Instant.now().toEpochMilli());
                List<String> details = new ArrayList<>();
                try (var rows = explain.executeQuery()) {
                    while (rows.next()) {
                        details.add(rows.getString("detail"));
                    }
                }
                return details;
            }
        });
        assertThat(plan).anySatisfy(step -> assertThat(step).contains("USING INDEX targets_due"));
        assertThat(plan).noneSatisfy(step -> assertThat(step).contains("TEMP B-TREE"));
    }

    @Test
    void readOnlyStoreRefusesPushesAndKeepsNothingHalfWritten() throws Exception {
        database.close();
        Path file = dir.resolve("store.db");
        database = Database.open("jdbc:sqlite:file:" + file + "?mode=ro", file.toString());
        inbox = new JdbcInbox(database);
        assertThatThrownBy(() -> inbox.accept(List.of(push("a", "1.0.0", T0), push("b", "1.0.1", T0)), Instant.now()))
                .isInstanceOf(StoreException.class).hasMessageContaining(file.toString());
        database.close();
        open();
        assertThat(inbox.pendingCount()).isZero();
        assertThat(Files.exists(file)).isTrue();
    }

    @Test
    void writerWaitsFiveSecondsForAnotherProcesssLockAsStoreMdSays() {
        int busyTimeout = database.inTransaction(c -> {
            try (var statement = c.createStatement(); var row = statement.executeQuery("PRAGMA busy_timeout")) {
                return row.next() ? row.getInt(1) : -1;
            }
        });
        assertThat(busyTimeout).isEqualTo(5000);
    }
}
