package dev.nomaddeployer.http;

import java.util.function.IntConsumer;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Tells {@code answered} the status of every answer the wrapped route gave, refusals of its guard included. */
final class AnswerCounter extends Handler.Wrapper {
    private final IntConsumer answered;

    AnswerCounter(Handler next, IntConsumer answered) {
        super(next);
        this.answered = answered;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(request, response, Callback.from(callback, () -> answered.accept(response.getStatus())));
    }
}
