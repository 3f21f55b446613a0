#!/usr/bin/env python3
"""Checks what `kubectl kustomize` rendered for each overlay against the deployment rules (k8s/README.md, "What
check.sh checks"). Run by k8s/check.sh; needs Python 3.9+ and PyYAML (Debian: python3-yaml).

    check_manifests.py --repo ROOT OVERLAY_DIR=RENDERED_YAML [OVERLAY_DIR=RENDERED_YAML ...]

OVERLAY_DIR is the overlay's source directory; its name is the AWS region the overlay deploys to. Prints one line
per broken rule and exits 1, or one line per overlay and exits 0 when every rule holds.
"""
import argparse
import functools
import ipaddress
import os
import re
import sys

import yaml

HUB = "payment-hub"
HUB_CONTAINER = "hub"
PLACEHOLDER = "set-in-overlay"
AWS_REGION = re.compile(r"\b(?:us|eu|ap|sa|ca|me|af|il|mx|cn)-(?:gov-)?"
                        r"(?:north|south|east|west|central|northeast|southeast|southwest|northwest)-\d\b")
ROUTE_FILE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)+\.camel\.yaml$")
SECRET_ENV = re.compile(r"PASSWORD|SECRET|TOKEN|JAAS|_KEY$|_KEY_")
CAMEL_SHUTDOWN_DEFAULT_S = 45  # Camel's graceful shutdown timeout when camel.main.shutdown-timeout is not set
POD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
PROD = "prod"
MONITORING_NAMESPACE = {"kubernetes.io/metadata.name": "monitoring"}
# every setting by which the prod profile reaches AWS (TransportSecurityCheck): an http:// override is plain text
AWS_ENDPOINTS = ("hub.sources.sqs.endpoint", "hub.sources.s3.endpoint", "hub.archive.endpoint",
                 "hub.audit.anchor.endpoint", "hub.masking.kms.endpoint", "hub.leak-scan.archive.endpoint")
# where addresses are sampled to see what server.tomcat.remoteip.internal-proxies trusts, besides the admitted ranges
ADDRESS_SPREAD = ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "100.64.0.0/10")
# the alert rules promtool tests; the PrometheusRule of the base is written from them (k8s/write_prometheusrule.py)
ALERT_RULES = os.path.join("monitoring", "prometheus-rules.yaml")
CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "PriorityClass",
                  "StorageClass", "ClusterSecretStore", "ClusterIssuer", "IngressClass", "PersistentVolume"}


class Overlay:
    """One overlay's rendered resources, and the problems found in them."""

    def __init__(self, source_dir, documents):
        self.source_dir = source_dir
        self.name = os.path.basename(os.path.normpath(source_dir))
        self.docs = [d for d in documents if isinstance(d, dict)]
        self.problems = []

    def fail(self, resource, message):
        where = f"{resource.get('kind')}/{resource.get('metadata', {}).get('name')}" if resource else "overlay"
        self.problems.append(f"{self.name}: {where}: {message}")

    def all(self, kind):
        return [d for d in self.docs if d.get("kind") == kind]

    def one(self, kind, name_prefix):
        """The resource of that kind whose name is name_prefix, or name_prefix plus kustomize's hash suffix."""
        for d in self.all(kind):
            name = d.get("metadata", {}).get("name", "")
            if name == name_prefix or re.fullmatch(re.escape(name_prefix) + r"-[a-z0-9]{10}", name):
                return d
        return None


# ---------------------------------------------------------------------------------------------------------------
# helpers

def deep_merge(base, override):
    merged = dict(base)
    for key, value in (override or {}).items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def lookup(tree, dotted, default=None):
    node = tree
    for part in dotted.split("."):
        if not isinstance(node, dict) or part not in node:
            return default
        node = node[part]
    return node


def seconds(value, default_unit="ms"):
    """A Spring Boot duration ("30s", "1m", "500ms", or a number in default_unit) in seconds."""
    text = str(value).strip()
    match = re.fullmatch(r"(\d+)\s*(ms|s|m|h)?", text)
    if not match:
        raise ValueError(f"not a duration: {value}")
    unit = match.group(2) or default_unit
    return int(match.group(1)) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]


