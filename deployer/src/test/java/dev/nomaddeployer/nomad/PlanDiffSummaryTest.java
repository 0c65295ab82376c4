package dev.nomaddeployer.nomad;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The one line a dry run and the plan command print for Nomad's job diff. */
class PlanDiffSummaryTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JobPlan plan(String diff) throws Exception {
        return JobPlan.of(JSON.readTree(("{'Annotations':{},'FailedTGAllocs':null,'Diff':" + diff + "}")
                .replace('\'', '"')));
    }

    @Test
    void aJobMetaChangeIsTheFieldWithItsOldAndNewValueAndTheGroupsUpdates() throws Exception {
        JobPlan plan = plan("{'Type':'Edited','ID':'web','Fields':[{'Type':'Edited','Name':'Meta[VERSION]',"
                + "'Old':'1.5.0','New':'1.6.0','Annotations':null}],'Objects':null,'TaskGroups':[{'Type':'Edited',"
                + "'Name':'web','Fields':null,'Objects':null,'Tasks':[{'Type':'Edited','Name':'web','Fields':null,"
                + "'Objects':null,'Annotations':['forces create/destroy update']}],"
                + "'Updates':{'create/destroy update':1,'ignore':1}}]}");

        assertThat(plan.changes()).containsExactly(new JobPlan.PlanChange("job", "Meta[VERSION]", "1.5.0", "1.6.0"));
        assertThat(plan.summary()).isEqualTo("job: Meta[VERSION] 1.5.0 -> 1.6.0; updates: group web: "
                + "create/destroy update 1, ignore 1");
    }

    @Test
    void nestedObjectsNameTheirPathAndUnchangedContextIsLeftOut() throws Exception {
        JobPlan plan = plan("{'Type':'Edited','ID':'web','Fields':[{'Type':'None','Name':'Region','Old':'global',"
                + "'New':'global'}],'TaskGroups':[{'Type':'Edited','Name':'web','Fields':[{'Type':'Added',"
                + "'Name':'Meta[TIER]','Old':'','New':'front end'}],'Tasks':[{'Type':'Edited','Name':'app',"
                + "'Fields':[{'Type':'Deleted','Name':'Meta[OLD]','Old':'x','New':''}],'Objects':[{'Type':'Edited',"
                + "'Name':'Config','Fields':[{'Type':'Edited','Name':'image','Old':'reg/web:1','New':'reg/web:2'},"
                + "{'Type':'None','Name':'force_pull','Old':'false','New':'false'}],'Objects':null},"
                + "{'Type':'None','Name':'Resources','Fields':[]}]}]}]}");

        assertThat(plan.changes()).containsExactly(
                new JobPlan.PlanChange("group web", "Meta[TIER]", "", "front end"),
                new JobPlan.PlanChange("task web/app", "Meta[OLD]", "x", ""),
                new JobPlan.PlanChange("task web/app", "Config.image", "reg/web:1", "reg/web:2"));
        assertThat(PlanDiffSummary.text(plan.changes())).isEqualTo("group web: Meta[TIER] added \"front end\"; "
                + "task web/app: Meta[OLD] removed x, Config.image reg/web:1 -> reg/web:2");
    }

    @Test
    void aPlanOfTheUnchangedJobHasNoChanges() throws Exception {
        JobPlan plan = plan("{'Type':'None','ID':'web','Fields':null,'TaskGroups':[{'Type':'None','Name':'web',"
                + "'Updates':{'ignore':2}}]}");

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.summary()).isEqualTo("no changes; updates: group web: ignore 2");
    }
}
