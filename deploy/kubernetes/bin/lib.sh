# shellcheck shell=bash disable=SC2034
# (SC2034: the constants are used by the scripts that source this file.)
# Sourced by the scripts beside it: the names they share with the manifests (DeploymentScriptsTest checks
# that both agree) and the steps they share. Every script talks to the cluster of kubectl's current context,
# in HERDPULSE_NAMESPACE if set, else in the context's namespace.

KUBERNETES_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
REPOSITORY_DIR="$(cd "$KUBERNETES_DIR/../.." && pwd)"
readonly KUBERNETES_DIR REPOSITORY_DIR

readonly DEPLOYMENT=herdpulse
# The REST service (web UI) the operator creates for a FlinkDeployment: <name>-rest.
readonly REST_SERVICE="$DEPLOYMENT-rest"
readonly REST_PORT=8081
readonly SCHEMA_JOB=herdpulse-schema
readonly SCHEMA_CONFIGMAP=herdpulse-schema
# The label that singles the schema Job out of the rendered manifests (schema-migration.yaml has it).
readonly SCHEMA_SELECTOR=app.kubernetes.io/component=schema
readonly SCHEMA_DIR="$REPOSITORY_DIR/sql/src/main/resources/db/herdpulse"
readonly WRITER_SECRET=herdpulse-db-writer
readonly READER_SECRET=herdpulse-db-reader
readonly MONITOR_SECRET=herdpulse-db-monitor
readonly SUPERUSER_SECRET=herdpulse-db-superuser
# Flink names the JobManager's Deployment after the cluster (the FlinkDeployment) and its main container so.
readonly MAIN_CONTAINER=flink-main-container
readonly PREVIOUS_IMAGE_ANNOTATION=herdpulse.io/previous-image
readonly UPGRADE_SAVEPOINT_ANNOTATION=herdpulse.io/upgrade-savepoint
# pipeline.max-parallelism of flink-deployment.yaml: the job's state splits into this many key groups.
readonly MAX_PARALLELISM=128
readonly WAIT_SECONDS="${HERDPULSE_WAIT_SECONDS:-900}"

kube() {
  kubectl ${HERDPULSE_NAMESPACE:+--namespace "$HERDPULSE_NAMESPACE"} "$@"
}

# A bad command line: one line, exit 2. A failed operation: one line, exit 1.
usage_error() {
  echo "$(basename "$0"): $* (see --help)" >&2
  exit 2
}

fail() {
  echo "$(basename "$0"): $*" >&2
  exit 1
}

readonly PASSWORD_LENGTH=32

