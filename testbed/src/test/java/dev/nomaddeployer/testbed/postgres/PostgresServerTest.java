package dev.nomaddeployer.testbed.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.nomaddeployer.testbed.ToolRequirement;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 90, unit = TimeUnit.SECONDS)
class PostgresServerTest {
    private static final String ROLE = "app";
    // a quote and a backslash: the password must reach the server exactly as given
    private static final String PASSWORD = "it's a \\secret";

    @TempDir
    Path dir;

    @BeforeEach
    void requirePostgresql() {
        ToolRequirement.assumeInstalled("initdb");
    }

    @Test
    void createdRoleAnswersAQueryWithItsPasswordAndOnlyWithIt() {
        try (PostgresServer postgres = serverWithAppDatabase()) {
            assertThat(postgres.psql("appdb", ROLE, PASSWORD).query("select current_user || ' ' || current_database()"))
                    .isEqualTo("app appdb");

            Psql.Result wrongPassword = postgres.psql("appdb", ROLE, "guess").run("select 1");
            assertThat(wrongPassword.succeeded()).isFalse();
            assertThat(wrongPassword.stderr()).contains("password authentication failed for user \"app\"");
            assertThat(postgres.jdbcUrl("appdb")).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/appdb");
        }
    }

    @Test
    void roleCreatesTablesInItsOwnSchemaAndNothingElse() {
        try (PostgresServer postgres = serverWithAppDatabase()) {
            Psql app = postgres.psql("appdb", ROLE, PASSWORD);

            app.query("create table inbox (id bigint primary key)");
            assertThat(app.query("select table_schema from information_schema.tables where table_name = 'inbox'")).isEqualTo("app");
            assertRefused(app.run("create database other"), "permission denied to create database");
            assertRefused(app.run("create role other"), "permission denied to create role");
            assertRefused(app.run("create schema other"), "permission denied for database appdb");
            assertRefused(app.run("create table public.other (id int)"), "permission denied for schema public");
            assertRefused(app.run("create temporary table scratch (id int)"), "permission denied to create temporary tables");
            assertRefused(postgres.psql("postgres", ROLE, PASSWORD).run("drop database appdb"), "must be owner of database appdb");
        }
    }

    @Test
    void roleCannotConnectToADatabaseItWasNotGranted() {
        try (PostgresServer postgres = serverWithAppDatabase()) {
            postgres.createDatabase("elsewhere");

            Psql.Result refused = postgres.psql("elsewhere", ROLE, PASSWORD).run("select 1");

            assertThat(refused.succeeded()).isFalse();
            assertThat(refused.stderr()).contains("permission denied for database \"elsewhere\"");
        }
    }

    @Test
    void committedDataSurvivesARestartOnTheSamePort() {
        try (PostgresServer postgres = serverWithAppDatabase()) {
            Psql app = postgres.psql("appdb", ROLE, PASSWORD);
            app.query("create table inbox (id bigint primary key)");
            app.query("insert into inbox values (1), (2), (3)");
            int port = postgres.port();

            postgres.restart();

            assertThat(postgres.port()).isEqualTo(port);
            assertThat(app.query("select string_agg(id::text, ',' order by id) from inbox")).isEqualTo("1,2,3");
        }
    }

    @Test
    void stoppedServerRefusesConnectionsUntilStartedAgain() {
        try (PostgresServer postgres = serverWithAppDatabase()) {
            Psql app = postgres.psql("appdb", ROLE, PASSWORD);

            postgres.stop();

            assertThat(postgres.isRunning()).isFalse();
            assertThat(app.run("select 1").exitCode()).isEqualTo(2);

            postgres.start();

            assertThat(postgres.isRunning()).isTrue();
            assertThat(app.query("select 1")).isEqualTo("1");
        }
    }

    @Test
    void terminateBackendsOfEndsTheOpenSessionsOfThatRoleOnly() throws Exception {
        try (PostgresServer postgres = serverWithAppDatabase()) {
            Process session = postgres.psql("appdb", ROLE, PASSWORD).start("select pg_sleep(60)");
            try {
                await().atMost(Duration.ofSeconds(20)).until(() -> postgres.psql("postgres").query(
                        "select count(*) from pg_stat_activity where usename = 'app' and state = 'active'").equals("1"));

                assertThat(postgres.terminateBackendsOf(ROLE)).isEqualTo(1);

                assertThat(session.waitFor(20, TimeUnit.SECONDS)).isTrue();
                assertThat(session.exitValue()).isNotZero();
                assertThat(new String(session.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                        .contains("terminating connection due to administrator command");
                assertThat(postgres.psql("appdb", ROLE, PASSWORD).query("select 1")).isEqualTo("1");
            } finally {
                session.destroyForcibly();
            }
        }
    }

    @Test
    void closeStopsTheServerAndRemovesItsDirectoryButKeepsTheLog() {
        Path log = dir.resolve("postgres.log");
        PostgresServer postgres = PostgresServer.builder().logFile(log).start();
        Path work = postgres.workDirectory();
        int port = postgres.port();
        assertThat(work).isDirectory();

        postgres.close();

        assertThat(postgres.isRunning()).isFalse();
        assertThat(work).doesNotExist();
        assertThat(listening(port)).isFalse();
        assertThat(postgres.logText()).contains("database system is shut down");
    }

    @Test
    void twoServersRunSideBySideOnDifferentPorts() {
        try (PostgresServer one = PostgresServer.builder().start(); PostgresServer two = PostgresServer.builder().start()) {
            one.createDatabase("only_in_one");

            assertThat(one.port()).isNotEqualTo(two.port());
            String count = "select count(*) from pg_database where datname = 'only_in_one'";
            assertThat(one.psql("postgres").query(count)).isEqualTo("1");
            assertThat(two.psql("postgres").query(count)).isEqualTo("0");
        }
    }

    @Test
    void serverThatCannotStartReportsItsLog() {
        assertThatThrownBy(() -> PostgresServer.builder().setting("shared_buffers", "plenty").logFile(dir.resolve("bad.log")).start())
                .isInstanceOf(PostgresStartException.class)
                .hasMessageContaining("pg_ctl start")
                .hasMessageContaining("invalid value for parameter \"shared_buffers\": \"plenty\"");
    }

    private static PostgresServer serverWithAppDatabase() {
        PostgresServer postgres = PostgresServer.builder().start();
        postgres.createRole(ROLE, PASSWORD);
        postgres.createDatabase("appdb");
        postgres.grantOwnSchema("appdb", ROLE);
        return postgres;
    }

    private static void assertRefused(Psql.Result result, String message) {
        assertThat(result.succeeded()).as("refused: " + message).isFalse();
        // 42501 is insufficient_privilege: refused for want of a right, not for a mistake in the statement
        assertThat(result.stderr()).contains("42501").contains(message);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException refused) {
            return false;
        }
    }
}
