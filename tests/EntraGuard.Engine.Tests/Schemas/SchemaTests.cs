using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.Json.Nodes;
using EntraGuard.Configuration;
using EntraGuard.Detection;
using EntraGuard.Posture;
using Json.Schema;
using YamlDotNet.Serialization;

namespace EntraGuard.Tests.Schemas
{
    /// <summary>
    /// The schemas under schemas/ say what the readers accept: the shipped files pass both, a broken file fails both
    /// (the reader naming file, line and field), and a key the reader knows cannot go missing from the schema.
    /// </summary>
    public sealed class SchemaTests : IDisposable
    {
        private readonly TestFiles _files = new();

        public void Dispose() => _files.Dispose();

        public static TheoryData<string> SchemaNames => new(SchemaFiles.Names);

        public static TheoryData<string, string> ShippedFiles
        {
            get
            {
                var files = new TheoryData<string, string>
                {
                    { SchemaFiles.Settings, "samples/settings.yaml" },
                    { SchemaFiles.Settings, "tests/checks/entraguard.example.yaml" },
                    { SchemaFiles.Settings, "tests/checks/tenants/entraguard.yaml" },
                    { SchemaFiles.Suppressions, "samples/suppressions.yaml" },
                };
                var rules = Path.Combine(TestFiles.RepositoryRoot, "src", "EntraGuard.Engine", "Rules");
                foreach (var rule in Directory.EnumerateFiles(rules, "*.yaml").OrderBy(f => f, StringComparer.Ordinal))
                {
                    files.Add(SchemaFiles.Rule, "src/EntraGuard.Engine/Rules/" + Path.GetFileName(rule));
                }
                return files;
            }
        }

        [Theory]
        [MemberData(nameof(SchemaNames))]
        public void Each_schema_is_valid_draft_2020_12_with_an_id_a_title_and_help_on_every_property(string name)
        {
            var document = SchemaFiles.Document(name);

            Assert.Empty(SchemaFiles.Errors(MetaSchemas.Draft202012, document));
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", (string?)document["$schema"]);
            Assert.Equal($"{SchemaFiles.BaseUri}{name}.schema.json", (string?)document["$id"]);
            Assert.False(string.IsNullOrWhiteSpace((string?)document["title"]));
            Assert.Empty(PropertiesWithoutHelp(document, document));
        }

        [Theory]
        [MemberData(nameof(ShippedFiles))]
        public void Each_shipped_file_passes_its_schema_and_its_reader(string schema, string relativePath)
        {
            var path = Path.Combine(TestFiles.RepositoryRoot, relativePath);
            var documents = SchemaFiles.YamlToJson(File.ReadAllText(path));

            Assert.NotEmpty(documents);
            foreach (var document in documents)
            {
                Assert.Empty(SchemaFiles.Errors(SchemaFiles.Load(schema), document));
            }
            Read(schema, path);
        }

