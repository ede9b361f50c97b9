"""pip-audit over the installed dependencies, saying how many it could check.

Fails when any audited dependency has a known vulnerability. Where the vulnerability service
cannot be reached (a mirror without PyPI's per-version pages, say), pip-audit skips each
dependency: this says so plainly instead of reporting a clean result it did not reach.
"""

import json
import subprocess
import sys
from pathlib import Path

PIP_AUDIT = Path(sys.executable).with_name("pip-audit")


def main() -> int:
    result = subprocess.run(  # noqa: S603 (a fixed command beside this Python)
        [PIP_AUDIT, "--progress-spinner", "off", "--skip-editable", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(result.stdout + result.stderr, file=sys.stderr)
        return result.returncode or 1
    dependencies = report["dependencies"]
    skipped = [d for d in dependencies if "skip_reason" in d]
    vulnerable = [d for d in dependencies if d.get("vulns")]
    for dependency in vulnerable:
        ids = ", ".join(v["id"] for v in dependency["vulns"])
        print(f"{dependency['name']} {dependency['version']}: {ids}", file=sys.stderr)
    audited = len(dependencies) - len(skipped)
    print(f"pip-audit: {audited} of {len(dependencies)} dependencies audited, "
          f"{len(vulnerable)} with known vulnerabilities.")  # fmt: skip
    if skipped:
        example = skipped[0]["skip_reason"]
        print(f"pip-audit: {len(skipped)} could not be audited here (the vulnerability service "
              f"did not answer for them), e.g. {example}", file=sys.stderr)  # fmt: skip
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
