#!/usr/bin/env node
// Builds the small example image the page offers ("Scan the bundled example image") into
// web/public/examples/example.tar: an Alpine-like docker-archive with a few outdated
// packages, an npm dependency, a planted (fake) secret and a root user, so every results
// tab has something to show. A few KB; generated, not committed.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { dockerArchive } from "./image-tar.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "web", "public", "examples", "example.tar");

const apk = (name, version, origin, license) =>
  `C:Q1${Buffer.from(name).toString("base64").padEnd(27, "A")}=\nP:${name}\nV:${version}\nA:x86_64\nS:100000\nI:200000\nT:${name} package\nU:https://alpinelinux.org\nL:${license}\no:${origin}\nm:Alpine maintainers\nt:1680000000\nc:0000000000000000000000000000000000000000\n\n`;

const installed =
  apk("busybox", "1.36.0-r9", "busybox", "GPL-2.0-only") +
  apk("libcrypto3", "3.1.0-r4", "openssl", "Apache-2.0") +
  apk("libssl3", "3.1.0-r4", "openssl", "Apache-2.0") +
  apk("zlib", "1.2.13-r0", "zlib", "Zlib") +
  apk("musl", "1.2.4-r0", "musl", "MIT");

// Looks like a GitHub token to the secret rules; it is random and grants nothing.
const fakeToken = "ghp_" + "R8kq2VxW7mZ3pT9cLb4NfYh6Jd1Ss5Ge0Ua2";

const archive = dockerArchive({
  repoTag: "lookout/example:latest",
  config: { User: "", Env: ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "NODE_ENV=production"] },
  layers: [
    {
      createdBy: "/bin/sh -c #(nop) ADD file:alpine-minirootfs-3.18.0-x86_64.tar.gz in / ",
      files: [
        { name: "etc/" },
        { name: "etc/os-release", data: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.18.0\nPRETTY_NAME="Alpine Linux v3.18"\n' },
        { name: "etc/alpine-release", data: "3.18.0\n" },
        { name: "lib/" },
        { name: "lib/apk/" },
        { name: "lib/apk/db/" },
        { name: "lib/apk/db/installed", data: installed },
      ],
    },
    {
      createdBy: "COPY app /app # buildkit",
      files: [
        { name: "app/" },
        { name: "app/package.json", data: '{"name":"example-app","version":"1.0.0","dependencies":{"lodash":"4.17.15"}}\n' },
        { name: "app/node_modules/" },
        { name: "app/node_modules/lodash/" },
        { name: "app/node_modules/lodash/package.json", data: '{"name":"lodash","version":"4.17.15","license":"MIT"}\n' },
        { name: "app/.env", data: `PORT=8080\nGITHUB_TOKEN=${fakeToken}\n` },
      ],
    },
  ],
});

mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, archive);
console.log(`example image: ${OUT} (${archive.length} bytes)`);
