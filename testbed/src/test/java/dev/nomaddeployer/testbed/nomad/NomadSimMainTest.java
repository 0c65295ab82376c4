package dev.nomaddeployer.testbed.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The standalone process: ready line, --jobs, --token, --unhealthy-when-meta, clean stop on SIGTERM. */
@Timeout(30)
class NomadSimMainTest {

    @Test
    @DisplayName("main prints its address, serves --jobs behind --token, and stops on SIGTERM")
    void standaloneProcessServesLoadedJobsAndStopsOnSigterm(@TempDir Path dir) throws Exception {
        Path jobs = dir.resolve("jobs.json");
        Files.writeString(jobs, "[" + Fixtures.text("job-web.json") + "]");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NomadSimMain.class.getName(),
                "--port", "0", "--jobs", jobs.toString(), "--token", "s3cret", "--nomad-version", "2.0")
                .redirectErrorStream(true).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            assertThat(ready).matches("nomad-sim listening on http://127\\.0\\.0\\.1:\\d+");
            URI base = URI.create(ready.substring("nomad-sim listening on ".length()));
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> denied = client.send(HttpRequest.newBuilder(base.resolve("/v1/job/web")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(denied.statusCode()).isEqualTo(403);
            HttpResponse<String> web = client.send(HttpRequest.newBuilder(base.resolve("/v1/agent/self"))
                    .header("X-Nomad-Token", "s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(web.body()).contains("\"Version\":\"2.0.0\"");
            HttpResponse<String> job = client.send(HttpRequest.newBuilder(base.resolve("/v1/job/web"))
                    .header("X-Nomad-Token", "s3cret").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(job.statusCode()).isEqualTo(200);
            process.destroy();
            assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            process.destroyForcibly();
        }
    }

    @Test
    @DisplayName("--unhealthy-when-meta fails the deployment of versions with that meta value, others succeed")
    void unhealthyWhenMetaFailsOnlyTheVersionsWithThatValue(@TempDir Path dir) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode healthy = (ObjectNode) json.readTree(Fixtures.text("job-web.json"));
        ObjectNode broken = healthy.deepCopy().put("ID", "web-broken").put("Name", "web-broken");
        ((ObjectNode) broken.get("Meta")).put("VERSION", "9.9.9-broken");
        Path jobs = Files.writeString(dir.resolve("jobs.json"), json.createArrayNode().add(healthy).add(broken).toString());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), NomadSimMain.class.getName(),
                "--port", "0", "--jobs", jobs.toString(), "--unhealthy-when-meta", "VERSION=9.9.9-broken")
                .redirectErrorStream(true).start();
        try {
            String ready = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
            URI base = URI.create(ready.substring("nomad-sim listening on ".length()));
            assertThat(settledDeployment(base, "web-broken")).isEqualTo("failed");
            assertThat(settledDeployment(base, "web")).isEqualTo("successful");
        } finally {
            process.destroyForcibly();
        }
    }

    /** The job's latest deployment's status once it is no longer running (the class time-out bounds the wait). */
    private static String settledDeployment(URI base, String job) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        while (true) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(base.resolve("/v1/job/" + job + "/deployment"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            String status = new ObjectMapper().readTree(answer.body()).path("Status").asText("");
            if (!status.isEmpty() && !status.equals("running")) {
                return status;
            }
            Thread.sleep(20);
        }
    }
}
