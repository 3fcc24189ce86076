/**
 * Parsing and analysing never throw or hang, whatever the text: a fixed-seed run over mutated copies of a realistic
 * configuration (deleted ranges, inserted HCL punctuation, duplicated and swapped lines, truncation).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { terraformAdapter } from '../../../src/engine/formats/terraform/adapter';
import { SourceText } from '../../../src/engine/model/span';
import { seededRandom } from '../../helpers/random';
import { workspaceWith } from './helpers';

const SAMPLE = `terraform {
  required_providers {
    azurerm = { source = "hashicorp/azurerm", version = "~> 4.0" }
  }
}

variable "location" {
  type    = string
  default = "eastus"
  validation {
    condition     = contains(["eastus", "westus2"], var.location)
    error_message = "Only US regions."
  }
}

locals {
  regions = { primary = var.location, secondary = "westus2" }
  name    = "\${lower(var.prefix)}-sa"
  heredoc = <<-EOT
    hello \${var.location}
  EOT
}

resource "azurerm_resource_group" "rg" {
  name     = "rg-\${local.name}"
  location = var.location
}

resource "azurerm_storage_account" "sa" {
  for_each                 = local.regions
  name                     = "sa\${each.key}"
  resource_group_name      = azurerm_resource_group.rg.name
  location                 = each.value
  account_tier             = "Standard"
  account_replication_type = each.key == "primary" ? "GRS" : "LRS"
  min_tls_version          = "TLS1_2"
  network_rules {
    default_action = "Deny"
    ip_rules       = [for ip in ["1.2.3.4"] : ip]
  }
  dynamic "blob_properties" {
    for_each = [1]
    content {
      versioning_enabled = true
    }
  }
  tags = merge({ env = "prod" }, { owner = "x" })
}

module "net" {
  source   = "./modules/net"
  location = lookup(local.regions, "primary", "eastus")
}

resource "azapi_resource" "acct" {
  type      = "Microsoft.Storage/storageAccounts@2023-01-01"
  name      = "acct"
  parent_id = azurerm_resource_group.rg.id
  location  = "eastus"
  body = jsonencode({
    kind = "StorageV2"
    sku  = { name = "Standard_LRS" }
  })
}

output "id" {
  value = azurerm_resource_group.rg.id
}
`;

const PUNCTUATION = ['"', '{', '}', '[', ']', '(', ')', '=', ',', '.', '${', '%{', '#', '//', '/*', '\n', '<<EOT', '<<-', '?', ':', '\\', '\r\n', '\u00e9', '\ud83d\ude00', '=>', '...'];

function mutate(text: string, random: () => number): string {
  const pick = (n: number) => Math.floor(random() * n);
  const ops = 1 + pick(4);
  for (let i = 0; i < ops; i++) {
    const at = pick(text.length + 1);
    switch (pick(6)) {
      case 0:
        text = text.slice(0, at) + text.slice(at + 1 + pick(40));
        break;
      case 1:
      case 2:
        text = text.slice(0, at) + PUNCTUATION[pick(PUNCTUATION.length)] + text.slice(at);
        break;
      case 3: {
        const lines = text.split('\n');
        const l = pick(lines.length);
        lines.splice(pick(lines.length), 0, lines[l]);
        text = lines.join('\n');
        break;
      }
      case 4: {
        const lines = text.split('\n');
        const a = pick(lines.length);
        const b = pick(lines.length);
        [lines[a], lines[b]] = [lines[b], lines[a]];
        text = lines.join('\n');
        break;
      }
      default:
        text = text.slice(0, at);
    }
  }
  return text;
}

test('parsing mutated configurations never throws or hangs', async () => {
  await terraformAdapter.init!();
  const random = seededRandom(20240611);
  let slowest = 0;
  for (let i = 0; i < 400; i++) {
    const text = mutate(SAMPLE, random);
    // The same URI each time exercises the incremental path; a fresh one the full parse.
    for (const uri of ['file:///fuzz/main.tf', `file:///fuzz/${i}.tf`]) {
      const started = performance.now();
      const doc = terraformAdapter.parse(new SourceText(uri, text));
      slowest = Math.max(slowest, performance.now() - started);
      assert.ok(doc, `mutation ${i} gives a document`);
      for (const p of doc.problems) assert.ok(p.span.start >= 0 && p.span.end <= text.length, `mutation ${i}: problem inside the text`);
    }
  }
  assert.ok(slowest < 2000, `the slowest parse took ${slowest.toFixed(0)} ms`);
});

test('analysing mutated configurations never throws', async () => {
  const random = seededRandom(7);
  for (let i = 0; i < 60; i++) {
    const ws = await workspaceWith({ 'fuzz/main.tf': mutate(SAMPLE, random), 'fuzz/modules/net/main.tf': mutate('variable "location" {}\nresource "azurerm_virtual_network" "v" {\n  location = var.location\n}\n', random) });
    const result = ws.analyze({ policy: { profile: 'us-only' } });
    assert.ok(Array.isArray(result.findings));
    assert.ok(!result.findings.some((f) => /could not evaluate/.test(f.message)), `mutation ${i}: the evaluator did not fail`);
  }
});
