/**
 * The one test suite every transport runs (STYLE.md: a shared suite per interface).
 * Each transport's test file says how to start a server on it and how a client
 * connects; the scenarios are the same for all: the calculator example served by
 * `runMain` in a real process, then the fixture server for the protocol features.
 */
import { describe } from "vitest";
import { calculatorScenarios } from "./calculator-scenarios.js";
import { fixtureScenarios } from "./fixture-scenarios.js";
import type { TransportTarget } from "./suite-client.js";

export type { ServedEndpoint, TransportTarget } from "./suite-client.js";

/** Runs every scenario against one transport. */
export function transportSuite(target: TransportTarget): void {
  describe(`${target.name}: examples/calculator`, () => calculatorScenarios(target));
  describe(`${target.name}: fixture server`, () => fixtureScenarios(target));
}
