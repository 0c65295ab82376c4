package dev.nomaddeployer.registryapi;

/** The class of what one request to a registry or its token service came to, for counting. */
public enum RegistryAnswer {
    /** 2xx. */
    OK,
    /** 404. */
    NOT_FOUND,
    /** 401 with a Bearer challenge: the first step of the token flow, answered by fetching a token. */
    CHALLENGED,
    /** 401 (without a challenge to answer) or 403. */
    UNAUTHORIZED,
    /** 429. */
    RATE_LIMITED,
    /** 5xx. */
    SERVER_ERROR,
    /** No answer: refused connection, time-out, broken exchange. */
    UNREACHABLE,
    /** Another status (3xx, 400...). */
    OTHER,
    /** Not sent: the registry's back-off after a 429, or its {@code rate_limit}, refused it here. */
    REFUSED_LOCALLY;

    static RegistryAnswer of(int status) {
        if (status >= 200 && status < 300) {
            return OK;
        }
        return switch (status) {
            case 404 -> NOT_FOUND;
            case 401, 403 -> UNAUTHORIZED;
            case 429 -> RATE_LIMITED;
            default -> status >= 500 ? SERVER_ERROR : OTHER;
        };
    }
}
