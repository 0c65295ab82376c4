package dev.nomaddeployer.ui;

import dev.nomaddeployer.deploy.Outcome;
import dev.nomaddeployer.nomad.JobKey;
import dev.nomaddeployer.rollout.RolloutStatus;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The HTML of each page: one shell ({@code ui/page.html}: navigation, headings, empty containers) around each
 * page's own part, filled by {@code app.js} from the JSON endpoints. The shell paints before any data arrives; the
 * only values written into it server-side are a job's namespace and ID, escaped here.
 */
final class Pages {
    enum Page { OVERVIEW, JOBS, JOB, HISTORY }

    private final String shell;
    private final Map<Page, String> parts;

    private Pages(String shell, Map<Page, String> parts) {
        this.shell = shell;
        this.parts = parts;
    }

    static Pages load() {
        return new Pages(Assets.text("page.html"), Map.of(
                Page.OVERVIEW, Assets.text("overview.html"),
                Page.JOBS, Assets.text("jobs.html"),
                Page.JOB, Assets.text("job.html"),
                Page.HISTORY, Assets.text("history.html")));
    }

    String render(Page page, JobKey job) {
        String name = job == null ? "" : escape(job.namespace() + "/" + job.jobId());
        String title = switch (page) {
            case OVERVIEW -> "Overview";
            case JOBS -> "Jobs";
            case JOB -> name;
            case HISTORY -> "History";
        };
        String main = parts.get(page)
                .replace("{{job}}", name)
                .replace("{{namespace}}", job == null ? "" : escape(job.namespace()))
                .replace("{{job_id}}", job == null ? "" : escape(job.jobId()))
                .replace("{{outcomes}}", options(Arrays.stream(Outcome.values()).map(Outcome::label)))
                .replace("{{rollout_statuses}}", options(Arrays.stream(RolloutStatus.values())
                        .map(RolloutStatus::label)));
        String html = shell.replace("{{title}}", title).replace("{{page}}", page.name().toLowerCase(Locale.ROOT));
        for (Page each : Page.values()) {
            String current = each == page || (page == Page.JOB && each == Page.JOBS) ? " aria-current=\"page\"" : "";
            html = html.replace("{{current_" + each.name().toLowerCase(Locale.ROOT) + "}}", current);
        }
        return html.replace("{{main}}", main);
    }

    /** The history's filters offer exactly the labels its API accepts. */
    private static String options(Stream<String> labels) {
        return labels.map(label -> "<option>" + escape(label) + "</option>").collect(Collectors.joining("\n"));
    }

    /** Text as HTML shows it, inside an element or a quoted attribute. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                // so that no name can spell one of the templates' placeholders
                case '{' -> out.append("&#123;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
