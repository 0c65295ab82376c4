package dev.nomaddeployer.http;

/** What the credentials on one request amount to. */
sealed interface Authentication permits Authentication.NotRequired, Authentication.Granted, Authentication.Refused {

    /** No secret is configured: the endpoints are open (start-up warns about it). */
    record NotRequired() implements Authentication {
    }

    /** @param scheme {@code bearer} or {@code basic} */
    record Granted(String scheme) implements Authentication {
    }

    /**
     * @param scheme what the client tried ({@code none}, {@code bearer}, {@code basic} or {@code other}), for the log
     * @param reason why it was refused; never contains what the client sent
     */
    record Refused(String scheme, String reason) implements Authentication {
    }
}
