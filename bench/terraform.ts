/**
 * Terraform analysis speed: a 5,000-line .tf file analysed from scratch (after warm-up), and re-analysed after a
 * one-character edit (tree-sitter's incremental re-parse, unchanged blocks reused).
 *
 *   npm run bench:terraform [-- --lines 5000 --runs 20]
 *
 * Targets: under 30 ms for the whole file, under 10 ms after an edit. Prints the median and the 90th percentile.
 */
import { cpus, loadavg } from 'node:os';
import { ADAPTERS } from '../src/engine/formats';
import { Workspace } from '../src/engine/workspace/workspace';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
}

const LINES = option('lines', 5000);
const RUNS = option('runs', 20) & ~1;
const REGIONS = ['eastus', 'eastus2', 'westus2', 'centralus', 'usgovvirginia'];

/** A module-sized configuration: variables, locals and a realistic mix of resources, about `lines` lines long. */
function configuration(lines: number, seed: number): string {
  const out: string[] = [
    'terraform {',
    '  required_providers {',
    '    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }',
    '  }',
    '}',
    '',
    'variable "location" {',
    '  type    = string',
    `  default = "${REGIONS[seed % REGIONS.length]}"`,
    '  validation {',
    '    condition     = contains(["eastus", "eastus2", "westus2"], var.location)',
    '    error_message = "US regions only."',
    '  }',
    '}',
    '',
    'locals {',
    '  prefix = "itar"',
    '  tags   = { owner = "platform", env = "prod" }',
    '}',
    '',
  ];
  for (let i = 0; out.length < lines; i++) {
    const region = REGIONS[(i + seed) % REGIONS.length];
    out.push(
      `resource "azurerm_resource_group" "rg${i}" {`,
      `  name     = "\${local.prefix}-rg-${i}"`,
      `  location = "${region}"`,
      '  tags     = local.tags',
      '}',
      '',
      `resource "azurerm_storage_account" "sa${i}" {`,
      `  name                     = "\${local.prefix}sa${i}"`,
      `  resource_group_name      = azurerm_resource_group.rg${i}.name`,
      `  location                 = azurerm_resource_group.rg${i}.location`,
      '  account_tier             = "Standard"',
      `  account_replication_type = "${i % 3 ? 'LRS' : 'GRS'}"`,
      '  min_tls_version          = "TLS1_2"',
      '  network_rules {',
      '    default_action = "Deny"',
      '    ip_rules       = ["203.0.113.0/24"]',
      '  }',
      '  tags = merge(local.tags, { index = "' + i + '" })',
      '}',
      '',
      `resource "azurerm_virtual_network" "vnet${i}" {`,
      `  name                = "vnet-${i}"`,
      '  location            = var.location',
      `  resource_group_name = azurerm_resource_group.rg${i}.name`,
      `  address_space       = ["10.${i % 250}.0.0/16"]`,
      '}',
      '',
      `resource "azurerm_linux_web_app" "app${i}" {`,
      `  name                = "app-${i}"`,
      `  location            = azurerm_resource_group.rg${i}.location`,
      `  resource_group_name = azurerm_resource_group.rg${i}.name`,
      '  service_plan_id     = "/subscriptions/0/resourceGroups/r/providers/Microsoft.Web/serverFarms/p"',
      '  https_only          = true',
      '  site_config {',
      '    minimum_tls_version = "1.2"',
      '  }',
      '}',
      '',
    );
  }
  return out.join('\n') + '\n';
}

function stats(times: number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return `median ${at(0.5).toFixed(1)} ms, p90 ${at(0.9).toFixed(1)} ms (${times.length} runs)`;
}

async function main(): Promise<void> {
  const policy = { profile: 'us-only' as const };
  const ready = new Workspace(ADAPTERS);
  await ready.ready();

  // Warm-up: the JIT and the wasm runtime, on other configurations of the same size.
  for (let i = 0; i < 5; i++) {
    const ws = new Workspace(ADAPTERS);
    ws.setText(`file:///bench/warm${i}/main.tf`, configuration(LINES, 100 + i));
    ws.analyze({ policy });
  }

  // A whole file, parsed and analysed from scratch each time (a new document each run).
  const full: number[] = [];
  let resources = 0;
  for (let i = 0; i < RUNS; i++) {
    const text = configuration(LINES, i);
    const ws = new Workspace(ADAPTERS);
    const started = performance.now();
    ws.setText(`file:///bench/full${i}/main.tf`, text);
    resources = ws.analyze({ policy }).resources.length;
    full.push(performance.now() - started);
  }

  // One document, edited one character at a time and re-analysed after each edit.
  const uri = 'file:///bench/edit/main.tf';
  let text = configuration(LINES, 7);
  const ws = new Workspace(ADAPTERS);
  ws.setText(uri, text);
  ws.analyze({ policy });
  const edits: number[] = [];
  for (let i = 0; i < 2 * RUNS; i++) {
    // Type one character at the start of a string somewhere in the file, then delete it; the first half warms up.
    const at = text.indexOf('= "', Math.floor(((Math.floor(i / 2) + 1) * text.length) / (RUNS + 2))) + 3;
    text = i % 2 ? text.slice(0, at) + text.slice(at + 1) : text.slice(0, at) + 'x' + text.slice(at);
    const started = performance.now();
    ws.setText(uri, text);
    ws.analyze({ policy });
    if (i >= RUNS) edits.push(performance.now() - started);
  }

  console.log(`Terraform, ${LINES} lines, ${resources} resources; load average ${loadavg()[0].toFixed(1)} on ${cpus().length} cores`);
  console.log(`  whole file from scratch: ${stats(full)}   (target < 30 ms)`);
  console.log(`  after a one-character edit: ${stats(edits)}   (target < 10 ms)`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
