package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** What an operator reads for a plan whose placements would fail: the causes Nomad's CLI lists, in words. */
class PlacementFailureTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void exhaustedMemoryNamesTheNodesAndTheDimension() throws Exception {
        JsonNode metric = json("{'NodesEvaluated':3,'NodesFiltered':0,'NodesAvailable':{'dc1':3},"
                + "'ClassFiltered':null,'ConstraintFiltered':null,'NodesExhausted':3,'ClassExhausted':null,"
                + "'DimensionExhausted':{'memory':3},'QuotaExhausted':null,'CoalescedFailures':2}");

        assertThat(PlacementFailureText.reason(metric))
                .isEqualTo("resources exhausted on 3 nodes, dimension \"memory\" exhausted on 3 nodes");
    }

    @Test
    void everyCauseNomadRecordsIsListedInTheCliOrderWithMapsSortedByKey() throws Exception {
        JsonNode metric = json("{'NodesEvaluated':5,'NodesAvailable':{'dc2':0,'dc1':5},"
                + "'ClassFiltered':{'gpu':1},'ConstraintFiltered':{'${attr.kernel.name} = linux':2,'missing drivers':1},"
                + "'NodesExhausted':1,'ClassExhausted':{'large':1},'DimensionExhausted':{'memory':1,'cpu':1},"
                + "'QuotaExhausted':['memory']}");

        assertThat(PlacementFailureText.reason(metric)).isEqualTo("no nodes are available in datacenter \"dc2\", "
                + "class \"gpu\" excluded 1 node, constraint \"${attr.kernel.name} = linux\" excluded 2 nodes, "
                + "constraint \"missing drivers\" excluded 1 node, resources exhausted on 1 node, "
                + "class \"large\" exhausted on 1 node, dimension \"cpu\" exhausted on 1 node, "
                + "dimension \"memory\" exhausted on 1 node, quota limit reached for \"memory\"");
    }

    @Test
    void noEligibleNodeIsSaidSo() throws Exception {
        assertThat(PlacementFailureText.reason(json("{'NodesEvaluated':0,'NodesAvailable':{'dc1':0}}")))
                .isEqualTo("no nodes were eligible for evaluation, no nodes are available in datacenter \"dc1\"");
    }

    @Test
    void aMetricWithNoRecordedCauseStillSaysNoNodeFits() throws Exception {
        assertThat(PlacementFailureText.reason(json("{'NodesEvaluated':2}"))).isEqualTo("no node fits (2 nodes evaluated)");
    }

    @Test
    void eachFailedGroupIsNamedWithTheAllocationsItCouldNotPlace() throws Exception {
        JsonNode failed = json("{'web':{'NodesEvaluated':3,'NodesExhausted':3,'CoalescedFailures':2},"
                + "'api':{'NodesEvaluated':2,'ConstraintFiltered':{'${node.class} = edge':2},'CoalescedFailures':0}}");

        JobPlan plan = JobPlan.of(json("{'Annotations':{},'FailedTGAllocs':" + failed + ",'Diff':null}"));

        assertThat(plan.placementFails()).isTrue();
        assertThat(plan.failedPlacements()).extracting(JobPlan.FailedPlacement::group).containsExactly("api", "web");
        assertThat(plan.verdict()).isEqualTo("placement would fail: group api: 1 allocation not placed: constraint "
                + "\"${node.class} = edge\" excluded 2 nodes; group web: 3 allocations not placed: "
                + "resources exhausted on 3 nodes");
    }

    @Test
    void aPlanWithoutFailedAllocationsPlaces() throws Exception {
        JobPlan plan = JobPlan.of(json("{'Annotations':{},'FailedTGAllocs':null,'Diff':null}"));

        assertThat(plan.placementFails()).isFalse();
        assertThat(plan.verdict()).isEqualTo("placement ok");
    }
}
