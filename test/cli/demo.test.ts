import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runCli } from "./run-cli.js";

describe("kindling demo", () => {
  it("tells the tutorial's story and writes the figures", () => {
    const cwd = mkdtempSync(join(tmpdir(), "kindling-demo-"));
    const r = runCli(["demo"], { cwd });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    // The tutorial's first five rows of make_circles(1000, noise=0.03, random_state=42).
    expect(r.stdout).toContain("[[ 0.7542,  0.2315]");
    expect(r.stdout).toMatch(/^Epoch: 0 \| Loss: /m);
    const acc = (label: string): number => {
      const m = new RegExp(`${label}\\s+([\\d.]+)%`).exec(r.stdout);
      if (!m) throw new Error(`no '${label}' line in:\n${r.stdout}`);
      return Number(m[1]);
    };
    expect(acc("linear model on circles:")).toBeLessThan(65);
    expect(acc("ReLU model on circles:")).toBeGreaterThan(70);
    expect(acc("multi-class on blobs:")).toBeGreaterThan(98);
    // Every file written is listed, the data figure's SVG too.
    expect(r.stdout).toContain("wrote kindling-out/circles-data.svg");
    expect(r.stdout).toContain("wrote kindling-out/circles-data.png");
    const files = readdirSync(join(cwd, "kindling-out"));
    for (const f of ["circles-data.png", "circles-relu-decision-boundary.png", "blobs-confusion-matrix.svg", "blobs-curves.png"]) {
      expect(files).toContain(f);
    }
  });
});
