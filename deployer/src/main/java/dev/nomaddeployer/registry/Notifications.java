package dev.nomaddeployer.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nomaddeployer.deploy.PushEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the distribution registry's notification envelope ({@code {"events": [...]}}) and keeps only the
 * events that can change what a job runs: a {@code push} of a manifest with a tag.
 */
public final class Notifications {

    private static final Set<String> MANIFEST_MEDIA_TYPES = Set.of(
            "application/vnd.docker.distribution.manifest.v2+json",
            "application/vnd.docker.distribution.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.v1+prettyjws",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.oci.image.index.v1+json");
    private static final String BLOB_MEDIA_TYPE = "application/octet-stream";

    private Notifications() {
    }

    /** The distribution registry's own notifications, at {@code /registry/callback}. */
    public static NotificationBatch parse(byte[] body) {
        return parse(body, PushEvent.DISTRIBUTION);
    }

    /**
     * The same envelope from another sender that speaks it (GitLab's registry is a fork of distribution), its
     * pushes marked as reported by {@code source}.
     */
    public static NotificationBatch parse(byte[] body, String source) {
        return JsonPayload.read(body, root -> envelope(root, source));
    }

    private static NotificationBatch envelope(JsonNode root, String source) {
        JsonNode events = root.get("events");
        if (events == null || !events.isArray()) {
            return new NotificationBatch.Malformed("missing \"events\" array");
        }
        List<PushEvent> pushes = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            String where = "event " + (i + 1) + ": ";
            JsonNode event = events.get(i);
            if (!event.isObject()) {
                return new NotificationBatch.Malformed(where + "not a JSON object");
            }
            String id = text(event, "id");
            String action = text(event, "action");
            JsonNode target = event.get("target");
            if (id == null) {
                return new NotificationBatch.Malformed(where + "missing id");
            }
            if (action == null) {
                return new NotificationBatch.Malformed(where + "missing action");
            }
            if (target == null || !target.isObject()) {
                return new NotificationBatch.Malformed(where + "missing target");
            }
            String repository = text(target, "repository");
            if (repository == null) {
                return new NotificationBatch.Malformed(where + "missing target.repository");
            }
            String tag = text(target, "tag");
            String mediaType = text(target, "mediaType");
            String skip = whyIgnored(action, mediaType, repository, tag);
            if (skip != null) {
                ignored.add(skip);
                continue;
            }
            Instant timestamp;
            try {
                timestamp = OffsetDateTime.parse(String.valueOf(text(event, "timestamp"))).toInstant();
            } catch (DateTimeParseException e) {
                return new NotificationBatch.Malformed(where + "timestamp " + event.get("timestamp")
                        + " is not an RFC 3339 date-time");
            }
            String host = text(event.path("request"), "host");
            if (host == null) {
                host = hostOf(text(target, "url"));
            }
            if (host == null) {
                return new NotificationBatch.Malformed(where + "missing request.host and no host in target.url");
            }
            String digest = text(target, "digest");
            var forged = PushChecks.whyUntrustworthy(id, host, digest, repository, tag);
            if (forged.isPresent()) {
                ignored.add(forged.get());
                continue;
            }
            pushes.add(new PushEvent(id, timestamp, host, repository, tag, digest, mediaType,
                    text(event.path("actor"), "name"), source));
        }
        return new NotificationBatch.Accepted(pushes, ignored);
    }

    /** Null when the event is a tagged manifest push with a valid name; otherwise a short reason. */
    private static String whyIgnored(String action, String mediaType, String repository, String tag) {
        switch (action) {
            case "push":
                break;
            case "pull":
            case "mount":
            case "delete":
                return action;
            default:
                return "unknown action " + action;
        }
        if (mediaType == null || BLOB_MEDIA_TYPE.equals(mediaType)) {
            return tag == null ? "blob push" : "push without manifest media type (tag " + tag + ")";
        }
        if (!MANIFEST_MEDIA_TYPES.contains(mediaType)) {
            return "push of media type " + mediaType;
        }
        if (tag == null) {
            return "untagged manifest push";
        }
        return PushChecks.whyInvalidName(repository, tag).orElse(null);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : null;
    }

    private static String hostOf(String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(url).getRawAuthority();
        } catch (URISyntaxException e) {
            return null;
        }
    }
}