        public static TheoryData<string, string, string, string> BrokenFiles =>
            new()
            {
                // schema, file text, where the schema objects (JSON pointer), the reader's message
                {
                    SchemaFiles.Settings,
                    "historyDays: 10\nhistroyDays: 12\n",
                    "/histroyDays",
                    "settings.yaml: line 2: field 'histroyDays': is not a known field; did you mean 'historyDays'? "
                        + "(known: rulePaths, suppressionPath, privilegedGroups, historyDays, journalPath, posture)"
                },
                {
                    SchemaFiles.Settings,
                    "historyDays: ten\n",
                    "/historyDays",
                    "settings.yaml: line 1: field 'historyDays': 'ten' is not a whole number from 1 to 3650"
                },
                {
                    SchemaFiles.Settings,
                    Settings("maxSecretLifetimeDay: 90"),
                    "/posture/maxSecretLifetimeDay",
                    "settings.yaml: line 3: field 'posture.maxSecretLifetimeDay': is not a known field; did you mean "
                        + "'maxSecretLifetimeDays'? (known: breakGlassAccounts, maxSecretLifetimeDays, "
                        + "minGlobalAdministrators, maxGlobalAdministrators, additionalPrivilegedRoles, "
                        + "signInRiskLevels, userRiskLevels, acceptedDeviations, severityOverrides, "
                        + "approvedPublicGroups)"
                },
                {
                    SchemaFiles.Settings,
                    Settings("maxSecretLifetimeDays: [90]"),
                    "/posture/maxSecretLifetimeDays",
                    "settings.yaml: line 3: field 'posture.maxSecretLifetimeDays': expected a text value, found a list"
                },
                {
                    SchemaFiles.Settings,
                    Settings("acceptedDeviations:\n    - check: EGP002\n      expires: 2027-06-30"),
                    "/posture/acceptedDeviations/0",
                    "settings.yaml: line 4: field 'posture.acceptedDeviations[0].justification': missing: say why the "
                        + "deviation is acceptable"
                },
                {
                    SchemaFiles.Settings,
                    Settings("signInRiskLevels: [high, severe]"),
                    "/posture/signInRiskLevels/1",
                    "settings.yaml: line 3: field 'posture.signInRiskLevels[1]': 'severe' is not a risk level "
                        + "(low, medium or high)"
                },
                {
                    SchemaFiles.Suppressions,
                    Suppression("acter: svc-keyrotation"),
                    "/suppressions/0/acter",
                    "suppressions.yaml: line 5: suppression #1: field 'acter': is not a known field"
                },
                {
                    SchemaFiles.Suppressions,
                    Suppression("actor: [svc-a, svc-b]"),
                    "/suppressions/0/actor",
                    "suppressions.yaml: line 5: suppression #1: field 'actor': expected a text value, found a list"
                },
                {
                    SchemaFiles.Suppressions,
                    Suppression("").Replace("    justification: Daily rotation.\n", ""),
                    "/suppressions/0",
                    "suppressions.yaml: line 2: suppression #1: field 'justification': is required"
                },
                {
                    SchemaFiles.Suppressions,
                    Suppression("").Replace("2027-12-31", "next year"),
                    "/suppressions/0/expires",
                    "suppressions.yaml: line 4: suppression #1: field 'expires': 'next year' is not a date "
                        + "(yyyy-MM-dd) or a date and time"
                },
                {
                    SchemaFiles.Rule,
                    Rule("targets: ServicePrincipal"),
                    "/targets",
                    "rule.yaml: line 20: rule FAB0001: field 'targets': is not a known field"
                },
                {
                    SchemaFiles.Rule,
                    Rule("").Replace("riskScore: 80", "riskScore: high"),
                    "/riskScore",
                    "rule.yaml: line 5: rule FAB0001: field 'riskScore': 'high' is not a whole number from 0 to 100"
                },
                {
                    SchemaFiles.Rule,
                    Rule("").Replace("investigation: [Ask the actor.]\n", ""),
                    "",
                    "rule.yaml: line 1: rule FAB0001: field 'investigation': is required"
                },
                {
                    SchemaFiles.Rule,
                    Rule("").Replace("severity: high", "severity: urgent"),
                    "/severity",
                    "rule.yaml: line 4: rule FAB0001: field 'severity': 'urgent' is not a severity "
                        + "(use informational, low, medium, high or critical)"
                },
                {
                    SchemaFiles.Rule,
                    Rule("").Replace("action: revokeCredential", "action: deleteTenant"),
                    "/response/action",
                    "rule.yaml: line 19: rule FAB0001: field 'response.action': 'deleteTenant' is not a response "
                        + "action (use revokeCredential, disableServicePrincipal, revokeUserSession, disableUser, "
                        + "restoreGroupMember, issueTemporaryAccessPass)"
                },
            };

        [Theory]
        [MemberData(nameof(BrokenFiles))]
        public void A_broken_file_fails_its_schema_there_and_its_reader_names_file_line_and_field(
            string schema,
            string text,
            string schemaLocation,
            string readerMessage
        )
        {
            var name = schema == SchemaFiles.Rule ? "rule.yaml" : schema + ".yaml";
            var path = _files.Write(name, text);
            var instance = SchemaFiles.YamlToJson(text).Single();

            var schemaErrors = SchemaFiles.Errors(SchemaFiles.Load(schema), instance);
            Assert.Contains(schemaErrors, error => error.StartsWith(schemaLocation + ": ", StringComparison.Ordinal));
            var error = Assert.ThrowsAny<ConfigFormatException>(() => Read(schema, path));
            Assert.StartsWith(readerMessage, error.Message.Replace(path, name));
        }

        [Fact]
        public void The_settings_schema_has_every_key_the_settings_reader_accepts_and_no_other()
        {
            var document = SchemaFiles.Document(SchemaFiles.Settings);
            var keys = typeof(EntraGuardSettings)
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is { IsPublic: true } && p.GetCustomAttribute<YamlIgnoreAttribute>() is null)
                .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name.Substring(1));

