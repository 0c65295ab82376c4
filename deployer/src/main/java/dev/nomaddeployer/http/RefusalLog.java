package dev.nomaddeployer.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Which connection refusals deserve a log line: a client's first refusal at once, then at most one line per
 * client address and interval, counting the refusals since its previous line. A client that opens thousands of
 * connections over its cap thus writes a line a minute, not thousands. Addresses are forgotten an interval
 * after their last line; any refusals not yet reported are reported then, so no count is lost.
 */
final class RefusalLog {
    /** {@code refused} connections of {@code client} since the previous line about it. */
    record Line(InetAddress client, long refused) {
    }

    private static final class Quiet {
        final long lineNanos;
        long unreported;

        Quiet(long lineNanos) {
            this.lineNanos = lineNanos;
        }
    }

    private final long intervalNanos;
    private final Map<InetAddress, Quiet> clients = new HashMap<>();

    RefusalLog(Duration interval) {
        this.intervalNanos = interval.toNanos();
    }

    /** The lines to write now that {@code client} was refused at {@code nowNanos} (a {@link System#nanoTime()}). */
    synchronized List<Line> refused(InetAddress client, long nowNanos) {
        List<Line> lines = new ArrayList<>();
        Quiet own = clients.get(client);
        if (own == null || nowNanos - own.lineNanos >= intervalNanos) {
            lines.add(new Line(client, own == null ? 1 : own.unreported + 1));
            clients.put(client, new Quiet(nowNanos));
        } else {
            own.unreported++;
        }
        for (Iterator<Map.Entry<InetAddress, Quiet>> it = clients.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<InetAddress, Quiet> entry = it.next();
            if (nowNanos - entry.getValue().lineNanos >= intervalNanos) {
                if (entry.getValue().unreported > 0) {
                    lines.add(new Line(entry.getKey(), entry.getValue().unreported));
                }
                it.remove();
            }
        }
        return lines;
    }
}
