#!/usr/bin/env python3
"""Tests of the deployment checker itself: every overlay passes, and each rule fails, naming what is wrong, when
the rendered manifests (or an overlay built on a real one, rendered by check.sh) break it.

    python3 k8s/test_check.py        (KUBECTL and PYTHON as for check.sh)
"""
import copy
import os
import re
import shutil
import subprocess
import sys
import tempfile
import unittest

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import check_manifests  # noqa: E402

KUBECTL = os.environ.get("KUBECTL", "kubectl")
OVERLAYS = sorted(os.path.join(HERE, "overlays", d) for d in os.listdir(os.path.join(HERE, "overlays")))
RENDERED = {}


def render(overlay_dir):
    if overlay_dir not in RENDERED:
        out = subprocess.run([KUBECTL, "kustomize", overlay_dir], check=True, capture_output=True, text=True).stdout
        RENDERED[overlay_dir] = list(yaml.safe_load_all(out))
    return copy.deepcopy(RENDERED[overlay_dir])


def find(docs, kind, name):
    for doc in docs:
        doc_name = doc["metadata"]["name"]
        if doc["kind"] == kind and (doc_name == name or re.fullmatch(re.escape(name) + r"-[a-z0-9]{10}", doc_name)):
            return doc
    raise KeyError(f"{kind}/{name}")


def hub(docs):
    deployment = find(docs, "Deployment", "payment-hub")
    return deployment, deployment["spec"]["template"]["spec"]["containers"][0]


def env(container, name):
    return next(e for e in container["env"] if e["name"] == name)


