/**
 * Values the azurerm provider sends whatever the files say, as `data/azurerm.json` records them: a setting the
 * provider always sends is judged as sent, not as left to the service.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { adaptersReady, analyzeTexts, byRule } from '../helpers/workspace';

before(adaptersReady);

const cluster = (type: string, name: string, component: string) => `resource "${type}" "${name}" {
  name                = "${name}"
  resource_group_name = "itar"
  location            = "usgovvirginia"
  cluster_version     = "5.1"
  tier                = "Standard"
  tls_min_version     = "1.2"

  component_version {
    ${component} = "3.3"
  }
}
`;

test('HDInsight Spark and Interactive Query send encryption in transit off when unset; Kafka sends nothing', () => {
  const main = [
    cluster('azurerm_hdinsight_spark_cluster', 'spark', 'spark'),
    cluster('azurerm_hdinsight_interactive_query_cluster', 'hive', 'interactive_hive'),
    cluster('azurerm_hdinsight_kafka_cluster', 'kafka', 'kafka'),
  ].join('\n');
  const messages = byRule(analyzeTexts({ 'hdi/main.tf': main }), 'https-only').map((f) => f.message).sort();
  assert.deepEqual(messages, [
    "azurerm_hdinsight_interactive_query_cluster 'hive': unencrypted connections are allowed (encryption_in_transit_enabled is not set, so the provider sends false).",
    "azurerm_hdinsight_kafka_cluster 'kafka': unencrypted connections are allowed (encryption_in_transit_enabled is not set, so the service default applies).",
    "azurerm_hdinsight_spark_cluster 'spark': unencrypted connections are allowed (encryption_in_transit_enabled is not set, so the provider sends false).",
  ]);
});
