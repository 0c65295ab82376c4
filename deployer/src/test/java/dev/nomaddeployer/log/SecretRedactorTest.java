package dev.nomaddeployer.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Each kind of secret a log line can carry, in the shapes libraries really print it, comes out masked. */
class SecretRedactorTest {
    private static final String TOKEN = "CALLBACKTOKENSECRET456";
    private final SecretRedactor redactor = new SecretRedactor(List.of(TOKEN, "pa\"ss\\word", "a b&c"));

    @Test
    void aConfiguredSecretIsMaskedWhereverItStands() {
        assertThat(redactor.redact("event=start_failed reason=\"connect to http://nomad?x=" + TOKEN + " refused\""))
                .isEqualTo("event=start_failed reason=\"connect to http://nomad?x=******** refused\"");
        assertThat(redactor.redact("java.lang.IllegalStateException: bad " + TOKEN + "\n\tat x.y(Z.java:1)"))
                .isEqualTo("java.lang.IllegalStateException: bad ********\n\tat x.y(Z.java:1)");
    }

    @Test
    void aConfiguredSecretIsMaskedInTheFormsLogsCarryIt() {
        assertThat(redactor.redact("reason=\"pa\\\"ss\\\\word\"")).as("escaped inside a quoted value")
                .isEqualTo("reason=\"********\"");
        assertThat(redactor.redact("GET /x?q=a+b%26c HTTP/1.1")).as("URL-encoded").isEqualTo("GET /x?q=******** HTTP/1.1");
    }

    @Test
    void credentialHeadersKeepTheirSchemeAndLoseTheirValue() {
        assertThat(redactor.redact("Authorization: Bearer some-guessed-token")).isEqualTo("Authorization: Bearer ********");
        assertThat(redactor.redact("authorization: basic cmVnaXN0cnk6Z3Vlc3M=")).isEqualTo("authorization: basic ********");
        assertThat(redactor.redact("Proxy-Authorization: Basic dXNlcjpwdw==\r\nHost: x"))
                .isEqualTo("Proxy-Authorization: Basic ********\r\nHost: x");
        assertThat(redactor.redact("X-Nomad-Token: 5f0c-a1b2-nomad\r\n")).isEqualTo("X-Nomad-Token: ********\r\n");
        assertThat(redactor.redact("Cookie: session=abc123; theme=dark")).isEqualTo("Cookie: ********");
        assertThat(redactor.redact("Set-Cookie: id=a3fWa; Expires=Thu, 21 Oct 2021 07:28:00 GMT; Secure"))
                .isEqualTo("Set-Cookie: ********");
        assertThat(redactor.redact("Authorization: opaque-value-without-scheme")).isEqualTo("Authorization: ********");
    }

    @Test
    void headersPrintedAsMapsOrJsonAreMaskedToo() {
        assertThat(redactor.redact("{Authorization=[Bearer abc], Host=[x]}")).doesNotContain("abc");
        assertThat(redactor.redact("{\"Authorization\":[\"Bearer abc\"],\"Host\":\"x\"}"))
                .isEqualTo("{\"Authorization\":[\"Bearer ********\"],\"Host\":\"x\"}");
        assertThat(redactor.redact("{\\\"X-Nomad-Token\\\":\\\"abc\\\"}")).isEqualTo("{\\\"X-Nomad-Token\\\":\\\"********\\\"}");
    }

    @Test
    void secretNamedParametersAndFieldsAreMasked() {
        assertThat(redactor.redact("POST /registry/callback?token=QUERYSECRET000&x=1 HTTP/1.1"))
                .isEqualTo("POST /registry/callback?token=********&x=1 HTTP/1.1");
        assertThat(redactor.redact("u=http://h/cb?access_token=abc,HTTP/1.1")).isEqualTo("u=http://h/cb?access_token=********,HTTP/1.1");
        assertThat(redactor.redact("?secret=s1&password=p1&api_key=k1"))
                .isEqualTo("?secret=********&password=********&api_key=********");
        assertThat(redactor.redact("--nomad.token=abc --registry.auth.password=def"))
                .isEqualTo("--nomad.token=******** --registry.auth.password=********");
        assertThat(redactor.redact("{\"AccessorID\":\"a-1\",\"SecretID\":\"s-1\"}"))
                .isEqualTo("{\"AccessorID\":\"a-1\",\"SecretID\":\"********\"}");
        assertThat(redactor.redact("connect to http://deployer:hunter2@nomad:4646/v1/jobs"))
                .isEqualTo("connect to http://deployer:********@nomad:4646/v1/jobs");
    }

    @Test
    void everyRuleAppliesOnItsOwnNotOnlyNextToAnotherTriggerWord() {
        assertThat(redactor.redact("x?access_key=k1")).isEqualTo("x?access_key=********");
        assertThat(redactor.redact("x?ApiKey=k1")).isEqualTo("x?ApiKey=********");
        assertThat(redactor.redact("credentials=c1")).isEqualTo("credentials=********");
        assertThat(redactor.redact("X-Registry-Key: k1")).isEqualTo("X-Registry-Key: ********");
        assertThat(redactor.redact("pwd=p1")).isEqualTo("pwd=********");
        assertThat(redactor.redact("http://u:p1@h/")).isEqualTo("http://u:********@h/");
    }