class Rules(unittest.TestCase):
    """Each rule, broken once in the rendered India overlay (CloudNativePG) or Singapore one (external datastore)."""

    india = os.path.join(HERE, "overlays", "ap-south-1")
    singapore = os.path.join(HERE, "overlays", "ap-southeast-1")

    def problems(self, docs, overlay=None, repo=REPO, others=()):
        problems, _ = check_manifests.check(repo, [(overlay or self.india, docs)] + list(others))
        return problems

    def assertBroken(self, docs, expected, overlay=None, repo=REPO):
        problems = self.problems(docs, overlay, repo)
        self.assertTrue(any(expected in p for p in problems), f"expected '{expected}' among {problems}")

    def test_every_overlay_passes(self):
        problems, names = check_manifests.check(REPO, [(o, render(o)) for o in OVERLAYS])
        self.assertEqual([], problems)
        self.assertGreaterEqual(len(names), 2)

    # namespace
    def test_resource_outside_the_namespace(self):
        docs = render(self.india)
        del find(docs, "Cluster", "payment-hub-db")["metadata"]["namespace"]
        self.assertBroken(docs, "Cluster/payment-hub-db: is in namespace None, not payment-hub")

    def test_namespace_not_restricted(self):
        docs = render(self.india)
        find(docs, "Namespace", "payment-hub")["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] = "baseline"
        self.assertBroken(docs, "does not enforce the restricted Pod Security Standard")

    # pod security
    def test_root_user(self):
        docs = render(self.india)
        del hub(docs)[0]["spec"]["template"]["spec"]["securityContext"]["runAsNonRoot"]
        self.assertBroken(docs, "container hub: runAsNonRoot is not true")

    def test_writable_root_filesystem(self):
        docs = render(self.india)
        hub(docs)[1]["securityContext"]["readOnlyRootFilesystem"] = False
        self.assertBroken(docs, "container hub: readOnlyRootFilesystem is not true")

    def test_capabilities_kept(self):
        docs = render(self.india)
        hub(docs)[1]["securityContext"]["capabilities"] = {"drop": ["NET_RAW"]}
        self.assertBroken(docs, "capabilities do not drop ALL")

    def test_no_seccomp_profile(self):
        docs = render(self.india)
        del hub(docs)[0]["spec"]["template"]["spec"]["securityContext"]["seccompProfile"]
        self.assertBroken(docs, "seccompProfile is None, not RuntimeDefault")

    def test_no_writable_tmp(self):
        docs = render(self.india)
        container = hub(docs)[1]
        container["volumeMounts"] = [m for m in container["volumeMounts"] if m["mountPath"] != "/tmp"]
        self.assertBroken(docs, "no writable /tmp")

    def test_privilege_escalation(self):
        docs = render(self.india)
        hub(docs)[1]["securityContext"]["allowPrivilegeEscalation"] = True
        self.assertBroken(docs, "allowPrivilegeEscalation is not false")

    def test_service_account_token_mounted(self):
        docs = render(self.india)
        del hub(docs)[0]["spec"]["template"]["spec"]["automountServiceAccountToken"]
        self.assertBroken(docs, "automountServiceAccountToken must be false")

    # resources
    def test_no_memory_limit(self):
        docs = render(self.india)
        del hub(docs)[1]["resources"]["limits"]["memory"]
        self.assertBroken(docs, "container hub: no memory in limits")

    def test_limit_below_request(self):
        docs = render(self.india)
        hub(docs)[1]["resources"]["limits"]["cpu"] = "500m"
        self.assertBroken(docs, "cpu limit 500m below request 1")

    def test_heap_fills_the_limit(self):
        docs = render(self.india)
        option = env(hub(docs)[1], "JAVA_TOOL_OPTIONS")
        option["value"] = option["value"].replace("MaxRAMPercentage=50", "MaxRAMPercentage=90")
        self.assertBroken(docs, "-XX:MaxRAMPercentage at most 75")

    # probes and termination
    def test_readiness_on_the_wrong_path(self):
        docs = render(self.india)
        hub(docs)[1]["readinessProbe"]["httpGet"]["path"] = "/actuator/health"
        self.assertBroken(docs, "readinessProbe checks /actuator/health, not /actuator/health/readiness")

    def test_no_startup_probe(self):
        docs = render(self.india)
        del hub(docs)[1]["startupProbe"]
        self.assertBroken(docs, "no startupProbe")

    def test_grace_period_shorter_than_the_drain(self):
        docs = render(self.india)
        hub(docs)[0]["spec"]["template"]["spec"]["terminationGracePeriodSeconds"] = 60
        self.assertBroken(docs, "terminationGracePeriodSeconds 60 is not longer than the drain: preStop 10 s + web 30 s")

    def test_drain_lengthened_in_config(self):
        docs = render(self.india)
        config = find(docs, "ConfigMap", "payment-hub-config")
        config["data"]["application.yaml"] += "\ncamel:\n  main:\n    shutdown-timeout: 120\n"
        self.assertBroken(docs, "+ Camel 120 s (camel.main.shutdown-timeout) = 160 s")

    def test_load_balancer_drains_longer_than_the_pod(self):
        docs = render(self.india)
        annotations = find(docs, "Service", "payment-hub-iso8583")["metadata"]["annotations"]
        key = "service.beta.kubernetes.io/aws-load-balancer-target-group-attributes"
        annotations[key] = annotations[key].replace("timeout_seconds=60", "timeout_seconds=300")
        self.assertBroken(docs, "deregistration delay 300 s is not shorter")

    # identity, configuration, routes
    def test_no_irsa_role(self):
        docs = render(self.india)
        del find(docs, "ServiceAccount", "payment-hub")["metadata"]["annotations"]["eks.amazonaws.com/role-arn"]
        self.assertBroken(docs, "eks.amazonaws.com/role-arn is '', not an IAM role ARN")

    def test_routes_mounted_elsewhere(self):
        docs = render(self.india)
        mount = next(m for m in hub(docs)[1]["volumeMounts"] if m["name"] == "routes")
        mount["mountPath"] = "/app/extra-routes"
        self.assertBroken(docs, "payment-hub-routes is mounted at /app/extra-routes but hub.routes.extra-dir is '/etc/hub/routes'")

    def test_route_id_not_its_file_name(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-routes")["data"] = {
            "ingest-sqs-partner.camel.yaml": "- route:\n    id: partner\n    from:\n      uri: direct:a\n      steps: []\n"}
        self.assertBroken(docs, "ingest-sqs-partner.camel.yaml: route id ['partner'] is not the file name ingest-sqs-partner")

    def test_route_reusing_a_built_in_id(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-routes")["data"] = {
            "process-payment.camel.yaml": "- route:\n    id: process-payment\n    from:\n      uri: direct:a\n      steps: []\n"}
        self.assertBroken(docs, "route id process-payment is a built-in route's")

    def test_feed_reusing_the_id_of_a_built_in_route_made_from_a_template(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-routes")["data"] = {
            "ingest-kafka.camel.yaml": "- templatedRoute:\n    routeTemplateRef: kafka-feed\n    routeId: ingest-kafka\n"
                                       "    parameters:\n      - name: topic\n        value: other.payments\n"}
        self.assertBroken(docs, "route id ingest-kafka is a built-in route's")

    def test_route_that_is_not_yaml(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-routes")["data"] = {"ingest-kafka-partner.camel.yaml": "- route: [unclosed"}
        self.assertBroken(docs, "ingest-kafka-partner.camel.yaml: not YAML")

    # availability
    def test_single_replica(self):
        docs = render(self.india)
        find(docs, "HorizontalPodAutoscaler", "payment-hub")["spec"]["minReplicas"] = 1
        self.assertBroken(docs, "minReplicas 1: one pod is no availability")

    def test_budget_blocking_drains(self):
        docs = render(self.india)
        find(docs, "PodDisruptionBudget", "payment-hub")["spec"]["maxUnavailable"] = 0
        self.assertBroken(docs, "maxUnavailable 0 blocks every node drain")

    # network
    def test_no_default_deny(self):
        docs = [d for d in render(self.india) if d["metadata"]["name"] != "default-deny"]
        self.assertBroken(docs, "no default-deny NetworkPolicy")

    def test_no_https_egress(self):
        docs = render(self.india)
        egress = find(docs, "NetworkPolicy", "payment-hub-egress")["spec"]["egress"]
        egress[:] = [r for r in egress if 443 not in {p["port"] for p in r["ports"]}]
        self.assertBroken(docs, "no NetworkPolicy lets the hub reach HTTPS (AWS APIs) on port 443")

    def test_kafka_port_not_allowed(self):
        docs = render(self.india)
        region = find(docs, "ConfigMap", "payment-hub-region")["data"]
        region["HUB_SOURCES_KAFKA_BROKERS"] = region["HUB_SOURCES_KAFKA_BROKERS"].replace(":9096", ":9098")
        self.assertBroken(docs, "no NetworkPolicy lets the hub reach Kafka on port 9098")

    def test_egress_open_to_everything(self):
        docs = render(self.india)
        find(docs, "NetworkPolicy", "payment-hub-egress")["spec"]["egress"].append({"to": [{"ipBlock": {"cidr": "0.0.0.0/0"}}]})
        self.assertBroken(docs, "an egress rule allows every peer on every port")

    def test_load_balancer_port_not_let_in(self):
        docs = [d for d in render(self.india) if d["metadata"]["name"] != "payment-hub-iso8583-ingress"]
        self.assertBroken(docs, "no NetworkPolicy lets traffic in to the hub's port 8583")

    def test_load_balancer_source_not_let_in(self):
        docs = render(self.india)
        find(docs, "Service", "payment-hub-iso8583")["spec"]["loadBalancerSourceRanges"].append("192.168.0.0/16")
        self.assertBroken(docs, "loadBalancerSourceRanges 192.168.0.0/16 is not let in to port 8583")

    # residency
    def test_home_region_missing(self):
        docs = render(self.india)
        del find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_REGION"]
        self.assertBroken(docs, "HUB_REGION is not set")

    def test_home_region_unknown(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_REGION"] = "eu"
        self.assertBroken(docs, "HUB_REGION eu is not one of hub.residency.regions ['in', 'sg']")

    def test_aws_region_not_the_overlays(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["AWS_REGION"] = "ap-southeast-1"
        self.assertBroken(docs, "AWS_REGION is ap-southeast-1, but the overlay deploys to ap-south-1")

    def test_archive_in_another_region(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_ARCHIVE_BUCKET"] = "examplebank-payments-archive-ap-southeast-1"
        self.assertBroken(docs, "names AWS region ap-southeast-1: an overlay for ap-south-1 keeps its")

    def test_two_overlays_with_one_home(self):
        singapore = render(self.singapore)
        find(singapore, "ConfigMap", "payment-hub-region")["data"]["HUB_REGION"] = "in"
        problems = self.problems(render(self.india), others=[(self.singapore, singapore)])
        self.assertIn("ap-south-1, ap-southeast-1: all claim home region in: each region's data has one home", problems)

    # placeholders, secrets, images
    def test_placeholder_left(self):
        docs = render(self.india)
        find(docs, "Ingress", "payment-hub-ops")["spec"]["rules"][0]["host"] = "hub-ops.set-in-overlay.example"
        self.assertBroken(docs, "Ingress/payment-hub-ops: still holds a 'set-in-overlay' placeholder")

    def test_secret_in_the_manifests(self):
        docs = render(self.india) + [{"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "payment-hub-keys"},
                                      "data": {"pan-key": "c2VjcmV0"}}]
        self.assertBroken(docs, "Secret/payment-hub-keys: a Secret with data in the manifests")

    def test_literal_password(self):
        docs = render(self.india)
        env(hub(docs)[1], "SPRING_DATASOURCE_PASSWORD").update({"value": "hub", "valueFrom": None})
        self.assertBroken(docs, "env SPRING_DATASOURCE_PASSWORD has a literal value")

    def test_local_profile(self):
        docs = render(self.india)
        hub(docs)[1]["env"].append({"name": "SPRING_PROFILES_ACTIVE", "value": "local"})
        self.assertBroken(docs, "activates the local profile")

    def test_latest_image(self):
        docs = render(self.india)
        hub(docs)[1]["image"] = "111122223333.dkr.ecr.ap-south-1.amazonaws.com/payment-hub:latest"
        self.assertBroken(docs, "has no version tag or digest")

    # datastore
    def test_single_database_instance(self):
        docs = render(self.india)
        find(docs, "Cluster", "payment-hub-db")["spec"]["instances"] = 1
        self.assertBroken(docs, "1 instances: the regional datastore runs three")

    def test_asynchronous_replication(self):
        docs = render(self.india)
        del find(docs, "Cluster", "payment-hub-db")["spec"]["postgresql"]["synchronous"]
        self.assertBroken(docs, "no synchronous replica")

    def test_backups_in_another_region(self):
        docs = render(self.india)
        configuration = find(docs, "ObjectStore", "payment-hub-db-backup")["spec"]["configuration"]
        configuration["destinationPath"] = "s3://examplebank-payments-db-backup-eu-west-1/payment-hub-db/"
        configuration["endpointURL"] = "https://s3.eu-west-1.amazonaws.com"
        self.assertBroken(docs, "backups go to s3://examplebank-payments-db-backup-eu-west-1/payment-hub-db/, not to a bucket of ap-south-1")

    def test_no_scheduled_backup(self):
        docs = [d for d in render(self.india) if d["kind"] != "ScheduledBackup"]
        self.assertBroken(docs, "no ScheduledBackup")

    def test_datastore_not_verified(self):
        docs = render(self.india)
        url = env(hub(docs)[1], "SPRING_DATASOURCE_URL")
        url["value"] = url["value"].replace("sslmode=verify-full", "sslmode=require")
        self.assertBroken(docs, "does not verify the server (sslmode=verify-full)")

    def test_hub_container_sees_the_owner_secret(self):
        for overlay in (self.india, self.singapore):
            docs = render(overlay)
            migrate = hub(docs)[0]["spec"]["template"]["spec"]["initContainers"][0]
            owner = env(migrate, "SPRING_FLYWAY_PASSWORD")["valueFrom"]["secretKeyRef"]["name"]
            env(hub(docs)[1], "SPRING_DATASOURCE_PASSWORD")["valueFrom"]["secretKeyRef"]["name"] = owner
            self.assertBroken(docs, f"the hub container can read the owner's Secret {owner}", overlay=overlay)

    def test_hub_container_holds_flyway_credentials(self):
        docs = render(self.india)
        hub(docs)[1]["env"].append({"name": "SPRING_FLYWAY_USER", "value": "hub"})
        self.assertBroken(docs, "the hub container sets SPRING_FLYWAY_USER")

    def test_no_migrate_container(self):
        docs = render(self.singapore)
        del hub(docs)[0]["spec"]["template"]["spec"]["initContainers"]
        self.assertBroken(docs, "no container migrates the schema as its owner", overlay=self.singapore)

    def test_external_datastore_without_its_secret(self):
        docs = [d for d in render(self.singapore) if d["kind"] != "ExternalSecret"]
        self.assertBroken(docs, "Secret payment-hub-datastore, which no ExternalSecret provides", overlay=self.singapore)

    # the prod profile
    def test_hub_not_on_the_prod_profile(self):
        docs = render(self.india)
        container = hub(docs)[1]
        container["env"] = [e for e in container["env"] if e["name"] != "SPRING_PROFILES_ACTIVE"]
        self.assertBroken(docs, "container hub: SPRING_PROFILES_ACTIVE is '', not the prod profile")

    def test_migrations_not_on_the_prod_profile(self):
        docs = render(self.india)
        migrate = hub(docs)[0]["spec"]["template"]["spec"]["initContainers"][0]
        env(migrate, "SPRING_PROFILES_ACTIVE")["value"] = "default"
        self.assertBroken(docs, "container migrate: SPRING_PROFILES_ACTIVE is 'default', not the prod profile")

    # no plain text
    def test_https_turned_off_in_the_config(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-config")["data"]["application.yaml"] += "\nserver:\n  ssl:\n    enabled: false\n"
        self.assertBroken(docs, "server.ssl.enabled is false (config): the hub's port would serve")

    def test_iso8583_tls_turned_off_by_the_environment(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_SOURCES_ISO8583_TLS_ENABLED"] = "false"
        self.assertBroken(docs, "hub.sources.iso8583.tls.enabled is false (env HUB_SOURCES_ISO8583_TLS_ENABLED)")

    def test_the_prod_profile_wins_over_the_config_maps_application_yaml(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-config")["data"]["application.yaml"] += \
            "\ncamel:\n  component:\n    kafka:\n      security-protocol: PLAINTEXT\n"
        self.assertEqual([], self.problems(docs))

    def test_iso8583_without_client_certificates(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_SOURCES_ISO8583_TLS_CLIENT_AUTH"] = "want"
        self.assertBroken(docs, "hub.sources.iso8583.tls.client-auth is want (env HUB_SOURCES_ISO8583_TLS_CLIENT_AUTH), not need")

    def test_kafka_in_plain_text_in_the_config_maps_prod_file(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-config")["data"]["application-prod.yaml"] = \
            "camel:\n  component:\n    kafka:\n      security-protocol: SASL_PLAINTEXT\n"
        self.assertBroken(docs, "camel.component.kafka.security-protocol is SASL_PLAINTEXT (config), not SSL or SASL_SSL")

    def test_external_datastore_not_verified(self):
        docs = render(self.singapore)
        template = find(docs, "ExternalSecret", "payment-hub-datastore")["spec"]["target"]["template"]["data"]
        template["jdbc-url"] = template["jdbc-url"].replace("sslmode=verify-full", "sslmode=require")
        self.assertBroken(docs, "container hub: the datastore URL has sslmode=require, not verify-full", overlay=self.singapore)

    def test_aws_endpoint_over_http(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_SOURCES_S3_ENDPOINT"] = "http://s3.ap-south-1.amazonaws.com"
        self.assertBroken(docs, "hub.sources.s3.endpoint is http://s3.ap-south-1.amazonaws.com (env HUB_SOURCES_S3_ENDPOINT): "
                                "AWS is reached over HTTPS only")

    # HTTPS health checks
    def test_probe_over_http(self):
        docs = render(self.india)
        hub(docs)[1]["readinessProbe"]["httpGet"]["scheme"] = "HTTP"
        self.assertBroken(docs, "readinessProbe uses scheme HTTP, not HTTPS")

    def test_nlb_health_check_over_http(self):
        docs = render(self.india)
        annotations = find(docs, "Service", "payment-hub-iso8583")["metadata"]["annotations"]
        annotations["service.beta.kubernetes.io/aws-load-balancer-healthcheck-protocol"] = "HTTP"
        self.assertBroken(docs, "Service/payment-hub-iso8583: the load balancer's health check protocol is HTTP, not HTTPS")

    def test_alb_backend_over_http(self):
        docs = render(self.india)
        del find(docs, "Ingress", "payment-hub-ops")["metadata"]["annotations"]["alb.ingress.kubernetes.io/backend-protocol"]
        self.assertBroken(docs, "Ingress/payment-hub-ops: alb.ingress.kubernetes.io/backend-protocol is HTTP, not HTTPS")

    # sign-in
    def test_issuer_not_https(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_SECURITY_OIDC_ISSUER_URI"] = "http://login.examplebank.internal/realms/payments"
        self.assertBroken(docs, "the OIDC issuer HUB_SECURITY_OIDC_ISSUER_URI is 'http://login.examplebank.internal/realms/payments', "
                                "not an https URL")

    def test_no_audience(self):
        docs = render(self.india)
        del find(docs, "ConfigMap", "payment-hub-region")["data"]["HUB_SECURITY_OIDC_AUDIENCES"]
        self.assertBroken(docs, "the OIDC audience HUB_SECURITY_OIDC_AUDIENCES is not set")

    # forwarded headers
    def test_no_trusted_proxy_behind_the_alb(self):
        docs = render(self.india)
        del find(docs, "ConfigMap", "payment-hub-region")["data"]["SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"]
        self.assertBroken(docs, "an Ingress routes to the hub but server.tomcat.remoteip.internal-proxies is empty")

    def test_proxies_trusting_all_of_ten(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"] = r"10\.\d{1,3}\.\d{1,3}\.\d{1,3}"
        self.assertBroken(docs, r"server.tomcat.remoteip.internal-proxies '10\.\d{1,3}\.\d{1,3}\.\d{1,3}' "
                                "(env SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES) trusts X-Forwarded-For from 10.0.0.0, 10.0.0.1")

    def test_proxies_trusting_a_subnet_next_to_the_albs(self):
        docs = render(self.india)
        find(docs, "ConfigMap", "payment-hub-region")["data"]["SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"] = r"10\.20\.[4-6]\.\d{1,3}"
        self.assertBroken(docs, "trusts X-Forwarded-For from 10.20.6.0, 10.20.6.1, outside every range the NetworkPolicies let in to port 8080")

    def test_proxies_in_the_config_trusting_everyone(self):
        docs = render(self.singapore)
        del find(docs, "ConfigMap", "payment-hub-region")["data"]["SERVER_TOMCAT_REMOTEIP_INTERNAL_PROXIES"]
        find(docs, "ConfigMap", "payment-hub-config")["data"]["application.yaml"] += \
            "\nserver:\n  tomcat:\n    remoteip:\n      internal-proxies: \".*\"\n"
        self.assertBroken(docs, "internal-proxies '.*' (config) trusts X-Forwarded-For from 10.0.0.0", overlay=self.singapore)

    # network ranges and the monitoring port
    def test_ingress_range_broader_than_a_16(self):
        docs = render(self.india)
        find(docs, "NetworkPolicy", "payment-hub-ops-ingress")["spec"]["ingress"][0]["from"][0]["ipBlock"]["cidr"] = "10.0.0.0/8"
        self.assertBroken(docs, "NetworkPolicy/payment-hub-ops-ingress: an ingress rule lets in 10.0.0.0/8, broader than /16")

    def test_ingress_from_everywhere_on_one_port(self):
        docs = render(self.india)
        find(docs, "NetworkPolicy", "payment-hub-iso8583-ingress")["spec"]["ingress"][0]["from"].append({"ipBlock": {"cidr": "0.0.0.0/0"}})
        self.assertBroken(docs, "an ingress rule lets in 0.0.0.0/0, broader than /16")

    def test_alb_open_to_a_broad_range(self):
        docs = render(self.india)
        find(docs, "Ingress", "payment-hub-ops")["metadata"]["annotations"]["alb.ingress.kubernetes.io/inbound-cidrs"] = "10.20.96.0/22,10.0.0.0/8"
        self.assertBroken(docs, "alb.ingress.kubernetes.io/inbound-cidrs 10.0.0.0/8 is broader than /16")

    def test_monitoring_port_open_to_the_load_balancers(self):
        docs = render(self.india)
        find(docs, "NetworkPolicy", "payment-hub-ops-ingress")["spec"]["ingress"][0]["ports"].append({"protocol": "TCP", "port": 9464})
        self.assertBroken(docs, "NetworkPolicy/payment-hub-ops-ingress: lets in to the monitoring port 9464 more than the monitoring namespace")

    def test_monitoring_namespace_on_the_hubs_port(self):
        docs = render(self.india)
        find(docs, "NetworkPolicy", "payment-hub-ingress")["spec"]["ingress"][0]["ports"].append({"protocol": "TCP", "port": 8080})
        self.assertBroken(docs, "NetworkPolicy/payment-hub-ingress: lets the monitoring namespace in to 8080: only to the monitoring port 9464")

    def test_monitoring_port_not_let_in(self):
        docs = [d for d in render(self.india) if d["metadata"]["name"] != "payment-hub-ingress"]
        self.assertBroken(docs, "no NetworkPolicy lets the monitoring namespace in to the monitoring port 9464")

    # the TLS stores
    def test_keystore_mounted_elsewhere(self):
        docs = render(self.india)
        next(m for m in hub(docs)[1]["volumeMounts"] if m["name"] == "tls-http")["mountPath"] = "/etc/hub/tls/web"
        self.assertBroken(docs, "server.ssl.key-store /etc/hub/tls/http/keystore.p12 is not in a mounted Secret of a cert-manager Certificate")

    def test_truststore_not_projected(self):
        docs = render(self.india)
        volume = next(v for v in hub(docs)[0]["spec"]["template"]["spec"]["volumes"] if v["name"] == "tls-iso8583")
        volume["secret"]["items"] = [i for i in volume["secret"]["items"] if i["key"] != "truststore.p12"]
        self.assertBroken(docs, "hub.sources.iso8583.tls.truststore /etc/hub/tls/iso8583/truststore.p12: the volume tls-iso8583 "
                                "does not project truststore.p12")

    def test_store_password_from_another_secret(self):
        docs = render(self.india)
        env(hub(docs)[1], "SERVER_SSL_KEY_STORE_PASSWORD")["valueFrom"]["secretKeyRef"] = {"name": "payment-hub-keys", "key": "pan-key"}
        self.assertBroken(docs, "SERVER_SSL_KEY_STORE_PASSWORD is not taken from the Secret payment-hub-tls-password key password")

    def test_store_password_not_from_the_secret_store(self):
        docs = [d for d in render(self.singapore) if d["metadata"]["name"] != "payment-hub-tls-password"]
        self.assertBroken(docs, "its store password Secret payment-hub-tls-password is provided by no ExternalSecret",
                          overlay=self.singapore)

    # the image definition
    def copy_of_repo_with(self, file, replace, by):
        repo = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, repo)
        for name in ("Dockerfile", ".dockerignore"):
            shutil.copy(os.path.join(REPO, name), repo)
        shutil.copytree(os.path.join(REPO, "config"), os.path.join(repo, "config"))
        shutil.copytree(os.path.join(REPO, "routes"), os.path.join(repo, "routes"))
        shutil.copytree(os.path.join(REPO, "monitoring"), os.path.join(repo, "monitoring"))
        path = os.path.join(repo, file)
        text = open(path, encoding="utf-8").read()
        self.assertIn(replace, text)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text.replace(replace, by))
        return repo

    def test_base_image_not_pinned(self):
        repo = self.copy_of_repo_with("Dockerfile", "@sha256:" + "0" * 64, "")
        self.assertBroken(render(self.india), "the base image is not pinned by digest", repo=repo)

    def test_image_runs_as_root(self):
        repo = self.copy_of_repo_with("Dockerfile", "USER 10001:10001", "USER root")
        self.assertBroken(render(self.india), "does not switch to a numeric non-root USER", repo=repo)

    def test_local_profile_in_the_image(self):
        repo = self.copy_of_repo_with(".dockerignore", "config/application-local*.yaml", "")
        self.assertBroken(render(self.india), "config/application-local*.yaml (fixed users) would ship", repo=repo)

    # alert rules
    def test_no_prometheus_rule(self):
        docs = [d for d in render(self.india) if d["kind"] != "PrometheusRule"]
        self.assertBroken(docs, "no PrometheusRule payment-hub: the hub's alert rules would not be loaded")

    def test_prometheus_rule_edited_by_hand(self):
        docs = render(self.india)
        rule = find(docs, "PrometheusRule", "payment-hub")["spec"]["groups"][0]["rules"][0]
        rule["expr"] = "vector(0) > 1"
        self.assertBroken(docs, f"its groups differ from monitoring/prometheus-rules.yaml ({rule['alert']}): "
                                "run k8s/write_prometheusrule.py")

    def test_rules_changed_without_writing_the_prometheus_rule(self):
        repo = self.copy_of_repo_with(os.path.join("monitoring", "prometheus-rules.yaml"),
                                      "hub_datastore_circuit_open_seconds > 300", "hub_datastore_circuit_open_seconds > 600")
        self.assertBroken(render(self.india), "(HubDatastoreCircuitOpen): run k8s/write_prometheusrule.py", repo=repo)

    def test_the_prometheus_rule_is_what_the_writer_writes(self):
        written = subprocess.run([sys.executable, os.path.join(HERE, "write_prometheusrule.py"), "--stdout"],
                                 check=True, capture_output=True, text=True).stdout
        with open(os.path.join(HERE, "base", "prometheusrule.yaml"), encoding="utf-8") as f:
            self.assertEqual(written, f.read())


class CheckScript(unittest.TestCase):
    """k8s/check.sh end to end: renders overlays with kubectl and fails, with the reason, on a broken one."""

    def run_check(self, *overlays):
        return subprocess.run([os.path.join(HERE, "check.sh"), *overlays], capture_output=True, text=True)

    def overlay_on(self, real, kustomization_extra, files=None):
        """A new overlay directory named like the real one, built on it with kustomization_extra added."""
        parent = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, parent)
        directory = os.path.join(parent, os.path.basename(real))
        os.makedirs(directory)
        for path, text in (files or {}).items():
            os.makedirs(os.path.dirname(os.path.join(directory, path)), exist_ok=True)
            with open(os.path.join(directory, path), "w", encoding="utf-8") as f:
                f.write(text)
        with open(os.path.join(directory, "kustomization.yaml"), "w", encoding="utf-8") as f:
            f.write("apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\n"
                    f"resources:\n  - {os.path.relpath(real, directory)}\n" + kustomization_extra)
        return directory

    def test_every_overlay_passes(self):
        result = self.run_check()
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)
        for overlay in OVERLAYS:
            self.assertIn(f"ok   {os.path.basename(overlay)}", result.stdout)

    def test_a_broken_rule_fails_with_its_reason(self):
        broken = self.overlay_on(Rules.india, """patches:
  - target:
      kind: Deployment
      name: payment-hub
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/securityContext/readOnlyRootFilesystem
        value: false
""")
        result = self.run_check(broken)
        self.assertEqual(1, result.returncode, result.stdout + result.stderr)
        self.assertIn("FAIL ap-south-1: Deployment/payment-hub: container hub: readOnlyRootFilesystem is not true",
                      result.stdout)

    def test_a_route_file_not_listed_fails(self):
        route = "- route:\n    id: ingest-kafka-partner\n    from:\n      uri: direct:partner\n      steps: []\n"
        broken = self.overlay_on(Rules.india, "", files={"routes/ingest-kafka-partner.camel.yaml": route})
        result = self.run_check(broken)
        self.assertEqual(1, result.returncode, result.stdout + result.stderr)
        self.assertIn("ingest-kafka-partner.camel.yaml is not listed in its kustomization's payment-hub-routes", result.stdout)

    def test_a_listed_route_passes(self):
        route = "- route:\n    id: ingest-kafka-partner\n    from:\n      uri: direct:partner\n      steps: []\n"
        extra = "configMapGenerator:\n  - name: payment-hub-routes\n    behavior: merge\n    files:\n" \
                "      - routes/ingest-kafka-partner.camel.yaml\n"
        overlay = self.overlay_on(Rules.india, extra, files={"routes/ingest-kafka-partner.camel.yaml": route})
        result = self.run_check(overlay)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)

    def test_a_listed_feed_made_from_a_template_passes(self):
        feed = "- templatedRoute:\n    routeTemplateRef: kafka-feed\n    routeId: ingest-kafka-deccan-bank\n" \
               "    parameters:\n      - name: topic\n        value: deccan-bank.payments\n"
        extra = "configMapGenerator:\n  - name: payment-hub-routes\n    behavior: merge\n    files:\n" \
                "      - routes/ingest-kafka-deccan-bank.camel.yaml\n"
        overlay = self.overlay_on(Rules.india, extra, files={"routes/ingest-kafka-deccan-bank.camel.yaml": feed})
        result = self.run_check(overlay)
        self.assertEqual(0, result.returncode, result.stdout + result.stderr)

    def test_an_overlay_that_does_not_render_fails(self):
        broken = self.overlay_on(Rules.india, "components:\n  - ../no-such-component\n")
        result = self.run_check(broken)
        self.assertEqual(1, result.returncode, result.stdout + result.stderr)
        self.assertIn("FAIL ap-south-1: does not render", result.stdout)


if __name__ == "__main__":
    runner = unittest.TextTestRunner(verbosity=1)
    result = runner.run(unittest.defaultTestLoader.loadTestsFromModule(sys.modules[__name__]))
    failed = len(result.failures) + len(result.errors)
    print(f"{result.testsRun - failed} passed, {failed} failed")
    sys.exit(0 if result.wasSuccessful() else 1)
