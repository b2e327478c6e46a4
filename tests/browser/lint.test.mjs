// The Lint tab lints pasted text live with the same rules as the CLI and the editor.
import assert from "node:assert/strict";
import { test } from "node:test";
import { openPage } from "./harness.mjs";

test("Lint tab flags FROM nginx:latest at line 1 and updates as the text changes", async () => {
  const session = await openPage({ hash: "#lint" });
  const { page } = session;
  try {
    await page.locator("#panel-lint").waitFor({ state: "visible" });
    await page.fill("#lint-filename", "Dockerfile");
    await page.fill("#lint-input", "FROM nginx:latest\nUSER nginx\n");
    const finding = page.locator('#lint-findings li[data-rule="DL3007"]');
    await finding.waitFor({ timeout: 10_000 });
    assert.equal(await finding.getAttribute("data-line"), "1");
    assert.match(await finding.locator(".where").textContent(), /^1:\d+$/);

    // Pinning the tag makes the finding go away without any other action.
    await page.fill("#lint-input", "FROM nginx:1.27.3\nUSER nginx\n");
    await page.waitForFunction(() => !document.querySelector('#lint-findings li[data-rule="DL3007"]'), null, { timeout: 10_000 });

    // Kubernetes YAML goes to the Kubernetes rules.
    await page.fill("#lint-filename", "pod.yaml");
    await page.fill(
      "#lint-input",
      "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:latest\n      securityContext:\n        privileged: true\n",
    );
    await page.waitForFunction(
      () => [...document.querySelectorAll("#lint-findings li")].some((li) => li.dataset.rule.startsWith("LKK")),
      null,
      { timeout: 10_000 },
    );
    const rules = await page.locator("#lint-findings li").evaluateAll((items) => items.map((li) => li.dataset.rule));
    assert.ok(!rules.includes("DL3007"), `Dockerfile rules do not run on YAML: ${rules.join(", ")}`);

    assert.deepEqual(session.foreignRequests(), []);
    assert.deepEqual(session.consoleErrors, []);
  } finally {
    await session.close();
  }
});