    @Test
    void aJettyBufferDumpCutInsideASecretShowsNoPieceOfIt() {
        // as SocketChannelEndPoint printed it when the headers arrived before the body: the cut leaves the token's tail
        String filled = "filled 177 jn.DirectByteBuffer@63b23fb0[p=0,l=177,c=8192,r=177]={<<<POST /registry/callback H"
                + "...LBACKTOKENSECRET45\\r\\n\\r\\n>>>\\x00\\x00\\x00\\x00...\\x00\\x00\\x00}";
        assertThat(redactor.redact(filled)).isEqualTo("filled 177 jn.DirectByteBuffer@63b23fb0[p=0,l=177,c=8192,r=177]="
                + "{<<<POST /registry/callback H...********\\r\\n\\r\\n>>>\\x00\\x00\\x00\\x00...\\x00\\x00\\x00}");
    }

    @Test
    void aJettyBufferDumpShowsHeadersWholeOrMasked() {
        String dump = "b[p=0]={<<<GET /x HTTP/1.1\\r\\nAuthorization: Bearer abcdef\\r\\nHost: h\\r\\nCookie: a=b>>>}/next";
        assertThat(redactor.redact(dump))
                .isEqualTo("b[p=0]={<<<GET /x HTTP/1.1\\r\\nAuthorization: Bearer ********\\r\\nHost: h\\r\\nCookie: ********>>>}/next");
        assertThat(redactor.redact("b[p=0]={<<<tion: Bearer abcdef\\r\\nHost: h>>>}")).as("a dump starting inside a line")
                .isEqualTo("b[p=0]={<<<********\\r\\nHost: h>>>}");
        assertThat(redactor.redact("b[p=0]={<<<{\"events\":[]}>>>}")).as("a JSON body").isEqualTo("b[p=0]={<<<{\"events\":[]}>>>}");
    }

    @Test
    void aJettyBufferDumpOfConsumedBytesShowsNoPieceOfASecretEither() {
        // as HttpParser printed it once the head was parsed: the consumed bytes come before <<<
        String parsed = "parseNext s=CONTENT jn.DirectByteBuffer@50f28894[p=384,l=384,c=8192,r=0]={POST /reg"
                + "...n-XYZ\\r\\n\\r\\n<<<>>>\\x00\\x00}";
        assertThat(redactor.redact(parsed)).isEqualTo("parseNext s=CONTENT jn.DirectByteBuffer@50f28894"
                + "[p=384,l=384,c=8192,r=0]={POST /reg...********\\r\\n\\r\\n<<<>>>\\x00\\x00}");
        assertThat(redactor.redact("b[p=9]={GET / HTTP/1.1\\r\\nAuthorization: Bea<<<rer abcdef\\r\\nHost: h>>>}"))
                .as("the position inside a header").isEqualTo("b[p=9]={GET / HTTP/1.1\\r\\nAuthorization: ********<<<"
                        + "********\\r\\nHost: h>>>}");
        assertThat(redactor.redact("b[p=9]={GET / HTTP/1.1\\r\\n<<<Host: h\\r\\n>>>}")).as("the position at a line start")
                .isEqualTo("b[p=9]={GET / HTTP/1.1\\r\\n<<<Host: h\\r\\n>>>}");
    }

    @Test
    void aHeaderPrintedAsSeparateNameAndValueFieldsIsMasked() {
        assertThat(redactor.redact("parsedHeader(null) header=Cookie, headerString=[Cookie], valueString=[session=abc]"))
                .isEqualTo("parsedHeader(null) header=Cookie, headerString=[Cookie], valueString=[********]");
        assertThat(redactor.redact("parsedHeader(null) header=null, headerString=[X-Nomad-Token], valueString=[abc]"))
                .isEqualTo("parsedHeader(null) header=null, headerString=[X-Nomad-Token], valueString=[********]");
        assertThat(redactor.redact("parsedHeader(null) header=Authorization, headerString=[Authorization],"
                + " valueString=[Bearer abc]")).doesNotContain("abc");
        assertThat(redactor.redact("parsedHeader(null) header=Host, headerString=[Host], valueString=[h:1]"))
                .endsWith("valueString=[h:1]");
    }

    @Test
    void bytesPastABufferLimitAreMaskedUnlessTheyAreZeros() {
        assertThat(redactor.redact("b[p=0]={<<<>>>Authorization: Be...\\x00\\x00}")).isEqualTo("b[p=0]={<<<>>>********}");
        assertThat(redactor.redact("b[p=0]={<<<>>>ken-abcdef\\r\\nHost...\\x00\\x00}")).isEqualTo("b[p=0]={<<<>>>********}");
        assertThat(redactor.redact("b[p=0]={<<<>>>\\x00\\x00...\\x00}")).isEqualTo("b[p=0]={<<<>>>\\x00\\x00...\\x00}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "event=redeploy outcome=registered namespace=default job=web key=VERSION old=1.0 new=1.1 eval=e-1",
            "event=config_loaded file=/etc/nomad-deployer/deployer.yaml token_file=/run/secrets/nomad",
            "event=request_unauthorized path=/registry/callback remote=10.0.0.1 scheme=none reason=\"no Authorization header\"",
            "event=callback_open detail=\"no registry.auth.token or registry.auth.username is set\"",
            "onRequest POST{u=http://127.0.0.1:18777/registry/callback,HTTP/1.1,h=7,cl=13,p=null}",
            "event=request method=GET path=/api/v1/deployments status=200 duration_ms=3",
    })
    void linesWithoutSecretsAreLeftAsTheyAre(String line) {
        assertThat(redactor.redact(line)).isSameAs(line);
    }
}
