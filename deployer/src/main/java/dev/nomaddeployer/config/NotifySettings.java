package dev.nomaddeployer.config;

import dev.nomaddeployer.notify.Sink;
import dev.nomaddeployer.notify.SinkType;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where notices about rollouts go ({@code docs/notifications.md}).
 *
 * @param nomadUi      Nomad's web UI, for links to a job; empty = no links
 * @param sinks        every sink: the simple webhook ({@code notify.webhook.*}, named {@code webhook}) first, then
 *                     {@code notify.sinks} in their order
 * @param timeout      time limit of each HTTP call to a sink
 * @param retryInitial first back-off after a failed delivery
 * @param retryMax     longest back-off between deliveries to a failing sink
 */
public record NotifySettings(Optional<URI> nomadUi, List<Sink> sinks, Duration timeout, Duration retryInitial,
                             Duration retryMax) {

    public NotifySettings {
        sinks = List.copyOf(sinks);
    }

    static NotifySettings of(Optional<URI> nomadUi, Optional<String> webhookUrl, Optional<String> webhookSecret,
                             List<Sink> listed, Duration timeout, Duration retryInitial, Duration retryMax) {
        List<Sink> sinks = new ArrayList<>();
        webhookUrl.ifPresent(url -> sinks.add(new Sink(SinksText.SIMPLE_WEBHOOK, SinkType.WEBHOOK, url, webhookSecret,
                Sink.ALL_EVENTS)));
        sinks.addAll(listed == null ? List.of() : listed);
        return new NotifySettings(nomadUi, sinks, timeout, retryInitial, retryMax);
    }

    /** Every URL and secret of the sinks, for the log's redactor. */
    public Set<String> secrets() {
        Set<String> secrets = new HashSet<>();
        for (Sink sink : sinks) {
            secrets.add(sink.url());
            sink.secret().ifPresent(secrets::add);
        }
        return secrets;
    }
}
