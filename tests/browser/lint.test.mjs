// The Lint tab lints pasted text live with the same rules as the CLI and the editor.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { ROOT, cliBinary, dropFile, openPage } from "./harness.mjs";

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

test("a file dropped on the Lint tab gets the CLI's findings, line and column for line and column", async () => {
  const cli = cliBinary();
  assert.ok(cli, "needs the release CLI (LOOKOUT_BIN or target/release/lookout) to compare with");
  const session = await openPage({ hash: "#lint" });
  const { page, context } = session;
  // No lookout.toml above this folder: the CLI runs the default rules, as the page does.
  const outside = mkdtempSync(join(tmpdir(), "lookout-lint-cli-"));
  try {
    await page.locator("#panel-lint").waitFor({ state: "visible" });
    for (const [file, name] of [
      [join(ROOT, "examples", "Dockerfile"), "Dockerfile"],
      [join(ROOT, "examples", "deployment.yaml"), "deployment.yaml"],
    ]) {
      // Exit 1 means "findings at or above fail-on", which these files have.
      const run = spawnSync(cli, ["lint", "--format", "json", "--stdin-filename", name, "-"], { cwd: outside, input: readFileSync(file) });
      assert.ok(run.status === 0 || run.status === 1, `lookout lint failed: ${run.stderr}`);
      const native = JSON.parse(run.stdout.toString());
      const want = native.findings.map((f) => `${f.rule}@${f.line}:${f.column}`).sort();
      assert.ok(want.length > 0, `${name} has findings to compare`);
      await dropFile(page, context, "#lint-input", file);
      await page.waitForFunction((n) => document.querySelectorAll("#lint-findings li").length === n && document.getElementById("lint-filename").value !== "", want.length, { timeout: 10_000 });
      assert.equal(await page.inputValue("#lint-filename"), name);
      const got = await page
        .locator("#lint-findings li")
        .evaluateAll((items) => items.map((li) => `${li.dataset.rule}@${li.querySelector(".where").textContent}`));
      assert.deepEqual(got.sort(), want, `${name}: the page's findings are the CLI's`);
    }
    assert.deepEqual(session.consoleErrors, []);
  } finally {
    rmSync(outside, { recursive: true, force: true });
    await session.close();
  }
});
