package io.herdpulse.deploy;

import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Facts from the FlinkDeployment CRD of the Flink Kubernetes Operator 1.13.0
 * (helm/flink-kubernetes-operator/crds/flinkdeployments.flink.apache.org-v1.yml), whose schema is
 * not on Maven Central: the fields of the spec and the status this project's files use or may use.
 */
final class OperatorCrd {
    static final Set<String> SPEC =
            Set.of(
                    "flinkConfiguration",
                    "flinkVersion",
                    "image",
                    "imagePullPolicy",
                    "ingress",
                    "job",
                    "jobManager",
                    "logConfiguration",
                    "mode",
                    "podTemplate",
                    "restartNonce",
                    "serviceAccount",
                    "taskManager");

    static final Set<String> JOB =
            Set.of(
                    "allowNonRestoredState",
                    "args",
                    "autoscalerResetNonce",
                    "checkpointTriggerNonce",
                    "entryClass",
                    "initialSavepointPath",
                    "jarURI",
                    "parallelism",
                    "savepointRedeployNonce",
                    "savepointTriggerNonce",
                    "state",
                    "upgradeMode");

    /** The fields of spec.jobManager and spec.taskManager. */
    static final Set<String> COMPONENT = Set.of("podTemplate", "replicas", "resource");

    static final Set<String> RESOURCE = Set.of("cpu", "ephemeralStorage", "memory");

    static final Set<String> STATUS =
            Set.of(
                    "clusterInfo",
                    "error",
                    "jobManagerDeploymentStatus",
                    "jobStatus",
                    "lifecycleState",
                    "observedGeneration",
                    "reconciliationStatus",
                    "taskManager");

    static final Set<String> JOB_STATUS =
            Set.of(
                    "checkpointInfo",
                    "jobId",
                    "jobName",
                    "savepointInfo",
                    "startTime",
                    "state",
                    "updateTime",
                    "upgradeSavepointPath");

    /** Every dotted path of a scalar or list down to the job's and status' fields. */
    static final Set<String> PATHS =
            Stream.of(
                            prefixed("spec.", SPEC),
                            prefixed("spec.job.", JOB),
                            prefixed("spec.jobManager.", COMPONENT),
                            prefixed("spec.taskManager.", COMPONENT),
                            prefixed("spec.jobManager.resource.", RESOURCE),
                            prefixed("spec.taskManager.resource.", RESOURCE),
                            prefixed("status.", STATUS),
                            prefixed("status.jobStatus.", JOB_STATUS))
                    .flatMap(Set::stream)
                    .collect(Collectors.toUnmodifiableSet());

    private OperatorCrd() {}

    private static Set<String> prefixed(String prefix, Set<String> fields) {
        return fields.stream().map(field -> prefix + field).collect(Collectors.toSet());
    }
}
