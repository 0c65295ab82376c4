package dev.nomaddeployer.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nomaddeployer.leadership.LeadershipStatus;
import dev.nomaddeployer.leadership.Lease;
import java.util.function.Supplier;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * {@code GET /api/v1/status}: which replica this is, whether it leads, who leads (from the lease row, so every
 * replica gives the same answer) and what kind of store they share.
 */
final class StatusHandler extends Handler.Abstract {
    /** @param store the store's kind, as its JDBC driver names its database ({@code sqlite}, {@code postgresql}) */
    record Source(Supplier<LeadershipStatus> leadership, String store) {}

    private final Source source;

    StatusHandler(Source source) {
        this.source = source;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        if (!"GET".equals(request.getMethod())) {
            return Replies.text(response, callback, 405, "only GET is accepted at /api/v1/status");
        }
        LeadershipStatus status;
        try {
            status = source.leadership().get();
        } catch (RuntimeException e) {
            return Replies.text(response, callback, 503, "the store cannot say who leads: " + e.getMessage());
        }
        ObjectNode body = Replies.JSON.createObjectNode();
        body.put("replica", status.replica());
        body.put("role", status.leading() ? "leader" : "follower");
        if (status.leader().isPresent()) {
            Lease lease = status.leader().get();
            ObjectNode leader = body.putObject("leader");
            leader.put("replica", lease.holder());
            leader.put("epoch", lease.epoch());
            leader.put("since", lease.acquiredAt().toString());
        } else {
            body.putNull("leader");
        }
        body.put("store", source.store());
        return Replies.json(response, callback, 200, body);
    }
}