# Writes a password of PASSWORD_LENGTH characters of [A-Za-z0-9], no newline (safe in any connection string),
# to file $1. The random bytes are read to their end from a fixed-size read: `tr </dev/urandom | head` would
# end tr by SIGPIPE, which pipefail turns into the script's silent death before any Secret exists.
write_password() {
  local password=""
  while ((${#password} < PASSWORD_LENGTH)); do
    password+="$(LC_ALL=C tr -dc 'A-Za-z0-9' < <(head -c 256 /dev/urandom))"
  done
  printf '%s' "${password:0:PASSWORD_LENGTH}" > "$1"
  [[ "$(wc -c < "$1")" -eq "$PASSWORD_LENGTH" ]] || fail "the generated password is not $PASSWORD_LENGTH characters"
}

# The value of a JSONPath expression on the FlinkDeployment, empty when absent.
field() {
  kube get flinkdeployment "$DEPLOYMENT" -o "jsonpath={$1}"
}

require_kubectl() {
  command -v kubectl > /dev/null || fail "kubectl is not installed"
}

require_operator() {
  require_kubectl
  kubectl get crd flinkdeployments.flink.apache.org > /dev/null 2>&1 \
    || fail "the Flink Kubernetes Operator is not installed (no FlinkDeployment CRD): see docs/kubernetes.md"
}

require_deployment() {
  require_kubectl
  kube get flinkdeployment "$DEPLOYMENT" > /dev/null 2>&1 \
    || fail "no FlinkDeployment $DEPLOYMENT here: run bin/deploy first"
}

# The image the JobManager runs, empty without one. After the operator rolled a change back by itself
# (lifecycle ROLLED_BACK) spec.image still names the change, while the pods run the last stable spec's.
running_image() {
  kube get deployment "$DEPLOYMENT" \
    -o "jsonpath={.spec.template.spec.containers[?(@.name==\"$MAIN_CONTAINER\")].image}" --ignore-not-found \
    || fail "cannot read the JobManager's Deployment $DEPLOYMENT (the scripts need get on Deployments)"
}

require_secret() {
  kube get secret "$1" > /dev/null 2>&1 || fail "missing Secret $1: $2"
}

# An image reference as a registry gives it, nothing a YAML patch would misread: [host[:port]/]name[:tag]
# [@digest]. Only the first path component may carry a port (localhost:5000/herdpulse-job:1.0); elsewhere a
# colon starts the tag.
readonly IMAGE_PATTERN='^([a-z0-9][a-z0-9.-]*:[0-9]{1,5}/)?[a-z0-9][a-z0-9._/-]*(:[A-Za-z0-9._-]+)?(@sha256:[a-f0-9]{64})?$'

require_image() {
  [[ "$1" =~ $IMAGE_PATTERN ]] \
    || usage_error "'$1' is not an image reference such as registry.example.com/herdpulse-job:1.0"
}

# The merge patches of the FlinkDeployment that the scripts send (ScriptsTest parses them).
image_patch() {
  printf '{"spec":{"image":"%s"}}' "$1"
}

parallelism_patch() {
  printf '{"spec":{"job":{"parallelism":%d}}}' "$1"
}

# Image $1 restarted from savepoint $2: a savepointRedeployNonce ($3) it has not seen makes the operator drop
# the running job and start from initialSavepointPath.
savepoint_redeploy_patch() {
  [[ "$2" =~ ^[A-Za-z0-9+.:/_=-]+$ ]] || fail "'$2' does not look like a savepoint path"
  printf '{"spec":{"image":"%s","job":{"initialSavepointPath":"%s","savepointRedeployNonce":%d}}}' "$1" "$2" "$3"
}

# The parallelism the job has now, empty before the first deploy. bin/rescale sets it on the live object
# only: applying the manifest's (a three-way merge sees it differ from the live one) would undo the rescale.
live_parallelism() {
  kube get flinkdeployment "$DEPLOYMENT" -o 'jsonpath={.spec.job.parallelism}' --ignore-not-found \
    || fail "cannot read the FlinkDeployment $DEPLOYMENT's parallelism"
}

# The JSON patch operation that sets the job's parallelism to $1, nothing when $1 is empty.
parallelism_operation() {
  [[ -n "$1" ]] || return 0
  printf '      - op: replace\n        path: /spec/job/parallelism\n        value: %d\n' "$1"
}

# Prints the manifests of deploy/kubernetes with the job's image set to $1 and, if $2 is given, its
# parallelism to $2: a kustomize overlay in a directory of its own beside the base, removed again at once.
render() {
  local image="$1" parallelism="${2:-}" overlay status=0
  overlay="$(mktemp -d "$KUBERNETES_DIR/../.overlay.XXXXXX")"
  cat > "$overlay/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../kubernetes
patches:
  - target:
      kind: FlinkDeployment
      name: $DEPLOYMENT
    patch: |
      - op: replace
        path: /spec/image
        value: $image
$(parallelism_operation "$parallelism")
YAML
  kubectl kustomize "$overlay" || status=$?
  rm -rf "$overlay"
  return "$status"
}

# Migrates the schema (the Job of schema-migration.yaml, recreated with the migrations of this checkout),
# then applies the FlinkDeployment with the job's image set to $1 and the parallelism it has (the
# manifest's on the first deploy). Prints the generation to wait for.
apply_release() {
  local image="$1" manifests parallelism
  # Read apart from render's arguments: set -e does not stop a script at a failed substitution there, and
  # the manifest's parallelism would then undo a rescale.
  parallelism="$(live_parallelism)"
  manifests="$(mktemp)"
  render "$image" "$parallelism" > "$manifests"

  kube create configmap "$SCHEMA_CONFIGMAP" --from-file="$SCHEMA_DIR" --dry-run=client -o yaml \
    | kube apply -f - > /dev/null
  kube delete job "$SCHEMA_JOB" --ignore-not-found --wait=true > /dev/null
  kube apply -f "$manifests" --selector "$SCHEMA_SELECTOR" > /dev/null
  wait_for_schema

  kube apply -f "$manifests" > /dev/null
  rm -f "$manifests"
  field .metadata.generation
}

wait_for_schema() {
  local deadline=$((SECONDS + WAIT_SECONDS))
  echo "migrating the schema (Job $SCHEMA_JOB)" >&2
  while ((SECONDS < deadline)); do
    if [[ "$(kube get job "$SCHEMA_JOB" -o 'jsonpath={.status.succeeded}')" == 1 ]]; then
      return 0
    fi
    if [[ "$(kube get job "$SCHEMA_JOB" -o 'jsonpath={.status.conditions[?(@.type=="Failed")].status}')" == True ]]; then
      fail "the schema migration failed: kubectl logs job/$SCHEMA_JOB"
    fi
    sleep 5
  done
  fail "the schema migration did not finish within ${WAIT_SECONDS}s: kubectl logs job/$SCHEMA_JOB"
}

# Waits until the operator has acted on generation $1 of the spec and the job runs. The operator rolls a
# spec that never becomes stable back by itself (kubernetes.operator.deployment.rollback.enabled).
wait_until_running() {
  local generation="$1" deadline=$((SECONDS + WAIT_SECONDS)) observed lifecycle job error
  while ((SECONDS < deadline)); do
    observed="$(field .status.observedGeneration)"
    lifecycle="$(field .status.lifecycleState)"
    job="$(field .status.jobStatus.state)"
    error="$(field .status.error)"
    echo "generation ${observed:-?}/$generation, lifecycle ${lifecycle:-?}, job ${job:-?}" >&2
    # Until the operator has seen generation $1 the lifecycle is the one before: ROLLED_BACK, say, from a
    # change it gave up that this one puts right.
    if [[ "${observed:-0}" -ge "$generation" ]]; then
      case "$lifecycle" in
        FAILED | ROLLING_BACK | ROLLED_BACK)
          fail "the deployment is $lifecycle: ${error:-kubectl describe flinkdeployment $DEPLOYMENT}"
          ;;
      esac
    fi
    if [[ "${observed:-0}" -ge "$generation" && "$job" == RUNNING \
      && ("$lifecycle" == DEPLOYED || "$lifecycle" == STABLE) ]]; then
      return 0
    fi
    sleep 5
  done
  fail "the job was not RUNNING within ${WAIT_SECONDS}s: kubectl describe flinkdeployment $DEPLOYMENT"
}

# Only a running, settled deployment is upgraded, rescaled or rolled back: each of those takes a savepoint.
# ROLLED_BACK is settled too: the operator returned to the last stable spec by itself and the job runs that,
# and an upgrade to a fixed image or a rollback is the way out of it (the lifecycle stays until the spec
# changes).
require_running() {
  require_deployment
  local lifecycle job
  lifecycle="$(field .status.lifecycleState)"
  job="$(field .status.jobStatus.state)"
  [[ "$job" == RUNNING && ("$lifecycle" == DEPLOYED || "$lifecycle" == STABLE || "$lifecycle" == ROLLED_BACK) ]] \
    || fail "the job is ${job:-not running} (lifecycle ${lifecycle:-unknown}): a savepoint needs a RUNNING job"
}