            AssertSameKeys(keys, document["properties"]);
            AssertSameKeys(PostureSettingsReader.Keys, document["$defs"]!["posture"]!["properties"]);
            AssertSameKeys(PostureSettingsReader.DeviationKeys, document["$defs"]!["acceptedDeviation"]!["properties"]);
        }

        [Fact]
        public void The_suppressions_schema_has_every_key_the_suppression_reader_accepts_and_no_other()
        {
            var keys = typeof(Suppression)
                .GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is not null)
                .Select(p => char.ToLowerInvariant(p.Name[0]) + p.Name.Substring(1));

            var schema = SchemaFiles.Document(SchemaFiles.Suppressions);
            AssertSameKeys(keys, schema["$defs"]!["suppression"]!["properties"]);
        }

        /// <summary>
        /// The rule reader keeps no list of its keys, so the schema is held to it from both sides by instances: every
        /// built-in rule passes the schema (above), and this file, which uses every key the schema declares, passes
        /// the reader.
        /// </summary>
        [Fact]
        public void A_rule_file_using_every_key_the_rule_schema_declares_passes_the_reader_and_the_schema()
        {
            var text = File.ReadAllText(
                Path.Combine(
                    TestFiles.RepositoryRoot,
                    "tests",
                    "EntraGuard.Engine.Tests",
                    "Schemas",
                    "every-rule-key.yaml"
                )
            );
            var instance = SchemaFiles.YamlToJson(text).Single();
            var declared = SchemaFiles.Document(SchemaFiles.Rule)["$defs"]!
                .AsObject()
                .Select(definition => definition.Value!["properties"])
                .OfType<JsonObject>()
                .SelectMany(properties => properties.Select(property => property.Key));

            Assert.Empty(SchemaFiles.Errors(SchemaFiles.Load(SchemaFiles.Rule), instance));
            Assert.Equal(4, RuleCatalog.Parse(text, "every-rule-key.yaml").Count);
            Assert.Empty(declared.Except(KeysIn(instance)));
        }

        private static void Read(string schema, string path)
        {
            switch (schema)
            {
                case SchemaFiles.Settings:
                    EntraGuardSettings.Load(path);
                    break;
                case SchemaFiles.Suppressions:
                    SuppressionSet.Load(path);
                    break;
                default:
                    RuleCatalog.Parse(File.ReadAllText(path), path);
                    break;
            }
        }

        private static string Settings(string postureLine) => $"historyDays: 10\nposture:\n  {postureLine}\n";

        private static string Suppression(string extraLine) =>
            "suppressions:\n  - ruleId: EG0001\n    justification: Daily rotation.\n    expires: 2027-12-31\n"
            + (extraLine.Length == 0 ? "" : $"    {extraLine}\n");

        private static string Rule(string extraLine) =>
            $"""
                id: FAB0001
                name: Credential added from outside the corporate network
                description: Any credential add from an address outside 10.0.0.0/8.
                severity: high
                riskScore: 80
                tactics: [TA0003]
                techniques: [T1098.001]
                match:
                  activities: [Add service principal credentials]
                  result: success
                  where:
                    - field: initiatedBy.ipAddress
                      cidr: [10.0.0.0/8]
                      not: true
                target: ServicePrincipal
                investigation: [Ask the actor.]
                falsePositives: [Administrators working from home without VPN.]
                response:
                  action: revokeCredential
                {extraLine}
                """;

        private static void AssertSameKeys(IEnumerable<string> readerKeys, JsonNode? schemaProperties) =>
            Assert.Equal(
                readerKeys.OrderBy(k => k, StringComparer.Ordinal),
                schemaProperties!.AsObject().Select(p => p.Key).OrderBy(k => k, StringComparer.Ordinal)
            );

        private static IEnumerable<string> KeysIn(JsonNode? node) =>
            node switch
            {
                JsonObject map => map.SelectMany(pair => KeysIn(pair.Value).Prepend(pair.Key)),
                JsonArray list => list.SelectMany(KeysIn),
                _ => Enumerable.Empty<string>(),
            };

        /// <summary>Properties of object schemas without a description, on themselves or where they refer.</summary>
        private static IEnumerable<string> PropertiesWithoutHelp(JsonNode? node, JsonObject root)
        {
            if (node is JsonArray list)
                return list.SelectMany(item => PropertiesWithoutHelp(item, root));
            if (node is not JsonObject map)
                return Enumerable.Empty<string>();
            var isObject = map["type"] is JsonValue type && type.ToString() == "object";
            var own =
                isObject && map["properties"] is JsonObject properties
                    ? properties
                        .Where(p => p.Value is JsonObject property && !HasHelp(property, root))
                        .Select(p => p.Key)
                    : Enumerable.Empty<string>();
            return own.Concat(map.SelectMany(pair => PropertiesWithoutHelp(pair.Value, root)));
        }

        private static bool HasHelp(JsonObject property, JsonObject root) =>
            property["description"] is not null
            || (
                (string?)property["$ref"] is { } reference
                && reference.StartsWith("#/$defs/", StringComparison.Ordinal)
                && root["$defs"]![reference.Substring("#/$defs/".Length)]!["description"] is not null
            );
    }
}
