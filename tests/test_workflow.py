"""The deploy workflow: installs the project, builds strictly with the Pages address, uploads
output/ and deploys it. Read as GitHub reads it (YAML), so a broken edit fails here first."""

from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "pages.yml"


def test_workflow_builds_strictly_and_deploys_output_to_pages():
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run", "") for step in build]
    uses = [step.get("uses", "") for step in build]
    install = next(i for i, run in enumerate(runs) if "pip install ." in run)
    command = next(i for i, run in enumerate(runs) if run.startswith("briefing build"))
    upload = next(i for i, use in enumerate(uses) if use.startswith("actions/upload-pages-artifact@"))
    assert install < command < upload
    assert "--strict" in runs[command].split()
    assert '--base-url "${{ steps.pages.outputs.base_url }}/"' in runs[command]
    assert build[upload]["with"]["path"] == "output/"
    assert any(use.startswith("actions/configure-pages@") for use in uses)
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
