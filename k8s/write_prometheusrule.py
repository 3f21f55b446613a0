#!/usr/bin/env python3
"""Writes k8s/base/prometheusrule.yaml from monitoring/prometheus-rules.yaml: the same rule groups, word for word, as
a PrometheusRule for the Prometheus Operator. The rules file is the source; run this after changing it (check.sh fails
while the two differ). Needs Python 3.9+ only.

    python3 k8s/write_prometheusrule.py            writes the file
    python3 k8s/write_prometheusrule.py --stdout   prints what it would write
"""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
RULES = os.path.join(REPO, "monitoring", "prometheus-rules.yaml")
TARGET = os.path.join(HERE, "base", "prometheusrule.yaml")

HEADER = """\
# Written by k8s/write_prometheusrule.py from monitoring/prometheus-rules.yaml: change that file, then run the script
# (k8s/check.sh fails while the two differ). The hub's alert rules for the Prometheus Operator; what each alert means
# and what to do: docs/alerts.md. The Prometheus's ruleSelector and ruleNamespaceSelector must select this resource
# (k8s/README.md, "Alerts").
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: payment-hub
spec:
"""


def prometheus_rule(rules_text):
    """The rules file's text without its leading comment, indented under spec."""
    lines = rules_text.splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return HEADER + "".join(("  " + line if line.strip() else "") + "\n" for line in lines)


def main(argv):
    with open(RULES, encoding="utf-8") as f:
        written = prometheus_rule(f.read())
    if "--stdout" in argv:
        sys.stdout.write(written)
        return 0
    with open(TARGET, "w", encoding="utf-8") as f:
        f.write(written)
    print(f"wrote {os.path.relpath(TARGET, REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
