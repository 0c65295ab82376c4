package dev.nomaddeployer.registryapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class NextPageTest {
    private static final URI PAGE = URI.create("http://127.0.0.1:5000/v2/team/web/tags/list?n=100");

    @Test
    void theNextLinkIsResolvedAgainstThePageItCameWith() {
        assertThat(NextPage.of(List.of("</v2/team/web/tags/list?last=b&n=100>; rel=\"next\""), PAGE))
                .contains(URI.create("http://127.0.0.1:5000/v2/team/web/tags/list?last=b&n=100"));
    }

    @Test
    void theNextLinkIsFoundAmongOthersWhateverItsQuotingOrCase() {
        assertThat(NextPage.of(List.of("</first>; rel=\"first\", </v2/x?last=a>;Rel=Next"), PAGE))
                .contains(URI.create("http://127.0.0.1:5000/v2/x?last=a"));
        assertThat(NextPage.of(List.of("</first>; rel=first", "</second>; rel=\"prefetch next\""), PAGE))
                .contains(URI.create("http://127.0.0.1:5000/second"));
    }

    @Test
    void withoutANextLinkThereIsNoNextPage() {
        assertThat(NextPage.of(List.of(), PAGE)).isEmpty();
        assertThat(NextPage.of(List.of("</v2/x>; rel=\"prev\""), PAGE)).isEmpty();
        assertThat(NextPage.of(List.of("garbage"), PAGE)).isEmpty();
    }
}