def quantity(value):
    """A Kubernetes CPU or memory quantity as a number (cores or bytes)."""
    text = str(value)
    units = {"m": 1e-3, "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40, "k": 1e3, "M": 1e6, "G": 1e9}
    for suffix, factor in sorted(units.items(), key=lambda u: -len(u[0])):
        if text.endswith(suffix):
            return float(text[: -len(suffix)]) * factor
    return float(text)


def strings(node):
    """Every string in a parsed document, keys included."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield str(key)
            yield from strings(value)
    elif isinstance(node, list):
        for item in node:
            yield from strings(item)
    elif isinstance(node, str):
        yield node


def pod_spec(resource):
    if resource.get("kind") == "CronJob":
        return resource["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return resource.get("spec", {}).get("template", {}).get("spec")


def containers(spec):
    return (spec.get("initContainers") or []) + (spec.get("containers") or [])


def selects(selector, labels):
    match = (selector or {}).get("matchLabels", selector or {})
    return bool(match) and all(labels.get(k) == v for k, v in match.items())


def hub_container(overlay):
    deployment = overlay.one("Deployment", HUB)
    if not deployment:
        overlay.fail(None, f"no Deployment {HUB}")
        return None, None
    for container in pod_spec(deployment).get("containers", []):
        if container.get("name") == HUB_CONTAINER:
            return deployment, container
    overlay.fail(deployment, f"no container named {HUB_CONTAINER}")
    return deployment, None


def env_value(container, name):
    for env in container.get("env") or []:
        if env.get("name") == name:
            return env
    return None


def mount_of(spec, container, volume_kind, source_name):
    """The mount path of the volume that projects the given ConfigMap/Secret (name without hash) into container."""
    for volume in spec.get("volumes") or []:
        source = volume.get(volume_kind) or {}
        name = source.get("name") or source.get("secretName") or ""
        if name == source_name or re.fullmatch(re.escape(source_name) + r"-[a-z0-9]{10}", name):
            for mount in container.get("volumeMounts") or []:
                if mount.get("name") == volume.get("name"):
                    return mount.get("mountPath")
    return None


def container_env(overlay, container):
    """The container's environment as name -> literal value: its envFrom ConfigMaps, then its env, which wins. A
    variable taken from a Secret (or the downward API) is there with the value None."""
    env = {}
    for source in container.get("envFrom") or []:
        name = (source.get("configMapRef") or {}).get("name")
        config_map = next((c for c in overlay.all("ConfigMap") if c["metadata"].get("name") == name), None)
        for key, value in ((config_map or {}).get("data") or {}).items():
            env[source.get("prefix", "") + key] = value
    for variable in container.get("env") or []:
        env[variable.get("name")] = variable.get("value") if variable.get("valueFrom") is None else None
    return env


def profiles(env):
    return [p.strip() for p in str(env.get("SPRING_PROFILES_ACTIVE") or "").split(",") if p.strip()]


def hub_config(overlay, repo):
    """The hub's configuration as the pod sees it: the image's config/application.yaml, then the ConfigMap's, then
    for each profile the hub container activates the image's config/application-<profile>.yaml and the ConfigMap's
    (Spring reads ./config/ and ./config/*/ as one group: profile files after all plain ones). The environment comes
    on top of this (setting())."""
    def load(path):
        if not os.path.exists(path):
            return {}
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f) or {}
    deployment = overlay.one("Deployment", HUB)
    hub = next((c for c in (pod_spec(deployment) or {}).get("containers") or [] if c.get("name") == HUB_CONTAINER),
               None) if deployment else None
    active = profiles(container_env(overlay, hub)) if hub else []
    config_map = overlay.one("ConfigMap", "payment-hub-config")
    data = (config_map or {}).get("data") or {}
    if "application.yaml" not in data:
        overlay.fail(config_map, "no ConfigMap payment-hub-config with an application.yaml")
    config = deep_merge(load(os.path.join(repo, "config", "application.yaml")),
                        yaml.safe_load(data.get("application.yaml") or "") or {})
    for profile in active:
        config = deep_merge(config, load(os.path.join(repo, "config", f"application-{profile}.yaml")))
        config = deep_merge(config, yaml.safe_load(data.get(f"application-{profile}.yaml") or "") or {})
    return config


def env_names(dotted):
    """The environment variables Spring binds to a property: HUB_SOURCES_ISO8583_TLS_CLIENTAUTH and the legacy
    HUB_SOURCES_ISO8583_TLS_CLIENT_AUTH for hub.sources.iso8583.tls.client-auth."""
    upper = dotted.upper().replace(".", "_")
    return [upper.replace("-", ""), upper.replace("-", "_")]


def setting(config, env, dotted, default=None):
    """(value, where it comes from) of a property as the container sees it: its environment over the configuration,
    ${...} placeholders resolved. A value from a Secret is None."""
    for name in env_names(dotted):
        if name in env:
            return env[name], f"env {name}"
    value = lookup(config, dotted, default)
    for _ in range(5):
        if not isinstance(value, str) or "${" not in value:
            break
        value = re.sub(r"\$\{([^}:]+)(?::([^}]*))?\}", lambda m: str(
            env.get(m.group(1)) if m.group(1) in env else
            setting(config, env, m.group(1), m.group(2) if m.group(2) is not None else "")[0] or ""), value)
    return value, "config"


def is_false(value):
    return text(value).strip().lower() == "false"


def text(value):
    """A setting as YAML and the environment spell it (true, not True)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


def migrate_containers(spec):
    return [c for c in containers(spec) if "--hub.mode=migrate" in (c.get("args") or []) + (c.get("command") or [])]


def port_numbers(container):
    return {p.get("name"): p.get("containerPort") for p in container.get("ports") or []}


def rule_ports_resolved(rule, names):
    """The ports an ingress rule admits, named ports resolved against the container's; None: every port."""
    if not rule.get("ports"):
        return None
    return {names.get(p.get("port"), p.get("port")) for p in rule["ports"]}


def is_monitoring_peer(peer):
    return (peer.get("namespaceSelector") or {}).get("matchLabels") == MONITORING_NAMESPACE and "ipBlock" not in peer


def hub_services(overlay, labels):
    return [s for s in overlay.all("Service") if selects(s["spec"].get("selector"), labels)]


def ingress_backends(ingress):
    """The Service names an Ingress routes to."""
    spec = ingress.get("spec") or {}
    backends = [spec.get("defaultBackend")] + [p.get("backend") for r in spec.get("rules") or []
                                               for p in (r.get("http") or {}).get("paths") or []]
    return {((b or {}).get("service") or {}).get("name") for b in backends if b}


def hub_ingresses(overlay, labels):
    names = {s["metadata"]["name"] for s in hub_services(overlay, labels)}
    return [i for i in overlay.all("Ingress") if ingress_backends(i) & names]


# ---------------------------------------------------------------------------------------------------------------
# rules: each takes the overlay (and what it needs) and records what is broken

def check_namespace(overlay):
    """One namespace, enforcing the restricted Pod Security Standard, holds every namespaced resource."""
    namespaces = overlay.all("Namespace")
    if len(namespaces) != 1:
        overlay.fail(None, f"{len(namespaces)} Namespace resources; the hub has one namespace of its own")
        return
    namespace = namespaces[0]
    name = namespace["metadata"]["name"]
    if (namespace["metadata"].get("labels") or {}).get("pod-security.kubernetes.io/enforce") != "restricted":
        overlay.fail(namespace, "does not enforce the restricted Pod Security Standard")
    for resource in overlay.docs:
        if resource.get("kind") not in CLUSTER_SCOPED and resource.get("metadata", {}).get("namespace") != name:
            overlay.fail(resource, f"is in namespace {resource.get('metadata', {}).get('namespace')}, not {name}: "
                                   "set the namespace in the overlay, where components join")


def check_pod_security(overlay):
    """runAsNonRoot, seccomp RuntimeDefault, read-only root with a writable /tmp, no privileges, no host access."""
    for resource in overlay.docs:
        if resource.get("kind") not in POD_KINDS | {"CronJob"}:
            continue
        spec = pod_spec(resource)
        pod_sc = spec.get("securityContext") or {}
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(flag):
                overlay.fail(resource, f"{flag} is on")
        if spec.get("automountServiceAccountToken") is not False:
            overlay.fail(resource, "automountServiceAccountToken must be false: the pods need no Kubernetes API token")
        if any("hostPath" in v for v in spec.get("volumes") or []):
            overlay.fail(resource, "a hostPath volume is mounted")
        empty_dirs = {v["name"] for v in spec.get("volumes") or [] if "emptyDir" in v}
        for container in containers(spec):
            name = container.get("name")
            sc = container.get("securityContext") or {}
            if not (sc.get("runAsNonRoot", pod_sc.get("runAsNonRoot")) is True):
                overlay.fail(resource, f"container {name}: runAsNonRoot is not true")
            if sc.get("runAsUser", pod_sc.get("runAsUser")) == 0:
                overlay.fail(resource, f"container {name}: runs as user 0")
            seccomp = (sc.get("seccompProfile") or pod_sc.get("seccompProfile") or {}).get("type")
            if seccomp != "RuntimeDefault":
                overlay.fail(resource, f"container {name}: seccompProfile is {seccomp}, not RuntimeDefault")
            if sc.get("readOnlyRootFilesystem") is not True:
                overlay.fail(resource, f"container {name}: readOnlyRootFilesystem is not true")
            if sc.get("allowPrivilegeEscalation") is not False:
                overlay.fail(resource, f"container {name}: allowPrivilegeEscalation is not false")
            if sc.get("privileged"):
                overlay.fail(resource, f"container {name}: privileged")
            capabilities = sc.get("capabilities") or {}
            if "ALL" not in (capabilities.get("drop") or []):
                overlay.fail(resource, f"container {name}: capabilities do not drop ALL")
            if capabilities.get("add"):
                overlay.fail(resource, f"container {name}: adds capabilities {capabilities['add']}")
            tmp = [m for m in container.get("volumeMounts") or [] if m.get("mountPath") == "/tmp"]
            if not tmp or tmp[0].get("name") not in empty_dirs:
                overlay.fail(resource, f"container {name}: no writable /tmp (an emptyDir mounted at /tmp)")


def check_resources(overlay):
    """Requests and limits for CPU and memory on every container; the JVM heap leaves room in the memory limit."""
    for resource in overlay.docs:
        if resource.get("kind") not in POD_KINDS | {"CronJob"}:
            continue
        for container in containers(pod_spec(resource)):
            res = container.get("resources") or {}
            for kind in ("requests", "limits"):
                for what in ("cpu", "memory"):
                    if what not in (res.get(kind) or {}):
                        overlay.fail(resource, f"container {container.get('name')}: no {what} in {kind}")
            for what in ("cpu", "memory"):
                request, limit = (res.get("requests") or {}).get(what), (res.get("limits") or {}).get(what)
                if request is not None and limit is not None and quantity(limit) < quantity(request):
                    overlay.fail(resource, f"container {container.get('name')}: {what} limit {limit} below request {request}")
    _, hub = hub_container(overlay)
    if hub:
        options = (env_value(hub, "JAVA_TOOL_OPTIONS") or {}).get("value", "")
        match = re.search(r"-XX:MaxRAMPercentage=(\d+(?:\.\d+)?)", options)
        if not match or float(match.group(1)) > 75:
            overlay.fail(overlay.one("Deployment", HUB), "JAVA_TOOL_OPTIONS must set -XX:MaxRAMPercentage at most 75: "
                                                         "metaspace, code, threads and buffers live outside the heap")


def check_probes(overlay):
    """Startup, liveness and readiness probes on the actuator's health groups, on a port the container declares."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    ports = {p.get("name") for p in hub.get("ports") or []} | {p.get("containerPort") for p in hub.get("ports") or []}
    expected = {"startupProbe": "/actuator/health/liveness", "livenessProbe": "/actuator/health/liveness",
                "readinessProbe": "/actuator/health/readiness"}
    for probe, path in expected.items():
        http = (hub.get(probe) or {}).get("httpGet")
        if not http:
            overlay.fail(deployment, f"no {probe} (httpGet {path})")
            continue
        if http.get("path") != path:
            overlay.fail(deployment, f"{probe} checks {http.get('path')}, not {path}")
        if http.get("port") not in ports:
            overlay.fail(deployment, f"{probe} uses port {http.get('port')}, which the container does not declare")
    startup = hub.get("startupProbe") or {}
    budget = startup.get("periodSeconds", 10) * startup.get("failureThreshold", 3)
    if startup and budget < 60:
        overlay.fail(deployment, f"startupProbe allows {budget} s; the hub needs up to ~10 s on one core, allow at least 60 s")


def check_termination(overlay, config):
    """terminationGracePeriodSeconds exceeds preStop plus the hub's drain; load balancers drain within it too."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    grace = pod_spec(deployment).get("terminationGracePeriodSeconds", 30)
    pre_stop = (hub.get("lifecycle") or {}).get("preStop") or {}
    pre_stop_s = (pre_stop.get("sleep") or {}).get("seconds", 0)
    if not pre_stop:
        overlay.fail(deployment, "no preStop: endpoints and load balancers need a moment to stop sending new work")
    web_s = seconds(lookup(config, "spring.lifecycle.timeout-per-shutdown-phase", "30s"))
    camel_s = int(lookup(config, "camel.main.shutdown-timeout", CAMEL_SHUTDOWN_DEFAULT_S))
    drain = pre_stop_s + web_s + camel_s
    if grace <= drain:
        overlay.fail(deployment, f"terminationGracePeriodSeconds {grace} is not longer than the drain: preStop {pre_stop_s} s"
                                 f" + web {web_s:g} s (spring.lifecycle.timeout-per-shutdown-phase)"
                                 f" + Camel {camel_s} s (camel.main.shutdown-timeout) = {drain:g} s")
    for service in overlay.all("Service"):
        attributes = (service.get("metadata", {}).get("annotations") or {}).get(
            "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes", "")
        match = re.search(r"deregistration_delay\.timeout_seconds=(\d+)", attributes)
        if match and int(match.group(1)) >= grace:
            overlay.fail(service, f"deregistration delay {match.group(1)} s is not shorter than the pods' "
                                  f"terminationGracePeriodSeconds {grace}")


def check_identity(overlay):
    """The hub runs under its ServiceAccount, which names an IAM role for IRSA."""
    deployment, _ = hub_container(overlay)
    if not deployment:
        return
    account_name = pod_spec(deployment).get("serviceAccountName")
    account = overlay.one("ServiceAccount", account_name or "")
    if not account:
        overlay.fail(deployment, f"runs under ServiceAccount {account_name}, which is not rendered")
        return
    role = (account.get("metadata", {}).get("annotations") or {}).get("eks.amazonaws.com/role-arn", "")
    if not re.fullmatch(r"arn:aws:iam::\d{12}:role/[\w+=,.@/-]+", role):
        overlay.fail(account, f"eks.amazonaws.com/role-arn is '{role}', not an IAM role ARN (IRSA)")


def check_config_and_routes(overlay, config, repo):
    """The config and routes ConfigMaps are mounted where the hub reads them; every configured route loads."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    spec = pod_spec(deployment)
    config_mount = mount_of(spec, hub, "configMap", "payment-hub-config")
    if not config_mount or not re.fullmatch(r"/app/config/[^/]+/?", config_mount):
        overlay.fail(deployment, f"payment-hub-config is mounted at {config_mount}, not in a directory under "
                                 "/app/config/, where Spring reads ./config/*/application.yaml")
    extra_dir = lookup(config, "hub.routes.extra-dir", "")
    routes_mount = mount_of(spec, hub, "configMap", "payment-hub-routes")
    if not extra_dir or routes_mount != extra_dir:
        overlay.fail(deployment, f"payment-hub-routes is mounted at {routes_mount} but hub.routes.extra-dir is "
                                 f"'{extra_dir}': the routes would not load")
    if not any((e.get("configMapRef") or {}).get("name", "").startswith("payment-hub-region")
               for e in hub.get("envFrom") or []):
        overlay.fail(deployment, "does not take its environment from the payment-hub-region ConfigMap")

    routes = overlay.one("ConfigMap", "payment-hub-routes")
    if not routes:
        overlay.fail(None, "no ConfigMap payment-hub-routes")
        return
    data = routes.get("data") or {}
    built_in = set()
    for file in os.listdir(os.path.join(repo, "routes")):
        if file.endswith(".camel.yaml"):
            built_in |= route_ids(os.path.join(repo, "routes", file))
    for directory in (os.path.join(repo, "k8s", "base", "routes"), os.path.join(overlay.source_dir, "routes")):
        if os.path.isdir(directory):
            for file in sorted(os.listdir(directory)):
                if file.endswith(".camel.yaml") and file not in data:
                    overlay.fail(routes, f"{os.path.relpath(os.path.join(directory, file), repo)} is not listed in "
                                         "its kustomization's payment-hub-routes generator, so it would not run")
    for key, text in sorted(data.items()):
        if not ROUTE_FILE.match(key):
            overlay.fail(routes, f"{key}: not a <stage>-<source>-<message>.camel.yaml file name")
            continue
        stem = key[: -len(".camel.yaml")]
        try:
            entries = yaml.safe_load(text)
        except yaml.YAMLError as e:
            overlay.fail(routes, f"{key}: not YAML ({str(e).splitlines()[0]})")
            continue
        ids = route_ids_of(entries)
        if ids is None:
            overlay.fail(routes, f"{key}: not a Camel YAML DSL list of route, templatedRoute or routeConfiguration entries")
            continue
        if ids != {stem}:
            overlay.fail(routes, f"{key}: route id {sorted(ids)} is not the file name {stem}")
        for clash in sorted(ids & built_in):
            overlay.fail(routes, f"{key}: route id {clash} is a built-in route's: the hub would refuse to start")


def route_ids_of(entries):
    if not isinstance(entries, list):
        return None
    ids = set()
    for entry in entries:
        if not isinstance(entry, dict) or len(entry) != 1:
            return None
        (kind, body), = entry.items()
        if kind in ("route", "routeConfiguration", "routeTemplate") and isinstance(body, dict):
            ids.add(body.get("id"))
        elif kind == "templatedRoute" and isinstance(body, dict):
            ids.add(body.get("routeId"))
        elif kind not in ("beans", "from", "rest", "errorHandler"):
            return None
    return ids


def route_ids(path):
    with open(path, encoding="utf-8") as f:
        return route_ids_of(yaml.safe_load(f)) or set()


def check_availability(overlay):
    """A PodDisruptionBudget and a HorizontalPodAutoscaler that fit the Deployment."""
    deployment, _ = hub_container(overlay)
    if not deployment:
        return
    labels = deployment["spec"]["template"]["metadata"].get("labels") or {}
    hpa = next((h for h in overlay.all("HorizontalPodAutoscaler")
                if (h["spec"].get("scaleTargetRef") or {}).get("name") == HUB), None)
    if not hpa:
        overlay.fail(deployment, "no HorizontalPodAutoscaler scales it")
        min_replicas = deployment["spec"].get("replicas", 1)
    else:
        min_replicas = hpa["spec"].get("minReplicas", 1)
        if min_replicas < 2:
            overlay.fail(hpa, f"minReplicas {min_replicas}: one pod is no availability")
        if hpa["spec"].get("maxReplicas", 0) < min_replicas:
            overlay.fail(hpa, "maxReplicas below minReplicas")
        if not hpa["spec"].get("metrics"):
            overlay.fail(hpa, "no metrics to scale on")
    pdbs = [p for p in overlay.all("PodDisruptionBudget") if selects(p["spec"].get("selector"), labels)]
    if not pdbs:
        overlay.fail(deployment, "no PodDisruptionBudget covers its pods")
    for pdb in pdbs:
        spec = pdb["spec"]
        if "maxUnavailable" in spec and str(spec["maxUnavailable"]) in ("0", "0%"):
            overlay.fail(pdb, "maxUnavailable 0 blocks every node drain")
        if "minAvailable" in spec and isinstance(spec["minAvailable"], int) and spec["minAvailable"] >= min_replicas:
            overlay.fail(pdb, f"minAvailable {spec['minAvailable']} with {min_replicas} replicas blocks every node drain")


def rule_ports(rule):
    return {p.get("port") for p in rule.get("ports") or []}


def check_network(overlay, config):
    """Default deny; the hub's egress is DNS, Kafka, the datastore and HTTPS; every exposed port is let in."""
    policies = overlay.all("NetworkPolicy")
    default_deny = [p for p in policies if p["spec"].get("podSelector") in ({}, None)
                    and set(p["spec"].get("policyTypes") or []) == {"Ingress", "Egress"}
                    and not p["spec"].get("ingress") and not p["spec"].get("egress")]
    if not default_deny:
        overlay.fail(None, "no default-deny NetworkPolicy (podSelector {}, policyTypes Ingress and Egress, no rules)")
    for policy in policies:
        for direction, peers in (("ingress", "from"), ("egress", "to")):
            for rule in policy["spec"].get(direction) or []:
                anywhere = not rule.get(peers) or any(
                    (peer.get("ipBlock") or {}).get("cidr") in ("0.0.0.0/0", "::/0") for peer in rule[peers])
                if anywhere and not rule.get("ports"):
                    overlay.fail(policy, f"an {direction} rule allows every peer on every port")
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    labels = deployment["spec"]["template"]["metadata"].get("labels") or {}
    hub_policies = [p for p in policies if selects(p["spec"].get("podSelector"), labels)]
    egress = [r for p in hub_policies for r in p["spec"].get("egress") or []]
    ingress = [r for p in hub_policies for r in p["spec"].get("ingress") or []]
    region = overlay.one("ConfigMap", "payment-hub-region") or {}
    brokers = (region.get("data") or {}).get("HUB_SOURCES_KAFKA_BROKERS") or lookup(config, "hub.sources.kafka.brokers", "")
    kafka_ports = {int(b.rsplit(":", 1)[1]) for b in str(brokers).split(",") if ":" in b}
    needs = {"DNS": {53}, "Kafka": kafka_ports, "the datastore": {5432}, "HTTPS (AWS APIs)": {443}}
    for what, ports in needs.items():
        for port in ports:
            if not any(port in rule_ports(r) for r in egress):
                overlay.fail(deployment, f"no NetworkPolicy lets the hub reach {what} on port {port}")
    container_ports = {p.get("name"): p.get("containerPort") for p in hub.get("ports") or []}
    for service in overlay.all("Service"):
        if not selects(service["spec"].get("selector"), labels):
            continue
        for port in service["spec"].get("ports") or []:
            target = port.get("targetPort", port.get("port"))
            target = container_ports.get(target, target)
            allowed = [r for r in ingress if target in rule_ports(r)]
            if not allowed:
                overlay.fail(service, f"no NetworkPolicy lets traffic in to the hub's port {target}")
            for source in service["spec"].get("loadBalancerSourceRanges") or []:
                if not any((peer.get("ipBlock") or {}).get("cidr") == source
                           for r in allowed for peer in r.get("from") or []):
                    overlay.fail(service, f"loadBalancerSourceRanges {source} is not let in to port {target} by a "
                                          "NetworkPolicy: the client address is preserved, so the pods would drop it")


def check_region(overlay, config, region_ids):
    """The overlay names its home region, deploys to the AWS region it is named after, and names no other."""
    region_map = overlay.one("ConfigMap", "payment-hub-region")
    data = (region_map or {}).get("data") or {}
    home = data.get("HUB_REGION")
    known = sorted((lookup(config, "hub.residency.regions", {}) or {}).keys())
    if not home or PLACEHOLDER in home:
        overlay.fail(region_map, "HUB_REGION is not set: the overlay must name its home region")
    elif home not in known:
        overlay.fail(region_map, f"HUB_REGION {home} is not one of hub.residency.regions {known}")
    else:
        region_ids.setdefault(home, []).append(overlay.name)
    if data.get("AWS_REGION") != overlay.name:
        overlay.fail(region_map, f"AWS_REGION is {data.get('AWS_REGION')}, but the overlay deploys to {overlay.name}")
    for resource in overlay.docs:
        foreign = sorted({r for s in strings(resource) for r in AWS_REGION.findall(s)} - {overlay.name})
        if foreign:
            overlay.fail(resource, f"names AWS region {', '.join(foreign)}: an overlay for {overlay.name} keeps its "
                                   "queues, topics, buckets, images and backups in its own region")


def check_placeholders_and_secrets(overlay):
    """No placeholder left; no secret in the manifests; no local profile."""
    for resource in overlay.docs:
        if any(PLACEHOLDER in s for s in strings(resource)):
            overlay.fail(resource, f"still holds a '{PLACEHOLDER}' placeholder")
        if resource.get("kind") == "Secret" and (resource.get("data") or resource.get("stringData")):
            overlay.fail(resource, "a Secret with data in the manifests: secrets come from the secret store")
        if resource.get("kind") in POD_KINDS | {"CronJob"}:
            for container in containers(pod_spec(resource)):
                for env in container.get("env") or []:
                    if SECRET_ENV.search(env.get("name", "")) and "value" in env:
                        overlay.fail(resource, f"env {env['name']} has a literal value: take it from a Secret")
                    if env.get("name") == "SPRING_PROFILES_ACTIVE" and "local" in str(env.get("value", "")).split(","):
                        overlay.fail(resource, "activates the local profile (fixed users, generated keys)")


def check_images(overlay):
    """Every image names a version or a digest, never latest; the hub's comes from a registry."""
    for resource in overlay.docs:
        if resource.get("kind") not in POD_KINDS | {"CronJob"}:
            continue
        for container in containers(pod_spec(resource)):
            image = container.get("image", "")
            if "@sha256:" in image:
                continue
            last = image.rsplit("/", 1)[-1]
            tag = last.split(":", 1)[1] if ":" in last else ""
            if not tag or tag == "latest":
                overlay.fail(resource, f"container {container.get('name')}: image {image} has no version tag or digest")
            if container.get("name") == HUB_CONTAINER and "/" not in image:
                overlay.fail(resource, f"image {image} is not in a registry: set it in the overlay's images")


def check_datastore(overlay):
    """One datastore: a CloudNativePG Cluster (3 instances, synchronous, backed up in-region) or an external one."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    url = env_value(hub, "SPRING_DATASOURCE_URL") or {}
    clusters = overlay.all("Cluster")
    if clusters:
        for cluster in clusters:
            name = cluster["metadata"]["name"]
            spec = cluster["spec"]
            if spec.get("instances", 1) < 3:
                overlay.fail(cluster, f"{spec.get('instances', 1)} instances: the regional datastore runs three")
            sync = (spec.get("postgresql") or {}).get("synchronous") or {}
            if sync.get("number", 0) < 1 and spec.get("minSyncReplicas", 0) < 1:
                overlay.fail(cluster, "no synchronous replica: a zone loss could lose acknowledged payments")
            if sync and sync.get("dataDurability", "required") != "required":
                overlay.fail(cluster, "synchronous dataDurability is not 'required'")
            archivers = [p for p in spec.get("plugins") or [] if p.get("isWALArchiver")]
            if not archivers and not (spec.get("backup") or {}).get("barmanObjectStore"):
                overlay.fail(cluster, "no WAL archive: no point-in-time recovery")
            for plugin in archivers:
                store = overlay.one("ObjectStore", (plugin.get("parameters") or {}).get("barmanObjectName", ""))
                if not store:
                    overlay.fail(cluster, "its WAL archiver names an ObjectStore that is not rendered")
                    continue
                destination = store["spec"]["configuration"].get("destinationPath", "")
                if not destination.startswith("s3://") or overlay.name not in destination + \
                        store["spec"]["configuration"].get("endpointURL", ""):
                    overlay.fail(store, f"backups go to {destination}, not to a bucket of {overlay.name}")
            if not any((b["spec"].get("cluster") or {}).get("name") == name for b in overlay.all("ScheduledBackup")):
                overlay.fail(cluster, "no ScheduledBackup: no base backups")
            if f"//{name}-rw" not in str(url.get("value", "")):
                overlay.fail(deployment, f"SPRING_DATASOURCE_URL does not use the {name}-rw service")
        if "sslmode=verify-full" not in str(url.get("value", "")):
            overlay.fail(deployment, "SPRING_DATASOURCE_URL does not verify the server (sslmode=verify-full)")
    else:
        secret = ((url.get("valueFrom") or {}).get("secretKeyRef") or {}).get("name")
        if not secret:
            overlay.fail(deployment, "no datastore: neither a CloudNativePG Cluster nor SPRING_DATASOURCE_URL from a Secret")
            return
        sources = [e for e in overlay.all("ExternalSecret")
                   if ((e["spec"].get("target") or {}).get("name") or e["metadata"]["name"]) == secret]
        if not sources:
            overlay.fail(deployment, f"SPRING_DATASOURCE_URL comes from Secret {secret}, which no ExternalSecret provides")


def secrets_of(spec, container):
    """Every Secret the container can read: env and envFrom references, and Secret volumes it mounts."""
    names = set()
    for env in container.get("env") or []:
        ref = (env.get("valueFrom") or {}).get("secretKeyRef") or {}
        if ref.get("name"):
            names.add(ref["name"])
    for source in container.get("envFrom") or []:
        if (source.get("secretRef") or {}).get("name"):
            names.add(source["secretRef"]["name"])
    mounted = {m.get("name") for m in container.get("volumeMounts") or []}
    for volume in spec.get("volumes") or []:
        if volume.get("name") in mounted and (volume.get("secret") or {}).get("secretName"):
            names.add(volume["secret"]["secretName"])
    return names


def check_datastore_roles(overlay):
    """The schema is migrated by its owner in a container of its own (--hub.mode=migrate); the hub container runs
    as the application role and can see none of the owner's Secrets, so it can never alter or unguard the audit trail."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    spec = pod_spec(deployment)
    migrators = [c for c in containers(spec) if "--hub.mode=migrate" in (c.get("args") or []) + (c.get("command") or [])]
    if not migrators:
        overlay.fail(deployment, "no container migrates the schema as its owner (--hub.mode=migrate)")
        return
    owner_secrets = set()
    for migrator in migrators:
        for name in ("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD"):
            ref = ((env_value(migrator, name) or {}).get("valueFrom") or {}).get("secretKeyRef") or {}
            if not ref.get("name"):
                overlay.fail(deployment, f"container {migrator.get('name')} does not take {name} from a Secret")
            else:
                owner_secrets.add(ref["name"])
    for name in ("SPRING_FLYWAY_USER", "SPRING_FLYWAY_PASSWORD"):
        if env_value(hub, name):
            overlay.fail(deployment, f"the hub container sets {name}: it must not hold the owner's credentials")
    seen = sorted(secrets_of(spec, hub) & owner_secrets)
    if seen:
        overlay.fail(deployment, f"the hub container can read the owner's Secret {', '.join(seen)}")


def check_prod_profile(overlay):
    """The hub and its migrations run the prod profile: OIDC sign-in, TLS on every hop (config/application-prod.yaml)."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    for container in [hub] + migrate_containers(pod_spec(deployment)):
        env = container_env(overlay, container)
        if PROD not in profiles(env):
            overlay.fail(deployment, f"container {container.get('name')}: SPRING_PROFILES_ACTIVE is "
                                     f"'{env.get('SPRING_PROFILES_ACTIVE') or ''}', not the {PROD} profile "
                                     "(OIDC sign-in, TLS on every hop)")


def datasource_urls(overlay, config, container):
    """The JDBC URL a container connects with, when the manifests show it: a literal, the template of the
    ExternalSecret that builds its Secret, or the configuration."""
    for variable in container.get("env") or []:
        if variable.get("name") != "SPRING_DATASOURCE_URL":
            continue
        if variable.get("valueFrom") is None:
            return [variable.get("value", "")]
        ref = (variable["valueFrom"].get("secretKeyRef") or {})
        return [((e["spec"].get("target") or {}).get("template") or {}).get("data", {}).get(ref.get("key"), "")
                for e in overlay.all("ExternalSecret")
                if ((e["spec"].get("target") or {}).get("name") or e["metadata"]["name"]) == ref.get("name")]
    return [str(lookup(config, "spring.datasource.url", "") or "")]


def check_no_plain_text(overlay, config):
    """No hop downgraded to plain text, by the environment or by the configuration (the prod profile included)."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    env = container_env(overlay, hub)

    def get(key, default=None):
        return setting(config, env, key, default)

    value, where = get("server.ssl.enabled", True)
    if is_false(value):
        overlay.fail(deployment, f"server.ssl.enabled is false ({where}): the hub's port would serve logins, tokens "
                                 "and payments in plain text")
    if not (get("server.ssl.key-store", "")[0] or get("server.ssl.bundle", "")[0]):
        overlay.fail(deployment, "server.ssl.key-store is not set: the hub's port would serve plain text")
    if not is_false(get("hub.sources.iso8583.enabled", True)[0]):
        value, where = get("hub.sources.iso8583.tls.enabled", False)
        if text(value).strip().lower() != "true":
            overlay.fail(deployment, f"hub.sources.iso8583.tls.enabled is {text(value)} ({where}): the switches would send "
                                     "card data in plain text")
        value, where = get("hub.sources.iso8583.tls.client-auth", "none")
        if str(value).strip().lower() != "need":
            overlay.fail(deployment, f"hub.sources.iso8583.tls.client-auth is {value} ({where}), not need: any "
                                     "peer that reaches the port could send payments")
    value, where = get("camel.component.kafka.security-protocol", "PLAINTEXT")
    if str(value).strip().upper() not in ("SSL", "SASL_SSL"):
        overlay.fail(deployment, f"camel.component.kafka.security-protocol is {value} ({where}), not SSL or SASL_SSL: "
                                 "every Kafka client of the hub would talk in plain text")
    for container in [hub] + migrate_containers(pod_spec(deployment)):
        for url in datasource_urls(overlay, config, container):
            mode = re.search(r"[?&]sslmode=([^&]*)", str(url))
            if mode and mode.group(1) != "verify-full":
                overlay.fail(deployment, f"container {container.get('name')}: the datastore URL has "
                                         f"sslmode={mode.group(1)}, not verify-full")
    for key in AWS_ENDPOINTS:
        value, where = get(key, "")
        if str(value or "").lower().startswith("http://"):
            overlay.fail(deployment, f"{key} is {value} ({where}): AWS is reached over HTTPS only")


def check_https_health_checks(overlay):
    """The hub's port serves HTTPS only: the probes, the NLB's health check and the ALB's backend speak HTTPS."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    for probe in ("startupProbe", "livenessProbe", "readinessProbe"):
        http = (hub.get(probe) or {}).get("httpGet")
        if http and http.get("scheme", "HTTP") != "HTTPS":
            overlay.fail(deployment, f"{probe} uses scheme {http.get('scheme', 'HTTP')}, not HTTPS: the hub's port "
                                     "serves HTTPS only")
    labels = deployment["spec"]["template"]["metadata"].get("labels") or {}
    for service in hub_services(overlay, labels):
        if service["spec"].get("type") != "LoadBalancer":
            continue
        protocol = (service["metadata"].get("annotations") or {}).get(
            "service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol", "TCP")
        if protocol.upper() != "HTTPS":
            overlay.fail(service, f"the load balancer's health check protocol is {protocol}, not HTTPS")
    for ingress in hub_ingresses(overlay, labels):
        annotations = ingress["metadata"].get("annotations") or {}
        for name in ("backend-protocol", "healthcheck-protocol"):
            value = annotations.get(f"alb.ingress.kubernetes.io/{name}", "HTTP")
            if value.upper() != "HTTPS":
                overlay.fail(ingress, f"alb.ingress.kubernetes.io/{name} is {value}, not HTTPS: the hub's port serves "
                                      "HTTPS only")


def check_sign_in(overlay, config):
    """Bearer tokens from the bank's identity provider: the issuer (https) and the hub's audience are set."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    env = container_env(overlay, hub)
    mode, where = setting(config, env, "hub.security.mode", "users")
    if mode != "oidc":
        overlay.fail(deployment, f"hub.security.mode is {mode} ({where}), not oidc")
    issuer, where = setting(config, env, "hub.security.oidc.issuer-uri", "")
    if not str(issuer or "").startswith("https://"):
        overlay.fail(deployment, f"the OIDC issuer HUB_SECURITY_OIDC_ISSUER_URI is '{issuer or ''}', not an https URL")
    audiences, where = setting(config, env, "hub.security.oidc.audiences", "")
    if not audiences or PLACEHOLDER in str(audiences):
        overlay.fail(deployment, "the OIDC audience HUB_SECURITY_OIDC_AUDIENCES is not set: a token the bank's "
                                 "identity provider issued for another application would be accepted")


def admitted_blocks(policies, names, port):
    """(network, excepted networks) of every ipBlock an ingress rule of the given policies lets in to port."""
    blocks = []
    for policy in policies:
        for rule in policy["spec"].get("ingress") or []:
            ports = rule_ports_resolved(rule, names)
            if ports is not None and port not in ports:
                continue
            for peer in rule.get("from") or []:
                block = peer.get("ipBlock")
                if block:
                    blocks.append((ipaddress.ip_network(block["cidr"], strict=False),
                                   [ipaddress.ip_network(e, strict=False) for e in block.get("except") or []]))
    return blocks


def dotted(address):
    return f"{address >> 24}.{address >> 16 & 255}.{address >> 8 & 255}.{address & 255}"


@functools.lru_cache(maxsize=1)
def address_spread():
    """A spread over the private, loopback and shared ranges: 4 addresses in each of 4,096 slices of each."""
    samples = set()
    for block in ADDRESS_SPREAD:
        net = ipaddress.ip_network(block)
        step = max(net.num_addresses // 4096, 1)
        for offset in range(0, net.num_addresses, step):
            base = int(net.network_address) + offset
            samples |= {base, base + 1, base + step // 2 + 7, base + step - 2}
    return frozenset(samples)


def sample_addresses(networks):
    """IPv4 addresses (as numbers) to try a proxy regex on: each network's first and last hosts, the addresses just
    outside it, the same host in its neighbouring /24s and /16s, and the spread."""
    samples = set(address_spread())
    for net in networks:
        if net.version != 4:
            continue
        first, last = int(net.network_address), int(net.broadcast_address)
        samples |= {first, first + 1, last - 1, last, first - 1, last + 1}
        for i in range(256):
            samples.add((first & 0xFFFF00FF) | (i << 8) | 1)
            samples.add((first & 0xFF00FFFF) | (i << 16) | 1)
    return sorted(a for a in samples if 0 <= a < 2**32)


@functools.lru_cache(maxsize=64)
def trusted_outside(pattern, blocks):
    """The sample addresses the proxy pattern matches that no admitted block (network, excepted networks) holds."""
    def admitted(address):
        ip = ipaddress.ip_address(address)
        return any(ip in net and not any(ip in e for e in excepts) for net, excepts in blocks)
    return [dotted(a) for a in sample_addresses([n for n, _ in blocks])
            if pattern.fullmatch(dotted(a)) and not admitted(a)]


def check_forwarded_headers(overlay, config):
    """X-Forwarded-For is believed only from proxies the NetworkPolicies let in to the hub's HTTPS port."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    labels = deployment["spec"]["template"]["metadata"].get("labels") or {}
    regex, where = setting(config, container_env(overlay, hub), "server.tomcat.remoteip.internal-proxies", "")
    regex = str(regex or "")
    if not regex:
        if hub_ingresses(overlay, labels):
            overlay.fail(deployment, "an Ingress routes to the hub but server.tomcat.remoteip.internal-proxies is "
                                     "empty: every client would carry the load balancer's address (audit source, "
                                     "login throttle)")
        return
    try:
        pattern = re.compile(regex)
    except re.error as e:
        overlay.fail(deployment, f"server.tomcat.remoteip.internal-proxies '{regex}' is not a regex: {e}")
        return
    names = port_numbers(hub)
    port = names.get("http", 8080)
    hub_policies = [p for p in overlay.all("NetworkPolicy") if selects(p["spec"].get("podSelector"), labels)]
    blocks = tuple((net, tuple(excepts)) for net, excepts in admitted_blocks(hub_policies, names, port))
    outside = trusted_outside(pattern, blocks)
    if outside:
        shown = ", ".join(outside[:3]) + (f" and {len(outside) - 3} more" if len(outside) > 3 else "")
        overlay.fail(deployment, f"server.tomcat.remoteip.internal-proxies '{regex}' ({where}) trusts X-Forwarded-For "
                                 f"from {shown}, outside every range the NetworkPolicies let in to port {port}")


def check_network_ranges(overlay, config):
    """Ingress from narrow ranges only (no ipBlock broader than /16); the scrape port from the monitoring namespace
    only, and the monitoring namespace to nothing else."""
    def too_broad(cidr):
        net = ipaddress.ip_network(cidr, strict=False)
        return net.prefixlen < (16 if net.version == 4 else 48)
    for policy in overlay.all("NetworkPolicy"):
        for rule in policy["spec"].get("ingress") or []:
            for peer in rule.get("from") or []:
                cidr = (peer.get("ipBlock") or {}).get("cidr")
                if cidr and too_broad(cidr):
                    overlay.fail(policy, f"an ingress rule lets in {cidr}, broader than /16: narrow it to the load "
                                         "balancers' or the clients' subnets")
    for service in overlay.all("Service"):
        for cidr in service["spec"].get("loadBalancerSourceRanges") or []:
            if too_broad(cidr):
                overlay.fail(service, f"loadBalancerSourceRanges {cidr} is broader than /16")
    for ingress in overlay.all("Ingress"):
        inbound = (ingress["metadata"].get("annotations") or {}).get("alb.ingress.kubernetes.io/inbound-cidrs", "")
        for cidr in [c.strip() for c in inbound.split(",") if c.strip()]:
            if too_broad(cidr):
                overlay.fail(ingress, f"alb.ingress.kubernetes.io/inbound-cidrs {cidr} is broader than /16")

    deployment, hub = hub_container(overlay)
    if not hub:
        return
    value, _ = setting(config, container_env(overlay, hub), "hub.monitoring.port", 0)
    port = int(value or 0)
    names = port_numbers(hub)
    if port <= 0:
        overlay.fail(deployment, "hub.monitoring.port is not set: the scrape would share the hub's port")
        return
    if port not in names.values():
        overlay.fail(deployment, f"the hub container does not declare its monitoring port {port}")
    labels = deployment["spec"]["template"]["metadata"].get("labels") or {}
    scraped = False
    for policy in overlay.all("NetworkPolicy"):
        if not selects(policy["spec"].get("podSelector"), labels):
            continue
        for rule in policy["spec"].get("ingress") or []:
            ports = rule_ports_resolved(rule, names)
            peers = rule.get("from") or []
            monitoring = [p for p in peers if is_monitoring_peer(p)]
            if ports is None or port in ports:
                if not peers or len(monitoring) < len(peers):
                    overlay.fail(policy, f"lets in to the monitoring port {port} more than the monitoring namespace")
                scraped = scraped or bool(monitoring)
            if monitoring and ports != {port}:
                others = "every port" if ports is None else ", ".join(str(p) for p in sorted(ports - {port}, key=str))
                overlay.fail(policy, f"lets the monitoring namespace in to {others}: only to the monitoring port {port}")
    if not scraped:
        overlay.fail(deployment, f"no NetworkPolicy lets the monitoring namespace in to the monitoring port {port}")


def check_tls_stores(overlay, config):
    """Each TLS store the hub opens is in a cert-manager Certificate's Secret mounted where the configuration says, and
    opened with the password that Certificate's keystores are encrypted with, from the secret store."""
    deployment, hub = hub_container(overlay)
    if not hub:
        return
    spec = pod_spec(deployment)
    env = container_env(overlay, hub)
    stores = [("server.ssl.key-store", "SERVER_SSL_KEY_STORE_PASSWORD")]
    if not is_false(setting(config, env, "hub.sources.iso8583.enabled", True)[0]):
        stores += [("hub.sources.iso8583.tls.keystore", "HUB_SOURCES_ISO8583_TLS_KEYSTORE_PASSWORD"),
                   ("hub.sources.iso8583.tls.truststore", "HUB_SOURCES_ISO8583_TLS_TRUSTSTORE_PASSWORD")]
    volumes = {v.get("name"): v for v in spec.get("volumes") or []}
    certificates = {(c["spec"] or {}).get("secretName"): c for c in overlay.all("Certificate")}
    for key, password_env in stores:
        location = str(setting(config, env, key, "")[0] or "")
        if not location.startswith("file:"):
            continue   # not set: the rules above report it
        path = location[len("file:"):]
        mount = next((m for m in hub.get("volumeMounts") or []
                      if path.startswith(m.get("mountPath", "").rstrip("/") + "/")), None)
        secret = (volumes.get((mount or {}).get("name")) or {}).get("secret") or {}
        certificate = certificates.get(secret.get("secretName"))
        if not mount or not certificate:
            overlay.fail(deployment, f"{key} {path} is not in a mounted Secret of a cert-manager Certificate")
            continue
        file = path[len(mount["mountPath"].rstrip("/")) + 1:]
        items = secret.get("items")
        if items is not None and file not in {i.get("path") for i in items}:
            overlay.fail(deployment, f"{key} {path}: the volume {mount['name']} does not project {file}")
        pkcs12 = ((certificate["spec"].get("keystores") or {}).get("pkcs12") or {})
        if not pkcs12.get("create"):
            overlay.fail(certificate, "keystores.pkcs12.create is not true: cert-manager writes no keystore.p12")
            continue
        wanted = pkcs12.get("passwordSecretRef") or {}
        variable = env_value(hub, password_env) or {}
        ref = (variable.get("valueFrom") or {}).get("secretKeyRef") or {}
        if (ref.get("name"), ref.get("key")) != (wanted.get("name"), wanted.get("key")):
            overlay.fail(deployment, f"{password_env} is not taken from the Secret {wanted.get('name')} key "
                                     f"{wanted.get('key')}, the password {certificate['metadata']['name']}'s stores have")
        elif not any(((e["spec"].get("target") or {}).get("name") or e["metadata"]["name"]) == wanted.get("name")
                     for e in overlay.all("ExternalSecret")):
            overlay.fail(certificate, f"its store password Secret {wanted.get('name')} is provided by no ExternalSecret")


def check_alert_rules(overlay, repo):
    """The PrometheusRule holds the groups of monitoring/prometheus-rules.yaml, the rules promtool tests."""
    rule = overlay.one("PrometheusRule", HUB)
    if not rule:
        overlay.fail(None, f"no PrometheusRule {HUB}: the hub's alert rules would not be loaded")
        return
    with open(os.path.join(repo, ALERT_RULES), encoding="utf-8") as f:
        wanted = (yaml.safe_load(f) or {}).get("groups") or []
    groups = (rule.get("spec") or {}).get("groups") or []
    if groups == wanted:
        return
    alerts = {r.get("alert") or r.get("record"): r for g in groups for r in g.get("rules") or []}
    expected = {r.get("alert") or r.get("record"): r for g in wanted for r in g.get("rules") or []}
    differing = sorted(name for name in alerts.keys() | expected.keys() if alerts.get(name) != expected.get(name))
    overlay.fail(rule, f"its groups differ from {ALERT_RULES} ({', '.join(differing) or 'group names or order'}): "
                       "run k8s/write_prometheusrule.py")


def check_dockerfile(repo):
    """The image: every base pinned by digest, a non-root numeric USER, an exec-form ENTRYPOINT, no local profile."""
    problems = []
    path = os.path.join(repo, "Dockerfile")
    with open(path, encoding="utf-8") as f:
        lines = [l.strip() for l in f if l.strip() and not l.strip().startswith("#")]
    args = {}
    for line in lines:
        match = re.match(r"ARG\s+(\w+)=(\S+)", line)
        if match:
            args[match.group(1)] = match.group(2)
    stages = []
    for line in lines:
        if line.upper().startswith("FROM "):
            image = re.sub(r"\$\{?(\w+)\}?", lambda m: args.get(m.group(1), m.group(0)), line.split()[1])
            stages.append(line)
            if image not in {s.split()[-1] for s in stages[:-1]} and not re.search(r"@sha256:[0-9a-f]{64}$", image):
                problems.append(f"Dockerfile: {line}: the base image is not pinned by digest (@sha256:...)")
    final = lines[max(i for i, l in enumerate(lines) if l.upper().startswith("FROM ")):]
    users = [l.split()[1] for l in final if l.upper().startswith("USER ")]
    if not users or not re.fullmatch(r"[1-9]\d*(:\d+)?", users[-1]):
        problems.append("Dockerfile: the final stage does not switch to a numeric non-root USER")
    entry = [l for l in final if l.upper().startswith("ENTRYPOINT")]
    if not entry or not entry[-1].split(None, 1)[1].startswith("["):
        problems.append("Dockerfile: no exec-form ENTRYPOINT (the JVM must be PID 1 to get SIGTERM)")
    ignore_path = os.path.join(repo, ".dockerignore")
    ignore = open(ignore_path, encoding="utf-8").read() if os.path.exists(ignore_path) else ""
    if "application-local" not in ignore:
        problems.append(".dockerignore: config/application-local*.yaml (fixed users) would ship in the image")
    return problems


def check(repo, rendered):
    """All rules for all overlays; returns (problems, overlay names)."""
    problems = check_dockerfile(repo)
    region_ids = {}
    names = []
    for source_dir, documents in rendered:
        overlay = Overlay(source_dir, documents)
        names.append(overlay.name)
        config = hub_config(overlay, repo)
        check_namespace(overlay)
        check_pod_security(overlay)
        check_resources(overlay)
        check_probes(overlay)
        check_termination(overlay, config)
        check_identity(overlay)
        check_config_and_routes(overlay, config, repo)
        check_availability(overlay)
        check_network(overlay, config)
        check_region(overlay, config, region_ids)
        check_placeholders_and_secrets(overlay)
        check_images(overlay)
        check_datastore(overlay)
        check_datastore_roles(overlay)
        check_prod_profile(overlay)
        check_no_plain_text(overlay, config)
        check_https_health_checks(overlay)
        check_sign_in(overlay, config)
        check_forwarded_headers(overlay, config)
        check_network_ranges(overlay, config)
        check_tls_stores(overlay, config)
        check_alert_rules(overlay, repo)
        problems += overlay.problems
    for home, overlays in sorted(region_ids.items()):
        if len(overlays) > 1:
            problems.append(f"{', '.join(overlays)}: all claim home region {home}: each region's data has one home")
    return problems, names


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", required=True, help="the repository root")
    parser.add_argument("overlays", nargs="+", metavar="OVERLAY_DIR=RENDERED_YAML")
    args = parser.parse_args(argv)
    rendered = []
    for pair in args.overlays:
        source_dir, _, path = pair.partition("=")
        with open(path, encoding="utf-8") as f:
            rendered.append((source_dir, list(yaml.safe_load_all(f))))
    problems, names = check(args.repo, rendered)
    for problem in problems:
        print(f"FAIL {problem}")
    if problems:
        print(f"{len(problems)} rule(s) broken in {', '.join(names)}")
        return 1
    for name in names:
        print(f"ok   {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
