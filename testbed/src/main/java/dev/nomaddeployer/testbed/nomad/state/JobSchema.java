package dev.nomaddeployer.testbed.nomad.state;

import static dev.nomaddeployer.testbed.go.GoStruct.anyMap;
import static dev.nomaddeployer.testbed.go.GoStruct.bool;
import static dev.nomaddeployer.testbed.go.GoStruct.duration;
import static dev.nomaddeployer.testbed.go.GoStruct.durationPointer;
import static dev.nomaddeployer.testbed.go.GoStruct.integer;
import static dev.nomaddeployer.testbed.go.GoStruct.raw;
import static dev.nomaddeployer.testbed.go.GoStruct.str;
import static dev.nomaddeployer.testbed.go.GoStruct.stringList;
import static dev.nomaddeployer.testbed.go.GoStruct.stringMap;
import static dev.nomaddeployer.testbed.go.GoStruct.struct;
import static dev.nomaddeployer.testbed.go.GoStruct.structList;

import dev.nomaddeployer.testbed.go.GoStruct;
import java.util.List;

/** Field order of Nomad 1.10's structs.Job and its parts, as `GET /v1/job/:id` prints them. */
final class JobSchema {
    static final GoStruct UPDATE = new GoStruct("UpdateStrategy", List.of(
            duration("Stagger"), integer("MaxParallel", "int"), str("HealthCheck"), duration("MinHealthyTime"),
            duration("HealthyDeadline"), duration("ProgressDeadline"), bool("AutoRevert"), bool("AutoPromote"),
            integer("Canary", "int")));
    static final GoStruct MIGRATE = new GoStruct("MigrateStrategy", List.of(
            integer("MaxParallel", "int"), str("HealthCheck"), duration("MinHealthyTime"),
            duration("HealthyDeadline")));
    static final GoStruct RESTART = new GoStruct("RestartPolicy", List.of(
            integer("Attempts", "int"), duration("Interval"), duration("Delay"), str("Mode"),
            bool("RenderTemplates")));
    static final GoStruct RESCHEDULE = new GoStruct("ReschedulePolicy", List.of(
            integer("Attempts", "int"), duration("Interval"), duration("Delay"), str("DelayFunction"),
            duration("MaxDelay"), bool("Unlimited")));
    static final GoStruct DISK = new GoStruct("EphemeralDisk", List.of(
            bool("Sticky"), integer("SizeMB", "int"), bool("Migrate")));
    static final GoStruct RESOURCES = new GoStruct("Resources", List.of(
            integer("CPU", "int"), integer("Cores", "int"), integer("MemoryMB", "int"),
            integer("MemoryMaxMB", "int"), integer("DiskMB", "int"), integer("IOPS", "int"), raw("Networks"),
            raw("Devices"), raw("NUMA"), integer("SecretsMB", "int")));
    static final GoStruct LOG_CONFIG = new GoStruct("LogConfig", List.of(
            integer("MaxFiles", "int"), integer("MaxFileSizeMB", "int"), bool("Disabled")));
    static final GoStruct IDENTITY = new GoStruct("WorkloadIdentity", List.of(
            str("Name"), stringList("Audience"), str("ChangeMode"), str("ChangeSignal"), bool("Env"),
            bool("File"), str("Filepath"), str("ServiceName"), duration("TTL")));
    static final GoStruct PERIODIC = new GoStruct("PeriodicConfig", List.of(
            bool("Enabled"), str("Spec"), stringList("Specs"), str("SpecType"), bool("ProhibitOverlap"),
            str("TimeZone")));
    static final GoStruct PARAMETERIZED = new GoStruct("ParameterizedJobConfig", List.of(
            str("Payload"), stringList("MetaRequired"), stringList("MetaOptional")));
    static final GoStruct TASK = new GoStruct("Task", List.of(
            str("Name"), str("Driver"), str("User"), anyMap("Config"), stringMap("Env"), raw("Services"),
            raw("Vault"), raw("Consul"), raw("Templates"), raw("Constraints"), raw("Affinities"),
            struct("Resources", RESOURCES), struct("RestartPolicy", RESTART), raw("DispatchPayload"),
            raw("Lifecycle"), stringMap("Meta"), duration("KillTimeout"), struct("LogConfig", LOG_CONFIG),
            raw("Artifacts"), bool("Leader"), duration("ShutdownDelay"), raw("VolumeMounts"),
            raw("ScalingPolicies"), str("KillSignal"), str("Kind"), raw("CSIPluginConfig"),
            struct("Identity", IDENTITY), raw("Identities"), raw("Actions"), raw("Schedule")));
    static final GoStruct TASK_GROUP = new GoStruct("TaskGroup", List.of(
            str("Name"), integer("Count", "int"), struct("Update", UPDATE), struct("Migrate", MIGRATE),
            raw("Constraints"), raw("Scaling"), struct("RestartPolicy", RESTART), raw("Disconnect"),
            structList("Tasks", TASK), struct("EphemeralDisk", DISK), stringMap("Meta"),
            struct("ReschedulePolicy", RESCHEDULE), raw("Affinities"), raw("Spreads"), raw("Networks"),
            raw("Consul"), raw("Services"), raw("Volumes"), durationPointer("ShutdownDelay"),
            durationPointer("StopAfterClientDisconnect"), durationPointer("MaxClientDisconnect"),
            bool("PreventRescheduleOnLost")));
    static final GoStruct JOB = new GoStruct("Job", List.of(
            bool("Stop"), str("Region"), str("Namespace"), str("ID"), str("ParentID"), str("Name"), str("Type"),
            integer("Priority", "int"), bool("AllAtOnce"), stringList("Datacenters"), str("NodePool"),
            raw("Constraints"), raw("Affinities"), raw("Spreads"), structList("TaskGroups", TASK_GROUP),
            struct("Update", UPDATE), raw("Multiregion"), struct("Periodic", PERIODIC),
            struct("ParameterizedJob", PARAMETERIZED), bool("Dispatched"), str("DispatchIdempotencyToken"),
            raw("Payload"), stringMap("Meta"), str("ConsulNamespace"), str("VaultNamespace"), str("NomadTokenID"),
            str("Status"), str("StatusDescription"), bool("Stable"), integer("Version", "uint64"),
            integer("SubmitTime", "int64"), integer("CreateIndex", "uint64"), integer("ModifyIndex", "uint64"),
            integer("JobModifyIndex", "uint64"), raw("UI"), raw("VersionTag")));
    /** api.JobRegisterRequest ([2.0] adds PreserveResources; harmless to accept in 1.10 mode). */
    static final GoStruct REGISTER_REQUEST = new GoStruct("JobRegisterRequest", List.of(
            struct("Job", JOB), bool("EnforceIndex"), integer("JobModifyIndex", "uint64"),
            bool("PreserveCounts"), bool("PreserveResources"), bool("PolicyOverride"),
            integer("EvalPriority", "int"), raw("Submission"), str("Region"), str("Namespace"), str("SecretID")));

    /** Fields a re-posted job may carry that never count as a spec change (nomad-api.md#spec-change). */
    static final List<String> NOT_SPEC = List.of("Status", "StatusDescription", "Stable", "Version", "CreateIndex",
            "ModifyIndex", "JobModifyIndex", "SubmitTime");

    private JobSchema() {
    }
}
